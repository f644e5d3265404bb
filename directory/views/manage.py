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
from werkzeug.exceptions import RequestEntityTooLarge

from .. import accounts, badge, catalogue, links, outcomes, photos, profile_editor, verification
from ..auth import role_required
from ..extensions import db, limiter
from ..models import Approach, Licence, ProfileLink, ProfileStatus, Role, Specialty
from ..profiles import check_words, licence_summaries, places_summary, rating_summary
from ..web import takes_files
from .fields import options
from .manage_forms import (
    MAX_LICENCES,
    AboutForm,
    AvailabilityForm,
    ButtonForm,
    ClientsForm,
    ContactForm,
    FeesForm,
    IdentityForm,
    LanguagesForm,
    LicenceForm,
    LinkForm,
    LocationForm,
    PhotoForm,
    PracticeForm,
)

bp = Blueprint("manage", __name__, url_prefix="/manage")

SECTIONS = {
    "about": ("About you", AboutForm),
    "fees": ("Fees", FeesForm),
    "languages": ("Languages", LanguagesForm),
    "clients": ("Whom you see and payment", ClientsForm),
    "identity": ("You as a person (optional)", IdentityForm),
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


def _add_from_form(form, add, refusal: type[Exception], done: tuple[str, str], template, context):
    """Add what a valid `form` describes with `add()`, then say so and go to `done`'s
    page; a `refusal` it raises (a duplicate, a limit) or an invalid form shows the page
    again with the reason, and 400."""
    if form.validate():
        try:
            add()
        except refusal as problem:
            form.form_errors.append(str(problem))
        else:
            flash(done[0], "success")
            return redirect(url_for(done[1]))
    return _invalid(template, **context)


# -- overview and preview --------------------------------------------------------------------


@bp.get("/")
def overview():
    """The profile at a glance: its state, sections, licence checks and what to fix."""
    therapist = _profile()
    return render_template(
        "manage/overview.html",
        therapist=therapist,
        status_words=STATUS_WORDS.get(therapist.status, therapist.status),
        licences=_licence_news(therapist),
        out_of_search=_out_of_search(therapist),
        missing=profile_editor.missing_for_submission(therapist),
        availability_stale=profile_editor.availability_is_stale(therapist),
        form=ButtonForm(),
    )


def _licence_news(therapist) -> list[dict]:
    """Each licence with what its registries said, in plain words, and what needs the
    therapist (an admin's reason first)."""
    items = []
    for licence in therapist.licences:
        latest = verification.latest_by_verifier(licence).values()
        if licence.decision == "rejected":
            # A request for a check by hand is moot once an admin has decided.
            latest = [c for c in latest if not verification.needs_person(c)]
        checks = sorted(latest, key=lambda c: c.checked_at, reverse=True)
        items.append(
            {
                "licence": licence,
                "kind": outcomes.kind_words(licence),
                "actions": outcomes.actions_needed(licence, checks),
                "checks": [
                    (
                        check,
                        outcomes.status_label(check),
                        check_words(licence, check),
                        outcomes.advice_now(check),
                    )
                    for check in checks
                ],
            }
        )
    return items


def _out_of_search(therapist) -> str:
    """Why a profile that was sent for checks is not in search, when the checks say so."""
    if therapist.status not in (ProfileStatus.SUSPENDED, ProfileStatus.DRAFT):
        return ""
    standing = verification.standing_of(therapist)
    if standing.verified_places and not standing.blocked:
        return ""
    if therapist.status == ProfileStatus.DRAFT and not any(
        lic.checks for lic in therapist.licences
    ):
        return ""  # a new draft: nothing was checked yet
    return verification.why_not_listed(standing)


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
        profile_links=links.public_links(therapist),
        back=None,
        preview=True,
    )


# -- the simple sections ---------------------------------------------------------------------


@bp.route(
    "/<any(about, fees, languages, clients, identity, contact):section>", methods=["GET", "POST"]
)
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
    try:
        profile_editor.save_section(therapist, section, form, _actor())
    except links.LinkError as problem:
        form.website.errors.append(str(problem))
        return _invalid("manage/section.html", **context)
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


# -- photo -----------------------------------------------------------------------------------

# Room for the form's other fields and the multipart framing around the file.
UPLOAD_OVERHEAD = 64 * 1024


@bp.url_value_preprocessor
def _photo_upload_size(endpoint, values):
    # Runs before any before_request (CSRF reads the body there): the photo upload may
    # be larger than every other form, and only the upload.
    if endpoint == "manage.edit_photo":
        request.max_content_length = current_app.config["PHOTO_MAX_BYTES"] + UPLOAD_OVERHEAD


def _upload_limit() -> str:
    return current_app.config["PHOTO_UPLOAD_RATE_LIMIT"]


def _uploader_key() -> str:
    return f"photo:{current_user.id}" if current_user.is_authenticated else request.remote_addr


