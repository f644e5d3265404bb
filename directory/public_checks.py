"""Public checks: anyone asks the registries about a therapist they found online.

A visitor gives a name, where the licence was issued, and optionally a licence number
or NPI (`CheckQuestion`). `ask` stores the question as a `PublicCheck` row and hands
it to the worker (`run`), which asks every registry that covers the place: by name
where the registry can be searched by name (`verifiers.searches_by_name`), otherwise
by number when one was given. Where a number is needed and none was given, the page
says what to look for instead (`plan_for`).

Privacy (docs/design.md): nothing stored says who asked; the row is its own cache,
found again by a hash of the public identifiers asked about, and deleted a day later;
nothing logged here names the person or the number.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from verifiers import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    Status,
    VerificationResult,
    is_answered_by_person,
    searches_by_name,
)
from verifiers.matching import fold, licence_number_key, names_match, same_licence_number

from . import catalogue, jobs
from .extensions import db
from .geography import jurisdiction_name
from .models import Licence, ProfileStatus, PublicCheck, Therapist, utcnow
from .profiles import LEVEL_WORDS
from .verification import configured_verifiers, safe_verify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckQuestion:
    """What a visitor asks about: validated by the form, normalised here."""

    jurisdiction: str
    first_name: str = ""
    last_name: str = ""
    licence_type: str = ""
    number: str = ""
    npi: str = ""

    @property
    def has_name(self) -> bool:
        """Whether both names were given (a name search needs both)."""
        return bool(self.first_name and self.last_name)

    @property
    def has_number(self) -> bool:
        """Whether a licence number or an NPI was given."""
        return bool(self.number or self.npi)

    def query(self) -> LicenceQuery:
        """The question as verifiers read it."""
        return LicenceQuery(
            jurisdiction=self.jurisdiction,
            licence_type=self.licence_type,
            number=self.number,
            first_name=self.first_name,
            last_name=self.last_name,
            npi=self.npi or None,
        )

    def key(self) -> str:
        """A hash of the public identifiers asked about: the same question, however
        spelt, has the same key; nothing about the visitor is in it."""
        parts = (
            self.jurisdiction,
            fold(self.first_name),
            fold(self.last_name),
            self.licence_type.upper(),
            licence_number_key(self.number),
            self.npi,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def question_of(check: PublicCheck) -> CheckQuestion:
    """The question a stored check asked."""
    return CheckQuestion(
        jurisdiction=check.jurisdiction,
        first_name=check.first_name,
        last_name=check.last_name,
        licence_type=check.licence_type,
        number=check.number,
        npi=check.npi,
    )


# -- which registries, and what to say where none can be asked --------------------------------


@dataclass
class Plan:
    """Which verifiers a question goes to, and the registries that need what was not given."""

    ask: list = field(default_factory=list)  # verifier objects
    needs_number: list = field(default_factory=list)  # verifiers that need a number
    needs_name: list = field(default_factory=list)  # verifiers that need the name too
    by_hand: list[catalogue.CatalogueEntry] = field(default_factory=list)  # boards to visit


def plan_for(question: CheckQuestion) -> Plan:
    """The registries that can answer `question`, and those that would need a number."""
    plan = Plan()
    program = []
    for verifier in configured_verifiers().values():
        if is_answered_by_person(verifier) or not verifier.covers(question.jurisdiction):
            continue
        if not getattr(verifier, "configured", True):
            continue
        if verifier.kind in (Kind.LICENCE, Kind.MEMBERSHIP):
            program.append(verifier)
        elif not (question.npi or question.has_name):
            continue  # identity and exclusion lists are searched by a name or an NPI
        if searches_by_name(verifier) or (question.has_number and question.has_name):
            plan.ask.append(verifier)
        elif question.has_number:
            plan.needs_name.append(verifier)
        else:
            plan.needs_number.append(verifier)
    # The board's answer first: it is the one that says whether the person is licensed.
    order = (Kind.LICENCE, Kind.MEMBERSHIP, Kind.IDENTITY, Kind.EXCLUSION)
    plan.ask.sort(key=lambda v: order.index(v.kind) if v.kind in order else len(order))
    if not program:
        boards = {}
        for row in catalogue.rows_for(question.jurisdiction):
            if row.lookup_url and row.kind == Kind.LICENCE:
                boards.setdefault(row.board, row)
        plan.by_hand = list(boards.values())
    return plan


def lookup_pages(jurisdiction: str, licence_type: str = "") -> list[tuple[str, str]]:
    """(board, lookup page) for a place, the claimed type's board first: where a person
    sees the answer at its source. Only pages the catalogue sources; never guessed."""
    pages: dict[str, str] = {}
    found = catalogue.entry(jurisdiction, licence_type) if licence_type else None
    if found and found.lookup_url:
        pages[found.board] = found.lookup_url
    for row in catalogue.rows_for(jurisdiction):
        if row.lookup_url and row.kind == Kind.LICENCE:
            pages.setdefault(row.board, row.lookup_url)
    return list(pages.items())


def complaint_pages(jurisdiction: str) -> list[tuple[str, str | None]]:
    """(board, complaint page or None) for each licensing board of a place: where to
    report someone claiming a licence they do not hold. None where no source gives it."""
    boards: dict[str, str | None] = {}
    for row in catalogue.rows_for(jurisdiction):
        # A row no source names the board of (catalogue: "unsourced") names no one.
        if row.kind == Kind.LICENCE and row.board.strip():
            boards[row.board] = boards.get(row.board) or row.complaint_url or None
    return list(boards.items())


# -- asking (in the request) ---------------------------------------------------------------------


class TooBusy(Exception):
    """So many checks wait for the worker that a new one would wait without bound."""


def ask(question: CheckQuestion) -> PublicCheck:
    """The check answering `question`: a recent one for the same identifiers (its answer
    is reused, or still coming), or a new one queued for the worker.

    Raises `TooBusy` past the ceiling of waiting checks, before anything is stored.
    """
    config = current_app.config
    now = utcnow()
    key = question.key()
    fresh = now - timedelta(seconds=config["PUBLIC_CHECK_CACHE_SECONDS"])
    timeout = now - timedelta(seconds=config["PUBLIC_CHECK_TIMEOUT_SECONDS"])
    for earlier in db.session.scalars(
        select(PublicCheck)
        .where(PublicCheck.query_key == key, PublicCheck.created_at >= fresh)
        .order_by(PublicCheck.created_at.desc())
    ):
        if earlier.state == "queued" and earlier.created_at >= timeout:
            return earlier
        # An answer that could not reach a registry is not kept: asking again asks again.
        if earlier.state == "done" and not any(a["status"] == "error" for a in earlier.answers):
            return earlier
    waiting = db.session.scalar(
        select(func.count())
        .select_from(PublicCheck)
        .where(PublicCheck.state == "queued", PublicCheck.created_at >= timeout)
    )
    if waiting >= config["PUBLIC_CHECK_MAX_WAITING"]:
        raise TooBusy
    check = PublicCheck(
        token=secrets.token_urlsafe(16),
        query_key=key,
        jurisdiction=question.jurisdiction,
        first_name=question.first_name,
        last_name=question.last_name,
        licence_type=question.licence_type,
        number=question.number,
        npi=question.npi,
        state="queued",
        answers=[],
        created_at=now,
    )
    db.session.add(check)
    db.session.commit()
    jobs.enqueue_public_check(check.id)
    return check


def find(token: str) -> PublicCheck | None:
    """The check behind a result page's address, while it is kept."""
    if not token or len(token) > 32:
        return None
    return db.session.scalar(select(PublicCheck).where(PublicCheck.token == token))


