"""A `SearchRequest` as SQL: the filters built from the one table in filters.py, text
matched with `websearch_to_tsquery`, distance in plain SQL, facets counted over the
filtered set. The same answers as the Whoosh backend's engine for the same documents
(tests/directory/search/test_engine.py runs against both); ranking differs in its
numbers (ts_rank, not BM25), stemming in its details (Snowball, not Porter).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import (
    Float,
    Text,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG, TSQUERY
from sqlalchemy.engine import Connection

from ...geography import GB_NATIONS
from ...ratings.display import MIN_RATINGS_SHOWN
from ..document import NO_FEE
from ..filters import FACET_FIELDS, FLAG, FLAG_GROUPS, SET, TERM, of_kind
from ..request import SearchRequest, SearchResults
from .tables import documents, words

CONFIG = literal("english", REGCONFIG)
# ts_rank's weights for labels {D, C, B, A}: rating comments, about (headline and bio),
# approaches, specialties and place, name. Relative to each other as the Whoosh
# backend's boosts are (0.5, 1, 2.5-3, 4).
RANK_WEIGHTS = literal_column("'{0.125, 0.25, 0.7, 1.0}'::float4[]")
EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = 69.0  # a little under the true 69.09: the bounding box errs wide
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 12
# Words this short are abbreviations or names more often than misspellings: never
# rewritten (as in the Whoosh backend).
MIN_CORRECTED_CHARS = 4
MAX_EDITS = 2

d = documents.c
KEYS = ARRAY(Text)


def key(field: str, value: str) -> str:
    """A filter value as the `keywords` array holds it."""
    return f"{field}:{value}"


def has(field: str, value: str):
    """Profiles holding one filter value (the GIN index answers `@>`)."""
    return d.keywords.contains(literal([key(field, value)], KEYS))


def has_any(field: str, values) -> object:
    """Profiles holding at least one of the values (`&&`)."""
    return d.keywords.overlap(literal([key(field, v) for v in values], KEYS))


@dataclass
class Constraint:
    """One active filter group and the SQL condition it adds."""

    group: str
    clause: object


def filter_constraints(req: SearchRequest) -> list[Constraint]:
    """The table's SET, TERM and FLAG filters, in the Whoosh engine's order."""
    constraints = []
    for f in of_kind(SET):
        values = getattr(req, f.attr)
        if values:
            constraints.append(Constraint(f.field, has_any(f.field, values)))
    for f in of_kind(TERM):
        value = getattr(req, f.attr)
        if value and f.name != "where":  # where the visitor is: place_clause, below
            constraints.append(Constraint(f.name, has(f.field, value)))
    for f in of_kind(FLAG):
        if getattr(req, f.attr):
            clause = has("flag", f.name)
            constraints.append(Constraint(f.name, ~clause if f.inverted else clause))
    return constraints


def distance_to(near: tuple[float, float]):
    """Great-circle miles from `near` to each profile's point (haversine; NULL without one)."""
    lat0, lon0 = math.radians(near[0]), math.radians(near[1])
    lat, lon = func.radians(d.lat), func.radians(d.lon)
    a = func.power(func.sin((lat - lat0) / 2), 2) + math.cos(lat0) * func.cos(lat) * func.power(
        func.sin((lon - lon0) / 2), 2
    )
    return 2 * EARTH_RADIUS_MILES * func.asin(func.sqrt(func.least(cast(1.0, Float), a)))


def within_radius(near: tuple[float, float], miles: float, distance):
    """A bounding box the lat/lon index answers, then the exact distance inside it."""
    dlat = miles / MILES_PER_DEGREE
    widest = min(89.0, abs(near[0]) + dlat)
    dlon = min(180.0, miles / (MILES_PER_DEGREE * math.cos(math.radians(widest))))
    return and_(
        d.lat.between(near[0] - dlat, near[0] + dlat),
        d.lon.between(near[1] - dlon, near[1] + dlon),
        distance <= miles,
    )


