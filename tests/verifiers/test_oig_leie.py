"""OIG exclusion list: parsing the file, deciding, downloading and refreshing it."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest
from registry_fixtures import fixture_bytes, query

from verifiers import Kind, Status, get_verifier
from verifiers.errors import ParseError, RegistryHTTPError
from verifiers.oig_leie import OigLeieVerifier

LIST = fixture_bytes("oig_leie/UPDATED.csv")


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
    assert index.by_npi("0000000000") == []  # unknown NPI never matches
    assert [e.npi for e in index.by_name("Roe", "Richard", "TX")] == ["0000000000"]
    assert index.by_name("Roe", "Richard", "NY") == []
    assert index.by_name("garcia", "maría")[0].waiver_on == date(2024, 1, 1)


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
    assert "19700101" not in result.evidence  # the DOB is not carried into results


def test_a_name_only_match_goes_to_a_person_not_to_a_sanction(leie):
    result = leie.verify(claim(first_name="Richard", last_name="Roe"))
    assert result.status is Status.MISMATCH
    assert "a person must check" in result.summary


def test_a_name_match_in_another_state_is_no_match(leie):
    result = leie.verify(claim(first_name="Richard", last_name="Roe", jurisdiction="US-NY"))
    assert result.status is Status.VERIFIED


def test_a_name_match_listed_with_another_npi_is_someone_else(leie):
    result = leie.verify(
        claim(first_name="Jane", last_name="Smith", jurisdiction="US-NY", npi="1444444446")
    )
    assert result.status is Status.VERIFIED


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
