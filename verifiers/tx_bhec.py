"""Texas Behavioral Health Executive Council: Texas counsellor, MFT, psychologist
and social work licences (licence kind, US-TX).

Registry: Texas BHEC licensee files ``https://www.bhec.texas.gov/csv/LPC.csv``,
``MFT.csv``, ``PSY.csv`` and ``SW.csv``, one row per current licence, with the columns
``LIC_TYPE, RANK, LIC_NBR, ENTITY_NBR, LAST_NME, FIRST_NME, MIDDLE_NME, SFX_NME,
LIC_STATUS, LIC_EXPR_DTE, RANK_EFCT_DTE, DISCPL_ACTN``. Columns are read by name, so
added columns and a changed order do no harm; a missing required column is an ERROR.
Format last checked: 2026-12-01. BHEC publishes no layout document; the layout comes
from a public downloader that read the live LPC.csv by these names on 2026-09-18, its
verification note of that day (RANK and LIC_STATUS counts), and a PSY.csv scraper's
notes of 2026-06-05 (``LIC_TYPE`` 5202, ``RANK`` LSP, ``Expired``). No recorded file is
kept: tests/fixtures/tx_bhec/ holds files written to that layout, and its README cites
the source of every field.

The files are kept in the data folder: each is downloaded on first use, and all four
by `refresh()`; a failed download keeps the old copy. The files list current licensees
only, so a revoked, surrendered or long-expired licence is absent: NOT_FOUND, with a
summary that says so and sends a person to BHEC's lookup.

The level is read from ``RANK`` only: ``LIC_TYPE`` is a number (5202 in PSY.csv) whose
meaning per file is not documented, so it is shown but never judged. Only the ranks
read from real files are known (`RANKS`); any other rank is an ERROR for a person to
check, never a guess. Statuses are compared as whole words, case-insensitively
(`STATUSES`); an unknown one is an ERROR. ``DISCPL_ACTN`` Yes on an active licence says a
public disciplinary history exists (no date, no order): VERIFIED with
`Flag.DISCIPLINARY_RECORD`, not a sanction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from verifiers.core import (
    NAME_MATCHES_SHOWN,
    Flag,
    Kind,
    Level,
    LicenceQuery,
    Status,
    VerificationResult,
)
from verifiers.datafiles import (
    FileRegistryVerifier,
    LocalCopy,
    Snapshot,
    check_csv_download,
    csv_records,
)
from verifiers.matching import licence_number_key, name_keys, names_match

__all__ = [
    "FILES",
    "RANKS",
    "STATUSES",
    "BhecIndex",
    "BhecLicence",
    "Claim",
    "Judgement",
    "TxBhecVerifier",
    "claimed_type",
    "status_for",
]

FILES = ("LPC", "MFT", "PSY", "SW")
FIELDS = (
    "LIC_TYPE",
    "RANK",
    "LIC_NBR",
    "LAST_NME",
    "FIRST_NME",
    "MIDDLE_NME",
    "LIC_STATUS",
    "LIC_EXPR_DTE",
    "DISCPL_ACTN",
)
# Without RANK no level can be read, and without DISCPL_ACTN an active licence's
# public record would go unseen: a file lacking either is refused like a changed layout.
_IDENTITY = ("LIC_NBR", "LAST_NME", "FIRST_NME", "LIC_STATUS")
REQUIRED = (*_IDENTITY, "RANK", "DISCPL_ACTN")
STALE_AFTER_DAYS = 7
_SEP = "\x1f"


@dataclass(frozen=True)
class Claim:
    """What a claimed licence type asks BHEC about: the file that lists it, the level
    it asserts, and its name in summaries."""

    file: str
    level: Level
    title: str


_LPC = Claim("LPC", Level.INDEPENDENT, "LPC")
_LPCA = Claim("LPC", Level.SUPERVISED, "LPC Associate")
_LMFT = Claim("MFT", Level.INDEPENDENT, "LMFT")
_LMFTA = Claim("MFT", Level.SUPERVISED, "LMFT Associate")
_LCSW = Claim("SW", Level.INDEPENDENT, "LCSW")
_LMSW = Claim("SW", Level.SUPERVISED, "LMSW")
_LMSW_AP = Claim("SW", Level.SUPERVISED, "LMSW-AP")
_LBSW = Claim("SW", Level.LIMITED_SCOPE, "LBSW")
_LP = Claim("PSY", Level.INDEPENDENT, "licensed psychologist")
_LPA = Claim("PSY", Level.SUPERVISED, "psychological associate")
_PLP = Claim("PSY", Level.SUPERVISED, "provisionally licensed psychologist")
_LSSP = Claim("PSY", Level.LIMITED_SCOPE, "LSSP")

# The licence types a therapist may claim, as people write them. Levels follow the
# site's credential table (independent practice, practice under supervision, a scope
# other than general psychotherapy); the verifier keeps its own copy so that it does
# not depend on the application. Supervisor status (-S) is an endorsement of the same
# licence, so it claims that licence's level. LMSW-AP is advanced non-clinical practice:
# it claims no more than an LMSW does for psychotherapy.
_CLAIMS = {
    "LPC": _LPC,
    "LPC-S": _LPC,
    "LICENSED PROFESSIONAL COUNSELOR": _LPC,
    "LPC-A": _LPCA,
    "LPC ASSOCIATE": _LPCA,
    "LPC INTERN": _LPCA,
    "LPCI": _LPCA,
    "LMFT": _LMFT,
    "LMFT-S": _LMFT,
    "LICENSED MARRIAGE AND FAMILY THERAPIST": _LMFT,
    "LMFT-A": _LMFTA,
    "LMFT ASSOCIATE": _LMFTA,
    "LCSW": _LCSW,
    "LCSW-S": _LCSW,
    "LICENSED CLINICAL SOCIAL WORKER": _LCSW,
    "LMSW": _LMSW,
    "LICENSED MASTER SOCIAL WORKER": _LMSW,
    "LMSW-AP": _LMSW_AP,
    "LBSW": _LBSW,
    "LICENSED BACCALAUREATE SOCIAL WORKER": _LBSW,
    "LP": _LP,
    "PSYCHOLOGIST": _LP,
    "LICENSED PSYCHOLOGIST": _LP,
    "LPA": _LPA,
    "PSYCHOLOGICAL ASSOCIATE": _LPA,
    "LICENSED PSYCHOLOGICAL ASSOCIATE": _LPA,
    "PLP": _PLP,
    "PROVISIONALLY LICENSED PSYCHOLOGIST": _PLP,
    "LSSP": _LSSP,
    "LSP": _LSSP,  # how PSY.csv writes the school-psychology rank
    "SCHOOL PSYCHOLOGIST": _LSSP,
    "LICENSED SPECIALIST IN SCHOOL PSYCHOLOGY": _LSSP,
}
_SQUASH = re.compile(r"[^A-Z]")
_LOOKUP = {_SQUASH.sub("", k): v for k, v in _CLAIMS.items()}

# (file, RANK) -> (level, how a summary names it): only ranks read from real files.
# LPC and LPCA: 36,214 and 7,710 rows of LPC.csv on 2026-09-18. LSP: PSY.csv, 2026-06-05
# (a scraper glosses it "Licensed Specialist in Psychology"; the Texas licence is the
# Licensed Specialist in School Psychology). The ranks of MFT.csv, SW.csv and of
# psychologists, psychological associates and provisional psychologists in PSY.csv, and
# whether supervisor ranks ("LPC-S") ever appear, are not known: add them, with the
# date, when a real file shows them.
RANKS: dict[tuple[str, str], tuple[Level, str]] = {
    ("LPC", "LPC"): (Level.INDEPENDENT, "LPC (independent)"),
    ("LPC", "LPCA"): (Level.SUPERVISED, "LPC Associate (supervised)"),
    ("PSY", "LSP"): (
        Level.LIMITED_SCOPE,
        "Licensed Specialist in School Psychology (limited scope)",
    ),
}

# LIC_STATUS, case-folded whole value -> Status. Observed in files (2026-09-18 and
# 2026-06-05): Active, Inactive, Expired, Delinquent (BHEC's word for a licence past
# renewal), Probated/Suspended, Suspended. Never observed, mapped by their plain
# meaning: Retired, Probated, Revoked, Surrendered (revoked and surrendered licensees
# leave the files, so these two should not appear). Anything else is an ERROR.
STATUSES = {
    "active": Status.VERIFIED,
    "inactive": Status.INACTIVE,
    "expired": Status.INACTIVE,
    "delinquent": Status.INACTIVE,
    "retired": Status.INACTIVE,
    "probated/suspended": Status.SANCTIONED,
    "suspended": Status.SANCTIONED,
    "probated": Status.SANCTIONED,
    "revoked": Status.SANCTIONED,
    "surrendered": Status.SANCTIONED,
}
_DISCIPLINE = {"yes": True, "no": False}


def claimed_type(text: str) -> Claim | None:
    """What a claimed licence type asks BHEC about, or None if BHEC does not issue it."""
    return _LOOKUP.get(_SQUASH.sub("", (text or "").upper().replace("&", "AND")))


def recorded_level(file: str, rank: str) -> tuple[Level, str] | None:
    """The level a RANK of `file` records and its name; None for a rank not known yet."""
    return RANKS.get((file, (rank or "").strip().upper()))


def bhec_date(value: str) -> date | None:
    """A date as the files may write it; their format is not documented, so several
    are tried, and an unreadable date is None (it never makes a row unreadable)."""
    value = (value or "").strip().split(" ")[0]
    for pattern in ("%m/%d/%Y", "%Y-%m-%d", "%Y%m%d", "%m/%d/%y", "%m-%d-%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class BhecLicence:
    """One row of a licensee file."""

    licence_type: str
    rank: str
    number: str
    last_name: str
    first_name: str
    middle_name: str
    status: str
    expires_on: date | None
    discipline: str

    @property
    def display_name(self) -> str:
        """The licensee's name as the file writes it."""
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def disciplined(self) -> bool | None:
        """Whether DISCPL_ACTN says a disciplinary history exists; None when it says
        something else."""
        return _DISCIPLINE.get(self.discipline.strip().casefold())

    def as_details(self) -> dict[str, Any]:
        """The row as JSON-ready details."""
        return {
            "licence_type": self.licence_type,
            "rank": self.rank,
            "licence_number": self.number,
            "status": self.status,
            "expires_on": self.expires_on,
            "disciplinary_action": self.discipline,
        }

    def evidence(self) -> str:
        """The row as the file gives it, column by column."""
        expires = self.expires_on.isoformat() if self.expires_on else ""
        values = (self.licence_type, self.rank, self.number, self.last_name, self.first_name,
                  self.middle_name, self.status, expires, self.discipline)  # fmt: skip
        return ",".join(f"{k}={v}" for k, v in zip(FIELDS, values, strict=True))


