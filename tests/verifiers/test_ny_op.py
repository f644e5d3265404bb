"""NYSED Office of the Professions: configuration, parsing and the verifier end to end."""

from __future__ import annotations

import json
from datetime import date

import pytest
from registry_fixtures import fixture_bytes, query

from verifiers import Status, get_verifier
from verifiers.errors import ParseError
from verifiers.ny_op import parse_licence

REGISTERED = fixture_bytes("ny_op/registered_068_012345.json")


def psychologist(**overrides):
    fields = {"jurisdiction": "US-NY", "licence_type": "Psychologist", "number": "12345",
              "first_name": "Jane", "last_name": "Smith"}  # fmt: skip
    fields.update(overrides)
    return query(**fields)


@pytest.fixture
def ny(registry, session):
    return get_verifier("ny-op", base_url=registry.url_for("/rosa/V2"), session=session,
                        api_key="test-key", requests_per_second=100)  # fmt: skip


def serve(registry, body, code="068", number="012345", status=200):
    registry.expect_request(
        "/rosa/V2/byProfessionAndLicenseNumber",
        query_string={"professionCode": code, "licenseNumber": number},
        headers={"x-oapi-key": "test-key"},
    ).respond_with_data(body, status=status, content_type="application/json")


def test_without_an_api_key_it_says_it_is_not_configured(registry, session, monkeypatch):
    monkeypatch.delenv("SOLACE_NY_OP_API_KEY", raising=False)
    ny = get_verifier("ny-op", base_url=registry.url_for("/rosa/V2/"), session=session)
    assert not ny.configured
    assert "SOLACE_NY_OP_API_KEY" in ny.not_configured_reason
    result = ny.verify(psychologist())
    assert result.status is Status.ERROR  # never NOT_FOUND
    assert result.summary.startswith("ny-op is not configured: it needs a NYSED API key")
    assert registry.log == []


def test_the_api_key_can_come_from_the_environment(registry, session, monkeypatch):
    monkeypatch.setenv("SOLACE_NY_OP_API_KEY", "test-key")
    ny = get_verifier("ny-op", base_url=registry.url_for("/rosa/V2/"), session=session,
                      requests_per_second=100)  # fmt: skip
    assert ny.configured
    serve(registry, REGISTERED)
    assert ny.verify(psychologist()).status is Status.VERIFIED


def test_answers_parse_in_keyed_and_list_of_pairs_shapes():
    keyed = parse_licence(REGISTERED)
    assert (keyed.name, keyed.status, keyed.registered_through) == (
        "SMITH JANE A", "REGISTERED", date(2099, 2, 28)
    )  # fmt: skip
    assert keyed.licensed_on == date(2012, 3, 15) and keyed.enforcement_actions == ()
    pairs = parse_licence(fixture_bytes("ny_op/not_registered_as_pairs_072_034567.json"))
    assert (pairs.name, pairs.status, pairs.licence_number) == (
        "PATEL PRIYA", "NOT REGISTERED", "034567"
    )  # fmt: skip
    actions = parse_licence(fixture_bytes("ny_op/enforcement_068_023456.json"))
    assert "1 year probation" in actions.enforcement_actions[0]


def test_an_answer_without_name_or_status_is_refused():
    with pytest.raises(ParseError, match="no licensee name or status"):
        parse_licence(json.dumps({"profession": {"label": "Profession", "value": "X"}}))
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_licence(REGISTERED[:40])


def test_registered_is_verified_with_expiry_and_evidence(ny, registry):
    serve(registry, REGISTERED)
    result = ny.verify(psychologist())
    assert result.status is Status.VERIFIED and result.verifies_licence
    assert result.expires_on == date(2099, 2, 28)
    assert result.registry_name == "SMITH JANE A"
    assert result.registry_details["profession_code"] == "068"
    assert "REGISTERED" in result.evidence


def test_404_is_not_found(ny, registry):
    serve(registry, '{"message": "not found"}', status=404)
    result = ny.verify(psychologist())
    assert result.status is Status.NOT_FOUND and "012345" in result.summary


def test_an_enforcement_action_is_sanctioned(ny, registry):
    serve(registry, fixture_bytes("ny_op/enforcement_068_023456.json"), number="023456")
    result = ny.verify(psychologist(number="023456", first_name="Richard", last_name="Roe"))
    assert result.status is Status.SANCTIONED and "probation" in result.summary


def test_not_registered_is_inactive(ny, registry):
    serve(registry, fixture_bytes("ny_op/not_registered_as_pairs_072_034567.json"),
          code="072", number="034567")  # fmt: skip
    result = ny.verify(psychologist(licence_type="LCSW", number="34567",
                                    first_name="Priya", last_name="Patel"))  # fmt: skip
    assert result.status is Status.INACTIVE


def test_another_name_is_a_mismatch(ny, registry):
    serve(registry, REGISTERED)
    assert ny.verify(psychologist(first_name="Joan")).status is Status.MISMATCH


def test_a_refused_api_key_is_an_error_that_says_so(ny, registry):
    serve(registry, '{"error": "invalid key"}', status=401)
    result = ny.verify(psychologist())
    assert result.status is Status.ERROR and "API key" in result.summary


def test_a_profession_without_a_known_code_is_an_error_not_a_miss(ny, registry):
    result = ny.verify(psychologist(licence_type="LMHC"))
    assert result.status is Status.ERROR and "profession_codes" in result.summary
    assert registry.log == []


def test_profession_codes_can_be_configured(registry, session):
    ny = get_verifier("ny-op", base_url=registry.url_for("/rosa/V2/"), session=session,
                      api_key="test-key", profession_codes={"LMHC": "999"},
                      requests_per_second=100)  # fmt: skip
    serve(registry, REGISTERED, code="999")
    assert ny.verify(psychologist(licence_type="lmhc")).status is Status.VERIFIED
