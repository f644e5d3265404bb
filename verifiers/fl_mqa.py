"""Florida Department of Health, Division of Medical Quality Assurance: Florida
psychologist and school psychologist licences (licence kind, US-FL, file-backed).

Registry: MQA's licence search CSV export, one file per profession,
``GET https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders/
ExportToCsvLVP?jsonModel=<url-encoded JSON>`` with the JSON keys ``Id, Board,
Profession, SpecialtyOrCertification, OtherSpecialtyOrCertification, LicenseNumber,
FirstName, LastName, BusinessName, City, County, ZipCode, LicenseStatus,
IsAuthorizedToOrderCannabis``; ``Profession`` is the profession code and
``LicenseStatus`` ``ALL`` (the server's ``A`` filter is reported unreliable). No
token or cookie. The CSV's columns, read by header name: ``License``, ``Name``
("LAST, FIRST MIDDLE"), ``Profession``, ``City``, ``License Status``.
Format last checked: 2026-12-01. MQA publishes no layout document; the layout is the
one a public scraper read from the live export on 2026-05-14 (codes 1501 and 701),
and a Python crawler reading ``data['License']`` (see tests/fixtures/README.md).

Why this path: the other documented one, the pipe-delimited data-download files, gives
``License-Status-Description`` (CLEAR, REVOKED...) but not, under any sourced header
name, whether a clear licence is active or inactive; the export gives both in one
value ("Clear/Active"). The whole profession is kept as a file (refreshed daily,
replaced only when complete) and licences are looked up by number in it, so that the
way a person writes the number (``PY1234``, ``1234``) cannot turn into a false
not-found.

Professions: only the codes a source names, 2701 Psychologist and 4101 School
Psychologist. Florida's counselling, marriage and family therapy and clinical social
work professions (chapter 491) have no sourced code: a person checks them.
Statuses: only "Clear/Active" is sourced (VERIFIED); any other value is an ERROR for a
person, never a guess. The export has no discipline column, so a public disciplinary
record is not seen here; "Clear" is the half of the status that says the licence
carries no current restriction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from verifiers.core import Kind, Level, LicenceQuery, Status, VerificationResult
from verifiers.datafiles import (
    FileRegistryVerifier,
    LocalCopy,
    Snapshot,
    check_csv_download,
    csv_records,
)
from verifiers.errors import ParseError
from verifiers.http import looks_like_html
from verifiers.matching import full_name_matches, licence_number_key

__all__ = [
    "PROFESSIONS",
    "STATUSES",
    "FlLicence",
    "FlMqaVerifier",
    "MqaIndex",
    "Profession",
    "export_path",
]

SEARCH_PAGE = "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders"
COLUMNS = ("LICENSE", "NAME", "PROFESSION", "LICENSE STATUS")
REQUIRED = ("LICENSE", "NAME", "LICENSE STATUS")
_SEP = "\x1f"


@dataclass(frozen=True)
class Profession:
    """An MQA profession: its code, its name, the level it allows, and the claimed
    licence types that name it."""

    code: str
    title: str
    level: Level
    claims: tuple[str, ...]


# Psychologists license independent practice; school psychologists (chapter 490) a
# scope other than general psychotherapy.
PROFESSIONS = (
    Profession("2701", "Psychologist", Level.INDEPENDENT,
               ("PSYCHOLOGIST", "LICENSED PSYCHOLOGIST", "PSY", "LP")),
    Profession("4101", "School Psychologist", Level.LIMITED_SCOPE,
               ("SCHOOL PSYCHOLOGIST", "LICENSED SCHOOL PSYCHOLOGIST")),
)  # fmt: skip
_BY_CLAIM = {" ".join(c.split()): p for p in PROFESSIONS for c in p.claims}

# "License Status", compared case-insensitively as a whole.
STATUSES = {"clear/active": Status.VERIFIED}


def export_path(code: str) -> str:
    """The export's address, relative to the HealthCareProviders folder, for one
    profession with every status."""
    model = {
        "Id": 0, "Board": None, "Profession": code, "SpecialtyOrCertification": None,
        "OtherSpecialtyOrCertification": None, "LicenseNumber": None, "FirstName": None,
        "LastName": None, "BusinessName": None, "City": None, "County": None,
        "ZipCode": None, "LicenseStatus": "ALL", "IsAuthorizedToOrderCannabis": None,
    }  # fmt: skip
    return "ExportToCsvLVP?jsonModel=" + quote(json.dumps(model, separators=(",", ":")), safe="")


def claimed_profession(licence_type: str) -> Profession | None:
    """The profession a claimed licence type names, or None when none is checked here."""
    return _BY_CLAIM.get(" ".join((licence_type or "").upper().replace(".", " ").split()))


@dataclass(frozen=True)
class FlLicence:
    """One row of the export."""

    number: str
    name: str
    profession: str
    status: str

    def as_details(self) -> dict[str, Any]:
        """The row as JSON-ready details."""
        return {"licence_number": self.number, "profession": self.profession,
                "status": self.status}  # fmt: skip

    def evidence(self) -> str:
        """The row, column by column."""
        return f"License={self.number},Name={self.name},Profession={self.profession}," \
               f"License Status={self.status}"  # fmt: skip


class MqaIndex:
    """One profession's export in memory, by licence number."""

    def __init__(self, rows: dict[str, list[str]], count: int) -> None:
        self._rows = rows
        self.count = count

    def lookup(self, number: str) -> list[FlLicence]:
        """Rows for this licence number (prefix letters and leading zeros folded)."""
        return [
            FlLicence(*row.split(_SEP)) for row in self._rows.get(licence_number_key(number), ())
        ]


