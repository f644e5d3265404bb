"""NPPES: parsing recorded answers, deciding, and the verifier against a local registry."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Kind, Status, get_verifier
from verifiers.errors import ParseError, RegistryRefusedQuery
from verifiers.nppes import (
    is_behavioural,
    licence_listing,
    npi_check_digit_ok,
    parse_answer,
    status_for,
)

COUNSELOR = "nppes/current_format_counselor_1234567893.json"
# Recorded: practice location Austell GA, mailing address "ATLANTA, CA"; licence A72143
# issued by CA (primary taxonomy) and 60084 issued by GA.
OTHER_STATE = "nppes/licence_in_other_state_1083762025.json"


def claim(**overrides):
    fields = {"npi": "1234567893", "first_name": "Ana", "last_name": "López García"}
    fields.update(overrides)
    return query(**fields)


def counselor_record(**changes):
    payload = json.loads(fixture_bytes(COUNSELOR))
    record = payload["results"][0]
    for path, value in changes.items():
        target = record
        *parents, leaf = path.split(".")
        for key in parents:
            target = target[key] if not key.isdigit() else target[int(key)]
        target[leaf] = value
    return parse_answer(payload).records[0]


# -- parsing ---------------------------------------------------------------------


def test_recorded_individual_answer_parses_in_the_old_format():
    answer = parse_answer(fixture_bytes("nppes/single_individual_result.json"))
    record = answer.records[0]
    assert answer.result_count == 1
    assert record.number == "1720377294"  # an integer in the old format
    assert (record.first_name, record.last_name, record.status) == ("ELISE", "HIZA", "A")
    assert record.taxonomies[0].license == "2017-01132"
    assert record.taxonomies[1].license is None and record.taxonomies[1].state is None
    assert record.last_updated == datetime(2018, 5, 8, tzinfo=UTC)


def test_recorded_search_parses_all_ten_and_reads_na_as_no_licence():
    answer = parse_answer(fixture_bytes("nppes/search_individuals_10results_first_is_psyd.json"))
    assert len(answer.records) == 10
    psyd = answer.records[0]
    assert psyd.taxonomies[0].code == "103TC0700X" and psyd.taxonomies[0].license is None


def test_current_format_parses_string_numbers_millisecond_epochs_and_dashes():
    record = parse_answer(fixture_bytes(COUNSELOR)).records[0]
    assert record.number == "1234567893"
    assert record.last_updated == datetime(2024, 1, 2, 22, 7, 1, tzinfo=UTC)
    assert record.taxonomies[1].license is None  # null licence
    assert record.display_name == "ANA MARIA LÓPEZ-GARCÍA"


def test_recorded_organisation_answer_parses():
    record = parse_answer(fixture_bytes("nppes/lookup_by_number_org_1568946812.json")).records[0]
    assert record.is_organisation and record.display_name == "CSP ANESTHESIA LLC"


def test_zero_results_parse_to_an_empty_answer():
    answer = parse_answer(fixture_bytes("nppes/zero_results.json"))
    assert answer.result_count == 0 and answer.records == ()


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("nppes/error_no_valid_criteria.json", "No valid search criteria provided"),
        ("nppes/error_enumeration_type_needs_more.json", "requires additional search criteria"),
    ],
)
def test_recorded_errors_arrays_are_refusals(fixture, reason):
    with pytest.raises(RegistryRefusedQuery, match=reason):
        parse_answer(fixture_bytes(fixture))


def test_maintenance_html_and_truncated_json_are_parse_errors():
    with pytest.raises(ParseError, match="web page"):
        parse_answer(fixture_bytes("nppes/maintenance.html"))
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_answer(fixture_bytes(COUNSELOR)[:300])


def test_npi_check_digit():
    assert npi_check_digit_ok("1234567893")
    assert npi_check_digit_ok("1720377294")  # from a recorded answer
    assert not npi_check_digit_ok("1234567890")
    assert not npi_check_digit_ok("123456789")
    assert not npi_check_digit_ok("12345678a3")


def test_behavioural_taxonomies_include_the_therapy_professions_only():
    for code in ("101YP2500X", "103TC0700X", "1041C0700X", "106H00000X", "2084P0800X",
                 "2084P0804X", "363LP0808X", "103K00000X"):  # fmt: skip
        assert is_behavioural(code), code
    for code in ("207X00000X", "207L00000X", "363LF0000X", "390200000X"):
        assert not is_behavioural(code), code


def other_state_record():
    return parse_answer(fixture_bytes(OTHER_STATE)).records[0]


def other_state_as_psychiatrist() -> bytes:
    """The recorded answer with its taxonomy codes made psychiatry, so that the
    identity checks pass and the licence comparison decides; all else as recorded."""
    payload = json.loads(fixture_bytes(OTHER_STATE))
    for taxonomy in payload["results"][0]["taxonomies"]:
        taxonomy["code"], taxonomy["desc"] = "2084P0800X", "Psychiatry & Neurology, Psychiatry"
    return json.dumps(payload).encode()


def spears(**overrides):
    fields = {"jurisdiction": "US-CA", "number": "A72143", "first_name": "Kimberly",
              "last_name": "Hodge Spears", "licence_type": "MD"}  # fmt: skip
    fields.update(overrides)
    return query(**fields)


# -- the licence, by the state that issued it ------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "number", "listed", "words"),
    [
        ("US-CA", "A72143", True, ""),  # primary taxonomy, address in GA
        ("US-CA", "a-72143", True, ""),  # the number compared normalised
        ("US-GA", "60084", True, ""),  # a taxonomy that is not the primary one
        ("US-GA", "A72143", False, "licence A72143 under CA, not GA"),
        ("US-CA", "60084", False, "licence 60084 under GA, not CA"),
        ("US-CA", "99999", False, "licence A72143 (CA) for this NPI, not 99999"),
        ("US-TX", "99999", None, "no licence number for TX"),
        ("US", "60084", True, ""),  # no state claimed: the number alone
    ],
)
def test_the_licence_is_matched_by_the_taxonomies_state_and_number_never_the_address(
    jurisdiction, number, listed, words
):
    found, note = licence_listing(other_state_record(), spears(jurisdiction=jurisdiction,
                                                               number=number))  # fmt: skip
    assert found is listed
    assert words in note


# -- deciding --------------------------------------------------------------------


def test_active_counselor_with_matching_name_and_licence_is_verified():
    status, summary = status_for(counselor_record(), claim())
    assert status is Status.VERIFIED
    assert "1234567893" in summary


def test_name_is_compared_without_case_accents_hyphens_middle_names_or_suffixes():
    assert status_for(counselor_record(), claim(first_name="ana", last_name="Lopez-Garcia"))[0] is (
        Status.VERIFIED
    )
    record = counselor_record(**{"basic.last_name": "LOPEZ-GARCIA JR"})
    assert status_for(record, claim(middle_name="M."))[0] is Status.VERIFIED


def test_another_persons_npi_is_a_mismatch():
    status, summary = status_for(counselor_record(), claim(first_name="Beatriz"))
    assert status is Status.MISMATCH and "not this name" in summary


def test_a_surgeons_npi_is_a_mismatch():
    record = parse_answer(fixture_bytes("nppes/single_individual_result.json")).records[0]
    status, summary = status_for(record, claim(first_name="Elise", last_name="Hiza"))
    assert status is Status.MISMATCH and "Orthopaedic Surgery" in summary


def test_a_different_licence_number_in_the_claimed_state_is_a_mismatch():
    status, summary = status_for(counselor_record(), claim(number="99999"))
    assert status is Status.MISMATCH and "12345 (TX)" in summary


def test_no_licence_listed_for_the_state_still_verifies_identity_and_says_so():
    record = counselor_record(**{"taxonomies.0.license": "NA", "taxonomies.0.state": ""})
    status, summary = status_for(record, claim())
    assert status is Status.VERIFIED and "no licence number for TX" in summary


def test_an_inactive_record_is_inactive():
    assert status_for(counselor_record(**{"basic.status": "D"}), claim())[0] is Status.INACTIVE


def test_an_organisation_npi_is_a_mismatch():
    record = parse_answer(fixture_bytes("nppes/lookup_by_number_org_1568946812.json")).records[0]
    assert status_for(record, claim())[0] is Status.MISMATCH


# -- the verifier against a local registry ---------------------------------------


@pytest.fixture
def nppes(registry, session):
    return get_verifier("nppes", base_url=registry.url_for("/api/"), session=session,
                        requests_per_second=100)  # fmt: skip


def test_verifies_by_npi_end_to_end(registry, nppes):
    registry.expect_request(
        "/api/", query_string={"version": "2.1", "number": "1234567893"}
    ).respond_with_data(fixture_bytes(COUNSELOR), content_type="application/json")
    result = nppes.verify(claim())
    assert result.status is Status.VERIFIED and result.kind is Kind.IDENTITY
    assert not result.verifies_licence  # identity only: never shows a licence as verified
    assert result.registry_name == "ANA MARIA LÓPEZ-GARCÍA"
    assert result.registry_details["taxonomies"][0]["license"] == "12345"
    assert result.registry_url.endswith("?version=2.1&number=1234567893")
    assert '"101YP2500X"' in result.evidence


def test_a_bad_check_digit_is_a_mismatch_and_nppes_is_not_asked(registry, nppes):
    result = nppes.verify(claim(npi="1234567890"))
    assert result.status is Status.MISMATCH
    assert "check digit" in result.summary
    assert registry.log == []


def test_no_record_is_not_found_and_mentions_deactivation(registry, nppes):
    registry.expect_request("/api/").respond_with_data(fixture_bytes("nppes/zero_results.json"))
    result = nppes.verify(claim())
    assert result.status is Status.NOT_FOUND
    assert "Deactivated NPIs also look like this" in result.summary


def test_an_errors_answer_is_an_error_not_a_miss(registry, nppes):
    registry.expect_request("/api/").respond_with_data(
        fixture_bytes("nppes/error_no_valid_criteria.json")
    )
    result = nppes.verify(claim())
    assert result.status is Status.ERROR
    assert result.summary == "NPPES refused the query: No valid search criteria provided."


def test_without_an_npi_it_searches_by_name_and_state(registry, nppes):
    registry.expect_request(
        "/api/",
        query_string={
            "version": "2.1",
            "first_name": "Ana",
            "last_name": "López García",
            "limit": "200",
            "state": "TX",
        },  # fmt: skip
    ).respond_with_data(fixture_bytes(COUNSELOR))
    result = nppes.verify(claim(npi=None))
    assert result.status is Status.VERIFIED
    assert len(registry.log) == 1  # the hinted answer lists the licence: no second request


def test_a_name_search_without_the_licence_asks_for_the_npi(registry, nppes):
    registry.expect_request("/api/").respond_with_data(
        fixture_bytes("nppes/search_individuals_10results_first_is_psyd.json")
    )
    result = nppes.verify(
        query(jurisdiction="US-GA", first_name="Kelsey", last_name="Sprang", number="PSY1")
    )
    assert result.status is Status.MISMATCH and "give the NPI" in result.summary


def test_a_licence_listed_under_another_state_is_a_mismatch_naming_it():
    record = parse_answer(other_state_as_psychiatrist()).records[0]
    status, summary = status_for(record, spears(jurisdiction="US-GA"))
    assert status is Status.MISMATCH
    assert summary == "NPPES lists licence A72143 under CA, not GA."


def by_name(state: str | None) -> dict[str, str]:
    asked = {"version": "2.1", "first_name": "Kimberly", "last_name": "Hodge Spears",
             "limit": "200"}  # fmt: skip
    return {**asked, "state": state} if state else asked


def test_by_npi_a_licence_from_a_state_other_than_the_address_is_verified(registry, nppes):
    registry.expect_request("/api/", query_string={"version": "2.1", "number": "1083762025"}
                            ).respond_with_data(other_state_as_psychiatrist())  # fmt: skip
    result = nppes.verify(spears(npi="1083762025"))
    assert result.status is Status.VERIFIED, result.summary
    assert not result.verifies_licence  # identity only
    assert result.level is None  # NPPES records no licence level


def test_a_name_search_that_finds_nothing_in_the_state_asks_again_without_it(registry, nppes):
    # NPPES's state filters on the address (GA here), not on the licence (CA).
    registry.expect_ordered_request("/api/", query_string=by_name("CA")).respond_with_data(
        fixture_bytes("nppes/zero_results.json")
    )
    registry.expect_ordered_request("/api/", query_string=by_name(None)).respond_with_data(
        other_state_as_psychiatrist()
    )
    result = nppes.verify(spears())
    assert result.status is Status.VERIFIED, result.summary
    assert "state=" not in result.registry_url
    assert len(registry.log) == 2


def test_the_recorded_provider_is_not_reported_missing_when_the_hint_misses(registry, nppes):
    registry.expect_ordered_request("/api/", query_string=by_name("CA")).respond_with_data(
        fixture_bytes("nppes/zero_results.json")
    )
    registry.expect_ordered_request("/api/", query_string=by_name(None)).respond_with_data(
        fixture_bytes(OTHER_STATE)
    )
    result = nppes.verify(spears())
    # A paediatrician, so not an identity this directory accepts, but found.
    assert result.status is Status.MISMATCH and "Pediatrics" in result.summary
    assert result.registry_details["npi"] == "1083762025"


def test_a_namesake_in_the_hinted_state_does_not_hide_the_licensee_elsewhere(registry, nppes):
    namesake = json.loads(other_state_as_psychiatrist())
    namesake["results"][0]["number"] = "1234567893"
    namesake["results"][0]["taxonomies"] = [
        {"code": "2084P0800X", "desc": "Psychiatry", "primary": True, "state": "CA",
         "license": "B11111"}
    ]  # fmt: skip
    licensee = json.loads(other_state_as_psychiatrist())["results"][0]
    both = {"result_count": 2, "results": [namesake["results"][0], licensee]}
    registry.expect_ordered_request("/api/", query_string=by_name("CA")).respond_with_json(namesake)
    registry.expect_ordered_request("/api/", query_string=by_name(None)).respond_with_json(both)
    result = nppes.verify(spears())
    assert result.status is Status.VERIFIED, result.summary
    assert result.registry_details["npi"] == "1083762025"


def test_a_name_found_in_no_state_is_not_found_after_two_requests(registry, nppes):
    registry.expect_ordered_request("/api/", query_string=by_name("CA")).respond_with_data(
        fixture_bytes("nppes/zero_results.json")
    )
    registry.expect_ordered_request("/api/", query_string=by_name(None)).respond_with_data(
        fixture_bytes("nppes/zero_results.json")
    )
    result = nppes.verify(spears())
    assert result.status is Status.NOT_FOUND
    assert "in any state" in result.summary and "state=" not in result.registry_url
    assert len(registry.log) == 2


def test_by_name_a_licence_under_another_state_is_a_mismatch_not_a_miss(registry, nppes):
    registry.expect_request("/api/").respond_with_data(other_state_as_psychiatrist())
    result = nppes.verify(spears(jurisdiction="US-GA"))
    assert result.status is Status.MISMATCH
    assert "licence A72143 under CA, not GA" in result.summary
    assert len(registry.log) == 2  # the hint found the person but not the licence


def test_a_refused_hinted_search_is_an_error_without_a_second_request(registry, nppes):
    registry.expect_request("/api/").respond_with_data(
        fixture_bytes("nppes/error_no_valid_criteria.json")
    )
    result = nppes.verify(spears())
    assert result.status is Status.ERROR and "refused" in result.summary
    assert len(registry.log) == 1


def test_it_does_not_cover_the_uk(nppes, registry):
    result = nppes.verify(claim(jurisdiction="GB"))
    assert result.status is Status.ERROR and "not GB" in result.summary
    assert registry.log == []


# -- lookups by name (the public check) ----------------------------------------------------


def test_a_name_lookup_lists_the_mental_health_providers_of_that_name(registry, nppes):
    registry.expect_request("/api/", query_string={
        "version": "2.1", "first_name": "Ana", "last_name": "López García", "limit": "200",
        "state": "TX"}).respond_with_data(fixture_bytes(COUNSELOR))  # fmt: skip
    result = nppes.lookup_by_name(claim(npi=None, number="", licence_type=""))
    assert result.status is Status.VERIFIED and result.kind is Kind.IDENTITY
    [match] = result.registry_details["matches"]
    assert match["number"] == "NPI 1234567893"
    assert len(registry.log) == 1  # a name lookup asks once, with the state


def test_a_name_lookup_that_finds_nobody_is_not_found(registry, nppes):
    registry.expect_request("/api/").respond_with_data(fixture_bytes("nppes/zero_results.json"))
    result = nppes.lookup_by_name(claim(npi=None, number="", first_name="Nobody"))
    assert result.status is Status.NOT_FOUND


def test_a_name_lookup_against_a_maintenance_page_is_an_error(registry, nppes):
    registry.expect_request("/api/").respond_with_data(
        fixture_bytes("nppes/maintenance.html"), content_type="text/html"
    )
    assert nppes.lookup_by_name(claim(npi=None, number="")).status is Status.ERROR
