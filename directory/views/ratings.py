"""Rating a therapist, changing or deleting one's rating, reporting one, and the policy.

Views stay thin: the rules are in the ratings package. Every refusal a person can meet says what
happened and what they can do, with a 4xx status; what they typed is kept in the form.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from ..extensions import db, limiter
from ..models import RATING_ASPECTS, Rating, Therapist
from ..ratings import comments, display, reports, rules
from .fields import options

bp = Blueprint("ratings", __name__)


def _rating_limit() -> str:
    return current_app.config["RATING_RATE_LIMIT"]


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


def _rater_key() -> str:
    """Rating limits count per account (several clients may share an address)."""
    if current_user.is_authenticated:
        return f"rater:{current_user.id}"
    return get_remote_address()


# -- forms -----------------------------------------------------------------------------------

SCORE_CHOICES = options([(str(n), str(n)) for n in range(1, 6)])


class ScoreField(RadioField):
    """A score from 1 to 5, as five radio buttons; anything else is refused in words."""

    def __init__(self, label: str, **kwargs):
        message = f"Choose a score from 1 to 5 for “{label}”."
        super().__init__(
            label,
            choices=SCORE_CHOICES,
            description="1 is poor, 5 is excellent.",
            validators=[InputRequired(message)],
            invalid_choice_message=message,
            **kwargs,
        )

    def process_formdata(self, valuelist):
        # RadioField would coerce with int() and answer "Invalid Choice: could not coerce".
        if valuelist:
            raw = valuelist[0].strip()
            self.data = raw if raw in {"1", "2", "3", "4", "5"} else None
            if self.data is None and raw:
                raise ValueError(self.validators[0].message)


def _comment_check(form, field) -> None:
    field.data = comments.clean_comment(field.data)
    problem = comments.comment_problem(field.data)
    if problem:
        raise ValidationError(problem)


class RatingForm(FlaskForm):
    """Scores, an optional comment, and the confirmation that the rater was in contact."""

    overall = ScoreField(rules.ASPECT_QUESTIONS["overall"])
    responsiveness = ScoreField(rules.ASPECT_QUESTIONS["responsiveness"])
    accuracy = ScoreField(rules.ASPECT_QUESTIONS["accuracy"])
    respect = ScoreField(rules.ASPECT_QUESTIONS["respect"])
    comment = TextAreaField(
        "Comment (optional)",
        description=(
            f"At most {comments.COMMENT_MAX:,} characters. Please write about contacting them, "
            "the listing and how you were treated: no diagnoses, symptoms, medication, what "
            "you talked about in sessions, or anyone's name or contact details."
        ),
        validators=[_comment_check],
    )
    contact_confirmed = BooleanField(
        "I contacted or saw this therapist myself",
        validators=[InputRequired(rules.CONFIRM_CONTACT)],
    )

    def scores(self) -> rules.Scores:
        """The chosen scores (validated: each is 1 to 5)."""
        return rules.Scores(
            **{name: int(getattr(self, name).data) for name in ("overall", *RATING_ASPECTS)}
        )


class ReportForm(FlaskForm):
    """What is wrong with a rating."""

    category = RadioField(
        "What is wrong with this rating?",
        choices=options(reports.REPORT_CATEGORIES.items()),
        validators=[InputRequired("Choose what is wrong with this rating.")],
        invalid_choice_message="Choose one of the reasons on the list.",
    )
    details = TextAreaField(
        "Details",
        description=(
            f"Optional, except for “something else”. At most {reports.REPORT_MAX:,} characters. "
            "Only moderators read this."
        ),
    )

    def validate_details(self, field) -> None:
        """Details are required for "something else", and limited in length."""
        field.data = comments.clean_comment(field.data)
        if self.category.data == "other" and not field.data:
            raise ValidationError("Say what is wrong with this rating.")
        if len(field.data) > reports.REPORT_MAX:
            raise ValidationError(f"Keep the details under {reports.REPORT_MAX:,} characters.")


class EmptyForm(FlaskForm):
    """An action without fields (CSRF only)."""


# -- helpers ---------------------------------------------------------------------------------


def _published_or_404(slug: str) -> Therapist:
    if "\x00" in slug:  # PostgreSQL refuses NUL in a query: no slug has one anyway
        abort(404)
    therapist = db.session.scalar(select(Therapist).where(Therapist.slug == slug[:120]))
    if therapist is None or not therapist.is_published:
        abort(404)
    return therapist


def _refused(therapist: Therapist | None, refused: rules.RatingRefused, own: Rating | None):
    if refused.status == 404:
        abort(404)
    page = render_template("ratings/refused.html", therapist=therapist, refused=refused, own=own)
    return page, refused.status


def _profile_url(therapist: Therapist) -> str:
    return url_for("public.therapist_profile", slug=therapist.slug) + "#rating-h"


def _warn_writer(rating: Rating) -> None:
    therapist = rating.therapist
    warnings = comments.comment_warnings(
        rating.comment, (therapist.first_name, therapist.last_name)
    )
    if warnings:
        kinds = ", ".join(w.label for w in warnings)
        flash(
            f"Your comment may contain {kinds}. A moderator will check it before anyone sees "
            "it; if you'd rather take that out, you can change it now.",
            "info",
        )


# -- rating -----------------------------------------------------------------------------------


@bp.route("/therapists/<slug>/rate", methods=["GET", "POST"])
@login_required
@limiter.limit(_rating_limit, methods=["POST"], key_func=_rater_key)
def rate_therapist(slug: str):
    """Rate a therapist: once, as a confirmed client who contacted or saw them."""
    therapist = _published_or_404(slug)
    own = rules.own_rating(current_user, therapist)
    refused = rules.refusal(current_user, therapist)
    if refused is not None:
        return _refused(therapist, refused, own)
    form = RatingForm()
    if form.validate_on_submit():
        try:
            rating = rules.submit_rating(
                current_user, therapist, form.scores(), form.comment.data, True
            )
        except rules.RatingRefused as exc:
            if exc.status != 400:
                return _refused(therapist, exc, rules.own_rating(current_user, therapist))
            form.form_errors.append(exc.message)
        else:
            flash(
                "Thank you: your rating is saved. A moderator checks every rating before it "
                "is shown or counted, usually within a few days.",
                "success",
            )
            _warn_writer(rating)
            return redirect(_profile_url(therapist))
    status = 400 if form.is_submitted() else 200
    return render_template("ratings/rate.html", form=form, therapist=therapist, rating=None), status


@bp.get("/ratings/mine")
@login_required
def my_ratings():
    """The signed-in person's ratings, with their moderation state."""
    ratings = db.session.scalars(
        select(Rating).where(Rating.user_id == current_user.id).order_by(Rating.created_at.desc())
    ).all()
    return render_template("ratings/mine.html", ratings=ratings)