def check_download(path: Path) -> None:
    """Refuse a download that is not the export, so the old copy stays; an empty
    export is reported as empty before any column it lacks."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    lines = [line for line in head.decode("utf-8-sig", "replace").splitlines() if line.strip()]
    if not looks_like_html(head) and len(lines) < 2:
        raise ParseError("The MQA export download has no entries; any earlier copy is kept.")
    check_csv_download(path, REQUIRED, "MQA export")


class FlMqaVerifier(FileRegistryVerifier[MqaIndex]):
    """Checks Florida psychologist and school psychologist licences."""

    name = "fl-mqa"
    kind = Kind.LICENCE
    jurisdictions = ("US-FL",)
    registry_name = "Florida Department of Health, Medical Quality Assurance"
    default_base_url = SEARCH_PAGE + "/"
    # One export a profession a day: the server is MQA's public search site.
    default_requests_per_second = 0.5
    default_stale_after_days = 7
    base_url_is_folder = True

    def local_copies(self, folder: Path) -> dict[str, LocalCopy[MqaIndex]]:
        """One export per profession, by code."""
        return {
            p.code: LocalCopy(self.client, export_path(p.code), folder / f"{p.code}.csv",
                              self.parse, check_download)
            for p in PROFESSIONS
        }  # fmt: skip

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type without a sourced profession code goes to a person (ERROR
        with ``manual_check``); nothing is downloaded."""
        if claimed_profession(query.licence_type) is not None:
            return None
        return self.result(
            Status.ERROR,
            f"Florida licences of the type {query.licence_type!r} are not checked "
            "automatically (only psychologists and school psychologists); a person checks "
            f"it at {SEARCH_PAGE}",
            registry_url=SEARCH_PAGE,
            registry_details={"manual_check": True, "where": SEARCH_PAGE,
                              "licence_type": query.licence_type},
        )  # fmt: skip

    def fetch(self, query: LicenceQuery) -> LocalCopy[MqaIndex]:
        """The export of the claimed profession."""
        profession = claimed_profession(query.licence_type)
        return self.copies[profession.code if profession else PROFESSIONS[0].code]

    @staticmethod
    def parse(payload: Path | str | bytes) -> MqaIndex:
        """Read an export (a path, or its content) into an index; `ParseError` when it
        is not the export (a web page, other columns)."""
        rows: dict[str, list[str]] = {}
        count = 0
        with csv_records(payload, "MQA export", REQUIRED, COLUMNS) as records:
            for fields in records:
                rows.setdefault(licence_number_key(fields[0]), []).append(_SEP.join(fields))
                count += 1
        return MqaIndex(rows, count)

    def decide(self, query: LicenceQuery, snapshot: Snapshot[MqaIndex]) -> VerificationResult:
        """Judge the claim by the export's row for its number."""
        profession = claimed_profession(query.licence_type)
        if profession is None:
            return self.screen(query)  # type: ignore[return-value]
        age = (datetime.now(UTC).date() - snapshot.as_of).days
        stale = (
            f" The local copy is {age} days old; refresh it." if age > self.stale_after_days else ""
        )
        rows = snapshot.records.lookup(query.number)
        if not rows:
            return self.result(
                Status.NOT_FOUND,
                f"MQA's {profession.title.lower()} list (every status, as of "
                f"{snapshot.as_of}) has no licence {query.number}.{stale}",
                registry_url=snapshot.url,
                evidence=f"Searched {snapshot.records.count} rows of the {profession.code} "
                "export: no match.",
            )
        named = [r for r in rows if full_name_matches(query.first_name, query.last_name, r.name)]
        row = (named or rows)[0]
        licence = f"Florida {profession.title.lower()} licence {row.number}"
        status = STATUSES.get(" ".join(row.status.split()).casefold())
        if not named:
            outcome, summary = Status.MISMATCH, f"{licence} belongs to {row.name}, not this name."
        elif status is None:
            outcome = Status.ERROR
            summary = (f"MQA lists {licence} with the status {row.status!r}, which the verifier "
                       f"does not know; a person reads it at {SEARCH_PAGE}")  # fmt: skip
        else:
            outcome, summary = status, f"{licence} is {row.status} for {row.name}."
        details = {**row.as_details(), "profession_code": profession.code,
                   "file_as_of": snapshot.as_of}  # fmt: skip
        if outcome is Status.ERROR:
            details.update(manual_check=True, where=SEARCH_PAGE)
        return self.result(
            outcome,
            summary + stale,
            registry_url=snapshot.url,
            registry_name=row.name,
            registry_details=details,
            evidence="\n".join(r.evidence() for r in rows[:5]),
            level=profession.level,
        )
