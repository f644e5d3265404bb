"""NYSED Office of the Professions (ROSA): configuration, parsing, the status and level
tables, the licence types it cannot check, and the verifier end to end over HTTP."""

from __future__ import annotations

import csv
import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from werkzeug import Response

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Level, Status, get_verifier, ny_op
from verifiers.errors import ParseError
from verifiers.ny_op import (
    PROFESSION_CODES,
    UNSUPPORTED_TYPES,
    VERIFICATION_SEARCH,
    parse_licence,
    status_for,
)

REGISTERED = fixture_bytes("ny_op/registered_068_012345.json")
DATA = Path(__file__).resolve().parents[2] / "directory" / "data"
TODAY = date(2026, 12, 1)


def psychologist(**overrides):
    fields = {"jurisdiction": "US-NY", "licence_type": "Psychologist", "number": "12345",
              "first_name": "Jane", "last_name": "Smith"}  # fmt: skip
    fields.update(overrides)
    return query(**fields)


def answer(fixture="ny_op/registered_068_012345.json", **values) -> bytes:
    """A documented answer with some fields' values replaced (the layout unchanged)."""
    body = json.loads(fixture_bytes(fixture))
    for key, value in values.items():
        if isinstance(body.get(key), dict):
            body[key]["value"] = value
        else:
            body[key] = value
    return json.dumps(body).encode()


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


# -- configuration --------------------------------------------------------------------------


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


# -- parsing the documented answer ----------------------------------------------------------


def test_the_documented_answers_parse():
    psychology = parse_licence(fixture_bytes("ny_op/documented_registered_068.json"))
    assert (psychology.name, psychology.status, psychology.profession_code) == (
        "EXAMPLE JORDAN LEE", "Registered", "068"
    )  # fmt: skip
    assert psychology.registered_through == date(2030, 12, 31)
    assert psychology.licensed_on == date(2012, 6, 15)
    assert psychology.licence_number == "654321" and psychology.enforcement_actions == ()
    medicine = parse_licence(fixture_bytes("ny_op/documented_registered_060.json"))
    assert (medicine.profession, medicine.profession_code) == ("Medicine (060)", "060")
    assert "separate agency" in medicine.no_actions_message


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (REGISTERED[:40], "not valid JSON"),
        (b"", "not valid JSON"),  # a 200 with nothing in it is not a 204
        (b"[]", "not the licence object"),
        (answer(name=""), "no 'name'"),
        (answer(professionCode=""), "no 'professionCode'"),
        (answer(enforcementActions=None), "no enforcementActions list"),
        (answer(registeredThroughDate="02/28/2099"), "not a date like"),
        (answer(status=["Registered"]), "unexpected 'status'"),
    ],
    ids=["cut off", "empty", "a list", "no name", "no code", "no actions", "date", "status"],
)
def test_an_answer_off_the_documented_layout_is_refused(body, words):
    with pytest.raises(ParseError, match=words):
        parse_licence(body)


# -- status and level tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "through", "expected"),
    [
        ("Registered", "February 28, 2099", Status.VERIFIED),
        ("REGISTERED", "February 28, 2099", Status.VERIFIED),  # whole value, any case
        ("Registered", "November 30, 2026", Status.INACTIVE),  # registration period passed
        ("Registered", "", Status.ERROR),  # cannot tell whether it is still in force
        ("Not Registered", "February 28, 2099", Status.INACTIVE),
        ("Inactive", "", Status.INACTIVE),
        ("Retired", "", Status.INACTIVE),
        ("Revoked", "", Status.SANCTIONED),
        ("Surrendered", "", Status.SANCTIONED),
        ("Suspended", "", Status.SANCTIONED),
        ("Registered - Inactive", "", Status.ERROR),  # not a word-in-text match
        ("Pending", "", Status.ERROR),
    ],
)
def test_status_table(status, through, expected):
    licence = parse_licence(answer(status=status, registeredThroughDate=through))
    assert status_for(licence, psychologist(), TODAY)[0] is expected


