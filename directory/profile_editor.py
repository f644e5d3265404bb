"""The therapist's own profile: creating it, saving its sections, licences, visibility,
availability, and sending it for verification.

Only the fields named in each section are ever copied from a form; the workflow
(status), verification and rating fields are set by verification.py and the ratings package
alone. Every change goes through the ORM session, so the search outbox hook sees it
and the index follows.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from . import accounts, audit, links, photos, verification
from .extensions import db
from .geography import practice_point, region_name, zip_place
from .models import (
    Approach,
    Licence,
    ProfileStatus,
    Role,
    Specialty,
    Therapist,
    TherapistApproach,
    TherapistSpecialty,
    User,
    VerificationState,
    utcnow,
)
from .search.document import AVAILABILITY_FRESH_FOR
from .text import slugify

# The fields each simple section may set, and nothing else.
SECTION_FIELDS = {
    "about": ("first_name", "last_name", "credentials", "pronouns", "headline", "bio"),
    "fees": (
        "currency",
        "fee_min",
        "fee_max",
        "sliding_scale",
        "sliding_scale_min",
        "free_consultation",
    ),
    "languages": ("languages",),
    "clients": ("ages_served", "session_types", "insurance"),
    "identity": ("gender", "identities", "faith", "faith_integrated"),
    "contact": ("contact_email", "phone"),  # and the website: a link (see save_section)
}

# Don't mail the same therapist about availability more than once a week.
REMINDER_INTERVAL = timedelta(days=7)


class ProfileError(Exception):
    """Something the therapist asked for can't be done now; the message says why."""


# -- the profile ---------------------------------------------------------------------------


def own_profile(user: User) -> Therapist:
    """The therapist's profile, created as a draft on first visit."""
    if user.therapist is not None:
        return user.therapist
    therapist = Therapist(
        user=user,
        slug=_unique_slug(f"therapist-{secrets.token_hex(3)}"),
        status=ProfileStatus.DRAFT,
        first_name="",
        last_name="",
        languages=[],
        fee_min=None,
        fee_max=None,
        offers_in_person=True,
        accepting_clients=True,
    )
    db.session.add(therapist)
    db.session.commit()
    return therapist


def _unique_slug(base: str, therapist_id: int | None = None) -> str:
    base = slugify(base, max_length=100) or "therapist"
    candidate, n = base, 1
    while True:
        taken = db.session.scalar(
            select(Therapist.id).where(Therapist.slug == candidate, Therapist.id != therapist_id)
        )
        if taken is None:
            return candidate
        n += 1
        candidate = f"{base}-{n}"


def save_section(therapist: Therapist, section: str, form, actor: str) -> None:
    """Copy one simple section's whitelisted fields from a validated form, and save.

    A new name on a profile already sent for checks is checked again: registries are
    asked about the name as well as the number. The Contact section's website is the
    profile's website link (links.set_website), checked like any other; a profile with
    no room for another link raises links.LinkError before anything is saved.
    """
    if section == "contact":
        links.set_website(therapist, form.typed_website, actor)
    old_name = (therapist.first_name, therapist.last_name)
    for name in SECTION_FIELDS[section]:
        setattr(therapist, name, getattr(form, name).data)
    if section == "fees" and not therapist.sliding_scale:
        therapist.sliding_scale_min = None
    if section == "about":
        _after_about(therapist)
    db.session.commit()
    renamed = old_name != (therapist.first_name, therapist.last_name)
    if not (renamed and therapist.licences):
        return
    if therapist.status == ProfileStatus.HIDDEN:
        # Checks made under the old name no longer count: showing the profile again
        # then needs a new submission (see unhide).
        for licence in therapist.licences:
            licence.status = "pending"
        therapist.verification_state = VerificationState.PENDING
        db.session.commit()
    elif _sent_for_checks(therapist):
        verification.request_verification(therapist, actor)


def _sent_for_checks(therapist: Therapist) -> bool:
    return therapist.status not in (ProfileStatus.DRAFT, ProfileStatus.HIDDEN)


def _after_about(therapist: Therapist) -> None:
    # The address follows the name until the profile is first published; after that,
    # links people saved keep working.
    if therapist.status == ProfileStatus.DRAFT and not _ever_published(therapist):
        therapist.slug = _unique_slug(therapist.full_name, therapist.id)


def _ever_published(therapist: Therapist) -> bool:
    return therapist.verified_at is not None


