"""Property tests: no registry answer, however strange, makes a parser or verify()
fail in an undocumented way. Parsers either return a result or raise the typed
`RegistryError` family (ParseError and kin), which verify() turns into ERROR."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.verifiers.registry_fixtures import SETUPS, build, built_ins, fixture_bytes, query
from verifiers import RegistrySession, Status, get_verifier
from verifiers.datafiles import Snapshot
from verifiers.errors import RegistryError
from verifiers.http import RegistryResponse
from verifiers.matching import full_name_matches, licence_number_key, name_words, names_match
from verifiers.nppes import parse_answer
from verifiers.nppes import status_for as nppes_status
from verifiers.ny_op import parse_licence
from verifiers.ny_op import status_for as ny_status
from verifiers.oig_leie import OigLeieVerifier
from verifiers.tx_bhec import TxBhecVerifier
from verifiers.uk_hcpc import parse_page
from verifiers.uk_hcpc import status_for as hcpc_status

FAST = settings(max_examples=60, deadline=None)
CLAIM = query(npi="1234567893", first_name="Ana", last_name="Lopez")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
# Dicts shaped like registry answers, with any values where the fields go.
nppes_like = st.fixed_dictionaries(
    {"result_count": json_values},
    optional={
        "results": st.lists(
            st.fixed_dictionaries(
                {"number": json_values},
                optional={
                    "enumeration_type": json_values,
                    "basic": st.dictionaries(
                        st.sampled_from(["first_name", "last_name", "status", "middle_name"]),
                        json_values,
                    ),
                    "taxonomies": st.lists(
                        st.dictionaries(
                            st.sampled_from(["code", "desc", "state", "license", "primary"]),
                            json_values,
                        ),
                        max_size=3,
                    ),
                    "last_updated_epoch": json_values,
                },
            ),
            max_size=3,
        ),
        "Errors": json_values,
    },
)
html_pieces = st.lists(
    st.sampled_from(
        ["<table>", "<tr>", "</tr>", "<th>", "Name", "</th>", "<td>", "</td>", "Status",
         "Registration number", "PYL12345", "Registered", "Period", "01/02/2025 to 31/13/2026",
         "<dt>", "<dd>", "No results returned for", "Data valid on", "<title>", "<", ">", "&"]
    ) | st.text(max_size=10),
    max_size=40,
).map("".join)  # fmt: skip
label_pairs = st.dictionaries(
    st.sampled_from(["name", "status", "licenseNumber", "registeredThroughDate", "profession",
                     "enforcementActions", "fields", "data"]),
    json_values | st.fixed_dictionaries({"label": st.text(max_size=15), "value": json_values}),
)  # fmt: skip
csv_text = st.lists(
    st.lists(st.text(max_size=8) | st.sampled_from(["LASTNAME", "NPI", "LIC_NBR", '"', ","]),
             max_size=20).map(",".join),
    max_size=8,
).map("\n".join)  # fmt: skip


def survives(parse, payload):
    try:
        return parse(payload)
    except RegistryError:
        return None


@FAST
@given(st.binary(max_size=2000) | json_values.map(lambda v: json.dumps(v).encode()))
def test_nppes_parser_on_arbitrary_bytes(payload):
    survives(parse_answer, payload)


@FAST
@given(nppes_like)
def test_nppes_parse_and_decide_on_answer_shaped_data(payload):
    answer = survives(parse_answer, payload)
    for record in answer.records if answer else ():
        status, summary = nppes_status(record, CLAIM)
        assert isinstance(status, Status) and summary


@FAST
@given(st.binary(max_size=2000) | html_pieces.map(str.encode) | html_pieces)
def test_hcpc_parser_on_arbitrary_html(payload):
    entry = survives(parse_page, payload)
    if entry is not None:
        claim = query(jurisdiction="GB", number="PYL12345", first_name="Jane", last_name="Smith")
        assert isinstance(hcpc_status(entry, claim, "PYL12345", date(2026, 11, 26))[0], Status)


@FAST
@given(st.binary(max_size=2000) | json_values | label_pairs | st.lists(label_pairs, max_size=3))
def test_ny_parser_on_arbitrary_answers(payload):
    licence = survives(parse_licence, payload)
    if licence is not None:
        assert isinstance(ny_status(licence, CLAIM, date(2026, 11, 26))[0], Status)


@FAST
@given(csv_text | st.binary(max_size=2000))
def test_file_parsers_on_arbitrary_csv(payload):
    index = survives(OigLeieVerifier.parse, payload)
    if index is not None:
        index.by_npi("1234567893")
        index.by_name("Lopez", "Ana")
    rows = survives(TxBhecVerifier.parse, payload)
    if rows is not None:
        rows.lookup("12345")


@FAST
@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=60))
def test_name_and_number_matching_never_fail(first, last, held):
    name_words(held)
    names_match(first, last, held, held)
    full_name_matches(first, last, held)
    licence_number_key(held)


_session = RegistrySession(read_timeout=2, retries=0, max_bytes=100_000)


# Every built-in, through its own parse and decide steps: whatever the payload,
# parse returns records or raises the typed errors, and decide judges the records.
ANY_BYTES = st.binary(max_size=2000) | json_values.map(lambda v: json.dumps(v).encode())
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("name", built_ins(file_backed=False))
@FAST
@given(body=ANY_BYTES | html_pieces.map(str.encode), status=st.sampled_from([200, 404]))
def test_every_http_verifier_parses_and_decides_any_answer(name, body, status):
    verifier = get_verifier(name, base_url="http://registry.test/", session=_session)
    answer = RegistryResponse(url="http://registry.test/", status_code=status, headers={},
                              content=body)  # fmt: skip
    records = survives(verifier.parse, answer)
    if records is not None:
        assert isinstance(verifier.decide(SETUPS[name][1], records).status, Status)


@pytest.mark.parametrize("name", built_ins(file_backed=True))
@FAST
@given(csv_text | st.binary(max_size=2000))
def test_every_file_backed_verifier_parses_and_decides_any_file(name, tmp_path_factory, payload):
    verifier = get_verifier(name, base_url="http://registry.test/", session=_session,
                            data_dir=tmp_path_factory.getbasetemp())  # fmt: skip
    records = survives(verifier.parse, payload)
    if records is not None:
        snapshot = Snapshot(records, TODAY, "http://registry.test/")
        assert isinstance(verifier.decide(SETUPS[name][1], snapshot).status, Status)


# verify() end to end, with the registry answering arbitrary bodies. Hypothesis
# does not mix with function-scoped fixtures, so this uses the session's server.


@pytest.mark.parametrize("name", built_ins(file_backed=False))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=3000)
    | html_pieces.map(str.encode)
    | json_values.map(lambda v: json.dumps(v).encode()),
    status=st.sampled_from([200, 200, 200, 404, 500, 403]),
)
def test_verify_never_raises_whatever_the_registry_sends(registry_server, name, body, status):
    registry_server.clear()
    registry_server.expect_request(f"/{SETUPS[name][0]}", method="GET").respond_with_data(
        body, status=status
    )
    verifier, claim = build(name, registry_server.url_for("/"), _session, data_dir=None)
    result = verifier.verify(claim)
    assert isinstance(result.status, Status) and "\n" not in result.summary
    assert result.status is not Status.VERIFIED  # nothing random is a clear, matching answer


def test_the_recorded_fixtures_still_parse():
    # Guards the property tests' premise: valid answers are not all errors.
    assert survives(parse_answer, fixture_bytes("nppes/single_individual_result.json"))
    assert survives(parse_page, fixture_bytes("uk_hcpc/registered_PYL12345.html"))
    assert survives(parse_licence, fixture_bytes("ny_op/registered_068_012345.json"))
