"""Thentia Cloud public registers: one generic verifier, configured per board (tenant).

Registry: each board's register on Thentia Cloud; the built-in one is Oklahoma's,
https://obbhl.us.thentiacloud.net/webs/obbhl/register/ . Many licensing boards publish
their register there, and its public pages read a JSON API on the same host:
``GET /rest/public/profile/search/?keyword=<name or number>&skip=0&take=20
&lang=en-US[&disciplined=true]`` answers ``{"resultCount": n, "result": [profile...],
"errorCode": "0"}``. The profile keys differ from tenant to tenant, so every board is a
`ThentiaTenant`: its host, which keys hold the name, number, category and status, what
each registration category means (the licence types it stands for and the level it
allows), and the status vocabulary. Some tenants sit behind an AWS WAF that answers a
"Human Verification" page with HTTP 200; that page is an ERROR, never an answer.
Format last checked: 2026-12-01 ("checked: 2026-12-01"), against what working clients
read (no raw answer of a behavioural-health tenant has been recorded; the fixtures are
written to the documented keys).

Sources: a public downloader for the Oklahoma State Board of Behavioral Health
Licensure (obbhl.us.thentiacloud.net) whose author verified the REST calls on
2026-09-18: the search path and parameters (``keyword``, ``skip``, ``take`` up to 2000,
``lang``, ``disciplined=true``), the envelope (``resultCount``, ``result``,
``errorCode`` "0" on success, ``errorMessage``), the search keys ``id, lastName,
firstName, middleName, registrationNumber, registrationCategory, registrationStatus,
city``, the five ``registrationCategory`` values, ``registrationNumber`` "N/A" for
people without a number, a 403 for bare clients and the ``Referer`` it sends; clients
of other tenants (a Nevada board, OMMA, CMTO) for the variation of keys per tenant, the
column-layout answer of some tenants, and the WAF page. See tests/fixtures/README.md.

Built in: `ThentiaOkObbhlVerifier` (``thentia-ok-obbhl``), the only behavioural-health
tenant whose keys are sourced. Arizona, Arkansas, Oregon and Oklahoma social-work
tenants stay manual: their keys were never recorded. No ``registrationStatus`` value of
OBBHL has been recorded either, so its status vocabulary is empty and every licence it
finds is an ERROR a person reads, until an operator who has read the register configures
the vocabulary with the ``statuses`` option (``{"Active": "verified", "Expired":
"inactive", "Revoked": "sanctioned"}``). Nothing is guessed.

Decisions: a licence type the board does not issue: ERROR for a person (another board of
the state may issue it); no profile with the claimed number: NOT_FOUND (ERROR when the
answer holds more profiles than it lists); another category: MISMATCH; a claim above the
category's level: MISMATCH naming the recorded level; another name: MISMATCH; then the
status, looked up whole in the vocabulary; unknown: ERROR. A profile the register lists
under ``disciplined=true`` and whose status is in force carries
``Flag.DISCIPLINARY_RECORD``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from verifiers.core import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
)
from verifiers.errors import BotCheckPage, ParseError, RegistryRefusedQuery
from verifiers.http import RegistryResponse, json_answer, looks_like_html
from verifiers.matching import licence_number_key, names_match

__all__ = [
    "OBBHL",
    "ThentiaAnswer",
    "ThentiaFields",
    "ThentiaOkObbhlVerifier",
    "ThentiaProfile",
    "ThentiaTenant",
    "ThentiaVerifier",
    "parse_search",
    "read_statuses",
]

# What marks an AWS WAF challenge page (answered with HTTP 200 instead of JSON).
_WAF_MARKERS = ("awswaf", "human verification", "captcha-container")
_TAKE = 20
_NO_NUMBER = ("N/A", "NA", "NONE")
_STATUS_WORDS = {
    "verified": Status.VERIFIED,
    "inactive": Status.INACTIVE,
    "sanctioned": Status.SANCTIONED,
}


@dataclass(frozen=True)
class ThentiaFields:
    """The profile keys a tenant uses for each fact the verifier reads."""

    id: str = "id"
    last_name: str = "lastName"
    first_name: str = "firstName"
    middle_name: str = "middleName"
    number: str = "registrationNumber"
    category: str = "registrationCategory"
    status: str = "registrationStatus"


@dataclass(frozen=True)
class ThentiaTenant:
    """One board's register on Thentia Cloud, and what its answers mean.

    `categories` maps a registration category, as the register writes it, to the
    claimed licence types it stands for (upper case) and the level it allows.
    `statuses` maps a status, compared case-insensitively, to its result and flags.
    """

    board: str
    jurisdiction: str
    host: str
    register_page: str
    categories: Mapping[str, tuple[tuple[str, ...], Level]]
    fields: ThentiaFields = field(default_factory=ThentiaFields)
    statuses: Mapping[str, tuple[Status, frozenset[Flag]]] = field(default_factory=dict)

    def categories_for(self, licence_type: str) -> tuple[str, ...]:
        """The categories a claimed licence type may be listed under."""
        claimed = _key(licence_type)
        return tuple(c for c, (types, _) in self.categories.items() if claimed in types)

    def claimed_level(self, licence_type: str) -> Level | None:
        """The highest level the claimed licence type asserts on this register."""
        levels = [self.categories[c][1] for c in self.categories_for(licence_type)]
        return max(levels, key=lambda level: level.rank) if levels else None


# Oklahoma State Board of Behavioral Health Licensure. The categories are the five the
# register listed on 2026-09-18. Levels follow `Level`'s own definitions: LPC and LMFT
# licences are independent practice and an LPC Candidate practises under supervision;
# an LBP licence is the board's other licence for independent practice (Oklahoma's
# Licensed Behavioral Practitioner Act); alcohol and drug counselling is not general
# psychotherapy, so LADC is a limited scope.
OBBHL = ThentiaTenant(
    board="Oklahoma State Board of Behavioral Health Licensure",
    jurisdiction="US-OK",
    host="https://obbhl.us.thentiacloud.net/",
    register_page="/webs/obbhl/register/",
    categories={
        "Licensed Professional Counselor (LPC)": (
            ("LPC", "LICENSED PROFESSIONAL COUNSELOR"),
            Level.INDEPENDENT,
        ),
        "LPC Candidate": (
            ("LPC CANDIDATE", "LPC", "LICENSED PROFESSIONAL COUNSELOR"),
            Level.SUPERVISED,
        ),
        "Licensed Marital and Family Therapist (LMFT)": (
            (
                "LMFT",
                "LICENSED MARITAL AND FAMILY THERAPIST",
                "LICENSED MARRIAGE AND FAMILY THERAPIST",
            ),
            Level.INDEPENDENT,
        ),
        "Licensed Behavioral Practitioner (LBP)": (
            ("LBP", "LICENSED BEHAVIORAL PRACTITIONER"),
            Level.INDEPENDENT,
        ),
        "Licensed Alcohol and Drug Counselor (LADC)": (
            ("LADC", "LICENSED ALCOHOL AND DRUG COUNSELOR"),
            Level.LIMITED_SCOPE,
        ),
    },
)


@dataclass(frozen=True)
class ThentiaProfile:
    """One register profile, by the tenant's keys."""

    id: str
    first_name: str
    middle_name: str
    last_name: str
    number: str
    category: str
    status: str
    raw: Mapping[str, Any]

    @property
    def name(self) -> str:
        """The name as the register writes it, first name first."""
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