def save_practice(
    therapist: Therapist, approaches: list[str], specialties: list[str], top: list[str]
) -> None:
    """Set approaches and specialties by slug; top specialties count as chosen ones."""
    wanted_approaches = set(approaches)
    wanted_specialties = set(specialties) | set(top)
    known_a = {a.slug: a for a in db.session.scalars(select(Approach))}
    known_s = {s.slug: s for s in db.session.scalars(select(Specialty))}
    therapist.approach_links = [
        link for link in therapist.approach_links if link.approach.slug in wanted_approaches
    ]
    have = {link.approach.slug for link in therapist.approach_links}
    for slug in sorted(wanted_approaches - have):
        therapist.approach_links.append(TherapistApproach(approach=known_a[slug]))
    therapist.specialty_links = [
        link for link in therapist.specialty_links if link.specialty.slug in wanted_specialties
    ]
    have = {link.specialty.slug for link in therapist.specialty_links}
    for slug in sorted(wanted_specialties - have):
        therapist.specialty_links.append(TherapistSpecialty(specialty=known_s[slug]))
    for link in therapist.specialty_links:
        link.is_top = link.specialty.slug in top
    db.session.commit()


def place_for_postcode(
    region: str, postcode: str, city: str
) -> tuple[str, float | None, float | None]:
    """(postcode to store, latitude, longitude) of a practice (geography.practice_point);
    raises ProfileError for an unknown ZIP or one in another state."""
    if postcode and region.startswith("US-"):
        zip5 = postcode[:5]
        place = zip_place(zip5)
        if place is None:
            raise ProfileError(f"We can't find ZIP code {zip5}: check it, or leave it empty.")
        if place[0] != region:
            raise ProfileError(
                f"ZIP code {zip5} is in {region_name(place[0])}, not {region_name(region)}: "
                "check both."
            )
        postcode = zip5
    point = practice_point(region, postcode, city)
    return (postcode, *point) if point else (postcode, None, None)


def save_location(therapist: Therapist, form, actor: str) -> None:
    """Formats and place; raises ProfileError (nothing saved) when the ZIP doesn't fit."""
    postcode, latitude, longitude = place_for_postcode(
        form.region.data, form.postcode.data, form.city.data
    )
    therapist.offers_online = form.offers_online.data
    therapist.offers_in_person = form.offers_in_person.data
    therapist.online_regions = list(form.online_regions.data) if form.offers_online.data else []
    therapist.region = form.region.data
    therapist.country = form.region.data.split("-")[0]
    therapist.city = form.city.data
    therapist.postcode = postcode
    therapist.latitude, therapist.longitude = latitude, longitude
    therapist.street_address = form.street_address.data
    therapist.show_street_address = form.show_street_address.data
    if _sent_for_checks(therapist):
        # New places need their own licences: where the profile is verified may change.
        verification.apply_workflow(therapist, actor)
    db.session.commit()


# -- licences --------------------------------------------------------------------------------


def add_licence(therapist: Therapist, form, actor: str, max_licences: int) -> Licence:
    """Add a licence; on a profile already sent for checks, check it straight away."""
    key = (form.jurisdiction.data, form.licence_type.data, form.number.data)
    if any((lic.jurisdiction, lic.licence_type, lic.number) == key for lic in therapist.licences):
        raise ProfileError("You have added this licence already.")
    if len(therapist.licences) >= max_licences:
        raise ProfileError(f"A profile can list at most {max_licences} licences.")
    licence = Licence(
        jurisdiction=form.jurisdiction.data,
        licence_type=form.licence_type.data,
        number=form.number.data,
        npi=form.npi.data or None,
    )
    therapist.licences.append(licence)
    db.session.commit()
    if _sent_for_checks(therapist):
        verification.request_verification(therapist, actor)
    return licence


def remove_licence(therapist: Therapist, licence: Licence, actor: str) -> None:
    """Remove a licence. A published profile left without a verified licence leaves
    search until one is verified again."""
    therapist.licences.remove(licence)
    db.session.flush()
    standing = verification.standing_of(therapist)
    therapist.verified_places = standing.verified_places
    if therapist.status == ProfileStatus.PUBLISHED and not standing.verified_places:
        before = therapist.status
        therapist.status = ProfileStatus.DRAFT
        therapist.verification_state, _ = verification.state_of(therapist, standing)
        audit.record(
            "profile.state",
            actor=actor,
            therapist_id=therapist.id,
            reason="the therapist removed their last verified licence",
            before={"status": before},
            after={"status": therapist.status},
        )
    db.session.commit()


# -- submitting, hiding, availability ----------------------------------------------------------


def missing_for_submission(therapist: Therapist) -> list[str]:
    """What must be filled in before the profile can be sent for verification."""
    missing = []
    if not (therapist.first_name and therapist.last_name):
        missing.append("your name (About)")
    if not therapist.region:
        missing.append("your state or nation (Formats and location)")
    if not therapist.languages:
        missing.append("at least one language (Languages)")
    if not therapist.licences:
        missing.append("at least one licence (Licences)")
    return missing


def submit(therapist: Therapist, actor: str) -> None:
    """Send a complete draft for verification: every licence is queued for checks."""
    if therapist.status != ProfileStatus.DRAFT:
        raise ProfileError("Your profile has been sent for verification already.")
    missing = missing_for_submission(therapist)
    if missing:
        raise ProfileError("Before sending your profile, add " + "; ".join(missing) + ".")
    verification.request_verification(therapist, actor)


