"""The therapist's profile editor: sections, licences, preview, submission, visibility.

Every page here belongs to the logged-in therapist's own profile; there are no profile
ids in these addresses, so nobody can open another therapist's editor. The one id
(a licence to remove) is checked against the owner.
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
from flask_login import current_user
from sqlalchemy import select

from .. import accounts, badge, catalogue, profile_editor, verification, workbench
from ..auth import role_required
from ..extensions import db
from ..models import Approach, Licence, ProfileStatus, Role, Specialty
from ..profiles import licence_summaries, places_summary, rating_summary
from .fields import options
from .manage_forms import (
    MAX_LICENCES,
    AboutForm,
    AvailabilityForm,
    ButtonForm,
    ContactForm,
    FeesForm,
    LanguagesForm,
    LicenceForm,
    LocationForm,
    PracticeForm,
)

bp = Blueprint("manage", __name__, url_prefix="/manage")

SECTIONS = {
    "about": ("About you", AboutForm),
    "fees": ("Fees", FeesForm),
    "languages": ("Languages", LanguagesForm),
    "contact": ("Contact and website", ContactForm),
}

STATUS_WORDS = {
    ProfileStatus.DRAFT: "Draft: only you can see it. Fill it in, then send it for verification.",
    ProfileStatus.SUBMITTED: "Sent for verification: we are checking your licences.",
    ProfileStatus.PUBLISHED: "Published: people can find your profile in search.",
    ProfileStatus.SUSPENDED: "Suspended: hidden while an admin reviews a licence check.",
    ProfileStatus.HIDDEN: "Hidden by you: nobody else can see it or find it.",
}


@bp.before_request
@role_required(Role.THERAPIST)
def _therapists_only():
    """Every page here is for therapists (anyone else: login page or 403)."""


def _profile():
    return profile_editor.own_profile(current_user)


def _actor() -> str:
    return accounts.actor(current_user)


def _invalid(template: str, **context):
    flash("Nothing was saved: please correct what is marked below.", "error")
    return render_template(template, **context), 400


# -- overview and preview --------------------------------------------------------------------


@bp.get("/")
def overview():
    """The profile at a glance: its state, sections, licence checks and what to fix."""
    therapist = _profile()
    licences = []
    for licence in therapist.licences:
        checks = sorted(
            verification.latest_by_verifier(licence).values(),
            key=lambda c: c.checked_at,
            reverse=True,
        )
        licences.append(
            {
                "licence": licence,
                "checks": [(check, verification.advice_for(check)) for check in checks],
            }
        )
    return render_template(
        "manage/overview.html",
        therapist=therapist,
        status_words=STATUS_WORDS.get(therapist.status, therapist.status),
        licences=licences,
        missing=profile_editor.missing_for_submission(therapist),
        availability_stale=profile_editor.availability_is_stale(therapist),
        sent_back=workbench.rejection_reason(therapist),
        form=ButtonForm(),
    )


@bp.get("/badge")
def badge_page():
    """The short link and live badge for a social-media bio, with what to paste where."""
    therapist = _profile()
    site = current_app.config["SITE_URL"].rstrip("/")
    code = badge.short_code(therapist)
    return render_template(
        "manage/badge.html",
        therapist=therapist,
        state=badge.badge_state(therapist),
        link=site + url_for("checks.short_link", code=code),
        image=site + url_for("checks.therapist_badge", slug=therapist.slug),
    )


@bp.get("/preview")
def preview():
    """The profile exactly as the public will see it."""
    therapist = _profile()
    return render_template(
        "public/therapist.html",
        therapist=therapist,
        licences=licence_summaries(therapist),
        places=places_summary(therapist),
        rating=rating_summary(therapist),
        back=None,
        preview=True,
    )


# -- the simple sections ---------------------------------------------------------------------


@bp.route("/<any(about, fees, languages, contact):section>", methods=["GET", "POST"])
def edit_section(section: str):
    """One section of the profile: saved on its own, as a draft of what the public sees."""
    therapist = _profile()
    title, form_class = SECTIONS[section]
    form = form_class(obj=therapist) if request.method == "GET" else form_class()
    context = {"form": form, "title": title, "section": section, "therapist": therapist}
    if request.method == "GET":
        return render_template("manage/section.html", **context)
    if not form.validate():
        return _invalid("manage/section.html", **context)
    profile_editor.save_section(therapist, section, form, _actor())
    flash(f"{title}: saved.", "success")
    return redirect(url_for("manage.overview"))


@bp.route("/practice", methods=["GET", "POST"])
def edit_practice():
    """Approaches and specialties, with at most five specialties marked as top."""
    therapist = _profile()
    approaches = list(db.session.scalars(select(Approach).order_by(Approach.name)))
    specialties = list(db.session.scalars(select(Specialty).order_by(Specialty.name)))
    form = PracticeForm()
    form.approaches.choices = options((a.slug, a.name) for a in approaches)
    form.specialties.choices = options((s.slug, s.name) for s in specialties)
    form.top.choices = form.specialties.choices
    if request.method == "GET":
        form.approaches.data = [link.approach.slug for link in therapist.approach_links]
        form.specialties.data = [link.specialty.slug for link in therapist.specialty_links]
        form.top.data = [link.specialty.slug for link in therapist.specialty_links if link.is_top]
        return render_template("manage/practice.html", form=form, specialties=specialties)
    if not form.validate():
        return _invalid("manage/practice.html", form=form, specialties=specialties)
    profile_editor.save_practice(
        therapist, form.approaches.data or [], form.specialties.data or [], form.top.data or []
    )
    flash("Approaches and specialties: saved.", "success")
    return redirect(url_for("manage.overview"))


@bp.route("/location", methods=["GET", "POST"])
def edit_location():
    """Online or in person, and where; the street address only if the therapist says so."""
    therapist = _profile()
    form = LocationForm(obj=therapist) if request.method == "GET" else LocationForm()
    context = {"form": form, "title": "Formats and location", "section": "location"}
    if request.method == "GET":
        return render_template("manage/section.html", **context)
    if form.validate():
        try:
            profile_editor.save_location(therapist, form, _actor())
        except profile_editor.ProfileError as problem:
            form.postcode.errors = [*form.postcode.errors, str(problem)]
        else:
            flash("Formats and location: saved.", "success")
            return redirect(url_for("manage.overview"))
    return _invalid("manage/section.html", **context)


# -- licences --------------------------------------------------------------------------------


@bp.route("/licences", methods=["GET", "POST"])
def licences():
    """The licences on the profile, and a form to add one."""
    therapist = _profile()
    form = LicenceForm()
    registries = verification.program_registries()
    plans = {
        lic.id: catalogue.check_plan(lic.jurisdiction, lic.licence_type, registries)
        for lic in therapist.licences
    }
    issued = catalogue.types_issued(form.jurisdiction.data) if form.jurisdiction.data else []
    context = {
        "therapist": therapist,
        "form": form,
        "remove_form": ButtonForm(),
        "plans": plans,
        "issued": issued,
    }
    if request.method == "GET":
        return render_template("manage/licences.html", **context)
    if form.validate():
        try:
            profile_editor.add_licence(therapist, form, _actor(), MAX_LICENCES)
        except profile_editor.ProfileError as problem:
            form.form_errors.append(str(problem))
        else:
            flash("Licence added.", "success")
            return redirect(url_for("manage.licences"))
    return _invalid("manage/licences.html", **context)


@bp.post("/licences/<int:licence_id>/remove")
def remove_licence(licence_id: int):
    """Remove one of the owner's licences."""
    therapist = _profile()
    licence = db.session.get(Licence, licence_id)
    if licence is None or licence.therapist_id != therapist.id:
        abort(403)
    profile_editor.remove_licence(therapist, licence, _actor())
    flash(f"Licence {licence.licence_type} {licence.number} removed.", "success")
    return redirect(url_for("manage.licences"))


