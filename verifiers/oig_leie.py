"""HHS-OIG List of Excluded Individuals/Entities: US federal exclusions (exclusion kind).

Registry: Office of Inspector General, US Department of Health and Human Services,
full LEIE file ``https://oig.hhs.gov/exclusions/downloadables/UPDATED.csv``
(published monthly). Format last checked: 2026-12-01.

Layout, from public readers of the file (no OIG field-by-field document was found):
Senzing/mapper-leie ``leie_mapper.py`` (a profile of the full file of 2021-08-20), a
recorded row of OIG's supplement ``1610EXCL.csv`` quoted by a public loader, and OIG's
pages https://oig.hhs.gov/exclusions/state-agencies.asp and
https://www.oig.hhs.gov/exclusions/tips.asp. Columns
``LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,
STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE``; non-empty fields
double-quoted; NPI ``0000000000`` when unknown (most rows); dates ``yyyymmdd`` with
``00000000`` for none; no SSN (OIG may not publish it).

What the file means, and so how it is read:

- every row is a current exclusion: OIG removes reinstated people from the file and
  publishes reinstatements separately, so REINDATE is always ``00000000``; a past one
  is still read as "lifted", and logged, should it ever appear;
- STATE, CITY and ADDRESS are an address on record (OIG corrects addresses monthly),
  not where the person is licensed or practises: names are screened in every state;
- a waiver (WAIVERDATE, WVRSTATE) holds only in the state it names: the result gets
  `Flag.WAIVER` and a person decides what it means for this therapist;
- business rows (BUSNAME, no LASTNAME) never match a person by name.

Decisions:

- the claimed NPI is listed, or a listed name and date of birth both match the
  claim: SANCTIONED (an exclusion confirmed by an identifier), + WAIVER if any;
- only a name matches (the claimed name or one the person is known by elsewhere,
  e.g. in NPPES; case, accents, hyphens, middle names and suffixes aside), or the
  claimed NPI is listed for a business: MISMATCH with `Flag.POSSIBLE_MATCH`; the
  evidence lists the rows and says a person must clear them. A listed NPI or date of
  birth that differs does not clear a name match: the claim's own identifiers are
  self-reported;
- otherwise VERIFIED: "not on the exclusion list as of <file date>".

The list records no licence, so results carry no level and the claimed licence type
plays no part: an exclusion bars the person whatever they practise.

The file is kept in the data folder, downloaded on first use and by `refresh()`;
a failed download keeps the old copy. A copy older than 45 days says so in every
result's summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from verifiers.core import Flag, Kind, LicenceQuery, Status, VerificationResult
from verifiers.datafiles import (
    FileRegistryVerifier,
    LocalCopy,
    Snapshot,
    check_csv_download,
    csv_records,
)
from verifiers.matching import name_keys, name_words, names_match

__all__ = ["COLUMNS", "LeieEntry", "LeieIndex", "OigLeieVerifier"]

log = logging.getLogger("verifiers")

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
# Kept per entry, in this order: every column but the obsolete UPIN. All are required,
# since each one either decides a result or is shown to the person clearing a match.
KEPT = (
    "LASTNAME",
    "FIRSTNAME",
    "MIDNAME",
    "BUSNAME",
    "GENERAL",
    "SPECIALTY",
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
)
REQUIRED = KEPT
UNKNOWN_NPI = "0000000000"
STALE_AFTER_DAYS = 45
# A common name can match many rows; the evidence shows this many and counts the rest.
SHOWN_ROWS = 20
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
    """One listed exclusion, as the file gives it."""

    last_name: str
    first_name: str
    middle_name: str
    business: str
    general: str
    specialty: str
    npi: str
    born_on: date | None
    address: str
    city: str
    state: str
    zip_code: str
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
    def is_person(self) -> bool:
        """An individual's row; a business row has a BUSNAME and no LASTNAME."""
        return bool(self.last_name)

    @property
    def has_waiver(self) -> bool:
        """Whether OIG granted this exclusion a waiver."""
        return bool(self.waiver_on or self.waiver_state)

    @property
    def display_name(self) -> str:
        """The listed person's (or business's) name."""
        person = " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)
        return person or self.business

    @property
    def address_on_record(self) -> str:
        """ADDRESS, CITY, STATE ZIP as one line."""
        place = " ".join(p for p in (self.state, self.zip_code) if p)
        return ", ".join(p for p in (self.address, self.city, place) if p)

    @property
    def waiver_text(self) -> str:
        """The waiver in words, naming the one state where it holds."""
        since = f" of {self.waiver_on}" if self.waiver_on else ""
        where = self.waiver_state or "a state the list does not name"
        return f"waiver{since} for {where} only"

    def as_details(self) -> dict[str, Any]:
        """The entry as JSON-ready details."""
        return {
            "name": self.display_name,
            "business": self.business,
            "npi": self.known_npi,
            "date_of_birth": self.born_on,
            "general": self.general,
            "specialty": self.specialty,
            "address_on_record": self.address_on_record,
            "exclusion_type": self.exclusion_type,
            "excluded_on": self.excluded_on,
            "reinstated_on": self.reinstated_on,
            "waiver_on": self.waiver_on,
            "waiver_state": self.waiver_state,
        }

    def as_evidence(self) -> str:
        """The entry in one line, as a person comparing it needs it."""
        parts = [
            self.display_name,
            f"DOB {self.born_on or 'not listed'}",
            f"address on record {self.address_on_record or 'none'}",
            f"EXCLTYPE {self.exclusion_type}",
            f"EXCLDATE {self.excluded_on or 'not listed'}",
            f"NPI {self.known_npi or 'not listed'}",
        ]
        if self.specialty:
            parts.append(f"SPECIALTY {self.specialty}")
        if self.has_waiver:
            parts.append(f"{self.waiver_text} (WVRSTATE {self.waiver_state or 'empty'})")
        return "; ".join(parts)