def hide(therapist: Therapist, actor: str) -> None:
    """Take the profile out of public view and search at once."""
    if therapist.status == ProfileStatus.SUSPENDED:
        raise ProfileError(
            "Your profile is suspended while an admin reviews it, so it isn't shown anyway."
        )
    if therapist.status == ProfileStatus.HIDDEN:
        return
    _set_status(therapist, ProfileStatus.HIDDEN, actor, "profile.hide", "hidden by the therapist")


def unhide(therapist: Therapist, actor: str) -> None:
    """Show a hidden profile again: published if its licences still verify it without
    a standing problem, suspended for review if a check found one, otherwise a draft
    to send again."""
    if therapist.status != ProfileStatus.HIDDEN:
        raise ProfileError("Your profile isn't hidden.")
    standing = verification.standing_of(therapist)
    state, blocking = verification.state_of(therapist, standing)
    if standing.verified_places and not blocking:
        status = ProfileStatus.PUBLISHED
    elif state == VerificationState.PROBLEM:
        status = ProfileStatus.SUSPENDED
    else:
        status = ProfileStatus.DRAFT
    _set_status(therapist, status, actor, "profile.unhide", "shown again by the therapist")


def _set_status(therapist: Therapist, status: str, actor: str, action: str, reason: str) -> None:
    before = therapist.status
    therapist.status = status
    audit.record(
        action,
        actor=actor,
        therapist_id=therapist.id,
        reason=reason,
        before={"status": before},
        after={"status": status},
    )
    db.session.commit()


def confirm_availability(therapist: Therapist, accepting: bool) -> None:
    """Record, as of now, whether the therapist is accepting new clients."""
    therapist.accepting_clients = accepting
    therapist.accepting_confirmed_at = utcnow()
    db.session.commit()


def availability_is_stale(therapist: Therapist, now: datetime | None = None) -> bool:
    """Whether search ranks this profile lower for want of a recent confirmation."""
    confirmed = therapist.accepting_confirmed_at
    return confirmed is None or confirmed < (now or utcnow()) - AVAILABILITY_FRESH_FOR


def due_reminders(now: datetime) -> list[Therapist]:
    """Published profiles whose availability wasn't confirmed in 30 days and whose
    owner wasn't reminded in the last week."""
    stale = now - AVAILABILITY_FRESH_FOR
    recent = now - REMINDER_INTERVAL
    return list(
        db.session.scalars(
            select(Therapist)
            .join(User, Therapist.user_id == User.id)
            .where(
                Therapist.status == ProfileStatus.PUBLISHED,
                User.role == Role.THERAPIST,
                User.disabled_at.is_(None),
                User.email_confirmed_at.is_not(None),
                or_(
                    Therapist.accepting_confirmed_at.is_(None),
                    Therapist.accepting_confirmed_at < stale,
                ),
                or_(
                    User.availability_reminded_at.is_(None),
                    User.availability_reminded_at < recent,
                ),
            )
            .order_by(Therapist.id)
        )
    )


def send_availability_reminders(now: datetime | None = None) -> tuple[int, int]:
    """Mail each due therapist a one-click link; returns (sent, failed)."""
    from .mail import send_mail

    now = now or utcnow()
    sent = failed = 0
    link = accounts.external_url("manage.availability")
    for therapist in due_reminders(now):
        user = therapist.user
        since = therapist.accepting_confirmed_at
        when = f"since {since.day} {since:%B %Y}" if since else "yet"
        body = (
            f"Hello {therapist.first_name or 'there'},\n\n"
            f"You haven't confirmed {when} whether you are accepting new clients. "
            "Until you do, your Solace profile shows that your availability isn't "
            "confirmed, and it ranks lower in search.\n\n"
            f"One click confirms it (you may be asked to log in):\n\n{link}\n"
        )
        if send_mail(user.email, "Are you still accepting new clients?", body):
            user.availability_reminded_at = now
            sent += 1
        else:
            failed += 1
        db.session.commit()
    return sent, failed


def set_photo(therapist: Therapist, renditions: list[photos.Rendition], actor: str) -> None:
    """Make an accepted upload the profile's photo, replacing any earlier one."""
    photos.replace_photo(therapist, renditions)
    audit.record("profile.photo", actor=actor, therapist_id=therapist.id,
                 after={"photo_version": therapist.photo_version})  # fmt: skip
    db.session.commit()


def clear_photo(therapist: Therapist, actor: str) -> None:
    """Take the photo off the profile."""
    before = therapist.photo_version
    photos.remove_photo(therapist)
    audit.record("profile.photo_removed", actor=actor, therapist_id=therapist.id,
                 before={"photo_version": before})  # fmt: skip
    db.session.commit()
