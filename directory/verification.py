"""Verification in the application: run verifiers for a licence, store what they said,
derive the licence's and the therapist's state, and move the profile through the
publication workflow.

Nothing here runs inside a web request in production: views call
`request_verification`, which only marks licences queued and enqueues jobs
(jobs.py); the worker calls `verify_licence`.

Honesty rules (docs/design.md): a licence is verified only by a licence-kind VERIFIED
result; an ERROR is never read as NOT_FOUND; demo results never reach real licences.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select

from verifiers import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    RegistrySession,
    Status,
    UnknownVerifier,
    VerificationResult,
    Verifier,
    available_verifiers,
    get_verifier,
    is_answered_by_person,
)

from . import audit, jobs, notices
from .credentials import claimed_kind, claimed_level
from .extensions import db
from .models import (
    Licence,
    ProfileStatus,
    Therapist,
    VerificationCheck,
    VerificationState,
    utcnow,
)
from .outcomes import (
    advice_for,
    answered_by_person,
    latest_by_verifier,
    needs_person,
    needs_therapist,
)
from .standing import Answer, Credential, Standing, assess, places_of

# advice_for, answered_by_person, latest_by_verifier and needs_person live in outcomes.py;
# callers reach them here too, as verification is where they ask about checks.
__all__ = ["advice_for", "answered_by_person", "latest_by_verifier", "needs_person"]

log = logging.getLogger(__name__)


# -- which verifiers, configured how ---------------------------------------------------------


def configured_verifiers() -> dict:
    """Every allowed verifier, made once per process with its configured address."""
    cache = current_app.extensions.setdefault("verifiers", {})
    if not cache:
        config = current_app.config
        session = RegistrySession(
            contact_email=config["VERIFIER_CONTACT_EMAIL"] or None,
            **config["VERIFIER_SESSION_OPTIONS"],
        )
        base_urls = config["VERIFIER_BASE_URLS"]
        for name, info in available_verifiers(config["VERIFIERS_ALLOW"]).items():
            options = dict(config["VERIFIER_OPTIONS"].get(name, {}))
            if info.file_backed:
                options.setdefault("data_dir", str(registry_dir(name)))
            try:
                cache[name] = get_verifier(
                    name, base_url=base_urls.get(name), session=session, **options
                )
            except Exception:  # a misconfigured plugin must not stop the others
                log.exception("verifier %s could not be set up (source: %s)", name, info.source)
    return cache


def program_registries() -> dict[str, str]:
    """The verifiers this site runs by program and can run now (configured), by name, with
    the registry each asks: what a licence's owner is told checks it."""
    return {
        name: made.registry_name
        for name, made in configured_verifiers().items()
        if not is_answered_by_person(made) and made.not_configured_reason is None
    }


def registry_dir(name: str) -> Path:
    """Where a file-backed verifier keeps its downloaded registry."""
    return Path(current_app.instance_path) / "registries" / name


def person_verifier() -> Verifier:
    """The verifier that records an admin's own check of a registry page."""
    for name, info in available_verifiers().items():
        if info.answered_by_person:
            return get_verifier(name)
    raise UnknownVerifier("No installed verifier records checks made by a person.")


def verifiers_for(licence: Licence) -> list:
    """The verifiers to run for a licence: the issuing registry, plus identity and
    exclusion checks where they apply. Without a registry that can be asked by a
    program, a verifier answered by a person stands in."""
    verifiers = configured_verifiers()
    # A membership of an accredited register is asked of that register, never of a
    # licensing board covering the same country.
    kind = claimed_kind(licence.licence_type)
    # A registry we may not ask yet (no API key configured) leaves the licence to a person
    # at once, rather than after its retries.
    chosen = [
        v
        for v in verifiers.values()
        if not is_answered_by_person(v)
        and v.kind == kind
        and v.covers(licence.jurisdiction)
        and getattr(v, "configured", True)
    ]
    stand_in = next(
        (
            v
            for v in verifiers.values()
            if is_answered_by_person(v) and v.covers(licence.jurisdiction)
        ),
        None,
    )
    if not chosen and stand_in is not None:
        chosen.append(stand_in)
    us = licence.jurisdiction.split("-")[0] == "US"
    for verifier in verifiers.values():
        if not verifier.covers(licence.jurisdiction):
            continue
        if verifier.kind == Kind.EXCLUSION or (
            verifier.kind == Kind.IDENTITY and us and licence.npi
        ):
            chosen.append(verifier)
    return chosen


