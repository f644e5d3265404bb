"""Solace verifiers: check a therapist's licence claim against the issuing registry.

A pure library: no Flask, no database, no imports from the web application, so a
verifier can be used, tested and published on its own. The contract::

    from verifiers import LicenceQuery, Status, available_verifiers, get_verifier

    query = LicenceQuery(jurisdiction="US-TX", licence_type="LPC", number="12345",
                         first_name="Ana", last_name="Lopez", npi=None)
    verifier = get_verifier("tx-bhec", base_url="http://127.0.0.1:8123/csv/")
    result = verifier.verify(query)   # never raises for registry trouble
    result.status                     # a Status member

Built-in verifiers: ``nppes`` (identity, US), ``oig-leie`` (exclusion, US),
``tx-bhec`` (licence, US-TX), ``uk-hcpc`` (licence, GB), ``ny-op`` (licence,
US-NY, needs an API key) and ``manual`` (licence, anywhere, answered by a person).
Also ``thentia-ok-obbhl`` (licence, US-OK, a Thentia Cloud register) and ``ca-dca``
(licence, US-CA, needs DCA's APP_ID and APP_KEY).
State open-data and export registries: ``co-dora`` (licence, US-CO) and ``wa-doh``
(licence, US-WA), two configurations of the generic Socrata verifier in
`verifiers.socrata`; ``fl-mqa`` (licence, US-FL, downloaded).
Others come from the entry-point group ``solace.verifiers``. The application asks
a verifier what it is (`kind`, `jurisdictions`, `is_file_backed`,
`is_answered_by_person`), never its name; docs/writing-a-verifier.md is the guide
for writing one.
"""

from verifiers.core import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
    Verifier,
    covers,
    is_answered_by_person,
    is_file_backed,
    links_claim_page,
    searches_by_name,
)
from verifiers.errors import ParseError, RegistryError
from verifiers.http import RegistrySession
from verifiers.plugins import (
    ENTRY_POINT_GROUP,
    UnknownVerifier,
    VerifierInfo,
    available_verifiers,
    get_verifier,
    reload_plugins,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Flag",
    "Kind",
    "Level",
    "LicenceQuery",
    "ParseError",
    "RegistryError",
    "RegistrySession",
    "RegistryVerifier",
    "Status",
    "UnknownVerifier",
    "VerificationResult",
    "Verifier",
    "VerifierInfo",
    "available_verifiers",
    "covers",
    "get_verifier",
    "is_answered_by_person",
    "is_file_backed",
    "links_claim_page",
    "searches_by_name",
    "reload_plugins",
]