def readings(full_name: str) -> list[tuple[str, str]]:
    """(first, last) pairs a one-string name may mean: "Last, First" as written,
    otherwise every split of its words in either order. Initials are left out: the
    list is searched by full names only."""
    if "," in full_name:
        last, _, first = full_name.partition(",")
        return [(first, last)]
    words = [w for w in name_words(full_name) if len(w) > 1]
    pairs = []
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        pairs += [(head, tail), (tail, head)]
    return pairs


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
            f[0], f[1], f[2], f[3], f[4], f[5], f[6], leie_date(f[7]), f[8], f[9], f[10],
            f[11], f[12], leie_date(f[13]), leie_date(f[14]), leie_date(f[15]), f[16],
        )  # fmt: skip

    def by_npi(self, npi: str) -> list[LeieEntry]:
        """Entries listing this NPI (persons and businesses)."""
        return [self._entry(i) for i in self._by_npi.get(npi.strip(), ())]

    def by_name(self, last: str, first: str) -> list[LeieEntry]:
        """Persons listed under this name, in every state: case, accents, hyphens,
        middle names and suffixes aside, as `matching.names_match` compares them."""
        found = sorted({i for key in name_keys(first, last) for i in self._by_name.get(key, ())})
        entries = (self._entry(i) for i in found)
        return [e for e in entries if names_match(first, last, e.first_name, e.last_name)]


def check_download(path: Path) -> None:
    """Refuse a download that is not the LEIE file, so the old copy stays."""
    check_csv_download(path, REQUIRED, "LEIE")


