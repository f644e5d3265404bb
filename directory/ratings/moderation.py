"""The admins' moderation queue (new, edited and reported ratings) and their decisions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import Rating, RatingReport, RatingStatus, Therapist, utcnow
from .comments import CommentWarning, comment_warnings, marked_segments
from .reports import open_reports
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


# The queue's condition with the literal in the SQL, as the partial index ix_rating_waiting
# has it: SQLite uses a partial index only for a query whose WHERE repeats its literal.
WAITING = Rating.status == literal_column("'pending'")


@dataclass
class QueueItem:
    """A rating waiting for an admin, with why it is there and what to look at."""

    rating: Rating
    therapist: Therapist
    why: str  # new, edited, reported
    open_reports: list[RatingReport]
    earlier_reports: int
    warnings: list[CommentWarning]
    segments: list[tuple[str, bool]]


def moderation_queue(limit: int = 100) -> tuple[list[QueueItem], int]:
    """Pending ratings (new, edited or reported), oldest first, and how many in all."""
    total = db.session.scalar(select(func.count()).select_from(Rating).where(WAITING)) or 0
    ratings = db.session.scalars(
        select(Rating)
        .where(WAITING)
        .options(selectinload(Rating.reports), selectinload(Rating.therapist))
        .order_by(Rating.queued_at, Rating.id)
        .limit(limit)
    )
    items = []
    for rating in ratings:
        therapist = rating.therapist
        reports = open_reports(rating)
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
                warnings=warnings,
                segments=marked_segments(rating.comment, warnings),
            )
        )
    return items, total
