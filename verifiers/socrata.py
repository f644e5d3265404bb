"""State licence datasets on Socrata open-data portals (licence kind): one generic
verifier, configured per dataset, and two built-in configurations.

Registry interface: the Socrata Open Data API (SODA), ``GET
https://<domain>/resource/<dataset id>.json?$where=...&$limit=...``, documented at
https://dev.socrata.com/docs/queries/ (``$where``, ``$limit``: default 1,000 rows),
https://dev.socrata.com/docs/datatypes/text (string literals in single quotes, a quote
inside one doubled; on 2.1 endpoints matching is case-sensitive) and
https://dev.socrata.com/docs/response-codes (200 with the rows; 400 for a malformed
query, with the reason in the body; 404 for an unknown dataset; 429 when throttled;
the optional ``X-App-Token`` header raises the throttling limit). The answer is a
JSON array of objects, one per row, keyed by the columns' API field names; a column
that is empty on a row is left out of its object. An error answer is a JSON object
with ``message`` and ``errorCode`` (or ``code``), reported with HTTP 400, and by one
public note with 200 as well: both are ERROR.
Format last checked: 2026-12-01.

A dataset is described by a `SocrataDataset`: its domain and id, the field names of
the columns read (`Columns`), its licence types (the value the dataset writes, the
level it allows, and the claimed types that name it), its status values and its
discipline values. Anything outside those tables is an ERROR for a person, never a
guess. The claim's number is put into the query only as a quoted SoQL literal (see
`soql_text`), after being cut down to its digits, so nothing a user writes can change
the query.

Built-in configurations (`CoDoraVerifier`, `WaDohVerifier`): the sources of every
value are in their tables below and in tests/fixtures/README.md.

- ``co-dora``: Colorado DORA, "Professional and Occupational Licenses in Colorado",
  data.colorado.gov dataset ``7s5z-vewr`` (nightly). Types: the behavioural-health
  rows of DORA's own type table (dataset ``349y-twqi``), saved by a third party on
  2026-09-09. Statuses: the values counted over the full dataset on 2026-09-09 (third
  party). One row per licence per discipline case; ``licensenumber`` recurs across
  types, so the query asks only for behavioural-health types.
- ``wa-doh``: Washington DOH, "Health Care Provider Credential Data", data.wa.gov
  dataset ``qxh8-f4bd`` (daily; DOH calls it a primary source for verification).
  ``credentialnumber`` reads ``<code>.<prefix>.<8 digits>`` (``MHC.LH.61321872``), and
  people quote ``LH61321872`` or the digits, so the query matches the number's last
  eight digits. Types: only those seen in real rows or counted live by a third party.
"""

from __future__ import annotations

import enum
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from verifiers.core import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
)
from verifiers.errors import ParseError, RegistryRefusedQuery
from verifiers.http import RegistryResponse, RegistrySession, looks_like_html
from verifiers.matching import licence_number_key, names_match

__all__ = [
    "CO_DORA",
    "WA_DOH",
    "CoDoraVerifier",
    "Columns",
    "Discipline",
    "LicenceType",
    "SocrataDataset",
    "SocrataRow",
    "SocrataVerifier",
    "WaDohVerifier",
    "parse_rows",
    "soql_text",
]

APP_TOKEN_ENV = "SOLACE_SOCRATA_APP_TOKEN"  # noqa: S105 (a variable name)
# A licence with this many rows (one per discipline case in Colorado) is unheard of;
# an answer that fills the page may have been cut, and is not judged.
ROW_LIMIT = 100
_SQUASH = re.compile(r"[^A-Z0-9]")
_DIGITS = re.compile(r"(\d+)\D*$")


class Discipline(enum.Enum):
    """What a discipline value says about a licence still in force."""

    NONE = "none"  # no public action
    RECORD = "record"  # a public record that does not limit practice
    # An action that limits practice while it runs (probation, suspension, a
    # stipulation whose terms the dataset does not give): once its completion date has
    # passed it is a record; otherwise a person reads the board's page.
    RESTRICTIVE = "restrictive"


