"""What a search asks and what it answers, the same for every backend (backend.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchRequest:
    """What a visitor asked for. Values are already validated (see views/search_form.py)."""

    text: str = ""
    specialties: tuple[str, ...] = ()
    approaches: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # "online", "in_person": either satisfies
    insurance: tuple[str, ...] = ()
    ages: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    identities: tuple[str, ...] = ()
    faiths: tuple[str, ...] = ()
    # Where the visitor is ("US-TX", "GB-ENG", "GB"): online results are those verified
    # for online work there, with no distance; in-person ones are within `radius_miles`
    # of `near`, or in that place when no point is known.
    where: str = ""
    region: str = ""
    city: str = ""  # a city key, see document.city_key
    near: tuple[float, float] | None = None
    radius_miles: float | None = None
    max_fee: int | None = None
    min_rating: float | None = None  # only profiles whose ratings are shown (>= 3 of them)
    sliding_scale: bool = False
    free_consultation: bool = False
    faith_integrated: bool = False
    accepting: bool = False
    # The visitor's currency: a fee filter or fee sort compares fees in it only.
    currency: str = "USD"
    verified_only: bool = True  # False: include profiles whose checks are not finished
    sort: str = "relevance"  # relevance, rating, fee, verified, distance
    page: int = 1
    per_page: int = 20
    with_facets: bool = True


@dataclass
class SearchResults:
    """What came back: one page of therapist ids in rank order, and what surrounds it."""

    ids: list[int]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    terms: frozenset[str] = frozenset()  # analysed query terms, for highlighting
    distances: dict[int, float] = field(default_factory=dict)  # miles, when `near` given
    loosen: list[tuple[str, int]] = field(default_factory=list)  # (filter group, total)

    @property
    def pages(self) -> int:
        """How many pages the whole result has."""
        return max(1, math.ceil(self.total / self.per_page))
