"""Manual checks: registries no program may ask (licence kind, any jurisdiction).

Some registries have no API and forbid or defeat automated lookups (California
DCA's BreEZe search, the BACP and UKCP registers, Australia's AHPRA). For those a
person looks the licence up and records what they saw.
Registry addresses (where a person checks): California DCA
https://search.dca.ca.gov/, BACP https://www.bacp.co.uk/search/Register, Ahpra
https://www.ahpra.gov.au/Registration/Registers-of-Practitioners.aspx. Last
checked: 2026-11-26, from the registries' published search pages; nothing here
parses a registry's answer.

Semantics:

- `verify(query)` asks nobody. It returns ERROR with the summary "needs a manual
  check by an admin", the address to check in `registry_url`, and
  ``registry_details["manual_check"] = True``. ERROR is right by the contract: no
  registry was asked. The application puts every ERROR result in the admin queue,
  and this flag tells the queue that a person, not a retry, will resolve it.
- `attest(...)` records an admin's check as a result: the status they chose, the
  registry page they read, what they saw (the evidence) and who they are. A
  VERIFIED attestation needs both the page and what was seen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from verifiers.core import Kind, LicenceQuery, Status, VerificationResult, covers
from verifiers.http import RegistrySession

__all__ = ["MANUAL_REGISTRIES", "ManualVerifier"]

# Where a person checks, by jurisdiction: (registry name, search page).
MANUAL_REGISTRIES: dict[str, tuple[str, str]] = {
    "US-CA": ("California Department of Consumer Affairs (BreEZe)", "https://search.dca.ca.gov/"),
    "GB": (
        "BACP Register / UKCP Register",
        "https://www.bacp.co.uk/search/Register",
    ),
    "AU": (
        "Ahpra Register of practitioners",
        "https://www.ahpra.gov.au/Registration/Registers-of-Practitioners.aspx",
    ),
}
_FALLBACK = ("The licensing board of the jurisdiction", "")


class ManualVerifier:
    """A verifier whose answers come from a person; see the module docstring."""

    name = "manual"
    kind = Kind.LICENCE
    jurisdictions = ("*",)
    registry_name = "Checked by hand by an admin"
    default_base_url = ""
    file_backed = False
    answered_by_person = True

    def __init__(
        self,
        base_url: str | None = None,
        session: RegistrySession | None = None,
        **options: Any,
    ) -> None:
        # Accepts the options every verifier gets, so the app can pass them alike;
        # it makes no requests, so it uses none of them.
        self.base_url = base_url or self.default_base_url

    def covers(self, jurisdiction: str) -> bool:
        """Every jurisdiction: a person can check anywhere."""
        return covers(self.jurisdictions, jurisdiction)

    @property
    def configured(self) -> bool:
        """Always: nothing to configure."""
        return True

    @property
    def not_configured_reason(self) -> str | None:
        """Never anything."""
        return None

    def where_to_check(self, jurisdiction: str) -> tuple[str, str]:
        """(registry name, search page) a person should use for `jurisdiction`."""
        jurisdiction = jurisdiction.upper()
        country = jurisdiction.split("-")[0]
        return MANUAL_REGISTRIES.get(jurisdiction) or MANUAL_REGISTRIES.get(country) or _FALLBACK

    def verify(self, query: LicenceQuery) -> VerificationResult:
        """Queue the claim for a person: ERROR, "needs a manual check by an admin"."""
        registry, page = self.where_to_check(query.jurisdiction)
        return VerificationResult(
            status=Status.ERROR,
            verifier=self.name,
            kind=self.kind,
            checked_at=datetime.now(UTC),
            registry=registry,
            registry_url=page,
            summary=(
                f"Needs a manual check by an admin: look up {query.licence_type} "
                f"{query.number} for {query.full_name} at {registry}."
            ),
            registry_details={"manual_check": True, "where": page},
        )

    def attest(
        self,
        query: LicenceQuery,
        status: Status,
        checked_url: str,
        what_was_seen: str,
        admin: str,
        *,
        registry_name: str | None = None,
        registry_details: dict[str, Any] | None = None,
        expires_on: date | None = None,
    ) -> VerificationResult:
        """Record an admin's check of `query` as a result.

        Raises ValueError when the record would not let another admin retrace it:
        no admin, a page that is not a web address, or a VERIFIED status without
        the page and a description of what was seen.
        """
        status = Status(status)
        if not admin or not admin.strip():
            raise ValueError("an attestation must name the admin who checked")
        if checked_url and urlsplit(checked_url).scheme not in ("http", "https"):
            raise ValueError("checked_url must be the http(s) address of the registry page")
        if status is Status.VERIFIED and not (checked_url and (what_was_seen or "").strip()):
            raise ValueError("a VERIFIED attestation needs the page checked and what it showed")
        registry, page = self.where_to_check(query.jurisdiction)
        return VerificationResult(
            status=status,
            verifier=self.name,
            kind=self.kind,
            checked_at=datetime.now(UTC),
            registry=registry,
            registry_url=checked_url or page,
            summary=f"Checked by hand by {admin.strip()}: {status.value.replace('_', ' ')}.",
            registry_name=registry_name,
            registry_details={**(registry_details or {}), "attested_by": admin.strip()},
            expires_on=expires_on,
            evidence=what_was_seen or "",
        )