def _photo_page(form, status: int = 200):
    return render_template(
        "manage/photo.html",
        form=form,
        therapist=_profile(),
        remove_form=ButtonForm(formdata=None),
        max_size=photos.megabytes(current_app.config["PHOTO_MAX_BYTES"]),
    ), status


@bp.route("/photo", methods=["GET", "POST"])
@limiter.limit(_upload_limit, methods=["POST"], key_func=_uploader_key)
@takes_files
def edit_photo():
    """Upload a photo: checked, cleaned of metadata and resized before anyone sees it."""
    form = PhotoForm()
    if request.method == "GET":
        return _photo_page(form)
    if not form.validate():
        flash("Nothing was saved: please correct what is marked below.", "error")
        return _photo_page(form, 400)
    therapist = _profile()
    limits = photos.limits_from(current_app.config)
    try:
        renditions = photos.process_upload(form.photo.data.read(limits.max_bytes + 1), limits)
    except photos.PhotoRefused as refused:
        form.photo.errors = [str(refused)]
        flash("Your photo was not changed: please choose another file.", "error")
        return _photo_page(form, 400)
    profile_editor.set_photo(therapist, renditions, _actor())
    flash("Photo: saved. It now shows on your profile and in search results.", "success")
    return redirect(url_for("manage.edit_photo"))


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error):
    if request.endpoint != "manage.edit_photo" or not (
        current_user.is_authenticated and current_user.role == Role.THERAPIST
    ):
        return error
    form = PhotoForm(formdata=None)
    limit = photos.megabytes(current_app.config["PHOTO_MAX_BYTES"])
    form.photo.errors = [
        f"That file is larger than {limit}. Choose a smaller photo, "
        "or save it at a lower quality first."
    ]
    flash("Your photo was not changed: please choose another file.", "error")
    return _photo_page(form, 413)


@bp.post("/photo/remove")
def remove_photo():
    """Take the photo off the profile."""
    if not ButtonForm().validate():
        abort(400)
    profile_editor.clear_photo(_profile(), _actor())
    flash("Photo removed.", "success")
    return redirect(url_for("manage.edit_photo"))


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
        "news": {item["licence"].id: item for item in _licence_news(therapist)},
        "timelines": {lic.id: outcomes.timeline(lic) for lic in therapist.licences},
    }
    if request.method == "GET":
        return render_template("manage/licences.html", **context)
    return _add_from_form(
        form,
        lambda: profile_editor.add_licence(therapist, form, _actor(), MAX_LICENCES),
        profile_editor.ProfileError,
        ("Licence added.", "manage.licences"),
        "manage/licences.html",
        context,
    )


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


# -- website and social accounts ----------------------------------------------------------


def _link_check_limit() -> str:
    return current_app.config["LINK_CHECK_RATE_LIMIT"]


def _link_checker_key() -> str:
    return f"links:{current_user.id}" if current_user.is_authenticated else request.remote_addr


@bp.route("/links", methods=["GET", "POST"])
@limiter.limit(_link_check_limit, methods=["POST"], key_func=_link_checker_key)
def edit_links():
    """The website and social accounts on the profile, each with what its check found and
    what to add for it to be verified, and a form to add one."""
    therapist = _profile()
    form = LinkForm()
    context = {
        "therapist": therapist,
        "form": form,
        "button_form": ButtonForm(),
        "items": links.editor_links(therapist),
        "profile_url": links.profile_urls(therapist)[0],
        "state_words": links.STATE_WORDS,
    }
    if request.method == "GET":
        return render_template("manage/links.html", **context)
    return _add_from_form(
        form,
        lambda: links.add_link(therapist, form.typed, _actor()),
        links.LinkError,
        ("Link added.", "manage.edit_links"),
        "manage/links.html",
        context,
    )


def _own_link(link_id: int) -> ProfileLink:
    """One of the logged-in therapist's links; anyone else's is 403."""
    link = db.session.get(ProfileLink, link_id)
    if link is None or link.therapist_id != _profile().id:
        abort(403)
    return link


@bp.post("/links/<int:link_id>/remove")
def remove_link(link_id: int):
    """Remove one of the owner's links."""
    if not ButtonForm().validate():
        abort(400)
    link = _own_link(link_id)
    links.remove_link(_profile(), link, _actor())
    flash("Link removed.", "success")
    return redirect(url_for("manage.edit_links"))


@bp.post("/links/<int:link_id>/check")
@limiter.limit(_link_check_limit, key_func=_link_checker_key)
def check_link_again(link_id: int):
    """Check a website or Mastodon link again, after adding the link back."""
    if not ButtonForm().validate():
        abort(400)
    if links.ask_again(_own_link(link_id)):
        flash("Checking again: this page shows the answer in a minute or two.", "success")
    else:
        flash("This link is being checked already, or was a moment ago.", "info")
    return redirect(url_for("manage.edit_links"))


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