def place_clause(req: SearchRequest, within):
    """Who can see a visitor in `req.where` (as the Whoosh engine's _place_mask)."""
    wants_online = not req.formats or "online" in req.formats
    wants_in_person = not req.formats or "in_person" in req.formats
    parts = []
    if wants_online:
        field = "online_in" if req.verified_only else "online_claimed"
        parts.append(and_(has(field, req.where), has("format", "online")))
    if wants_in_person:
        if within is not None:
            nearby = within
        elif req.where == "GB":
            nearby = has_any("region", [f"GB-{nation}" for nation in GB_NATIONS])
        else:
            nearby = has("region", req.where)
        parts.append(and_(nearby, has("format", "in_person")))
    return or_(*parts) if parts else false()


def query_text(text: str) -> str:
    """The visitor's words, bounded: the first MAX_QUERY_WORDS of the first 1000 chars."""
    return " ".join(text[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS])


def lexemes(tsquery: str) -> list[str]:
    """The lexemes of a tsquery's text form (`'trauma' & 'emdr'`)."""
    return [m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')*)'", tsquery)]


def as_tsquery(terms) -> str:
    """Lexemes OR-ed together as tsquery text, for highlighting."""
    return " | ".join("'" + term.replace("'", "''") + "'" for term in sorted(terms))


def run(conn: Connection, req: SearchRequest, field_values: dict[str, list[str]]) -> SearchResults:
    """Answer one search request on one connection (the primary or a read replica)."""
    text = query_text(req.text)
    tsquery = conn.scalar(select(func.websearch_to_tsquery(CONFIG, text))) if text else ""
    tsquery = tsquery or ""  # only stop words: no text condition, as in Whoosh
    query = cast(bindparam("tsquery", tsquery), TSQUERY)
    base = d.document.op("@@")(query) if tsquery else true()

    constraints = filter_constraints(req)
    distance = within = None
    if req.near is not None and req.radius_miles:
        distance = distance_to(req.near)
        within = within_radius(req.near, req.radius_miles, distance)
    if req.where:
        constraints.append(Constraint("where", place_clause(req, within)))
    elif within is not None:
        constraints.append(Constraint("radius", within))
    if req.max_fee is not None:
        constraints.append(
            Constraint("max_fee", and_(has("currency", req.currency), d.fee_floor <= req.max_fee))
        )
    if req.min_rating is not None:
        rated = and_(d.rating_n >= MIN_RATINGS_SHOWN, d.rating_avg >= req.min_rating)
        constraints.append(Constraint("min_rating", rated))

    matched = and_(base, *(c.clause for c in constraints))
    page = max(1, req.page)
    # The total rides along with the page (one pass over the matched rows).
    columns = [d.therapist_id, func.count().over().label("total")]
    if distance is not None:
        columns += [distance.label("distance"), within.label("within")]
    rows = conn.execute(
        select(*columns)
        .where(matched)
        .order_by(*_order(req, query if tsquery else None, distance))
        .limit(req.per_page)
        .offset((page - 1) * req.per_page)
    ).all()
    if rows:
        total = rows[0].total
    else:  # an empty result, or a page past its end
        total = conn.scalar(select(func.count()).select_from(documents).where(matched))
    results = SearchResults(
        ids=[row.therapist_id for row in rows],
        total=total,
        page=page,
        per_page=req.per_page,
        terms=frozenset(lexemes(tsquery)),
    )
    if distance is not None:
        # Online results beyond the radius are there for their licence, not their
        # distance: no distance is shown for them.
        results.distances = {row.therapist_id: float(row.distance) for row in rows if row.within}
    if req.with_facets:
        results.facets = _facet_counts(conn, base, constraints, field_values)
    if total == 0 and constraints:
        results.loosen = _loosen(conn, base, constraints)
    if total == 0 and tsquery:
        results.suggestion = _suggest(conn, text)
    return results


def _prior():
    """Quality before relevance: verified, availability confirmed lately, well rated."""
    return (
        case((has("flag", "verified"), 1.0), else_=0.0)
        + case((has("flag", "fresh"), 0.6), else_=0.0)
        + d.rating / 10.0
    )


def _order(req: SearchRequest, query, distance) -> list:
    keys = []
    if not req.verified_only:
        # Profiles whose checks are not finished come after every verified one.
        keys.append(has("flag", "unfinished").asc())
    if req.sort == "rating":
        keys += [d.rating.desc(), d.rating_n.desc()]
    elif req.sort == "fee":
        # Fees in another currency are never compared: they come after every fee in the
        # visitor's currency.
        keys.append((d.fee + case((has("currency", req.currency), 0), else_=NO_FEE)).asc())
    elif req.sort == "verified":
        keys.append(d.verified.desc())
    elif req.sort == "distance" and distance is not None:
        keys.append(distance.asc().nulls_last())
    elif query is not None:
        rank = func.ts_rank(RANK_WEIGHTS, d.document, query, 0)
        keys.append((rank * (1.0 + 0.25 * _prior())).desc())
    else:
        keys.append(_prior().desc())
    keys.append(d.therapist_id.asc())
    return keys


def _facet_counts(conn, base, constraints, field_values) -> dict[str, dict[str, int]]:
    """Counts per filter value, each under every active filter except its own group."""

    def without(group: str):
        return and_(base, *(c.clause for c in constraints if c.group != group))

    def counted(where, prefix: str = "") -> dict[str, int]:
        value = func.unnest(d.keywords).table_valued("value").render_derived()
        stmt = (
            select(value.c.value, func.count())
            .select_from(documents)
            .join(value, true())
            .where(where)
            .group_by(value.c.value)
        )
        if prefix:
            stmt = stmt.where(value.c.value.startswith(prefix, autoescape=True))
        return {value: count for value, count in conn.execute(stmt)}

    everything = counted(without(""))
    active = {c.group for c in constraints}
    counts: dict[str, dict[str, int]] = {"flag": {}}
    for flag in FLAG_GROUPS:
        if flag in active:
            counts["flag"][flag] = conn.scalar(
                select(func.count()).where(without(flag), has("flag", flag))
            )
        else:
            counts["flag"][flag] = everything.get(key("flag", flag), 0)
    for field in FACET_FIELDS:
        found = counted(without(field), f"{field}:") if field in active else everything
        counts[field] = {v: found.get(key(field, v), 0) for v in field_values.get(field, ())}
        for found_key, n in found.items():
            name, _, value = found_key.partition(":")
            if name == field:
                counts[field][value] = n
    return counts


def _loosen(conn, base, constraints) -> list[tuple[str, int]]:
    """For an empty result: how many results dropping each filter group would give."""
    counts = [
        func.count().filter(and_(true(), *(o.clause for o in constraints if o is not c)))
        for c in constraints
    ]
    found = conn.execute(select(*counts).select_from(documents).where(base)).one()
    options = [(c.group, int(n)) for c, n in zip(constraints, found, strict=True) if n]
    return sorted(options, key=lambda option: -option[1])


def _suggest(conn, text: str) -> str | None:
    """The query with each unknown word replaced by the closest known word (pg_trgm
    finds candidates, at most MAX_EDITS edits away), offered only when it differs from
    the query and finds someone. Abbreviations (typed in capitals) and short words are
    never rewritten; a word the word list holds is known."""
    protected = {w.lower() for w in text.split() if w.isupper()}
    plain = re.findall(r"\w+", text.lower())
    replacements = {}
    for word in dict.fromkeys(plain):
        if len(word) < MIN_CORRECTED_CHARS or word in protected or _finds(conn, word):
            continue
        replacements[word] = _closest_word(conn, word)
    suggestion = " ".join(replacements.get(word) or word for word in plain)
    if not any(replacements.values()) or suggestion == " ".join(plain):
        return None
    return suggestion if _finds(conn, suggestion) else None


def _finds(conn, text: str) -> bool:
    """Whether any profile matches the words (stop words alone match as nothing to ask)."""
    query = func.websearch_to_tsquery(CONFIG, text)
    found = select(1).where(d.document.op("@@")(query)).exists()
    return bool(conn.scalar(select(or_(func.numnode(query) == 0, found))))


def _closest_word(conn, word: str) -> str | None:
    similarity = func.similarity(words.c.word, word)
    candidates = conn.scalars(
        select(words.c.word)
        .where(words.c.word.op("%")(word))
        .order_by(similarity.desc(), words.c.word)
        .limit(20)
    ).all()
    scored = [(edits(word, c), c) for c in candidates if c != word]
    scored = [(n, c) for n, c in scored if n <= MAX_EDITS]
    return min(scored)[1] if scored else None


def edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