class BhecIndex:
    """One licensee file in memory, by licence number and by name (rows kept compact)."""

    def __init__(
        self,
        rows: dict[str, list[str]],
        count: int,
        by_name: dict[str, list[str]] | None = None,
    ) -> None:
        self._rows = rows
        self.count = count
        self._by_name = by_name or {}

    @staticmethod
    def _licence(row: str) -> BhecLicence:
        f = row.split(_SEP)
        return BhecLicence(*f[:7], bhec_date(f[7]), f[8])  # type: ignore[arg-type]

    def lookup(self, number: str) -> list[BhecLicence]:
        """Rows for this licence number (spelling variants folded)."""
        return [self._licence(row) for row in self._rows.get(licence_number_key(number), ())]

    def by_name(self, first: str, last: str) -> list[BhecLicence]:
        """Rows listing a person of this name, as `matching.names_match` compares names."""
        numbers = sorted({n for key in name_keys(first, last) for n in self._by_name.get(key, ())})
        rows = (self._licence(row) for n in numbers for row in self._rows.get(n, ()))
        return [r for r in rows if names_match(first, last, r.first_name, r.last_name)]


def check_download(path: Path) -> None:
    """Refuse a download that is not the BHEC file, so the old copy stays. An empty
    file is reported as empty before any column it lacks."""
    check_csv_download(path, _IDENTITY, "BHEC")
    check_csv_download(path, REQUIRED, "BHEC")


