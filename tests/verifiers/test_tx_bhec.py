"""Texas BHEC: parsing licensee files, reading the level from RANK, mapping every status,
and the verifier from a cold start."""

from __future__ import annotations

from datetime import date

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Flag, Kind, Level, Status, get_verifier
from verifiers.errors import ParseError
from verifiers.tx_bhec import (
    FILES,
    STATUSES,
    BhecLicence,
    TxBhecVerifier,
    claimed_type,
    status_for,
)

# The files as the tests serve them: the two written to the documented layout, and the
# older MFT and SW files, whose ranks could not be sourced.
DOCUMENTED = {
    "LPC": "tx_bhec/documented_LPC.csv",
    "PSY": "tx_bhec/documented_PSY.csv",
    "MFT": "tx_bhec/MFT.csv",
    "SW": "tx_bhec/SW.csv",
}
OLDER = {code: f"tx_bhec/{code}.csv" for code in FILES}


def serve(registry, session, tmp_path, files):
    for code in FILES:
        registry.expect_request(f"/csv/{code}.csv").respond_with_data(
            fixture_bytes(files[code]), content_type="text/csv"
        )
    # The base URL is the folder; given without its slash, it still is.
    return get_verifier("tx-bhec", base_url=registry.url_for("/csv"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip


@pytest.fixture
def bhec(registry, session, tmp_path):
    return serve(registry, session, tmp_path, DOCUMENTED)


@pytest.fixture
def older(registry, session, tmp_path):
    return serve(registry, session, tmp_path, OLDER)


def claim(number, first, last, licence_type="LPC"):
    return query(licence_type=licence_type, number=number, first_name=first, last_name=last)


def test_the_documented_file_parses_by_column_name():
    index = TxBhecVerifier.parse(fixture_bytes("tx_bhec/documented_LPC.csv"))
    assert index.count == 9
    [row] = index.lookup("LPC-090008")  # spelling variants of the number fold together
    assert (row.licence_type, row.rank, row.last_name, row.status, row.discipline) == (
        "5261", "LPCA", "HARPER", "Active", "No"
    )  # fmt: skip
    assert row.expires_on is None  # the file's date format is not known; left empty
    assert index.lookup("99999") == []


def test_extra_columns_and_another_order_do_no_harm():
    index = TxBhecVerifier.parse(fixture_bytes("tx_bhec/LPC.csv"))
    assert index.count == 6
    [row] = index.lookup("12345")
    assert (row.rank, row.last_name, row.status, row.expires_on) == (
        "LPC", "LOPEZ-GARCIA", "ACTIVE", date(2099, 3, 31)
    )  # fmt: skip


@pytest.mark.parametrize("column", ["RANK", "DISCPL_ACTN", "LIC_STATUS"])
def test_a_file_missing_a_required_column_is_refused(column):
    header = "LIC_TYPE,RANK,LIC_NBR,LAST_NME,FIRST_NME,LIC_STATUS,DISCPL_ACTN"
    columns = header.split(",")
    at = columns.index(column)
    row = ["5261", "LPC", "1", "A", "B", "Active", "No"]
    del columns[at], row[at]
    with pytest.raises(ParseError, match=f"missing {column}"):
        TxBhecVerifier.parse(",".join(columns) + "\n" + ",".join(row) + "\n")


@pytest.mark.parametrize(
    ("claimed", "file", "level"),
    [
        ("LPC", "LPC", Level.INDEPENDENT),
        ("LPC-S", "LPC", Level.INDEPENDENT),
        ("lpc associate", "LPC", Level.SUPERVISED),
        ("LPCA", "LPC", Level.SUPERVISED),
        ("LMFT", "MFT", Level.INDEPENDENT),
        ("LMFT Associate", "MFT", Level.SUPERVISED),
        ("LCSW", "SW", Level.INDEPENDENT),
        ("LMSW", "SW", Level.SUPERVISED),
        ("LBSW", "SW", Level.LIMITED_SCOPE),
        ("Psychologist", "PSY", Level.INDEPENDENT),
        ("Psychological Associate", "PSY", Level.SUPERVISED),
        ("LSSP", "PSY", Level.LIMITED_SCOPE),
        ("LSP", "PSY", Level.LIMITED_SCOPE),
    ],
)
def test_a_claimed_type_names_its_file_and_the_level_it_claims(claimed, file, level):
    found = claimed_type(claimed)
    assert found is not None and (found.file, found.level) == (file, level)


def test_a_type_bhec_does_not_issue_is_claimed_nowhere():
    assert claimed_type("Reiki master") is None


def test_active_clean_licence_is_verified_from_a_cold_start(bhec, registry, tmp_path):
    result = bhec.verify(claim("90001", "Marta", "Alvarez"))
    assert result.status is Status.VERIFIED and result.kind is Kind.LICENCE
    assert result.verifies_licence
    assert result.level is Level.INDEPENDENT and result.flags == frozenset()
    assert result.registry_name == "MARTA ALVAREZ"
    assert result.registry_url.endswith("/csv/LPC.csv")
    assert "RANK=LPC" in result.evidence and "LIC_NBR=90001" in result.evidence
    assert result.to_dict()["level"] == "independent"
    assert [entry[0].path for entry in registry.log] == ["/csv/LPC.csv"]  # only what it needed
    assert (tmp_path / "tx-bhec" / "LPC.csv").exists()


# Every row of the documented files, and the claims a therapist may make about it.
@pytest.mark.parametrize(
    ("made", "status", "level", "flags", "words"),
    [
        (claim("90001", "Marta", "Alvarez"), Status.VERIFIED, Level.INDEPENDENT, set(),
         "(LPC (independent)) is active for MARTA ALVAREZ"),
        (claim("90002", "John", "Becker"), Status.VERIFIED, Level.INDEPENDENT,
         {Flag.DISCIPLINARY_RECORD}, "public disciplinary history"),
        (claim("90003", "Min", "Cho"), Status.SANCTIONED, Level.INDEPENDENT, set(),
         "current restriction: Probated/Suspended"),
        (claim("90004", "Erin", "Dupont-Hale"), Status.SANCTIONED, Level.INDEPENDENT, set(),
         "current restriction: Suspended"),
        (claim("90005", "Ruth", "Evans"), Status.INACTIVE, Level.INDEPENDENT, set(),
         "not in force: BHEC lists it as Delinquent"),
        (claim("90006", "Greg", "Foster"), Status.INACTIVE, Level.INDEPENDENT, set(),
         "as Inactive"),
        (claim("90007", "Luis", "Gomez"), Status.INACTIVE, Level.INDEPENDENT, set(),
         "as Expired"),
        (claim("90008", "Jade", "Harper"), Status.MISMATCH, Level.SUPERVISED, set(),
         "as LPC Associate (supervised), not the LPC claimed"),
        (claim("90008", "Jade", "Harper", "LPC Associate"), Status.VERIFIED, Level.SUPERVISED,
         set(), "LPC Associate (supervised)) is active"),
        (claim("90009", "Sami", "Ibrahim", "LPC-A"), Status.VERIFIED, Level.SUPERVISED,
         {Flag.DISCIPLINARY_RECORD}, "public disciplinary history"),
        (claim("90009", "Sami", "Ibrahim", "LPC-S"), Status.MISMATCH, Level.SUPERVISED,
         {Flag.DISCIPLINARY_RECORD}, "not the LPC claimed"),
        (claim("90001", "Marta", "Alvarez", "LPC Associate"), Status.MISMATCH,
         Level.INDEPENDENT, set(), "as LPC (independent), not the LPC Associate claimed"),
        (claim("90001", "Beatriz", "Alvarez"), Status.MISMATCH, Level.INDEPENDENT, set(),
         "belongs to MARTA ALVAREZ, not this name"),
        (claim("91001", "Karen", "Jensen", "LSSP"), Status.VERIFIED, Level.LIMITED_SCOPE,
         set(), "Specialist in School Psychology (limited scope)) is active"),
        (claim("91001", "Karen", "Jensen", "Licensed Psychologist"), Status.MISMATCH,
         Level.LIMITED_SCOPE, set(), "not the licensed psychologist claimed"),
        (claim("91002", "Petra", "Kovac", "LSSP"), Status.INACTIVE, Level.LIMITED_SCOPE,
         set(), "as Inactive"),
    ],
)  # fmt: skip
def test_decisions_on_the_documented_files(bhec, made, status, level, flags, words):
    result = bhec.verify(made)
    assert result.status is status, result.summary
    assert result.level is level
    assert result.flags == frozenset(flags)
    assert words in result.summary, result.summary


def test_a_licence_missing_from_the_file_is_not_found_and_says_where_to_look(bhec):
    result = bhec.verify(claim("99999", "Marta", "Alvarez"))
    assert result.status is Status.NOT_FOUND and result.level is None
    assert "revoked, surrendered and long-expired licences are absent" in result.summary
    assert "BHEC's licence lookup by hand" in result.summary
    assert "Searched 9 rows of LPC.csv" in result.evidence


@pytest.mark.parametrize(
    ("made", "rank"),
    [
        (claim("200123", "Chidi", "Okafor", "LMFT"), "''"),
        (claim("54321", "Priya", "Patel", "LCSW"), "'S'"),
    ],
)
def test_a_rank_not_yet_known_goes_to_a_person(bhec, made, rank):
    result = bhec.verify(made)
    assert result.status is Status.ERROR and result.level is None
    assert f"with rank {rank}, which Solace does not know yet" in result.summary
    assert "a person checks it" in result.summary


def test_a_known_rank_in_another_file_is_not_taken_for_its_level():
    row = BhecLicence("5202", "LPC", "91001", "JENSEN", "KAREN", "", "Active", None, "No")
    judged = status_for(row, claim("91001", "Karen", "Jensen", "LSSP"),
                        claimed_type("LSSP"), date(2026, 12, 1))  # fmt: skip
    assert judged.status is Status.ERROR and "rank 'LPC'" in judged.summary


def judge(status="Active", discipline="No", expires_on=None, rank="LPC"):
    row = BhecLicence("5261", rank, "90001", "ALVAREZ", "MARTA", "", status, expires_on,
                      discipline)  # fmt: skip
    return status_for(row, claim("90001", "Marta", "Alvarez"), claimed_type("LPC"),
                      date(2026, 12, 1))  # fmt: skip


# Observed in files: Active, Inactive, Expired, Delinquent, Probated/Suspended, Suspended.
# Retired, Probated, Revoked and Surrendered were never observed; the board lists them
# as statuses, and they are mapped by their plain meaning.
@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Active", Status.VERIFIED),
        ("ACTIVE", Status.VERIFIED),
        ("Inactive", Status.INACTIVE),
        ("Expired", Status.INACTIVE),
        ("Delinquent", Status.INACTIVE),
        ("Retired", Status.INACTIVE),
        ("Probated/Suspended", Status.SANCTIONED),
        ("Suspended", Status.SANCTIONED),
        ("Probated", Status.SANCTIONED),
        ("Revoked", Status.SANCTIONED),
        ("Surrendered", Status.SANCTIONED),
        (" surrendered ", Status.SANCTIONED),
        # Whole values only: each of these contains a known word.
        ("Active - Pending", Status.ERROR),
        ("Not Active", Status.ERROR),
        ("Suspended Pending Hearing", Status.ERROR),
        ("In Review", Status.ERROR),
        ("", Status.ERROR),
    ],
)
def test_every_status_maps_by_its_whole_word(written, status):
    judged = judge(status=written)
    assert judged.status is status, judged.summary
    if status is Status.ERROR:
        assert f"does not know ({written!r})" in judged.summary
    else:
        assert judged.level is Level.INDEPENDENT