def query_for(licence: Licence) -> LicenceQuery:
    """The claim a licence makes, as verifiers read it, with the names other registries
    hold for this person (NPPES's, from identity checks) so that a screen of an
    exclusion list matches them too."""
    t = licence.therapist
    return LicenceQuery(
        jurisdiction=licence.jurisdiction,
        licence_type=licence.licence_type,
        number=licence.number,
        first_name=t.first_name,
        last_name=t.last_name,
        npi=licence.npi,
        other_names=known_names(t),
    )


def known_names(therapist: Therapist) -> tuple[str, ...]:
    """Names identity registries hold for the therapist, newest first, each once."""
    names = [
        check.name_on_record
        for lic in therapist.licences
        for check in latest_by_verifier(lic).values()
        if check.kind == Kind.IDENTITY and check.status == Status.VERIFIED and check.name_on_record
    ]
    return tuple(dict.fromkeys(names))


# -- asking for checks (called from views) ---------------------------------------------------


def request_verification(therapist: Therapist, actor: str) -> None:
    """Queue checks of every licence and submit the profile; the worker does the asking."""
    now = utcnow()
    before = therapist.status
    for licence in therapist.licences:
        licence.queued_at = now
        licence.status = "pending"
    if therapist.status in (ProfileStatus.DRAFT, ProfileStatus.HIDDEN):
        therapist.status = ProfileStatus.SUBMITTED
    if therapist.verification_state != VerificationState.VERIFIED:
        therapist.verification_state = VerificationState.PENDING
    audit.record(
        "profile.submit",
        actor=actor,
        therapist_id=therapist.id,
        before={"status": before},
        after={"status": therapist.status},
    )
    db.session.commit()
    enqueue([licence.id for licence in therapist.licences])


def enqueue(licence_ids: list[int]) -> None:
    """Hand licences to the background queue (after their queued_at is committed)."""
    for licence_id in licence_ids:
        jobs.enqueue_verification(licence_id)


# -- running checks (called from the worker) -------------------------------------------------


def verify_licence(licence_id: int) -> list[VerificationCheck]:
    """Run every applicable verifier for one licence, store the results, derive state."""
    licence = db.session.get(Licence, licence_id)
    if licence is None:
        return []  # deleted since it was queued
    query = query_for(licence)
    previous = latest_by_verifier(licence)
    checks = []
    for verifier in verifiers_for(licence):
        if is_answered_by_person(verifier) and _attested_lately(licence, verifier.name):
            continue  # a person's recent check stands until it is due again
        result = safe_verify(verifier, query)
        checks.append(store_result(licence, result))
    apply_results(licence)
    notify_outcomes(licence, previous, checks)
    db.session.commit()
    notices.deliver_after_commit()
    return checks


def _attested_lately(licence: Licence, verifier_name: str) -> bool:
    """Whether a person recorded a check of `licence` (not a request for one) within the
    re-check interval: asking the person verifier again would only supersede it with
    "needs a manual check"."""
    latest = latest_by_verifier(licence).get(verifier_name)
    if latest is None or latest.status == Status.ERROR:
        return False
    days = current_app.config["VERIFICATION_RECHECK_DAYS"]
    return latest.checked_at > utcnow() - timedelta(days=days)


def notify_outcomes(
    licence: Licence,
    previous: dict[str, VerificationCheck],
    checks: list[VerificationCheck],
) -> int:
    """Tell the therapist about new answers that need them to act; how many notices.

    An answer is news when it needs the therapist and the verifier's previous answer did
    not, or said something else: a registry that keeps answering "not found" is mailed
    about once, and an outage is mailed about when it passes a week.
    """
    news = []
    for check in checks:
        before = previous.get(check.verifier)
        if not needs_therapist(check):
            continue
        if before is not None and before.status == check.status and needs_therapist(before):
            continue
        news.append(advice_for(check))
    if not news:
        return 0
    what = "membership" if claimed_kind(licence.licence_type) is Kind.MEMBERSHIP else "licence"
    notices.queue(
        licence.therapist,
        "outcome",
        f"Your {licence.licence_type} {what} {licence.number}: please take a look",
        [f"We checked your {licence.licence_type} {what} {licence.number}.", *news],
        licence,
    )
    return 1


