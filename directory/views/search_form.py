"""The search query: parameters in, a validated SearchRequest and plain messages out.

Every parameter is untrusted. A value we cannot use is dropped with a message saying
so, and the rest of the search still runs: the page works, and says what it ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geography import zip_centroid
from ..search import SearchRequest, city_key
from ..search.filters import BY_NAME, FLAG, SET, VOCABULARY, of_kind

MAX_QUERY_CHARS = 200


@dataclass
class ParsedSearch:
    """The request to run, the raw values to show again, and what was wrong with the input."""

    request: SearchRequest
    problems: list[str] = field(default_factory=list)
    zip_code: str = ""


def parse_search(
    args, specialties: dict[str, str], approaches: dict[str, str], per_page: int, max_page: int
) -> ParsedSearch:
    """Validate query parameters against the vocabularies; never raises for bad input."""
    problems: list[str] = []

    text = args.get("q", "").strip()
    if len(text) > MAX_QUERY_CHARS:
        problems.append(f"Your search was shortened to its first {MAX_QUERY_CHARS} characters.")
        text = text[:MAX_QUERY_CHARS]

    def known(values: list[str], allowed, label: str) -> tuple[str, ...]:
        kept = tuple(dict.fromkeys(v for v in values if v in allowed))
        dropped = [v for v in values if v not in allowed]
        if dropped:
            shown = ", ".join(repr(v[:40]) for v in dropped[:3])
            problems.append(f"We ignored the unknown {label} {shown}.")
        return kept

    vocabularies = {"specialty": specialties, "approach": approaches}
    chosen = {
        f.attr: known(
            args.getlist(f.param),
            vocabularies[f.name] if f.choices is VOCABULARY else f.choices,
            f.noun,
        )
        for f in of_kind(SET)
    }

    region = args.get(BY_NAME["region"].param, "")
    if region and region not in BY_NAME["region"].choices:
        problems.append(f"We don't know the region {region[:40]!r}, so we searched everywhere.")
        region = ""

    city = " ".join(args.get(BY_NAME["city"].param, "").split())[:80]

    zip_code = args.get("zip", "").strip()[:10]
    radius_choices = BY_NAME["radius"].choices
    radius_raw = args.get(BY_NAME["radius"].param, "")
    near = None
    radius = None
    if radius_raw:
        if radius_raw.isdigit() and int(radius_raw) in radius_choices:
            radius = int(radius_raw)
        else:
            problems.append(f"Distance must be one of {', '.join(map(str, radius_choices))} miles.")
    if zip_code:
        near = zip_centroid(zip_code)
        if near is None:
            problems.append(
                f"We couldn't find the US ZIP code {zip_code!r}; check it has 5 digits."
            )
        elif radius is None:
            radius = 25
    elif radius is not None:
        problems.append("Add a ZIP code to search within a distance.")
        radius = None

    max_fee = _whole_number(
        args.get(BY_NAME["max_fee"].param, ""), "Maximum fee", problems, 0, 100_000
    )
    min_rating = None
    rating_choices = BY_NAME["min_rating"].choices
    raw_rating = args.get(BY_NAME["min_rating"].param, "").strip()
    if raw_rating:
        if raw_rating in rating_choices:
            min_rating = float(raw_rating)
        else:
            choices = ", ".join(rating_choices)
            problems.append(f"Minimum rating must be one of {choices}; we ignored it.")
    page = _whole_number(args.get("page", ""), "Page", problems, 1, max_page) or 1

    sort = args.get(BY_NAME["sort"].param, "relevance")
    if sort not in BY_NAME["sort"].choices:
        problems.append(f"We can't sort by {sort[:40]!r}; showing the best matches first.")
        sort = "relevance"
    if sort == "distance" and near is None:
        sort = "relevance"

    request = SearchRequest(
        text=text,
        **chosen,
        region=region,
        city=city_key(city) if city else "",
        near=near,
        radius_miles=radius if near else None,
        max_fee=max_fee,
        min_rating=min_rating,
        **{f.attr: _flag(args, f.param) != f.inverted for f in of_kind(FLAG)},
        sort=sort,
        page=page,
        per_page=per_page,
    )
    return ParsedSearch(request=request, problems=problems, zip_code=zip_code)


def _flag(args, name: str) -> bool:
    return args.get(name, "") not in ("", "0", "false", "off", "no")


def _whole_number(raw: str, label: str, problems: list[str], low: int, high: int) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit():
        problems.append(f"{label} must be a whole number; we ignored {raw[:20]!r}.")
        return None
    value = int(raw[:9])
    if value < low:
        problems.append(f"{label} must be at least {low}.")
        return low
    if value > high:
        problems.append(f"{label} can be at most {high:,}.")
        return high
    return value