def test_the_status_table_holds_exactly_the_mapped_words():
    assert sorted(STATUSES) == sorted([
        "active", "inactive", "expired", "delinquent", "retired", "probated/suspended",
        "suspended", "probated", "revoked", "surrendered",
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("discipline", "status", "flags"),
    [
        ("No", Status.VERIFIED, set()),
        ("Yes", Status.VERIFIED, {Flag.DISCIPLINARY_RECORD}),
        ("YES", Status.VERIFIED, {Flag.DISCIPLINARY_RECORD}),
        ("", Status.ERROR, set()),
        ("Pending", Status.ERROR, set()),
    ],
)
def test_the_disciplinary_column_flags_an_active_licence_and_never_sanctions_it(
    discipline, status, flags
):
    judged = judge(discipline=discipline)
    assert judged.status is status, judged.summary
    assert judged.flags == frozenset(flags)


def test_a_past_disciplinary_record_on_a_suspended_licence_is_still_a_sanction():
    assert judge(status="Suspended", discipline="Yes").status is Status.SANCTIONED


def test_dates_never_make_an_active_row_unreadable_but_a_past_expiry_is_not_in_force():
    assert judge(expires_on=None).status is Status.VERIFIED
    past = judge(expires_on=date(2026, 11, 30))
    assert past.status is Status.INACTIVE and "expired on 2026-11-30" in past.summary
    assert judge(expires_on=date(2027, 1, 31)).status is Status.VERIFIED


def test_the_older_files_upper_case_values_read_the_same(older):
    ana = older.verify(query())
    assert ana.status is Status.VERIFIED and ana.level is Level.INDEPENDENT
    assert ana.expires_on == date(2099, 3, 31)
    assert older.verify(claim("34567", "Dana", "White")).status is Status.SANCTIONED
    green = older.verify(claim("45678", "Erin", "Green"))
    assert (green.status, green.flags) == (Status.VERIFIED, {Flag.DISCIPLINARY_RECORD})
    assert older.verify(claim("56789", "Frank", "Black")).status is Status.ERROR
    assert older.verify(claim("23456", "Carl", "Brown")).status is Status.INACTIVE


def test_a_type_bhec_does_not_issue_is_a_mismatch_without_a_download(bhec, registry):
    result = bhec.verify(query(licence_type="Reiki master"))
    assert result.status is Status.MISMATCH and "does not issue" in result.summary
    assert registry.log == []


def test_refresh_downloads_all_four_files_with_progress(bhec, tmp_path):
    seen = []
    total = bhec.refresh(progress=lambda done, size: seen.append((done, size)))
    assert total == sum(len(fixture_bytes(path)) for path in DOCUMENTED.values())
    assert sorted(p.name for p in (tmp_path / "tx-bhec").iterdir()) == [
        "LPC.csv", "MFT.csv", "PSY.csv", "SW.csv"
    ]  # fmt: skip
    assert seen and all(done <= size for done, size in seen)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("LICENSE,NAME\n12345,ANA\n", "lacks the columns LIC_NBR"),
        (
            "LIC_TYPE,LIC_NBR,LAST_NME,FIRST_NME,LIC_STATUS,DISCPL_ACTN\n"
            "5261,12345,LOPEZ-GARCIA,ANA,Active,No\n",
            "lacks the columns RANK",
        ),
        (
            "LIC_TYPE,RANK,LIC_NBR,LAST_NME,FIRST_NME,LIC_STATUS,DISCPL_ACTN\n",
            "has no entries",
        ),
    ],
)
def test_a_changed_file_layout_is_an_error_not_a_miss(registry, session, tmp_path, body, words):
    registry.expect_request("/csv/LPC.csv").respond_with_data(body)
    bhec = get_verifier("tx-bhec", base_url=registry.url_for("/csv/"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = bhec.verify(query())
    assert result.status is Status.ERROR
    assert words in result.summary, result.summary


def test_it_covers_texas_only(bhec, registry):
    assert bhec.covers("US-TX") and not bhec.covers("US-NY") and not bhec.covers("US")
    assert bhec.verify(query(jurisdiction="US-NY")).status is Status.ERROR
    assert registry.log == []


def test_of_several_rows_under_one_number_the_claimants_is_judged(registry, session, tmp_path):
    header = fixture_bytes("tx_bhec/documented_LPC.csv").decode().splitlines()[0]
    body = "\n".join([
        header,
        "5261,LPC,90100,800100,ORTIZ,PAULA,,,Suspended,,,Yes",
        "5261,LPCA,90100,800101,HARPER,JADE,,,Active,,,No",
    ]) + "\n"  # fmt: skip
    registry.expect_request("/csv/LPC.csv").respond_with_data(body)
    bhec = get_verifier("tx-bhec", base_url=registry.url_for("/csv/"), session=session,
                        data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = bhec.verify(claim("90100", "Jade", "Harper", "LPC Associate"))
    assert (result.status, result.level) == (Status.VERIFIED, Level.SUPERVISED)
    assert "ORTIZ" in result.evidence and "HARPER" in result.evidence


# -- lookups by name (the public check) ----------------------------------------------------


def test_a_name_lookup_finds_a_licensee_in_any_file_and_says_what_they_hold(bhec):
    result = bhec.lookup_by_name(query(licence_type="", number="", first_name="Marta",
                                       last_name="Álvarez"))  # fmt: skip
    assert result.status is Status.VERIFIED
    assert result.level is Level.INDEPENDENT
    [match] = result.registry_details["matches"]
    assert match["number"] == "90001" and match["status"] == "verified"


def test_a_name_lookup_of_a_lapsed_or_restricted_licensee_says_so(bhec):
    lapsed = bhec.lookup_by_name(query(licence_type="LPC", number="", first_name="Greg",
                                       last_name="Foster"))  # fmt: skip
    restricted = bhec.lookup_by_name(query(licence_type="", number="", first_name="Min",
                                           last_name="Cho"))  # fmt: skip
    assert lapsed.status is Status.INACTIVE
    assert restricted.status is Status.SANCTIONED


def test_a_number_alone_finds_its_holder(bhec):
    result = bhec.lookup_by_name(query(licence_type="", number="LPC-90008", first_name="",
                                       last_name=""))  # fmt: skip
    assert result.status is Status.VERIFIED and result.level is Level.SUPERVISED
    assert result.registry_name.upper().startswith("JADE")


def test_a_made_up_name_is_not_found_and_a_number_under_another_name_is_not_theirs(bhec):
    made_up = query(licence_type="", number="", first_name="Nobody", last_name="Madeup")
    assert bhec.lookup_by_name(made_up).status is Status.NOT_FOUND
    other = query(licence_type="", number="90001", first_name="Jade", last_name="Harper")
    assert bhec.lookup_by_name(other).status is Status.NOT_FOUND


def test_a_name_lookup_against_a_registry_that_is_down_is_an_error(registry, session, tmp_path):
    registry.expect_request("/csv/LPC.csv").respond_with_data("down", status=503)
    verifier = get_verifier("tx-bhec", base_url=registry.url_for("/csv/"), session=session,
                            data_dir=tmp_path, requests_per_second=100)  # fmt: skip
    result = verifier.lookup_by_name(query(number="", first_name="Marta", last_name="Alvarez"))
    assert result.status is Status.ERROR
