"""OIG exclusion list: parsing the file, deciding, downloading and refreshing it.

Decisions are tested on documented_UPDATED.csv (the documented LEIE layout, invented
people; see tests/fixtures/README.md), the download path on UPDATED.csv."""

from __future__ import annotations

import csv
import io
import os
import time
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Flag, Kind, Status, get_verifier
from verifiers.datafiles import Snapshot
from verifiers.errors import ParseError, RegistryHTTPError
from verifiers.oig_leie import COLUMNS, OigLeieVerifier

LIST = fixture_bytes("oig_leie/UPDATED.csv")
DOCUMENTED = fixture_bytes("oig_leie/documented_UPDATED.csv")
HEADER = DOCUMENTED.splitlines(keepends=True)[0]


def claim(**overrides):
    fields = {"first_name": "Ana", "last_name": "Lopez", "npi": "1234567893"}
    fields.update(overrides)
    return query(**fields)


@pytest.fixture
def served_list(registry):
    registry.expect_request("/exclusions/UPDATED.csv").respond_with_data(
        LIST, content_type="text/csv"
    )
    return registry.url_for("/exclusions/UPDATED.csv")


@pytest.fixture
def leie(served_list, session, tmp_path):
    return get_verifier("oig-leie", base_url=served_list, session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip


def test_the_file_parses_into_npi_and_name_indexes():
    index = OigLeieVerifier.parse(LIST)
    assert len(index) == 5
    [entry] = index.by_npi("1987654328")
    assert (entry.last_name, entry.exclusion_type, entry.excluded_on) == (
        "DOE",
        "1128b4",
        date(2019, 5, 20),
    )
    assert entry.reinstated_on is None  # 00000000
    assert entry.born_on == date(1970, 1, 1)
    assert index.by_npi("0000000000") == []  # unknown NPI never matches
    assert [e.npi for e in index.by_name("Roe", "Richard")] == ["0000000000"]
    assert index.by_name("Roe", "Rich") == []
    assert index.by_name("garcia", "maría")[0].waiver_on == date(2024, 1, 1)


def test_a_file_without_a_column_the_decision_reads_is_refused():
    without_waiver_state = DOCUMENTED.replace(b',"WVRSTATE"', b"", 1)
    with pytest.raises(ParseError, match="missing WVRSTATE"):
        OigLeieVerifier.parse(without_waiver_state)
    without_dob = DOCUMENTED.replace(b'"DOB",', b"", 1)
    with pytest.raises(ParseError, match="missing DOB"):
        OigLeieVerifier.parse(without_dob)


def test_a_file_with_other_columns_is_refused():
    with pytest.raises(ParseError, match="columns changed"):
        OigLeieVerifier.parse("NAME,NUMBER\nA,1\n")
    with pytest.raises(ParseError, match="not the CSV"):
        OigLeieVerifier.parse("<html><body>Not found</body></html>")


def test_cold_start_downloads_the_list_then_answers(leie, registry, tmp_path):
    result = leie.verify(claim())
    assert result.status is Status.VERIFIED and result.kind is Kind.EXCLUSION
    assert result.summary == f"Not on the OIG exclusion list as of {datetime.now(UTC).date()}."
    assert (tmp_path / "oig-leie" / "UPDATED.csv").read_bytes() == LIST
    leie.verify(claim(first_name="Bea"))
    assert len(registry.log) == 1  # downloaded once, then answered from the copy


def test_a_listed_npi_is_sanctioned(leie):
    result = leie.verify(claim(first_name="John", last_name="Doe", npi="1987654328"))
    assert result.status is Status.SANCTIONED
    assert "NPI 1987654328 is on the OIG exclusion list" in result.summary
    assert "since 2019-05-20" in result.summary
    assert result.registry_details["entries"][0]["exclusion_type"] == "1128b4"


@pytest.fixture
def documented(registry, session, tmp_path):
    """The verifier, answering from the documented-layout list."""
    registry.expect_request("/exclusions/UPDATED.csv").respond_with_data(
        DOCUMENTED, content_type="text/csv"
    )
    return get_verifier("oig-leie", base_url=registry.url_for("/exclusions/UPDATED.csv"),
                        session=session, data_dir=tmp_path, requests_per_second=100)  # fmt: skip


POSSIBLE = (Status.MISMATCH, {Flag.POSSIBLE_MATCH})
POSSIBLE_WAIVED = (Status.MISMATCH, {Flag.POSSIBLE_MATCH, Flag.WAIVER})
NOT_LISTED = (Status.VERIFIED, set())

# (claim, expected status and flags, the listed name the result must name or None).
DECISIONS = {
    "listed NPI, claimed in another state than the address": (
        dict(first_name="Mary", last_name="Alden", npi="1234567893", jurisdiction="US-NY"),
        (Status.SANCTIONED, set()), "MARY K ALDEN",
    ),
    "listed NPI under another name: the identifier decides": (
        dict(first_name="Ana", last_name="Lopez", npi="1234567893"),
        (Status.SANCTIONED, set()), "MARY K ALDEN",
    ),
    "name and date of birth both match": (
        dict(first_name="Paul", last_name="Barrow", date_of_birth=date(1965, 1, 1)),
        (Status.SANCTIONED, set()), "PAUL BARROW",
    ),
    "name and date of birth match a row with a waiver": (
        dict(first_name="Linda", last_name="Carver", date_of_birth=date(1970, 7, 7)),
        (Status.SANCTIONED, {Flag.WAIVER}), "LINDA J CARVER",
    ),
    "name only, address on record in another state": (
        dict(first_name="Paul", last_name="Barrow", jurisdiction="US-TX"),
        POSSIBLE, "PAUL BARROW",
    ),
    "name only, a row with a waiver": (
        dict(first_name="Linda", last_name="Carver"), POSSIBLE_WAIVED, "LINDA J CARVER",
    ),
    "name only, the listed NPI differs from the claimed one": (
        dict(first_name="Mary", last_name="Alden", npi="1497758544"), POSSIBLE, "MARY K ALDEN",
    ),
    "name only, the listed date of birth differs": (
        dict(first_name="Paul", last_name="Barrow", date_of_birth=date(1970, 1, 1)),
        POSSIBLE, "PAUL BARROW",
    ),
    "hyphenated surname given with a space and accents": (
        dict(first_name="Ana", last_name="García López"), POSSIBLE, "ANA M GARCIA-LOPEZ",
    ),
    "hyphenated surname given in part": (
        dict(first_name="ana", last_name="garcia"), POSSIBLE, "ANA M GARCIA-LOPEZ",
    ),
    "accented claim, unaccented row": (
        dict(first_name="José", last_name="Muñoz"), POSSIBLE, "JOSE MUNOZ",
    ),
    "middle name, title and suffix on the claim": (
        dict(first_name="Dr. Paul", middle_name="James", last_name="Barrow Jr."),
        POSSIBLE, "PAUL BARROW",
    ),
    "the NPPES name matches, the claimed one does not": (
        dict(first_name="Polly", last_name="Smith", other_names=("BARROW, PAUL",)),
        POSSIBLE, "PAUL BARROW",
    ),
    "an NPPES name written first name first": (
        dict(first_name="Polly", last_name="Smith", other_names=("Paul J Barrow",)),
        POSSIBLE, "PAUL BARROW",
    ),
    "another given name is someone else": (
        dict(first_name="Pauline", last_name="Barrow"), NOT_LISTED, None,
    ),
    "a business's name never matches a person": (
        dict(first_name="Harbor", last_name="Counseling Group LLC"), NOT_LISTED, None,
    ),
    "nobody of that name or NPI": (
        dict(first_name="Beth", last_name="Quinn", npi="1497758544"), NOT_LISTED, None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", DECISIONS)
def test_decisions_on_the_documented_list(documented, case):
    overrides, (status, flags), listed = DECISIONS[case]
    result = documented.verify(claim(**{"npi": None, **overrides}))
    assert (result.status, set(result.flags)) == (status, flags), result.summary
    assert result.kind is Kind.EXCLUSION and result.level is None  # the list holds no licence
    assert result.registry_name == listed
    if listed:
        assert result.registry_details["entries"][0]["name"] == listed


def test_a_possible_match_says_which_rows_matched_and_that_a_person_must_clear_it(documented):
    result = documented.verify(claim(first_name="Paul", last_name="Barrow", npi=None))
    assert result.possible_match
    assert "No identifier confirms it; a person must clear it." in result.summary
    assert "address on record in NY" in result.summary
    row = result.evidence.splitlines()[1]
    for shown in ("PAUL BARROW", "DOB 1965-01-01", "20 SECOND AVE, ALBANY, NY 12207",
                  "EXCLTYPE 1128a1", "EXCLDATE 2015-01-20",
                  "matched on claimed name Paul Barrow"):  # fmt: skip
        assert shown in row, row
    assert "a person must compare them" in result.evidence


def test_a_possible_match_notes_identifiers_that_differ(documented):
    result = documented.verify(
        claim(first_name="Mary", last_name="Alden", npi="1497758544", date_of_birth="1972-03-15")
    )
    assert "listed NPI differs from the claimed 1497758544" in result.evidence
    assert "listed DOB differs from the 1972-03-15 on file" in result.evidence


def test_a_waiver_names_the_one_state_where_it_holds(documented):
    for result in (
        documented.verify(claim(first_name="Linda", last_name="Carver", npi=None)),
        documented.verify(
            claim(first_name="Linda", last_name="Carver", npi=None, date_of_birth="1970-07-07")
        ),
    ):
        assert "waiver of 2014-04-29 for NM only (licence in TX)" in result.summary
        assert "WVRSTATE NM" in result.evidence
        assert result.registry_details["entries"][0]["waiver_state"] == "NM"


def test_every_matching_row_is_listed_with_the_name_that_found_it(documented, registry, tmp_path):
    result = documented.verify(
        claim(first_name="Ana", last_name="Garcia-Lopez", npi="1234567893",
              other_names=("Jose Munoz",))
    )  # fmt: skip
    assert result.status is Status.SANCTIONED  # the NPI confirms ALDEN; the others are shown
    rows = result.evidence.splitlines()[1:]
    assert [r.split(";")[0] for r in rows] == ["- MARY K ALDEN", "- ANA M GARCIA-LOPEZ",
                                               "- JOSE MUNOZ"]  # fmt: skip
    assert "matched on claimed name Ana Garcia-Lopez" in rows[1]
    assert "matched on other name Jose Munoz" in rows[2]


def test_a_claimed_npi_listed_for_a_business_goes_to_a_person(registry, session, tmp_path):
    business = (
        b',,,"HARBOR GROUP LLC","OTHER BUSINESS",,,"1497758544",,,,"TX",,"1128b7","20180720",'
        b'"00000000","00000000",\n'
    )
    registry.expect_request("/UPDATED.csv").respond_with_data(DOCUMENTED + business)
    leie = get_verifier("oig-leie", base_url=registry.url_for("/UPDATED.csv"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = leie.verify(claim(first_name="Beth", last_name="Quinn", npi="1497758544"))
    assert result.possible_match
    assert "listed on the OIG exclusion list" in result.summary
    assert "for a business, HARBOR GROUP LLC" in result.summary


def test_a_row_with_a_past_reinstatement_date_is_not_an_exclusion(registry, session, tmp_path):
    reinstated = (
        b'"LOPEZ","ANA",,,,,,"1234567893",,,,"TX",,"1128b4","20200101","20250101","00000000",\n'
    )
    registry.expect_request("/UPDATED.csv").respond_with_data(HEADER + reinstated)
    leie = get_verifier("oig-leie", base_url=registry.url_for("/UPDATED.csv"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    assert leie.verify(claim()).status is Status.VERIFIED


def test_a_clear_result_says_every_state_and_every_name_was_searched(documented):
    result = documented.verify(claim(first_name="Beth", last_name="Quinn", npi=None,
                                     other_names=("BETH A QUINN-ROSS",)))  # fmt: skip
    assert result.status is Status.VERIFIED
    assert "in every state" in result.evidence
    assert "Beth Quinn; BETH A QUINN-ROSS" in result.evidence


row_values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12) | (
    st.sampled_from(["00000000", "19650101", "20991231", "0000000000", "1234567893", "NM", ""])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(row_values, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=5),
       st.sampled_from(["Ana", "", "Mary Ann", "-"]),
       st.sampled_from(["Lopez", "", "Garcia-Lopez"]),
       st.sampled_from([None, "1234567893"]),
       st.sampled_from([None, date(1965, 1, 1)]))  # fmt: skip
def test_any_rows_in_the_documented_layout_are_decided(rows, first, last, npi, born):
    out = io.StringIO()
    csv.writer(out).writerows([COLUMNS, *rows])
    index = OigLeieVerifier.parse(out.getvalue())
    verifier = OigLeieVerifier(base_url="http://registry.test/UPDATED.csv", data_dir="/nonexistent")
    query_ = claim(first_name=first or "x", last_name=last or "y", npi=npi, date_of_birth=born,
                   other_names=(f"{last}, {first}",))  # fmt: skip
    result = verifier.decide(query_, Snapshot(index, date(2026, 12, 1), "u"))
    assert result.status in (Status.SANCTIONED, Status.MISMATCH, Status.VERIFIED)
    assert (result.status is Status.MISMATCH) == result.possible_match


def test_an_old_copy_says_so_in_every_summary(leie, tmp_path):
    leie.verify(claim())  # downloads
    path = tmp_path / "oig-leie" / "UPDATED.csv"
    sixty_days_ago = time.time() - 60 * 86400
    os.utime(path, (sixty_days_ago, sixty_days_ago))
    for result in (
        leie.verify(claim()),
        leie.verify(claim(first_name="John", last_name="Doe", npi="1987654328")),
        leie.verify(claim(first_name="Richard", last_name="Roe")),
    ):
        assert "is 60 days old" in result.summary, result.summary


def test_a_failed_refresh_keeps_the_old_copy(leie, registry, tmp_path):
    leie.verify(claim())
    registry.clear()
    registry.expect_request("/exclusions/UPDATED.csv").respond_with_data("down", status=500)
    with pytest.raises(RegistryHTTPError):
        leie.refresh()
    assert (tmp_path / "oig-leie" / "UPDATED.csv").read_bytes() == LIST
    assert leie.verify(claim(npi="1987654328")).status is Status.SANCTIONED


def test_an_html_page_instead_of_the_list_is_not_installed(leie, registry, tmp_path):
    leie.verify(claim())
    registry.clear()
    registry.expect_request("/exclusions/UPDATED.csv").respond_with_data(
        "<!DOCTYPE html><html>Service unavailable</html>"
    )
    with pytest.raises(ParseError):
        leie.refresh()
    assert (tmp_path / "oig-leie" / "UPDATED.csv").read_bytes() == LIST


def test_a_refresh_is_seen_by_the_next_verify(leie, registry):
    assert leie.verify(claim()).status is Status.VERIFIED
    registry.clear()
    added = (
        b'"LOPEZ","ANA","","","","","","1234567893","","","","TX","","1128b4","20260101","","",""\n'
    )
    registry.expect_request("/exclusions/UPDATED.csv").respond_with_data(LIST + added)
    progress = []
    leie.refresh(progress=lambda done, total: progress.append(done))
    assert progress[-1] == len(LIST) + len(added)
    assert leie.verify(claim()).status is Status.SANCTIONED


def test_a_cold_start_with_the_registry_down_is_an_error(registry, session, tmp_path):
    registry.expect_request("/UPDATED.csv").respond_with_data("", status=503)
    leie = get_verifier("oig-leie", base_url=registry.url_for("/UPDATED.csv"),
                        session=session, data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = leie.verify(claim())
    assert result.status is Status.ERROR and "HTTP 503" in result.summary


def test_a_waiver_on_another_confirmed_row_says_whose_it_is(documented):
    result = documented.verify(
        claim(first_name="Linda", last_name="Carver", npi="1234567893", date_of_birth="1970-07-07")
    )
    assert result.status is Status.SANCTIONED and Flag.WAIVER in result.flags
    assert result.summary.startswith("NPI 1234567893 is on the OIG exclusion list (MARY K ALDEN")
    assert "The listing of LINDA J CARVER has a waiver of 2014-04-29 for NM only" in result.summary


def test_a_name_lookup_finds_a_possible_match_in_any_state_and_a_stranger_is_clear(leie):
    listed = leie.lookup_by_name(query(jurisdiction="US-OH", number="", licence_type="",
                                       first_name="Richard", last_name="Roe"))  # fmt: skip
    assert listed.status is Status.MISMATCH and listed.possible_match
    clear = leie.lookup_by_name(query(number="", licence_type="", first_name="Nobody",
                                      last_name="Madeup"))  # fmt: skip
    assert clear.status is Status.VERIFIED and "Not on the OIG exclusion list" in clear.summary
