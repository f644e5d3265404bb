"""The admin workbench: which verification results need a person, and what admins decide.

Every decision goes through a function here, lands in the audit trail with its reason
and the state before and after, and leaves the licence's registry history untouched:
an admin can publish a profile whose registry answer was unclear, but only a registry
(or an admin's recorded manual check of one) can make a licence show as verified.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.orm import selectinload

from verifiers import Flag, Status

from . import audit, verification
from .extensions import db
from .models import (
    AuditEvent,
    Licence,
    ProfileStatus,
    Therapist,
    VerificationCheck,
    utcnow,
)

NEEDS_PERSON = ("mismatch", "not_found", "error", "inactive", "sanctioned")
REVIEWABLE = (ProfileStatus.SUBMITTED, ProfileStatus.SUSPENDED)


@dataclass
class Case:
    """A licence, with its profile and latest checks, waiting for a person."""

    licence: Licence
    therapist: Therapist
    reasons: list[str]
    waiting_since: datetime
    latest: dict[str, VerificationCheck] = field(default_factory=dict)

    @property
    def age_days(self) -> int:
        """Days since the case started waiting."""
        return (utcnow() - self.waiting_since).days


def case_reasons(licence: Licence, therapist: Therapist) -> list[str]:
    """Why a licence needs a person, in words; empty when it does not."""
    reasons = []
    latest = verification.latest_by_verifier(licence)
    if therapist.status == ProfileStatus.SUSPENDED:
        reasons.append("profile suspended")
    if licence.status in ("mismatch", "not_found", "inactive", "sanctioned"):
        reasons.append(f"licence {licence.status.replace('_', ' ')}")
    if licence.status == "error" and licence.queued_at is None:
        manual = any(verification.needs_person(c) for c in latest.values())
        reasons.append("manual check needed" if manual else "registry error after retries")
    for check in latest.values():
        flags = check.flags or ()
        if check.kind == "exclusion" and check.status == Status.MISMATCH:
            if not check.cleared_at:
                reasons.append("possible exclusion-list match (name only)")
        elif Flag.DISCIPLINARY_RECORD in flags and not _decided_since(licence, check.checked_at):
            reasons.append("public disciplinary record (disclosed on the profile)")
        elif check.kind in ("identity", "exclusion") and check.status in (
            Status.MISMATCH,
            Status.SANCTIONED,
        ):
            reasons.append(f"{check.kind} {check.status}")
    return reasons


def _decided_since(licence: Licence, moment) -> bool:
    """Whether an admin decided about `licence` after `moment` (so a flag was seen)."""
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.licence_id == licence.id,
                AuditEvent.action.in_(["case.approve", "case.reject", "case.manual_check"]),
                AuditEvent.at >= moment,
            )
        )
    )


def queue(
    status: str | None = None,
    verifier: str | None = None,
    jurisdiction: str | None = None,
    min_age_days: int | None = None,
    limit: int = 200,
) -> tuple[list[Case], int]:
    """Cases waiting for a person, oldest first, and how many there are in all."""
    # A disclosed disciplinary record: a person reads the board's record, even on a
    # published profile (the record is shown on it meanwhile).
    disclosed = Licence.id.in_(
        select(VerificationCheck.licence_id).where(
            cast(VerificationCheck.flags, String).like(f"%{Flag.DISCIPLINARY_RECORD}%")
        )
    )
    query = (
        select(Licence)
        .join(Therapist)
        .where(
            or_(
                and_(
                    Therapist.status.in_(REVIEWABLE),
                    or_(
                        Therapist.status == ProfileStatus.SUSPENDED,
                        Licence.status.in_(NEEDS_PERSON),
                        Licence.id.in_(
                            select(VerificationCheck.licence_id).where(
                                VerificationCheck.kind.in_(["identity", "exclusion"]),
                                VerificationCheck.status.in_(["mismatch", "sanctioned"]),
                            )
                        ),
                        disclosed,
                    ),
                ),
                and_(Therapist.status == ProfileStatus.PUBLISHED, disclosed),
            )
        )
        .options(selectinload(Licence.checks))
        .order_by(func.coalesce(Licence.last_checked_at, Licence.created_at), Licence.id)
    )
    if status:
        query = query.where(Licence.status == status)
    if jurisdiction:
        query = query.where(Licence.jurisdiction == jurisdiction)
    if verifier:
        query = query.where(
            Licence.id.in_(
                select(VerificationCheck.licence_id).where(VerificationCheck.verifier == verifier)
            )
        )
    if min_age_days:
        cutoff = utcnow() - timedelta(days=min_age_days)
        query = query.where(func.coalesce(Licence.last_checked_at, Licence.created_at) <= cutoff)
    cases = []
    total = 0
    for licence in db.session.scalars(query):
        reasons = case_reasons(licence, licence.therapist)
        if not reasons:
            continue
        total += 1
        if len(cases) < limit:
            cases.append(
                Case(
                    licence=licence,
                    therapist=licence.therapist,
                    reasons=reasons,
                    waiting_since=licence.last_checked_at or licence.created_at,
                    latest=verification.latest_by_verifier(licence),
                )
            )
    return cases, total


# -- decisions ------------------------------------------------------------------------------


def _snapshot(therapist: Therapist, licence: Licence | None = None) -> dict:
    snap = {"status": therapist.status, "verification_state": therapist.verification_state}
    if licence is not None:
        snap["licence_status"] = licence.status
    return snap


def approve(licence: Licence, admin: str, reason: str) -> None:
    """Publish the profile although the registry answer was not a clean VERIFIED.

    The licence keeps its registry status: the profile will not say "verified". A possible
    exclusion-list match on the licence is cleared: the admin found it is someone else.
    """
    if verification.clear_possible_matches(licence, admin):
        verification.apply_workflow(licence.therapist, admin)
    _decide(licence, admin, reason, ProfileStatus.PUBLISHED, "case.approve")


def reject(licence: Licence, admin: str, reason: str) -> None:
    """Send the profile back to the therapist, with a reason they will see."""
    _decide(licence, admin, reason, ProfileStatus.DRAFT, "case.reject")


def _decide(licence: Licence, admin: str, reason: str, status: str, action: str) -> None:
    therapist = licence.therapist
    before = _snapshot(therapist, licence)
    therapist.status = status
    audit.record(
        action,
        actor=admin,
        therapist_id=therapist.id,
        licence_id=licence.id,
        reason=reason,
        before=before,
        after=_snapshot(therapist, licence),
    )
    db.session.commit()


def rerun(licence: Licence, admin: str) -> None:
    """Queue the licence's checks again now."""
    licence.queued_at = utcnow()
    licence.attempts = 0
    audit.record(
        "case.rerun", actor=admin, therapist_id=licence.therapist_id, licence_id=licence.id
    )
    db.session.commit()
    verification.enqueue([licence.id])


