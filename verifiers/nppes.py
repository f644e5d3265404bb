"""NPPES NPI Registry: who a US provider is (identity kind).

Registry: National Plan and Provider Enumeration System (CMS), NPI Registry API
version 2.1, ``GET https://npiregistry.cms.hhs.gov/api/?version=2.1&number=...``
(or ``first_name``, ``last_name``, ``state``, ``limit`` up to 200).
Format last checked: 2026-12-01, against the recorded answers in
tests/fixtures/nppes/ (recorded around 2019, among them
licence_in_other_state_1083762025.json) and the documented drift since
(``number`` and epochs as strings, ``gender`` renamed ``sex``, licence
``null``/``""``/``"NA"``, ``"--"`` for an empty name prefix or suffix, errors as
HTTP 200 with an ``Errors`` array, HTML during maintenance).
Sources: CMS's API help text (https://npiregistry.cms.hhs.gov/api-page) as quoted by
the ropensci/npi client (https://docs.ropensci.org/npi/reference/npi_search.html):
``state`` is "the State abbreviation associated with the provider's address",
mailing or practice location; and the recorded answers, whose ``taxonomies[]``
carry each licence with the state that issued it (``state``, ``license``; NPPES's
bulk file calls them "Provider License Number" and "... State Code").

NPPES licence data is self-reported by the provider, so a VERIFIED answer here
proves identity (an active NPI, this name, a mental-health taxonomy), never the
licence itself: that is the issuing board's word (kind ``licence``). NPPES records
no licence level, so results carry none.

The ``state`` parameter filters on an address, and a provider's address and the
state that issued a licence often differ (the recording above: practice in GA,
primary licence from CA). A name search therefore uses the claimed state only as a
hint; when the hinted answer holds no record listing the claimed licence, NPPES is
asked once more without it (two requests at most), and only that answer can be
NOT_FOUND. The licence is matched on the taxonomy entries' (state, number), on any
entry, primary or not; the address is never read.

Decisions, in order:

- an NPI whose check digit is wrong is MISMATCH, and NPPES is not asked: the claim
  contradicts itself (a typo, most often), which the therapist should fix; it is
  not NOT_FOUND, since no registry said so, nor ERROR, since nothing failed;
- ``Errors`` in the answer, HTML, or a malformed answer: ERROR;
- no record: NOT_FOUND (NPPES answers only active NPIs, so a deactivated NPI
  looks the same; the summary says so);
- an organisation's NPI, another name, no behavioural-health taxonomy, the claimed
  number listed under another state, or another number listed for the claimed
  state: MISMATCH;
- a record not active: INACTIVE; otherwise VERIFIED.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from verifiers.core import (
    NAME_MATCHES_SHOWN,
    Kind,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
)
from verifiers.errors import ParseError, RegistryRefusedQuery
from verifiers.http import RegistryResponse, json_answer
from verifiers.matching import initials_consistent, names_match, same_licence_number

__all__ = [
    "BEHAVIOURAL_TAXONOMIES",
    "NppesAnswer",
    "NppesRecord",
    "NppesVerifier",
    "Taxonomy",
    "is_behavioural",
    "licence_listing",
    "npi_check_digit_ok",
    "parse_answer",
    "status_for",
]

# Taxonomy codes (NUCC Health Care Provider Taxonomy) of the professions a
# therapist directory lists. Whole families are matched by prefix below.
BEHAVIOURAL_TAXONOMIES = {
    "101Y00000X": "Counselor",
    "101YA0400X": "Counselor, Addiction (Substance Use Disorder)",
    "101YM0800X": "Counselor, Mental Health",
    "101YP1600X": "Counselor, Pastoral",
    "101YP2500X": "Counselor, Professional",
    "101YS0200X": "Counselor, School",
    "102L00000X": "Psychoanalyst",
    "102X00000X": "Poetry Therapist",
    "103G00000X": "Clinical Neuropsychologist",
    "103K00000X": "Behavior Analyst",
    "103T00000X": "Psychologist",
    "103TC0700X": "Psychologist, Clinical",
    "103TC2200X": "Psychologist, Clinical Child & Adolescent",
    "103TF0000X": "Psychologist, Family",
    "104100000X": "Social Worker",
    "1041C0700X": "Social Worker, Clinical",
    "106E00000X": "Assistant Behavior Analyst",
    "106H00000X": "Marriage & Family Therapist",
    "106S00000X": "Behavior Technician",
    "221700000X": "Art Therapist",
    "225A00000X": "Music Therapist",
    "2084P0800X": "Psychiatry & Neurology, Psychiatry",
    "2084P0802X": "Psychiatry & Neurology, Addiction Psychiatry",
    "2084P0804X": "Psychiatry & Neurology, Child & Adolescent Psychiatry",
    "2084P0805X": "Psychiatry & Neurology, Geriatric Psychiatry",
    "2084F0202X": "Psychiatry & Neurology, Forensic Psychiatry",
    "2084P0015X": "Psychiatry & Neurology, Psychosomatic Medicine",
    "363LP0808X": "Nurse Practitioner, Psychiatric/Mental Health",
    "364SP0808X": "Clinical Nurse Specialist, Psychiatric/Mental Health",
}
BEHAVIOURAL_PREFIXES = ("101Y", "103T", "364SP08")
_EMPTY = {"", "NA", "N/A", "--", "NONE", "NULL"}


def is_behavioural(code: str) -> bool:
    """Whether a taxonomy code is a mental or behavioural health profession."""
    code = (code or "").strip().upper()
    return code in BEHAVIOURAL_TAXONOMIES or code.startswith(BEHAVIOURAL_PREFIXES)


def npi_check_digit_ok(npi: str) -> bool:
    """Whether `npi` is 10 digits with a valid Luhn check digit (prefix 80840)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 24  # the digits of the card-issuer prefix 80840, doubled as Luhn wants
    for index, char in enumerate(reversed(npi[:9])):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