@bp.route("/ratings/<int(max=2147483647):rating_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit(_rating_limit, methods=["POST"], key_func=_rater_key)
def edit_rating(rating_id: int):
    """Change one's own rating; a changed comment is moderated again."""
    try:
        rating = rules.rating_of(current_user, rating_id)
    except rules.RatingRefused:
        abort(404)
    therapist = rating.therapist
    if request.method == "POST":
        form = RatingForm()
    else:
        values = {name: str(score) for name, score in rating.scores.items()}
        form = RatingForm(
            formdata=None, data={**values, "comment": rating.comment, "contact_confirmed": True}
        )
    if form.validate_on_submit():
        try:
            queued = rules.edit_rating(rating, current_user, form.scores(), form.comment.data)
        except rules.RatingRefused as exc:
            if exc.status != 400:
                return _refused(therapist, exc, rating)
            form.form_errors.append(exc.message)
        else:
            flash(
                "Your rating is changed. A moderator will check it before it is shown."
                if queued
                else "Your rating is changed.",
                "success",
            )
            _warn_writer(rating)
            return redirect(url_for("ratings.my_ratings"))
    status = 400 if form.is_submitted() else 200
    return (
        render_template(
            "ratings/rate.html",
            form=form,
            therapist=therapist,
            rating=rating,
            delete_form=EmptyForm(),
        ),
        status,
    )


@bp.post("/ratings/<int(max=2147483647):rating_id>/delete")
@login_required
@limiter.limit(_rating_limit, key_func=_rater_key)
def delete_rating(rating_id: int):
    """Delete one's own rating for good."""
    try:
        rating = rules.rating_of(current_user, rating_id)
    except rules.RatingRefused:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    rules.delete_rating(rating, current_user)
    flash("Your rating is deleted.", "success")
    return redirect(url_for("ratings.my_ratings"))


# -- reporting --------------------------------------------------------------------------------


_REPORT_THANKS = {
    reports.ReportOutcome.HIDDEN: "Thank you: the rating is hidden until a moderator has looked "
    "at it.",
    reports.ReportOutcome.WAITING: "Thank you: a moderator will look at this rating. It stays "
    "on the site until they decide.",
    reports.ReportOutcome.REPEATED: "You have reported this rating already; a moderator will "
    "look at it.",
}
_HIDE_NEEDS_ACCOUNT = (
    "A report of someone's personal or health details, or of a threat, hides the rating at once "
    "when it comes from a signed-in account with a confirmed email address (a few a day). "
    "Yours goes to the moderators first."
)


@bp.route("/ratings/<int(max=2147483647):rating_id>/report", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report_rating(rating_id: int):
    """Report a rating that breaks the policy: anyone may, with a reason."""
    rating = reports.reportable(rating_id)
    if rating is None:
        abort(404)
    therapist = rating.therapist
    form = ReportForm()
    if form.validate_on_submit():
        try:
            outcome = reports.report(
                rating,
                form.category.data,
                form.details.data,
                current_user if current_user.is_authenticated else None,
                get_remote_address(),
            )
        except rules.RatingRefused as exc:
            if exc.status != 400:
                abort(exc.status)
            form.form_errors.append(exc.message)
        else:
            flash(_REPORT_THANKS[outcome], "success")
            if outcome == reports.ReportOutcome.WAITING and form.category.data in (
                reports.HIDE_AT_ONCE
            ):
                flash(_HIDE_NEEDS_ACCOUNT, "info")
            return redirect(_profile_url(therapist))
    status = 400 if form.is_submitted() else 200
    comment = display.PublicComment(rating.id, rating.comment, "")
    return render_template(
        "ratings/report.html", form=form, therapist=therapist, comment=comment
    ), status


@bp.get("/ratings/policy")
def policy():
    """How ratings work, and why therapists can't reply to them or ask for them."""
    return render_template("ratings/policy.html", min_shown=display.MIN_RATINGS_SHOWN)