# -- workflow --------------------------------------------------------------------------------


def _workflow(action, success: str):
    therapist = _profile()
    try:
        action(therapist, _actor())
    except profile_editor.ProfileError as problem:
        flash(str(problem), "error")
        return redirect(url_for("manage.overview"))
    flash(success, "success")
    return redirect(url_for("manage.overview"))


@bp.post("/submit")
def submit_profile():
    """Send the profile for verification: every licence is queued for checks."""
    return _workflow(
        profile_editor.submit,
        "Sent for verification. We are checking your licences with their registries; "
        "results appear below as they come in.",
    )


@bp.post("/hide")
def hide_profile():
    """Hide the profile from everyone at once."""
    return _workflow(profile_editor.hide, "Your profile is hidden and out of search.")


@bp.post("/unhide")
def unhide_profile():
    """Show a hidden profile again (published only if its licences are still verified)."""
    return _workflow(profile_editor.unhide, "Your profile is no longer hidden.")


@bp.route("/availability", methods=["GET", "POST"])
def availability():
    """Confirm, in one click, whether you are accepting new clients."""
    therapist = _profile()
    form = AvailabilityForm()
    if request.method == "POST":
        if form.validate():
            profile_editor.confirm_availability(therapist, form.accepting.data == "yes")
            flash("Thank you: your availability is confirmed as of today.", "success")
            return redirect(url_for("manage.overview"))
        return _invalid("manage/availability.html", form=form, therapist=therapist)
    return render_template("manage/availability.html", form=form, therapist=therapist)
