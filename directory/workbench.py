"""The admin workbench: which verification results need a person, and what admins decide.

Every decision goes through a function here, lands in the audit trail with its reason
and the state before and after, and leaves the licence's registry history untouched:
an admin can publish a profile whose registry answer was unclear, but only a registry
(or an admin's recorded manual check of one) can make a licence show as verified.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import String, and_, cast, func, or_, select, update
from sqlalchemy.orm import selectinload

from verifiers import Flag, Level, Status, links_claim_page

from . import audit, catalogue, notices, outcomes, verification
from .credentials import claimed_level
from .decision_effects import (
    Effect,
    approve_effect,
    manual_effect,
    places_named,
    reject_effect,
    status_after_reject,
)
from .extensions import db
from .geography import jurisdiction_name
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
        # A rejected licence waits for its therapist, not for a person here.
        .where(or_(Licence.decision.is_(None), Licence.decision != "rejected"))
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
                # A listed profile's other licence still needs a person (a membership
                # checked by hand), until an admin decides about it.
                and_(
                    Therapist.status == ProfileStatus.PUBLISHED,
                    Therapist.is_demo.is_(False),
                    Licence.decision.is_(None),
                    Licence.status.in_(NEEDS_PERSON),
                ),
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


class Conflict(Exception):
    """Another admin decided about the licence since this one opened it: nothing changed."""


class ReasonNeeded(ValueError):
    """The decision changes who can see the profile, or tells the therapist, so it must
    say why."""


def _snapshot(therapist: Therapist, licence: Licence | None = None) -> dict:
    snap = {"status": therapist.status, "verification_state": therapist.verification_state}
    if licence is not None:
        snap["licence_status"] = licence.status
        snap["decision"] = licence.decision
    return snap


def _claim(licence: Licence, seen_version: int | None) -> None:
    """Take `licence` for one decision, or raise Conflict.

    One conditional UPDATE raises the version only if it still is the one the admin saw
    (or, without one, the one this request loaded). A second admin deciding at the same
    moment waits for the first's row lock (PostgreSQL), then finds the version moved and
    changes nothing: one decision, one audit event.
    """
    expected = licence.version if seen_version is None else seen_version
    result = db.session.execute(
        update(Licence)
        .where(Licence.id == licence.id, Licence.version == expected)
        .values(version=Licence.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(
            "Another admin decided about this licence, or new checks arrived, since you "
            "opened the page: nothing was changed. Read the case again, then decide."
        )
    db.session.refresh(licence)


def approve(licence: Licence, admin: str, reason: str, seen_version: int | None = None) -> Effect:
    """Approve one licence: the profile is published, although the registry answer
    was not a clean VERIFIED.

    The licence keeps its registry status: the profile will not say "verified" for it.
    A possible exclusion-list match on the licence is cleared: the admin found it is
    someone else. A reason is needed when the profile was not listed.
    """
    effect = approve_effect(licence)
    if effect.changes_visibility and not reason:
        raise ReasonNeeded("Say why: approving publishes the profile.")
    _claim(licence, seen_version)
    therapist = licence.therapist
    before = _snapshot(therapist, licence)
    licence.decision, licence.decision_reason, licence.decided_at = "approved", reason, utcnow()
    if verification.clear_possible_matches(licence, admin):
        verification.apply_workflow(therapist, admin)
    therapist.status = ProfileStatus.PUBLISHED
    _record("case.approve", licence, admin, reason, before)
    db.session.commit()
    return effect


def reject(licence: Licence, admin: str, reason: str, seen_version: int | None = None) -> Effect:
    """Reject one licence, with a reason its therapist reads on their pages and by mail.

    The licence stops counting towards "verified"; the profile stays listed wherever the
    rule still counts it verified, and goes back to its therapist as a draft when it is
    verified nowhere.
    """
    if not reason:
        raise ReasonNeeded("Say why: the therapist reads your reason.")
    effect = reject_effect(licence)
    _claim(licence, seen_version)
    therapist = licence.therapist
    before = _snapshot(therapist, licence)
    licence.decision, licence.decision_reason, licence.decided_at = "rejected", reason, utcnow()
    was_listed = therapist.is_published
    verification.apply_workflow(therapist, admin)
    therapist.status = status_after_reject(therapist, licence, verification.standing_of(therapist))
    _record("case.reject", licence, admin, reason, before)
    what = outcomes.kind_words(licence)
    lines = [
        f"An admin rejected your {licence.licence_type} {what} {licence.number} "
        f"({jurisdiction_name(licence.jurisdiction)}): {reason}",
    ]
    if was_listed and not therapist.is_published:
        lines.append(
            "Your profile has left search: no other licence is verified for where you "
            "practise. Correct the licence (remove it and add it again), then send your "
            "profile again."
        )
    elif therapist.verified_places:
        lines.append(
            "Your profile stays verified for " + places_named(therapist.verified_places) + "."
        )
    notices.queue(
        therapist, "rejected", f"Your {what} {licence.number} was not accepted", lines, licence
    )
    db.session.commit()
    notices.deliver_after_commit()
    return effect


def _record(action: str, licence: Licence, admin: str, reason: str, before: dict) -> None:
    audit.record(
        action,
        actor=admin,
        therapist_id=licence.therapist_id,
        licence_id=licence.id,
        reason=reason,
        before=before,
        after=_snapshot(licence.therapist, licence),
    )


def rerun(licence: Licence, admin: str) -> None:
    """Queue the licence's checks again now."""
    licence.queued_at = utcnow()
    licence.attempts = 0
    audit.record(
        "case.rerun", actor=admin, therapist_id=licence.therapist_id, licence_id=licence.id
    )
    db.session.commit()
    verification.enqueue([licence.id])


