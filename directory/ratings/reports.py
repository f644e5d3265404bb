"""Reports of shown ratings: a report hides the rating until an admin decides."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from ..extensions import db
from ..models import Rating, RatingReport, RatingStatus, User, utcnow
from .comments import clean_comment
from .display import MIN_RATINGS_SHOWN
from .rules import RatingRefused

REPORT_MAX = 1000
REPORT_CATEGORIES = {
    "identifies": "It identifies me or someone else",
    "health": "It reveals someone's health details",
    "not_genuine": "It isn't genuine: the writer wasn't a client, or was paid or asked to write it",
    "abusive": "It is abusive, hateful or threatening",
    "other": "Something else",
}
NOT_SHOWN = "That rating isn't shown on the site, so there is nothing to do with it here."


def open_reports(rating: Rating) -> list[RatingReport]:
    """Reports made since the rating was last moderated."""
    since = rating.moderated_at
    return [r for r in rating.reports if since is None or r.created_at > since]


def reportable(rating_id: int) -> Rating | None:
    """A rating the public can see now, or one hidden by a report (more may come in while
    a page showing it is still open); otherwise None."""
    rating = db.session.get(Rating, rating_id)
    if rating is None or not _may_be_reported(rating):
        return None
    if rating.status == RatingStatus.APPROVED and rating.therapist.rating_count < MIN_RATINGS_SHOWN:
        return None
    return rating


def _may_be_reported(rating: Rating) -> bool:
    if not rating.therapist.is_published:
        return False
    return rating.status == RatingStatus.APPROVED or (
        rating.status == RatingStatus.PENDING and bool(open_reports(rating))
    )


def address_hash(address: str | None) -> str:
    """A keyed hash of a client address: the same address matches, the address can't be read."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"report:{address or ''}".encode(), hashlib.sha256).hexdigest()[:32]


def report(
    rating: Rating, category: str, details: str, reporter: User | None, address: str | None
) -> bool:
    """Report a shown rating: it leaves the site until an admin decides.

    Returns False when this reporter had already reported it (nothing changes then).
    """
    if not _may_be_reported(rating):
        raise RatingRefused(NOT_SHOWN, status=404)
    if category not in REPORT_CATEGORIES:
        raise RatingRefused("Choose what is wrong with this rating.", status=400)
    details = clean_comment(details)
    if category == "other" and not details:
        raise RatingRefused("Say what is wrong with this rating.", status=400)
    if len(details) > REPORT_MAX:
        raise RatingRefused(f"Keep the details under {REPORT_MAX:,} characters.", status=400)
    known = reporter if reporter is not None and reporter.is_authenticated else None
    who = {"reporter_id": known.id} if known else {"reporter_hash": address_hash(address)}
    if any(getattr(r, key) == value for r in open_reports(rating) for key, value in who.items()):
        return False
    reason = REPORT_CATEGORIES[category] + (f": {details}" if details else "")
    rating.reports.append(RatingReport(category=category, reason=reason, **who))
    if rating.status == RatingStatus.APPROVED:
        rating.status = RatingStatus.PENDING
        rating.queued_at = utcnow()
    db.session.commit()
    return True
