"""HHS-OIG List of Excluded Individuals/Entities: US federal exclusions (exclusion kind).

Registry: Office of Inspector General, US Department of Health and Human Services,
full LEIE file ``https://oig.hhs.gov/exclusions/downloadables/UPDATED.csv``
(published monthly). Columns, double-quoted:
``LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,
STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE``; NPI ``0000000000``
means unknown; dates are ``yyyymmdd`` with ``00000000`` for none.
Format last checked: 2026-11-26, against the documented layout above (no
recorded file is kept; tests/fixtures/oig_leie/ holds files written to it).

The file is kept in the data folder, downloaded on first use and by `refresh()`;
a failed download keeps the old copy.

Decisions:

- the claimed NPI is on the list: SANCTIONED;
- only the name is (in the claimed state, when one is given), without an NPI that
  tells the two apart: MISMATCH, for a person to compare; a name alone never
  sanctions anyone automatically;
- otherwise VERIFIED: "not on the exclusion list as of <file date>".

A copy older than 45 days says so in every result's summary.
"""

from __future__ import annotations

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
from verifiers.matching import name_words

__all__ = ["COLUMNS", "LeieEntry", "LeieIndex", "OigLeieVerifier"]

COLUMNS = [
    "LASTNAME",
    "FIRSTNAME",
    "MIDNAME",
    "BUSNAME",
    "GENERAL",
    "SPECIALTY",
    "UPIN",
    "NPI",
    "DOB",
    "ADDRESS",
    "CITY",
    "STATE",
    "ZIP",
    "EXCLTYPE",
    "EXCLDATE",
    "REINDATE",
    "WAIVERDATE",
    "WVRSTATE",
]
REQUIRED = ("LASTNAME", "FIRSTNAME", "NPI", "STATE", "EXCLTYPE", "EXCLDATE")
# Kept per entry, in this order (DOB and street address are deliberately dropped:
# the decision does not need them and results should not carry them around).
KEPT = (
    "LASTNAME",
    "FIRSTNAME",
    "MIDNAME",
    "BUSNAME",
    "GENERAL",
    "SPECIALTY",
    "NPI",
    "CITY",
    "STATE",
    "EXCLTYPE",
    "EXCLDATE",
    "REINDATE",
    "WAIVERDATE",
    "WVRSTATE",
)
UNKNOWN_NPI = "0000000000"
STALE_AFTER_DAYS = 45
_SEP = "\x1f"


def leie_date(value: str) -> date | None:
    """A LEIE ``yyyymmdd`` date; ``00000000`` or junk is None."""
    value = (value or "").strip()
    if len(value) != 8 or not value.isdigit() or value == "00000000":
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


@dataclass(frozen=True)
class LeieEntry:
    """One listed exclusion, as the file gives it (without DOB and street)."""

    last_name: str
    first_name: str
    middle_name: str
    business: str
    general: str
    specialty: str
    npi: str
    city: str
    state: str
    exclusion_type: str
    excluded_on: date | None
    reinstated_on: date | None
    waiver_on: date | None
    waiver_state: str

    @property
    def known_npi(self) -> str | None:
        """The listed NPI, or None when the list does not know it."""
        npi = self.npi.strip()
        return npi if npi and npi != UNKNOWN_NPI and npi.strip("0") else None

    @property
    def display_name(self) -> str:
        """The listed person's (or business's) name."""
        person = " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)
        return person or self.business

    def as_details(self) -> dict[str, Any]:
        """The entry as JSON-ready details."""
        return {
            "name": self.display_name,
            "npi": self.known_npi,
            "general": self.general,
            "specialty": self.specialty,
            "city": self.city,
            "state": self.state,
            "exclusion_type": self.exclusion_type,
            "excluded_on": self.excluded_on,
            "reinstated_on": self.reinstated_on,
            "waiver_on": self.waiver_on,
            "waiver_state": self.waiver_state,
        }

    def as_evidence(self) -> str:
        """The entry as a line of the file would show it (without DOB and street)."""
        return ", ".join(f"{k}={v}" for k, v in self.as_details().items() if v)


def name_key(last: str, first: str) -> str:
    """Index key for a person: surname words and the first given name, folded."""
    given = name_words(first)
    return f"{' '.join(name_words(last))}|{given[0] if given else ''}"


class LeieIndex:
    """The exclusion list in memory, indexed by NPI and by name.

    Rows are kept as compact joined strings and decoded on lookup: the full list
    (~80k rows) then costs tens of megabytes rather than hundreds.
    """

    def __init__(
        self, rows: list[str], by_npi: dict[str, list[int]], by_name: dict[str, list[int]]
    ):
        self._rows = rows
        self._by_npi = by_npi
        self._by_name = by_name

    def __len__(self) -> int:
        return len(self._rows)

    def _entry(self, index: int) -> LeieEntry:
        f = self._rows[index].split(_SEP)
        return LeieEntry(
            f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9],
            leie_date(f[10]), leie_date(f[11]), leie_date(f[12]), f[13],
        )  # fmt: skip

    def by_npi(self, npi: str) -> list[LeieEntry]:
        """Entries listing this NPI."""
        return [self._entry(i) for i in self._by_npi.get(npi.strip(), ())]

    def by_name(self, last: str, first: str, state: str | None = None) -> list[LeieEntry]:
        """Entries for this surname and first name, in `state` when given."""
        entries = [self._entry(i) for i in self._by_name.get(name_key(last, first), ())]
        if state:
            entries = [e for e in entries if e.state.upper() == state.upper()]
        return entries


