"""The registry catalogue: where each mental-health licence is issued and how it is checked.

The table is data (`data/registry-catalogue.csv`, one row per jurisdiction and licence type,
each with its source); this module reads it once and answers: which licence types a
jurisdiction issues, the row for a claimed type, the board's lookup and complaint pages, and
which verifier checks it. `coverage` computes how much of the US population Solace checks
by program, from the catalogue and the 2020 census (`data/census-2020-state-populations.csv`).

A claimed type matches a row by its letters, its title, one of its aliases, or through
`directory.credentials` (so "LPC-A" matches Texas's "LPCA" row). A licence claimed for a
country ("GB") matches the rows of its nations ("GB-ENG" ...), where UK-wide registers repeat.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from verifiers import Kind, Level

from .credentials import credential_type
from .geography import jurisdiction_phrase

MANUAL = "manual"
FAMILIES = ("psychologist", "counselor", "mft", "social_worker")
# The licences a state must check by program to count as covered: its independent
# counselor, marriage and family therapist, clinical social worker and psychologist licences.
COVERED_FAMILIES = FAMILIES


@dataclass(frozen=True)
class CatalogueEntry:
    """One licence type a jurisdiction issues, and how Solace checks it."""

    jurisdiction: str
    licence_type: str
    title: str
    aliases: tuple[str, ...]
    family: str
    level: Level
    kind: Kind
    board: str
    lookup_url: str
    complaint_url: str
    verifier: str
    source: str
    sourced: bool

    @property
    def manual(self) -> bool:
        return self.verifier == MANUAL

    def names(self) -> tuple[str, ...]:
        """Every name a therapist may give this licence type."""
        return (self.licence_type, self.title, *self.aliases)


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("directory").joinpath(f"data/{name}").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def entries() -> tuple[CatalogueEntry, ...]:
    """Every row of the catalogue, in file order."""
    return tuple(
        CatalogueEntry(
            jurisdiction=row["jurisdiction"],
            licence_type=row["licence_type"],
            title=row["title"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            family=row["family"],
            level=Level(row["level"]),
            kind=Kind(row["kind"]),
            board=row["board"],
            lookup_url=row["lookup_url"],
            complaint_url=row["complaint_url"],
            verifier=row["verifier"] or MANUAL,
            source=row["source"],
            sourced=row["sourced"] == "yes",
        )
        for row in _read("registry-catalogue.csv")
    )


def _key(name: str) -> str:
    return " ".join((name or "").upper().replace("_", " ").replace("&", "AND").split())


def _in(jurisdiction: str, row: CatalogueEntry) -> bool:
    wanted = (jurisdiction or "").strip().upper()
    return row.jurisdiction == wanted or row.jurisdiction.startswith(wanted + "-")


def rows_for(jurisdiction: str) -> list[CatalogueEntry]:
    """The catalogue's rows for a jurisdiction (a country's: those of its nations)."""
    return [row for row in entries() if _in(jurisdiction, row)]


def types_issued(jurisdiction: str) -> list[str]:
    """The licence types a jurisdiction issues, as the catalogue names them, once each."""
    return list(dict.fromkeys(row.licence_type for row in rows_for(jurisdiction)))


def knows(jurisdiction: str) -> bool:
    """Whether a source says what the jurisdiction issues: when no row of it is sourced,
    the catalogue cannot tell a therapist which types exist there."""
    return any(row.sourced for row in rows_for(jurisdiction))


def entry(jurisdiction: str, claimed: str) -> CatalogueEntry | None:
    """The row for a licence type claimed in a jurisdiction, or None when it issues none such."""
    wanted = _key(claimed)
    if not wanted:
        return None
    rows = rows_for(jurisdiction)
    for row in rows:
        if wanted in {_key(name) for name in row.names()}:
            return row
    meant = credential_type(claimed)
    if meant is None:
        return None
    for row in rows:
        if any(credential_type(name) == meant for name in row.names()):
            return row
    return None


def issues(jurisdiction: str, claimed: str) -> bool:
    """Whether the jurisdiction issues the claimed licence type (or the catalogue cannot say)."""
    return not knows(jurisdiction) or entry(jurisdiction, claimed) is not None


def lookup_page(jurisdiction: str, claimed: str) -> str | None:
    """Where a person looks the licence up, when a source gives it."""
    found = entry(jurisdiction, claimed)
    return (found.lookup_url or None) if found else None


def complaint_page(jurisdiction: str, claimed: str) -> str | None:
    """Where a person complains to the board, when a source gives it."""
    found = entry(jurisdiction, claimed)
    return (found.complaint_url or None) if found else None


def verifier_for(jurisdiction: str, claimed: str) -> str:
    """The verifier the catalogue names for the licence; "manual" when none or unknown."""
    found = entry(jurisdiction, claimed)
    return found.verifier if found else MANUAL


def refusal(jurisdiction: str, claimed: str) -> str:
    """Why a claimed type is refused, naming the types the jurisdiction does issue, and
    where to enter it instead when the other country issues it (a UK register's
    membership entered for a state, a state's licence entered for the UK)."""
    place = jurisdiction_phrase(jurisdiction)
    text = (
        f"{place[0].upper()}{place[1:]} does not issue {claimed} licences; it issues "
        f"{', '.join(types_issued(jurisdiction))}."
    )
    uk = None if _is_uk(jurisdiction) else entry("GB", claimed)
    if uk is not None:
        membership = uk.kind is Kind.MEMBERSHIP
        what = "a membership of a UK register" if membership else "a UK registration"
        return f"{text} {claimed} is {what}: choose United Kingdom."
    if _is_uk(jurisdiction) and entry("US", claimed) is not None:
        return f"{text} {claimed} is issued by US states: choose the state that issued yours."
    return text


def _is_uk(jurisdiction: str) -> bool:
    code = (jurisdiction or "").strip().upper()
    return code == "GB" or code.startswith("GB-")


# -- coverage ---------------------------------------------------------------------------------


@cache
def census_populations() -> dict[str, int]:
    """The 2020 census resident population of every state and DC, by jurisdiction."""
    return {row["jurisdiction"]: int(row["population"]) for row in _read(
        "census-2020-state-populations.csv"
    )}  # fmt: skip


@dataclass(frozen=True)
class Coverage:
    """How much of the US population lives where Solace checks licences by program."""

    with_keys: float  # percent, counting verifiers that need an API key
    without_keys: float  # percent, counting only verifiers that need none
    states_with_keys: tuple[str, ...]
    states_without_keys: tuple[str, ...]

    def line(self) -> str:
        return (
            f"automated for {self.with_keys:.0f}% of the US population "
            f"({self.without_keys:.0f}% without API keys)"
        )


def state_is_covered(rows: Iterable[CatalogueEntry], automated: set[str]) -> bool:
    """Whether every independent licence of the four families is checked by a program,
    and each family has one."""
    independent = [r for r in rows if r.family in COVERED_FAMILIES and r.level is Level.INDEPENDENT]
    families = {r.family for r in independent}
    return set(COVERED_FAMILIES) <= families and all(r.verifier in automated for r in independent)


def coverage(
    rows: Iterable[CatalogueEntry],
    populations: Mapping[str, int],
    automated: set[str],
    keyless: set[str],
) -> Coverage:
    """The population share of the states whose licences are all checked by program.

    `automated`: verifiers a program runs that count (a keyed one once it is tested on
    recorded answers); `keyless`: those of them that need no API key.
    """
    by_state: dict[str, list[CatalogueEntry]] = {}
    for row in rows:
        if row.jurisdiction in populations:
            by_state.setdefault(row.jurisdiction, []).append(row)
    total = sum(populations.values())
    with_keys = tuple(s for s in populations if state_is_covered(by_state.get(s, ()), automated))
    without = tuple(s for s in with_keys if state_is_covered(by_state[s], automated & keyless))

    def share(states: tuple[str, ...]) -> float:
        return 100 * sum(populations[s] for s in states) / total if total else 0.0

    return Coverage(share(with_keys), share(without), with_keys, without)


@dataclass(frozen=True)
class CheckPlan:
    """How a claimed licence will be checked, in words for its owner and an admin."""

    automated: bool
    text: str
    lookup_url: str | None


def check_plan(jurisdiction: str, claimed: str, registries: Mapping[str, str]) -> CheckPlan:
    """How the licence will be checked, given the verifiers this site runs by program
    (`registries`: verifier name -> registry name). A verifier the catalogue names but the
    site does not run leaves the licence to a person."""
    found = entry(jurisdiction, claimed)
    url = (found.lookup_url or None) if found else None
    if found is not None and found.verifier in registries:
        return CheckPlan(True, f"checked automatically with the {registries[found.verifier]}", url)
    where = url or (f"the {found.board} lookup" if found and found.board else "the board's lookup")
    return CheckPlan(False, f"checked by hand by the Solace team at {where}", url)
