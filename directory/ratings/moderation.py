"""The admins' moderation queue (new, edited and reported ratings) and their decisions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import Rating, RatingReport, RatingStatus, Therapist, utcnow
from .comments import CommentWarning, comment_warnings, marked_segments
from .reports import open_reports, report_volume, source_key
from .rules import RatingRefused

ASPECT_LABELS = {
    "responsiveness": "Responsiveness",
    "accuracy": "Listing accuracy",
    "respect": "Feeling heard and respected",
}


def _state(rating: Rating) -> dict:
    return {"rating_id": rating.id, "status": rating.status}


def approve(rating: Rating, actor: str, reason: str = "") -> None:
    """Publish a rating: it is shown and counted from this commit on."""
    before = _state(rating)
    rating.status = RatingStatus.APPROVED
    rating.moderated_by = actor
    rating.moderated_at = utcnow()
    rating.reported_at = None
    rating.rejection_reason = ""
    audit.record(
        "rating.approve",
        actor=actor,
        therapist_id=rating.therapist_id,
        reason=reason.strip(),
        before=before,
        after=_state(rating),
    )
    db.session.commit()


def reject(rating: Rating, actor: str, reason: str) -> None:
    """Keep a rating off the site; the reason is shown to its writer, who may edit it."""
    reason = (reason or "").strip()
    if not reason:
        raise RatingRefused("Say why the rating is rejected: its writer sees the reason.", 400)
    before = _state(rating)
    rating.status = RatingStatus.REJECTED
    rating.moderated_by = actor
    rating.moderated_at = utcnow()
    rating.reported_at = None
    rating.rejection_reason = reason
    audit.record(
        "rating.reject",
        actor=actor,
        therapist_id=rating.therapist_id,
        reason=reason,
        before=before,
        after=_state(rating),
    )
    db.session.commit()


# The queue's condition with the literals in the SQL, as the partial indexes
# ix_rating_waiting and ix_rating_reported have them: SQLite uses a partial index only for
# a query whose WHERE repeats its condition. Reported ratings wait even while still shown.
WAITING = or_(Rating.status == literal_column("'pending'"), Rating.reported_at.is_not(None))


@dataclass
class QueueItem:
    """A rating waiting for an admin, with why it is there and what to look at."""

    rating: Rating
    therapist: Therapist
    why: str  # new, edited, reported
    open_reports: list[RatingReport]
    earlier_reports: int
    # Per open report, how many reports its source (account or address) made lately.
    reporter_volume: list[int]
    warnings: list[CommentWarning]
    segments: list[tuple[str, bool]]


def moderation_queue(limit: int = 100) -> tuple[list[QueueItem], int]:
    """Pending and reported ratings (new, edited, reported), oldest first, and how many."""
    total = db.session.scalar(select(func.count()).select_from(Rating).where(WAITING)) or 0
    ratings = db.session.scalars(
        select(Rating)
        .where(WAITING)
        .options(selectinload(Rating.reports), selectinload(Rating.therapist))
        .order_by(Rating.queued_at, Rating.id)
        .limit(limit)
    )
    ratings = list(ratings)
    reports_by_rating = {rating.id: open_reports(rating) for rating in ratings}
    volume = report_volume([r for reports in reports_by_rating.values() for r in reports])
    items = []
    for rating in ratings:
        therapist = rating.therapist
        reports = reports_by_rating[rating.id]
        if reports:
            why = "reported"
        elif rating.moderated_at is not None:
            why = "edited"
        else:
            why = "new"
        warnings = comment_warnings(rating.comment, (therapist.first_name, therapist.last_name))
        items.append(
            QueueItem(
                rating=rating,
                therapist=therapist,
                why=why,
                open_reports=reports,
                earlier_reports=len(rating.reports) - len(reports),
                reporter_volume=[volume.get(source_key(r), 1) for r in reports],
                warnings=warnings,
                segments=marked_segments(rating.comment, warnings),
            )
        )
    return items, total
