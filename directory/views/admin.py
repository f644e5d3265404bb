"""The admin workbench: dashboard, review queue, case pages and their actions, audit trail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from .. import verification, workbench
from ..auth import role_required
from ..extensions import db
from ..geography import COUNTRIES, REGIONS
from ..models import Licence, Therapist
from ..profiles import licence_summaries, places_summary
from .fields import NOT_ON_THE_LIST, PlainText, options

bp = Blueprint("admin", __name__, url_prefix="/admin")

_UNSET = object()

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


class DecisionForm(FlaskForm):
    """Approve or reject one licence; the reason is needed when the decision changes who
    can see the profile, and always for a rejection (the therapist reads it)."""

    reason = TextAreaField(
        "Reason",
        validators=[Optional(), Length(max=2000), PlainText(multiline=True)],
    )
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])


class ProfileReasonForm(FlaskForm):
    """Suspend or restore a profile: always with a reason."""

    reason = TextAreaField(
        "Reason",
        validators=[
            DataRequired("Say why: it goes into the audit trail."),
            Length(max=2000),
            PlainText(multiline=True),
        ],
    )


LEVELS_SEEN = [
    ("", "The page does not say"),
    ("independent", "Independent practice"),
    ("supervised", "Practice under supervision (associate, provisional)"),
    ("limited_scope", "A limited scope, not general psychotherapy"),
]


class ManualCheckForm(FlaskForm):
    """An admin's own check of a registry page: which register, what it showed."""

    register = SelectField(
        "Register you checked", validators=[DataRequired("Choose the register you checked.")]
    )
    status = RadioField(
        "What the registry page showed",
        choices=options(
            [
                ("verified", "Held, in good standing, by this person"),
                ("not_found", "No such licence or membership"),
                ("mismatch", "Listed, but for another name, type or level"),
                ("inactive", "Expired or lapsed"),
                ("sanctioned", "Disciplined, restricted or revoked"),
            ]
        ),
        validators=[DataRequired("Choose what the page showed.")],
    )
    # Offered only up to the claimed level (`_manual_form`); a posted level above it is
    # refused with the reason rather than WTForms' bare "Not a valid choice".
    level = SelectField(
        "Level the page shows", choices=options(LEVELS_SEEN), default="", validate_choice=False
    )
    checked_url = StringField(
        "Address of the page you checked",
        validators=[Optional(), URL(message="Give the full http(s) address."), Length(max=500)],
    )
    what_was_seen = TextAreaField(
        "What you saw",
        validators=[
            DataRequired("Describe what the page showed."),
            Length(max=4000),
            PlainText(multiline=True),
        ],
    )
    version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])

    above_claim = ""  # why a level not offered is refused (set by `_manual_form`)

    def validate_level(self, field):
        """Refuse a level the form did not offer, saying why."""
        if field.data and field.data not in {choice.value for choice in field.choices}:
            known = {value for value, _ in LEVELS_SEEN}
            raise ValidationError(
                _sentence(self.above_claim) if field.data in known else NOT_ON_THE_LIST
            )


OTHER_REGISTER = "other"


def _manual_form(licence: Licence, registers, formdata=_UNSET):
    kwargs = {"prefix": f"m{licence.id}"}
    if formdata is not _UNSET:
        kwargs["formdata"] = formdata
    form = ManualCheckForm(**kwargs)
    offered = {"", *workbench.levels_up_to_claim(licence)}
    form.level.choices = options([row for row in LEVELS_SEEN if row[0] in offered])
    form.above_claim = workbench.above_claim_words(licence)
    form.register.choices = options(
        [("", "Choose…"), *((row.board, row.board) for row in registers),
         (OTHER_REGISTER, "Another register (name it below)")]
    )  # fmt: skip
    return form


def _decision_form(licence: Licence, formdata=_UNSET):
    kwargs = {"prefix": f"d{licence.id}"}
    if formdata is not _UNSET:
        kwargs["formdata"] = formdata
    return DecisionForm(**kwargs)


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


def _therapist_or_404(therapist_id: int) -> Therapist:
    therapist = db.session.get(Therapist, therapist_id)
    if therapist is None:
        abort(404)
    return therapist


def _case_url(licence: Licence) -> str:
    return url_for(
        "admin.review_therapist",
        therapist_id=licence.therapist_id,
        _anchor=f"licence-{licence.id}",
    )


@bp.get("/cases/<int(max=2147483647):licence_id>")
def review_case(licence_id: int):
    """The old address of a licence's case: now a part of its therapist's case page."""
    return redirect(_case_url(_licence_or_404(licence_id)))


@bp.get("/therapists/<int(max=2147483647):therapist_id>")
def review_therapist(therapist_id: int):
    """A therapist's case: every licence and membership, the places and which are
    verified, and what each decision would do."""
    return _case_page(_therapist_or_404(therapist_id), {}, 200)