def record_manual_check(
    licence: Licence, admin: str, status: str, checked_url: str, what_was_seen: str
) -> VerificationCheck:
    """Store an admin's own check of a registry page as a licence-kind result.

    Raises ValueError (with a message for the admin) when the record would not let
    another admin retrace it.
    """
    manual = verification.person_verifier()
    result = manual.attest(
        verification.query_for(licence),
        Status(status),
        checked_url=checked_url,
        what_was_seen=what_was_seen,
        admin=admin,
    )
    check = verification.store_result(licence, result)
    before = _snapshot(licence.therapist, licence)
    verification.apply_results(licence, actor=admin)
    audit.record(
        "case.manual_check",
        actor=admin,
        therapist_id=licence.therapist_id,
        licence_id=licence.id,
        reason=what_was_seen,
        before=before,
        after=_snapshot(licence.therapist, licence),
    )
    db.session.commit()
    return check


def set_suspended(therapist: Therapist, admin: str, reason: str, suspended: bool) -> None:
    """Suspend a profile (out of search at once) or restore it to search."""
    before = _snapshot(therapist)
    therapist.status = ProfileStatus.SUSPENDED if suspended else ProfileStatus.PUBLISHED
    audit.record(
        "profile.suspend" if suspended else "profile.restore",
        actor=admin,
        therapist_id=therapist.id,
        reason=reason,
        before=before,
        after=_snapshot(therapist),
    )
    db.session.commit()


def latest_decision(therapist: Therapist) -> AuditEvent | None:
    """The newest admin decision about a profile: approval, rejection or suspension."""
    return db.session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.therapist_id == therapist.id,
            AuditEvent.action.in_(["case.approve", "case.reject", "profile.suspend"]),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def rejection_reason(therapist: Therapist) -> str | None:
    """Why an admin sent a draft profile back, for its therapist; None when they did not.

    The case page tells the admin that a rejection's reason is shown to the therapist:
    this is where it comes from, until the therapist sends the profile again.
    """
    if therapist.status != ProfileStatus.DRAFT:
        return None
    decision = latest_decision(therapist)
    if decision is None or decision.action != "case.reject":
        return None
    return decision.reason


# -- the trail and the dashboard ------------------------------------------------------------


def audit_trail(therapist_query: str = "", limit: int = 200) -> list[AuditEvent]:
    """Audit events, newest first; `therapist_query` matches a therapist's slug or name."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    text = therapist_query.strip()
    if text:
        like = f"%{text.lower()}%"
        ids = select(Therapist.id).where(
            or_(
                func.lower(Therapist.slug).like(like),
                func.lower(Therapist.first_name + " " + Therapist.last_name).like(like),
            )
        )
        if text.isdigit():
            query = query.where(
                or_(AuditEvent.therapist_id.in_(ids), AuditEvent.therapist_id == int(text))
            )
        else:
            query = query.where(AuditEvent.therapist_id.in_(ids))
    return list(db.session.scalars(query))


@dataclass
class Dashboard:
    """The numbers on the admin home page."""

    profiles_by_status: dict[str, int]
    licences_by_status: dict[str, int]
    waiting: int
    oldest: Case | None
    failing_registries: list[tuple[str, int, int]]  # (verifier, errors, checks) in 24 h


def dashboard() -> Dashboard:
    """Counts by state, the oldest waiting case, and registries failing lately."""
    profiles = dict(
        db.session.execute(select(Therapist.status, func.count()).group_by(Therapist.status)).all()
    )
    licences = dict(
        db.session.execute(select(Licence.status, func.count()).group_by(Licence.status)).all()
    )
    cases, total = queue(limit=1)
    since = utcnow() - timedelta(hours=24)
    recent = db.session.execute(
        select(VerificationCheck.verifier, VerificationCheck.status, func.count())
        .where(VerificationCheck.checked_at >= since, VerificationCheck.is_demo.is_(False))
        .group_by(VerificationCheck.verifier, VerificationCheck.status)
    ).all()
    errors: Counter[str] = Counter()
    checks: Counter[str] = Counter()
    for name, status, count in recent:
        checks[name] += count
        if status == Status.ERROR and not verification.answered_by_person(name):
            errors[name] += count
    failing = sorted(
        ((name, errors[name], checks[name]) for name in errors if errors[name]),
        key=lambda row: -row[1] / row[2],
    )
    return Dashboard(
        profiles_by_status=profiles,
        licences_by_status=licences,
        waiting=total,
        oldest=cases[0] if cases else None,
        failing_registries=failing,
    )