@dataclass(frozen=True)
class Taxonomy:
    """One taxonomy entry of an NPI record; empty licence data is None."""

    code: str
    desc: str
    primary: bool
    state: str | None
    license: str | None


@dataclass(frozen=True)
class NppesRecord:
    """The parts of an NPI record a decision needs, in one normalised shape."""

    number: str
    enumeration_type: str
    status: str
    first_name: str
    last_name: str
    middle_name: str
    credential: str
    organization_name: str
    taxonomies: tuple[Taxonomy, ...]
    last_updated: datetime | None
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def is_organisation(self) -> bool:
        """NPI-2 records are organisations, not people."""
        return self.enumeration_type.upper() == "NPI-2"

    @property
    def display_name(self) -> str:
        """The name as NPPES holds it."""
        if self.is_organisation:
            return self.organization_name
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


@dataclass(frozen=True)
class NppesAnswer:
    """A parsed answer: the count NPPES reported and the records it sent."""

    result_count: int
    records: tuple[NppesRecord, ...]
    # True when the state hint found no record listing the licence and this is the
    # answer of the search asked again without it.
    widened: bool = False


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.upper() in _EMPTY else text


def _epoch(value: Any) -> datetime | None:
    # Old answers: integer seconds. Current answers: 13-digit millisecond strings.
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    if number > 10**11:
        number //= 1000
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _taxonomy(raw: Any) -> Taxonomy:
    if not isinstance(raw, dict):
        raise ParseError("An NPPES taxonomy entry was not an object; the format may have changed.")
    return Taxonomy(
        code=_text(raw.get("code")).upper(),
        desc=_text(raw.get("desc")),
        primary=raw.get("primary") in (True, "true", "Y", "YES"),
        state=_text(raw.get("state")).upper() or None,
        license=_text(raw.get("license")) or None,
    )


def parse_record(raw: Any) -> NppesRecord:
    """One NPI record of either the old or the current format."""
    if not isinstance(raw, dict) or not isinstance(raw.get("basic", {}), dict):
        raise ParseError("An NPPES record was not an object; the format may have changed.")
    number = _text(raw.get("number"))
    if not number.isdigit():
        raise ParseError("An NPPES record had no NPI number; the format may have changed.")
    basic = raw.get("basic") or {}
    taxonomies = raw.get("taxonomies") or []
    if not isinstance(taxonomies, list):
        raise ParseError("An NPPES record's taxonomies were not a list.")
    return NppesRecord(
        number=number,
        enumeration_type=_text(raw.get("enumeration_type")) or "NPI-1",
        status=_text(basic.get("status")).upper(),
        first_name=_text(basic.get("first_name")),
        last_name=_text(basic.get("last_name")),
        middle_name=_text(basic.get("middle_name")),
        credential=_text(basic.get("credential")),
        organization_name=_text(basic.get("organization_name")),
        taxonomies=tuple(_taxonomy(t) for t in taxonomies),
        last_updated=_epoch(raw.get("last_updated_epoch")),
        raw=raw,
    )