def safe_verify(verifier, query: LicenceQuery, ask=None) -> VerificationResult:
    """verify() (or `ask`, another of the verifier's methods that must not raise) must
    never raise; a plugin that does becomes an ERROR, not a crash."""
    try:
        return (ask or verifier.verify)(query)
    except Exception as exc:  # noqa: BLE001 - third-party code
        log.exception("verifier %s raised", verifier.name)
        return VerificationResult(
            status=Status.ERROR,
            verifier=verifier.name,
            kind=verifier.kind,
            checked_at=datetime.now(UTC),
            registry=getattr(verifier, "registry_name", verifier.name),
            registry_url="",
            summary=f"The {verifier.name} verifier failed ({type(exc).__name__}); "
            "it will be retried.",
        )


def store_result(licence: Licence, result: VerificationResult) -> VerificationCheck:
    """Keep a verifier's answer, with its evidence, beside the licence."""
    check = VerificationCheck(
        licence=licence,
        verifier=result.verifier,
        # A person's check proves what the credential is (a licence or a membership).
        kind=str(
            claimed_kind(licence.licence_type)
            if answered_by_person(result.verifier)
            else result.kind
        ),
        status=str(result.status),
        checked_at=result.checked_at,
        registry_title=result.registry,
        registry_url=result.registry_url,
        summary=result.summary,
        name_on_record=result.registry_name or "",
        registry_details=dict(result.registry_details),
        expires_on=result.expires_on,
        evidence=result.evidence,
        level=result.level.value if result.level else None,
        flags=sorted(flag.value for flag in result.flags),
    )
    _carry_clearance(licence, check)
    db.session.add(check)
    licence.checks.append(check)
    return check


def _carry_clearance(licence: Licence, check: VerificationCheck) -> None:
    """A possible match a person cleared stays cleared while the registry keeps
    answering the same rows; a different answer needs a person again."""
    if Flag.POSSIBLE_MATCH not in (check.flags or ()):
        return
    previous = latest_by_verifier(licence, exclude=check).get(check.verifier)
    if previous is not None and previous.cleared_at and previous.evidence == check.evidence:
        check.cleared_at, check.cleared_by = previous.cleared_at, previous.cleared_by


def clear_possible_matches(licence: Licence, admin: str) -> bool:
    """A person cleared the latest possible matches of `licence`; whether there were any."""
    cleared = False
    for check in latest_by_verifier(licence).values():
        if check.status == Status.MISMATCH and Flag.POSSIBLE_MATCH in (check.flags or ()):
            check.cleared_at, check.cleared_by = utcnow(), admin
            cleared = True
    return cleared


def answers_in_force(licence: Licence) -> dict[str, VerificationCheck]:
    """The answer per verifier that the rule reads: its newest, except that an ERROR (a
    registry that could not be asked) leaves that verifier's last real answer standing.

    An outage neither un-verifies a listed therapist at once nor lifts a restriction or
    an exclusion listing; the error is kept, retried, and told after a week
    (outcomes.UNREACHABLE_AFTER). The registry's own expiry date still applies, and a
    "verified" stands through an outage only while it is younger than
    VERIFICATION_OUTAGE_GRACE_DAYS: after that the error is the answer, and nothing is
    shown verified on the strength of a check that old. A negative answer stands for
    as long as the registry cannot be asked.
    """
    grace = timedelta(days=current_app.config["VERIFICATION_OUTAGE_GRACE_DAYS"])
    oldest_verified = utcnow() - grace
    answers: dict[str, VerificationCheck] = {}
    for check in sorted(licence.checks, key=lambda c: (c.checked_at, c.id or 0), reverse=True):
        held = answers.get(check.verifier)
        stands = check.status != Status.VERIFIED or check.checked_at >= oldest_verified
        if held is None or (held.status == Status.ERROR != check.status and stands):
            answers[check.verifier] = check
    return answers


