"""Checking a therapist found online: the public check, the guide, the badge and short link.

No account is needed and nothing here records who asked: the form posts (so the name
and number never sit in an address or an access log), the answer page's address is a
random token, and the registries are asked by the worker, never in the request.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from .. import badge, public_checks, titles
from ..extensions import db, limiter
from ..geography import jurisdiction_name, jurisdiction_phrase
from ..models import Therapist
from ..profiles import places_summary
from .fields import NOT_ON_THE_LIST, PlainText, nfc, options, strip
from .manage_forms import JURISDICTIONS, npi_check

bp = Blueprint("checks", __name__)

# Letters of any script, with the marks, spaces, hyphens, apostrophes and dots names use.
_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[\s.'\u2019\-])*", re.UNICODE)


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def _name(form, field) -> None:
    if field.data and not _NAME.fullmatch(field.data):
        raise ValidationError("Use letters, spaces, hyphens and apostrophes, as in a name.")


class CheckForm(FlaskForm):
    """Who to check: a name and a place, with a number where the register needs one."""

    jurisdiction = SelectField(
        "Where the licence was issued",
        choices=options([("", "Choose…"), *JURISDICTIONS]),
        invalid_choice_message=NOT_ON_THE_LIST,
        validators=[InputRequired("Choose where the licence was issued.")],
    )
    first_name = StringField(
        "First name",
        filters=(strip, nfc),
        validators=[Length(max=80, message="Use at most 80 characters."), PlainText(), _name],
    )
    last_name = StringField(
        "Last name",
        filters=(strip, nfc),
        validators=[Length(max=80, message="Use at most 80 characters."), PlainText(), _name],
    )
    licence_type = StringField(
        "Licence type (optional)",
        description="As the person or the board writes it, e.g. LPC, LCSW, LMFT.",
        filters=(strip, _upper),
        validators=[Length(max=40, message="Use at most 40 characters."), PlainText()],
    )
    number = StringField(
        "Licence or register number (optional)",
        description="Therapists must show it: look on their website, profile or paperwork.",
        filters=(strip, _upper),
        validators=[Length(max=40, message="Use at most 40 characters."), PlainText()],
    )
    npi = StringField(
        "NPI (US, optional)",
        description="A US provider's 10-digit National Provider Identifier.",
        filters=(strip,),
        validators=[Length(max=10, message="An NPI has exactly 10 digits."), npi_check],
    )

    def validate_jurisdiction(self, field) -> None:
        if field.data == "":
            raise ValidationError("Choose where the licence was issued.")

    def validate_licence_type(self, field) -> None:
        if field.data and not re.fullmatch(r"[A-Z0-9][A-Z0-9 .\-/()&]*", field.data, re.ASCII):
            raise ValidationError("Use letters, digits, spaces, dots or dashes, like LPC.")

    def validate_number(self, field) -> None:
        if field.data and not re.fullmatch(r"[A-Z0-9][A-Z0-9 \-/.]*", field.data, re.ASCII):
            raise ValidationError("Use letters, digits, spaces and dashes, as on the licence.")

    def validate_npi(self, field) -> None:
        if field.data and self.jurisdiction.data == "GB":
            raise ValidationError("An NPI is for US providers: leave it empty for the UK.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        first, last = self.first_name.data, self.last_name.data
        if bool(first) != bool(last):
            self.form_errors.append("Give both the first and the last name, or neither.")
            return False
        if ok and not (first or self.number.data or self.npi.data):
            self.form_errors.append("Give the person's name, or their licence number or NPI.")
            return False
        return ok

    def question(self) -> public_checks.CheckQuestion:
        """The validated form as a question."""
        return public_checks.CheckQuestion(
            jurisdiction=self.jurisdiction.data,
            first_name=self.first_name.data,
            last_name=self.last_name.data,
            licence_type=self.licence_type.data,
            number=self.number.data,
            npi=self.npi.data,
        )


def _per_client_limit() -> str:
    return current_app.config["PUBLIC_CHECK_RATE_LIMIT"]


def _global_limit() -> str:
    return current_app.config["PUBLIC_CHECK_GLOBAL_LIMIT"]


def _everyone() -> str:
    return "everyone"


@bp.errorhandler(429)
def _too_many(error):
    return render_template("checks/busy.html", flood=True), 429


@bp.route("/check", methods=["GET", "POST"])
@limiter.limit(_per_client_limit, methods=["POST"])
@limiter.limit(_global_limit, methods=["POST"], key_func=_everyone, scope="public-check-all")
def check_form():
    """The public check: ask the registries about someone found online."""
    form = CheckForm()
    if form.is_submitted():
        if form.validate():
            try:
                check = public_checks.ask(form.question())
            except public_checks.TooBusy:
                return render_template("checks/busy.html", flood=False), 503
            return redirect(url_for("checks.check_result", token=check.token), code=303)
        return render_template("checks/form.html", form=form), 400
    return render_template("checks/form.html", form=form)


@bp.get("/check/<token>")
def check_result(token: str):
    """A check's answers, or "checking" while the worker asks the registries."""
    check = public_checks.find(token)
    if check is None:
        abort(404)
    question = public_checks.question_of(check)
    plan = public_checks.plan_for(question)
    answers = [public_checks.answer_words(a, question) for a in check.answers]
    pending = check.state == "queued" and not public_checks.timed_out(check)
    response = make_response(
        render_template(
            "checks/result.html",
            check=check,
            question=question,
            place=jurisdiction_name(question.jurisdiction),
            place_in_sentence=jurisdiction_phrase(question.jurisdiction),
            pending=pending,
            gave_up=public_checks.timed_out(check),
            answers=answers,
            plan=plan,
            lookups=public_checks.lookup_pages(question.jurisdiction, question.licence_type),
            complaints=public_checks.complaint_pages(question.jurisdiction),
            listed=public_checks.listed_therapists(question) if not pending else [],
            guidance=titles.guidance_for(question.jurisdiction),
        )
    )
    # An answer page names the person asked about: no shared cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/how-to-check")
def how_to_check():
    """How to check a therapist you found online: plain, sourced guidance."""
    return render_template("checks/guide.html", guidance=titles.all_guidance())


def _therapist_by_slug(slug: str) -> Therapist:
    therapist = db.session.scalar(select(Therapist).where(Therapist.slug == slug))
    if therapist is None:
        abort(404)
    return therapist


def _fresh_for_minutes(response):
    max_age = int(current_app.config["BADGE_MAX_AGE_SECONDS"])
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@bp.get("/therapists/<slug>/badge.svg")
def therapist_badge(slug: str):
    """The live badge: what the registry last said, as an image for a bio or website."""
    state = badge.badge_state(_therapist_by_slug(slug))
    response = make_response(badge.badge_svg(state))
    response.mimetype = "image/svg+xml"
    # Other sites show it in an <img>; it holds no script, and nothing personal.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return _fresh_for_minutes(response)


@bp.get("/v/<code>")
def short_link(code: str):
    """The short link of a bio: the therapist's live verification, in a line."""
    therapist = badge.by_code(code)
    if therapist is None:
        abort(404)
    response = make_response(
        render_template(
            "checks/verification.html",
            therapist=therapist,
            state=badge.badge_state(therapist),
            places=places_summary(therapist),
        )
    )
    return _fresh_for_minutes(response)