@dataclass(frozen=True)
class Judgement:
    """What one row says about a claim: the status, why, and what BHEC records."""

    status: Status
    summary: str
    level: Level | None = None
    flags: frozenset[Flag] = frozenset()


def status_for(row: BhecLicence, query: LicenceQuery, claim: Claim, today: date) -> Judgement:
    """The status of `query` (claiming `claim`) given the matching row, and why."""
    licence = f"Texas licence {row.number}"
    recorded = recorded_level(claim.file, row.rank)
    level = recorded[0] if recorded else None
    if not names_match(query.first_name, query.last_name, row.first_name, row.last_name):
        return Judgement(
            Status.MISMATCH, f"{licence} belongs to {row.display_name}, not this name.", level
        )
    if recorded is None:
        return Judgement(
            Status.ERROR,
            f"BHEC lists {licence} ({row.status}) with rank {row.rank!r}, which Solace does "
            "not know yet; a person checks it on BHEC's licence lookup.",
        )
    title = recorded[1]
    status = STATUSES.get(row.status.strip().casefold())
    if status is None:
        return Judgement(
            Status.ERROR,
            f"BHEC lists {licence} with a status the verifier does not know "
            f"({row.status!r}); a person must read it.",
            level,
        )
    if status is Status.SANCTIONED:
        return Judgement(
            status, f"{licence} ({title}) is under a current restriction: {row.status}.", level
        )
    if status is Status.INACTIVE:
        return Judgement(
            status, f"{licence} ({title}) is not in force: BHEC lists it as {row.status}.", level
        )
    disciplined = row.disciplined
    if disciplined is None:
        return Judgement(
            Status.ERROR,
            f"BHEC's disciplinary-action column for {licence} reads {row.discipline!r}, "
            "which the verifier does not know; a person must read it.",
            level,
        )
    flags = frozenset({Flag.DISCIPLINARY_RECORD}) if disciplined else frozenset()
    if level is not claim.level:
        return Judgement(
            Status.MISMATCH,
            f"BHEC records {licence} as {title}, not the {claim.title} claimed.",
            level,
            flags,
        )
    if row.expires_on and row.expires_on < today:
        return Judgement(Status.INACTIVE, f"{licence} expired on {row.expires_on}.", level)
    until = f", expires {row.expires_on}" if row.expires_on else ""
    record = " BHEC shows a public disciplinary history on it." if disciplined else ""
    return Judgement(
        Status.VERIFIED,
        f"{licence} ({title}) is active for {row.display_name}{until}.{record}",
        level,
        flags,
    )


