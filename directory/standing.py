"""Where a therapist is verified: the one rule behind every "Licence verified" Solace shows.

A profile is verified for a place when, for that place, it holds a current VERIFIED
answer from a registry of that place's jurisdiction, of the right kind, at a level
that allows practice:

- the places are the state or country of the in-person address, and for online work
  each state or country the therapist says they see clients in online;
- a licence-kind answer from the board of that jurisdiction verifies it; a
  membership-kind answer (an accredited register of UK counsellors and
  psychotherapists, which no statute regulates) verifies UK places only, never a US one;
- identity (NPPES) and exclusion (OIG) answers never verify anything on their own;
- the level is the one the registry recorded, and never above the claim: an associate
  licence verifies practice under supervision; a limited scope (school psychology,
  claimed or recorded) verifies no place for psychotherapy; a claim above the recorded
  level verifies nothing;
- an exclusion listing, an uncleared possible match on an exclusion list, or a current
  restriction on any licence (SANCTIONED) keeps the whole profile out of search.

`assess` is pure: it reads plain facts (`Credential`, `Answer`) so that it can be tested
for every combination without a database; `directory.verification` feeds it stored
checks and caches its verdict on the therapist row for cards and the search index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from verifiers import Flag, Kind, Level, Status

# Levels that let a person practise psychotherapy (alone, or under supervision).
PRACTICE_LEVELS = (Level.INDEPENDENT, Level.SUPERVISED)


@dataclass(frozen=True)
class Answer:
    """The latest answer of one verifier about one credential."""

    kind: Kind  # what the answering verifier proves (licence, membership, identity...)
    status: Status
    level: Level | None = None  # the level the registry recorded, where it says
    flags: frozenset[Flag] = frozenset()
    expires_on: date | None = None
    cleared: bool = False  # a person cleared this possible match


@dataclass(frozen=True)
class Credential:
    """A licence or membership a therapist claims, with its latest answers."""

    jurisdiction: str  # ISO 3166: "US-TX", "GB"
    kind: Kind  # Kind.LICENCE or Kind.MEMBERSHIP, from the claimed type
    claimed_level: Level | None
    answers: tuple[Answer, ...] = ()
    key: object = None  # the caller's handle (a Licence id), returned in the verdict


@dataclass(frozen=True)
class Place:
    """One place a therapist practises, and what verifies it."""

    jurisdiction: str
    verified: bool
    by: Credential | None = None  # the credential that verifies it
    level: Level | None = None  # the level it is verified at


@dataclass(frozen=True)
class Standing:
    """The verdict for one profile."""

    places: tuple[Place, ...]
    blocked: bool  # kept out of search: an exclusion, an uncleared possible match, a sanction
    block_reasons: tuple[str, ...] = ()
    disclosures: tuple[tuple[Credential, Flag], ...] = field(default=())

    @property
    def verified(self) -> bool:
        """Verified for every place the therapist practises (and not blocked)."""
        return bool(self.places) and not self.blocked and all(p.verified for p in self.places)

    @property
    def verified_places(self) -> list[str]:
        """The jurisdictions it is verified for, in the order given."""
        return [] if self.blocked else [p.jurisdiction for p in self.places if p.verified]

    @property
    def by_membership_only(self) -> bool:
        """Verified somewhere, and only through memberships of accredited registers (a
        UK counsellor's BACP, UKCP...): what it shows is a membership, not a licence."""
        by = [p.by for p in self.places if p.verified and p.by] if not self.blocked else []
        return bool(by) and all(credential.kind is Kind.MEMBERSHIP for credential in by)

    @property
    def unverified_places(self) -> list[str]:
        """The jurisdictions it practises in without a verifying credential."""
        return [p.jurisdiction for p in self.places if not p.verified or self.blocked]


def places_of(
    region: str, offers_in_person: bool, offers_online: bool, online_regions: Iterable[str]
) -> list[str]:
    """The jurisdictions a therapist practises in: the in-person address's region, and
    every place they see clients in online (their own region when they named none);
    each once, in that order."""
    places: list[str] = []
    online = (list(online_regions) or [region]) if offers_online else []
    wanted = ([region] if offers_in_person else []) + online
    for place in wanted:
        place = (place or "").strip().upper()
        if place and place not in places:
            places.append(place)
    return places


def covers(credential_jurisdiction: str, place: str) -> bool:
    """Whether a credential of one jurisdiction covers a place: the same code, or a
    country-wide credential ("GB") for a place inside that country ("GB-ENG")."""
    held = credential_jurisdiction.upper()
    return place == held or place.startswith(held + "-")


_NO = (False, None)


def verifies_at(credential: Credential, answer: Answer, today: date) -> tuple[bool, Level | None]:
    """Whether `answer` verifies `credential`, and at which level.

    Only a VERIFIED answer of the credential's own kind counts, and an expired one does
    not. The level is the claimed one: a claim above the recorded level verifies nothing,
    and a record above the claim verifies the claim, no more (the profile names the
    claimed type, and a school psychology licence recorded higher by a person's check is
    still school psychology). Where no level is claimed, the registry's stands.
    """
    if answer.status is not Status.VERIFIED or answer.kind is not credential.kind:
        return _NO
    if answer.expires_on is not None and answer.expires_on < today:
        return _NO
    claimed = credential.claimed_level
    if answer.level is not None and claimed is not None and answer.level.rank < claimed.rank:
        return _NO
    return True, claimed or answer.level


def place_level(credential: Credential, place: str, today: date) -> tuple[bool, Level | None]:
    """Whether `credential` verifies practice in `place`, and at which level."""
    if not covers(credential.jurisdiction, place):
        return _NO
    if credential.kind is Kind.MEMBERSHIP and not covers("GB", place):
        return _NO  # UK registers of counsellors never verify a practice elsewhere
    if credential.kind not in (Kind.LICENCE, Kind.MEMBERSHIP):
        return _NO
    for answer in credential.answers:
        verified, level = verifies_at(credential, answer, today)
        if verified and (level is None or level in PRACTICE_LEVELS):
            return True, level
    return _NO


def _rank(level: Level | None) -> int:
    return level.rank if level is not None else Level.INDEPENDENT.rank


def _blocks(credentials: Sequence[Credential]) -> list[str]:
    reasons = []
    for credential in credentials:
        for answer in credential.answers:
            if answer.status is Status.SANCTIONED:
                reasons.append(
                    "on an exclusion list"
                    if answer.kind is Kind.EXCLUSION
                    else "a current restriction on a licence"
                )
            elif (
                answer.kind is Kind.EXCLUSION
                and answer.status is Status.MISMATCH
                and Flag.POSSIBLE_MATCH in answer.flags
                and not answer.cleared
            ):
                reasons.append("a possible match on an exclusion list, not yet cleared")
    return list(dict.fromkeys(reasons))


def assess(places: Sequence[str], credentials: Sequence[Credential], today: date) -> Standing:
    """The verdict for a therapist practising in `places` with `credentials`."""
    verdicts = []
    for place in places:
        best = Place(place, False)
        for credential in credentials:
            verified, level = place_level(credential, place, today)
            # An independent licence outranks a supervised one for the same place.
            if verified and (not best.verified or _rank(level) > _rank(best.level)):
                best = Place(place, True, credential, level)
        verdicts.append(best)
    disclosures = tuple(
        (credential, Flag.DISCIPLINARY_RECORD)
        for credential in credentials
        if any(
            a.status is Status.VERIFIED and Flag.DISCIPLINARY_RECORD in a.flags
            for a in credential.answers
        )
    )
    reasons = _blocks(credentials)
    return Standing(tuple(verdicts), bool(reasons), tuple(reasons), disclosures)
