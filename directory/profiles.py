"""What a profile page says about licences and where they are verified, in plain words.

Everything here is derived from stored rows through the one rule (`verification.standing_of`,
see standing.py). Public words are built from the structured facts of a check (status,
level, register, dates), never from a verifier's summary or evidence, which may carry
technical text, host names or the name of the admin who checked: those stay on the
admin case page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from verifiers import Flag, Kind, Level, Status

from . import verification
from .catalogue import lookup_page
from .credentials import claimed_kind, credential_type
from .geography import jurisdiction_name
from .models import Licence, Therapist, VerificationCheck
from .outcomes import needs_person
from .ratings.display import ratings_shown
from .search.document import AVAILABILITY_FRESH_FOR

# A registry that could not be asked is asked again within this (the worker retries
# within hours; after its retries a person checks by hand).
RETRY_PROMISE = timedelta(days=2)

LEVEL_WORDS = {
    Level.INDEPENDENT: "independent practice",
    Level.SUPERVISED: "practice under supervision",
    Level.LIMITED_SCOPE: "a limited scope, not general psychotherapy",
}

# Visitor-facing words for a licence's state.
LICENCE_LABELS = {
    "verified": "Verified",
    "pending": "Check in progress",
    "not_found": "Not verified",
    "mismatch": "Not verified",
    "error": "Not verified yet",
    "inactive": "Not in force",
    "sanctioned": "Restricted",
}


@dataclass
class LicenceSummary:
    """One licence or membership as a visitor sees it."""

    licence: Licence
    title: str  # "LPC Associate (practises under supervision)"
    label: str  # "Verified", "Not verified yet" ...
    is_verified: bool
    is_membership: bool
    line: str  # how and when it was checked, in plain words
    register_url: str = ""  # a register page a visitor can check themselves
    other_lines: list[str] = field(default_factory=list)  # identity and exclusion checks
    disclosure: str = ""  # a public disciplinary record, disclosed


@dataclass
class PlacesSummary:
    """Where the therapist practises, and which of those places a registry confirmed."""

    verified: list[str]  # place names
    unverified: list[str]
    online: list[str]  # the places they see clients in online


def places_summary(therapist: Therapist) -> PlacesSummary:
    """The places of the profile and which are verified, as names."""
    standing = verification.standing_of(therapist)
    online = (therapist.online_regions or [therapist.region]) if therapist.offers_online else []
    return PlacesSummary(
        verified=[jurisdiction_name(p) for p in standing.verified_places],
        unverified=[jurisdiction_name(p) for p in standing.unverified_places],
        online=[jurisdiction_name(p) for p in online or []],
    )


def licence_summaries(therapist: Therapist, rejected: bool = False) -> list[LicenceSummary]:
    """Every licence and membership of a therapist, with how and when it was checked;
    those an admin rejected only when `rejected` (the admin's case page): a profile
    never shows a claim that was not accepted."""
    standing = verification.standing_of(therapist)
    verifying = {place.by.key for place in standing.places if place.verified and place.by}
    disclosed = {credential.key for credential, flag in standing.disclosures}
    summaries = []
    for licence in therapist.licences:
        if licence.decision == "rejected" and not rejected:
            continue
        kind = claimed_kind(licence.licence_type)
        # The answers the rule reads, each with its date: a registry's last real answer,
        # not an outage since (which the owner is told of), for the licence and for the
        # identity and exclusion lists alike, so that "not on the exclusion list, checked
        # 3 November" is not followed by "could not be read today".
        in_force = verification.answers_in_force(licence).values()
        own = [c for c in in_force if c.kind == kind]
        # Where two registers answer for it (a board's file and a check by hand), the
        # line is the newest real answer: an outage of one is not news beside the other.
        real = [c for c in own if c.status != Status.ERROR]
        newest = max(real or own, key=lambda c: c.checked_at, default=None)
        others = [c for c in in_force if c.kind not in (Kind.LICENCE, Kind.MEMBERSHIP)]
        summaries.append(
            LicenceSummary(
                licence=licence,
                title=credential_title(licence),
                label=_label(licence, kind, licence.id in verifying),
                is_verified=licence.id in verifying,
                is_membership=kind is Kind.MEMBERSHIP,
                line=check_words(licence, newest),
                register_url=register_page(licence, newest),
                other_lines=[check_words(licence, c) for c in others],
                disclosure=disclosure_words(licence, newest) if licence.id in disclosed else "",
            )
        )
    return summaries


def credential_title(licence: Licence) -> str:
    """How a profile names a claimed licence: its type's title where Solace knows it."""
    known = credential_type(licence.licence_type)
    where = jurisdiction_name(licence.jurisdiction)
    if known is None:
        return f"{licence.licence_type} {licence.number}, {where}"
    return f"{known.shown_as(licence.licence_type)}, {where}, number {licence.number}"


def check_words(
    licence: Licence, check: VerificationCheck | None, now: datetime | None = None
) -> str:
    """One sentence for the public about a check: who was asked, when, what it said."""
    if check is None:
        return "Not checked with a register yet."
    when = _day(check.checked_at)
    register = check.registry_title or "the register"
    by_person = verification.answered_by_person(check.verifier)
    status = Status(check.status)
    if check.kind == Kind.IDENTITY:
        return _identity_words(check, register, when)
    if check.kind == Kind.EXCLUSION:
        return _exclusion_words(check, register, when)
    demo = "Demo data: " if check.is_demo else ""
    if status is Status.ERROR:
        # A registry Solace cannot ask about this type says so in its answer: a person
        # checks it, and no retry is coming, so it is no outage either.
        if needs_person(check):
            return f"{demo}Waiting for a check by hand by the Solace team against {register}."
        again = check.checked_at + RETRY_PROMISE
        if again < (now or datetime.now(UTC)):
            # The promised day has passed (retries ran out, or the worker is behind): no
            # date that is already history.
            return (
                f"{demo}{register} could not be reached when we last asked, on {when}; "
                "we are still trying."
            )
        return (
            f"{demo}{register} could not be reached on {when}; "
            f"we will check again by {_day(again)}."
        )
    if check.kind == Kind.MEMBERSHIP and status is Status.VERIFIED:
        known = credential_type(licence.licence_type)
        named = known.title if known else register
        how = " by hand by the Solace team" if by_person else ""
        return f"{demo}Registered member of {named}, checked{how} on {when}."
    if by_person and status is Status.VERIFIED:
        return f"{demo}Checked by hand by the Solace team on {when} against {register}."
    if status is Status.VERIFIED:
        level = LEVEL_WORDS.get(Level(check.level)) if check.level else None
        held = f", for {level}" if level else ""
        return f"{demo}{register} confirmed this licence on {when}{held}."
    words = {
        Status.NOT_FOUND: f"{register} did not list this licence when checked on {when}.",
        Status.MISMATCH: f"{register} lists this licence with other details (checked {when}).",
        Status.INACTIVE: f"{register} lists this licence as not in force (checked {when}).",
        Status.SANCTIONED: f"{register} lists a current restriction on this licence "
        f"(checked {when}).",
    }
    if status is Status.MISMATCH and Flag.NOT_ASKED in (check.flags or ()):
        return (
            f"{demo}Not checked: {register} was not asked, as the licence type or number "
            f"given is not one it issues ({when})."
        )
    if status is Status.MISMATCH and check.level:
        level = LEVEL_WORDS[Level(check.level)]
        return f"{demo}{register} lists this licence for {level} (checked {when})."
    return demo + words[status]


def disclosure_words(licence: Licence, check: VerificationCheck | None) -> str:
    """The public disclosure of a board's disciplinary record on a licence in force."""
    board = check.registry_title if check else "The board"
    return (
        f"{board} lists a disciplinary action on this licence; the licence is in force. "
        "See the board's record for what it was."
    )


def _identity_words(check: VerificationCheck, register: str, when: str) -> str:
    status = Status(check.status)
    if status is Status.ERROR:
        return f"Identity: {register} could not be reached on {when}; we will try again."
    if status is Status.VERIFIED:
        return f"Identity: {register} lists this provider (checked {when})."
    return f"Identity: {register} does not confirm these details (checked {when})."


def _exclusion_words(check: VerificationCheck, register: str, when: str) -> str:
    status = Status(check.status)
    if status is Status.ERROR:
        return f"Exclusion list: {register} could not be read on {when}; we will try again."
    if status is Status.VERIFIED:
        return f"Exclusion list: not on {register} (checked {when})."
    if Flag.POSSIBLE_MATCH in (check.flags or ()) and check.cleared_at:
        return f"Exclusion list: a similar name on {register} was checked by a person: not them."
    return f"Exclusion list: {register} needs a person to review a listing (checked {when})."


def _label(licence: Licence, kind: Kind, verifying: bool) -> str:
    if getattr(licence, "decision", None) == "rejected":
        return "Rejected by an admin"
    if kind is Kind.MEMBERSHIP and licence.status == Status.VERIFIED:
        return "Registered"  # a membership, whether or not it counts where they practise
    if verifying:
        return "Verified"
    return LICENCE_LABELS.get(licence.status, "Not verified")


def register_page(licence: Licence, check: VerificationCheck | None) -> str:
    """A page where a visitor can look the licence up themselves: the page a person
    checked, or the board's public lookup page; never a registry's data file or API."""
    if (
        check is not None
        and verification.answered_by_person(check.verifier)
        and check.registry_url.startswith(("https://", "http://"))
    ):
        return check.registry_url
    return lookup_page(licence.jurisdiction, licence.licence_type) or ""


def _day(moment: datetime | date) -> str:
    return f"{moment.day} {moment:%B %Y}"


@dataclass
class RatingSummary:
    """The rating block of a profile or a search result."""

    count: int
    average: float | None
    enough: bool  # at least MIN_RATINGS_SHOWN approved ratings, on a verified profile
    verified: bool  # the profile is verified somewhere, so ratings can be shown


def rating_summary(therapist: Therapist) -> RatingSummary:
    """Average and count, withheld below the minimum count or on an unverified profile."""
    enough = ratings_shown(therapist)
    return RatingSummary(
        count=therapist.rating_count,
        average=round(therapist.rating_average, 1) if enough else None,
        enough=enough,
        verified=bool(therapist.verified_places),
    )


@dataclass
class Availability:
    """Whether a therapist takes new clients, as a visitor may rely on it."""

    state: str  # "accepting", "not_accepting", or "unknown" (not confirmed recently)
    confirmed_at: datetime | None

    @property
    def words(self) -> str:
        """The badge: "Accepting new clients (confirmed 5 March 2026)" and the like."""
        if self.state == "unknown":
            return "Availability unknown: not confirmed recently"
        when = f" (confirmed {_day(self.confirmed_at)})" if self.confirmed_at else ""
        if self.state == "accepting":
            return f"Accepting new clients{when}"
        return f"Not taking new clients{when}"


def availability(therapist: Therapist, now: datetime | None = None) -> Availability:
    """Accepting or not, only when confirmed within the last 30 days; unknown otherwise,
    so an old "accepting" is never shown as a promise."""
    confirmed = therapist.accepting_confirmed_at
    if confirmed is None or confirmed < (now or datetime.now(UTC)) - AVAILABILITY_FRESH_FOR:
        return Availability("unknown", confirmed)
    return Availability("accepting" if therapist.accepting_clients else "not_accepting", confirmed)
