"""What a profile shows of its ratings, and the same comments for the search index."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import RATING_ASPECTS, Rating, RatingStatus, Therapist, VerificationState

# Ratings are shown only from this many approved ratings up, so no one rater stands out.
MIN_RATINGS_SHOWN = 3
COMMENTS_SHOWN = 20
# ... and only on a profile a registry verified for a place it practises: ratings must not
# lend trust to a profile whose licence nobody has confirmed.
SHOWN_FOR = (VerificationState.VERIFIED, VerificationState.PARTLY_VERIFIED)


def ratings_shown(therapist) -> bool:
    """Whether a profile (a Therapist, or an index record) shows its ratings."""
    return (
        (therapist.rating_count or 0) >= MIN_RATINGS_SHOWN
        and therapist.rating_average is not None
        and therapist.verification_state in SHOWN_FOR
    )


@dataclass
class PublicComment:
    """An approved comment as the public sees it: no name, the month it was written."""

    id: int
    text: str
    label: str  # "a client, March 2026"


@dataclass
class RatingDetails:
    """The ratings block of a profile; everything but `enough` is empty below the minimum."""

    enough: bool
    count: int
    average: float | None
    distribution: dict[int, int]  # 5 -> how many gave 5, ..., 1
    aspects: dict[str, float]  # aspect -> average, one decimal
    comments: list[PublicComment]
    comment_count: int


def approved_summary(therapist_id: int) -> tuple[dict[int, int], dict[str, float], int]:
    """Over approved ratings, in one query: how many gave each overall score (5 first),
    each aspect's average to one decimal, and how many have a comment."""
    row = db.session.execute(
        select(
            *(func.count().filter(Rating.overall == score) for score in range(5, 0, -1)),
            *(func.avg(getattr(Rating, aspect)) for aspect in RATING_ASPECTS),
            func.count().filter(Rating.comment != ""),
        ).where(Rating.therapist_id == therapist_id, Rating.status == RatingStatus.APPROVED)
    ).one()
    scores, averages, comments = row[:5], row[5:-1], row[-1]
    distribution = {score: int(n) for score, n in zip(range(5, 0, -1), scores, strict=True)}
    aspects = {
        a: round(float(v), 1)
        for a, v in zip(RATING_ASPECTS, averages, strict=True)
        if v is not None
    }
    return distribution, aspects, int(comments)


def rating_details(therapist: Therapist, limit: int = COMMENTS_SHOWN) -> RatingDetails:
    """Average, count, distribution, aspects and the newest comments, from 3 ratings up."""
    count = therapist.rating_count or 0
    if not ratings_shown(therapist):
        return RatingDetails(False, count, None, {}, {}, [], 0)
    with_comment = (
        (Rating.therapist_id == therapist.id)
        & (Rating.status == RatingStatus.APPROVED)
        & (Rating.comment != "")
    )
    rows = db.session.execute(
        select(Rating.id, Rating.comment, Rating.created_at)
        .where(with_comment)
        .order_by(Rating.created_at.desc(), Rating.id.desc())
        .limit(limit)
    )
    comments = [PublicComment(r.id, r.comment, f"a client, {r.created_at:%B %Y}") for r in rows]
    distribution, aspects, comment_count = approved_summary(therapist.id)
    return RatingDetails(
        enough=True,
        count=count,
        average=round(therapist.rating_average, 1),
        distribution=distribution,
        aspects=aspects,
        comments=comments,
        comment_count=comment_count,
    )


def comment_texts(session: Session, therapist_ids: list[int]) -> dict[int, str]:
    """Approved comment text per therapist, for the index's "comments" field.

    Exactly what the profile shows: nothing on a profile not verified anywhere, nothing
    below MIN_RATINGS_SHOWN approved ratings
    (or a search for a word would reveal what a comment nobody can read says), and the
    COMMENTS_SHOWN newest comments above it, which also bounds what one document costs
    to index however many ratings a therapist has.
    """
    rows = session.execute(
        select(Rating.therapist_id, Rating.comment)
        .join(Therapist, Therapist.id == Rating.therapist_id)
        .where(
            Rating.therapist_id.in_(therapist_ids),
            Rating.status == RatingStatus.APPROVED,
            Rating.comment != "",
            Therapist.rating_count >= MIN_RATINGS_SHOWN,
            Therapist.verification_state.in_(SHOWN_FOR),
        )
        .order_by(Rating.therapist_id, Rating.created_at.desc(), Rating.id.desc())
    )
    texts: dict[int, list[str]] = {}
    for tid, comment in rows:
        shown = texts.setdefault(tid, [])
        if len(shown) < COMMENTS_SHOWN:
            shown.append(comment)
    return {tid: "\n".join(parts) for tid, parts in texts.items()}
