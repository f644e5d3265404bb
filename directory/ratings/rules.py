"""Who may rate a therapist, and submitting, editing and deleting one's own rating."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Rating, RatingStatus, Role, Therapist, User, utcnow
from .comments import clean_comment, comment_problem

ASPECT_QUESTIONS = {
    "overall": "Overall",
    "responsiveness": "Did they reply, and in reasonable time?",
    "accuracy": "Did the listing match reality (fees, availability, format)?",
    "respect": "Did you feel heard and respected?",
}


# -- refusals ---------------------------------------------------------------------------------


class RatingRefused(Exception):
    """A rating action that is not allowed, with words for the person and an HTTP status."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


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