def _case_page(therapist: Therapist, forms: dict, status: int):
    """Render the case page; `forms` holds, by licence id, forms that failed to validate."""
    cases = workbench.therapist_case(therapist)
    for case in cases:
        lid = case.licence.id
        decision, manual = forms.get(lid, (None, None))
        case.decision_form = decision or _decision_form(case.licence, formdata=None)
        case.manual_form = manual or _manual_form(case.licence, case.registers, formdata=None)
        case.decision_form.version.data = str(case.licence.version)
        case.manual_form.version.data = str(case.licence.version)
        if case.board and not case.manual_form.register.data:
            case.manual_form.register.data = case.board.board
        prefilled = next((row.url for row in case.registers if row.prefilled), None)
        if prefilled and not case.manual_form.checked_url.data:
            case.manual_form.checked_url.data = prefilled
    return (
        render_template(
            "admin/case.html",
            therapist=therapist,
            cases=cases,
            summaries={s.licence.id: s for s in licence_summaries(therapist, rejected=True)},
            places=places_summary(therapist),
            trail=workbench.audit_trail(str(therapist.id), limit=50),
            profile_form=ProfileReasonForm(),
            empty_form=EmptyForm(),
        ),
        status,
    )


def _seen(form) -> int | None:
    return int(form.version.data) if form.version.data else None


@bp.post("/cases/<int(max=2147483647):licence_id>/<any(approve, reject):action>")
def decide_case(licence_id: int, action: str):
    """Approve or reject one licence, after the page said what that would do."""
    licence = _licence_or_404(licence_id)
    form = _decision_form(licence)
    if not form.validate_on_submit():
        flash("Nothing was changed: " + _errors(form), "error")
        return _case_page(licence.therapist, {licence.id: (form, None)}, 400)
    reason = (form.reason.data or "").strip()
    decide = workbench.approve if action == "approve" else workbench.reject
    try:
        effect = decide(licence, _actor(), reason, _seen(form))
    except workbench.ReasonNeeded as problem:
        form.reason.errors = [str(problem)]
        flash("Nothing was changed: " + str(problem), "error")
        return _case_page(licence.therapist, {licence.id: (form, None)}, 400)
    except workbench.Conflict as problem:
        flash(str(problem), "error")
        return _case_page(db.session.get(Therapist, licence.therapist_id), {}, 409)
    done = "Approved" if action == "approve" else "Rejected"
    flash(f"{done}. {effect.text}", "success")
    return redirect(_case_url(licence))


@bp.post("/therapists/<int(max=2147483647):therapist_id>/<any(suspend, restore):action>")
def suspend_profile(therapist_id: int, action: str):
    """Suspend a profile (out of search at once) or restore it, with a reason."""
    therapist = _therapist_or_404(therapist_id)
    form = ProfileReasonForm()
    if not form.validate_on_submit():
        flash("Nothing was changed: " + _errors(form), "error")
        return _case_page(therapist, {}, 400)
    workbench.set_suspended(therapist, _actor(), form.reason.data.strip(), action == "suspend")
    flash("Suspended: out of search now." if action == "suspend" else "Restored to search.")
    return redirect(url_for("admin.review_therapist", therapist_id=therapist.id))


@bp.post("/cases/<int(max=2147483647):licence_id>/rerun")
def rerun_case(licence_id: int):
    """Ask the registries again, now."""
    licence = _licence_or_404(licence_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    workbench.rerun(licence, _actor())
    flash("The checks are queued; this page shows the answers once the worker has run them.")
    return redirect(_case_url(licence))


@bp.post("/cases/<int(max=2147483647):licence_id>/manual")
def manual_check(licence_id: int):
    """Record a manual check: which register, what it showed, at which level."""
    licence = _licence_or_404(licence_id)
    form = _manual_form(licence, workbench.registers_for(licence))
    if form.validate_on_submit():
        register = "" if form.register.data == OTHER_REGISTER else form.register.data
        try:
            check = workbench.record_manual_check(
                licence,
                _actor(),
                form.status.data,
                (form.checked_url.data or "").strip(),
                form.what_was_seen.data.strip(),
                register=register,
                level=form.level.data or None,
                seen_version=_seen(form),
            )
        except workbench.Conflict as problem:
            flash(str(problem), "error")
            return _case_page(db.session.get(Therapist, licence.therapist_id), {}, 409)
        except ValueError as exc:
            form.checked_url.errors = [*form.checked_url.errors, _attest_problem(exc)]
        else:
            words = workbench.recorded_words(licence, check, form.status.data)
            flash(words, "success")
            return redirect(_case_url(licence))
    flash("Nothing was recorded: " + _errors(form), "error")
    return _case_page(licence.therapist, {licence.id: (None, form)}, 400)


def _attest_problem(exc: ValueError) -> str:
    """The attestation's refusal, as a sentence for the admin."""
    return _sentence(str(exc))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


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