def test_an_enforcement_action_goes_to_a_person():
    # An item's structure has not been seen in a real answer, so none is assumed here:
    # any listed action is enough.
    licence = parse_licence(answer(enforcementActions=[{"anything": "as NYSED writes it"}]))
    status, summary = status_for(licence, psychologist(), TODAY)
    assert status is Status.ERROR
    assert "enforcement action" in summary and VERIFICATION_SEARCH in summary


def test_another_name_is_a_mismatch():
    licence = parse_licence(REGISTERED)
    status, summary = status_for(licence, psychologist(first_name="Joan"), TODAY)
    assert status is Status.MISMATCH and "SMITH JANE A" in summary


@pytest.mark.parametrize(
    ("licence_type", "fixture", "code", "number", "first", "last"),
    [
        ("Psychologist", "registered_068_012345", "068", "012345", "Jane", "Smith"),
        ("Psychiatrist", "documented_registered_060", "060", "654321", "Alex", "Example"),
    ],
)
def test_each_sourced_profession_is_verified_at_its_level(
    ny, registry, licence_type, fixture, code, number, first, last
):
    # Only the expiry is moved, so the test does not depend on the year it runs in.
    body = answer(f"ny_op/{fixture}.json", registeredThroughDate="December 31, 2099")
    serve(registry, body, code=code, number=number)
    result = ny.verify(psychologist(licence_type=licence_type, number=number,
                                    first_name=first, last_name=last))  # fmt: skip
    assert result.status is Status.VERIFIED and result.verifies_licence, result.summary
    assert result.level is Level.INDEPENDENT
    assert result.expires_on == date(2099, 12, 31)
    assert result.registry_details["profession_code"] == code


def test_a_claim_above_the_recorded_level_is_a_mismatch_naming_it(ny, registry, monkeypatch):
    monkeypatch.setitem(ny_op.LEVEL_BY_CODE, "068", Level.SUPERVISED)
    serve(registry, REGISTERED)
    result = ny.verify(psychologist())
    assert result.status is Status.MISMATCH and "supervised level" in result.summary
    assert result.level is Level.SUPERVISED


def test_an_answer_for_another_profession_is_a_mismatch(ny, registry):
    serve(registry, answer(professionCode="060", profession="Medicine (060)"))
    result = ny.verify(psychologist())
    assert result.status is Status.MISMATCH and "Medicine (060)" in result.summary


# -- end to end over HTTP --------------------------------------------------------------------


def test_registered_is_verified_with_expiry_level_and_evidence(ny, registry):
    serve(registry, REGISTERED)
    result = ny.verify(psychologist())
    assert result.status is Status.VERIFIED and result.verifies_licence
    assert result.level is Level.INDEPENDENT and not result.flags
    assert result.expires_on == date(2099, 2, 28)
    assert result.registry_name == "SMITH JANE A"
    assert result.registry_details["profession"] == "Psychology (068)"
    assert "Registered" in result.evidence


def test_204_with_an_empty_body_is_not_found_for_that_profession(ny, registry):
    serve(registry, fixture_bytes("ny_op/documented_204_unknown_licence.json"), status=204)
    result = ny.verify(psychologist())
    assert result.status is Status.NOT_FOUND
    assert "no licence 012345 under profession 068" in result.summary


def test_404_is_not_found(ny, registry):
    serve(registry, '{"message": "not found"}', status=404)
    result = ny.verify(psychologist())
    assert result.status is Status.NOT_FOUND and "012345" in result.summary


def test_an_enforcement_action_is_routed_to_a_person_end_to_end(ny, registry):
    serve(registry, answer(enforcementActions=[{"opaque": 1}]))
    result = ny.verify(psychologist())
    assert result.status is Status.ERROR
    assert result.registry_details["manual_check"] is True
    assert result.registry_details["where"] == VERIFICATION_SEARCH
    assert result.level is Level.INDEPENDENT and result.registry_name == "SMITH JANE A"


def test_a_408_timeout_is_asked_again(ny, registry):
    path = "/rosa/V2/byProfessionAndLicenseNumber"
    registry.expect_ordered_request(path).respond_with_data("Request Timeout", status=408)
    registry.expect_ordered_request(path).respond_with_data(REGISTERED)
    assert ny.verify(psychologist()).status is Status.VERIFIED


