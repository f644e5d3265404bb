"""New York State Education Department, Office of the Professions (licence kind, US-NY).

Registry: NYSED OP license verification API (ROSA),
``GET https://api.nysed.gov/rosa/V2/byProfessionAndLicenseNumber
?professionCode=068&licenseNumber=012345`` with the header ``x-oapi-key`` (a free
key from NYSED's API portal; option ``api_key`` or environment variable
``SOLACE_NY_OP_API_KEY``). Without a key the verifier reports itself unconfigured
and every result is ERROR "not configured", never NOT_FOUND.
The answer gives fields as ``{"label": ..., "value": ...}`` pairs (name, status,
registeredThroughDate, ...) plus ``enforcementActions``; 404 means no such licence.
Format last checked: 2026-11-26, against the documented shape above (no recorded
answer is kept; tests/fixtures/ny_op/ holds answers written to it). Fields are
found by key or by label text, so either arrangement parses.

Profession codes: NYSED numbers each profession. 060 (Medicine: psychiatrists) and
068 (Psychology) are confirmed by NYSED's public verification links; 071/072
(licensed master / clinical social work) are believed right but unconfirmed; the
mental health practitioner codes (LMHC, LMFT, creative arts therapist,
psychoanalyst) are not built in, because a wrong code would make a real licence
look NOT_FOUND. Configure them with the ``profession_codes`` option once read
from the API's profession list; until then those claims get an ERROR that says so.

Decisions: 404: NOT_FOUND; another name: MISMATCH; any enforcement action or a
revoked, suspended, surrendered or annulled licence: SANCTIONED; not registered,
inactive, registration period passed: INACTIVE; "Registered": VERIFIED; a status
never seen before: ERROR.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from verifiers.core import Kind, LicenceQuery, RegistryVerifier, Status, VerificationResult
from verifiers.errors import ParseError
from verifiers.http import RegistryResponse, RegistrySession
from verifiers.matching import full_name_matches

__all__ = [
    "PROFESSION_CODES",
    "NyAnswer",
    "NyLicence",
    "NyOpVerifier",
    "parse_licence",
    "status_for",
]

API_KEY_ENV = "SOLACE_NY_OP_API_KEY"
PROFESSION_CODES = {
    "PSYCHIATRIST": "060",
    "MD": "060",
    "DO": "060",
    "PHYSICIAN": "060",
    "PSYCHOLOGIST": "068",
    "LICENSED PSYCHOLOGIST": "068",
    "LMSW": "071",  # unconfirmed, see the module docstring
    "LICENSED MASTER SOCIAL WORKER": "071",
    "LCSW": "072",  # unconfirmed, see the module docstring
    "LICENSED CLINICAL SOCIAL WORKER": "072",
}
_SANCTION_WORDS = ("REVOK", "SUSPEND", "SURRENDER", "ANNUL", "PROBATION", "RESTRICT")
_INACTIVE_WORDS = ("NOT REGISTERED", "UNREGISTERED", "INACTIVE", "DECEASED", "RETIRED", "LAPSED")
_NONE_WORDS = {"", "NONE", "NO", "N/A", "NA", "NO ENFORCEMENT ACTIONS"}


@dataclass(frozen=True)
class NyLicence:
    """The fields of a NYSED licence answer that decisions and admins need."""

    name: str
    status: str
    licence_number: str
    profession: str
    registered_through: date | None
    licensed_on: date | None
    enforcement_actions: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NyAnswer:
    """NYSED's answer: the licence, or None when there is no such licence, and the
    answer's text (a result's evidence)."""

    licence: NyLicence | None
    text: str


def _date(value: str) -> date | None:
    value = (value or "").strip()
    for pattern in ("%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%B %d, %Y", "%m/%d/%y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    match = re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", value)
    return _date(match.group(0)) if match and match.group(0) != value else None


def _pair_value(value: Any) -> Any:
    if isinstance(value, Mapping) and "value" in value:
        return value["value"]
    return value


def _as_text(value: Any) -> str:
    value = _pair_value(value)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_as_text(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_as_text(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def _collect(payload: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields by key, fields by lower-case label) from any of the answer shapes."""
    by_key: dict[str, Any] = {}
    by_label: dict[str, Any] = {}

    def add_pair(key: str | None, item: Any) -> None:
        if key:
            by_key.setdefault(key, item)
        if isinstance(item, Mapping) and isinstance(item.get("label"), str):
            by_label.setdefault(" ".join(item["label"].lower().split()).rstrip(":"), item)

    if isinstance(payload, list):
        pairs = [p for p in payload if isinstance(p, Mapping)]
        for item in pairs:
            add_pair(item.get("key") or item.get("name") if "label" in item else None, item)
        return by_key, by_label
    for key, item in payload.items():
        if (
            isinstance(item, list)
            and item
            and all(isinstance(p, Mapping) and "label" in p for p in item)
        ):
            if key == "enforcementActions":
                by_key[key] = item
            for pair in item:
                add_pair(pair.get("key") or pair.get("name"), pair)
        else:
            add_pair(key, item)
    return by_key, by_label