def timed_out(check: PublicCheck) -> bool:
    """Whether a check still waiting has waited too long to be waited for."""
    limit = timedelta(seconds=current_app.config["PUBLIC_CHECK_TIMEOUT_SECONDS"])
    return check.state == "queued" and utcnow() - check.created_at > limit


# -- running (in the worker) ---------------------------------------------------------------------


def run(check_id: int) -> PublicCheck | None:
    """Ask every registry the plan names, and store their answers (never the evidence)."""
    check = db.session.get(PublicCheck, check_id)
    if check is None or check.state != "queued":
        return check  # purged, or answered by another copy of the job
    question = question_of(check)
    query = question.query()
    answers = []
    for verifier in plan_for(question).ask:
        lookup = verifier.lookup_by_name if searches_by_name(verifier) else None
        result = safe_verify(verifier, query, lookup)
        answer = result.to_dict()
        answer.pop("evidence", None)
        answers.append(answer)
    check.answers = answers
    check.state = "done"
    check.finished_at = utcnow()
    db.session.commit()
    log.info("public check %s answered by %d registries", check.id, len(answers))
    return check


def purge(now=None) -> int:
    """Delete checks older than the cache lifetime; how many went."""
    now = now or utcnow()
    cutoff = now - timedelta(seconds=current_app.config["PUBLIC_CHECK_CACHE_SECONDS"])
    deleted = db.session.execute(delete(PublicCheck).where(PublicCheck.created_at < cutoff))
    db.session.commit()
    return deleted.rowcount or 0