@dataclass(frozen=True)
class ThentiaAnswer:
    """The profiles a search found, how many the register counted, and the ids of
    those the register lists as disciplined (None when that was not asked)."""

    profiles: tuple[ThentiaProfile, ...]
    result_count: int
    disciplined_ids: frozenset[str] | None
    text: str


def _key(text: str) -> str:
    return " ".join((text or "").upper().split())


def _field(profile: Mapping[str, Any], key: str, *, required: bool) -> str:
    if key not in profile:
        if required:
            raise ParseError(
                f"The Thentia register's answer had no {key!r} field; its format may have "
                "changed and the verifier's configuration needs updating.",
                evidence=json.dumps(profile, default=str)[:1000],
            )
        return ""
    value = profile[key]
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ParseError(
            f"The Thentia register's answer had an unexpected {key!r} value; its format "
            "may have changed.",
            evidence=json.dumps(profile, default=str)[:1000],
        )
    return " ".join(str(value).split())


def _refuse_page(content: bytes) -> None:
    """Raise for an HTML answer: the WAF's bot check, or any other page."""
    head = content[:20000].decode("utf-8", "replace").lower()
    if any(marker in head for marker in _WAF_MARKERS):
        raise BotCheckPage(
            "The Thentia register answered with a 'Human Verification' check instead of "
            "data; it cannot be read automatically right now. Try later, or check by hand.",
            evidence=head[:300],
        )
    raise ParseError(
        "The Thentia register answered with a web page instead of data (it may be down "
        "for maintenance); try again later.",
        evidence=head[:300],
    )


