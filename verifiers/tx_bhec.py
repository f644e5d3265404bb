"""Texas Behavioral Health Executive Council: Texas counsellor, MFT, psychologist
and social work licences (licence kind, US-TX).

Registry: Texas BHEC daily licensee files ``https://www.bhec.texas.gov/csv/LPC.csv``,
``MFT.csv``, ``PSY.csv`` and ``SW.csv``, one row per licence, with columns including
``LIC_TYPE, RANK, LIC_NBR, LAST_NME, FIRST_NME, MIDDLE_NME, LIC_STATUS,
LIC_EXPR_DTE, DISCPL_ACTN``. Columns are read by name, so added columns and a
changed order do no harm; a missing required column is an ERROR.
Format last checked: 2026-11-26, against the documented layout above (no recorded
file is kept; tests/fixtures/tx_bhec/ holds files written to it).

The files are kept in the data folder: each is downloaded on first use, and all
four by `refresh()`; a failed download keeps the old copy. The files list current
licensees, so a revoked or long-expired licence is simply absent (NOT_FOUND, and
the summary says so).

Decisions: a licence type BHEC does not issue, another type under that number, or
another name: MISMATCH; discipline on record (DISCPL_ACTN yes) or a probated,
suspended or revoked status: SANCTIONED; expired, inactive, retired...: INACTIVE;
active, unexpired and clean: VERIFIED; a status never seen before: ERROR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from verifiers.core import Kind, LicenceQuery, Status, VerificationResult
from verifiers.datafiles import (
    FileRegistryVerifier,
    LocalCopy,
    Snapshot,
    check_csv_download,
    csv_records,
)
from verifiers.matching import licence_number_key, names_match

__all__ = ["FILES", "BhecIndex", "BhecLicence", "TxBhecVerifier", "canonical_type", "status_for"]

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
REQUIRED = ("LIC_NBR", "LAST_NME", "FIRST_NME", "LIC_STATUS")
STALE_AFTER_DAYS = 7
_SEP = "\x1f"

# Licence type as written by people or the files -> (file, canonical type).
# Supervisor status (-S) is an endorsement of the same licence; associates (-A),
# LMSW-AP and the psychology licences are distinct licences.
_TYPES = {
    "LPC": ("LPC", "LPC"),
    "LPC-S": ("LPC", "LPC"),
    "LICENSED PROFESSIONAL COUNSELOR": ("LPC", "LPC"),
    "LPC-A": ("LPC", "LPC-A"),
    "LPC ASSOCIATE": ("LPC", "LPC-A"),
    "LPC INTERN": ("LPC", "LPC-A"),
    "LMFT": ("MFT", "LMFT"),
    "LMFT-S": ("MFT", "LMFT"),
    "LICENSED MARRIAGE AND FAMILY THERAPIST": ("MFT", "LMFT"),
    "LMFT-A": ("MFT", "LMFT-A"),
    "LMFT ASSOCIATE": ("MFT", "LMFT-A"),
    "LCSW": ("SW", "LCSW"),
    "LCSW-S": ("SW", "LCSW"),
    "LICENSED CLINICAL SOCIAL WORKER": ("SW", "LCSW"),
    "LMSW": ("SW", "LMSW"),
    "LICENSED MASTER SOCIAL WORKER": ("SW", "LMSW"),
    "LMSW-AP": ("SW", "LMSW-AP"),
    "LBSW": ("SW", "LBSW"),
    "LP": ("PSY", "LP"),
    "PSYCHOLOGIST": ("PSY", "LP"),
    "LICENSED PSYCHOLOGIST": ("PSY", "LP"),
    "LPA": ("PSY", "LPA"),
    "PSYCHOLOGICAL ASSOCIATE": ("PSY", "LPA"),
    "LICENSED PSYCHOLOGICAL ASSOCIATE": ("PSY", "LPA"),
    "PLP": ("PSY", "PLP"),
    "PROVISIONALLY LICENSED PSYCHOLOGIST": ("PSY", "PLP"),
    "LSSP": ("PSY", "LSSP"),
    "LICENSED SPECIALIST IN SCHOOL PSYCHOLOGY": ("PSY", "LSSP"),
}
_SQUASH = re.compile(r"[^A-Z]")
_LOOKUP = {_SQUASH.sub("", k): v for k, v in _TYPES.items()}

_SANCTION_WORDS = ("PROBAT", "SUSPEND", "REVOK", "RESTRICT", "SURRENDER", "REPRIMAND", "DISCIPL")
_INACTIVE_WORDS = (
    "EXPIRED", "INACTIVE", "RETIRED", "DELINQUENT", "CANCEL", "DECEASED", "LAPSED", "VOID",
    "NOT RENEWED", "EMERITUS",
)  # fmt: skip
_ACTIVE_WORDS = ("ACTIVE", "CURRENT", "CLEAR")


def canonical_type(text: str) -> tuple[str, str] | None:
    """(file, canonical type) for a licence type, or None if BHEC does not issue it."""
    return _LOOKUP.get(_SQUASH.sub("", (text or "").upper().replace("&", "AND")))


def bhec_date(value: str) -> date | None:
    """A date as the files may write it (``MM/DD/YYYY``, ISO, ``YYYYMMDD``)."""
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
    def disciplined(self) -> bool:
        """Whether the file flags disciplinary action."""
        return self.discipline.strip().upper() in ("Y", "YES", "TRUE", "1")

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


class BhecIndex:
    """One licensee file in memory, by licence number (rows kept compact)."""

    def __init__(self, rows: dict[str, list[str]], count: int) -> None:
        self._rows = rows
        self.count = count

    def lookup(self, number: str) -> list[BhecLicence]:
        """Rows for this licence number (spelling variants folded)."""
        found = []
        for row in self._rows.get(licence_number_key(number), ()):
            f = row.split(_SEP)
            found.append(BhecLicence(*f[:7], bhec_date(f[7]), f[8]))  # type: ignore[arg-type]
        return found


def check_download(path: Path) -> None:
    """Refuse a download that is not the BHEC file, so the old copy stays."""
    check_csv_download(path, REQUIRED, "BHEC")


def status_for(row: BhecLicence, query: LicenceQuery, today: date) -> tuple[Status, str]:
    """The status of `query` given the matching row, and why."""
    number = f"{row.licence_type or 'licence'} {row.number}"
    if not names_match(query.first_name, query.last_name, row.first_name, row.last_name):
        return Status.MISMATCH, f"Texas {number} belongs to {row.display_name}, not this name."
    status = row.status.upper()
    if row.disciplined or any(w in status for w in _SANCTION_WORDS):
        return Status.SANCTIONED, (
            f"Texas {number} ({row.status}) has disciplinary action on record at BHEC."
        )
    if any(w in status for w in _INACTIVE_WORDS):
        return Status.INACTIVE, f"Texas {number} is not in force: BHEC lists it as {row.status}."
    if not any(w in status for w in _ACTIVE_WORDS):
        return Status.ERROR, (
            f"BHEC lists Texas {number} with a status the verifier does not know "
            f"({row.status!r}); a person must read it."
        )
    if row.expires_on and row.expires_on < today:
        return Status.INACTIVE, f"Texas {number} expired on {row.expires_on}."
    until = f", expires {row.expires_on}" if row.expires_on else ""
    return Status.VERIFIED, f"Texas {number} is active for {row.display_name}{until}."


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
        if canonical_type(query.licence_type) is None:
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
        count = 0
        with csv_records(payload, "BHEC", REQUIRED, FIELDS) as records:
            for fields in records:
                rows.setdefault(licence_number_key(fields[2]), []).append(_SEP.join(fields))
                count += 1
        return BhecIndex(rows, count)

    def fetch(self, query: LicenceQuery) -> LocalCopy[BhecIndex]:
        """The local copy of the licensee file for the claimed licence type."""
        code, _ = canonical_type(query.licence_type) or ("", "")
        return self.copies[code]

    def decide(self, query: LicenceQuery, snapshot: Snapshot[BhecIndex]) -> VerificationResult:
        """Look the claimed licence up in its licensee file, and judge the row."""
        code, wanted = canonical_type(query.licence_type) or ("", "")
        index = snapshot.records
        as_of = snapshot.as_of
        age = (datetime.now(UTC).date() - as_of).days
        stale = (
            f" The local copy is {age} days old; refresh it." if age > self.stale_after_days else ""
        )
        rows = index.lookup(query.number)
        if not rows:
            return self.result(
                Status.NOT_FOUND,
                f"BHEC's {code} file (as of {as_of}) has no licence {query.number}. "
                f"A revoked or long-expired licence also looks like this.{stale}",
                registry_url=snapshot.url,
                evidence=f"Searched {index.count} rows of {code}.csv dated {as_of}: no match.",
            )
        # A row whose type we cannot read is taken to be of its file's kind.
        same_type = [r for r in rows if _type_of(r) in (None, wanted)]
        row = (same_type or rows)[0]
        if not same_type:
            status = Status.MISMATCH
            summary = f"Texas licence {row.number} is a {row.licence_type}, "
            summary += f"not a {query.licence_type}."
        else:
            status, summary = status_for(row, query, datetime.now(UTC).date())
        return self.result(
            status,
            summary + stale,
            registry_url=snapshot.url,
            registry_name=row.display_name,
            registry_details={**row.as_details(), "file_as_of": as_of},
            expires_on=row.expires_on,
            evidence="\n".join(
                ",".join(f"{k}={v}" for k, v in zip(FIELDS, _row_values(r), strict=True))
                for r in rows[:5]
            ),
        )


def _type_of(row: BhecLicence) -> str | None:
    kind = canonical_type(row.licence_type)
    return kind[1] if kind else None


def _row_values(row: BhecLicence) -> tuple[str, ...]:
    return (
        row.licence_type,
        row.rank,
        row.number,
        row.last_name,
        row.first_name,
        row.middle_name,
        row.status,
        row.expires_on.isoformat() if row.expires_on else "",
        row.discipline,
    )
