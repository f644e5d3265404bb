"""Reports of shown ratings: a report sends a rating to a moderator, and is no free veto.

A reported rating stays on the site, shown and counted, until a moderator decides, so a
burst of reports cannot change what a profile shows. Only reports of the kinds that
must not wait (someone's personal or health details, a threat), made from a confirmed
account, hide the rating at once, and one account hides at most a few ratings a day.
Each source (an account, or a client address kept as a keyed hash) counts once per
rating, and the moderators see how many reports each source has made lately.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Rating, RatingReport, RatingStatus, User, utcnow
from .comments import clean_comment
from .display import MIN_RATINGS_SHOWN
from .rules import RatingRefused

REPORT_MAX = 1000
REPORT_CATEGORIES = {
    "identifies": "It identifies me or someone else",
    "health": "It reveals someone's health details",
    "threatening": "It threatens someone",
    "abusive": "It is abusive or hateful",
    "not_genuine": "It isn't genuine: the writer wasn't a client, or was paid or asked to write it",
    "other": "Something else",
}
# Harm that grows while a moderator is away: these hide a rating at once (from a
# confirmed account). Every other report waits with the rating still shown.
HIDE_AT_ONCE = frozenset({"identifies", "health", "threatening"})
NOT_SHOWN = "That rating isn't shown on the site, so there is nothing to do with it here."
# How far back the moderation queue counts each source's reports.
VOLUME_DAYS = 30


class ReportOutcome(StrEnum):
    """What a report did."""

    HIDDEN = "hidden"  # the rating left the site until a moderator decides
    WAITING = "waiting"  # a moderator will look; the rating stays shown meanwhile
    REPEATED = "repeated"  # this source had reported it already: nothing changed


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


def may_hide(reporter: User | None) -> bool:
    """Whether this reporter's reports of the urgent kinds hide a rating at once."""
    if reporter is None or not reporter.is_authenticated or not reporter.is_confirmed:
        return False
    since = utcnow() - timedelta(days=1)
    hidden_today = db.session.scalar(
        select(func.count())
        .select_from(RatingReport)
        .where(
            RatingReport.reporter_id == reporter.id,
            RatingReport.hid_rating.is_(True),
            RatingReport.created_at > since,
        )
    )
    return (hidden_today or 0) < current_app.config["RATING_REPORT_HIDES_PER_DAY"]


def report(
    rating: Rating, category: str, details: str, reporter: User | None, address: str | None
) -> ReportOutcome:
    """Report a shown rating to the moderators; see the module's docstring for what it does."""
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
    source = address_hash(address)
    earlier = open_reports(rating)
    # An account counts once; so does an address, whether or not someone signed in there
    # earlier (signing out and in again is no second voice).
    if any(
        (known is not None and r.reporter_id == known.id)
        or (known is None and r.reporter_hash == source)
        for r in earlier
    ):
        return ReportOutcome.REPEATED
    hides = category in HIDE_AT_ONCE and rating.status == RatingStatus.APPROVED and may_hide(known)
    reason = REPORT_CATEGORIES[category] + (f": {details}" if details else "")
    rating.reports.append(
        RatingReport(
            category=category,
            reason=reason,
            reporter_id=known.id if known else None,
            reporter_hash=source,
            hid_rating=hides,
        )
    )
    if rating.reported_at is None:
        rating.reported_at = utcnow()
        if rating.status == RatingStatus.APPROVED:
            rating.queued_at = rating.reported_at
    if hides:
        rating.status = RatingStatus.PENDING
    db.session.commit()
    return ReportOutcome.HIDDEN if hides else ReportOutcome.WAITING


def source_key(report: RatingReport) -> tuple[str, str]:
    """Who made a report, for counting: the account, or else the address's hash."""
    if report.reporter_id is not None:
        return ("account", str(report.reporter_id))
    return ("address", report.reporter_hash)


def report_volume(reports: list[RatingReport]) -> dict[tuple[str, str], int]:
    """How many reports each of these reports' sources made in the last `VOLUME_DAYS` days."""
    accounts = {r.reporter_id for r in reports if r.reporter_id is not None}
    hashes = {r.reporter_hash for r in reports if r.reporter_id is None and r.reporter_hash}
    since = utcnow() - timedelta(days=VOLUME_DAYS)
    volume: dict[tuple[str, str], int] = {}
    if accounts:
        for reporter_id, count in db.session.execute(
            select(RatingReport.reporter_id, func.count())
            .where(RatingReport.reporter_id.in_(accounts), RatingReport.created_at > since)
            .group_by(RatingReport.reporter_id)
        ):
            volume[("account", str(reporter_id))] = count
    if hashes:
        for reporter_hash, count in db.session.execute(
            select(RatingReport.reporter_hash, func.count())
            .where(
                RatingReport.reporter_hash.in_(hashes),
                RatingReport.reporter_id.is_(None),
                RatingReport.created_at > since,
            )
            .group_by(RatingReport.reporter_hash)
        ):
            volume[("address", reporter_hash)] = count
    return volume
