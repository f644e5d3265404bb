"""The search filters, in one table.

Each row says what a filter is called, which query parameter carries it, what kind of
value it takes, which `SearchRequest` attribute and index field it reads, whether its
values are counted (facets), how the search page labels it, and what it accepts.
The query parser (views/search_form.py), the search document (document.py), each
backend's filters and facet counts (whoosh/engine.py, postgres/query.py) and the search
page all read this table, so a filter is added in one place and reaches every backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..geography import RADIUS_CHOICES_MILES, REGIONS, VISITOR_PLACES
from ..practice import AGES, FAITHS, GENDERS, IDENTITIES, INSURANCE, SESSIONS
from ..vocabulary_names import LANGUAGE_NAMES

SET = "set"  # any of several values from a list; the values are OR-ed together
TERM = "term"  # one value
RANGE = "range"  # a number the profile must be within
FLAG = "flag"  # on or off; each is a value of the `flag` keyword field
SORT = "sort"  # the order of the results, not a filter of them

# `Filter.choices` for the approach and specialty filters: the curated vocabulary,
# read from the database when the request is parsed.
VOCABULARY = None


@dataclass(frozen=True)
class Filter:
    """One search filter (or the sort order), as every part of the search sees it."""

    name: str  # the filter group: its facet counts and the "without ..." hint use it
    param: str  # the query parameter
    kind: str  # SET, TERM, RANGE, FLAG or SORT
    attr: str  # the SearchRequest attribute the parsed value goes to
    field: str | None  # the index field or column it is answered from
    facet: bool  # whether each value is counted in the results' facets
    label: str  # the search page's label for it
    noun: str  # how a sentence names it: "the unknown {noun}", "without the {noun} filter"
    choices: Mapping | tuple | None = None  # the accepted values (and how they're shown)
    counted: bool = True  # whether the page's "(n chosen)" counts it
    # A FLAG that is on unless its parameter is given: the parameter loosens the search
    # (profiles whose checks are not finished are left out unless asked for).
    inverted: bool = False


FILTERS: tuple[Filter, ...] = (
    Filter(
        "specialty", "specialty", SET, "specialties", "specialty", True,
        "What you need help with", "specialty", VOCABULARY,
    ),
    Filter(
        "approach", "approach", SET, "approaches", "approach", True,
        "Approach", "approach", VOCABULARY,
    ),
    Filter(
        "language", "language", SET, "languages", "language", True,
        "Language", "language", LANGUAGE_NAMES,
    ),
    Filter(
        "insurance", "insurance", SET, "insurance", "insurance", True,
        "Insurance and payment", "insurance", INSURANCE,
    ),
    Filter(
        "ages", "ages", SET, "ages", "ages", True,
        "Who they see", "ages", AGES,
    ),
    Filter(
        "session", "session", SET, "sessions", "session", True,
        "Session type", "session type", SESSIONS,
    ),
    Filter(
        "gender", "gender", SET, "genders", "gender", True,
        "Therapist identifies as", "therapist gender", GENDERS,
    ),
    Filter(
        "identity", "identity", SET, "identities", "identity", True,
        "Therapist identifies as", "therapist identity", IDENTITIES,
    ),
    Filter(
        "faith", "faith", SET, "faiths", "faith", True,
        "Therapist's faith", "therapist faith", FAITHS,
    ),
    # Where the visitor is (not where the therapist is): online results are therapists
    # verified for online work there, in-person ones are near it (see whoosh/engine.py).
    Filter(
        "where", "where", TERM, "where", "online_in", False,
        "Where are you?", "place", VISITOR_PLACES,
    ),
    Filter(
        "region", "region", TERM, "region", "region", True,
        "State or region", "state or region", REGIONS,
    ),
    Filter("city", "city", TERM, "city", "city", False, "City", "city"),
    Filter(
        "format", "format", SET, "formats", "format", True,
        "Format", "format", {"online": "Online", "in_person": "In person"},
    ),
    # The distance is part of the place's one chip ("Near BN1 1AA"), and a place sets
    # 25 miles by itself: counted apart, "(3 chosen)" would sit above two chips.
    Filter(
        "radius", "radius", RANGE, "radius_miles", "geo", False,
        "Within", "distance", RADIUS_CHOICES_MILES, counted=False,
    ),
    Filter(
        "max_fee", "max_fee", RANGE, "max_fee", "fee", False,
        "Most you can pay a session", "maximum fee",
    ),
    # The "(n chosen)" count has never included the minimum rating.
    Filter(
        "min_rating", "min_rating", RANGE, "min_rating", "rating_avg", False,
        "Rated at least", "minimum rating", ("3", "3.5", "4", "4.5"), counted=False,
    ),
    Filter(
        "sliding_scale", "sliding_scale", FLAG, "sliding_scale", "flag", True,
        "Sliding scale fees", "sliding scale",
    ),
    Filter(
        "free_consultation", "free_consultation", FLAG, "free_consultation", "flag", True,
        "Free first consultation", "free consultation",
    ),
    Filter(
        "faith_integrated", "faith_integrated", FLAG, "faith_integrated", "flag", True,
        "Offers faith-integrated therapy", "faith-integrated therapy",
    ),
    Filter(
        "accepting", "accepting", FLAG, "accepting", "flag", True,
        "Accepting new clients", "accepting new clients",
    ),
    # Search shows verified profiles only (standing.py decides who is verified); a
    # visitor may include those whose checks are not finished. The value in the `flag`
    # field marks those unfinished profiles.
    Filter(
        "unfinished", "include_unfinished", FLAG, "verified_only", "flag", True,
        "Include profiles whose licence checks are not finished", "verified-only",
        counted=False, inverted=True,
    ),
    Filter(
        "sort", "sort", SORT, "sort", None, False, "Sort by", "sort",
        {
            "relevance": "Best match",
            "rating": "Highest rated",
            "fee": "Lowest fee",
            "verified": "Most recently verified",
            "distance": "Nearest",
        },
    ),
)  # fmt: skip

BY_NAME: dict[str, Filter] = {f.name: f for f in FILTERS}


def of_kind(kind: str) -> tuple[Filter, ...]:
    """The filters of one kind, in table order."""
    return tuple(f for f in FILTERS if f.kind == kind)


# What the engine and the index read, derived from the table.
SORTS: tuple[str, ...] = tuple(BY_NAME["sort"].choices)
# SET filters: index field -> SearchRequest attribute. Filter groups are AND-ed together.
MULTI_GROUPS: dict[str, str] = {f.field: f.attr for f in of_kind(SET)}
# FLAG filters: the value in the `flag` field -> SearchRequest attribute.
FLAG_GROUPS: dict[str, str] = {f.name: f.attr for f in of_kind(FLAG)}
# ... and those whose attribute, when true, leaves the flagged profiles out.
INVERTED_FLAGS: frozenset[str] = frozenset(f.name for f in of_kind(FLAG) if f.inverted)
# Keyword fields whose every value is counted (flags are counted under "flag").
FACET_FIELDS: tuple[str, ...] = tuple(f.field for f in FILTERS if f.facet and f.kind != FLAG)
# The keyword fields filters read, each once.
FILTER_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(f.field for f in FILTERS if f.kind in (SET, TERM, FLAG))
)


def chosen_count(request) -> int:
    """How many filters a SearchRequest has chosen: each value of a SET filter counts."""
    count = 0
    for f in FILTERS:
        if f.kind == SORT or not f.counted:
            continue
        value = getattr(request, f.attr)
        if f.kind == SET:
            count += len(value)
        elif f.kind == RANGE:
            count += value is not None
        else:
            count += bool(value)
    return count
