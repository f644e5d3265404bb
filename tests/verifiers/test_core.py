"""The public plugin API: queries, statuses, results, discovery by name."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

import verifiers
from tests.verifiers.registry_fixtures import built_ins, query
from verifiers import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    Status,
    UnknownVerifier,
    VerificationResult,
    available_verifiers,
    get_verifier,
    is_answered_by_person,
    is_file_backed,
)
from verifiers.core import EVIDENCE_LIMIT


def result(**overrides) -> VerificationResult:
    fields = dict(
        status=Status.VERIFIED,
        verifier="tx-bhec",
        kind=Kind.LICENCE,
        checked_at=datetime(2026, 11, 26, 12, 0, tzinfo=UTC),
        registry="Texas BHEC",
        registry_url="https://www.bhec.texas.gov/csv/LPC.csv",
        summary="Texas LPC 12345 is active.",
        registry_name="ANA LOPEZ",
        registry_details={"licence_number": "12345", "expires_on": date(2027, 3, 31)},
        expires_on=date(2027, 3, 31),
        evidence="LIC_NBR=12345",
    )
    fields.update(overrides)
    return VerificationResult(**fields)


def test_status_has_exactly_the_contract_members():
    assert [s.value for s in Status] == [
        "verified", "not_found", "mismatch", "inactive", "sanctioned", "error"
    ]  # fmt: skip
    assert [k.value for k in Kind] == ["licence", "identity", "exclusion", "membership"]
    assert [lv.value for lv in Level] == ["independent", "supervised", "limited_scope"]


def test_level_and_flags_survive_a_round_trip_and_rank_levels():
    stored = result(
        status=Status.MISMATCH,
        level="supervised",
        flags={"possible_match", Flag.WAIVER},
    ).to_dict()
    back = VerificationResult.from_dict(stored)
    assert back.level is Level.SUPERVISED
    assert back.flags == {Flag.POSSIBLE_MATCH, Flag.WAIVER} and back.possible_match
    assert stored["flags"] == ["possible_match", "waiver"]
    assert Level.INDEPENDENT.rank > Level.SUPERVISED.rank > Level.LIMITED_SCOPE.rank
    assert not result(flags={"possible_match"}).possible_match  # only a MISMATCH is one


def test_a_query_is_normalised_and_knows_its_state():
    claim = LicenceQuery(" us-tx ", " LPC ", " 12345 ", " Ana ", " Lopez ", npi=" ")
    assert (claim.jurisdiction, claim.licence_type, claim.number) == ("US-TX", "LPC", "12345")
    assert claim.npi is None and claim.subdivision == "TX" and claim.country == "US"
    assert LicenceQuery("GB", "PYL", "1", "A", "B").subdivision is None


def test_a_query_with_a_made_up_jurisdiction_is_refused():
    with pytest.raises(ValueError, match="ISO 3166"):
        LicenceQuery("Texas", "LPC", "1", "A", "B")


def test_results_survive_json_storage_unchanged():
    original = result()
    stored = json.dumps(original.to_dict())
    assert VerificationResult.from_dict(json.loads(stored)) == original
    assert json.loads(stored)["status"] == "verified"


def test_results_are_in_utc_and_refuse_naive_times():
    local = result(checked_at=datetime(2026, 11, 26, 14, 0, tzinfo=timezone(timedelta(hours=2))))
    assert local.checked_at == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        result(checked_at=datetime(2026, 11, 26, 12, 0))


def test_evidence_is_capped_and_summary_kept_to_one_line():
    long = result(evidence="x" * (EVIDENCE_LIMIT * 3), summary="first\nsecond")
    assert len(long.evidence) == EVIDENCE_LIMIT and long.evidence.endswith("[...cut]")
    assert long.summary == "first second"


def test_a_stored_result_with_an_unknown_status_is_refused():
    data = result().to_dict() | {"status": "probably_fine"}
    with pytest.raises(ValueError):
        VerificationResult.from_dict(data)
    with pytest.raises(ValueError, match="lacks 'summary'"):
        VerificationResult.from_dict({k: v for k, v in result().to_dict().items()
                                      if k != "summary"})  # fmt: skip


def test_only_a_licence_kind_verified_result_verifies_a_licence():
    assert result().verifies_licence
    assert not result(kind=Kind.IDENTITY).verifies_licence
    assert not result(kind=Kind.EXCLUSION).verifies_licence
    assert not result(status=Status.INACTIVE).verifies_licence


def test_the_built_in_verifiers_are_available_with_their_kinds():
    found = available_verifiers()
    expected = {
        "nppes": (Kind.IDENTITY, ("US",)),
        "oig-leie": (Kind.EXCLUSION, ("US",)),
        "tx-bhec": (Kind.LICENCE, ("US-TX",)),
        "uk-hcpc": (Kind.LICENCE, ("GB",)),
        "ny-op": (Kind.LICENCE, ("US-NY",)),
        "manual": (Kind.LICENCE, ("*",)),
        "co-dora": (Kind.LICENCE, ("US-CO",)),
        "wa-doh": (Kind.LICENCE, ("US-WA",)),
        "fl-mqa": (Kind.LICENCE, ("US-FL",)),
    }
    for name, (kind, jurisdictions) in expected.items():
        assert (found[name].kind, found[name].jurisdictions) == (kind, jurisdictions)
        assert found[name].source == "built-in"


def test_the_built_ins_say_what_they_are():
    found = available_verifiers()
    assert set(built_ins(file_backed=True)) == {"oig-leie", "tx-bhec", "fl-mqa"}
    assert set(built_ins(answered_by_person=True)) == {"manual"}
    assert not found["manual"].file_backed
    for name in built_ins(file_backed=None, answered_by_person=None):
        made = get_verifier(name)
        assert is_file_backed(made) is found[name].file_backed
        assert is_answered_by_person(made) is found[name].answered_by_person


def test_the_allow_list_switches_verifiers_off():
    assert set(available_verifiers(allow=["nppes", "manual"])) == {"nppes", "manual"}
    assert available_verifiers(allow=()) == {}
    with pytest.raises(UnknownVerifier, match="switched off"):
        get_verifier("nppes", allow=["manual"])


def test_an_unknown_name_lists_what_exists():
    with pytest.raises(UnknownVerifier, match="available: .*nppes"):
        get_verifier("zz-no-such-board")


def test_unknown_options_are_refused_rather_than_ignored():
    with pytest.raises(TypeError):
        get_verifier("nppes", api_kee="typo")


def test_the_registry_address_defaults_to_the_public_one_and_can_be_overridden():
    assert get_verifier("nppes").base_url == "https://npiregistry.cms.hhs.gov/api/"
    assert get_verifier("nppes", base_url="http://127.0.0.1:9/api/").base_url == (
        "http://127.0.0.1:9/api/"
    )


def test_verify_never_raises_even_on_a_bug(monkeypatch, registry, session):
    nppes = get_verifier("nppes", base_url=registry.url_for("/"), session=session)

    def broken(self, claim):
        raise KeyError("surprise")

    monkeypatch.setattr(type(nppes), "check", broken)
    outcome = nppes.verify(query(npi="1234567893"))
    assert outcome.status is Status.ERROR and "failed unexpectedly" in outcome.summary


def test_the_package_does_not_import_the_web_application():
    code = (
        "import sys, verifiers\n"
        "for name in verifiers.available_verifiers(): verifiers.get_verifier(name)\n"
        "bad = [m for m in ('flask', 'sqlalchemy', 'directory') if m in sys.modules]\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("name", built_ins(file_backed=None, answered_by_person=None))
def test_each_registry_module_names_its_registry_address_and_check_date(name):
    doc = importlib.import_module(available_verifiers()[name].factory.__module__).__doc__
    # Each module carries the date its own format was last checked, which differs.
    assert re.search(r"checked: 20\d\d-[01]\d-[0-3]\d\b", doc), doc[:200]
    assert "https://" in doc and "Registry" in doc


def test_the_public_names_are_exported():
    for name in verifiers.__all__:
        assert hasattr(verifiers, name), name