def apply_results(licence: Licence, actor: str = audit.SYSTEM) -> None:
    """Derive the licence's state from its latest checks, then the therapist's."""
    config = current_app.config
    latest = latest_by_verifier(licence)
    kind = claimed_kind(licence.licence_type)
    licence_checks = [c for c in latest.values() if c.kind == kind]
    newest = max(licence_checks, key=lambda c: c.checked_at, default=None)
    before = licence.status
    licence.last_checked_at = utcnow()
    # New answers change what an admin decides about: a decision made from a page opened
    # before them is refused (workbench._claim). One atomic increment, as admins' are.
    licence.version = Licence.version + 1
    if newest is None:
        licence.status = "pending"
    else:
        licence.status = newest.status
        licence.expires_on = newest.expires_on or licence.expires_on
        if newest.status == Status.VERIFIED:
            licence.verified_at = newest.checked_at
    if any(c.status == Status.ERROR and not needs_person(c) for c in latest.values()):
        licence.attempts += 1
        # Keep it queued for a retry, until the retries are used up: then a person looks.
        retry = licence.attempts < config["VERIFICATION_MAX_ATTEMPTS"]
        licence.queued_at = utcnow() if retry else None
    else:
        licence.attempts = 0
        licence.queued_at = None
    if before != licence.status:
        audit.record(
            "licence.status",
            actor=actor,
            therapist_id=licence.therapist_id,
            licence_id=licence.id,
            before={"status": before},
            after={"status": licence.status},
        )
    apply_workflow(licence.therapist, actor)


def apply_workflow(therapist: Therapist, actor: str = audit.SYSTEM) -> None:
    """Derive where the profile is verified (`standing_of`), then publish, suspend or
    leave it for a person.

    - A submitted profile is published when it is verified for at least one place it
      practises and no identity mismatch or exclusion stands against it.
    - A current restriction, an exclusion listing, or an uncleared possible match on an
      exclusion list suspends a published profile at once; so does a licence no longer
      in force when nothing else verifies the profile anywhere. A person reviews it.
    - Everything else waits in the admin queue.
    """
    standing = standing_of(therapist)
    state, blocking = state_of(therapist, standing)
    before = {
        "status": therapist.status,
        "verification_state": therapist.verification_state,
        "verified_places": list(therapist.verified_places or []),
    }
    therapist.verification_state = state
    therapist.verified_places = standing.verified_places
    therapist.verified_by_membership = standing.by_membership_only
    verified = [lic.verified_at for lic in therapist.licences if lic.status == Status.VERIFIED]
    therapist.verified_at = max((v for v in verified if v), default=None)
    if state == VerificationState.PROBLEM and therapist.status in (
        ProfileStatus.PUBLISHED,
        ProfileStatus.SUBMITTED,
    ):
        therapist.status = ProfileStatus.SUSPENDED
    elif therapist.status == ProfileStatus.SUBMITTED and standing.verified_places and not blocking:
        therapist.status = ProfileStatus.PUBLISHED
    after = {
        "status": therapist.status,
        "verification_state": therapist.verification_state,
        "verified_places": list(therapist.verified_places),
    }
    if after != before:
        audit.record(
            "profile.state",
            actor=actor,
            therapist_id=therapist.id,
            reason="derived from the latest registry checks",
            before=before,
            after=after,
        )
    if before["status"] == ProfileStatus.PUBLISHED and therapist.status != before["status"]:
        notices.queue(
            therapist,
            "left_search",
            "Your profile is no longer listed on Solace",
            [
                "Your profile has left search: " + why_not_listed(standing) + ".",
                "Nobody can find or open it until this is resolved. Your licences page "
                "says what each registry answered and what to do.",
            ],
        )


def why_not_listed(standing: Standing) -> str:
    """Why a profile is out of search, in words for its therapist."""
    if standing.block_reasons:
        return "the registries report " + "; ".join(standing.block_reasons)
    return "no licence is verified for any place you practise"


def rederive_all(batch: int = 500) -> int:
    """Apply the rule again to every profile's stored checks (no registry is asked);
    how many profiles changed. Each change is in the audit trail."""
    changed = 0
    ids = list(db.session.scalars(select(Therapist.id).order_by(Therapist.id)))
    for start in range(0, len(ids), batch):
        for therapist in db.session.scalars(
            select(Therapist).where(Therapist.id.in_(ids[start : start + batch]))
        ):
            before = _derived(therapist)
            apply_workflow(therapist)
            after = _derived(therapist)
            changed += before != after
        db.session.commit()
    return changed


def _derived(therapist: Therapist) -> tuple:
    """What the rule derives for a profile, to tell whether applying it changed anything."""
    return (
        therapist.status,
        therapist.verification_state,
        list(therapist.verified_places or []),
        therapist.verified_by_membership,
    )


def standing_of(therapist: Therapist, today: date | None = None) -> Standing:
    """Where `therapist` is verified: the one rule (standing.assess) over stored checks."""
    places = places_of(
        therapist.region,
        therapist.offers_in_person,
        therapist.offers_online,
        therapist.online_regions or [],
    )
    return assess(places, [credential_of(lic) for lic in therapist.licences], today or _today())


