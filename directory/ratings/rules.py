"""Ratings: who may rate, submitting and editing, moderation, reports, and aggregates.

Ratings of therapists are ethically delicate (see templates/ratings/policy.html): only a
signed-in, confirmed client who says they contacted or saw the therapist may rate,
once per therapist; every rating waits for an admin before anyone sees it or it counts;
nobody is named in public; and a therapist can neither reply nor invite ratings.

The rules, in one place:

- A rating is PENDING when submitted, when its comment is edited, and when anyone
  reports it; only APPROVED ratings are shown, counted and searchable. A report hides a
  rating at once, until an admin decides: someone saying "this identifies me" must not
  wait for a moderator. Reports need a reason, are rate-limited per address, and one
  reporter counts once per rating, so hiding a rating costs a stranger something.
- Aggregates (`Therapist.rating_count`, `rating_average`, `rating_score`) are
  recomputed from the rating table by an ORM hook after every flush that changed a
  rating, in the same transaction: whatever code path changes a rating (a client, an
  admin, an account deletion), the aggregates and the search outbox follow. On
  PostgreSQL the therapist row is locked first (`SELECT ... FOR NO KEY UPDATE`), so two
  transactions rating one therapist recompute one after the other and the last to
  commit sees both; on SQLite the database lock serialises writers anyway.
- The Bayesian score used by "sort by rating" is a fixed prior of BAYES_PRIOR_WEIGHT
  (5) pseudo-ratings of BAYES_PRIOR_MEAN (3.5): score = (5 * 3.5 + sum) / (5 + n).
  Fixed, not the site-wide mean, so each therapist's score depends only on their own
  ratings: it can be recomputed in the transaction that changed them, and one approval
  never re-scores (and re-indexes) every profile. 3.5 lies below the mean of typical
  online ratings (about 4.2 to 4.5), so a handful of glowing ratings is pulled down, not
  up: 200 ratings averaging 4.8 score 4.77, three 5-star ratings 4.06. Below
  MIN_RATINGS_SHOWN approved ratings the score is 0, like a profile with none: an order
  that depends on one or two ratings would single their authors out as surely as
  showing the average would.
- Comments are plain text, cleaned and checked by comments.py: at most 1,000
  characters, markup kept and shown inert, invisible format characters removed.
- The index's "reviews" text is exactly the comments a profile shows (see review_texts).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, current_app
from sqlalchemy import event, func, inspect, literal_column, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from .. import audit
from ..extensions import db
from ..models import (
    RATING_ASPECTS,
    Rating,
    RatingReport,
    RatingStatus,
    Role,
    Therapist,
    User,
    utcnow,
)
from ..profiles import MIN_RATINGS_SHOWN
from ..search import sync
from .comments import (
    CommentWarning,
    clean_comment,
    comment_problem,
    comment_warnings,
    marked_segments,
)

DEFAULTS = {
    # Per account: submitting, editing and deleting ratings.
    "RATING_RATE_LIMIT": "5 per minute; 30 per day",
    # Per client address: reports of ratings.
    "REPORT_RATE_LIMIT": "5 per minute; 20 per day",
}

REPORT_MAX = 1000
BAYES_PRIOR_MEAN = 3.5
BAYES_PRIOR_WEIGHT = 5
COMMENTS_SHOWN = 20

ASPECT_LABELS = {
    "responsiveness": "Responsiveness",
    "accuracy": "Listing accuracy",
    "respect": "Feeling heard and respected",
}
ASPECT_QUESTIONS = {
    "overall": "Overall",
    "responsiveness": "Did they reply, and in reasonable time?",
    "accuracy": "Did the listing match reality (fees, availability, format)?",
    "respect": "Did you feel heard and respected?",
}
REPORT_CATEGORIES = {
    "identifies": "It identifies me or someone else",
    "health": "It reveals someone's health details",
    "not_genuine": "It isn't genuine: the writer wasn't a client, or was paid or asked to write it",
    "abusive": "It is abusive, hateful or threatening",
    "other": "Something else",
}


def init_app(app: Flask) -> None:
    """Fill in rate-limit settings, and hook ratings into the aggregates and the index."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    install_hooks()
    app.jinja_env.globals.update(rating_details=rating_details, rating_viewer=rating_viewer)


