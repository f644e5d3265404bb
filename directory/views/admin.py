"""The admin workbench: dashboard, review queue, case pages and their actions, audit trail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from .. import catalogue, verification, workbench
from ..auth import role_required
from ..extensions import db
from ..geography import COUNTRIES, REGIONS
from ..models import Licence, Therapist
from ..profiles import licence_summaries, places_summary
from .fields import PlainText, options

bp = Blueprint("admin", __name__, url_prefix="/admin")

QUEUE_STATUSES = {
    "mismatch": "Mismatch",
    "not_found": "Not found",
    "error": "Registry error / manual check",
    "inactive": "Inactive",
    "sanctioned": "Sanctioned",
    "verified": "Verified (blocked by another check)",
}


@bp.before_request
@role_required("admin")
def _admins_only():
    """Every admin page needs an admin; the decorator answers everyone else."""


def _actor() -> str:
    return f"admin:{current_user.email}"


class ReasonForm(FlaskForm):
    """A decision that must say why."""

    reason = TextAreaField(
        "Reason",
        validators=[
            DataRequired("Say why: it goes into the audit trail."),
            Length(max=2000),
            PlainText(multiline=True),
        ],
    )


class ManualCheckForm(FlaskForm):
    """An admin's own check of a registry page."""

    status = RadioField(
        "What the registry page showed",
        choices=options(
            [
                ("verified", "Licence held, in good standing, by this person"),
                ("not_found", "No such licence"),
                ("mismatch", "A licence, but for another name or type"),
                ("inactive", "Expired or lapsed"),
                ("sanctioned", "Disciplined, restricted or revoked"),
            ]
        ),
        validators=[DataRequired("Choose what the page showed.")],
    )
    checked_url = StringField(
        "Address of the page you checked",
        validators=[Optional(), URL(message="Give the full http(s) address."), Length(max=500)],
    )
    what_was_seen = TextAreaField(
        "What you saw",
        validators=[DataRequired("Describe what the page showed."), Length(max=4000)],
    )


class EmptyForm(FlaskForm):
    """An action without fields (CSRF only)."""


@bp.get("/")
def dashboard():
    """Counts by state, the oldest waiting case, registries failing lately."""
    return render_template("admin/dashboard.html", board=workbench.dashboard())


@bp.get("/queue")
def review_queue():
    """What needs a person, oldest first, with filters."""
    status = request.args.get("status", "")
    verifier = request.args.get("verifier", "")[:64]
    jurisdiction = request.args.get("jurisdiction", "")
    age = request.args.get("age", "")
    problems = []
    if status and status not in QUEUE_STATUSES:
        problems.append(f"Unknown status {status[:30]!r}: showing every status.")
        status = ""
    if jurisdiction and jurisdiction not in REGIONS and jurisdiction not in COUNTRIES:
        problems.append(f"Unknown jurisdiction {jurisdiction[:30]!r}: showing all.")
        jurisdiction = ""
    min_age = None
    if age:
        if age.isdigit() and int(age) <= 3650:
            min_age = int(age)
        else:
            problems.append("Age must be a number of days (0 to 3650).")
    cases, total = workbench.queue(status or None, verifier or None, jurisdiction or None, min_age)
    return (
        render_template(
            "admin/queue.html",
            cases=cases,
            total=total,
            problems=problems,
            statuses=QUEUE_STATUSES,
            verifiers=sorted(verification.configured_verifiers()),
            regions=sorted({**COUNTRIES, **REGIONS}.items(), key=lambda kv: kv[1]),
            args=request.args,
        ),
        400 if problems else 200,
    )


def _licence_or_404(licence_id: int) -> Licence:
    licence = db.session.get(Licence, licence_id)
    if licence is None:
        abort(404)
    return licence


@bp.get("/cases/<int:licence_id>")
def review_case(licence_id: int):
    """A licence's claim beside what each registry returned, its history, and actions."""
    licence = _licence_or_404(licence_id)
    return _case_page(licence, ReasonForm(), ManualCheckForm(), 200)


def _case_page(licence: Licence, reason_form, manual_form, status: int):
    therapist = licence.therapist
    return (
        render_template(
            "admin/case.html",
            licence=licence,
            therapist=therapist,
            reasons=workbench.case_reasons(licence, therapist),
            latest=verification.latest_by_verifier(licence),
            history=sorted(licence.checks, key=lambda c: c.checked_at, reverse=True),
            summaries=licence_summaries(therapist),
            places=places_summary(therapist),
            trail=workbench.audit_trail(str(therapist.id), limit=50),
            reason_form=reason_form,
            manual_form=manual_form,
            empty_form=EmptyForm(),
            board=catalogue.entry(licence.jurisdiction, licence.licence_type),
        ),
        status,
    )


@bp.post("/cases/<int:licence_id>/<any(approve, reject, suspend, restore):action>")
def decide_case(licence_id: int, action: str):
    """Approve, reject, suspend or restore, with a reason."""
    licence = _licence_or_404(licence_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash("Nothing was changed: " + _errors(form), "error")
        return _case_page(licence, form, ManualCheckForm(formdata=None), 400)
    reason = form.reason.data.strip()
    if action == "approve":
        workbench.approve(licence, _actor(), reason)
        flash("Approved: the profile is published (the licence is not marked verified).")
    elif action == "reject":
        workbench.reject(licence, _actor(), reason)
        flash("Rejected: the therapist sees your reason and can fix their profile.")
    else:
        workbench.set_suspended(licence.therapist, _actor(), reason, suspended=action == "suspend")
        flash("Suspended: out of search now." if action == "suspend" else "Restored to search.")
    return redirect(url_for("admin.review_case", licence_id=licence.id))


@bp.post("/cases/<int:licence_id>/rerun")
def rerun_case(licence_id: int):
    """Ask the registries again, now."""
    licence = _licence_or_404(licence_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    workbench.rerun(licence, _actor())
    flash("The checks are queued; this page shows the answers once the worker has run them.")
    return redirect(url_for("admin.review_case", licence_id=licence.id))


@bp.post("/cases/<int:licence_id>/manual")
def manual_check(licence_id: int):
    """Record a manual verification: the page checked and what it showed."""
    licence = _licence_or_404(licence_id)
    form = ManualCheckForm()
    if form.validate_on_submit():
        try:
            workbench.record_manual_check(
                licence,
                _actor(),
                form.status.data,
                (form.checked_url.data or "").strip(),
                form.what_was_seen.data.strip(),
            )
        except ValueError as exc:
            form.checked_url.errors = [*form.checked_url.errors, str(exc)]
        else:
            flash("Your check is recorded with its evidence.")
            return redirect(url_for("admin.review_case", licence_id=licence.id))
    flash("Nothing was recorded: " + _errors(form), "error")
    return _case_page(licence, ReasonForm(formdata=None), form, 400)


@bp.get("/audit")
def audit_trail():
    """Every admin action and automatic state change, newest first."""
    therapist = request.args.get("therapist", "")[:120]
    events = workbench.audit_trail(therapist)
    names = {
        t.id: t
        for t in db.session.scalars(
            db.select(Therapist).where(Therapist.id.in_({e.therapist_id for e in events}))
        )
    }
    return render_template("admin/audit.html", events=events, query=therapist, names=names)


def _errors(form) -> str:
    messages = [m for errors in form.errors.values() for m in errors]
    return " ".join(str(m) for m in messages) or "the form was not valid."
