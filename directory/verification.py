"""Verification in the application: run verifiers for a licence, store what they said,
derive the licence's and the therapist's state, and move the profile through the
publication workflow.

Nothing here runs inside a web request in production: views call
`request_verification`, which only marks licences queued and enqueues jobs
(jobs.py); the worker calls `verify_licence`.

Honesty rules (DESIGN.md): a licence is verified only by a licence-kind VERIFIED
result; an ERROR is never read as NOT_FOUND; demo results never reach real licences.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select

from verifiers import (
    Kind,
    LicenceQuery,
    RegistrySession,
    Status,
    VerificationResult,
    available_verifiers,
    get_verifier,
)

from . import audit, jobs
from .extensions import db
from .models import (
    Licence,
    ProfileStatus,
    Therapist,
    VerificationCheck,
    VerificationState,
    utcnow,
)

log = logging.getLogger(__name__)

# Verifiers whose registry is a downloaded file kept under instance/registries/<name>.
FILE_VERIFIERS = ("oig-leie", "tx-bhec")
MANUAL = "manual"


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
            if name in FILE_VERIFIERS:
                options.setdefault("data_dir", str(registry_dir(name)))
            try:
                cache[name] = get_verifier(
                    name, base_url=base_urls.get(name), session=session, **options
                )
            except Exception:  # a misconfigured plugin must not stop the others
                log.exception("verifier %s could not be set up (source: %s)", name, info.source)
    return cache


def registry_dir(name: str) -> Path:
    """Where a file-based verifier keeps its downloaded registry."""
    return Path(current_app.instance_path) / "registries" / name


def verifiers_for(licence: Licence) -> list:
    """The verifiers to run for a licence: the issuing registry, plus identity and
    exclusion checks where they apply. Without a registry that can be asked by a
    program, the `manual` verifier stands in, and a person answers."""
    verifiers = configured_verifiers()
    chosen = [
        v
        for name, v in verifiers.items()
        if name != MANUAL and v.kind == Kind.LICENCE and v.covers(licence.jurisdiction)
    ]
    if not chosen and MANUAL in verifiers:
        chosen.append(verifiers[MANUAL])
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
    """The claim a licence makes, as verifiers read it."""
    t = licence.therapist
    return LicenceQuery(
        jurisdiction=licence.jurisdiction,
        licence_type=licence.licence_type,
        number=licence.number,
        first_name=t.first_name,
        last_name=t.last_name,
        npi=licence.npi,
    )


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
    checks = []
    for verifier in verifiers_for(licence):
        result = _safe_verify(verifier, query)
        checks.append(store_result(licence, result))
    apply_results(licence)
    db.session.commit()
    return checks


def _safe_verify(verifier, query: LicenceQuery) -> VerificationResult:
    """verify() must never raise; a plugin that does becomes an ERROR, not a crash."""
    try:
        return verifier.verify(query)
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
        kind=str(result.kind),
        status=str(result.status),
        checked_at=result.checked_at,
        registry_title=result.registry,
        registry_url=result.registry_url,
        summary=result.summary,
        name_on_record=result.registry_name or "",
        registry_details=dict(result.registry_details),
        expires_on=result.expires_on,
        evidence=result.evidence,
    )
    db.session.add(check)
    licence.checks.append(check)
    return check


def latest_by_verifier(licence: Licence) -> dict[str, VerificationCheck]:
    """The newest check per verifier, demo results included only for demo profiles."""
    latest: dict[str, VerificationCheck] = {}
    for check in sorted(licence.checks, key=lambda c: _aware(c.checked_at), reverse=True):
        latest.setdefault(check.verifier, check)
    return latest


def apply_results(licence: Licence, actor: str = audit.SYSTEM) -> None:
    """Derive the licence's state from its latest checks, then the therapist's."""
    config = current_app.config
    latest = latest_by_verifier(licence)
    licence_checks = [c for c in latest.values() if c.kind == Kind.LICENCE]
    newest = max(licence_checks, key=lambda c: _aware(c.checked_at), default=None)
    before = licence.status
    licence.last_checked_at = utcnow()
    if newest is None:
        licence.status = "pending"
    else:
        licence.status = newest.status
        licence.expires_on = newest.expires_on or licence.expires_on
        if newest.status == Status.VERIFIED:
            licence.verified_at = newest.checked_at
    if any(c.status == Status.ERROR for c in latest.values()):
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
    """Publish, suspend or leave for a person, from the licences' states (issue #4 rules).

    - A submitted profile is published when a licence is VERIFIED by a licence-kind
      registry and no identity MISMATCH or SANCTIONED, nor an exclusion SANCTIONED, stands.
    - A licence found INACTIVE or SANCTIONED (or an exclusion listing) suspends a
      published profile at once; it waits for an admin.
    - Everything else waits in the admin queue.
    """
    state, blocking = derive_state(therapist)
    before = {"status": therapist.status, "verification_state": therapist.verification_state}
    therapist.verification_state = state
    verified = [lic.verified_at for lic in therapist.licences if lic.status == Status.VERIFIED]
    therapist.verified_at = max((_aware(v) for v in verified if v), default=None)
    if state == VerificationState.PROBLEM and therapist.status in (
        ProfileStatus.PUBLISHED,
        ProfileStatus.SUBMITTED,
    ):
        therapist.status = ProfileStatus.SUSPENDED
    elif (
        therapist.status == ProfileStatus.SUBMITTED
        and state == VerificationState.VERIFIED
        and not blocking
    ):
        therapist.status = ProfileStatus.PUBLISHED
    after = {"status": therapist.status, "verification_state": therapist.verification_state}
    if after != before:
        audit.record(
            "profile.state",
            actor=actor,
            therapist_id=therapist.id,
            reason="derived from the latest registry checks",
            before=before,
            after=after,
        )


def derive_state(therapist: Therapist) -> tuple[str, bool]:
    """The therapist's verification state, and whether an identity or exclusion
    result blocks automatic publication."""
    statuses = []
    blocking = False
    problem = False
    for licence in therapist.licences:
        statuses.append(licence.status)
        for check in latest_by_verifier(licence).values():
            if check.kind == Kind.IDENTITY and check.status in (Status.MISMATCH, Status.SANCTIONED):
                blocking = True
            if check.kind == Kind.EXCLUSION and check.status == Status.SANCTIONED:
                blocking = problem = True
            if check.kind == Kind.EXCLUSION and check.status == Status.MISMATCH:
                blocking = True  # a name-only hit: a person decides
    if any(s in (Status.INACTIVE, Status.SANCTIONED) for s in statuses) or problem:
        return VerificationState.PROBLEM, True
    if any(s == Status.VERIFIED for s in statuses):
        return VerificationState.VERIFIED, blocking
    if any(s == "pending" for s in statuses) or not statuses:
        return (VerificationState.PENDING if statuses else VerificationState.UNVERIFIED), blocking
    return VerificationState.NEEDS_REVIEW, blocking


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


# -- words for people ---------------------------------------------------------------------------


def advice_for(check: VerificationCheck) -> str:
    """One plain sentence for the therapist: what the registry said and what to fix."""
    from .geography import jurisdiction_name

    licence = check.licence
    where = f"{check.registry_title or 'The registry'}"
    number = f"licence {licence.number}"
    place = jurisdiction_name(licence.jurisdiction)
    if check.status == Status.VERIFIED:
        return f"{where} confirms {number}: nothing to do."
    if check.status == Status.MISMATCH:
        if check.name_on_record:
            return (
                f"{where} lists {number} under a different name ({check.name_on_record}): "
                "check the spelling, or add your name as registered."
            )
        return f"{where} lists {number} with different details: check the type and number."
    if check.status == Status.NOT_FOUND:
        return (
            f"{where} has no {number} for {place}: check the number, the licence type and "
            "the state you chose."
        )
    if check.status == Status.INACTIVE:
        return f"{where} lists {number} as not in force: renew it, then ask for a new check."
    if check.status == Status.SANCTIONED:
        return (
            f"{where} lists a restriction or action on {number}: an admin will review your "
            "profile and contact you."
        )
    if check.verifier == MANUAL:
        return f"{place} can't be checked automatically: an admin will check {number} by hand."
    return (
        f"We couldn't reach {where} ({check.summary}). Nothing is wrong with your profile: "
        "we will try again."
    )


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