def levels_up_to_claim(licence: Licence) -> list[Level]:
    """The levels an admin may record as seen for a licence, highest first: never one
    above its claimed type's level, since the rule caps a licence at its claim (a page
    showing more than the claim is a mismatch of type, recorded as such). Every level
    when the claimed type is unknown."""
    claimed = claimed_level(licence.licence_type)
    return [
        level
        for level in sorted(Level, key=lambda level: -level.rank)
        if claimed is None or level.rank <= claimed.rank
    ]


def record_manual_check(
    licence: Licence,
    admin: str,
    status: str,
    checked_url: str,
    what_was_seen: str,
    *,
    register: str = "",
    level: str | None = None,
    seen_version: int | None = None,
) -> VerificationCheck:
    """Store an admin's own check of a registry page as a result of the licence's kind.

    `register` is the register's name as the catalogue gives it, `level` the level the
    page showed. The admin is named in the audit trail only: the stored check, which the
    therapist's pages read, says "the Solace team".

    Raises ValueError (with a message for the admin) when the record would not let
    another admin retrace it.
    """
    seen = Level(level) if level else None
    if seen is not None and seen not in levels_up_to_claim(licence):
        raise ValueError(above_claim_words(licence))
    manual = verification.person_verifier()
    result = manual.attest(
        verification.query_for(licence),
        Status(status),
        checked_url=checked_url,
        what_was_seen=what_was_seen,
        admin=admin,
    )
    claimed = claimed_level(licence.licence_type)
    if result.status is Status.VERIFIED and seen and claimed and seen.rank < claimed.rank:
        # Held, but below the claim: what a registry answering so says (a mismatch at
        # that level), never "verified".
        result = replace(result, status=Status.MISMATCH)
    words = str(result.status).replace("_", " ")
    result = replace(
        result,
        registry=register or result.registry,
        summary=f"Checked by hand by the Solace team: {words}.",
        registry_details={"checked_by_hand": True, **({"level_seen": level} if level else {})},
        level=seen,
    )
    _claim(licence, seen_version)
    previous = verification.latest_by_verifier(licence)
    check = verification.store_result(licence, result)
    before = _snapshot(licence.therapist, licence)
    verification.apply_results(licence, actor=admin)
    verification.notify_outcomes(licence, previous, [check])
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
    notices.deliver_after_commit()
    return check


def above_claim_words(licence: Licence) -> str:
    """Why a level above the claim cannot be recorded, for the admin."""
    claimed = outcomes.LEVEL_WORDS[claimed_level(licence.licence_type)]
    return (
        f"the licence is claimed as {licence.licence_type}, which means {claimed}: the level "
        "seen can be that or lower; if the page shows a different licence type, record a "
        "mismatch"
    )