@dataclass(frozen=True)
class LicenceType:
    """A licence type as a dataset writes it.

    `level` is None for a type this verifier knows but does not check (its level is
    not sourced): a claim of it goes to a person, and a row of it answers a claim of
    another type with MISMATCH.
    """

    value: str
    title: str
    level: Level | None = None
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Columns:
    """The API field names of the columns read. `case` and `completed` exist where a
    dataset has one row per discipline case (Colorado)."""

    number: str
    last_name: str
    first_name: str
    middle_name: str
    type: str
    status: str
    expiry: str
    discipline: str
    case: str | None = None
    completed: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class SocrataDataset:
    """Everything the generic verifier needs to know about one dataset.

    `number_match` is ``exact`` (the licence number column holds the number as people
    write it, without prefix) or ``suffix`` (it ends with ``.`` and the number's
    `number_width` last digits). `statuses` and `discipline` are keyed by the
    case-folded value; an empty discipline value means no action.
    """

    domain: str
    dataset_id: str
    registry_name: str
    board: str  # how summaries name the board
    lookup_page: str  # where a person checks by hand
    columns: Columns
    types: tuple[LicenceType, ...]
    statuses: Mapping[str, Status]
    discipline: Mapping[str, Discipline]
    number_match: str = "exact"
    number_width: int = 0
    date_formats: tuple[str, ...] = ("%Y-%m-%dT%H:%M:%S.%f",)
    by_value: Mapping[str, LicenceType] = field(init=False, repr=False, compare=False)
    by_claim: Mapping[str, LicenceType] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_value", {t.value: t for t in self.types})
        claims = {_claim_key(c): t for t in self.types for c in t.claims}
        object.__setattr__(self, "by_claim", claims)

    @property
    def resource_url(self) -> str:
        """The dataset's SODA endpoint."""
        return f"https://{self.domain}/resource/{self.dataset_id}.json"


def _claim_key(text: str) -> str:
    return _SQUASH.sub("", (text or "").upper().replace("&", "AND"))


def soql_text(value: str) -> str:
    """`value` as a SoQL string literal: in single quotes, a quote inside it doubled
    (dev.socrata.com, Text datatype)."""
    return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True)
class SocrataRow:
    """One row of a licence dataset: the columns read, as text ("" when absent)."""

    values: Mapping[str, str]
    raw: Mapping[str, Any]

    def get(self, column: str | None) -> str:
        """A column's text, "" when the row leaves it out."""
        return self.values.get(column, "") if column else ""


