"""A published profile as every search backend indexes it: read from the database in
a few set-based queries (`load_records`), then turned into one backend-neutral document
(`therapist_document`): text fields, keyword fields (lists of filter values) and
sortable numbers. Each backend stores that document its own way; `flask search check`
compares what a backend holds with `fingerprint(document)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..geography import GB_NATIONS, region_name
from ..models import (
    Approach,
    ProfileStatus,
    Specialty,
    Therapist,
    TherapistApproach,
    TherapistSpecialty,
)
from ..ratings.display import SHOWN_FOR
from .filters import FILTER_FIELDS

# How much a match in each text field counts towards relevance (the Whoosh backend's
# boosts; the PostgreSQL backend maps them to tsvector weights A-D).
TEXT_FIELDS = {"name": 4.0, "place": 2.5, "about": 1.0, "comments": 0.5}

# Keyword fields: what the filters read (filters.py), and the top specialties.
# `online_claimed`: the places a therapist says they see clients in online, verified or
# not (`online_in`, the where filter's field, holds the verified ones); `currency`: what
# the fee column is in, so a fee is only ever compared with fees in the same currency.
KEYWORD_FIELDS = (*FILTER_FIELDS, "top", "online_claimed", "currency")

# Sortable numbers: name -> (numeric type, value when a profile has none).
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


@dataclass
class TermRef:
    """An approach or specialty a profile offers."""

    slug: str
    words: str = ""  # its name, short name and synonyms
    is_top: bool = False


@dataclass
class IndexRecord:
    """Everything the search document of one therapist is built from."""

    id: int
    first_name: str
    last_name: str
    credentials: str
    headline: str
    bio: str
    region: str
    city: str
    postcode: str
    latitude: float | None
    longitude: float | None
    offers_online: bool
    offers_in_person: bool
    languages: list[str]
    fee_min: int | None
    currency: str
    sliding_scale: bool
    sliding_scale_min: int | None
    free_consultation: bool
    accepting_clients: bool
    accepting_confirmed_at: datetime | None
    verification_state: str
    verified_at: datetime | None
    rating_score: float
    rating_average: float | None
    rating_count: int
    online_regions: list[str]
    verified_places: list[str]
    insurance: list[str]
    ages_served: list[str]
    session_types: list[str]
    gender: str
    identities: list[str]
    faith: str
    faith_integrated: bool
    approaches: list[TermRef] = field(default_factory=list)
    specialties: list[TermRef] = field(default_factory=list)
    comments_text: str = ""


_RECORD_COLUMNS = [
    getattr(Therapist, name)
    for name in IndexRecord.__dataclass_fields__
    if name not in ("approaches", "specialties", "comments_text")
]

# Functions (session, ids) -> {therapist_id: text} that add searchable rating comments
# (the ratings package registers one: search knows nothing of ratings).
comment_text_sources: list[Callable[[Session, list[int]], dict[int, str]]] = []


def _term_words(model):
    return model.name + " " + model.short_name + " " + model.keywords


def load_records(session: Session, ids: list[int]) -> dict[int, IndexRecord]:
    """The published therapists among `ids`, read with a handful of set-based queries."""
    rows = session.execute(
        select(*_RECORD_COLUMNS).where(
            Therapist.id.in_(ids), Therapist.status == ProfileStatus.PUBLISHED
        )
    )
    records = {row.id: IndexRecord(**row._asdict()) for row in rows}
    if not records:
        return records
    found = list(records)
    approach_rows = session.execute(
        select(TherapistApproach.therapist_id, Approach.slug, _term_words(Approach))
        .join(Approach, Approach.id == TherapistApproach.approach_id)
        .where(TherapistApproach.therapist_id.in_(found))
    )
    for tid, *term in approach_rows:
        records[tid].approaches.append(TermRef(*term))
    specialty_rows = session.execute(
        select(
            TherapistSpecialty.therapist_id,
            Specialty.slug,
            _term_words(Specialty),
            TherapistSpecialty.is_top,
        )
        .join(Specialty, Specialty.id == TherapistSpecialty.specialty_id)
        .where(TherapistSpecialty.therapist_id.in_(found))
    )
    for tid, *term in specialty_rows:
        records[tid].specialties.append(TermRef(*term))
    for source in comment_text_sources:
        for tid, text in source(session, found).items():
            records[tid].comments_text = text
    return records


def iter_published_ids(session: Session, chunk: int = 2000) -> Iterator[list[int]]:
    """Every published therapist id, in chunks, by keyset pagination."""
    last = 0
    while True:
        ids = list(
            session.scalars(
                select(Therapist.id)
                .where(Therapist.status == ProfileStatus.PUBLISHED, Therapist.id > last)
                .order_by(Therapist.id)
                .limit(chunk)
            )
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def city_key(city: str) -> str:
    """The filter value for a city name: `San Antonio` -> `san-antonio`."""
    return "-".join(city.lower().split())


def therapist_document(rec: IndexRecord, now: datetime | None = None) -> dict:
    """The search document of a published therapist: each text field a string, each
    keyword field a list of values, each column a number (COLUMNS), and `terms`, the
    words of the approaches and specialties offered."""
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
    return {
        "tid": rec.id,
        "name": f"{rec.first_name} {rec.last_name} {rec.credentials}",
        "place": f"{rec.city} {region_name(rec.region)} {rec.postcode}",
        "about": f"{rec.headline} {rec.bio}",
        "comments": rec.comments_text or "",
        "terms": " ".join(t.words for t in (*rec.approaches, *rec.specialties)),
        "specialty": [s.slug for s in rec.specialties],
        "top": [s.slug for s in rec.specialties if s.is_top],
        "approach": [a.slug for a in rec.approaches],
        "language": list(rec.languages or []),
        "region": _one(rec.region),
        "city": _one(city_key(rec.city) if rec.city else ""),
        "format": formats,
        "flag": flags,
        "fee": rec.fee_min if rec.fee_min is not None else NO_FEE,
        "fee_floor": lowest_fee(rec),
        "currency": [rec.currency or "USD"],
        "online_in": online_terms(online, rec.verified_places or []),
        "online_claimed": online_terms(online, online),
        "insurance": list(rec.insurance or []),
        "ages": list(rec.ages_served or []),
        "session": list(rec.session_types or []),
        "gender": _one(rec.gender),
        "identity": list(rec.identities or []),
        "faith": _one(rec.faith),
        # Ratings a profile does not show neither filter nor sort it.
        "rating": float(rec.rating_score or 0.0) if shown else 0.0,
        "rating_avg": float(rec.rating_average or 0.0) if shown else 0.0,
        "rating_n": int(rec.rating_count or 0) if shown else 0,
        "verified": int(verified_at.timestamp()) if verified_at else 0,
        "lat": float(rec.latitude) if has_geo else 0.0,
        "lon": float(rec.longitude) if has_geo else 0.0,
        "geo": 1 if has_geo else 0,
    }


def _one(value: str | None) -> list[str]:
    return [value] if value else []


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


# What `flask search check` compares: every filter field and the sortable numbers.
FINGERPRINT_COLUMNS = ("fee", "rating", "rating_avg", "rating_n", "verified")


def fingerprint(fields: dict[str, frozenset[str]], columns: dict[str, float]) -> tuple:
    """A comparable summary of a document: its filter values and sort columns, however a
    backend stored them."""
    return (
        tuple(frozenset(fields.get(name, ())) for name in FILTER_FIELDS),
        tuple(round(float(columns[name]), 4) for name in FINGERPRINT_COLUMNS),
    )


def document_fingerprint(doc: dict) -> tuple:
    """The fingerprint of a document built by `therapist_document`."""
    return fingerprint({name: frozenset(doc[name]) for name in FILTER_FIELDS}, doc)
