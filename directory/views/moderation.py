"""The ratings moderation queue for admins: new, edited and reported ratings, oldest first.

Each decision goes through moderation.approve / moderation.reject (directory/ratings), which
record it in the audit trail and, through the aggregate hook, update the therapist's scores
and search entry.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from ..auth import role_required
from ..extensions import db
from ..models import Rating
from ..ratings import moderation, reports, rules
from .fields import PlainText

bp = Blueprint("moderation", __name__, url_prefix="/admin/ratings")


@bp.before_request
@role_required("admin")
def _admins_only():
    """Every page here needs an admin; the decorator answers everyone else."""


class DecisionForm(FlaskForm):
    """Approve (a reason is optional) or reject (the reason is shown to the writer)."""

    reason = TextAreaField("Reason", validators=[Length(max=2000), PlainText(multiline=True)])


def _actor() -> str:
    return f"admin:{current_user.email}"


def _queue_page(status: int = 200, failed: int | None = None, failed_form=None):
    items, total = moderation.moderation_queue()
    forms = {
        item.rating.id: failed_form if item.rating.id == failed else DecisionForm(formdata=None)
        for item in items
    }
    page = render_template(
        "admin/rating_queue.html",
        items=items,
        total=total,
        forms=forms,
        aspects=moderation.ASPECT_LABELS,
        volume_days=reports.VOLUME_DAYS,
    )
    return page, status


@bp.get("/")
def rating_queue():
    """Ratings waiting for a decision, oldest first, with warnings highlighted."""
    return _queue_page()


@bp.post("/<int(max=2147483647):rating_id>/<any(approve, reject):action>")
def decide_rating(rating_id: int, action: str):
    """Approve or reject a rating, with a reason kept in the audit trail."""
    rating = db.session.get(Rating, rating_id)
    if rating is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        reason = (form.reason.data or "").strip()
        try:
            if action == "approve":
                moderation.approve(rating, _actor(), reason)
                flash("Approved: the rating is shown and counted now.", "success")
            else:
                moderation.reject(rating, _actor(), reason)
                flash("Rejected: its writer sees your reason and can change the rating.", "success")
        except rules.RatingRefused as exc:
            form.reason.errors = [*form.reason.errors, exc.message]
        else:
            return redirect(url_for("moderation.rating_queue"))
    flash(
        "Nothing was changed: " + " ".join(form.reason.errors or ["the form was not valid."]),
        "error",
    )
    return _queue_page(400, failed=rating_id, failed_form=form)
