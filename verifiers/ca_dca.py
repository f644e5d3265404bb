"""California DCA Search API: BBS and Board of Psychology licences (licence kind, US-CA).

Registry: the Department of Consumer Affairs' iServices "DCA Search API",
``https://iservices.dca.ca.gov/api/search/v1``; this verifier asks
``GET licenseSearchService/getLicenseNumberSearch?licType=<client code>&licNumber=<number>``
with the headers ``APP_ID`` and ``APP_KEY`` that DCA issues after approving an
application. Off until an operator configures them: the options ``app_id`` and
``app_key`` (VERIFIER_OPTIONS), or the environment variables ``SOLACE_CA_DCA_APP_ID``
and ``SOLACE_CA_DCA_APP_KEY``; without them the verifier reports itself unconfigured
and every result is ERROR. DCA's web search (search.dca.ca.gov) is gated by a
Turnstile challenge and its detail pages are disallowed to robots: it is never asked.
Format last checked: 2026-12-01 ("checked: 2026-12-01"), against what several public
clients read; no recorded answer was found, so the fixtures are written to those keys.

The answer read: ``{"licenseDetails": [{"getFullLicenseDetail": [{"getLicenseDetails":
[{"licNumber", "primaryStatusCode", "issueDate", "expDate"}], "getNameDetails":
[{"individualNameDetails": [{"firstName", "middleName", "lastName"}]}]}]}]}``, plus
``getPublicRecordActions`` (reported, shape unknown beyond being a list). Licence types
are BreEZe client codes (`CLIENT_CODES`), from one third-party verifier. Sources:
tests/fixtures/README.md.

Statuses: the two public sources on ``primaryStatusCode`` contradict each other (a
numeric table, 20 "active" and 30 "expired"..., against a client that reads it as text
containing "CURRENT"), so no status is known by default and a licence found in the name
claimed is an ERROR a person reads, with its code and dates. An operator who has read
DCA's own table (``statusListService/getLicenseStatuses``, with the key) configures it:
``statuses={"20": "verified", "30": "inactive", "60": "sanctioned"}``. A VERIFIED also
needs ``getPublicRecordActions`` in the answer, so a public record is never hidden: a
non-empty list is ``Flag.DISCIPLINARY_RECORD``; without the key, a person reads it.
Associate registrations (AMFT, ASW, APCC) have no sourced client code: a person checks them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from verifiers.core import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
)
from verifiers.errors import ParseError, RegistryRefusedQuery
from verifiers.http import RegistryResponse, RegistrySession, json_answer
from verifiers.matching import licence_number_key, names_match, same_licence_number
from verifiers.thentia import read_statuses

__all__ = [
    "APP_ID_ENV",
    "APP_KEY_ENV",
    "CLIENT_CODES",
    "CaDcaVerifier",
    "DcaLicence",
    "parse_licence_search",
]

APP_ID_ENV = "SOLACE_CA_DCA_APP_ID"
APP_KEY_ENV = "SOLACE_CA_DCA_APP_KEY"
LICENCE_SEARCH = "https://search.dca.ca.gov/"

# Claimed licence type -> (BreEZe client code, the level the licence allows). An
# educational psychologist (LEP) works in schools, not general psychotherapy.
CLIENT_CODES: dict[str, tuple[str, Level]] = {
    "LMFT": ("2001", Level.INDEPENDENT),
    "LICENSED MARRIAGE AND FAMILY THERAPIST": ("2001", Level.INDEPENDENT),
    "LCSW": ("2002", Level.INDEPENDENT),
    "LICENSED CLINICAL SOCIAL WORKER": ("2002", Level.INDEPENDENT),
    "LEP": ("2003", Level.LIMITED_SCOPE),
    "LICENSED EDUCATIONAL PSYCHOLOGIST": ("2003", Level.LIMITED_SCOPE),
    "LPCC": ("2005", Level.INDEPENDENT),
    "LICENSED PROFESSIONAL CLINICAL COUNSELOR": ("2005", Level.INDEPENDENT),
    "PSYCHOLOGIST": ("5002", Level.INDEPENDENT),
    "LICENSED PSYCHOLOGIST": ("5002", Level.INDEPENDENT),
    "PSY": ("5002", Level.INDEPENDENT),
}


@dataclass(frozen=True)
class DcaLicence:
    """One licence in DCA's answer."""

    number: str
    status_code: str
    issued: str
    expires: str
    first_name: str
    middle_name: str
    last_name: str
    public_record_actions: tuple[Any, ...] | None  # None: the answer did not say
    raw: Mapping[str, Any]

    @property
    def name(self) -> str:
        """The licensee's name as DCA writes it, first name first."""
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