def check_download(path: Path) -> None:
    """Refuse a download that is not the LEIE file, so the old copy stays."""
    check_csv_download(path, REQUIRED, "LEIE")


def _active(entries: list[LeieEntry], today: date) -> list[LeieEntry]:
    # UPDATED.csv lists current exclusions; a past reinstatement date means lifted.
    return [e for e in entries if not (e.reinstated_on and e.reinstated_on <= today)]


class OigLeieVerifier(FileRegistryVerifier[LeieIndex]):
    """Checks that a US provider is not on the OIG exclusion list."""

    name = "oig-leie"
    kind = Kind.EXCLUSION
    jurisdictions = ("US",)
    registry_name = "HHS-OIG List of Excluded Individuals/Entities (LEIE)"
    default_base_url = "https://oig.hhs.gov/exclusions/downloadables/UPDATED.csv"
    default_requests_per_second = 1.0
    default_stale_after_days = STALE_AFTER_DAYS

    def local_copies(self, folder: Path) -> dict[str, LocalCopy[LeieIndex]]:
        """The one file, UPDATED.csv: the base URL is its address."""
        path = folder / "UPDATED.csv"
        return {path.name: LocalCopy(self.client, "", path, self.parse, check_download)}

    @property
    def copy(self) -> LocalCopy[LeieIndex]:
        """The local copy of the list."""
        return self.copies["UPDATED.csv"]

    @staticmethod
    def parse(payload: Path | str | bytes) -> LeieIndex:
        """Read a LEIE CSV (a path, or its content) into an index.

        Raises `ParseError` when it is not the LEIE file (a web page, other columns).
        """
        rows: list[str] = []
        by_npi: dict[str, list[int]] = {}
        by_name: dict[str, list[int]] = {}
        with csv_records(payload, "LEIE", REQUIRED, KEPT) as records:
            for fields in records:
                index = len(rows)
                rows.append(_SEP.join(fields))
                npi = fields[6]
                if npi and npi != UNKNOWN_NPI:
                    by_npi.setdefault(npi, []).append(index)
                if fields[0]:
                    by_name.setdefault(name_key(fields[0], fields[1]), []).append(index)
        return LeieIndex(rows, by_npi, by_name)

    def fetch(self, query: LicenceQuery) -> LocalCopy[LeieIndex]:
        """The local copy of the list: every query is answered from it."""
        return self.copy

    def decide(self, query: LicenceQuery, snapshot: Snapshot[LeieIndex]) -> VerificationResult:
        """Look the claim up in the list: by NPI, then by name."""
        index = snapshot.records
        as_of = snapshot.as_of
        today = datetime.now(UTC).date()
        age = (today - as_of).days
        stale = (
            f" The local copy of the list is {age} days old (more than "
            f"{self.stale_after_days}); refresh it."
            if age > self.stale_after_days
            else ""
        )
        npi = "".join(ch for ch in (query.npi or "") if ch.isdigit())
        listed = _active(index.by_npi(npi), today) if npi else []
        if listed:
            first = listed[0]
            since = f" since {first.excluded_on}" if first.excluded_on else ""
            return self._found(
                Status.SANCTIONED,
                f"NPI {npi} is on the OIG exclusion list ({first.display_name}, "
                f"type {first.exclusion_type}{since}), list as of {as_of}.{stale}",
                listed,
            )
        named = _active(index.by_name(query.last_name, query.first_name, query.subdivision), today)
        if npi:
            # A listed NPI that differs from the claimed one is someone else.
            named = [e for e in named if e.known_npi in (None, npi)]
        if named:
            where = f" in {query.subdivision}" if query.subdivision else ""
            return self._found(
                Status.MISMATCH,
                f"Someone named {named[0].display_name}{where} is on the OIG exclusion list "
                f"without an NPI that tells them apart; a person must check whether it is "
                f"this therapist (list as of {as_of}).{stale}",
                named,
            )
        return self.result(
            Status.VERIFIED,
            f"Not on the OIG exclusion list as of {as_of}.{stale}",
            registry_url=self.copy.url,
            registry_details={"list_as_of": as_of, "entries": len(index)},
            evidence=(
                f"Searched {len(index)} entries of the list dated {as_of} for "
                f"NPI {npi or '(none given)'} and name {query.full_name}"
                f"{' in ' + query.subdivision if query.subdivision else ''}: no entry."
            ),
        )

    def _found(self, status: Status, summary: str, entries: list[LeieEntry]) -> VerificationResult:
        return self.result(
            status,
            summary,
            registry_url=self.copy.url,
            registry_name=entries[0].display_name,
            registry_details={"entries": [e.as_details() for e in entries[:10]]},
            evidence="\n".join(e.as_evidence() for e in entries[:10]),
        )
