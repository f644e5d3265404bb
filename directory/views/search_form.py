"""The search query: parameters in, a validated SearchRequest and plain messages out.

Every parameter is untrusted. A value we cannot use is dropped with a message saying
so, and the rest of the search still runs: the page works, and says what it ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geography import (
    RADIUS_CHOICES_MILES,
    jurisdiction_name,
    read_postcode,
    uk_postcode_point,
    visitor_currency,
    zip_centroid,
    zip_place,
)
from ..search import SearchRequest, city_key
from ..search.filters import BY_NAME, FLAG, SET, VOCABULARY, of_kind
from ..search.interpretation import Interpretation, interpret

MAX_QUERY_CHARS = 200
# A full UK postcode ("SW1A 1AA") or its outward code alone ("SW1A", "BN1").
CURRENCY_SIGNS = {"$": "USD", "£": "GBP"}


@dataclass
class ParsedSearch:
    """The request to run, the raw values to show again, and what was wrong with the input."""

    request: SearchRequest
    problems: list[str] = field(default_factory=list)
    zip_code: str = ""
    query: str = ""  # the words as typed, shown again in the search box
    interpretation: Interpretation | None = None
    # Things said without anything being wrong: a postcode we cannot place, a search
    # Solace cannot answer ("psychiatrist").
    notes: list[str] = field(default_factory=list)
    # Online was chosen without saying where the visitor is: ask before showing results
    # that would mislead (a therapist can only see clients where they are licensed).
    ask_where: bool = False


def parse_search(
    args, specialties: dict[str, str], approaches: dict[str, str], per_page: int, max_page: int
) -> ParsedSearch:
    """Validate query parameters against the vocabularies; never raises for bad input."""
    problems: list[str] = []

    notes: list[str] = []
    query = args.get("q", "").strip()
    if len(query) > MAX_QUERY_CHARS:
        problems.append(f"Your search was shortened to its first {MAX_QUERY_CHARS} characters.")
        query = query[:MAX_QUERY_CHARS]

    where = args.get(BY_NAME["where"].param, "")
    if where and where not in BY_NAME["where"].choices:
        problems.append(f"We don't know the place {where[:40]!r}; choose your state or nation.")
        where = ""
    meaning = interpret(query, where)
    text = meaning.text
    notes.extend(meaning.explanations)

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
    # Everyday words that named a filter value add it (a value the vocabulary lacks is
    # left out quietly: the words were a guess, not a choice).
    by_param = {f.param: f for f in of_kind(SET) + of_kind(FLAG)}
    flags_from_words = set()
    for applied in meaning.applied:
        f = by_param.get(applied.param)
        if f is None:
            continue
        if f.kind == FLAG:
            flags_from_words.add(f.param)
            continue
        allowed = vocabularies[f.name] if f.choices is VOCABULARY else f.choices
        if applied.value in allowed and applied.value not in chosen[f.attr]:
            chosen[f.attr] = (*chosen[f.attr], applied.value)

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
    postcode = read_postcode(zip_code)
    if postcode is not None:
        zip_code = postcode.code  # "bn11aa" is shown back, and named, as "BN1 1AA"
    uk_postcode = postcode is not None and postcode.country == "GB"
    if uk_postcode:
        # The postcode's district places the visitor (geography.uk_postcode_point); UK
        # registrations cover every nation, so online results are the UK's.
        where = where if where.startswith("GB") else "GB"
        near = uk_postcode_point(postcode.code)
        if near is None:
            notes.append(
                f"We couldn't place the postcode {postcode.code} on a map. Add your "
                "town to the search (for example “Belfast”) to see therapists near you; "
                "online results show therapists registered to work in the UK."
            )
        else:
            radius = radius or 25
    elif zip_code:
        near = zip_centroid(postcode.district) if postcode else None
        if near is None:
            problems.append(
                f"We couldn't find the US ZIP code {zip_code!r}; check it has 5 digits."
            )
        else:
            where = zip_place(postcode.district)[0]
            radius = radius or 25
    if near is None and meaning.place is not None:
        where = meaning.place.where
        town = meaning.place.town
        if town is not None:
            near = (town.latitude, town.longitude)
            radius = radius or 25
    if near is None and radius is not None:
        if not uk_postcode:
            problems.append("Add a ZIP code to search within a distance.")
        radius = None

    currency = visitor_currency(where)
    raw_fee = args.get(BY_NAME["max_fee"].param, "").strip()
    if raw_fee[:1] in CURRENCY_SIGNS:
        # "$80" means dollars whoever types it; fees are compared in that currency only.
        currency = CURRENCY_SIGNS[raw_fee[:1]]
        raw_fee = raw_fee[1:].strip()
    if raw_fee.endswith(".00"):
        raw_fee = raw_fee[:-3]
    max_fee = _whole_number(raw_fee, "Maximum fee", problems, 0, 100_000)
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
        **{
            f.attr: (_flag(args, f.param) or f.param in flags_from_words) != f.inverted
            for f in of_kind(FLAG)
        },
        where=where,
        currency=currency,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    formats = request.formats
    ask_where = (
        not where
        and bool(formats)
        and (
            set(formats) == {"online"}
            or any(a.phrase.lower() == "near me" for a in meaning.applied)
        )
    )
    return ParsedSearch(
        request=request,
        problems=problems,
        zip_code=zip_code,
        query=query,
        interpretation=meaning,
        notes=notes,
        ask_where=ask_where,
    )


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


@dataclass(frozen=True)
class Chip:
    """An active filter, shown as "Showing: teens — remove" with a link that drops it."""

    name: str  # the filter's name (its group in facets and loosen hints)
    label: str
    remove: dict  # the query parameters of the same search without this filter


def active_chips(parsed: ParsedSearch, args, value_names: dict[str, dict]) -> list[Chip]:
    """Every active filter of a parsed search, each with the parameters that remove it.

    `value_names` maps a SET filter's name to {value: label} (the vocabulary's names for
    approaches and specialties). A filter applied by the query's own words is removed by
    removing those words from the query.
    """
    req = parsed.request
    meaning = parsed.interpretation
    applied = meaning.applied if meaning else []
    chips: list[Chip] = []

    def without(params: dict[str, str | None], phrases: list[str]) -> dict:
        return _without(parsed, args, params, phrases)

    for f in of_kind(SET):
        names = value_names.get(f.name) or f.choices or {}
        for value in getattr(req, f.attr):
            phrases = [a.phrase for a in applied if a.param == f.param and a.value == value]
            label = f"{f.label}: {names.get(value, value)}"
            chips.append(Chip(f.name, label, without({f.param: value}, phrases)))
    for f in of_kind(FLAG):
        if getattr(req, f.attr) != f.inverted:
            phrases = [a.phrase for a in applied if a.param == f.param]
            label = "Including profiles whose checks are not finished" if f.inverted else f.label
            chips.append(Chip(f.name, label, without({f.param: None}, phrases)))
    if req.where:
        place = meaning.place if meaning else None
        from_words = place is not None and place.where == req.where and not parsed.zip_code
        name = place.name if from_words else BY_NAME["where"].choices[req.where]
        if from_words and place.town is not None:
            # Which York: "Near York, England" or "Near York, Pennsylvania".
            name = f"{place.town.name}, {jurisdiction_name(place.town.region)}"
        if parsed.zip_code and req.near:
            name = f"{parsed.zip_code}, {jurisdiction_name(req.where)}"
        label = f"Near {name}" if req.near else f"You are in: {name}"
        chips.append(
            Chip(
                "where",
                label,
                without(
                    {"where": None, "zip": None, "radius": None},
                    [place.phrase] if from_words else [],
                ),
            )
        )
    if req.region:
        region = BY_NAME["region"]
        label = f"{region.label}: {region.choices[req.region]}"
        chips.append(Chip("region", label, without({"region": None}, [])))
    if req.city:
        chips.append(Chip("city", f"City: {args.get('city', '')}", without({"city": None}, [])))
    if req.max_fee is not None:
        sign = "£" if req.currency == "GBP" else "$"
        chips.append(
            Chip("max_fee", f"Up to {sign}{req.max_fee} a session", without({"max_fee": None}, []))
        )
    if req.min_rating is not None:
        chips.append(
            Chip(
                "min_rating",
                f"Rated at least {req.min_rating:g}",
                without({"min_rating": None}, []),
            )
        )
    return chips


def _without(parsed: ParsedSearch, args, params: dict[str, str | None], phrases: list[str]):
    """The search's parameters less `params` (one value, or every value for None) and
    its query less `phrases`; back on the first page."""
    kept = {k: v for k, v in args.to_dict(flat=False).items() if k != "page"}
    for param, value in params.items():
        if param not in kept:
            continue
        kept[param] = [v for v in kept[param] if value is not None and v != value]
        if not kept[param]:
            del kept[param]
    if phrases:
        query = parsed.query
        for phrase in phrases:
            query = query.replace(phrase, " ", 1)
        kept["q"] = [" ".join(query.split())]
    return kept


def without_filter(parsed: ParsedSearch, args, name: str) -> dict:
    """The search's parameters without one whole filter (a "try removing" hint's link)."""
    f = BY_NAME.get(name)
    meaning = parsed.interpretation
    applied = meaning.applied if meaning else []
    if name in ("where", "radius"):
        place = meaning.place if meaning else None
        return _without(
            parsed,
            args,
            {"where": None, "zip": None, "radius": None},
            [place.phrase] if place else [],
        )
    if f is None:
        return _without(parsed, args, {}, [])
    phrases = [a.phrase for a in applied if a.param == f.param]
    return _without(parsed, args, {f.param: None}, phrases)


def wider_radius(parsed: ParsedSearch, args) -> tuple[int, dict] | None:
    """The next larger distance and the search's parameters with it, when the search is
    near a point and a larger distance is on offer; None otherwise."""
    req = parsed.request
    if req.near is None or req.radius_miles is None:
        return None
    larger = [miles for miles in RADIUS_CHOICES_MILES if miles > req.radius_miles]
    if not larger:
        return None
    params = _without(parsed, args, {"radius": None}, [])
    params["radius"] = [str(larger[-1])]
    return larger[-1], params