def _fail(what: str, evidence: Any) -> ParseError:
    return ParseError(
        f"DCA's answer {what}; its format may have changed and the verifier needs updating.",
        evidence=json.dumps(evidence, default=str)[:1000],
    )


def _list(container: Mapping[str, Any], key: str, evidence: Any) -> list[Any]:
    value = container.get(key) if isinstance(container, Mapping) else None
    if not isinstance(value, list):
        raise _fail(f"had no {key!r} list", evidence)
    return value


def _text(container: Mapping[str, Any], key: str, evidence: Any, *, required: bool) -> str:
    value = container.get(key)
    if value is None:
        if required:
            raise _fail(f"had no {key!r}", evidence)
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail(f"had an unexpected {key!r} value", evidence)
    return " ".join(str(value).split())


def parse_licence_search(content: bytes) -> tuple[DcaLicence, ...]:
    """The licences in a getLicenseNumberSearch answer (none: an empty list).

    Raises `ParseError` for anything but the documented nesting."""
    answer = json_answer(content, "DCA", evidence_chars=300)
    if not isinstance(answer, dict):
        raise _fail("was not an object", answer)
    found: list[DcaLicence] = []
    for detail in _list(answer, "licenseDetails", answer):
        for full in _list(detail, "getFullLicenseDetail", detail):
            licences = _list(full, "getLicenseDetails", full)
            names = _list(full, "getNameDetails", full)
            people = [p for n in names for p in _list(n, "individualNameDetails", n)]
            if not licences or not people or not all(isinstance(p, dict) for p in people):
                raise _fail("had a licence without its licence or name details", full)
            actions = full.get("getPublicRecordActions")
            if actions is not None and not isinstance(actions, list):
                raise _fail("had an unexpected 'getPublicRecordActions' value", full)
            person = people[0]
            for licence in licences:
                if not isinstance(licence, dict):
                    raise _fail("had a licence that is not an object", full)
                found.append(
                    DcaLicence(
                        number=_text(licence, "licNumber", full, required=True),
                        status_code=_text(licence, "primaryStatusCode", full, required=True),
                        issued=_text(licence, "issueDate", full, required=False),
                        expires=_text(licence, "expDate", full, required=False),
                        first_name=_text(person, "firstName", full, required=True),
                        middle_name=_text(person, "middleName", full, required=False),
                        last_name=_text(person, "lastName", full, required=True),
                        public_record_actions=None if actions is None else tuple(actions),
                        raw=full,
                    )
                )
    return tuple(found)


@dataclass(frozen=True)
class DcaAnswer:
    """The licences DCA returned, and the answer's text for the evidence."""

    licences: tuple[DcaLicence, ...]
    text: str


