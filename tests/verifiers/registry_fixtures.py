"""Payloads from tests/fixtures/, a claim builder, and the built-in verifiers as the
suites that run over all of them reach them; shared by the verifier tests."""

from __future__ import annotations

from pathlib import Path

from verifiers import LicenceQuery, available_verifiers, get_verifier

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


def built_ins(
    *, file_backed: bool | None = None, answered_by_person: bool | None = False
) -> list[str]:
    """The names of the built-in verifiers with these capabilities (None: either), so
    that a test iterating over them covers a new built-in by itself. By default, those
    a program answers."""
    return [
        name
        for name, info in available_verifiers().items()
        if info.source == "built-in"
        and (answered_by_person is None or info.answered_by_person == answered_by_person)
        and (file_backed is None or info.file_backed == file_backed)
    ]


# How the tests reach each built-in that asks a registry: the registry's path under
# the local server, a claim it can check, and options it needs. A new built-in must
# add itself here (a test says so), and is then covered by every suite that uses it.
SETUPS = {
    "nppes": ("api/", query(npi="1234567893"), {}),
    "uk-hcpc": (
        "detail/",
        query(jurisdiction="GB", licence_type="Practitioner psychologist", number="PYL12345",
              first_name="Jane", last_name="Smith"),
        {},
    ),
    "ny-op": (
        "rosa/V2/",
        query(jurisdiction="US-NY", licence_type="Psychologist", first_name="Jane",
              last_name="Smith"),
        {"api_key": "test-key"},
    ),
    "oig-leie": ("UPDATED.csv", query(npi="1234567893"), {}),
    "tx-bhec": ("csv/", query(), {}),
    "thentia-ok-obbhl": (
        "rest/public/profile/search/",
        query(jurisdiction="US-OK", number="LPC04898", first_name="Jane", last_name="Smith"),
        {},
    ),
    "ca-dca": (
        "licenseSearchService/",
        query(jurisdiction="US-CA", licence_type="LMFT", first_name="Jane", last_name="Smith"),
        {"app_id": "test-id", "app_key": "test-key"},
    ),
    # State open-data and export registries
    "co-dora": ("resource/7s5z-vewr.json",
                query(jurisdiction="US-CO", licence_type="LPC", number="22753",
                      first_name="Sharlete", last_name="Babrudi"), {}),
    "wa-doh": ("resource/qxh8-f4bd.json",
               query(jurisdiction="US-WA", licence_type="LMHC", number="LH61321872",
                     first_name="Mychalbrianne", last_name="Chatigny"), {}),
    "fl-mqa": ("fl/", query(jurisdiction="US-FL", licence_type="Psychologist",
                            number="PY1234", first_name="Ana", last_name="Lopez"), {}),
}  # fmt: skip


def build(name: str, base: str, session, data_dir: Path, **options):
    """The built-in `name` asking the registry at `base`, and a claim it can check;
    a file-backed one keeps its files in `data_dir`."""
    path, claim, needed = SETUPS[name]
    if available_verifiers()[name].file_backed:
        options.setdefault("data_dir", data_dir)
    verifier = get_verifier(name, base_url=base + path, session=session,
                            requests_per_second=1000, **needed, **options)  # fmt: skip
    return verifier, claim
