"""The verification benchmark's local registries: every built-in verifier a program
answers has one, and reads its answers as the registry's licensees in force. A stand-in
whose answers a verifier misread would make `make bench` time errors, not checks."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from verifiers import LicenceQuery, RegistrySession, Status, available_verifiers, get_verifier

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import verify_bench  # noqa: E402


@pytest.fixture(scope="module")
def registries():
    """The bench's world, small: ten licensees a registry, forty rows a file."""
    return verify_bench.build_world(seconds=1, rows=40, only=None)


def test_every_built_in_a_program_answers_has_a_local_registry(registries):
    programs = {name for name, info in available_verifiers().items()
                if info.source == "built-in" and not info.answered_by_person}  # fmt: skip
    assert {r.verifier for r in registries} == programs


def test_each_verifier_reads_its_local_registry_as_licences_in_force(registries, tmp_path):
    for registry in registries:
        server = verify_bench.LocalRegistry(registry)
        session = RegistrySession()
        options = dict(registry.options)
        if available_verifiers()[registry.verifier].file_backed:
            options["data_dir"] = tmp_path
        try:
            verifier = get_verifier(registry.verifier, server.base_url, session,
                                    requests_per_second=1000, **options)  # fmt: skip
            results = [verifier.verify(LicenceQuery(**claim)) for claim in registry.claims]
        finally:
            server.shutdown()
            server.server_close()
            session.close()
        # The exclusion list names one licensee in a hundred (at least one): SANCTIONED.
        expected = Counter({Status.VERIFIED: len(results)})
        if registry.verifier == "oig-leie":
            expected.update({Status.VERIFIED: -1, Status.SANCTIONED: 1})
        unexpected = [r.summary for r in results if r.status is not Status.VERIFIED]
        assert Counter(r.status for r in results) == expected, (registry.verifier, unexpected)
        assert server.requests >= 1


def test_a_child_run_reports_time_statuses_and_memory(registries, tmp_path):
    """What the bench prints for a verifier comes from `run_child`: one at its limit."""
    registry = next(r for r in registries if r.verifier == "tx-bhec")
    server = verify_bench.LocalRegistry(registry)
    try:
        figures = verify_bench.run_child({
            "name": "tx-bhec", "base_url": server.base_url, "options": {},
            "claims": registry.claims[:3], "file_backed": True, "data_dir": str(tmp_path),
        })  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert figures["statuses"] == {"verified": 3}
    assert figures["limit"] == 1.0
    assert server.requests == 4  # refresh: the four files, one a second
    assert figures["refresh_seconds"] >= 3.0
    assert figures["rss_peak"] >= figures["rss_end"] > 0
    line = verify_bench.report("tx-bhec", figures, server.requests)
    assert "tx-bhec" in line and "verified 3" in line
