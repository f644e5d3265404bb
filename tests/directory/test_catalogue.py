"""The registry catalogue: what each place issues, who checks it, and the coverage line."""

from __future__ import annotations

import pytest

from directory import catalogue
from directory.catalogue import CatalogueEntry, coverage
from directory.geography import GB_NATIONS, US_STATES
from verifiers import Kind, Level, LicenceQuery, get_verifier

PLACES = [f"US-{c}" for c in US_STATES if c != "PR"] + [f"GB-{c}" for c in GB_NATIONS]


@pytest.mark.parametrize("place", PLACES)
def test_every_state_dc_and_uk_nation_lists_the_four_families(place):
    families = {row.family for row in catalogue.rows_for(place)}
    assert set(catalogue.FAMILIES) <= families


def test_every_row_cites_a_source_or_says_it_is_unsourced_and_manual():
    for row in catalogue.entries():
        assert row.source or not row.sourced, row
        if not row.sourced:
            assert row.manual, row
        # A complaint page nobody sourced stays empty rather than guessed.
        assert row.complaint_url == "" or row.complaint_url.startswith("https://"), row


def test_a_census_population_for_every_state_and_dc():
    populations = catalogue.census_populations()
    assert set(populations) == {f"US-{c}" for c in US_STATES if c != "PR"}
    assert sum(populations.values()) == 331_449_281  # the 2020 census resident population


def test_what_texas_issues_and_how_each_is_checked():
    assert "LPCA" in catalogue.types_issued("US-TX")
    assert catalogue.verifier_for("US-TX", "LPC") == "tx-bhec"
    assert catalogue.verifier_for("US-TX", "LPC-A") == "tx-bhec"  # an alias of the associate
    # tx-bhec reads no psychologist rank yet: a person checks those.
    assert catalogue.verifier_for("US-TX", "Psychologist") == "manual"
    assert catalogue.lookup_page("US-TX", "LMFT").startswith("https://")
    assert catalogue.complaint_page("US-TX", "LMFT") is None
    assert not catalogue.issues("US-TX", "NPI")
    assert catalogue.refusal("US-TX", "NPI").startswith(
        "Texas does not issue NPI licences; it issues LPCA, Licensed Professional Counselor,"
    )


def test_a_uk_licence_matches_its_nations_rows_and_memberships_stay_memberships():
    assert catalogue.verifier_for("GB", "PYL") == "uk-hcpc"
    bacp = catalogue.entry("GB", "MBACP")
    assert bacp is not None and bacp.kind is Kind.MEMBERSHIP and bacp.manual


def test_a_place_no_source_describes_refuses_nothing():
    assert not catalogue.knows("US-DC")
    assert catalogue.issues("US-DC", "LGPC")


def test_how_a_licence_will_be_checked_depends_on_what_the_site_runs():
    runs = {"tx-bhec": "Texas Behavioral Health Executive Council"}
    plan = catalogue.check_plan("US-TX", "LPC", runs)
    assert plan.automated
    assert plan.text == "checked automatically with the Texas Behavioral Health Executive Council"
    plan = catalogue.check_plan("US-TX", "LPC", {})  # switched off: a person checks it
    assert not plan.automated
    assert plan.text.startswith("checked by hand by the Solace team at https://")


def _row(place, family, verifier, level=Level.INDEPENDENT):
    return CatalogueEntry(
        place, family.upper(), family, (), family, level, Kind.LICENCE,
        "Board", "", "", verifier, "made up", True,
    )  # fmt: skip


def _state(place, verifier, **overrides):
    return [_row(place, f, overrides.get(f, verifier)) for f in catalogue.FAMILIES]


def test_coverage_counts_a_state_only_when_all_four_families_are_automated():
    rows = [
        *_state("US-AA", "free"),  # 50 people, every family by a keyless verifier
        *_state("US-BB", "keyed"),  # 30, by a verifier that needs a key
        *_state("US-CC", "free", mft="manual"),  # 15, one family by hand
        _row("US-DD", "psychologist", "free"),  # 5, three families missing
        _row("US-AA", "counselor", "manual", Level.SUPERVISED),  # a supervised level does not count
    ]
    populations = {"US-AA": 50, "US-BB": 30, "US-CC": 15, "US-DD": 5}
    result = coverage(rows, populations, automated={"free", "keyed"}, keyless={"free"})
    assert result.states_with_keys == ("US-AA", "US-BB")
    assert result.line() == "automated for 80% of the US population (50% without API keys)"


def test_coverage_of_nothing_is_zero():
    result = coverage([], {"US-AA": 10}, automated=set(), keyless=set())
    assert result.line() == "automated for 0% of the US population (0% without API keys)"


def test_the_cli_prints_the_table_and_ends_with_the_coverage_line(runner):
    result = runner.invoke(args=["verifiers", "coverage"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split()[:3] == ["jurisdiction", "licence", "type"]
    assert any(line.startswith("US-TX") and "tx-bhec" in line for line in lines)
    assert any("unsourced" in line for line in lines)
    last = lines[-1]
    assert last.startswith("automated for ") and last.endswith("without API keys)")
    assert sum(line.startswith("automated for") for line in lines) == 1


def test_what_counts_as_checked_by_a_program_follows_each_verifiers_capabilities(app):
    from directory.cli.verification import counted_verifiers

    with app.app_context():
        automated, keyless = counted_verifiers()
    # Keyless and tested: counts both ways.
    assert {"tx-bhec", "co-dora", "uk-hcpc"} <= automated & keyless
    # A key, and answers recorded from the registry: counts only with keys.
    assert "ny-op" in automated and "ny-op" not in keyless
    # A key, but only answers written from documentation: does not count yet.
    assert "ca-dca" not in automated
    # A person answers the manual verifier: never "checked by a program".
    assert "manual" not in automated


def test_colorado_counts_once_all_four_families_are_automated():
    populations = catalogue.census_populations()
    result = coverage(catalogue.rows_for("US-CO"), populations, {"co-dora"}, {"co-dora"})
    share = 100 * populations["US-CO"] / sum(populations.values())
    assert result.states_with_keys == ("US-CO",)
    assert result.with_keys == pytest.approx(share) == result.without_keys


# tx-bhec is left out: its screen lets every type BHEC issues through and it refuses the
# ranks it cannot read only after reading the board's file.
SCREENING = ["ca-dca", "co-dora", "fl-mqa", "ny-op", "thentia-ok-obbhl", "uk-hcpc", "wa-doh"]


@pytest.mark.parametrize("name", SCREENING)
def test_a_row_names_a_verifier_exactly_when_that_verifier_checks_it(name):
    """The editor offers the catalogue's types and the licence page says how each is checked:
    a row naming the verifier must be a type it checks (else the therapist is told
    "automatically", a person gets it, and the coverage line counts it), and a type it
    checks must name it."""
    checker = get_verifier(name)
    for place in checker.jurisdictions:
        for row in catalogue.rows_for(place):
            claim = LicenceQuery(row.jurisdiction, row.licence_type, "12345", "Ada", "Lovelace")
            checked = checker.screen(claim) is None
            assert checked == (row.verifier == name), (place, row.licence_type, row.verifier)