def parse_search(content: bytes, fields: ThentiaFields) -> tuple[tuple[ThentiaProfile, ...], int]:
    """The profiles of one search answer, and the register's count of matches.

    Raises `BotCheckPage` for the WAF page and `ParseError` for anything that is not
    the flat-list envelope with the tenant's keys.
    """
    if looks_like_html(content) or b"<html" in content[:2000].lower():
        _refuse_page(content)
    answer = json_answer(content, "The Thentia register", evidence_chars=300)
    if not isinstance(answer, dict) or "result" not in answer:
        raise ParseError(
            "The Thentia register's answer had no result list; its format may have changed.",
            evidence=json.dumps(answer, default=str)[:500],
        )
    code = answer.get("errorCode", "0")
    if code is not None and str(code) not in ("0", ""):
        raise RegistryRefusedQuery(
            f"The Thentia register answered with error {str(code)[:20]!r}: "
            f"{str(answer.get('errorMessage') or 'no message')[:120]}",
            evidence=json.dumps(answer, default=str)[:500],
        )
    rows = answer["result"]
    if isinstance(rows, dict):
        raise ParseError(
            "The Thentia register answered with a column-layout table, which this "
            "board's configuration does not read; the verifier needs updating.",
            evidence=json.dumps(answer, default=str)[:500],
        )
    if rows is None:
        rows = []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ParseError(
            "The Thentia register's result was not a list of profiles; its format may "
            "have changed.",
            evidence=json.dumps(answer, default=str)[:500],
        )
    count = answer.get("resultCount", len(rows))
    if isinstance(count, str) and count.isdigit():
        count = int(count)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ParseError(
            "The Thentia register's resultCount was not a count; its format may have changed.",
            evidence=json.dumps(answer, default=str)[:500],
        )
    profiles = tuple(
        ThentiaProfile(
            id=_field(row, fields.id, required=True),
            first_name=_field(row, fields.first_name, required=True),
            middle_name=_field(row, fields.middle_name, required=False),
            last_name=_field(row, fields.last_name, required=True),
            number=_field(row, fields.number, required=True),
            category=_field(row, fields.category, required=True),
            status=_field(row, fields.status, required=True),
            raw=row,
        )
        for row in rows
    )
    return profiles, max(count, len(profiles))


def read_statuses(option: Mapping[str, str]) -> dict[str, tuple[Status, frozenset[Flag]]]:
    """A status vocabulary from configuration: status text -> "verified", "inactive"
    or "sanctioned". Anything else is refused, so a typo cannot verify a licence."""
    if not isinstance(option, Mapping):
        raise TypeError("statuses must map a register status to verified/inactive/sanctioned")
    vocabulary: dict[str, tuple[Status, frozenset[Flag]]] = {}
    for text, meaning in option.items():
        status = _STATUS_WORDS.get(str(meaning).strip().lower())
        if status is None or not str(text).strip():
            raise TypeError(
                f"statuses: {text!r} -> {meaning!r}: the meaning must be one of "
                f"{', '.join(_STATUS_WORDS)}"
            )
        vocabulary[str(text).strip().casefold()] = (status, frozenset())
    return vocabulary