def _field(by_key: dict, by_label: dict, keys: tuple[str, ...], labels: tuple[str, ...]) -> Any:
    for key in keys:
        if key in by_key:
            return by_key[key]
    for wanted in labels:
        for label, item in by_label.items():
            if wanted in label:
                return item
    return None


def _actions(value: Any) -> tuple[str, ...]:
    value = _pair_value(value)
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else [value]
    texts = [_as_text(v) for v in items]
    return tuple(t for t in texts if t.upper().strip(". ") not in _NONE_WORDS)


def parse_licence(payload: bytes | str | Any) -> NyLicence | None:
    """Parse a NYSED licence answer; None when it says there is no such licence.

    Raises `ParseError` when the answer is not JSON or lacks a name and status.
    """
    if isinstance(payload, (bytes, str)):
        try:
            payload = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            raise ParseError(
                "NYSED's answer was not valid JSON (cut off, a web page, or its format "
                "changed); try again later."
            ) from None
    if isinstance(payload, Mapping):
        for wrapper in ("data", "result", "license", "licence"):
            inner = payload.get(wrapper)
            if isinstance(inner, (Mapping, list)) and inner:
                payload = inner
                break
    if isinstance(payload, list):
        if not payload:
            return None
        if all(isinstance(p, Mapping) and "label" not in p for p in payload):
            payload = payload[0]  # a list of licences: this endpoint returns one
    if not isinstance(payload, (Mapping, list)):
        raise ParseError("NYSED's answer had an unexpected shape; the verifier needs updating.")
    by_key, by_label = _collect(payload)
    name = _as_text(_field(by_key, by_label, ("name", "licenseeName", "fullName"), ("name",)))
    status = _as_text(_field(by_key, by_label, ("status", "registrationStatus"), ("status",)))
    if not name or not status:
        raise ParseError(
            "NYSED's answer had no licensee name or status; its format may have changed.",
            evidence=json.dumps(payload, default=str)[:1000],
        )
    actions_field = _field(by_key, by_label, ("enforcementActions",), ("enforcement",))
    fields = {k: _as_text(v) for k, v in by_key.items() if k != "enforcementActions"}
    return NyLicence(
        name=name,
        status=status,
        licence_number=_as_text(
            _field(by_key, by_label, ("licenseNumber", "licenceNumber"), ("license n", "number"))
        ),
        profession=_as_text(_field(by_key, by_label, ("profession",), ("profession",))),
        registered_through=_date(
            _as_text(_field(by_key, by_label, ("registeredThroughDate",), ("registered through",)))
        ),
        licensed_on=_date(
            _as_text(_field(by_key, by_label, ("dateOfLicensure",), ("date of licensure",)))
        ),
        enforcement_actions=_actions(actions_field),
        fields=fields,
    )


