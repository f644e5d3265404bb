"""Socrata licence datasets (Colorado DORA, Washington DOH): the query sent, the rows
parsed, every status and level table, and the verifiers end to end over HTTP."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Flag, Level, Status, get_verifier
from verifiers.errors import ParseError, RegistryRefusedQuery
from verifiers.http import RegistryResponse
from verifiers.socrata import CO_DORA, WA_DOH, parse_rows, soql_text

CO_ROWS = json.loads(fixture_bytes("co_dora/sample-rows-7s5z-vewr.json"))
WA_ROWS = json.loads(fixture_bytes("wa_doh/sample-rows-qxh8-f4bd.json"))
DISCIPLINE_ROWS = json.loads(fixture_bytes("co_dora/documented_discipline_rows.json"))
TODAY = date(2026, 12, 1)
CO_PATH = "/resource/7s5z-vewr.json"
WA_PATH = "/resource/qxh8-f4bd.json"


def co_claim(**overrides):
    fields = {"jurisdiction": "US-CO", "licence_type": "LPC", "number": "22753",
              "first_name": "Sharlete", "last_name": "Babrudi"}  # fmt: skip
    return query(**{**fields, **overrides})


def wa_claim(**overrides):
    fields = {"jurisdiction": "US-WA", "licence_type": "LMHC", "number": "LH61321872",
              "first_name": "Mychalbrianne", "last_name": "Chatigny"}  # fmt: skip
    return query(**{**fields, **overrides})


def lpc_row(**values):
    """The recorded Active LPC row with some values replaced (the layout unchanged)."""
    return {**CO_ROWS[0], **values}


def verifier(name, registry, session):
    path = CO_PATH if name == "co-dora" else WA_PATH
    return get_verifier(name, base_url=registry.url_for(path), session=session,
                        requests_per_second=100)  # fmt: skip


def judge(name, claim, rows):
    v = get_verifier(name, base_url="http://registry.test/x.json")
    body = json.dumps(rows).encode()
    return v.judge(claim, v.parse(_response(body)), TODAY)


def _response(body, status=200):
    return RegistryResponse(url="http://registry.test/", status_code=status, headers={},
                            content=body)  # fmt: skip


# -- the query ----------------------------------------------------------------------


def test_soql_literals_double_quotes_so_user_text_cannot_change_the_query():
    assert soql_text("O'Brien") == "'O''Brien'"


def test_colorado_asks_for_the_number_among_behavioural_types_only(registry, session):
    registry.expect_request(CO_PATH).respond_with_json([CO_ROWS[0]])
    result = verifier("co-dora", registry, session).verify(co_claim(number="LPC.0022753"))
    assert result.status is Status.VERIFIED, result.summary
    where = parse_qs(urlsplit(registry.log[0][0].url).query)["$where"][0]
    assert where.startswith("licensenumber in ('0022753', '22753') AND licensetype in ('LPC'")
    assert "'COS'" not in where  # numbers recur across trades; only therapy types are asked


def test_a_number_with_quotes_reaches_the_query_only_as_digits(registry, session):
    registry.expect_request(CO_PATH).respond_with_json([])
    verifier("co-dora", registry, session).verify(co_claim(number="22753' OR '1'='1"))
    where = parse_qs(urlsplit(registry.log[0][0].url).query)["$where"][0]
    assert "OR '1'" not in where and "'1'" in where


def test_washington_matches_the_last_eight_digits_of_the_credential_number(registry, session):
    registry.expect_request(WA_PATH).respond_with_json(WA_ROWS[:1])
    result = verifier("wa-doh", registry, session).verify(wa_claim())
    where = parse_qs(urlsplit(registry.log[0][0].url).query)["$where"][0]
    assert where.startswith("credentialnumber like '%.61321872' AND credentialtype in (")
    assert result.status is Status.INACTIVE  # the recorded row is Closed
    assert "Closed" in result.summary


def test_an_app_token_is_sent_when_configured(registry, session):
    registry.expect_request(CO_PATH, headers={"X-App-Token": "tok"}).respond_with_json([])
    v = get_verifier("co-dora", base_url=registry.url_for(CO_PATH), session=session,
                     app_token="tok", requests_per_second=100)  # fmt: skip
    assert v.verify(co_claim()).status is Status.NOT_FOUND


# -- the answer ---------------------------------------------------------------------


def test_recorded_rows_parse():
    rows = parse_rows(json.dumps(CO_ROWS), CO_DORA.columns)
    assert rows[0].get("licensetype") == "LPC"
    assert rows[0].get("linktoverifylicense").startswith("https://www.colorado.gov/dora/")
    assert parse_rows(json.dumps(WA_ROWS), WA_DOH.columns)[0].get("status") == "Closed"


@pytest.mark.parametrize(
    "body",
    [b'{"code":"query.soql.no-such-column","error":true,"message":"No such column: x"}',
     b'{"errorCode":"query.soql.no-such-column","message":"No such column: x","data":{}}'],
)  # fmt: skip
@pytest.mark.parametrize("status", [200, 400])
def test_a_socrata_error_answer_is_an_error_never_not_found(registry, session, body, status):
    registry.expect_request(CO_PATH).respond_with_data(body, status=status)
    result = verifier("co-dora", registry, session).verify(co_claim())
    assert result.status is Status.ERROR
    assert "No such column: x" in result.summary


def test_an_unknown_dataset_404_is_an_error(registry, session):
    registry.expect_request(CO_PATH).respond_with_data("{}", status=404)
    assert verifier("co-dora", registry, session).verify(co_claim()).status is Status.ERROR


def test_a_row_without_its_status_column_is_a_changed_layout():
    row = {k: v for k, v in CO_ROWS[0].items() if k != "licensestatusdescription"}
    with pytest.raises(ParseError):
        parse_rows(json.dumps([row]), CO_DORA.columns)
    with pytest.raises(RegistryRefusedQuery):
        parse_rows(b'{"message": "nope"}', CO_DORA.columns)


# -- Colorado: statuses, levels, discipline ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Active", Status.VERIFIED), ("Active - With Conditions", Status.SANCTIONED),
     ("Active - Restricted", Status.SANCTIONED), ("Expired", Status.INACTIVE),
     ("Inactive", Status.INACTIVE), ("Retired", Status.INACTIVE), ("Cancelled", Status.INACTIVE),
     ("Revoked", Status.SANCTIONED), ("Suspended", Status.SANCTIONED),
     ("Summary Suspension", Status.SANCTIONED),
     ("Suspended Due to Child Support", Status.SANCTIONED),
     ("Surrendered", Status.SANCTIONED), ("Voluntary Surrender", Status.SANCTIONED),
     ("Need Master Hire - Cannot Practice", Status.ERROR), ("Pending Review", Status.ERROR)],
)  # fmt: skip
def test_colorado_status_table(value, expected):
    judged = judge("co-dora", co_claim(), [lpc_row(licensestatusdescription=value)])
    assert judged.status is expected, judged.summary
    assert judged.level is Level.INDEPENDENT


@pytest.mark.parametrize(
    ("claimed", "held", "expected", "level"),
    [("LPC", "LPC", Status.VERIFIED, Level.INDEPENDENT),
     ("LPCC", "LPCC", Status.VERIFIED, Level.SUPERVISED),
     ("LPC", "LPCC", Status.MISMATCH, Level.SUPERVISED),  # a candidate claimed as a licence
     ("LMFT", "MFT", Status.VERIFIED, Level.INDEPENDENT),
     ("MFT Candidate", "MFTC", Status.VERIFIED, Level.SUPERVISED),
     ("LCSW", "CSW", Status.VERIFIED, Level.INDEPENDENT),
     ("LCSW", "SWC", Status.MISMATCH, Level.SUPERVISED),
     ("SWC", "SWC", Status.VERIFIED, Level.SUPERVISED),
     ("Licensed Psychologist", "PSY", Status.VERIFIED, Level.INDEPENDENT),
     ("Psychologist Candidate", "PSYC", Status.VERIFIED, Level.SUPERVISED),
     ("LPC", "LPP", Status.MISMATCH, None)],  # provisional: known, level not sourced
)  # fmt: skip
def test_colorado_type_and_level_table(claimed, held, expected, level):
    judged = judge("co-dora", co_claim(licence_type=claimed), [lpc_row(licensetype=held)])
    assert (judged.status, judged.level) == (expected, level), judged.summary


def test_lpcc_claimed_as_lpc_names_the_candidate_level():
    judged = judge("co-dora", co_claim(), [lpc_row(licensetype="LPCC")])
    assert "Licensed Professional Counselor Candidate (supervised)" in judged.summary


def test_another_persons_licence_under_the_number_is_a_mismatch():
    judged = judge("co-dora", co_claim(first_name="Ana", last_name="Lopez"), [CO_ROWS[0]])
    assert judged.status is Status.MISMATCH and "Sharlete K Babrudi" in judged.summary


def test_an_expired_date_on_an_active_row_is_inactive():
    judged = judge(
        "co-dora", co_claim(), [lpc_row(licenseexpirationdate="2025-08-31T00:00:00.000")]
    )
    assert judged.status is Status.INACTIVE and "2025-08-31" in judged.summary


def test_a_type_the_verifier_does_not_know_is_an_error():
    judged = judge("co-dora", co_claim(), [lpc_row(licensetype="LPCX")])
    assert judged.status is Status.ERROR


def test_completed_discipline_on_an_active_licence_is_verified_and_disclosed():
    claim = co_claim(number="30001", first_name="Ana", last_name="Lopez")
    judged = judge("co-dora", claim, DISCIPLINE_ROWS)
    assert judged.status is Status.VERIFIED, judged.summary
    assert judged.flags == {Flag.DISCIPLINARY_RECORD}


def test_a_probation_not_shown_completed_goes_to_a_person():
    claim = co_claim(number="30001", first_name="Ana", last_name="Lopez")
    running = [DISCIPLINE_ROWS[0], {**DISCIPLINE_ROWS[1], "disciplinecompletedate": None}]
    judged = judge("co-dora", claim, running)
    assert judged.status is Status.ERROR and "Probation" in judged.summary


def test_an_unknown_discipline_action_is_an_error():
    claim = co_claim(number="30001", first_name="Ana", last_name="Lopez")
    judged = judge("co-dora", claim, [{**DISCIPLINE_ROWS[0], "programaction": "Mystery"}])
    assert judged.status is Status.ERROR


def test_a_number_absent_from_the_dataset_is_not_found(registry, session):
    registry.expect_request(CO_PATH).respond_with_json([])
    result = verifier("co-dora", registry, session).verify(co_claim(number="99999"))
    assert result.status is Status.NOT_FOUND and "99999" in result.summary


@pytest.mark.parametrize("claimed", ["LPP", "LAC", "Registered Psychotherapist", "LSW"])
def test_colorado_types_not_checked_go_to_a_person_without_asking(registry, session, claimed):
    result = verifier("co-dora", registry, session).verify(co_claim(licence_type=claimed))
    assert result.status is Status.ERROR
    assert result.registry_details["manual_check"] is True
    assert registry.log == []


def test_verified_end_to_end_carries_the_board_page_and_expiry(registry, session):
    registry.expect_request(CO_PATH).respond_with_json([CO_ROWS[0]])
    result = verifier("co-dora", registry, session).verify(co_claim())
    assert result.status is Status.VERIFIED
    assert result.level is Level.INDEPENDENT
    assert result.expires_on == date(2027, 8, 31)
    assert result.registry_name == "Sharlete K Babrudi"
    assert "PrintLicenseDetails" in result.registry_details["board_page"]


# -- Washington -------------------------------------------------------------------------

ACTIVE_MHC = {**WA_ROWS[0], "status": "Active", "expirationdate": "07/08/2027"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Active", Status.VERIFIED), ("ACTIVE", Status.VERIFIED), ("Closed", Status.INACTIVE),
     ("Expired", Status.INACTIVE), ("Inactive", Status.INACTIVE), ("Retired", Status.INACTIVE),
     ("Deceased", Status.INACTIVE), ("Unlicensed", Status.INACTIVE),
     ("Revoked", Status.SANCTIONED), ("Suspended", Status.SANCTIONED),
     ("Military", Status.ERROR), ("Superseded", Status.ERROR)],
)  # fmt: skip
def test_washington_status_table(value, expected):
    judged = judge("wa-doh", wa_claim(), [{**ACTIVE_MHC, "status": value}])
    assert judged.status is expected, judged.summary


@pytest.mark.parametrize(
    ("action", "expected", "flags"),
    [("No", Status.VERIFIED, set()), ("Yes", Status.VERIFIED, {Flag.DISCIPLINARY_RECORD}),
     ("Pending", Status.ERROR, set())],
)  # fmt: skip
def test_washington_action_taken(action, expected, flags):
    judged = judge("wa-doh", wa_claim(), [{**ACTIVE_MHC, "actiontaken": action}])
    assert (judged.status, set(judged.flags)) == (expected, flags)


def test_washington_psychologist_and_a_type_mismatch():
    row = {**ACTIVE_MHC, "credentialtype": "Psychologist License"}
    assert judge("wa-doh", wa_claim(licence_type="Psychologist"), [row]).status is Status.VERIFIED
    judged = judge("wa-doh", wa_claim(), [row])
    assert judged.status is Status.MISMATCH and "Licensed Psychologist" in judged.summary


def test_washington_expiry_is_read_as_month_day_year():
    judged = judge("wa-doh", wa_claim(), [{**ACTIVE_MHC, "expirationdate": "07/08/2026"}])
    assert judged.status is Status.INACTIVE and "2026-07-08" in judged.summary


@pytest.mark.parametrize("claimed", ["LICSW", "LMFT", "Mental Health Counselor Associate"])
def test_washington_types_not_sourced_go_to_a_person(registry, session, claimed):
    result = verifier("wa-doh", registry, session).verify(wa_claim(licence_type=claimed))
    assert result.status is Status.ERROR and registry.log == []
