"""The search query: parameters in, a validated SearchRequest and plain messages out.

Every parameter is untrusted. A value we cannot use is dropped with a message saying
so, and the rest of the search still runs: the page works, and says what it ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geography import RADIUS_CHOICES_MILES, REGIONS, zip_centroid
from ..search import SORTS, SearchRequest, city_key
from ..vocabulary_names import LANGUAGE_NAMES

MAX_QUERY_CHARS = 200
RATING_CHOICES = ("3", "3.5", "4", "4.5")
FORMATS = {"online": "Online", "in_person": "In person"}
SORT_LABELS = {
    "relevance": "Best match",
    "rating": "Highest rated",
    "fee": "Lowest fee",
    "verified": "Most recently verified",
    "distance": "Nearest",
}
FLAG_LABELS = {
    "sliding_scale": "Sliding scale fees",
    "free_consultation": "Free first consultation",
    "accepting": "Accepting new clients",
    "verified": "Licence verified",
}


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

    chosen_specialties = known(args.getlist("specialty"), specialties, "specialty")
    chosen_approaches = known(args.getlist("approach"), approaches, "approach")
    chosen_languages = known(args.getlist("language"), LANGUAGE_NAMES, "language")
    chosen_formats = known(args.getlist("format"), FORMATS, "format")

    region = args.get("region", "")
    if region and region not in REGIONS:
        problems.append(f"We don't know the region {region[:40]!r}, so we searched everywhere.")
        region = ""

    city = " ".join(args.get("city", "").split())[:80]

    zip_code = args.get("zip", "").strip()[:10]
    radius_raw = args.get("radius", "")
    near = None
    radius = None
    if radius_raw:
        if radius_raw.isdigit() and int(radius_raw) in RADIUS_CHOICES_MILES:
            radius = int(radius_raw)
        else:
            problems.append(
                f"Distance must be one of {', '.join(map(str, RADIUS_CHOICES_MILES))} miles."
            )
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

    max_fee = _whole_number(args.get("max_fee", ""), "Maximum fee", problems, 0, 100_000)
    min_rating = None
    raw_rating = args.get("min_rating", "").strip()
    if raw_rating:
        if raw_rating in RATING_CHOICES:
            min_rating = float(raw_rating)
        else:
            choices = ", ".join(RATING_CHOICES)
            problems.append(f"Minimum rating must be one of {choices}; we ignored it.")
    page = _whole_number(args.get("page", ""), "Page", problems, 1, max_page) or 1

    sort = args.get("sort", "relevance")
    if sort not in SORTS:
        problems.append(f"We can't sort by {sort[:40]!r}; showing the best matches first.")
        sort = "relevance"
    if sort == "distance" and near is None:
        sort = "relevance"

    request = SearchRequest(
        text=text,
        specialties=chosen_specialties,
        approaches=chosen_approaches,
        languages=chosen_languages,
        formats=chosen_formats,
        region=region,
        city=city_key(city) if city else "",
        near=near,
        radius_miles=radius if near else None,
        max_fee=max_fee,
        min_rating=min_rating,
        sliding_scale=_flag(args, "sliding_scale"),
        free_consultation=_flag(args, "free_consultation"),
        accepting=_flag(args, "accepting"),
        verified_only=_flag(args, "verified"),
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