def parse_answer(payload: bytes | str | dict[str, Any]) -> NppesAnswer:
    """Parse an NPPES API answer.

    Raises `RegistryRefusedQuery` for an ``Errors`` answer and `ParseError` for
    anything else that is not a well-formed result list (HTML, truncated JSON).
    """
    if isinstance(payload, (bytes, str)):
        raw = payload.encode("utf-8", "replace") if isinstance(payload, str) else payload
        payload = json_answer(raw, "NPPES")
    if not isinstance(payload, dict):
        raise ParseError("NPPES's answer was not a JSON object; its format may have changed.")
    errors = payload.get("Errors")
    if errors:
        items = errors if isinstance(errors, list) else [errors]
        descriptions = "; ".join(
            _text(e.get("description")) if isinstance(e, dict) else _text(e) for e in items
        )
        raise RegistryRefusedQuery(
            f"NPPES refused the query: {descriptions or 'no reason given'}.",
            evidence=json.dumps(errors)[:1000],
        )
    results = payload.get("results")
    if results is None and payload.get("result_count") in (0, "0"):
        results = []
    if not isinstance(results, list):
        raise ParseError("NPPES's answer had no result list; its format may have changed.")
    try:
        count = int(payload.get("result_count", len(results)))
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite float
        raise ParseError("NPPES's result count was not a number.") from None
    return NppesAnswer(count, tuple(parse_record(r) for r in results))


def _issuers(record: NppesRecord, number: str) -> list[str]:
    """The states under which the record lists licence `number`."""
    return sorted(
        {t.state for t in record.taxonomies if t.state and same_licence_number(t.license, number)}
    )


def licence_listing(record: NppesRecord, query: LicenceQuery) -> tuple[bool | None, str]:
    """Whether the record lists the claimed licence as issued by the claimed state.

    (True, _) when a taxonomy entry lists that number under that state; (False, why)
    when it lists the number under another state only, or another number under the
    claimed state; (None, note) when it lists nothing to compare. Every entry counts,
    primary or not; the provider's address never does.
    """
    state = query.subdivision
    issuers = _issuers(record, query.number)
    if issuers and (state is None or state in issuers):
        return True, ""
    if issuers:
        where = ", ".join(issuers)
        return False, f"NPPES lists licence {query.number} under {where}, not {state}"
    in_state = [t for t in record.taxonomies if t.license and t.state and t.state == state]
    if in_state:
        held = ", ".join(sorted({f"{t.license} ({t.state})" for t in in_state}))
        return False, f"NPPES lists licence {held} for this NPI, not {query.number}"
    where = state or "any state"
    return None, f"NPPES lists no licence number for {where} to compare"


def status_for(record: NppesRecord, query: LicenceQuery) -> tuple[Status, str]:
    """The status of `query` given the NPI record NPPES returned, and why."""
    who = f"NPI {record.number}"
    if record.is_organisation:
        return Status.MISMATCH, f"{who} belongs to an organisation ({record.display_name})."
    if not names_match(query.first_name, query.last_name, record.first_name, record.last_name):
        return Status.MISMATCH, f"{who} is registered to {record.display_name}, not this name."
    if not initials_consistent(query.middle_name, record.middle_name):
        return Status.MISMATCH, f"{who} is registered to {record.display_name}, not this name."
    if not any(is_behavioural(t.code) for t in record.taxonomies):
        kinds = ", ".join(t.desc or t.code for t in record.taxonomies) or "no taxonomy"
        return Status.MISMATCH, f"{who} is registered as {kinds}, not a mental-health profession."
    matched, note = licence_listing(record, query)
    if matched is False:
        return Status.MISMATCH, f"{note}."
    if record.status != "A":
        return Status.INACTIVE, f"{who} is not active in NPPES (status {record.status or '?'})."
    suffix = "" if matched else f"; {note}"
    return Status.VERIFIED, f"{who} is active and registered to {record.display_name}{suffix}."


