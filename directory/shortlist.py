"""The shortlist a visitor keeps without an account, and the compare page's columns.

The shortlist lives only in the visitor's own cookie: therapist ids, signed with the
site's secret so nobody can slip other values into it. Nothing is stored on the
server. A cookie that was tampered with, or cannot be read, counts as an empty
shortlist, never an error; ids of profiles no longer published drop out quietly.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import select

from .extensions import db
from .models import ProfileStatus, Therapist
from .profiles import (
    LicenceSummary,
    PlacesSummary,
    RatingSummary,
    licence_summaries,
    places_summary,
    rating_summary,
)

COOKIE = "shortlist"
SALT = "solace.shortlist"
# The compare page shows at most this many side by side.
COMPARE_MAX = 4


class ShortlistFull(ValueError):
    """The shortlist already holds as many profiles as it may."""


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def decode(value: str | None, secret: str, limit: int) -> list[int]:
    """The ids a cookie holds, in the order saved; [] for a missing or tampered cookie."""
    if not value:
        return []
    try:
        loaded = _serializer(secret).loads(value)
    except BadData:
        return []
    if not isinstance(loaded, list):
        return []
    ids: list[int] = []
    for item in loaded:
        if isinstance(item, int) and not isinstance(item, bool) and item > 0 and item not in ids:
            ids.append(item)
    return ids[:limit]


def encode(ids: list[int], secret: str) -> str:
    """The signed cookie value for these ids."""
    return _serializer(secret).dumps(list(ids))


def add(ids: list[int], therapist_id: int, limit: int) -> list[int]:
    """The shortlist with one more id at its end (no change if it is there already)."""
    if therapist_id in ids:
        return list(ids)
    if len(ids) >= limit:
        raise ShortlistFull(f"Your shortlist holds at most {limit}: remove one to save another.")
    return [*ids, therapist_id]


def remove(ids: list[int], therapist_id: int) -> list[int]:
    """The shortlist without that id."""
    return [i for i in ids if i != therapist_id]


def published(ids: list[int]) -> list[Therapist]:
    """The published profiles among these ids, in the same order."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(Therapist).where(Therapist.id.in_(ids), Therapist.status == ProfileStatus.PUBLISHED)
    )
    by_id = {t.id: t for t in rows}
    return [by_id[i] for i in ids if i in by_id]


def published_by_slug(slugs: list[str]) -> list[Therapist]:
    """The published profiles with these slugs, in the same order; others are left out."""
    if not slugs:
        return []
    rows = db.session.scalars(
        select(Therapist).where(
            Therapist.slug.in_(slugs), Therapist.status == ProfileStatus.PUBLISHED
        )
    )
    by_slug = {t.slug: t for t in rows}
    return [by_slug[s] for s in dict.fromkeys(slugs) if s in by_slug]


@dataclass
class Column:
    """One therapist on the compare page, with what the profile page would say."""

    therapist: Therapist
    licences: list[LicenceSummary]
    places: PlacesSummary
    rating: RatingSummary


def comparison(therapists: list[Therapist]) -> list[Column]:
    """The compare page's columns: licences and where each is verified, and ratings."""
    return [
        Column(t, licence_summaries(t), places_summary(t), rating_summary(t)) for t in therapists
    ]