def _best_row(rows: list[BhecLicence], query: LicenceQuery, claim: Claim) -> BhecLicence:
    """The row to judge when a number has several: the claimant's, at the claimed level
    if one is."""
    named = [
        r for r in rows if names_match(query.first_name, query.last_name, r.first_name, r.last_name)
    ]
    at_level = [
        r for r in named if (recorded_level(claim.file, r.rank) or (None,))[0] is claim.level
    ]
    return (at_level or named or rows)[0]


def _named(row: BhecLicence, query: LicenceQuery) -> bool:
    return names_match(query.first_name, query.last_name, row.first_name, row.last_name)


class TxBhecVerifier(FileRegistryVerifier[BhecIndex]):
    """Checks Texas LPC, LMFT, social work and psychology licences."""

    name = "tx-bhec"
    kind = Kind.LICENCE
    jurisdictions = ("US-TX",)
    registry_name = "Texas Behavioral Health Executive Council"
    default_base_url = "https://www.bhec.texas.gov/csv/"
    default_requests_per_second = 1.0
    default_stale_after_days = STALE_AFTER_DAYS
    base_url_is_folder = True  # the four files sit inside it

    def local_copies(self, folder: Path) -> dict[str, LocalCopy[BhecIndex]]:
        """The four licensee files, by code (``LPC`` for LPC.csv)."""
        return {
            code: LocalCopy(
                self.client, f"{code}.csv", folder / f"{code}.csv", self.parse, check_download
            )
            for code in FILES
        }

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type BHEC does not issue is a MISMATCH; nothing is looked up."""
        if claimed_type(query.licence_type) is None:
            return self.result(
                Status.MISMATCH,
                f"BHEC does not issue {query.licence_type!r} licences (it issues LPC, "
                "LMFT, LCSW, LMSW, LBSW, LP, LPA and LSSP); nothing was looked up.",
            )
        return None

    @staticmethod
    def parse(payload: Path | str | bytes) -> BhecIndex:
        """Read a BHEC licensee CSV (a path, or its content) into an index.

        Raises `ParseError` when it is not a licensee file (a web page, other columns).
        """
        rows: dict[str, list[str]] = {}
        by_name: dict[str, list[str]] = {}
        count = 0
        with csv_records(payload, "BHEC", REQUIRED, FIELDS) as records:
            for fields in records:
                number = licence_number_key(fields[2])
                rows.setdefault(number, []).append(_SEP.join(fields))
                for key in name_keys(fields[4], fields[3]):
                    by_name.setdefault(key, []).append(number)
                count += 1
        return BhecIndex(rows, count, by_name)

    def fetch(self, query: LicenceQuery) -> LocalCopy[BhecIndex]:
        """The local copy of the licensee file for the claimed licence type."""
        claim = claimed_type(query.licence_type)
        return self.copies[claim.file if claim else ""]

    def decide(self, query: LicenceQuery, snapshot: Snapshot[BhecIndex]) -> VerificationResult:
        """Look the claimed licence up in its licensee file, and judge the row."""
        claim = claimed_type(query.licence_type)
        if claim is None:
            return self.screen(query)  # type: ignore[return-value]
        index = snapshot.records
        as_of = snapshot.as_of
        today = datetime.now(UTC).date()
        age = (today - as_of).days
        stale = (
            f" The local copy is {age} days old; refresh it." if age > self.stale_after_days else ""
        )
        rows = index.lookup(query.number)
        if not rows:
            return self.result(
                Status.NOT_FOUND,
                f"BHEC's {claim.file} file (as of {as_of}) has no licence {query.number}. It "
                "lists current licensees only: revoked, surrendered and long-expired licences "
                f"are absent, so check BHEC's licence lookup by hand.{stale}",
                registry_url=snapshot.url,
                evidence=f"Searched {index.count} rows of {claim.file}.csv dated {as_of}: "
                "no match.",
            )
        row = _best_row(rows, query, claim)
        judged = status_for(row, query, claim, today)
        return self.result(
            judged.status,
            judged.summary + stale,
            registry_url=snapshot.url,
            registry_name=row.display_name,
            registry_details={**row.as_details(), "file_as_of": as_of},
            expires_on=row.expires_on,
            evidence="\n".join(r.evidence() for r in rows[:5]),
            level=judged.level,
            flags=judged.flags,
        )

    def lookup_by_name(self, query: LicenceQuery) -> VerificationResult:
        """Who BHEC's files list under the queried name, or the queried number (with
        that name, when both are given): in the file of the claimed licence type when
        one is given, otherwise in all four. Never raises."""
        return self.guarded(self._by_name, query)

    def _by_name(self, query: LicenceQuery) -> VerificationResult:
        claim = claimed_type(query.licence_type) if query.licence_type else None
        if query.licence_type and claim is None:
            return self.screen(query)  # type: ignore[return-value]
        codes = [claim.file] if claim else list(FILES)
        today = datetime.now(UTC).date()
        found: list[tuple[BhecLicence, Judgement, str]] = []
        searched = 0
        as_of = today
        for code in codes:
            copy = self.copies[code]
            index = copy.load()
            as_of = min(as_of, copy.as_of())
            searched += index.count
            if query.number:
                rows = index.lookup(query.number)
                if query.first_name or query.last_name:
                    rows = [r for r in rows if _named(r, query)]
            else:
                rows = index.by_name(query.first_name, query.last_name)
            for row in rows:
                recorded = recorded_level(code, row.rank)
                title = recorded[1] if recorded else row.rank
                own = Claim(code, recorded[0] if recorded else Level.INDEPENDENT, title)
                # Rows were chosen by name (or number): judge each as its holder's own.
                held = replace(query, first_name=row.first_name, last_name=row.last_name)
                found.append((row, status_for(row, held, own, today), title))
        url = self.client.url("")
        asked = f"with number {query.number}" if query.number else f"named {query.full_name}"
        if not found:
            return self.result(
                Status.NOT_FOUND,
                f"BHEC's files (as of {as_of}) list no licensee {asked}. "
                "They list current licensees only.",
                registry_url=url,
                evidence=f"Searched {searched} rows of {', '.join(codes)} by name: no match.",
            )
        order = (Status.VERIFIED, Status.SANCTIONED, Status.INACTIVE, Status.MISMATCH)
        found.sort(key=lambda f: order.index(f[1].status) if f[1].status in order else 9)
        best_row, best, _ = found[0]
        matches = [
            {
                "name": row.display_name,
                "number": row.number,
                "licence_type": title,
                "status": judged.status.value,
                "level": judged.level.value if judged.level else None,
                "expires_on": row.expires_on,
            }
            for row, judged, title in found[:NAME_MATCHES_SHOWN]
        ]
        return self.result(
            best.status,
            f"BHEC's files (as of {as_of}) list {len(found)} licence(s) {asked}. {best.summary}",
            registry_url=url,
            registry_name=best_row.display_name,
            registry_details={"matches": matches, "match_count": len(found), "file_as_of": as_of},
            expires_on=best_row.expires_on,
            evidence="\n".join(row.evidence() for row, _, _ in found[:5]),
            level=best.level,
            flags=best.flags,
        )
