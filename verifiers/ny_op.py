"""New York State Education Department, Office of the Professions (licence kind, US-NY).

Registry: NYSED's licence verification API (ROSA),
``GET https://api.nysed.gov/rosa/V2/byProfessionAndLicenseNumber
?professionCode=068&licenseNumber=012345`` with the header ``x-oapi-key`` (option
``api_key`` or environment variable ``SOLACE_NY_OP_API_KEY``). Without a key the
verifier reports itself unconfigured and every result is ERROR, never NOT_FOUND.
People check the same records at https://eservices.nysed.gov/professions/verification-search.

Response format last checked: 2026-12-01. NYSED publishes no layout document; the
layout read here is the one the public client https://github.com/EndurantDevs/healthcare-mrf-api
(``process/new_york_nysed_profile.py``, commit 0687821f0f7b14d0edfe2e836c8c2a017b272124)
validates against live answers, and a physician's record quoted from the
verification page on 2026-03-16:

- HTTP 200: one JSON object. Text fields are ``{"label": ..., "value": ...}`` pairs
  under the keys ``name``, ``status``, ``profession`` ("Psychology (068)"),
  ``licenseNumber``, ``registeredThroughDate`` and ``dateOfLicensure`` (dates written
  "January 31, 2027"); ``professionCode`` is a bare string; ``enforcementActions`` a
  list; ``noEnforcementActionsFoundMessage`` a text. Fields are read by key only.
- HTTP 204 with an empty body: no licence under that number for that profession.
  A wrong profession code answers the same, so the result says which code was asked.
- HTTP 404: reported by another client for the same case (low confidence).
- HTTP 408: "must choose a specific profession" for an ALL-like code (a configuration
  fault, reported by another public client), otherwise a timeout that the client above
  retries with success.

Only the status "Registered" has been seen in a real answer. The structure of an
``enforcementActions`` item has not, and ROSA does not say whether an action is still
in force, so any listed action goes to a person.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from verifiers.core import (
    Kind,
    Level,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
)
from verifiers.errors import ParseError, RegistryRefusedQuery, RegistryTimeout
from verifiers.http import RegistryResponse, RegistrySession
from verifiers.matching import full_name_matches

__all__ = [
    "PROFESSION_CODES",
    "UNSUPPORTED_TYPES",
    "VERIFICATION_SEARCH",
    "NyAnswer",
    "NyLicence",
    "NyOpVerifier",
    "parse_licence",
    "status_for",
]

API_KEY_ENV = "SOLACE_NY_OP_API_KEY"
VERIFICATION_SEARCH = "https://eservices.nysed.gov/professions/verification-search"

# Claimed licence type -> (NYSED profession code, the level the claim asserts). Only
# codes seen in ROSA answers are here: a wrong code answers 204 like an unknown
# number, so a guessed code would turn real licences into NOT_FOUND.
PROFESSION_CODES: dict[str, tuple[str, Level]] = {
    # "Medicine (060)": the profession string of live answers (EndurantDevs client
    # above; the 2026-03-16 physician record).
    "PSYCHIATRIST": ("060", Level.INDEPENDENT),
    "PHYSICIAN": ("060", Level.INDEPENDENT),
    "MD": ("060", Level.INDEPENDENT),
    "DO": ("060", Level.INDEPENDENT),
    # "Psychology (068)": the profession string a public NY licence watcher reads
    # from ROSA (third party; matches NYSED's numbering).
    "PSYCHOLOGIST": ("068", Level.INDEPENDENT),
    "LICENSED PSYCHOLOGIST": ("068", Level.INDEPENDENT),
    "PSY": ("068", Level.INDEPENDENT),
}

# The level a licence of a NYSED profession allows: both professions above license
# independent practice, and NYSED files no supervised tier under either code.
LEVEL_BY_CODE: dict[str, Level] = {"060": Level.INDEPENDENT, "068": Level.INDEPENDENT}

_NO_CODE = (
    "no ROSA answer or NYSED profession list seen gives its profession code; "
    "a guessed code would make a real licence look not found"
)
# New York mental-health licences a therapist can claim whose profession code no
# public source gives: a person checks them at NYSED until an operator reads the code
# from ROSA's GET /professions and sets it with the ``profession_codes`` option.
UNSUPPORTED_TYPES: dict[str, str] = {
    name: _NO_CODE
    for name in (
        "LMHC",
        "LICENSED MENTAL HEALTH COUNSELOR",
        "LMFT",
        "MFT",
        "LICENSED MARRIAGE AND FAMILY THERAPIST",
        "LCAT",
        "LICENSED CREATIVE ARTS THERAPIST",
        "CREATIVE ARTS THERAPIST",
        "LP",
        "PSYCHOANALYST",
        "LICENSED PSYCHOANALYST",
        "LMSW",
        "LICENSED MASTER SOCIAL WORKER",
        "LCSW",
        "LCSW-R",
        "LICENSED CLINICAL SOCIAL WORKER",
    )
}

# Whole status values, compared case-insensitively. Only "Registered" is sourced; the
# others are kept from the verifier's earlier word lists because their meaning is
# plain, though NYSED's exact wording of them has not been seen. Anything else: ERROR.
_REGISTERED = "REGISTERED"
_SANCTIONED_STATUSES = frozenset(
    {"REVOKED", "SUSPENDED", "SURRENDERED", "ANNULLED", "ON PROBATION", "PROBATION"}
)
_INACTIVE_STATUSES = frozenset(
    {"NOT REGISTERED", "UNREGISTERED", "INACTIVE", "DECEASED", "RETIRED", "LAPSED"}
)
_DATE_FORMAT = "%B %d, %Y"  # "January 31, 2027", as in the answers above


@dataclass(frozen=True)
class NyLicence:
    """The fields of a ROSA licence answer that decisions and admins need."""

    name: str
    status: str
    licence_number: str
    profession: str
    profession_code: str
    registered_through: date | None
    licensed_on: date | None
    enforcement_actions: tuple[Any, ...]
    no_actions_message: str = ""


@dataclass(frozen=True)
class NyAnswer:
    """ROSA's answer: the licence, or None when it holds none under the number asked,
    and the answer's text (a result's evidence)."""

    licence: NyLicence | None
    text: str


def _text(payload: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    """The value of a ``{label, value}`` field (or of a bare string field)."""
    item = payload.get(key)
    value = item.get("value") if isinstance(item, Mapping) else item
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if value is not None and not isinstance(value, str):
        raise ParseError(
            f"ROSA's answer had an unexpected {key!r} field; its format may have changed.",
            evidence=json.dumps(payload, default=str)[:1000],
        )
    value = " ".join((value or "").split())
    if required and not value:
        raise ParseError(
            f"ROSA's answer had no {key!r}; its format may have changed.",
            evidence=json.dumps(payload, default=str)[:1000],
        )
    return value


def _date(payload: Mapping[str, Any], key: str) -> date | None:
    value = _text(payload, key)
    if not value:
        return None
    try:
        return datetime.strptime(value, _DATE_FORMAT).date()
    except ValueError:
        raise ParseError(
            f"ROSA wrote {key} as {value!r}, not a date like 'January 31, 2027'; "
            "its format may have changed."
        ) from None


def parse_licence(payload: bytes | str | Any) -> NyLicence:
    """Read one ROSA licence answer (HTTP 200).

    Raises `ParseError` when it is not JSON or not the documented object: no name,
    status or profession code, no ``enforcementActions`` list, or an unknown date form.
    """
    if isinstance(payload, (bytes, str)):
        try:
            payload = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            raise ParseError(
                "ROSA's answer was not valid JSON (cut off, a web page, or its format "
                "changed); try again later."
            ) from None
    if not isinstance(payload, Mapping):
        raise ParseError(
            "ROSA's answer was not the licence object expected; its format may have changed."
        )
    actions = payload.get("enforcementActions")
    if not isinstance(actions, list):
        raise ParseError(
            "ROSA's answer had no enforcementActions list; its format may have changed.",
            evidence=json.dumps(payload, default=str)[:1000],
        )
    return NyLicence(
        name=_text(payload, "name", required=True),
        status=_text(payload, "status", required=True),
        licence_number=_text(payload, "licenseNumber"),
        profession=_text(payload, "profession"),
        profession_code=_text(payload, "professionCode", required=True),
        registered_through=_date(payload, "registeredThroughDate"),
        licensed_on=_date(payload, "dateOfLicensure"),
        enforcement_actions=tuple(actions),
        no_actions_message=_text(payload, "noEnforcementActionsFoundMessage"),
    )


def status_for(licence: NyLicence, query: LicenceQuery, today: date) -> tuple[Status, str]:
    """The status of `query` given ROSA's licence, and why. An enforcement action
    and an unknown status are ERROR: a person reads them at NYSED."""
    profession = licence.profession or licence.profession_code
    number = f"NY {profession} licence {licence.licence_number or query.number}"
    if not full_name_matches(query.first_name, query.last_name, licence.name):
        return Status.MISMATCH, f"{number} belongs to {licence.name}, not this name."
    status = licence.status.upper()
    if status in _SANCTIONED_STATUSES:
        return Status.SANCTIONED, f"NYSED lists {number} as {licence.status}."
    if status in _INACTIVE_STATUSES:
        return Status.INACTIVE, f"{number} is not in force: NYSED lists it as {licence.status}."
    if status != _REGISTERED:
        return Status.ERROR, (
            f"NYSED lists {number} with a status the verifier does not know "
            f"({licence.status!r}); a person must read it at {VERIFICATION_SEARCH}"
        )
    if licence.enforcement_actions:
        return Status.ERROR, (
            f"NYSED lists an enforcement action on {number}; whether it still restricts "
            f"the licence is not in the answer: a person reads it at {VERIFICATION_SEARCH}"
        )
    through = licence.registered_through
    if through is None:
        return Status.ERROR, (
            f"NYSED lists {number} as Registered without a registration end date; "
            f"a person must read it at {VERIFICATION_SEARCH}"
        )
    if through < today:
        return Status.INACTIVE, f"{number}'s registration ran until {through}, which has passed."
    return Status.VERIFIED, f"{number} is registered to {licence.name} through {through}."


class NyOpVerifier(RegistryVerifier):
    """Checks New York licences through NYSED's licence verification API."""

    name = "ny-op"
    kind = Kind.LICENCE
    needs_key = True
    jurisdictions = ("US-NY",)
    registry_name = "NYSED Office of the Professions"
    default_base_url = "https://api.nysed.gov/rosa/V2/"
    default_requests_per_second = 2.0

    def __init__(
        self,
        base_url: str | None = None,
        session: RegistrySession | None = None,
        *,
        api_key: str | None = None,
        profession_codes: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        super().__init__(base_url, session, **options)
        self.api_key = api_key or os.environ.get(API_KEY_ENV) or None
        self.profession_codes: dict[str, tuple[str, Level | None]] = dict(PROFESSION_CODES)
        # An operator's codes, read from ROSA's own profession list: the claim's level
        # is not known for them, so none is compared.
        for claimed, code in (profession_codes or {}).items():
            self.profession_codes[_key(claimed)] = (str(code), None)

    @property
    def not_configured_reason(self) -> str | None:
        """Missing API key, in words an operator can act on."""
        if self.api_key:
            return None
        return (
            f"it needs a NYSED API key; set {API_KEY_ENV} or pass api_key "
            "(the key NYSED's verification search site uses)."
        )

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type without a sourced profession code goes to a person (ERROR
        with ``manual_check``), and a number without digits is a MISMATCH; ROSA is
        not asked."""
        claimed = _key(query.licence_type)
        if claimed not in self.profession_codes:
            reason = UNSUPPORTED_TYPES.get(
                claimed, "it is not a New York licence type this verifier knows"
            )
            return self.result(
                Status.ERROR,
                "New York licences of this type cannot be checked automatically yet: "
                f"a person checks it at NYSED's verification search, {VERIFICATION_SEARCH}",
                registry_url=VERIFICATION_SEARCH,
                registry_details={
                    "manual_check": True,
                    "where": VERIFICATION_SEARCH,
                    "licence_type": query.licence_type,
                    "reason": reason,
                },
            )
        if not any(ch.isdigit() for ch in query.number):
            return self.result(
                Status.MISMATCH,
                f"{query.number!r} is not a New York licence number (they are digits).",
            )
        return None

    def fetch(self, query: LicenceQuery) -> RegistryResponse:
        """Ask ROSA for the licence by profession and number; a 408 timeout is asked
        again, a 408 about the profession code is a configuration fault."""
        for attempt in range(self.session.retries + 1):
            response = self.client.get(
                "byProfessionAndLicenseNumber",
                params=self._params(query),
                headers={"x-oapi-key": self.api_key or "", "Accept": "application/json"},
                ok=(200, 204, 404, 408),
            )
            if response.status_code != 408:
                return response
            if "specific profession" in response.text.lower():
                raise RegistryRefusedQuery(
                    f"ROSA refused profession code {self._code(query)!r} for a licence "
                    "lookup; an operator must set a specific profession's code.",
                    evidence=response.text[:500],
                )
            if attempt < self.session.retries:
                time.sleep(self.session._backoff(attempt))
        raise RegistryTimeout(
            "ROSA kept answering HTTP 408 (request timeout); try again later.",
            evidence=response.text[:500],
        )

    @staticmethod
    def parse(payload: RegistryResponse) -> NyAnswer:
        """The licence in ROSA's answer (see `parse_licence`); none for 204 or 404."""
        if payload.status_code in (204, 404):
            return NyAnswer(None, payload.text)
        return NyAnswer(parse_licence(payload.content), payload.text)

    def decide(self, query: LicenceQuery, records: NyAnswer) -> VerificationResult:
        """Judge the claim by the licence ROSA holds under its profession and number."""
        params = self._params(query)
        code = params["professionCode"]
        asked = self.address("byProfessionAndLicenseNumber", params)
        licence = records.licence
        if licence is None:
            return self.result(
                Status.NOT_FOUND,
                f"NYSED has no licence {params['licenseNumber']} under profession {code} "
                f"(the code used for {query.licence_type}).",
                registry_url=asked,
                registry_details={"profession_code": code},
                evidence=records.text[:500],
            )
        level = LEVEL_BY_CODE.get(licence.profession_code)
        details = {
            "profession": licence.profession,
            "profession_code": licence.profession_code,
            "licence_number": licence.licence_number,
            "status": licence.status,
            "registered_through": licence.registered_through,
            "licensed_on": licence.licensed_on,
            "enforcement_actions": list(licence.enforcement_actions),
            "no_enforcement_actions_message": licence.no_actions_message,
        }
        claimed = self._claimed_level(query)
        if licence.profession_code != code:
            status = Status.MISMATCH
            summary = (
                f"NYSED answered with a {licence.profession or licence.profession_code} "
                f"licence, not profession {code} as asked."
            )
        elif level is not None and claimed is not None and claimed.rank > level.rank:
            status = Status.MISMATCH
            summary = (
                f"{query.licence_type} claims {claimed.value} practice, but NYSED records "
                f"licence {licence.licence_number or params['licenseNumber']} at the "
                f"{level.value} level."
            )
        else:
            status, summary = status_for(licence, query, datetime.now(UTC).date())
        if status is Status.ERROR:
            details.update(manual_check=True, where=VERIFICATION_SEARCH)
        return self.result(
            status,
            summary,
            registry_url=asked,
            registry_name=licence.name,
            registry_details=details,
            expires_on=licence.registered_through,
            evidence=records.text,
            level=level,
        )

    def _code(self, query: LicenceQuery) -> str | None:
        """NYSED's profession code for the claimed licence type, when known."""
        found = self.profession_codes.get(_key(query.licence_type))
        return found[0] if found else None

    def _claimed_level(self, query: LicenceQuery) -> Level | None:
        """The level the claimed licence type asserts, when this verifier knows it."""
        found = self.profession_codes.get(_key(query.licence_type))
        return found[1] if found else None

    def _params(self, query: LicenceQuery) -> dict[str, str]:
        """The API parameters: the profession code and the six-digit licence number."""
        digits = "".join(ch for ch in query.number if ch.isdigit())
        return {"professionCode": self._code(query) or "", "licenseNumber": digits.zfill(6)}


def _key(licence_type: str) -> str:
    return " ".join((licence_type or "").upper().split())