def recorded_words(licence: Licence, check: VerificationCheck, chosen: str) -> str:
    """What a recorded check did, for the admin who recorded it."""
    therapist = licence.therapist
    where = places_named(therapist.verified_places or [])
    now = f"verified for {where}" if where else "verified nowhere"
    listed = "listed" if therapist.is_published else "not listed"
    if check.status != chosen:
        return (
            "Your check is recorded as a mismatch: the page showed a lower level than the "
            f"licence claimed, which verifies nothing. The profile is {now} and {listed}; "
            "the therapist is told what to do by page and mail."
        )
    if check.status == Status.VERIFIED:
        return f"Your check is recorded. The profile is {now} and {listed}."
    return (
        f"Your check is recorded. The profile is {now} and {listed}; the therapist is "
        "told what to do by page and mail."
    )


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


# -- the case page: one therapist, every licence -------------------------------------------


@dataclass
class LicenceCase:
    """One licence or membership on the case page, with what each decision would do."""

    licence: Licence
    reasons: list[str]
    latest: dict[str, VerificationCheck]
    history: list[VerificationCheck]
    approve: Effect
    reject: Effect
    manual: Effect
    registers: list[Lookup]  # where a person can look it up
    status_words: str  # the registry status, as the admin reads it
    claimed_level: str  # the level the claimed type means, in words ("" when unknown)
    board: catalogue.CatalogueEntry | None  # the register for its claimed type


@dataclass(frozen=True)
class Lookup:
    """A register where an admin looks a licence up by hand, and the page to open."""

    board: str
    url: str
    prefilled: bool  # the page already shows this licence (the register takes its number)
    sourced: bool


def registers_for(licence: Licence) -> list[Lookup]:
    """The registers of a licence's jurisdiction with a lookup page, each once: where an
    admin checks it by hand. Its own register comes first, with the page for this very
    licence where the register's verifier documents one (`links_claim_page`)."""
    own = catalogue.entry(licence.jurisdiction, licence.licence_type)
    rows = [row for row in catalogue.rows_for(licence.jurisdiction) if row.lookup_url]
    if own is not None and own.lookup_url:
        rows.insert(0, own)
    once: dict[str, Lookup] = {}
    for row in rows:
        if row.board in once:
            continue
        page = _claim_page(licence) if row is own else None
        once[row.board] = Lookup(row.board, page or row.lookup_url, bool(page), row.sourced)
    return list(once.values())


def _claim_page(licence: Licence) -> str | None:
    """The public page of the licence's own register that shows this licence, when the
    verifier the catalogue names for it can give one."""
    name = catalogue.verifier_for(licence.jurisdiction, licence.licence_type)
    verifier = verification.configured_verifiers().get(name)
    if verifier is None or not links_claim_page(verifier):
        return None
    return verifier.public_page(verification.query_for(licence))


def therapist_case(therapist: Therapist) -> list[LicenceCase]:
    """Every licence and membership of a therapist, with its latest checks and the
    effect of each possible decision, computed with the verification rule."""
    cases = []
    for licence in therapist.licences:
        board = catalogue.entry(licence.jurisdiction, licence.licence_type)
        registers = registers_for(licence)
        cases.append(
            LicenceCase(
                licence=licence,
                reasons=case_reasons(licence, therapist),
                latest=verification.latest_by_verifier(licence),
                history=sorted(licence.checks, key=lambda c: c.checked_at, reverse=True),
                approve=approve_effect(licence),
                reject=reject_effect(licence),
                manual=manual_effect(licence),
                registers=registers,
                board=board,
                status_words=_status_words(licence),
                claimed_level=_level_words(claimed_level(licence.licence_type)),
            )
        )
    return cases


def _level_words(level: Level | None) -> str:
    return outcomes.LEVEL_WORDS[level] if level is not None else ""


def _status_words(licence: Licence) -> str:
    """A licence's registry status for the case page: an ERROR that only a person can
    settle reads as what it is, a check waiting for a person."""
    latest = verification.latest_by_verifier(licence).values()
    if licence.status == "error" and any(verification.needs_person(c) for c in latest):
        return "waiting for a check by hand"
    return licence.status.replace("_", " ")


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