# -- plain words -------------------------------------------------------------------------------


@dataclass
class Match:
    """One person a registry lists, as the page shows them."""

    name: str
    what: str  # "LPC 12345", "NPI 1234567893"
    state: str  # plain words
    licences: str = ""  # self-reported licence numbers (NPPES)


@dataclass
class AnswerWords:
    """One registry's answer, in plain words."""

    register: str
    headline: str  # "Licensed", "Not found", ...
    tone: str  # good / bad / neutral / error: how the page marks it
    detail: str
    checked_on: str  # "" when the register was not asked: no date is claimed
    matches: list[Match] = field(default_factory=list)
    more: int = 0  # people listed beyond those shown


UNREACHABLE = "The register could not be reached; try again later."
BY_HAND = (
    "Solace cannot ask this register about this licence type by itself: look the person "
    "up on the board's own site."
)
NOT_ASKED = (
    "The register was not asked: the licence type or number given is not one it issues. "
    "Check both with the person, or look them up on the register's own page."
)

_LICENCE = {
    Status.VERIFIED: ("Licensed", "good"),
    Status.NOT_FOUND: ("Not found", "neutral"),
    Status.INACTIVE: ("Lapsed: not in force", "bad"),
    Status.SANCTIONED: ("Restricted", "bad"),
    Status.MISMATCH: ("Found, with other details", "neutral"),
    Status.ERROR: ("Could not be checked", "error"),
}
_MATCH_STATE = {
    Status.VERIFIED: "in force",
    Status.INACTIVE: "not in force (lapsed, expired or retired)",
    Status.SANCTIONED: "under a current restriction",
    Status.MISMATCH: "listed with other details",
    Status.ERROR: "listed; the register's status needs a person to read it",
}


def answer_words(answer: dict, question: CheckQuestion) -> AnswerWords:
    """A stored answer (`VerificationResult.to_dict()`) in words for the public: built
    from its structured facts, never from a verifier's summary, which speaks to admins."""
    result = VerificationResult.from_dict({**answer, "evidence": ""})
    register = result.registry
    when = f"{result.checked_at.day} {result.checked_at:%B %Y}"
    details = dict(result.registry_details)
    matches = [_match(m) for m in details.get("matches") or ()]
    more = max(int(details.get("match_count") or len(matches)) - len(matches), 0)
    if result.status is Status.ERROR and details.get("manual_check"):
        # The register answers about this type only on its own page (no program may ask):
        # trying again later would change nothing.
        return AnswerWords(register, "Look it up on the board's page", "neutral", BY_HAND, "")
    if result.status is Status.ERROR:
        return AnswerWords(register, "Could not be checked", "error", UNREACHABLE, when)
    if result.kind is Kind.EXCLUSION:
        headline, tone, detail = _exclusion(result)
    elif result.kind is Kind.IDENTITY:
        headline, tone, detail = _identity(result, question)
    elif Flag.NOT_ASKED in result.flags:
        # The claim alone settled it (a number that cannot be the register's): nothing
        # is known about what the register holds, so nothing may sound like it is.
        headline, tone, detail = "Not checked", "neutral", NOT_ASKED
        matches, more, when = [], 0, ""
    else:
        headline, tone = _LICENCE[result.status]
        detail = _licence_detail(result, question)
    return AnswerWords(register, headline, tone, detail, when, matches, more)


def _match(raw: dict) -> Match:
    status = Status(raw.get("status") or "error")
    level = LEVEL_WORDS.get(Level(raw["level"])) if raw.get("level") else None
    state = _MATCH_STATE.get(status, "")
    if level and status is Status.VERIFIED:
        state = f"in force, for {level}"
    if raw.get("expires_on") and status is Status.VERIFIED:
        state += f", until {raw['expires_on']}"
    what = " ".join(str(p) for p in (raw.get("licence_type"), raw.get("number")) if p)
    return Match(str(raw.get("name") or ""), what, state, ", ".join(raw.get("licences") or ()))


