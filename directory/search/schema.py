"""The Whoosh schema, and how a therapist row becomes an index document.

What is indexed is chosen for speed (see the measurements in docs/design.md):
- text fields keep frequencies only (no positions, no term vectors, nothing stored),
  because scoring, highlighting and snippets are done from cached postings and from
  the database rows of the page being shown;
- approach and specialty names are not indexed as text on every profile (they were
  two thirds of all postings): the slugs are, and a query word is matched against the
  small vocabulary at query time (see vocabulary.py), so synonyms can change
  without a reindex;
- filters are KEYWORD fields whose postings become cached bitmasks;
- everything sortable is a column only (`COLUMN`, not `NUMERIC`: a NUMERIC field also
  indexes ~17 range-query terms per value, which was half of all postings), read once
  per searcher into an array.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema

from ..geography import GB_NATIONS
from ..ratings.display import SHOWN_FOR
from .analysis import FastStemmingAnalyzer
from .filters import FILTER_FIELDS

# One stemming analyzer for every text field, for queries and for highlighting,
# so terms always agree.
TEXT_ANALYZER = FastStemmingAnalyzer()
# Plain lowercase words: how a query is split, and the words suggestions are made from.
WORD_ANALYZER = RegexTokenizer() | LowercaseFilter()

# How much a match in each text field counts towards relevance.
TEXT_FIELDS = {"name": 4.0, "place": 2.5, "about": 1.0, "comments": 0.5}
# ... and a query word naming an approach or specialty the profile offers.
VOCABULARY_BOOST = 3.0

# Multi-valued keyword fields whose postings become cached masks: what the filters
# read (filters.py), and the top specialties.
# `online_claimed`: the places a therapist says they see clients in online, verified or
# not (`online_in`, the where filter's field, holds the verified ones); `currency`: what
# the fee column is in, so a fee is only ever compared with fees in the same currency.
KEYWORD_FIELDS = (*FILTER_FIELDS, "top", "online_claimed", "currency")

# Sortable columns: name -> (numeric type, value when a profile has none).
NO_FEE = 1_000_000
COLUMNS = {
    "tid": (int, 0),
    "fee": (int, NO_FEE),  # the lowest listed fee: what a card shows, and the fee sort
    "fee_floor": (int, NO_FEE),  # the least a client may pay: the fee filter
    "rating": (float, 0.0),  # Bayesian-adjusted score, for sorting
    "rating_avg": (float, 0.0),  # plain average of approved ratings, for the filter
    "rating_n": (int, 0),  # how many approved ratings
    "verified": (int, 0),  # epoch seconds of the latest licence-kind VERIFIED
    "lat": (float, 0.0),
    "lon": (float, 0.0),
    "geo": (int, 0),  # 1 when lat/lon are known
}

# A listing whose availability was confirmed longer ago than this ranks lower.
AVAILABILITY_FRESH_FOR = timedelta(days=30)


def build_schema() -> Schema:
    """The schema of the therapist index."""
    fields = {"pk": ID(unique=True, stored=True)}
    for name in TEXT_FIELDS:
        text = TEXT(analyzer=TEXT_ANALYZER, phrase=False)
        # Relevance does not normalise by length (engine.K1), so no length column is kept:
        # writing one costs a lookup per posting when a segment is written.
        text.scorable = False
        fields[name] = text
    for name in KEYWORD_FIELDS:
        fields[name] = KEYWORD(commas=True, lowercase=False)
    for name, (numtype, default) in COLUMNS.items():
        fields[name] = COLUMN(NumericColumn("d" if numtype is float else "q", default=default))
    return Schema(**fields)


def city_key(city: str) -> str:
    """The filter value for a city name: `San Antonio` -> `san-antonio`."""
    return "-".join(city.lower().split())


def therapist_document(rec, now: datetime | None = None) -> dict:
    """The index document for a published therapist (an `IndexRecord`, see sync.py)."""
    from ..geography import region_name  # avoid an import cycle at module load

    now = now or datetime.now(UTC)
    formats = [
        name
        for name, offered in (("online", rec.offers_online), ("in_person", rec.offers_in_person))
        if offered
    ]
    flags = []
    if rec.faith_integrated:
        flags.append("faith_integrated")
    if rec.sliding_scale:
        flags.append("sliding_scale")
    if rec.free_consultation:
        flags.append("free_consultation")
    if rec.accepting_clients:
        flags.append("accepting")
        confirmed = rec.accepting_confirmed_at
        if confirmed and now - confirmed <= AVAILABILITY_FRESH_FOR:
            flags.append("fresh")
    # Verified for at least one place they practise (standing.py), or not (yet); the card
    # names the places when it is only some of them.
    verified = rec.verification_state in ("verified", "partly_verified")
    flags.append("verified" if verified else "unfinished")
    verified_at = rec.verified_at
    online = (rec.online_regions or [rec.region]) if rec.offers_online else []
    shown = rec.verification_state in SHOWN_FOR  # ratings of unverified profiles stay out
    has_geo = rec.latitude is not None and rec.longitude is not None
    doc = {
        "pk": str(rec.id),
        "tid": rec.id,
        "name": f"{rec.first_name} {rec.last_name} {rec.credentials}",
        "place": f"{rec.city} {region_name(rec.region)} {rec.postcode}",
        "about": f"{rec.headline} {rec.bio}",
        "comments": rec.comments_text,
        "specialty": ",".join(s.slug for s in rec.specialties),
        "top": ",".join(s.slug for s in rec.specialties if s.is_top),
        "approach": ",".join(a.slug for a in rec.approaches),
        "language": ",".join(rec.languages or []),
        "region": rec.region,
        "city": city_key(rec.city) if rec.city else "",
        "format": ",".join(formats),
        "flag": ",".join(flags),
        "fee": rec.fee_min if rec.fee_min is not None else NO_FEE,
        "fee_floor": lowest_fee(rec),
        "currency": rec.currency or "USD",
        "online_in": ",".join(online_terms(online, rec.verified_places or [])),
        "online_claimed": ",".join(online_terms(online, online)),
        "insurance": ",".join(rec.insurance or []),
        "ages": ",".join(rec.ages_served or []),
        "session": ",".join(rec.session_types or []),
        "gender": rec.gender or "",
        "identity": ",".join(rec.identities or []),
        "faith": rec.faith or "",
        # Ratings a profile does not show neither filter nor sort it.
        "rating": float(rec.rating_score or 0.0) if shown else 0.0,
        "rating_avg": float(rec.rating_average or 0.0) if shown else 0.0,
        "rating_n": int(rec.rating_count or 0) if shown else 0,
        "verified": int(verified_at.timestamp()) if verified_at else 0,
        "lat": float(rec.latitude) if has_geo else 0.0,
        "lon": float(rec.longitude) if has_geo else 0.0,
        "geo": 1 if has_geo else 0,
    }
    return {key: value for key, value in doc.items() if value != ""}


def lowest_fee(rec) -> int:
    """The least a client may pay a session: the sliding-scale minimum when there is one."""
    fees = [rec.fee_min]
    if rec.sliding_scale:
        fees.append(rec.sliding_scale_min)
    known = [fee for fee in fees if fee is not None]
    return min(known) if known else NO_FEE


def online_terms(online: list[str], verified: list[str]) -> list[str]:
    """The `online_in` terms of a therapist who sees clients online in `online`, of which
    `verified` are places a registry confirmed (standing.py decided them).

    A visitor names a state, a UK nation or the UK: a place verified for the whole UK
    ("GB") answers for every nation, and any UK nation answers for a visitor who said
    only "UK".
    """
    confirmed = {p.upper() for p in verified}
    terms: list[str] = []
    for place in online:
        place = (place or "").upper()
        if place not in confirmed:
            continue
        terms.append(place)
        if place == "GB":
            terms.extend(f"GB-{nation}" for nation in GB_NATIONS)
        elif place.startswith("GB-"):
            terms.append("GB")
    return list(dict.fromkeys(terms))