class CaDcaVerifier(RegistryVerifier):
    """Checks California BBS and psychology licences through DCA's Search API."""

    name = "ca-dca"
    kind = Kind.LICENCE
    needs_key = True
    # Its tests replay answers written from DCA's published API description: no recorded
    # answer of the API could be found, so it does not count as checked by a program yet.
    answers_recorded = False
    jurisdictions = ("US-CA",)
    registry_name = "California DCA Search API (Department of Consumer Affairs)"
    default_base_url = "https://iservices.dca.ca.gov/api/search/v1/licenseSearchService/"
    default_requests_per_second = 1.0

    def __init__(
        self,
        base_url: str | None = None,
        session: RegistrySession | None = None,
        *,
        app_id: str | None = None,
        app_key: str | None = None,
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
        self.app_id = (app_id or os.environ.get(APP_ID_ENV) or "").strip() or None
        self.app_key = (app_key or os.environ.get(APP_KEY_ENV) or "").strip() or None
        self.statuses = {
            text: status for text, (status, _) in read_statuses(statuses or {}).items()
        }

    @property
    def not_configured_reason(self) -> str | None:
        """Both DCA credentials are needed; say which are missing."""
        missing = [
            env
            for env, value in ((APP_ID_ENV, self.app_id), (APP_KEY_ENV, self.app_key))
            if not value
        ]
        if not missing:
            return None
        return (
            f"DCA's Search API needs an APP_ID and APP_KEY issued by DCA: set "
            f"{' and '.join(missing)} (or the ca-dca options app_id and app_key)."
        )

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type without a known client code goes to a person."""
        if _key(query.licence_type) not in CLIENT_CODES:
            return self.result(
                Status.ERROR,
                f"California {query.licence_type!r} licences cannot be checked through "
                f"DCA's API yet: a person checks it at {LICENCE_SEARCH}",
                registry_url=LICENCE_SEARCH,
                registry_details={
                    "manual_check": True,
                    "where": LICENCE_SEARCH,
                    "licence_type": query.licence_type,
                },
            )
        if not licence_number_key(query.number):
            return self.result(
                Status.MISMATCH, f"{query.number!r} is not a licence number; DCA was not asked."
            )
        return None

    def fetch(self, query: LicenceQuery) -> RegistryResponse:
        """Ask DCA for the licence by client code and number."""
        response = self.client.get(
            "getLicenseNumberSearch",
            params=self._params(query),
            headers={
                "APP_ID": self.app_id or "",
                "APP_KEY": self.app_key or "",
                "Accept": "application/json",
            },
            ok=(200, 401, 403),
        )
        if response.status_code in (401, 403):
            raise RegistryRefusedQuery(
                f"DCA refused the configured APP_ID/APP_KEY (HTTP {response.status_code}); "
                "an operator must check the credentials DCA issued.",
                evidence=response.text[:300],
            )
        return response

    @staticmethod
    def parse(payload: RegistryResponse) -> DcaAnswer:
        """The licences in DCA's answer (see `parse_licence_search`)."""
        return DcaAnswer(parse_licence_search(payload.content), payload.text[:4000])

    def decide(self, query: LicenceQuery, records: DcaAnswer) -> VerificationResult:
        """Judge the claim by the licence DCA holds under its type and number."""
        params = self._params(query)
        asked = self.address("getLicenseNumberSearch", params)
        code, level = CLIENT_CODES[_key(query.licence_type)]
        same = [lic for lic in records.licences if same_licence_number(lic.number, query.number)]
        if not same:
            if records.licences:
                numbers = ", ".join(lic.number for lic in records.licences)[:100]
                return self.result(
                    Status.MISMATCH,
                    f"DCA answered with licence {numbers}, not {query.number}.",
                    registry_url=asked,
                    evidence=records.text,
                )
            return self.result(
                Status.NOT_FOUND,
                f"DCA holds no {query.licence_type} licence {query.number} (client code {code}).",
                registry_url=asked,
                registry_details={"client_code": code},
                evidence=records.text,
            )
        licence = same[0]
        details = {
            "client_code": code,
            "licence_number": licence.number,
            "primary_status_code": licence.status_code,
            "issue_date": licence.issued,
            "expiry_date": licence.expires,
            "public_record_actions": (
                None
                if licence.public_record_actions is None
                else len(licence.public_record_actions)
            ),
        }
        status, summary, flags = self._judge(query, licence)
        if status is Status.ERROR:
            details.update(manual_check=True, where=LICENCE_SEARCH)
        return self.result(
            status,
            summary,
            registry_url=asked,
            registry_name=licence.name,
            registry_details=details,
            evidence=json.dumps(dict(licence.raw), default=str)[:4000],
            level=level,
            flags=flags,
        )

    def _judge(
        self, query: LicenceQuery, licence: DcaLicence
    ) -> tuple[Status, str, frozenset[Flag]]:
        none: frozenset[Flag] = frozenset()
        given = f"{licence.first_name} {licence.middle_name}"
        if not names_match(query.first_name, query.last_name, given, licence.last_name):
            return Status.MISMATCH, f"Licence {licence.number} belongs to {licence.name}.", none
        status = self.statuses.get(licence.status_code.casefold())
        if status is None:
            return (
                Status.ERROR,
                f"DCA holds licence {licence.number} for {licence.name} with status code "
                f"{licence.status_code!r}, whose meaning the public sources disagree on; "
                "a person reads it on DCA's search.",
                none,
            )
        shown = f"(DCA status {licence.status_code})"
        if status is Status.SANCTIONED:
            return status, f"Licence {licence.number} is restricted {shown}.", none
        if status is Status.INACTIVE:
            return status, f"Licence {licence.number} is not in force {shown}.", none
        if licence.public_record_actions is None:
            return (
                Status.ERROR,
                f"Licence {licence.number} is in force, but DCA's answer did not say "
                "whether it has public record actions; a person reads it.",
                none,
            )
        if licence.public_record_actions:
            return (
                Status.VERIFIED,
                f"Licence {licence.number} is in force for {licence.name}, with a public "
                "record action on file.",
                frozenset({Flag.DISCIPLINARY_RECORD}),
            )
        return Status.VERIFIED, f"Licence {licence.number} is in force for {licence.name}.", none

    def _params(self, query: LicenceQuery) -> dict[str, str]:
        code = CLIENT_CODES.get(_key(query.licence_type), ("", None))[0]
        digits = "".join(ch for ch in query.number if ch.isdigit())
        return {"licType": code, "licNumber": digits}


def _key(licence_type: str) -> str:
    return " ".join((licence_type or "").upper().split())
