"""California DCA Search API: off without credentials, the documented nesting, the
client-code table, status codes only as an operator configures them, and the verifier
end to end over HTTP."""

from __future__ import annotations

import json

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Flag, Level, Status, get_verifier
from verifiers.ca_dca import APP_ID_ENV, APP_KEY_ENV, parse_licence_search
from verifiers.errors import ParseError

BASE = "/api/search/v1/licenseSearchService/"
FOUND = fixture_bytes("ca_dca/documented_lmft_12345.json")
EMPTY = fixture_bytes("ca_dca/documented_empty.json")
STATUSES = {"20": "verified", "30": "inactive", "60": "sanctioned"}


def claim(**overrides):
    fields = {"jurisdiction": "US-CA", "licence_type": "LMFT", "number": "12345",
              "first_name": "Jane", "last_name": "Smith"}  # fmt: skip
    fields.update(overrides)
    return query(**fields)


def found(*, licence=None, person=None, full=None) -> bytes:
    body = json.loads(FOUND)
    detail = body["licenseDetails"][0]["getFullLicenseDetail"][0]
    detail["getLicenseDetails"][0].update(licence or {})
    detail["getNameDetails"][0]["individualNameDetails"][0].update(person or {})
    for key, value in (full or {}).items():
        if value is None:
            detail.pop(key, None)
        else:
            detail[key] = value
    return json.dumps(body).encode()


def make(registry, session, **options):
    options.setdefault("app_id", "test-id")
    options.setdefault("app_key", "test-key")
    return get_verifier("ca-dca", base_url=registry.url_for(BASE), session=session,
                        requests_per_second=1000, **options)  # fmt: skip


def serve(registry, body, code="2001", number="12345", status=200):
    registry.expect_request(
        BASE + "getLicenseNumberSearch",
        query_string={"licType": code, "licNumber": number},
    ).respond_with_data(body, status=status, content_type="application/json")


def test_without_credentials_it_is_off_and_says_which_to_set(monkeypatch, registry, session):
    monkeypatch.delenv(APP_ID_ENV, raising=False)
    monkeypatch.delenv(APP_KEY_ENV, raising=False)
    verifier = get_verifier("ca-dca", base_url=registry.url_for(BASE), session=session)
    assert not verifier.configured
    assert APP_ID_ENV in verifier.not_configured_reason
    assert APP_KEY_ENV in verifier.not_configured_reason
    result = verifier.verify(claim())
    assert result.status is Status.ERROR and "not configured" in result.summary
    assert registry.log == []


def test_credentials_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(APP_ID_ENV, "env-id")
    monkeypatch.setenv(APP_KEY_ENV, "env-key")
    assert get_verifier("ca-dca").configured
    monkeypatch.delenv(APP_KEY_ENV)
    reason = get_verifier("ca-dca", app_id="only-id").not_configured_reason
    assert APP_KEY_ENV in reason and APP_ID_ENV not in reason


def test_the_documented_nesting_is_read():
    (licence,) = parse_licence_search(FOUND)
    assert licence.number == "12345" and licence.status_code == "20"
    assert licence.name == "Jane A Smith"
    assert licence.public_record_actions == ()
    assert parse_licence_search(EMPTY) == ()


@pytest.mark.parametrize(
    "body",
    [b"{}", b'{"licenseDetails": [{"getFullLicenseDetail": [{"getLicenseDetails": []}]}]}',
     b'{"results": []}', b"<!doctype html><html></html>", FOUND[:80]],
)  # fmt: skip
def test_other_shapes_are_parse_errors(body):
    with pytest.raises(ParseError):
        parse_licence_search(body)


def test_by_default_a_found_licence_goes_to_a_person_with_its_status_code(registry, session):
    serve(registry, FOUND)
    result = make(registry, session).verify(claim())
    assert result.status is Status.ERROR
    assert "'20'" in result.summary and "disagree" in result.summary
    assert result.registry_details["manual_check"] is True
    assert result.registry_details["expiry_date"] == "2027-02-28"
    assert result.level is Level.INDEPENDENT


@pytest.mark.parametrize(
    ("licence_type", "code", "body", "status", "level", "flags"),
    [
        ("LMFT", "2001", FOUND, Status.VERIFIED, Level.INDEPENDENT, set()),
        ("LCSW", "2002", FOUND, Status.VERIFIED, Level.INDEPENDENT, set()),
        ("LEP", "2003", FOUND, Status.VERIFIED, Level.LIMITED_SCOPE, set()),
        ("LPCC", "2005", FOUND, Status.VERIFIED, Level.INDEPENDENT, set()),
        ("Psychologist", "5002", FOUND, Status.VERIFIED, Level.INDEPENDENT, set()),
        ("LMFT", "2001", found(licence={"primaryStatusCode": "30"}), Status.INACTIVE,
         Level.INDEPENDENT, set()),
        ("LMFT", "2001", found(licence={"primaryStatusCode": "60"}), Status.SANCTIONED,
         Level.INDEPENDENT, set()),
        ("LMFT", "2001", found(licence={"primaryStatusCode": "CURRENT"}), Status.ERROR,
         Level.INDEPENDENT, set()),
        ("LMFT", "2001", found(person={"firstName": "Joan"}), Status.MISMATCH,
         Level.INDEPENDENT, set()),
        ("LMFT", "2001", found(full={"getPublicRecordActions": [{"action": "x"}]}),
         Status.VERIFIED, Level.INDEPENDENT, {Flag.DISCIPLINARY_RECORD}),
        ("LMFT", "2001", found(full={"getPublicRecordActions": None}), Status.ERROR,
         Level.INDEPENDENT, set()),
        ("LMFT", "2001", found(licence={"licNumber": "54321"}), Status.MISMATCH, None, set()),
        ("LMFT", "2001", EMPTY, Status.NOT_FOUND, None, set()),
    ],
)  # fmt: skip
def test_each_status_and_level_with_a_configured_vocabulary(
    registry, session, licence_type, code, body, status, level, flags
):
    serve(registry, body, code=code)
    result = make(registry, session, statuses=STATUSES).verify(claim(licence_type=licence_type))
    assert result.status is status, result.summary
    assert result.level is level
    assert result.flags == flags


def test_associate_registrations_go_to_a_person_unasked(registry, session):
    result = make(registry, session).verify(claim(licence_type="AMFT"))
    assert result.status is Status.ERROR
    assert result.registry_details["manual_check"] is True
    assert registry.log == []


@pytest.mark.parametrize("code", [401, 403])
def test_refused_credentials_are_an_error_for_the_operator(registry, session, code):
    serve(registry, b'{"message": "Unauthorized"}', status=code)
    result = make(registry, session).verify(claim())
    assert result.status is Status.ERROR
    assert "APP_ID/APP_KEY" in result.summary


def test_a_number_written_with_its_prefix_is_asked_as_digits(registry, session):
    serve(registry, FOUND)
    result = make(registry, session, statuses=STATUSES).verify(claim(number="LMFT 12345"))
    assert result.status is Status.VERIFIED


def test_the_credentials_travel_as_headers(registry, session):
    # The local test server drops header names with underscores, as many servers do,
    # so the request is looked at before it leaves.
    verifier = make(registry, session)
    sent = {}

    def record(path, **kwargs):
        sent.update(path=path, **kwargs)
        raise ParseError("stop here")

    verifier.client.get = record
    verifier.verify(claim())
    assert sent["headers"]["APP_ID"] == "test-id"
    assert sent["headers"]["APP_KEY"] == "test-key"
    assert sent["params"] == {"licType": "2001", "licNumber": "12345"}