def credential_of(licence: Licence) -> Credential:
    """A licence and its answers in force (`answers_in_force`), as the rule reads them.

    While a licence waits for checks of its current claim (status "pending": a new
    submission, or a new name), answers about the claim as it was no longer verify it,
    nor do those of a licence an admin rejected; identity and exclusion answers still
    count against it.
    """
    kind = claimed_kind(licence.licence_type)
    # A rejected licence verifies nothing either: an admin found its answers wanting.
    stale = licence.status == "pending" or licence.decision == "rejected"
    answers = tuple(
        Answer(
            kind=Kind(check.kind),
            status=Status(check.status),
            level=Level(check.level) if check.level else None,
            flags=frozenset(Flag(f) for f in check.flags or () if f in Flag.__members__.values()),
            expires_on=check.expires_on,
            cleared=check.cleared_at is not None,
        )
        for check in answers_in_force(licence).values()
        if not (stale and check.kind == kind)
    )
    return Credential(
        jurisdiction=licence.jurisdiction,
        kind=kind,
        claimed_level=claimed_level(licence.licence_type),
        answers=answers,
        key=licence.id,
    )


def state_of(therapist: Therapist, standing: Standing) -> tuple[str, bool]:
    """The therapist's verification state, from its standing, and whether an identity
    or exclusion result blocks automatic publication."""
    identity_doubt = any(
        check.kind == Kind.IDENTITY and check.status in (Status.MISMATCH, Status.SANCTIONED)
        for licence in therapist.licences
        for check in latest_by_verifier(licence).values()
    )
    return state_from(standing, [lic.status for lic in therapist.licences], identity_doubt)


def state_from(
    standing: Standing, licence_statuses: list[str], identity_doubt: bool = False
) -> tuple[str, bool]:
    """The verification state a standing and the licences' statuses amount to, and
    whether automatic publication is blocked."""
    blocking = standing.blocked or identity_doubt
    lapsed = Status.INACTIVE in licence_statuses and not standing.verified_places
    if standing.blocked or lapsed:
        return VerificationState.PROBLEM, True
    if standing.verified:
        return VerificationState.VERIFIED, blocking
    if standing.verified_places:
        return VerificationState.PARTLY_VERIFIED, blocking
    if "pending" in licence_statuses or not licence_statuses:
        state = VerificationState.PENDING if licence_statuses else VerificationState.UNVERIFIED
        return state, blocking
    return VerificationState.NEEDS_REVIEW, blocking


def _today() -> date:
    return utcnow().date()


# -- scheduled re-checks ------------------------------------------------------------------------


def due_for_recheck(now: datetime | None = None) -> list[int]:
    """Licences whose last licence-kind answer is old, or whose expiry is near."""
    config = current_app.config
    now = now or utcnow()
    stale = now - timedelta(days=config["VERIFICATION_RECHECK_DAYS"])
    expiring = (now + timedelta(days=config["VERIFICATION_EXPIRY_WARNING_DAYS"])).date()
    rows = db.session.scalars(
        select(Licence.id)
        .join(Therapist)
        .where(
            Therapist.is_demo.is_(False),
            Therapist.status.in_([ProfileStatus.PUBLISHED, ProfileStatus.SUBMITTED]),
            or_(
                Licence.last_checked_at.is_(None),
                Licence.last_checked_at < stale,
                Licence.expires_on <= expiring,
            ),
            Licence.queued_at.is_(None),
        )
    )
    return list(rows)


def queue_rechecks() -> int:
    """Mark every due licence queued and enqueue it; returns how many."""
    ids = due_for_recheck()
    now = utcnow()
    for licence in db.session.scalars(select(Licence).where(Licence.id.in_(ids))):
        licence.queued_at = now
    db.session.commit()
    enqueue(ids)
    return len(ids)


def requeue_lost(older_than: timedelta = timedelta(minutes=10)) -> int:
    """Re-enqueue licences still queued long after they were asked for (a job that
    crashed, a worker that died): nothing queued is ever forgotten."""
    cutoff = utcnow() - older_than
    ids = list(
        db.session.scalars(
            select(Licence.id).where(Licence.queued_at.is_not(None), Licence.queued_at < cutoff)
        )
    )
    enqueue(ids)
    return len(ids)
