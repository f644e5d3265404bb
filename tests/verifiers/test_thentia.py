"""Thentia Cloud registers (the Oklahoma OBBHL tenant): parsing the documented search
answer, the WAF page, the category and level table, the status vocabulary an operator
configures, and the verifier end to end over HTTP."""

from __future__ import annotations

import json

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Flag, Level, Status, get_verifier
from verifiers.errors import BotCheckPage, ParseError, RegistryRefusedQuery
from verifiers.thentia import OBBHL, parse_search, read_statuses

SEARCH = "/rest/public/profile/search/"
FOUND = fixture_bytes("thentia/documented_search_lpc04898.json")
EMPTY = fixture_bytes("thentia/documented_search_empty.json")
STATUSES = {"Active": "verified", "Expired": "inactive", "Revoked": "sanctioned"}


def claim(**overrides):
    fields = {"jurisdiction": "US-OK", "licence_type": "LPC", "number": "LPC04898",
              "first_name": "Jane", "last_name": "Smith"}  # fmt: skip
    fields.update(overrides)
    return query(**fields)


def found(**values) -> bytes:
    """The documented search answer with some of its profile's values replaced."""
    body = json.loads(FOUND)
    body["result"][0].update(values)
    return json.dumps(body).encode()


def make(registry, session, **options):
    return get_verifier("thentia-ok-obbhl", base_url=registry.url_for(SEARCH), session=session,
                        requests_per_second=1000, **options)  # fmt: skip


def serve(registry, body, disciplined=EMPTY, keyword="LPC04898"):
    registry.expect_request(
        SEARCH, query_string={"keyword": keyword, "skip": "0", "take": "20", "lang": "en-US",
                              "disciplined": "true"},
    ).respond_with_data(disciplined, content_type="application/json")  # fmt: skip
    registry.expect_request(
        SEARCH, query_string={"keyword": keyword, "skip": "0", "take": "20", "lang": "en-US"}
    ).respond_with_data(body, content_type="application/json")


# parsing


def test_the_documented_answer_is_read_by_the_tenants_keys():
    profiles, count = parse_search(FOUND, OBBHL.fields)
    assert count == 1
    (profile,) = profiles
    assert profile.name == "Jane A Smith"
    assert profile.number == "LPC04898"
    assert profile.category == "Licensed Professional Counselor (LPC)"
    assert profile.status == "Active"


def test_an_empty_answer_holds_no_profile():
    assert parse_search(EMPTY, OBBHL.fields) == ((), 0)


def test_the_waf_human_verification_page_is_a_bot_check():
    with pytest.raises(BotCheckPage, match="Human Verification"):
        parse_search(fixture_bytes("thentia/waf_human_verification.html"), OBBHL.fields)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (fixture_bytes("thentia/documented_column_layout.json"), "column-layout"),
        (b'{"resultCount": 1}', "no result list"),
        (json.dumps({"resultCount": 1, "result": [{"id": "1", "lastName": "Smith"}]}).encode(),
         "'firstName'"),
        (b'{"resultCount": 1, "result": [', "not valid JSON"),
        (b"<html><body>Down for maintenance</body></html>", "web page"),
    ],
)  # fmt: skip
def test_answers_of_another_shape_are_parse_errors(body, words):
    with pytest.raises(ParseError, match=words):
        parse_search(body, OBBHL.fields)


def test_an_error_code_from_the_register_is_its_refusal():
    body = b'{"resultCount": 0, "result": [], "errorCode": "17", "errorMessage": "Bad keyword"}'
    with pytest.raises(RegistryRefusedQuery, match="Bad keyword"):
        parse_search(body, OBBHL.fields)


def test_a_status_vocabulary_with_an_unknown_meaning_is_refused():
    assert read_statuses({"Active": "Verified"})["active"][0] is Status.VERIFIED
    with pytest.raises(TypeError, match="verified, inactive, sanctioned"):
        read_statuses({"Active": "ok"})


# the verifier, end to end


def test_without_a_configured_vocabulary_a_found_licence_goes_to_a_person(registry, session):
    serve(registry, FOUND)
    result = make(registry, session).verify(claim())
    assert result.status is Status.ERROR
    assert "'Active'" in result.summary and "person" in result.summary
    assert result.registry_details["manual_check"] is True
    assert result.registry_name == "Jane A Smith"
    assert result.level is Level.INDEPENDENT