def test_408_for_ever_is_an_error(ny, registry):
    registry.expect_request("/rosa/V2/byProfessionAndLicenseNumber").respond_with_handler(
        lambda request: Response("Request Timeout", status=408)
    )
    result = ny.verify(psychologist())
    assert result.status is Status.ERROR and "408" in result.summary


def test_408_about_the_profession_is_a_configuration_error(registry, session):
    ny = get_verifier("ny-op", base_url=registry.url_for("/rosa/V2/"), session=session,
                      api_key="test-key", profession_codes={"LMHC": "ALL"},
                      requests_per_second=100)  # fmt: skip
    serve(registry, "You must choose a specific profession", code="ALL", status=408)
    result = ny.verify(psychologist(licence_type="LMHC"))
    assert result.status is Status.ERROR and "operator" in result.summary
    assert len(registry.log) == 1  # not retried: asking again cannot help


def test_a_refused_api_key_is_an_error_that_says_so(ny, registry):
    serve(registry, '{"error": "invalid key"}', status=401)
    result = ny.verify(psychologist())
    assert result.status is Status.ERROR and "API key" in result.summary


def test_a_number_without_digits_is_a_mismatch_without_asking(ny, registry):
    assert ny.verify(psychologist(number="ABC")).status is Status.MISMATCH
    assert registry.log == []


# -- licence types without a sourced profession code ---------------------------------------


def _editor_ny_types() -> set[str]:
    """The licence types the editor offers for New York, by code and by title."""
    with (DATA / "demo" / "us-licence-types.csv").open(encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["state"] == "NY"]
    table = tomllib.loads((DATA / "credential-types.toml").read_text("utf-8"))
    types = set()
    for row in rows:
        entry = table[row["licence_type"].upper()]
        types |= {row["licence_type"].upper(), row["title"].upper(), entry["title"].upper()}
    return types


def test_every_new_york_type_the_editor_offers_is_mapped_or_explicitly_unsupported():
    offered = _editor_ny_types()
    assert {"LMHC", "LCSW", "LMFT", "LCAT", "LP", "PSYCHOLOGIST"} <= offered
    # The list, which also names the master social worker.
    offered |= {"LMSW", "LICENSED MASTER SOCIAL WORKER"}
    for claimed in offered:
        assert (claimed in PROFESSION_CODES) != (claimed in UNSUPPORTED_TYPES), claimed
    assert PROFESSION_CODES["PSYCHOLOGIST"][0] == "068"


@pytest.mark.parametrize(
    "licence_type",
    ["LMHC", "LMFT", "LCAT", "LP", "Licensed Psychoanalyst", "LMSW", "LCSW", "lcsw-r"],
)
def test_an_unsupported_type_goes_to_a_person_without_asking(ny, registry, licence_type):
    result = ny.verify(psychologist(licence_type=licence_type))
    assert result.status is Status.ERROR  # never NOT_FOUND: nobody was asked
    assert result.summary == (
        "New York licences of this type cannot be checked automatically yet: a person "
        f"checks it at NYSED's verification search, {VERIFICATION_SEARCH}"
    )
    assert result.registry_details["manual_check"] is True
    assert result.registry_details["where"] == result.registry_url == VERIFICATION_SEARCH
    assert "profession code" in result.registry_details["reason"]
    assert registry.log == []


def test_an_unknown_type_goes_to_a_person_too(ny, registry):
    result = ny.verify(psychologist(licence_type="LPC"))
    assert result.status is Status.ERROR and result.registry_details["manual_check"] is True
    assert "not a New York licence type" in result.registry_details["reason"]
    assert registry.log == []


def test_profession_codes_read_from_nysed_can_be_configured(registry, session):
    ny = get_verifier("ny-op", base_url=registry.url_for("/rosa/V2/"), session=session,
                      api_key="test-key", profession_codes={"LMHC": "999"},
                      requests_per_second=100)  # fmt: skip
    serve(registry, answer(professionCode="999", profession="Mental Health Counselor (999)"),
          code="999")  # fmt: skip
    result = ny.verify(psychologist(licence_type="lmhc"))
    assert result.status is Status.VERIFIED
    assert result.level is None  # no source says what level code 999 records