def _text(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ParseError(f"The dataset's {column} column held {value!r}, not text.")
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        return value["url"].strip()  # Socrata's URL type: {"url": ...}
    raise ParseError(f"The dataset's {column} column held a {type(value).__name__}, not text.")


def parse_rows(payload: RegistryResponse | bytes | str | Any, columns: Columns) -> list[SocrataRow]:
    """The rows of a SODA answer, each cut down to `columns`.

    Raises `RegistryRefusedQuery` for a Socrata error answer, and `ParseError` for
    anything that is not a list of rows carrying the number, type and status columns
    (a web page, cut-off JSON, a changed layout).
    """
    status = 200
    if isinstance(payload, RegistryResponse):
        status, payload = payload.status_code, payload.content
    if isinstance(payload, (bytes, str)):
        raw = payload.encode("utf-8", "replace") if isinstance(payload, str) else payload
        if looks_like_html(raw):
            raise ParseError(
                "The open-data portal answered with a web page instead of data (it may be "
                "down for maintenance); try again later.",
                evidence=raw[:500].decode("utf-8", "replace"),
            )
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise ParseError(
                f"The open-data portal's answer (HTTP {status}) was not valid JSON (cut off, "
                "or its format changed); try again later.",
                evidence=raw[:500].decode("utf-8", "replace"),
            ) from None
    if isinstance(payload, dict) and (
        "errorCode" in payload or "code" in payload or "message" in payload
    ):
        message = payload.get("message")
        code = payload.get("errorCode") or payload.get("code")
        raise RegistryRefusedQuery(
            f"The open-data portal refused the query (HTTP {status}): "
            f"{str(message)[:150] if message else 'no reason given'}"
            f"{f' [{str(code)[:60]}]' if code else ''}. The dataset's layout may have "
            "changed; the verifier needs checking.",
            evidence=json.dumps(payload, default=str)[:1000],
        )
    if status != 200:
        raise ParseError(f"The open-data portal answered HTTP {status} without an error message.")
    if not isinstance(payload, list):
        raise ParseError(
            "The open-data portal's answer was not a list of rows; its format may have changed."
        )
    wanted = {c for c in vars(columns).values() if c}
    rows = []
    for item in payload:
        if not isinstance(item, dict):
            raise ParseError("A row of the open-data portal's answer was not an object.")
        values = {c: _text(item.get(c), c) for c in wanted if c in item}
        for required in (columns.number, columns.type, columns.status):
            if not values.get(required):
                raise ParseError(
                    f"A row of the dataset had no {required}; the dataset's columns may have "
                    "changed and the verifier needs updating.",
                    evidence=json.dumps(item, default=str)[:500],
                )
        rows.append(SocrataRow(values, item))
    return rows


def _date(value: str, formats: tuple[str, ...]) -> date | None:
    for pattern in formats:
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Judgement:
    """What the rows say about a claim."""

    status: Status
    summary: str
    level: Level | None = None
    flags: frozenset[Flag] = frozenset()
    row: SocrataRow | None = None
    expires_on: date | None = None


class SocrataVerifier(RegistryVerifier):
    """Checks licences in a state's licence dataset on a Socrata portal.

    Subclasses set `dataset` (and the usual `name`, `jurisdictions`...); options:
    ``app_token`` (or the environment variable ``SOLACE_SOCRATA_APP_TOKEN``), sent
    as ``X-App-Token`` to be throttled less.
    """

    kind = Kind.LICENCE
    dataset: ClassVar[SocrataDataset]
    # Socrata throttles clients without an app token by address; one question
    # every half-second stays well inside it.
    default_requests_per_second = 2.0

    def __init__(
        self,
        base_url: str | None = None,
        session: RegistrySession | None = None,
        *,
        app_token: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__(base_url, session, **options)
        self.app_token = app_token or os.environ.get(APP_TOKEN_ENV) or None

    # -- the three steps ------------------------------------------------------------

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type this dataset's configuration does not check goes to a person
        (ERROR with ``manual_check``); a number without digits is a MISMATCH."""
        wanted = self.dataset.by_claim.get(_claim_key(query.licence_type))
        if wanted is None or wanted.level is None:
            checked = ", ".join(
                sorted({t.claims[0] for t in self.dataset.types if t.claims and t.level})
            )
            return self.result(
                Status.ERROR,
                f"{self.dataset.board} licences of the type {query.licence_type!r} are not "
                f"checked automatically (only {checked}); a person checks it at "
                f"{self.dataset.lookup_page}",
                registry_url=self.dataset.lookup_page,
                registry_details={
                    "manual_check": True,
                    "where": self.dataset.lookup_page,
                    "licence_type": query.licence_type,
                },
            )
        if not _DIGITS.search(query.number or ""):
            return self.result(
                Status.MISMATCH,
                f"{query.number!r} is not a {self.dataset.board} licence number (it has no "
                "digits); the registry was not asked.",
            )
        return None

    def fetch(self, query: LicenceQuery) -> RegistryResponse:
        """Ask the dataset for the rows of the claimed number among its known types."""
        headers = {"Accept": "application/json"}
        if self.app_token:
            headers["X-App-Token"] = self.app_token
        return self.client.get("", params=self.params(query), headers=headers, ok=(200, 400))

    @classmethod
    def parse(cls, payload: RegistryResponse) -> list[SocrataRow]:
        """The rows in the answer (see `parse_rows`)."""
        return parse_rows(payload, cls.dataset.columns)

    def decide(self, query: LicenceQuery, records: list[SocrataRow]) -> VerificationResult:
        """Judge the claim by the rows of its number."""
        asked = self.address("", self.params(query))
        judged = self.judge(query, records, datetime.now(UTC).date())
        row = judged.row
        return self.result(
            judged.status,
            judged.summary,
            registry_url=asked,
            registry_name=_display_name(row, self.dataset.columns) if row else None,
            registry_details=self._details(row, records) if row else {},
            expires_on=judged.expires_on,
            evidence=json.dumps([r.raw for r in records[:10]], default=str, indent=1),
            level=judged.level,
            flags=judged.flags,
        )

    # -- the query --------------------------------------------------------------------

    def params(self, query: LicenceQuery) -> dict[str, str]:
        """The SODA parameters: the number among the dataset's known types."""
        ds, cols = self.dataset, self.dataset.columns
        match = _DIGITS.search(query.number or "")
        digits = match.group(1) if match else ""
        if ds.number_match == "suffix":
            width = max(ds.number_width, len(digits))
            number = f"{cols.number} like {soql_text('%.' + digits.zfill(width))}"
        else:
            candidates = dict.fromkeys(c for c in (digits, digits.lstrip("0")) if c)
            number = f"{cols.number} in ({', '.join(soql_text(c) for c in candidates)})"
        types = ", ".join(soql_text(t.value) for t in ds.types)
        return {"$where": f"{number} AND {cols.type} in ({types})", "$limit": str(ROW_LIMIT)}

    # -- the decision -------------------------------------------------------------------

    def judge(self, query: LicenceQuery, rows: list[SocrataRow], today: date) -> Judgement:
        """The status of `query` given the rows the dataset returned, and why."""
        ds, cols = self.dataset, self.dataset.columns
        claim = ds.by_claim.get(_claim_key(query.licence_type))
        if claim is None or claim.level is None:
            return Judgement(Status.ERROR, f"{query.licence_type!r} is not checked here.")
        if len(rows) >= ROW_LIMIT:
            return Judgement(
                Status.ERROR,
                f"{ds.board} returned {len(rows)} rows for licence {query.number}, the most "
                "asked for; the answer may be cut, so a person checks it.",
            )
        number = licence_number_key(query.number)
        rows = [r for r in rows if licence_number_key(r.get(cols.number)) == number]
        if not rows:
            return Judgement(
                Status.NOT_FOUND,
                f"{ds.board} holds no licence {query.number} of the types it checks "
                f"({ds.registry_name}).",
            )
        for row in rows:
            if row.get(cols.type) not in ds.by_value:
                return Judgement(
                    Status.ERROR,
                    f"{ds.board} lists licence {query.number} with the type "
                    f"{row.get(cols.type)!r}, which the verifier does not know; a person "
                    "must read it.",
                )
        named = [r for r in rows if _row_names_match(query, r, cols)]
        if not named:
            return Judgement(
                Status.MISMATCH,
                f"{ds.board} licence {query.number} belongs to "
                f"{_display_name(rows[0], cols) or 'someone else'}, not this name.",
                row=rows[0],
                level=ds.by_value[rows[0].get(cols.type)].level,
            )
        mine = [r for r in named if r.get(cols.type) == claim.value]
        if not mine:
            held = ds.by_value[named[0].get(cols.type)]
            at = f" ({held.level.value})" if held.level else ""
            return Judgement(
                Status.MISMATCH,
                f"{ds.board} records licence {query.number} as {held.title}{at}, not the "
                f"{claim.title} claimed.",
                level=held.level,
                row=named[0],
            )
        return self._judge_licence(query, mine, claim, today)

    def _judge_licence(
        self, query: LicenceQuery, rows: list[SocrataRow], claim: LicenceType, today: date
    ) -> Judgement:
        ds, cols = self.dataset, self.dataset.columns
        row = rows[0]
        licence = f"{ds.board} licence {row.get(cols.number)} ({claim.title})"
        level = claim.level
        values = {r.get(cols.status) for r in rows}
        if len(values) > 1:
            return Judgement(
                Status.ERROR,
                f"{licence} appears with different statuses ({', '.join(sorted(values))}); "
                "a person must read it.",
                level=level,
                row=row,
            )
        shown = row.get(cols.status)
        status = ds.statuses.get(shown.casefold())
        expires = _date(row.get(cols.expiry), ds.date_formats) if row.get(cols.expiry) else None
        base = {"level": level, "row": row, "expires_on": expires}
        if status is None:
            return Judgement(
                Status.ERROR,
                f"{licence} has the status {shown!r}, which the verifier does not know; a "
                "person must read it.",
                **base,
            )
        if status is Status.SANCTIONED:
            return Judgement(status, f"{licence} is under a current restriction: {shown}.", **base)
        if status is not Status.VERIFIED:
            return Judgement(status, f"{licence} is not in force: {ds.board} lists it as {shown}.",
                             **base)  # fmt: skip
        if row.get(cols.expiry) and expires is None:
            return Judgement(
                Status.ERROR,
                f"{licence}'s expiry {row.get(cols.expiry)!r} could not be read; a person must "
                "read it.",
                **base,
            )
        if expires is not None and expires < today:
            return Judgement(Status.INACTIVE, f"{licence} expired on {expires}.", **base)
        record, open_action = self._discipline(rows, today)
        if open_action is not None:
            return Judgement(
                Status.ERROR,
                f"{licence} is {shown}, but {ds.board} lists a discipline action not shown as "
                f"completed ({open_action}); whether it limits practice now is not in the "
                f"data, so a person reads it at {ds.lookup_page}",
                **base,
            )
        if record is None:
            return Judgement(
                Status.ERROR,
                f"{licence}'s discipline column holds a value the verifier does not know; a "
                "person must read it.",
                **base,
            )
        until = f", expires {expires}" if expires else ""
        note = f" {ds.board} shows a public disciplinary record on it." if record else ""
        flags = frozenset({Flag.DISCIPLINARY_RECORD}) if record else frozenset()
        return Judgement(
            Status.VERIFIED,
            f"{licence} is {shown} for {_display_name(row, cols)}{until}.{note}",
            flags=flags,
            **base,
        )

    def _discipline(self, rows: list[SocrataRow], today: date) -> tuple[bool | None, str | None]:
        """(whether a public record exists, None for an unknown value; the first action
        that may still be running, or None)."""
        ds, cols = self.dataset, self.dataset.columns
        record = False
        for row in rows:
            value = row.get(cols.discipline)
            meaning = ds.discipline.get(value.casefold()) if value else Discipline.NONE
            if meaning is None:
                return None, None
            if meaning is Discipline.NONE and row.get(cols.case):
                meaning = Discipline.RECORD  # a case without an action named: still a record
            if meaning is Discipline.RESTRICTIVE:
                done = row.get(cols.completed)
                ended = _date(done, ds.date_formats) if done else None
                if ended is None or ended >= today:
                    return True, value
            record = record or meaning is not Discipline.NONE
        return record, None

    def _details(self, row: SocrataRow, rows: list[SocrataRow]) -> dict[str, Any]:
        ds, cols = self.dataset, self.dataset.columns
        held = ds.by_value.get(row.get(cols.type))
        details: dict[str, Any] = {
            "licence_number": row.get(cols.number),
            "licence_type": row.get(cols.type),
            "licence_title": held.title if held else None,
            "status": row.get(cols.status),
            "expires": row.get(cols.expiry) or None,
            "dataset": f"{ds.domain}/{ds.dataset_id}",
        }
        actions = [
            {k: r.get(c) for k, c in (("action", cols.discipline), ("case", cols.case),
                                       ("completed", cols.completed)) if c and r.get(c)}
            for r in rows
            if r.get(cols.number) == row.get(cols.number) and r.get(cols.type) == row.get(cols.type)
        ]  # fmt: skip
        details["discipline"] = [a for a in actions if a]
        if cols.link and row.get(cols.link):
            details["board_page"] = row.get(cols.link)
        return details


def _row_names_match(query: LicenceQuery, row: SocrataRow, cols: Columns) -> bool:
    return names_match(
        query.first_name, query.last_name, row.get(cols.first_name), row.get(cols.last_name)
    )


def _display_name(row: SocrataRow | None, cols: Columns) -> str:
    if row is None:
        return ""
    parts = (row.get(cols.first_name), row.get(cols.middle_name), row.get(cols.last_name))
    return " ".join(p for p in parts if p)


# -- Colorado DORA ---------------------------------------------------------------------

_I, _S = Level.INDEPENDENT, Level.SUPERVISED
# DORA's type table (349y-twqi), behavioural-health rows: prefix, name. Levels only where
# the name says it: a licence, or a candidate (a post-degree licensee practising under
# supervision, not a licence to practise independently). Provisional, military-spouse,
# addiction-counselor and unlicensed-psychotherapist types are known, so that a row of
# one answers a claim of another type, but not checked: their level is not sourced.
_CO_TYPES = (
    LicenceType("LPC", "Licensed Professional Counselor", _I,
                ("LPC", "Licensed Professional Counselor")),
    LicenceType("LPCC", "Licensed Professional Counselor Candidate", _S,
                ("LPCC", "LPC Candidate", "Licensed Professional Counselor Candidate")),
    LicenceType("MFT", "Marriage and Family Therapist", _I,
                ("LMFT", "MFT", "Marriage and Family Therapist",
                 "Licensed Marriage and Family Therapist")),
    LicenceType("MFTC", "Marriage and Family Therapist Candidate", _S,
                ("MFTC", "MFT Candidate", "LMFT Candidate",
                 "Marriage and Family Therapist Candidate")),
    LicenceType("CSW", "Licensed Clinical Social Worker", _I,
                ("LCSW", "CSW", "Licensed Clinical Social Worker")),
    LicenceType("SWC", "Clinical Social Worker Candidate", _S,
                ("SWC", "LCSW Candidate", "Clinical Social Worker Candidate",
                 "Licensed Clinical Social Worker Candidate")),
    LicenceType("PSY", "Licensed Psychologist", _I,
                ("Psychologist", "Licensed Psychologist", "PSY", "LP")),
    LicenceType("PSYC", "Psychologist Candidate", _S,
                ("PSYC", "Psychologist Candidate", "Licensed Psychologist Candidate")),
    LicenceType("LSW", "Licensed Social Worker"),
    LicenceType("LPP", "Provisional Licensed Professional Counselor"),
    LicenceType("MFP", "Provisional Marriage and Family Therapist"),
    LicenceType("SWP", "Provisional Social Worker"),
    LicenceType("PSP", "Provisional Psychologist"),
    LicenceType("PSYRX", "Prescribing Psychologist"),
    LicenceType("NLC", "Unlicensed Psychotherapist"),
    LicenceType("ACD", "Licensed Addiction Counselor"),
    LicenceType("ACB", "Certified Addiction Counselor II"),
    LicenceType("ACC", "Certified Addiction Specialist"),
    LicenceType("ACA", "Certified Addiction Technician"),
    LicenceType("ADDC", "Addiction Counselor Candidate"),
    LicenceType("MSLPC", "Military Spouse - Licensed Professional Counselor"),
    LicenceType("MSLPCC", "Military Spouse - Licensed Professional Counselor Candidate"),
    LicenceType("MSLPP", "Military Spouse - Provisional Licensed Professional Counselor"),
    LicenceType("MSMFT", "Military Spouse - Marriage and Family Therapist"),
    LicenceType("MSMFTC", "Military Spouse - Marriage and Family Therapist Candidate"),
    LicenceType("MSMFP", "Military Spouse - Provisional Marriage and Family Therapist"),
    LicenceType("MSCSW", "Military Spouse - Licensed Clinical Social Worker"),
    LicenceType("MSSWC", "Military Spouse - Clinical Social Worker Candidate"),
    LicenceType("MSLSW", "Military Spouse - Licensed Social Worker"),
    LicenceType("MSSWP", "Military Spouse - Provisional Social Worker"),
    LicenceType("MSPSY", "Military Spouse - Licensed Psychologist"),
    LicenceType("MSPSP", "Military Spouse - Provisional Psychologist"),
    LicenceType("MSPSYC", "Military Spouse - Psychologist Candidate"),
    LicenceType("MSNLC", "Military Spouse - Unlicensed Psychotherapist"),
    LicenceType("MSADDC", "Military Spouse - Addiction Counselor Candidate"),
    LicenceType("MSACC", "Military Spouse - Certified Addiction Specialist"),
    LicenceType("MSACA", "Military Spouse - Certified Addiction Technician"),
    LicenceType("MSACD", "Military Spouse - Licensed Addiction Counselor"),
)  # fmt: skip

# licensestatusdescription, every value counted over the dataset on 2026-09-09.
# "Active - With Conditions" and "Active - Restricted" are in force under limits: a
# current restriction. A suspension for child support is a suspension all the same.
# "Need Master Hire - Cannot Practice" belongs to the trades and is left out: ERROR.
_CO_STATUSES = {
    "active": Status.VERIFIED,
    "active - with conditions": Status.SANCTIONED,
    "active - restricted": Status.SANCTIONED,
    "expired": Status.INACTIVE,
    "inactive": Status.INACTIVE,
    "retired": Status.INACTIVE,
    "cancelled": Status.INACTIVE,
    "revoked": Status.SANCTIONED,
    "suspended": Status.SANCTIONED,
    "summary suspension": Status.SANCTIONED,
    "suspended due to child support": Status.SANCTIONED,
    "surrendered": Status.SANCTIONED,
    "voluntary surrender": Status.SANCTIONED,
}

# programaction, the 25 commonest values over the dataset on 2026-09-09. Letters of
# admonition, fines, citations, charges filed and denied applications leave practice
# as it was; every other action may limit it while it runs (stipulations and
# agreements included: their terms are not in the data). Any other value: ERROR.
_R, _X = Discipline.RECORD, Discipline.RESTRICTIVE
_CO_DISCIPLINE = {
    value.casefold(): meaning
    for value, meaning in (
        ("CLS Letter of Admonition", _R),
        ("CLS Citation Issued", _R),
        ("Fine", _R),
        ("ID Hearing Formal Complaint/Charges Filed with OAC", _R),
        ("Formal Complaint-Charges with OAC", _R),
        ("CLS Application Denied", _R),
        ("CLS Combined w/other case for action", _R),
        ("CLS Stipulation", _X),
        ("Stipulation", _X),
        ("ITRM Stipulation in Abeyance", _X),
        ("CLS Agreement", _X),
        ("CLS Final Agency Order", _X),
        ("CLS Voluntary Surrender/Relinquishment", _X),
        ("CLS Revocation", _X),
        ("CLS Suspension", _X),
        ("CLS Cease & Desist Order", _X),
        ("CLS Injunction", _X),
        ("ITRM Cessation of Practice", _X),
        ("ITRM Summary Suspension", _X),
        ("ITRM Suspension", _X),
        ("Probation", _X),
        ("Voluntary Surrender", _X),
        ("Revocation", _X),
        ("Suspension", _X),
        ("Stipulation - Cannot Practice", _X),
    )
}

CO_DORA = SocrataDataset(
    domain="data.colorado.gov",
    dataset_id="7s5z-vewr",
    registry_name="Colorado DORA, Professional and Occupational Licenses (data.colorado.gov)",
    board="Colorado DORA",
    lookup_page="https://apps2.colorado.gov/dora/licensing/lookup/licenselookup.aspx",
    columns=Columns(
        number="licensenumber",
        last_name="lastname",
        first_name="firstname",
        middle_name="middlename",
        type="licensetype",
        status="licensestatusdescription",
        expiry="licenseexpirationdate",
        discipline="programaction",
        case="casenumber",
        completed="disciplinecompletedate",
        link="linktoverifylicense",
    ),
    types=_CO_TYPES,
    statuses=_CO_STATUSES,
    discipline=_CO_DISCIPLINE,
    number_match="exact",
    date_formats=("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S"),
)

# -- Washington DOH ----------------------------------------------------------------------

# credentialtype: "Mental Health Counselor License" from a real row; "Psychologist
# License" from a third party's live count of 7,666 active rows (2026-06-16). Both are
# full licences to practise. Other mental-health types (associates, social workers,
# marriage and family therapists) were not seen in real data: a person checks them.
_WA_TYPES = (
    LicenceType("Mental Health Counselor License", "Licensed Mental Health Counselor", _I,
                ("LMHC", "MHC", "Licensed Mental Health Counselor", "Mental Health Counselor",
                 "Mental Health Counselor License")),
    LicenceType("Psychologist License", "Licensed Psychologist", _I,
                ("Psychologist", "Licensed Psychologist", "Psychologist License", "PSY", "LP")),
)  # fmt: skip

# status: Active and Closed seen in real rows; the rest is DOH's own list of statuses
# (Provider Credential Search FAQ), compared case-insensitively. "Military" (a
# deferral whose meaning DOH's list does not give) is left out: ERROR.
_WA_STATUSES = {
    "active": Status.VERIFIED,
    "closed": Status.INACTIVE,
    "expired": Status.INACTIVE,
    "inactive": Status.INACTIVE,
    "retired": Status.INACTIVE,
    "deceased": Status.INACTIVE,
    "unlicensed": Status.INACTIVE,
    "revoked": Status.SANCTIONED,
    "suspended": Status.SANCTIONED,
}

# actiontaken: Yes/No in real rows, DOH's "restrictions or disciplinary actions". A
# current restriction shows in the status (suspended, revoked); Yes on an active
# credential is a public record, disclosed.
_WA_DISCIPLINE = {"no": Discipline.NONE, "yes": Discipline.RECORD}

WA_DOH = SocrataDataset(
    domain="data.wa.gov",
    dataset_id="qxh8-f4bd",
    registry_name="Washington DOH, Health Care Provider Credential Data (data.wa.gov)",
    board="Washington DOH",
    lookup_page="https://fortress.wa.gov/doh/providercredentialsearch/",
    columns=Columns(
        number="credentialnumber",
        last_name="lastname",
        first_name="firstname",
        middle_name="middlename",
        type="credentialtype",
        status="status",
        expiry="expirationdate",
        discipline="actiontaken",
    ),
    types=_WA_TYPES,
    statuses=_WA_STATUSES,
    discipline=_WA_DISCIPLINE,
    number_match="suffix",
    number_width=8,
    date_formats=("%m/%d/%Y",),
)


class CoDoraVerifier(SocrataVerifier):
    """Checks Colorado counselor, MFT, social work and psychology licences."""

    name = "co-dora"
    jurisdictions = ("US-CO",)
    dataset = CO_DORA
    registry_name = CO_DORA.registry_name
    default_base_url = CO_DORA.resource_url


class WaDohVerifier(SocrataVerifier):
    """Checks Washington mental health counselor and psychologist licences."""

    name = "wa-doh"
    jurisdictions = ("US-WA",)
    dataset = WA_DOH
    registry_name = WA_DOH.registry_name
    default_base_url = WA_DOH.resource_url
