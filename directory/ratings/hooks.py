"""How ratings plug into the app: the flush hook that keeps each therapist's
aggregates current, the index's comment text, and the template helpers."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..models import Rating, RatingStatus
from ..search import document, sync
from .aggregates import recompute_aggregates
from .display import comment_texts, rating_details, ratings_shown
from .rules import rating_viewer


def init_app(app: Flask) -> None:
    """Hook ratings into the aggregates and the index, and give templates their helpers."""
    install_hooks()
    app.jinja_env.globals.update(
        rating_details=rating_details, rating_viewer=rating_viewer, ratings_shown=ratings_shown
    )


def _reaches_the_index(rating: Rating) -> bool:
    """Only approved ratings count in the index (aggregates, comment text): a change to
    a rating that is not approved, and was not before the change, leaves it as it is."""
    was = inspect(rating).attrs.status.history.deleted or ()
    return rating.status == RatingStatus.APPROVED or RatingStatus.APPROVED in was


def install_hooks() -> None:
    """Rating changes re-index their therapist, and re-compute its aggregates (idempotent)."""
    sync.extra_child_models[Rating] = _reaches_the_index
    if comment_texts not in document.comment_text_sources:
        document.comment_text_sources.append(comment_texts)
    if not event.contains(Session, "after_flush", _note_rating_changes):
        event.listen(Session, "after_flush", _note_rating_changes)
        event.listen(Session, "after_flush_postexec", _recompute_noted)


_NOTED = "ratings_changed"


def _note_rating_changes(session: Session, flush_context) -> None:
    """after_flush: remember which therapists' ratings this flush changed."""
    ids = {
        obj.therapist_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, Rating)
    }
    ids.discard(None)
    if ids:
        session.info.setdefault(_NOTED, set()).update(ids)


def _recompute_noted(session: Session, flush_context) -> None:
    """after_flush_postexec: recompute their aggregates before the transaction goes on."""
    ids = session.info.pop(_NOTED, None)
    if ids:
        recompute_aggregates(session, ids)