def _claimed_npi(query: LicenceQuery) -> str:
    """The claimed NPI with spaces and dashes removed."""
    return "".join(ch for ch in (query.npi or "") if ch.isdigit())


def _params(query: LicenceQuery, *, state_hint: bool = True) -> dict[str, str]:
    """The API parameters: the NPI when one is claimed, else the name, and the
    claimed state as a hint on the provider's address unless `state_hint` is off."""
    if query.npi:
        return {"version": "2.1", "number": _claimed_npi(query)}
    params = {
        "version": "2.1",
        "first_name": query.first_name,
        "last_name": query.last_name,
        "limit": "200",
    }
    if state_hint and query.subdivision:
        params["state"] = query.subdivision
    return params


def _people(answer: NppesAnswer, query: LicenceQuery) -> list[NppesRecord]:
    """The individuals in a name search whose name is the claimed one."""
    return [
        r
        for r in answer.records
        if not r.is_organisation
        and names_match(query.first_name, query.last_name, r.first_name, r.last_name)
    ]


def _listing(people: list[NppesRecord], query: LicenceQuery) -> list[NppesRecord]:
    """Those of `people` who list the claimed licence under the claimed state."""
    return [r for r in people if licence_listing(r, query)[0] is True]


def _details(record: NppesRecord) -> dict[str, Any]:
    return {
        "npi": record.number,
        "enumeration_type": record.enumeration_type,
        "status": record.status,
        "credential": record.credential,
        "taxonomies": [
            {"code": t.code, "desc": t.desc, "state": t.state, "license": t.license}
            for t in record.taxonomies
        ],
        "last_updated": record.last_updated,
    }


def _evidence(record: NppesRecord) -> str:
    keep = {k: record.raw.get(k) for k in ("number", "enumeration_type", "basic", "taxonomies")}
    return json.dumps(keep, indent=1, sort_keys=True, default=str)


