"""Manual checks: verify() queues for a person; attest() records what they saw."""

from __future__ import annotations

import json

import pytest

from tests.verifiers.registry_fixtures import query
from verifiers import Kind, Status, VerificationResult, get_verifier


@pytest.fixture
def manual():
    return get_verifier("manual")


def test_verify_asks_nobody_and_says_a_person_must_check(manual):
    result = manual.verify(query(jurisdiction="US-CA", licence_type="LMFT", number="98765"))
    assert result.status is Status.ERROR
    assert result.summary.startswith("Needs a manual check by an admin")
    assert "LMFT 98765" in result.summary
    assert result.registry_details["manual_check"] is True
    assert result.registry_url == "https://search.dca.ca.gov/"


def test_it_covers_every_jurisdiction(manual):
    assert manual.covers("AU") and manual.covers("US-CA") and manual.covers("GB")
    assert manual.configured


def test_an_attestation_records_who_what_and_where(manual):
    claim = query(jurisdiction="GB", licence_type="BACP registered member", number="123456")
    result = manual.attest(
        claim,
        Status.VERIFIED,
        "https://www.bacp.co.uk/search/Register?q=123456",
        "Register entry 123456: Ana Lopez-Garcia, Registered Member MBACP, accredited",
        "admin@solace.example",
    )
    assert result.status is Status.VERIFIED and result.kind is Kind.LICENCE
    assert result.verifies_licence
    assert result.registry_details["attested_by"] == "admin@solace.example"
    assert "MBACP" in result.evidence
    stored = VerificationResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert stored == result


@pytest.mark.parametrize(
    ("url", "seen", "admin", "problem"),
    [
        ("", "Entry shows registered", "admin", "needs the page checked"),
        ("https://search.dca.ca.gov/", "  ", "admin", "needs the page checked"),
        ("https://search.dca.ca.gov/", "seen", " ", "must name the admin"),
        ("javascript:alert(1)", "seen", "admin", "http"),
    ],
)
def test_an_attestation_that_cannot_be_retraced_is_refused(manual, url, seen, admin, problem):
    with pytest.raises(ValueError, match=problem):
        manual.attest(query(jurisdiction="US-CA"), Status.VERIFIED, url, seen, admin)


def test_a_negative_attestation_needs_no_evidence_page(manual):
    result = manual.attest(query(jurisdiction="US-CA"), Status.NOT_FOUND, "", "", "admin")
    assert result.status is Status.NOT_FOUND
    assert result.summary == "Checked by hand by admin: not found."
