"""The search page's filter panel: which options each group shows, ticked or not, with
how many results each has.

An option no result has is left out, to keep the panel short, unless it is chosen: a
chosen option always shows, so that it can be unticked. A group with no option left is
left out whole (the template tests `if panel[name]`).

This is worked out here rather than in the template because the page is measured
against the raw search (`make bench`): asking the facet counts about every specialty,
approach and insurer from Jinja, one call at a time, cost more than the search did.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import NamedTuple

from ..search import SearchRequest, SearchResults
from ..search.filters import BY_NAME as FILTERS
from ..search.filters import FLAG, of_kind
from ..vocabulary_names import language_name

# The groups about the therapist, shown under one heading in this order.
ABOUT_THE_THERAPIST = ("gender", "identity", "faith")


class Option(NamedTuple):
    """One checkbox: its parameter and value, its label, its count, and whether ticked."""

    param: str
    value: str
    label: str
    count: int
    checked: bool


def options(
    param: str,
    choices: Iterable[tuple[str, str]],
    counts: Mapping[str, int],
    chosen: Container[str],
) -> list[Option]:
    """The options of one group worth showing, in the order of `choices`."""
    shown = []
    for value, label in choices:
        count = counts.get(value, 0)
        checked = value in chosen
        if count or checked:
            shown.append(Option(param, value, label, count, checked))
    return shown


def filter_panel(
    req: SearchRequest,
    args: Mapping[str, str],
    results: SearchResults,
    names: Mapping[str, Mapping[str, str]],
    insurance_choices: Mapping[str, str],
) -> dict[str, list[Option]]:
    """Each group's options, by filter name; `flags` holds the on/off filters shown under
    "Fees and availability", and `faith_integrated` the one shown with faith.

    `names` maps the specialty and approach slugs to their names, in the order to show."""
    facets = results.facets
    panel: dict[str, list[Option]] = {}
    for name in ("specialty", "approach"):
        chosen = getattr(req, FILTERS[name].attr)
        panel[name] = options(name, names[name].items(), facets.get(name, {}), chosen)
    for name in ("format", "ages", "session", *ABOUT_THE_THERAPIST):
        f = FILTERS[name]
        choices = f.choices.items()
        panel[name] = options(f.param, choices, facets.get(name, {}), getattr(req, f.attr))
    insurance = FILTERS["insurance"]
    panel["insurance"] = options(
        insurance.param, insurance_choices.items(), facets.get("insurance", {}), req.insurance
    )
    # Languages: the most offered first, named in English.
    language_counts = facets.get("language", {})
    spoken = sorted(language_counts, key=language_counts.get, reverse=True)
    spoken += [code for code in req.languages if code not in language_counts]
    panel["language"] = options(
        "language", ((code, language_name(code)) for code in spoken), language_counts, req.languages
    )
    flag_counts = facets.get("flag", {})
    panel["flags"] = [
        Option(f.param, "1", f.label, flag_counts.get(f.name, 0), _ticked(args, f.param))
        for f in of_kind(FLAG)
        if f.name != "faith_integrated" and (flag_counts.get(f.name, 0) or _ticked(args, f.param))
    ]
    faith = FILTERS["faith_integrated"]
    panel["faith_integrated"] = options(
        faith.param,
        [("1", faith.label)],
        {"1": flag_counts.get(faith.name, 0)},
        {"1"} if req.faith_integrated else (),
    )
    return panel


def _ticked(args: Mapping[str, str], param: str) -> bool:
    return args.get(param) not in (None, "", "0")