class NppesVerifier(RegistryVerifier):
    """Checks identity against the NPPES NPI Registry (US, all states)."""

    name = "nppes"
    kind = Kind.IDENTITY
    jurisdictions = ("US",)
    registry_name = "NPPES NPI Registry (CMS)"
    default_base_url = "https://npiregistry.cms.hhs.gov/api/"
    default_requests_per_second = 3.0

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """An NPI whose check digit is wrong is a MISMATCH; NPPES is not asked."""
        if query.npi and not npi_check_digit_ok(_claimed_npi(query)):
            return self.result(
                Status.MISMATCH,
                f"The NPI {query.npi} is not a valid NPI (its check digit is wrong); "
                "NPPES was not asked. Check the number for a typo.",
            )
        return None

    def fetch(self, query: LicenceQuery) -> RegistryResponse | tuple[RegistryResponse, ...]:
        """Ask NPPES by NPI when one is given, otherwise by name with the state as a
        hint, and once more without it when the hinted answer does not list the licence."""
        first = self.client.get("", params=_params(query))
        if query.npi or not query.subdivision:
            return first
        if _listing(_people(parse_answer(first.content), query), query):
            return first
        return first, self.client.get("", params=_params(query, state_hint=False))

    @staticmethod
    def parse(payload: RegistryResponse | tuple[RegistryResponse, ...]) -> NppesAnswer:
        """The NPI records in NPPES's answer (see `parse_answer`); of the last answer
        when a name search was asked again without the state hint."""
        if isinstance(payload, tuple):
            for earlier in payload[:-1]:
                parse_answer(earlier.content)  # an error in any answer is not to be missed
            answer = parse_answer(payload[-1].content)
            return replace(answer, widened=len(payload) > 1)
        return parse_answer(payload.content)

    def decide(self, query: LicenceQuery, records: NppesAnswer) -> VerificationResult:
        """Judge the claim by the record of its NPI, or by the records of its name."""
        asked = self.address("", _params(query, state_hint=not records.widened))
        if query.npi:
            return self._by_number(query, records, asked)
        return self._by_name(query, records, asked)

    def _by_number(
        self, query: LicenceQuery, answer: NppesAnswer, asked: str
    ) -> VerificationResult:
        record = next((r for r in answer.records if r.number == _claimed_npi(query)), None)
        if record is None:
            return self.result(
                Status.NOT_FOUND,
                f"NPPES has no active NPI {query.npi}. Deactivated NPIs also look like this.",
                registry_url=asked,
                evidence=json.dumps({"result_count": answer.result_count}),
            )
        return self._from_record(record, query, asked)

    def _by_name(self, query: LicenceQuery, answer: NppesAnswer, asked: str) -> VerificationResult:
        people = _people(answer, query)
        if not people:
            # Only an answer without the state hint gets here empty-handed (see
            # `fetch`), so the name is absent in every state.
            return self.result(
                Status.NOT_FOUND,
                f"NPPES has no active NPI for {query.full_name} in any state. "
                "Deactivated NPIs also look like this.",
                registry_url=asked,
                evidence=json.dumps({"result_count": answer.result_count}),
            )
        listing = _listing(people, query)
        if len(listing) == 1:
            return self._from_record(listing[0], query, asked)
        numbers = ", ".join(r.number for r in people[:10])
        if not listing:
            notes = sorted({licence_listing(r, query)[1] for r in people} - {""})
            elsewhere = [n for n in notes if " under " in n]
            why = f" ({elsewhere[0]})" if len(elsewhere) == 1 else ""
            state = f" from {query.subdivision}" if query.subdivision else ""
            summary = (
                f"NPPES has {len(people)} NPI record(s) for {query.full_name} ({numbers}) and "
                f"none lists licence {query.number}{state}{why}; give the NPI so the right "
                "record can be checked."
            )
        else:
            summary = (
                f"NPPES has {len(people)} NPI record(s) for {query.full_name} ({numbers}) and "
                f"several list licence {query.number}; give the NPI so the right record "
                "can be checked."
            )
        return self.result(
            Status.MISMATCH,
            summary,
            registry_url=asked,
            evidence="\n\n".join(_evidence(r) for r in people[:5]),
        )

    def _from_record(
        self, record: NppesRecord, query: LicenceQuery, asked: str
    ) -> VerificationResult:
        status, summary = status_for(record, query)
        return self.result(
            status,
            summary,
            registry_url=asked,
            registry_name=record.display_name,
            registry_details=_details(record),
            evidence=_evidence(record),
        )

    def lookup_by_name(self, query: LicenceQuery) -> VerificationResult:
        """The mental-health providers NPPES lists under the queried name in the
        queried state (by the address they gave NPPES). Never raises."""
        return self.guarded(self._by_name_only, query)

    def _by_name_only(self, query: LicenceQuery) -> VerificationResult:
        if query.npi:
            return self.check(query)
        params = _params(query)
        answer = parse_answer(self.client.get("", params=params).content)
        asked = self.address("", params)
        people = [
            r for r in _people(answer, query) if any(is_behavioural(t.code) for t in r.taxonomies)
        ]
        where = f" in {query.subdivision}" if query.subdivision else ""
        if not people:
            return self.result(
                Status.NOT_FOUND,
                f"NPPES has no active mental-health provider named {query.full_name}{where}.",
                registry_url=asked,
                evidence=json.dumps({"result_count": answer.result_count}),
            )
        matches = [
            {
                "name": r.display_name,
                "number": f"NPI {r.number}",
                "licence_type": r.credential
                or next((t.desc for t in r.taxonomies if is_behavioural(t.code)), ""),
                "status": (Status.VERIFIED if r.status == "A" else Status.INACTIVE).value,
                "level": None,
                "licences": sorted({f"{t.license} ({t.state})" for t in r.taxonomies if t.license}),
            }
            for r in people[:NAME_MATCHES_SHOWN]
        ]
        return self.result(
            Status.VERIFIED,
            f"NPPES lists {len(people)} mental-health provider(s) named {query.full_name}{where}.",
            registry_url=asked,
            registry_name=people[0].display_name,
            registry_details={"matches": matches, "match_count": len(people)},
            evidence="\n\n".join(_evidence(r) for r in people[:5]),
        )