def _active(entries: list[LeieEntry], today: date) -> list[LeieEntry]:
    # UPDATED.csv holds current exclusions only; a reinstatement date is never expected
    # there, so one that has passed is taken as lifted and reported for a look.
    active = []
    for entry in entries:
        if entry.reinstated_on and entry.reinstated_on <= today:
            log.warning(
                "LEIE row %s carries REINDATE %s; read as reinstated",
                entry.display_name,
                entry.reinstated_on,
            )
            continue
        active.append(entry)
    return active


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
                if fields[0]:  # a person: business rows are never matched by name
                    for key in name_keys(fields[1], fields[0]):
                        by_name.setdefault(key, []).append(index)
        return LeieIndex(rows, by_npi, by_name)

    def fetch(self, query: LicenceQuery) -> LocalCopy[LeieIndex]:
        """The local copy of the list: every query is answered from it."""
        return self.copy

    def decide(self, query: LicenceQuery, snapshot: Snapshot[LeieIndex]) -> VerificationResult:
        """Look the claim up in the list: by NPI, and by every name the person goes by."""
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
        matched: dict[LeieEntry, list[str]] = {}

        def note(entries: list[LeieEntry], why: str) -> None:
            for entry in _active(entries, today):
                whys = matched.setdefault(entry, [])
                if why not in whys:
                    whys.append(why)

        if npi:
            note(index.by_npi(npi), f"NPI {npi}")
        note(index.by_name(query.last_name, query.first_name), f"claimed name {query.full_name}")
        for other in query.other_names:
            for first, last in readings(other):
                note(index.by_name(last, first), f"other name {other}")

        dob = query.date_of_birth
        confirmed = []
        for entry, whys in matched.items():
            if not entry.is_person:
                continue
            if npi and entry.known_npi == npi:
                confirmed.append(entry)
            elif dob and entry.born_on == dob:
                whys.append(f"date of birth {dob}")
                confirmed.append(entry)

        if confirmed:
            first = confirmed[0]
            since = f" since {first.excluded_on}" if first.excluded_on else ""
            listing = f"type {first.exclusion_type}{since}"
            if npi and first.known_npi == npi:
                said = f"NPI {npi} is on the OIG exclusion list ({first.display_name}, {listing})"
            else:
                said = (
                    f"{first.display_name}, born {dob}, is on the OIG exclusion list "
                    f"(name and date of birth match; {listing})"
                )
            waived = [e for e in confirmed if e.has_waiver]
            return self._found(
                Status.SANCTIONED,
                f"{said}, list as of {as_of}.{self._waiver_note(waived, first, query)}{stale}",
                confirmed + [e for e in matched if e not in confirmed],
                matched,
                query,
                as_of,
                waived,
            )
        if matched:
            people = [e for e in matched if e.is_person]
            named = people[0] if people else next(iter(matched))
            waived = [e for e in matched if e.has_waiver]
            if people:
                more = f", and {len(people) - 1} more" if len(people) > 1 else ""
                said = (
                    f"Possible match on the OIG exclusion list ({as_of}): "
                    f"{named.display_name}, address on record in "
                    f"{named.state or 'no state'}{more}. No identifier confirms it; "
                    "a person must clear it."
                )
            else:
                said = (
                    f"NPI {npi} is listed on the OIG exclusion list ({as_of}) for a business, "
                    f"{named.display_name}; a person must check this therapist's tie to it."
                )
            return self._found(
                Status.MISMATCH,
                f"{said}{self._waiver_note(waived, named, query)}{stale}",
                list(matched),
                matched,
                query,
                as_of,
                waived,
                possible=True,
            )
        names = [query.full_name, *query.other_names]
        return self.result(
            Status.VERIFIED,
            f"Not on the OIG exclusion list as of {as_of}.{stale}",
            registry_url=self.copy.url,
            registry_details={"list_as_of": as_of, "entries": len(index)},
            evidence=(
                f"Searched {len(index)} entries of the list dated {as_of}, in every state, "
                f"for NPI {npi or '(none given)'} and the names {'; '.join(names)}: no entry."
            ),
        )

    @staticmethod
    def _waiver_note(waived: list[LeieEntry], named: LeieEntry, query: LicenceQuery) -> str:
        if not waived:
            return ""
        whose = "It" if waived[0] == named else f"The listing of {waived[0].display_name}"
        claimed = f" (licence in {query.subdivision})" if query.subdivision else ""
        return f" {whose} has a {waived[0].waiver_text}{claimed}."

    def _found(
        self,
        status: Status,
        summary: str,
        entries: list[LeieEntry],
        matched: dict[LeieEntry, list[str]],
        query: LicenceQuery,
        as_of: date,
        waived: list[LeieEntry],
        *,
        possible: bool = False,
    ) -> VerificationResult:
        npi = "".join(ch for ch in (query.npi or "") if ch.isdigit())
        dob = query.date_of_birth
        head = (
            f"Rows of the OIG exclusion list dated {as_of} that match this therapist (names "
            "are searched in every state: the address is the one on record, not where "
            "anyone practises)."
        )
        if possible:
            head += (
                " No NPI or date of birth confirms that any is this therapist: a person must "
                "compare them with the therapist and clear the match before the profile is shown."
            )
        lines = [head]
        for entry in entries[:SHOWN_ROWS]:
            remarks = [f"matched on {', '.join(matched[entry])}"]
            if npi and entry.known_npi and entry.known_npi != npi:
                remarks.append(f"listed NPI differs from the claimed {npi}")
            if dob and entry.born_on and entry.born_on != dob:
                remarks.append(f"listed DOB differs from the {dob} on file")
            lines.append(f"- {entry.as_evidence()} ({'; '.join(remarks)})")
        if len(entries) > SHOWN_ROWS:
            lines.append(f"... and {len(entries) - SHOWN_ROWS} more matching rows.")
        flags = {Flag.POSSIBLE_MATCH} if possible else set()
        if waived:
            flags.add(Flag.WAIVER)
        return self.result(
            status,
            summary,
            registry_url=self.copy.url,
            registry_name=entries[0].display_name,
            registry_details={
                "list_as_of": as_of,
                "matched_rows": len(entries),
                "entries": [e.as_details() for e in entries[:SHOWN_ROWS]],
            },
            evidence="\n".join(lines),
            flags=flags,
        )

    def lookup_by_name(self, query: LicenceQuery) -> VerificationResult:
        """Whether a person of the queried name (or NPI, when given) is on the list, in
        any state: a name alone gives at most a possible match. Never raises."""
        return self.guarded(self.check, query)
