"""Florida DOH MQA: the export kept as a file per profession, the lookup by number,
the status table, the professions not checked, and the path end to end over HTTP."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Level, Status, get_verifier
from verifiers.fl_mqa import export_path

EXPORT = fixture_bytes("fl_mqa/documented_2701.csv")


def claim(**overrides):
    fields = {"jurisdiction": "US-FL", "licence_type": "Psychologist", "number": "PY1234",
              "first_name": "Ana", "last_name": "Lopez"}  # fmt: skip
    return query(**{**fields, **overrides})


@pytest.fixture
def fl(registry, session, tmp_path):
    registry.expect_request("/fl/ExportToCsvLVP").respond_with_data(EXPORT, content_type="text/csv")
    return get_verifier("fl-mqa", base_url=registry.url_for("/fl"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip


def test_the_export_asked_is_the_professions_with_every_status():
    model = unquote(export_path("2701").split("=", 1)[1])
    assert '"Profession":"2701"' in model and '"LicenseStatus":"ALL"' in model


@pytest.mark.parametrize("number", ["PY1234", "1234", "py 1234", "PY0001234"])
def test_clear_active_is_verified_however_the_number_is_written(fl, number):
    result = fl.verify(claim(number=number))
    assert result.status is Status.VERIFIED, result.summary
    assert result.level is Level.INDEPENDENT
    assert result.registry_name == "LOPEZ, ANA MARIA"


def test_a_status_other_than_clear_active_goes_to_a_person(fl):
    result = fl.verify(claim(number="PY5678", first_name="John", last_name="Smith"))
    assert result.status is Status.ERROR and "Clear/Inactive" in result.summary
    assert result.registry_details["manual_check"] is True


def test_another_name_is_a_mismatch(fl):
    assert fl.verify(claim(first_name="Jane", last_name="Doe")).status is Status.MISMATCH


def test_a_number_not_in_the_export_is_not_found(fl):
    result = fl.verify(claim(number="PY9999"))
    assert result.status is Status.NOT_FOUND and "every status" in result.summary


def test_school_psychologists_are_limited_scope(registry, session, tmp_path):
    body = EXPORT.replace(b"Psychologist,", b"School Psychologist,")
    registry.expect_request("/fl/ExportToCsvLVP").respond_with_data(body)
    fl = get_verifier("fl-mqa", base_url=registry.url_for("/fl"), session=session,
                      data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = fl.verify(claim(licence_type="School Psychologist"))
    assert result.status is Status.VERIFIED and result.level is Level.LIMITED_SCOPE
    assert '"Profession":"4101"' in unquote(registry.log[0][0].url)


@pytest.mark.parametrize("claimed", ["LMHC", "LCSW", "LMFT", "Registered MHC Intern"])
def test_chapter_491_professions_go_to_a_person_without_downloading(
    registry, session, tmp_path, claimed
):
    fl = get_verifier("fl-mqa", base_url=registry.url_for("/fl"), session=session,
                      data_dir=tmp_path)  # fmt: skip
    result = fl.verify(claim(licence_type=claimed))
    assert result.status is Status.ERROR and result.registry_details["manual_check"] is True
    assert registry.log == []


def test_a_web_page_instead_of_the_export_keeps_nothing_and_is_an_error(
    registry, session, tmp_path
):
    registry.expect_request("/fl/ExportToCsvLVP").respond_with_data(
        "<html><body>Service unavailable</body></html>", content_type="text/html"
    )
    fl = get_verifier("fl-mqa", base_url=registry.url_for("/fl"), session=session,
                      data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    assert fl.verify(claim()).status is Status.ERROR
    assert not (tmp_path / "fl-mqa" / "2701.csv").exists()