def _licence_detail(result: VerificationResult, question: CheckQuestion) -> str:
    who = result.registry_name or "the person"
    level = LEVEL_WORDS.get(result.level) if result.level else None
    if result.status is Status.VERIFIED:
        held = f" for {level}" if level else ""
        text = f"The register lists a licence in force{held}, held by {who}."
        if Flag.DISCIPLINARY_RECORD in result.flags:
            text += " It also shows a public disciplinary record: see the board's page."
        return text
    if result.status is Status.NOT_FOUND:
        asked = "this number" if question.has_number else "this name"
        return (
            f"The register lists nobody under {asked}. Check the spelling, or ask the "
            "person for their licence number. Some registers list only current licences."
        )
    if result.status is Status.INACTIVE:
        return f"The register lists a licence held by {who}, but it is not in force."
    if result.status is Status.SANCTIONED:
        return (
            f"The register lists a current restriction (such as probation or suspension) "
            f"on a licence held by {who}."
        )
    held = f" (the name it holds is {result.registry_name})" if result.registry_name else ""
    return (
        "The register lists this licence with details that differ from what you gave"
        f"{held}. Compare them with what the person told you."
    )


def _exclusion(result: VerificationResult) -> tuple[str, str, str]:
    if result.status is Status.VERIFIED:
        return "Not on the exclusion list", "good", "Nobody of this name or number is listed."
    if Flag.POSSIBLE_MATCH in result.flags:
        return (
            "A similar name is listed",
            "neutral",
            "Someone with this name is on the federal list of people excluded from US "
            "health programmes. A name alone cannot tell whether it is the same person; "
            "the list on the register's site shows the address on record.",
        )
    return (
        "On the exclusion list",
        "bad",
        "This person is on the federal list of people excluded from US health programmes.",
    )


def _identity(result: VerificationResult, question: CheckQuestion) -> tuple[str, str, str]:
    where = jurisdiction_name(question.jurisdiction)
    if result.status is Status.VERIFIED:
        return (
            "Listed as a provider",
            "neutral",
            "The national provider register lists someone of this name as a mental-health "
            f"provider (by the address they gave, in {where}). It records identity, and "
            "licence numbers as the provider reported them: the board's answer is the one "
            "that counts.",
        )
    if result.status is Status.NOT_FOUND:
        return (
            "Not listed as a provider",
            "neutral",
            "The national provider register lists no mental-health provider of this name "
            f"in {where}. Not every therapist has an NPI.",
        )
    if result.status is Status.INACTIVE:
        return "Listed, deactivated", "bad", "The provider number is no longer active."
    return "Listed, with other details", "neutral", "The provider number belongs to someone else."


# -- the person on Solace -------------------------------------------------------------------------


def listed_therapists(question: CheckQuestion, limit: int = 5) -> list[Therapist]:
    """Published profiles of the person asked about: a licence of that place with the
    number given, or the name given and a licence of that place."""
    place = question.jurisdiction
    conditions = []
    if question.number:
        conditions.append(Licence.number == question.number.strip())
        conditions.append(func.upper(Licence.number) == question.number.strip().upper())
    if question.npi:
        conditions.append(Licence.npi == question.npi)
    if question.has_name:
        # As typed, and without accents: "Álvarez" finds a profile spelt "Alvarez".
        spellings = {question.last_name.lower(), fold(question.last_name)}
        conditions.append(func.lower(Therapist.last_name).in_(spellings))
    if not conditions:
        return []
    # Ids first: PostgreSQL cannot compare the JSON columns a DISTINCT over rows would.
    ids = (
        select(Therapist.id)
        .join(Licence)
        .where(
            Therapist.status == ProfileStatus.PUBLISHED,
            or_(Licence.jurisdiction == place, Licence.jurisdiction.startswith(place + "-")),
            or_(*conditions),
        )
        .distinct()
        .limit(50)
    )
    rows = db.session.scalars(
        select(Therapist)
        .where(Therapist.id.in_(list(db.session.scalars(ids))))
        .order_by(Therapist.id)
    )
    found = []
    for therapist in rows:
        same_number = any(
            (question.number and same_licence_number(lic.number, question.number))
            or (question.npi and lic.npi == question.npi)
            for lic in therapist.licences
        )
        same_name = question.has_name and names_match(
            question.first_name, question.last_name, therapist.first_name, therapist.last_name
        )
        # Both given: both must agree, or the profile is someone else's.
        if question.has_name and question.has_number:
            keep = same_number and same_name
        else:
            keep = same_number or same_name
        if keep:
            found.append(therapist)
    return found[:limit]
