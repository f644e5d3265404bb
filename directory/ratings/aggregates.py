"""The rating aggregates kept on the therapist row: count, average and Bayesian score."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ..models import Rating, RatingStatus, Therapist
from .display import MIN_RATINGS_SHOWN

BAYES_PRIOR_MEAN = 3.5
BAYES_PRIOR_WEIGHT = 5


def aggregate_values(count: int, total: int) -> dict:
    """The therapist columns for `count` approved ratings whose overall scores add to `total`."""
    if count == 0:
        return {"rating_count": 0, "rating_average": None, "rating_score": 0.0}
    score = 0.0
    if count >= MIN_RATINGS_SHOWN:
        score = (BAYES_PRIOR_WEIGHT * BAYES_PRIOR_MEAN + total) / (BAYES_PRIOR_WEIGHT + count)
    return {"rating_count": count, "rating_average": total / count, "rating_score": score}


def recompute_aggregates(session: Session, therapist_ids) -> None:
    """Set each therapist's aggregates from its approved ratings, in this transaction.

    Core statements on the session's connection, so this is safe inside a flush hook;
    therapists already loaded in the session get the new values without being dirtied.
    """
    therapist, rating = Therapist.__table__, Rating.__table__
    connection = session.connection()
    for tid in sorted(set(therapist_ids)):
        # FOR NO KEY UPDATE: waits for any other transaction recomputing this therapist,
        # yet doesn't conflict with the key-share lock a new rating's foreign key takes.
        # SQLite ignores it (its database lock already serialises writers).
        found = connection.execute(
            select(therapist.c.id).where(therapist.c.id == tid).with_for_update(key_share=True)
        ).first()
        if found is None:
            continue  # deleted in this transaction
        count, total = connection.execute(
            select(func.count(), func.coalesce(func.sum(rating.c.overall), 0)).where(
                rating.c.therapist_id == tid, rating.c.status == RatingStatus.APPROVED
            )
        ).one()
        values = aggregate_values(int(count), int(total))
        connection.execute(
            update(therapist)
            .where(therapist.c.id == tid)
            # A rating is not an edit of the profile: keep its updated_at.
            .values(**values, updated_at=therapist.c.updated_at)
        )
        loaded = session.identity_map.get(identity_key(Therapist, tid))
        if loaded is not None:
            for name, value in values.items():
                set_committed_value(loaded, name, value)


def stored_aggregate_drift(session: Session) -> list[int]:
    """Therapists whose stored aggregates differ from a recomputation (should be none)."""
    sums = dict.fromkeys(session.scalars(select(Therapist.id)), (0, 0))
    for tid, count, total in session.execute(
        select(Rating.therapist_id, func.count(), func.sum(Rating.overall))
        .where(Rating.status == RatingStatus.APPROVED)
        .group_by(Rating.therapist_id)
    ):
        sums[tid] = (int(count), int(total))
    stored = {
        row.id: row
        for row in session.execute(
            select(
                Therapist.id,
                Therapist.rating_count,
                Therapist.rating_average,
                Therapist.rating_score,
            )
        )
    }
    drifted = []
    for tid, (count, total) in sums.items():
        expected, row = aggregate_values(count, total), stored[tid]
        if row.rating_count != expected["rating_count"] or not (
            _close(row.rating_average, expected["rating_average"])
            and _close(row.rating_score, expected["rating_score"])
        ):
            drifted.append(tid)
    return sorted(drifted)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9
