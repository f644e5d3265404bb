"""Third-party verifiers, found through real installed distributions made here."""

from __future__ import annotations

import logging
import sys
import textwrap

import pytest

from tests.verifiers.registry_fixtures import query
from verifiers import (
    Kind,
    Status,
    available_verifiers,
    get_verifier,
    is_answered_by_person,
    is_file_backed,
    reload_plugins,
)

GOOD = """
from datetime import UTC, datetime
from verifiers import Kind, Status, VerificationResult

class CaliforniaVerifier:
    name = "ca-test-board"
    kind = "licence"
    jurisdictions = ("US-CA",)
    registry_name = "Test board"
    default_base_url = "https://board.example/"

    def __init__(self, base_url=None, session=None, **options):
        self.base_url = base_url or self.default_base_url
        self.options = options

    def verify(self, query):
        return VerificationResult(
            status=Status.VERIFIED, verifier=self.name, kind=Kind.LICENCE,
            checked_at=datetime.now(UTC), registry=self.registry_name,
            registry_url=self.base_url, summary=f"{query.number} ok",
        )
"""


def install(site, dist: str, module: str, source: str, entry_points: str) -> None:
    """Write a module and its distribution's .dist-info, as pip would install them."""
    (site / f"{module}.py").write_text(textwrap.dedent(source))
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[solace.verifiers]\n{entry_points}\n")
    (info / "RECORD").write_text("")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A site folder on sys.path; discovery is rerun before and after."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))  # also clears importlib's caches
    reload_plugins()
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.startswith("solace_plugin_"):
            del sys.modules[name]
    reload_plugins()


def test_an_installed_plugin_is_found_and_used(site):
    install(site, "solace-plugin-ca", "solace_plugin_ca", GOOD,
            "ca = solace_plugin_ca:CaliforniaVerifier")  # fmt: skip
    info = available_verifiers()["ca-test-board"]
    assert (info.kind, info.jurisdictions, info.source) == (
        Kind.LICENCE, ("US-CA",), "solace-plugin-ca"
    )  # fmt: skip
    verifier = get_verifier("ca-test-board", base_url="https://mirror.example/", api_key="k")
    assert verifier.base_url == "https://mirror.example/" and verifier.options == {"api_key": "k"}
    assert verifier.verify(query(jurisdiction="US-CA")).status is Status.VERIFIED


def test_a_plugin_without_capabilities_is_neither_file_backed_nor_answered_by_a_person(site):
    install(site, "solace-plugin-ca", "solace_plugin_ca", GOOD,
            "ca = solace_plugin_ca:CaliforniaVerifier")  # fmt: skip
    info = available_verifiers()["ca-test-board"]
    assert not info.file_backed and not info.answered_by_person
    made = get_verifier("ca-test-board")
    assert not is_file_backed(made) and not is_answered_by_person(made)


def test_the_allow_list_switches_a_plugin_off(site):
    install(site, "solace-plugin-ca", "solace_plugin_ca", GOOD,
            "ca = solace_plugin_ca:CaliforniaVerifier")  # fmt: skip
    assert "ca-test-board" not in available_verifiers(allow=["nppes", "tx-bhec"])
    assert "ca-test-board" in available_verifiers(allow=["ca-test-board"])


def test_a_plugin_that_fails_to_import_is_logged_and_skipped(site, caplog):
    install(site, "solace-plugin-broken", "solace_plugin_broken",
            "raise ImportError('needs a library that is not installed')",
            "broken = solace_plugin_broken:Verifier")  # fmt: skip
    install(site, "solace-plugin-ca", "solace_plugin_ca", GOOD,
            "ca = solace_plugin_ca:CaliforniaVerifier")  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="verifiers"):
        found = available_verifiers()
    assert "ca-test-board" in found and "nppes" in found  # the others still work
    [record] = [r for r in caplog.records if "solace-plugin-broken" in r.getMessage()]
    assert "failed to load and was skipped" in record.getMessage()
    assert "needs a library that is not installed" in record.getMessage()


def test_a_plugin_reusing_a_taken_name_is_refused(site, caplog):
    impostor = GOOD.replace('name = "ca-test-board"', 'name = "nppes"')
    install(site, "solace-plugin-impostor", "solace_plugin_impostor", impostor,
            "nppes = solace_plugin_impostor:CaliforniaVerifier")  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="verifiers"):
        found = available_verifiers()
    assert found["nppes"].source == "built-in"
    assert any("already taken by built-in" in r.getMessage() for r in caplog.records)


def test_two_plugins_with_one_name_keep_the_first_by_distribution_name(site, caplog):
    install(
        site, "solace-plugin-a", "solace_plugin_a", GOOD, "ca = solace_plugin_a:CaliforniaVerifier"
    )
    install(
        site, "solace-plugin-b", "solace_plugin_b", GOOD, "ca = solace_plugin_b:CaliforniaVerifier"
    )
    with caplog.at_level(logging.WARNING, logger="verifiers"):
        assert available_verifiers()["ca-test-board"].source == "solace-plugin-a"
    assert any("solace-plugin-b" in r.getMessage() and "already taken" in r.getMessage()
               for r in caplog.records)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("    def verify(self, query):", "    def check(self, query):"), "no verify() method"),
        (('kind = "licence"', 'kind = "vibes"'), "is not one of licence, identity, exclusion"),
        (('name = "ca-test-board"', 'name = "CA Board"'), "not a kebab-case string"),
        (('jurisdictions = ("US-CA",)', "jurisdictions = ()"), "jurisdictions"),
    ],
)
def test_a_plugin_breaking_the_protocol_is_refused(site, caplog, change, problem):
    install(site, "solace-plugin-odd", "solace_plugin_odd", GOOD.replace(*change),
            "odd = solace_plugin_odd:CaliforniaVerifier")  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="verifiers"):
        found = available_verifiers()
    assert "ca-test-board" not in found and "CA Board" not in found
    messages = [r.getMessage() for r in caplog.records if "solace-plugin-odd" in r.getMessage()]
    assert messages and problem in messages[0] and "refused" in messages[0]


def test_the_name_search_capability_is_read_from_the_verifier_not_its_name():
    found = available_verifiers()
    assert {n for n, info in found.items() if info.name_search} >= {"tx-bhec", "oig-leie", "nppes"}
    assert not found["uk-hcpc"].name_search and not found["manual"].name_search
