"""What a registry's answer or an admin's decision means for the therapist, in plain words.

The therapist's pages and mail read this module: "What to do" advice for each outcome,
which outcomes need the therapist to act, and a licence's timeline. Advice says only
what the stored answer shows (its status, the name, number and level the registry
recorded); where the answer does not say which detail differed, the advice says so
rather than guessing. A verifier's own summary never reaches these words: it may carry
technical text, host names or the admin who checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from verifiers import Flag, Kind, Level, Status, available_verifiers
from verifiers.matching import full_name_matches

from . import catalogue
from .credentials import claimed_kind, claimed_level
from .extensions import db
from .geography import jurisdiction_phrase
from .models import AuditEvent, Licence, ProfileStatus, VerificationCheck, utcnow

# A registry that cannot be asked for longer than this is something the therapist hears
# about (it may mean the board's details for them are wrong, or the board moved its site).
UNREACHABLE_AFTER = timedelta(days=7)

# Audit actions that are an admin's decision about a licence, and how a therapist reads them.
# (A check by hand is on the timeline as the check it stored.)
DECISIONS = {
    "case.approve": "An admin approved this licence",
    "case.reject": "An admin rejected this licence",
}

LEVEL_WORDS = {
    Level.INDEPENDENT: "independent practice",
    Level.SUPERVISED: "practice under supervision",
    Level.LIMITED_SCOPE: "a limited scope (not general psychotherapy)",
}


def answered_by_person(name: str) -> bool:
    """Whether the verifier called `name` (a stored check's) is one a person answers.

    Looked up among every installed verifier, allowed or not, as stored checks
    outlive the allow-list.
    """
    info = available_verifiers().get(name)
    return info is not None and info.answered_by_person


def needs_person(check: VerificationCheck) -> bool:
    """Whether a check can only be settled by a person: a verifier answered by a person,
    or a registry Solace cannot ask about this licence type (it says so in its answer)."""
    details = check.registry_details or {}
    return answered_by_person(check.verifier) or (
        check.status == Status.ERROR and bool(details.get("manual_check"))
    )


def latest_by_verifier(
    licence: Licence, exclude: VerificationCheck | None = None
) -> dict[str, VerificationCheck]:
    """The newest check per verifier (leaving out `exclude`, a check just stored)."""
    latest: dict[str, VerificationCheck] = {}
    checks = (c for c in licence.checks if c is not exclude)
    for check in sorted(checks, key=lambda c: (c.checked_at, c.id or 0), reverse=True):
        latest.setdefault(check.verifier, check)
    return latest


def failing_since(check: VerificationCheck) -> datetime:
    """When the run of errors that `check` ends began: the oldest of the unbroken run of
    ERROR answers from the same verifier up to `check` (or the licence's creation)."""
    licence = check.licence
    earlier = sorted(
        (
            c
            for c in licence.checks
            if c.verifier == check.verifier and c.checked_at <= check.checked_at
        ),
        key=lambda c: c.checked_at,
        reverse=True,
    )
    since = check.checked_at
    for previous in earlier:
        if previous.status != Status.ERROR:
            break
        since = previous.checked_at
    return since


def needs_therapist(check: VerificationCheck, now: datetime | None = None) -> bool:
    """Whether an answer needs the therapist to act (and so is shown and mailed).

    Outcomes that need nothing (a confirmation, a short registry outage, a check a
    person will do) send nothing.
    """
    status = Status(check.status)
    if check.kind in (Kind.LICENCE, Kind.MEMBERSHIP):
        if status is Status.ERROR:
            if needs_person(check):
                return False
            return (now or check.checked_at) - failing_since(check) >= UNREACHABLE_AFTER
        return status is not Status.VERIFIED
    if check.kind == Kind.EXCLUSION:
        if status is Status.SANCTIONED:
            return True
        return (
            status is Status.MISMATCH
            and Flag.POSSIBLE_MATCH in (check.flags or ())
            and check.cleared_at is None
        )
    return status in (Status.MISMATCH, Status.SANCTIONED)  # identity


def advice_for(check: VerificationCheck) -> str:
    """One plain sentence for the therapist: what the answer shows and what to do."""
    licence = check.licence
    register = check.registry_title or "The registry"
    number = f"{kind_words(licence)} {licence.number}"
    place = jurisdiction_phrase(licence.jurisdiction)  # "Texas", "the United Kingdom"
    status = Status(check.status)
    if check.kind == Kind.EXCLUSION:
        return _exclusion_advice(check, register, status)
    if check.kind == Kind.IDENTITY:
        return _identity_advice(check, register, status)
    if status is Status.VERIFIED:
        return f"{register} confirms {number}: nothing to do."
    if status is Status.MISMATCH:
        return _mismatch_advice(check, register, number, place)
    if status is Status.NOT_FOUND:
        return (
            f"{register} has no {number} on record for {place}: check the number, the "
            "licence type and the state you chose, then correct the licence."
        )
    if status is Status.INACTIVE:
        return (
            f"{register} lists {number} as not in force (expired or lapsed): renew it with "
            "the board; it is checked again at the next scheduled re-check."
        )
    if status is Status.SANCTIONED:
        return (
            f"{register} lists a current restriction on {number}: your profile is out of "
            "search while an admin reviews it; reply to our mail if the record is wrong."
        )
    if needs_person(check):
        return (
            f"{_capital(place)} can't be checked automatically: an admin will check {number} "
            "by hand."
        )
    if needs_therapist(check, utcnow()):
        since = failing_since(check)
        return (
            f"We have not been able to reach {register} since {_day(since)}. Nothing is "
            "wrong with your profile, and we keep trying; if the board has moved its "
            "register, tell us where."
        )
    return (
        f"We couldn't reach {register} on {_day(check.checked_at)}. Nothing is wrong with "
        "your profile: we will try again."
    )


def advice_now(check: VerificationCheck) -> str:
    """`advice_for` a licence's latest answer as things stand: once an admin rejected the
    licence, its own answers' advice is the rejection (no check by hand is to come)."""
    licence = check.licence
    if licence.decision == "rejected" and check.kind == claimed_kind(licence.licence_type):
        return f"An admin rejected this {kind_words(licence)}: {licence.decision_reason}"
    return advice_for(check)


# How the therapist's overview labels an answer, by what the answering register proves:
# "verified" from an exclusion list means the person is not on it.
_EXCLUSION_LABELS = {
    Status.VERIFIED: "Not listed",
    Status.MISMATCH: "Possible match",
    Status.SANCTIONED: "Listed",
}


def status_label(check: VerificationCheck) -> str:
    """An answer's short label for its therapist ("Not listed", "Waiting for a check by
    hand"), never a bare "Verified" from a register that verifies nothing, nor "Error"."""
    status = Status(check.status)
    if check.kind == Kind.EXCLUSION and status in _EXCLUSION_LABELS:
        return _EXCLUSION_LABELS[status]
    if status is Status.ERROR:
        return "Not checked yet" if needs_person(check) else "Not reached"
    if check.kind == Kind.IDENTITY and status is Status.VERIFIED:
        return "Confirmed"
    return status.replace("_", " ").capitalize()


def _capital(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def _mismatch_advice(check: VerificationCheck, register: str, number: str, place: str) -> str:
    licence = check.licence
    therapist = licence.therapist
    on_record = check.name_on_record
    # The registries' own name matching ("LOPEZ-GARCIA, ANA MARIA" is Ana Lopez-Garcia):
    # a record with a middle name or in another order is not "another name".
    if on_record and not full_name_matches(therapist.first_name, therapist.last_name, on_record):
        return (
            f"{register} lists {number} under another name ({on_record}): correct the "
            "spelling of your name, or use the name the board has."
        )
    claimed = claimed_level(licence.licence_type)
    if check.level and claimed is not None and Level(check.level).rank < claimed.rank:
        return (
            f"{register} records {number} for {LEVEL_WORDS[Level(check.level)]}, not for "
            f"{LEVEL_WORDS[claimed]} as claimed: change the licence type to the one the "
            "board issued you."
        )
    if catalogue.knows(licence.jurisdiction) and not catalogue.issues(
        licence.jurisdiction, licence.licence_type
    ):
        issued = ", ".join(catalogue.types_issued(licence.jurisdiction))
        return (
            f"{_capital(place)} does not issue {licence.licence_type} licences, so the board "
            f"was not asked: choose the type on your licence ({issued})."
        )
    if Flag.NOT_ASKED in (check.flags or ()):
        return (
            f"{register} was not asked: {licence.number} is not a {licence.licence_type} "
            "number it issues. Please check the number and the type on your licence, then "
            "correct the licence."
        )
    recorded = (check.registry_details or {}).get("number") or ""
    if recorded and str(recorded).upper() != licence.number.upper():
        return (
            f"{register} answered with number {recorded}, not {licence.number}: check the "
            "number on your licence."
        )
    if licence.decision == "rejected":
        # The admin has compared them already: their reason says what to correct.
        return (
            f"{register}'s record for {number} does not match every detail you gave: the "
            "admin's reason says what to correct."
        )
    return (
        f"{register}'s record for {number} does not match every detail you gave: an admin "
        "will compare them and tell you what to correct."
    )


def _exclusion_advice(check: VerificationCheck, register: str, status: Status) -> str:
    if status is Status.VERIFIED:
        return f"Not on {register}: nothing to do."
    if status is Status.SANCTIONED:
        return (
            f"{register} lists you as excluded: your profile is out of search while an "
            "admin reviews it; reply to our mail if the listing is not you."
        )
    if status is Status.MISMATCH and check.cleared_at is None:
        return (
            f"{register} lists someone with a similar name. An admin will check it is not "
            "you; reply to our mail with anything that tells you apart (your NPI helps)."
        )
    if status is Status.MISMATCH:
        return "A similar name on an exclusion list was checked by a person: not you."
    return f"We couldn't read {register} this time: we will try again."


def _identity_advice(check: VerificationCheck, register: str, status: Status) -> str:
    npi = check.licence.npi or "the NPI you gave"
    if status is Status.VERIFIED:
        return f"{register} lists NPI {npi} for you: nothing to do."
    if status is Status.NOT_FOUND:
        return f"{register} has no NPI {npi}: check the 10 digits, or leave the NPI out."
    if status in (Status.MISMATCH, Status.SANCTIONED):
        on_record = f" (it is registered to {check.name_on_record})" if check.name_on_record else ""
        return f"{register} does not confirm NPI {npi} for you{on_record}: check the NPI you gave."
    return f"We couldn't reach {register} this time: we will try again."


def actions_needed(
    licence: Licence, latest: Iterable[VerificationCheck], now: datetime | None = None
) -> list[str]:
    """Everything about a licence the therapist must act on, in plain sentences: an
    admin's rejection and its reason first, then each of its `latest` answers (one per
    verifier) that needs them."""
    items = []
    if licence.decision == "rejected":
        items.append(f"An admin rejected this {kind_words(licence)}: {licence.decision_reason}")
    now = now or utcnow()
    for check in latest:
        if needs_therapist(check, now):
            items.append(advice_for(check))
    return items


def needs_you(therapist) -> list[tuple[Licence, list[str]]]:
    """Each licence of `therapist` with what they must act on, for those with anything:
    what the overview, licences and account pages show."""
    items = []
    for licence in therapist.licences:
        actions = actions_needed(licence, latest_by_verifier(licence).values())
        if actions:
            items.append((licence, actions))
    return items


# -- the timeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """One line of a licence's timeline."""

    at: datetime | date | None
    title: str
    detail: str = ""
    upcoming: bool = False


def timeline(licence: Licence) -> list[Moment]:
    """A licence's story, oldest first: added; each check (which register, when, what
    it said); each admin decision with its reason; the next scheduled re-check."""
    moments = [Moment(licence.created_at, "Added to your profile")]
    for check in sorted(licence.checks, key=lambda c: (c.checked_at, c.id or 0)):
        moments.append(Moment(check.checked_at, _check_title(check), advice_for(check)))
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.licence_id == licence.id, AuditEvent.action.in_(DECISIONS))
        .order_by(AuditEvent.at)
    )
    for event in events:
        # The admin's name stays in the audit trail; the therapist reads the reason.
        moments.append(Moment(event.at, DECISIONS[event.action], event.reason or ""))
    moments.sort(key=lambda m: _moment_key(m.at))
    upcoming = next_check(licence)
    if upcoming is not None:
        moments.append(upcoming)
    return moments


def _check_title(check: VerificationCheck) -> str:
    """A check's line on the timeline: who asked which register."""
    register = check.registry_title or "a register"
    if not answered_by_person(check.verifier):
        return f"Checked with {register}"
    if check.status == Status.ERROR:
        return "Sent to the Solace team for a check by hand"
    return f"Checked by hand by the Solace team at {register}"


def next_check(licence: Licence) -> Moment | None:
    """When the licence is next checked, if a check is scheduled."""
    config = current_app.config
    therapist = licence.therapist
    if licence.queued_at is not None:
        return Moment(licence.queued_at, "Check in progress", "The answer appears here.", True)
    if therapist.is_demo or therapist.status not in (
        ProfileStatus.PUBLISHED,
        ProfileStatus.SUBMITTED,
    ):
        return None
    if licence.last_checked_at is None:
        return None
    due = licence.last_checked_at + timedelta(days=config["VERIFICATION_RECHECK_DAYS"])
    if licence.expires_on is not None:
        warn = timedelta(days=config["VERIFICATION_EXPIRY_WARNING_DAYS"])
        due = min(due, datetime.combine(licence.expires_on - warn, datetime.min.time(), due.tzinfo))
    return Moment(
        max(due, utcnow()), "Next scheduled re-check", "Every licence is checked again.", True
    )


def _moment_key(moment: datetime | date | None) -> str:
    return moment.isoformat() if moment is not None else ""


def _day(moment: datetime | date) -> str:
    return f"{moment.day} {moment:%B %Y}"


def kind_words(licence: Licence) -> str:
    """ "licence" or "membership", as the therapist claimed it."""
    return "membership" if claimed_kind(licence.licence_type) is Kind.MEMBERSHIP else "licence"