@pytest.mark.parametrize(
    ("values", "licence_type", "status", "level"),
    [
        ({}, "LPC", Status.VERIFIED, Level.INDEPENDENT),
        ({"registrationStatus": "ACTIVE"}, "Licensed Professional Counselor", Status.VERIFIED,
         Level.INDEPENDENT),
        ({"registrationStatus": "Expired"}, "LPC", Status.INACTIVE, Level.INDEPENDENT),
        ({"registrationStatus": "Revoked"}, "LPC", Status.SANCTIONED, Level.INDEPENDENT),
        ({"registrationStatus": "In Review"}, "LPC", Status.ERROR, Level.INDEPENDENT),
        ({"registrationCategory": "LPC Candidate"}, "LPC", Status.MISMATCH, Level.SUPERVISED),
        ({"registrationCategory": "LPC Candidate"}, "LPC Candidate", Status.VERIFIED,
         Level.SUPERVISED),
        ({"registrationCategory": "Licensed Marital and Family Therapist (LMFT)"}, "LMFT",
         Status.VERIFIED, Level.INDEPENDENT),
        ({"registrationCategory": "Licensed Marital and Family Therapist (LMFT)"}, "LPC",
         Status.MISMATCH, Level.INDEPENDENT),
        ({"registrationCategory": "Licensed Behavioral Practitioner (LBP)"}, "LBP",
         Status.VERIFIED, Level.INDEPENDENT),
        ({"registrationCategory": "Licensed Alcohol and Drug Counselor (LADC)"}, "LADC",
         Status.VERIFIED, Level.LIMITED_SCOPE),
        ({"registrationCategory": "Licensed Peer Specialist"}, "LPC", Status.ERROR, None),
        ({"firstName": "Joan", "middleName": ""}, "LPC", Status.MISMATCH, Level.INDEPENDENT),
    ],
)  # fmt: skip
def test_each_status_and_level(registry, session, values, licence_type, status, level):
    serve(registry, found(**values))
    verifier = make(registry, session, statuses=STATUSES)
    result = verifier.verify(claim(licence_type=licence_type))
    assert result.status is status, result.summary
    assert result.level is level
    assert Flag.DISCIPLINARY_RECORD not in result.flags


def test_a_candidate_claimed_as_a_full_lpc_names_the_recorded_level(registry, session):
    serve(registry, found(registrationCategory="LPC Candidate"))
    result = make(registry, session, statuses=STATUSES).verify(claim())
    assert result.status is Status.MISMATCH
    assert "LPC Candidate (supervised)" in result.summary


def test_a_licence_listed_as_disciplined_stays_verified_with_the_flag(registry, session):
    serve(registry, FOUND, disciplined=FOUND)
    result = make(registry, session, statuses=STATUSES).verify(claim())
    assert result.status is Status.VERIFIED
    assert result.flags == {Flag.DISCIPLINARY_RECORD}
    assert "disciplinary record" in result.summary
    assert result.registry_details["listed_as_disciplined"] is True


def test_the_number_is_matched_whatever_its_spelling(registry, session):
    serve(registry, FOUND, keyword="4898")
    result = make(registry, session, statuses=STATUSES).verify(claim(number="4898"))
    assert result.status is Status.VERIFIED, result.summary


def test_no_profile_with_the_number_is_not_found(registry, session):
    serve(registry, EMPTY)
    result = make(registry, session).verify(claim())
    assert result.status is Status.NOT_FOUND
    assert "no licence LPC04898" in result.summary


def test_only_other_numbers_in_a_partial_list_is_an_error_not_not_found(registry, session):
    partial = found(registrationNumber="LPC14898").replace(
        b'"resultCount": 1', b'"resultCount": 45'
    )
    serve(registry, partial)
    result = make(registry, session).verify(claim())
    assert result.status is Status.ERROR
    assert "45 profiles" in result.summary


def test_people_without_a_number_never_match(registry, session):
    serve(registry, found(registrationNumber="N/A"), keyword="N/A")
    result = make(registry, session).verify(claim(number="N/A"))
    assert result.status is not Status.VERIFIED


def test_a_licence_type_the_board_does_not_issue_goes_to_a_person_unasked(registry, session):
    result = make(registry, session).verify(claim(licence_type="LCSW"))
    assert result.status is Status.ERROR
    assert result.registry_details["manual_check"] is True
    assert "does not issue 'LCSW'" in result.summary
    assert registry.log == []


def test_the_waf_page_over_http_is_an_error(registry, session):
    registry.expect_request(SEARCH).respond_with_data(
        fixture_bytes("thentia/waf_human_verification.html"), content_type="text/html"
    )
    result = make(registry, session).verify(claim())
    assert result.status is Status.ERROR
    assert "Human Verification" in result.summary


def test_the_request_carries_the_register_page_as_referer(registry, session):
    serve(registry, EMPTY)
    make(registry, session).verify(claim())
    request, _ = registry.log[0]
    assert request.headers["Referer"].endswith("/webs/obbhl/register/")


def test_an_unknown_option_is_refused():
    with pytest.raises(TypeError):
        get_verifier("thentia-ok-obbhl", api_key="x")
