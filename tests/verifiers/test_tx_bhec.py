"""Texas BHEC: parsing licensee files, deciding, and the verifier from a cold start."""

from __future__ import annotations

from datetime import date

import pytest
from registry_fixtures import fixture_bytes, query

from verifiers import Kind, Status, get_verifier
from verifiers.errors import ParseError
from verifiers.tx_bhec import FILES, TxBhecVerifier, canonical_type


@pytest.fixture
def bhec(registry, session, tmp_path):
    for code in FILES:
        registry.expect_request(f"/csv/{code}.csv").respond_with_data(
            fixture_bytes(f"tx_bhec/{code}.csv"), content_type="text/csv"
        )
    # The base URL is the folder; given without its slash, it still is.
    return get_verifier("tx-bhec", base_url=registry.url_for("/csv"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip


def test_files_parse_by_column_name_with_extra_columns():
    index = TxBhecVerifier.parse(fixture_bytes("tx_bhec/LPC.csv"))
    assert index.count == 6
    [row] = index.lookup("LPC-012345")  # spelling variants of the number fold together
    assert (row.last_name, row.status, row.expires_on) == ("LOPEZ-GARCIA", "ACTIVE",
                                                          date(2099, 3, 31))  # fmt: skip
    assert index.lookup("99999") == []


def test_a_file_missing_a_required_column_is_refused():
    with pytest.raises(ParseError, match="missing LIC_STATUS"):
        TxBhecVerifier.parse("LIC_TYPE,LIC_NBR,LAST_NME,FIRST_NME\nLPC,1,A,B\n")


def test_licence_types_map_to_their_files():
    assert canonical_type("LPC-S") == ("LPC", "LPC")
    assert canonical_type("lpc associate") == ("LPC", "LPC-A")
    assert canonical_type("LMFT") == ("MFT", "LMFT")
    assert canonical_type("LCSW") == ("SW", "LCSW")
    assert canonical_type("LMSW") == ("SW", "LMSW")
    assert canonical_type("Psychologist") == ("PSY", "LP")
    assert canonical_type("LSSP") == ("PSY", "LSSP")
    assert canonical_type("Reiki master") is None


def test_active_clean_licence_is_verified_from_a_cold_start(bhec, registry, tmp_path):
    result = bhec.verify(query())
    assert result.status is Status.VERIFIED and result.kind is Kind.LICENCE
    assert result.verifies_licence
    assert result.expires_on == date(2099, 3, 31)
    assert result.registry_name == "ANA MARIA LOPEZ-GARCIA"
    assert result.registry_url.endswith("/csv/LPC.csv")
    assert "LIC_NBR=12345" in result.evidence
    assert [entry[0].path for entry in registry.log] == ["/csv/LPC.csv"]  # only what it needed
    assert (tmp_path / "tx-bhec" / "LPC.csv").exists()


@pytest.mark.parametrize(
    ("claim", "status", "words"),
    [
        (dict(licence_type="LPC-S"), Status.VERIFIED, "is active"),
        (dict(first_name="Beatriz"), Status.MISMATCH, "not this name"),
        (dict(number="70001", first_name="Bao", last_name="Nguyen"), Status.MISMATCH,
         "is a LPC Associate, not a LPC"),
        (dict(number="23456", first_name="Carl", last_name="Brown"), Status.INACTIVE, "EXPIRED"),
        (dict(number="34567", first_name="Dana", last_name="White"), Status.SANCTIONED,
         "disciplinary action"),
        (dict(number="45678", first_name="Erin", last_name="Green"), Status.SANCTIONED,
         "disciplinary action"),
        (dict(number="56789", first_name="Frank", last_name="Black"), Status.ERROR,
         "'IN REVIEW'"),
        (dict(number="99999"), Status.NOT_FOUND, "revoked or long-expired licence also looks"),
        (dict(licence_type="LMFT", number="200123", first_name="Chidi", last_name="Okafor"),
         Status.VERIFIED, "LMFT 200123"),
        (dict(licence_type="LCSW", number="54321", first_name="Priya", last_name="Patel"),
         Status.VERIFIED, "LCSW 54321"),
        (dict(licence_type="LMSW", number="65432", first_name="Lee", last_name="Johnson"),
         Status.INACTIVE, "RETIRED"),
        (dict(licence_type="Psychologist", number="37000", first_name="Sofia",
              last_name="Reyes"), Status.VERIFIED, "active"),
        (dict(licence_type="LSSP", number="80001", first_name="Jun", last_name="Kim"),
         Status.SANCTIONED, "SUSPENDED"),
        (dict(licence_type="Reiki master"), Status.MISMATCH, "does not issue"),
    ],
)  # fmt: skip
def test_decisions(bhec, claim, status, words):
    result = bhec.verify(query(**claim))
    assert result.status is status, result.summary
    assert words in result.summary


def test_refresh_downloads_all_four_files_with_progress(bhec, tmp_path):
    seen = []
    total = bhec.refresh(progress=lambda done, size: seen.append((done, size)))
    expected = sum(len(fixture_bytes(f"tx_bhec/{code}.csv")) for code in FILES)
    assert total == expected
    assert sorted(p.name for p in (tmp_path / "tx-bhec").iterdir()) == [
        "LPC.csv", "MFT.csv", "PSY.csv", "SW.csv"
    ]  # fmt: skip
    assert seen and all(done <= size for done, size in seen)


def test_a_changed_file_layout_is_an_error_not_a_miss(registry, session, tmp_path):
    registry.expect_request("/csv/LPC.csv").respond_with_data("LICENSE,NAME\n12345,ANA\n")
    bhec = get_verifier("tx-bhec", base_url=registry.url_for("/csv/"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = bhec.verify(query())
    assert result.status is Status.ERROR
    assert "lacks the columns LIC_NBR" in result.summary


def test_it_covers_texas_only(bhec, registry):
    assert bhec.covers("US-TX") and not bhec.covers("US-NY") and not bhec.covers("US")
    assert bhec.verify(query(jurisdiction="US-NY")).status is Status.ERROR
    assert registry.log == []