def _reaches_the_index(rating: Rating) -> bool:
    """Only approved ratings count in the index (aggregates, comment text): a change to
    a rating that is not approved, and was not before the change, leaves it as it is."""
    was = inspect(rating).attrs.status.history.deleted or ()
    return rating.status == RatingStatus.APPROVED or RatingStatus.APPROVED in was


def install_hooks() -> None:
    """Rating changes re-index their therapist, and re-compute its aggregates (idempotent)."""
    sync.extra_child_models[Rating] = _reaches_the_index
    if review_texts not in sync.review_text_sources:
        sync.review_text_sources.append(review_texts)
    if not event.contains(Session, "after_flush", _note_rating_changes):
        event.listen(Session, "after_flush", _note_rating_changes)
        event.listen(Session, "after_flush_postexec", _recompute_noted)


# -- refusals ---------------------------------------------------------------------------------


class RatingRefused(Exception):
    """A rating action that is not allowed, with words for the person and an HTTP status."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


NOT_SHOWN = "That rating isn't shown on the site, so there is nothing to do with it here."
ALREADY_RATED = (
    "You have rated this therapist already. You can change or delete your rating instead."
)
CONFIRM_CONTACT = (
    "Please confirm that you contacted or saw this therapist yourself: "
    "only people who did may rate them."
)


def refusal(user: User, therapist: Therapist) -> RatingRefused | None:
    """Why `user` may not rate `therapist` now, or None when they may."""
    if not therapist.is_published:
        return RatingRefused(
            "This profile isn't listed at the moment, so it can't be rated.", status=404
        )
    if therapist.user_id is not None and therapist.user_id == user.id:
        return RatingRefused("You can't rate your own profile.")
    if user.role != Role.CLIENT:
        return RatingRefused(
            "Therapist and admin accounts can't rate therapists: ratings come only from "
            "people who contacted or saw a therapist as a client. To rate one, use a "
            "client account."
        )
    if not user.is_confirmed:
        return RatingRefused("Please confirm your email address first, then rate.")
    if own_rating(user, therapist) is not None:
        return RatingRefused(ALREADY_RATED, status=409)
    return None


def own_rating(user, therapist: Therapist) -> Rating | None:
    """The signed-in person's rating of this therapist, whatever its state."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Rating).where(Rating.therapist_id == therapist.id, Rating.user_id == user.id)
    )


# -- submitting, editing, deleting --------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """An overall score and the three aspects, each a whole number from 1 to 5."""

    overall: int
    responsiveness: int
    accuracy: int
    respect: int

    def problem(self) -> str | None:
        """Why these scores can't be saved, or None."""
        for name, value in self.__dict__.items():
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                return f"Scores go from 1 to 5: choose one for “{ASPECT_QUESTIONS[name]}”."
        return None


def _checked(scores: Scores, comment: str | None) -> str:
    problem = scores.problem()
    if problem:
        raise RatingRefused(problem, status=400)
    cleaned = clean_comment(comment)
    problem = comment_problem(cleaned)
    if problem:
        raise RatingRefused(problem, status=400)
    return cleaned


def submit_rating(
    user: User, therapist: Therapist, scores: Scores, comment: str, contact_confirmed: bool
) -> Rating:
    """Save a new rating, pending moderation; raises RatingRefused (nothing is saved then)."""
    refused = refusal(user, therapist)
    if refused:
        raise refused
    if not contact_confirmed:
        raise RatingRefused(CONFIRM_CONTACT, status=400)
    cleaned = _checked(scores, comment)
    rating = Rating(
        therapist_id=therapist.id,
        user_id=user.id,
        comment=cleaned,
        contact_confirmed=True,
        status=RatingStatus.PENDING,
        queued_at=utcnow(),
        **scores.__dict__,
    )
    db.session.add(rating)
    try:
        db.session.commit()
    except IntegrityError:
        # Two submissions at once (a double click, two tabs): the first one stands.
        db.session.rollback()
        raise RatingRefused(ALREADY_RATED, status=409) from None
    return rating