def _same_number(claimed: str, held: str) -> bool:
    """Whether the register's number is the claimed one: "LPC04898", "4898" and
    "lpc-4898" are one number; a claimed letter prefix must be the register's."""
    if held.upper() in _NO_NUMBER or not held:
        return False
    a, b = licence_number_key(claimed).lstrip("0"), licence_number_key(held).lstrip("0")
    if not a or a != b:
        return False
    prefix_claimed = re.match(r"^[A-Z]+", re.sub(r"[^A-Z0-9]", "", claimed.upper()))
    prefix_held = re.match(r"^[A-Z]+", re.sub(r"[^A-Z0-9]", "", held.upper()))
    return not prefix_claimed or not prefix_held or prefix_claimed[0] == prefix_held[0]


class ThentiaVerifier(RegistryVerifier):
    """Checks licences on one board's Thentia Cloud register (set `tenant`)."""

    kind = Kind.LICENCE
    # Answers in the tests follow field names a public client recorded, with invented
    # people: no whole recorded answer of a behavioural-health register exists.
    answers_recorded = False
    tenant: ClassVar[ThentiaTenant]
    default_requests_per_second = 1.0

    def __init__(
        self,
        base_url: str | None = None,
        session=None,
        *,
        statuses: Mapping[str, str] | None = None,
        requests_per_second: float | None = None,
        contact_email: str | None = None,
    ) -> None:
        super().__init__(
            base_url,
            session,
            requests_per_second=requests_per_second,
            contact_email=contact_email,
        )
        vocabulary = dict(self.tenant.statuses)
        if statuses is not None:
            vocabulary.update(read_statuses(statuses))
        self.statuses = vocabulary

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type this board does not issue goes to a person: another board
        of the state may issue it. A claim without a number cannot be searched."""
        if not self.tenant.categories_for(query.licence_type):
            issued = ", ".join(sorted({t for ts, _ in self.tenant.categories.values() for t in ts
                                       if len(t) <= 12}))  # fmt: skip
            return self.result(
                Status.ERROR,
                f"The {self.tenant.board} does not issue {query.licence_type!r} licences "
                f"(it issues {issued}); a person checks it with the board that does.",
                registry_url=self._register_url(),
                registry_details={"manual_check": True, "licence_type": query.licence_type},
            )
        if not licence_number_key(query.number):
            return self.result(
                Status.MISMATCH,
                f"{query.number!r} is not a licence number; the register was not asked.",
            )
        return None

    def fetch(self, query: LicenceQuery) -> tuple[RegistryResponse, RegistryResponse]:
        """Search the register for the number, then for it among disciplined profiles."""
        headers = {"Accept": "application/json", "Referer": self._register_url()}
        found = self.client.get("", params=self._params(query), headers=headers)
        disciplined = self.client.get(
            "", params={**self._params(query), "disciplined": "true"}, headers=headers
        )
        return found, disciplined

    def parse(self, payload: Any) -> ThentiaAnswer:
        """The profiles found, and which of them the register lists as disciplined.

        Takes the two answers of `fetch`, or one answer alone (then discipline is
        unknown). Pure: the tenant's keys come from its configuration."""
        if isinstance(payload, tuple):
            found, disciplined = payload
        else:
            found, disciplined = payload, None
        profiles, count = parse_search(found.content, self.tenant.fields)
        ids = None
        if disciplined is not None:
            listed, _ = parse_search(disciplined.content, self.tenant.fields)
            ids = frozenset(p.id for p in listed)
        return ThentiaAnswer(profiles, count, ids, found.text[:4000])

    def decide(self, query: LicenceQuery, records: ThentiaAnswer) -> VerificationResult:
        """Judge the claim by the profile the register holds under its number."""
        asked = self.address("", self._params(query))
        wanted = self.tenant.categories_for(query.licence_type)
        if not wanted:
            return self.screen(query)  # type: ignore[return-value]
        holders = [p for p in records.profiles if _same_number(query.number, p.number)]
        if not holders:
            if records.result_count > len(records.profiles):
                return self.error(
                    f"The {self.tenant.board} register matched {records.result_count} "
                    f"profiles for {query.number!r}, more than it listed; a person checks it.",
                    registry_url=asked,
                    evidence=records.text,
                )
            return self.result(
                Status.NOT_FOUND,
                f"The {self.tenant.board} register has no licence {query.number}.",
                registry_url=asked,
                evidence=records.text,
            )
        same_category = [p for p in holders if p.category in wanted]
        profile = (same_category or holders)[0]
        level = self.tenant.categories.get(profile.category, (None, None))[1]
        details = {
            "profile_id": profile.id,
            "registration_number": profile.number,
            "registration_category": profile.category,
            "registration_status": profile.status,
            "listed_as_disciplined": (
                None if records.disciplined_ids is None else profile.id in records.disciplined_ids
            ),
        }
        status, summary, flags = self._judge(query, profile, level, same_category, records)
        if status is Status.ERROR:
            details.update(manual_check=True, where=self._register_url())
        return self.result(
            status,
            summary,
            registry_url=asked,
            registry_name=profile.name,
            registry_details=details,
            evidence=json.dumps(dict(profile.raw), default=str)[:4000],
            level=level,
            flags=flags,
        )

    def _judge(
        self,
        query: LicenceQuery,
        profile: ThentiaProfile,
        level: Level | None,
        same_category: list[ThentiaProfile],
        records: ThentiaAnswer,
    ) -> tuple[Status, str, frozenset[Flag]]:
        none: frozenset[Flag] = frozenset()
        number = profile.number
        if level is None:
            return (
                Status.ERROR,
                f"The register lists {number} under {profile.category!r}, a category this "
                "verifier does not know; a person reads it on the register.",
                none,
            )
        if not same_category:
            return (
                Status.MISMATCH,
                f"Licence {number} is a {profile.category} licence, not {query.licence_type}.",
                none,
            )
        claimed = self.tenant.claimed_level(query.licence_type)
        if claimed is not None and claimed.rank > level.rank:
            return (
                Status.MISMATCH,
                f"{query.licence_type} claims {claimed.value} practice, but the register "
                f"records {number} as {profile.category} ({level.value}).",
                none,
            )
        given = f"{profile.first_name} {profile.middle_name}"
        if not names_match(query.first_name, query.last_name, given, profile.last_name):
            return Status.MISMATCH, f"Licence {number} belongs to {profile.name}.", none
        known = self.statuses.get(profile.status.casefold())
        if known is None:
            return (
                Status.ERROR,
                f"The register shows licence {number} with the status {profile.status!r}, "
                "which this verifier has not been told the meaning of; a person reads it.",
                none,
            )
        status, flags = known
        if status is Status.SANCTIONED:
            return status, f"Licence {number} is restricted: {profile.status}.", flags
        if status is Status.INACTIVE:
            return status, f"Licence {number} is not in force ({profile.status}).", flags
        if records.disciplined_ids is None:
            return (
                Status.ERROR,
                f"Licence {number} is {profile.status}, but whether the register lists a "
                "disciplinary record was not asked; a person reads it.",
                none,
            )
        if profile.id in records.disciplined_ids:
            flags = flags | {Flag.DISCIPLINARY_RECORD}
            return (
                status,
                f"Licence {number} ({profile.category}) is {profile.status} for "
                f"{profile.name}, with a disciplinary record on the register.",
                flags,
            )
        return (
            status,
            f"Licence {number} ({profile.category}) is {profile.status} for {profile.name}.",
            flags,
        )

    def _params(self, query: LicenceQuery) -> dict[str, str]:
        return {"keyword": query.number, "skip": "0", "take": str(_TAKE), "lang": "en-US"}

    def _register_url(self) -> str:
        return self.client.url(self.tenant.register_page)


class ThentiaOkObbhlVerifier(ThentiaVerifier):
    """Oklahoma LPC, LPC Candidate, LMFT, LBP and LADC licences (OBBHL's register)."""

    name = "thentia-ok-obbhl"
    tenant = OBBHL
    jurisdictions = (OBBHL.jurisdiction,)
    registry_name = "Oklahoma State Board of Behavioral Health Licensure register (Thentia)"
    default_base_url = OBBHL.host + "rest/public/profile/search/"
