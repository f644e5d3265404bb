"""Payloads from tests/fixtures/ and a claim builder, shared by the verifier tests."""

from __future__ import annotations

from pathlib import Path

from verifiers import LicenceQuery

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_bytes(relative: str) -> bytes:
    """The content of tests/fixtures/<relative>."""
    return (FIXTURES / relative).read_bytes()


def query(**overrides) -> LicenceQuery:
    """A claim, with defaults for the fields a test does not care about."""
    fields = {
        "jurisdiction": "US-TX",
        "licence_type": "LPC",
        "number": "12345",
        "first_name": "Ana",
        "last_name": "Lopez-Garcia",
    }
    fields.update(overrides)
    return LicenceQuery(**fields)