def rating_of(user: User, rating_id: int) -> Rating:
    """The user's own rating by id; anyone else's is answered as not found."""
    rating = db.session.get(Rating, rating_id)
    if rating is None or rating.user_id != user.id:
        raise RatingRefused("We can't find that rating among yours.", status=404)
    return rating


def edit_rating(rating: Rating, user: User, scores: Scores, comment: str) -> bool:
    """Change one's own rating; returns whether it went back to moderation.

    A changed comment (or any change to a rejected rating) waits for an admin again; new
    scores on an approved rating with the same comment count at once.
    """
    if rating.user_id != user.id:
        raise RatingRefused("We can't find that rating among yours.", status=404)
    if not rating.therapist.is_published:
        raise RatingRefused(
            "This profile isn't listed at the moment, so its ratings can't be changed. "
            "You can still delete yours.",
            status=409,
        )
    cleaned = _checked(scores, comment)
    changed_comment = cleaned != rating.comment
    if not changed_comment and scores == _scores_of(rating):
        return rating.status == RatingStatus.PENDING
    for name, value in scores.__dict__.items():
        setattr(rating, name, value)
    rating.comment = cleaned
    if rating.status != RatingStatus.PENDING and (
        changed_comment or rating.status == RatingStatus.REJECTED
    ):
        rating.status = RatingStatus.PENDING
        rating.queued_at = utcnow()
    db.session.commit()
    return rating.status == RatingStatus.PENDING


def _scores_of(rating: Rating) -> Scores:
    return Scores(**rating.scores)


def delete_rating(rating: Rating, user: User) -> None:
    """Delete one's own rating for good (its reports go with it)."""
    if rating.user_id != user.id:
        raise RatingRefused("We can't find that rating among yours.", status=404)
    db.session.delete(rating)
    db.session.commit()


# -- moderation -------------------------------------------------------------------------------


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


def open_reports(rating: Rating) -> list[RatingReport]:
    """Reports made since the rating was last moderated."""
    since = _aware(rating.moderated_at)
    return [r for r in rating.reports if since is None or _aware(r.created_at) > since]


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


# -- reports ----------------------------------------------------------------------------------


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


# -- aggregates -------------------------------------------------------------------------------


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


# -- what profiles and the index show ---------------------------------------------------------


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
    if count < MIN_RATINGS_SHOWN or therapist.rating_average is None:
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


@dataclass
class Viewer:
    """What the person looking at a profile can do about ratings."""

    may_rate: bool
    own: Rating | None
    reason: str = ""  # why they may not rate (empty when they may, or are anonymous)


def rating_viewer(therapist: Therapist, user) -> Viewer:
    """Whether the viewer may rate this profile, and their own rating of it if any."""
    if user is None or not user.is_authenticated:
        return Viewer(may_rate=therapist.is_published, own=None)
    own = own_rating(user, therapist)
    refused = refusal(user, therapist)
    return Viewer(may_rate=refused is None, own=own, reason=refused.message if refused else "")


def review_texts(session: Session, therapist_ids: list[int]) -> dict[int, str]:
    """Approved comment text per therapist, for the index's "reviews" field.

    Exactly what the profile shows: nothing below MIN_RATINGS_SHOWN approved ratings
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
        )
        .order_by(Rating.therapist_id, Rating.created_at.desc(), Rating.id.desc())
    )
    texts: dict[int, list[str]] = {}
    for tid, comment in rows:
        shown = texts.setdefault(tid, [])
        if len(shown) < COMMENTS_SHOWN:
            shown.append(comment)
    return {tid: "\n".join(parts) for tid, parts in texts.items()}


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