def status_for(licence: NyLicence, query: LicenceQuery, today: date) -> tuple[Status, str]:
    """The status of `query` given NYSED's answer, and why."""
    number = f"NY {licence.profession or 'licence'} {licence.licence_number or query.number}"
    if not full_name_matches(query.first_name, query.last_name, licence.name):
        return Status.MISMATCH, f"{number} belongs to {licence.name}, not this name."
    status = licence.status.upper()
    if licence.enforcement_actions or any(w in status for w in _SANCTION_WORDS):
        action = licence.enforcement_actions[0] if licence.enforcement_actions else licence.status
        return Status.SANCTIONED, f"{number} has enforcement action on record: {action}."
    if any(w in status for w in _INACTIVE_WORDS):
        return Status.INACTIVE, f"{number} is not in force: NYSED lists it as {licence.status}."
    if "REGISTERED" not in status:
        return Status.ERROR, (
            f"NYSED lists {number} with a status the verifier does not know "
            f"({licence.status!r}); a person must read it."
        )
    through = licence.registered_through
    if through is not None and through < today:
        return Status.INACTIVE, f"{number}'s registration ran until {through}, which has passed."
    until = f" through {through}" if through else ""
    return Status.VERIFIED, f"{number} is registered to {licence.name}{until}."


class NyOpVerifier(RegistryVerifier):
    """Checks New York licences through NYSED's licence verification API."""

    name = "ny-op"
    kind = Kind.LICENCE
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
        self.profession_codes = {k.upper(): v for k, v in PROFESSION_CODES.items()}
        self.profession_codes.update({k.upper(): v for k, v in (profession_codes or {}).items()})

    @property
    def not_configured_reason(self) -> str | None:
        """Missing API key, in words an operator can act on."""
        if self.api_key:
            return None
        return (
            f"it needs a NYSED API key; set {API_KEY_ENV} or pass api_key "
            "(free from NYSED's API portal)."
        )

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A licence type without a profession code is an ERROR (nobody can say), and a
        number without digits a MISMATCH; NYSED is not asked."""
        if self._code(query) is None:
            return self.error(
                f"ny-op has no NYSED profession code for {query.licence_type!r}; "
                "an operator must add it (profession_codes option) or check by hand."
            )
        if not any(ch.isdigit() for ch in query.number):
            return self.result(
                Status.MISMATCH,
                f"{query.number!r} is not a New York licence number (they are digits).",
            )
        return None

    def fetch(self, query: LicenceQuery) -> RegistryResponse:
        """Ask NYSED for the licence by profession and number (404: no such licence)."""
        return self.client.get(
            "byProfessionAndLicenseNumber",
            params=self._params(query),
            headers={"x-oapi-key": self.api_key or "", "Accept": "application/json"},
            ok=(200, 404),
        )

    @staticmethod
    def parse(payload: RegistryResponse) -> NyAnswer:
        """The licence in NYSED's answer (see `parse_licence`); none for a 404."""
        licence = None if payload.status_code == 404 else parse_licence(payload.content)
        return NyAnswer(licence, payload.text)

    def decide(self, query: LicenceQuery, records: NyAnswer) -> VerificationResult:
        """Judge the claim by the licence NYSED holds under its number."""
        params = self._params(query)
        code = params["professionCode"]
        asked = self.address("byProfessionAndLicenseNumber", params)
        licence = records.licence
        if licence is None:
            return self.result(
                Status.NOT_FOUND,
                f"NYSED has no {query.licence_type} licence {params['licenseNumber']} "
                f"(profession code {code}).",
                registry_url=asked,
                registry_details={"profession_code": code},
                evidence=records.text[:500],
            )
        status, summary = status_for(licence, query, datetime.now(UTC).date())
        return self.result(
            status,
            summary,
            registry_url=asked,
            registry_name=licence.name,
            registry_details={
                **licence.fields,
                "profession_code": code,
                "enforcement_actions": list(licence.enforcement_actions),
            },
            expires_on=licence.registered_through,
            evidence=records.text,
        )

    def _code(self, query: LicenceQuery) -> str | None:
        """NYSED's profession code for the claimed licence type, when known."""
        return self.profession_codes.get(" ".join(query.licence_type.upper().split()))

    def _params(self, query: LicenceQuery) -> dict[str, str]:
        """The API parameters: the profession code and the six-digit licence number."""
        digits = "".join(ch for ch in query.number if ch.isdigit())
        return {"professionCode": self._code(query) or "", "licenseNumber": digits.zfill(6)}
