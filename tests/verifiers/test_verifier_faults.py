"""Every verifier that asks a registry, against every kind of registry trouble.

Each fault must end as an ERROR result with a clear one-line summary: never
VERIFIED, never NOT_FOUND, and never an exception out of verify().
"""

from __future__ import annotations

import json
import re
import time

import pytest
from werkzeug import Response

from tests.verifiers.registry_fixtures import SETUPS, build, built_ins, fixture_bytes, query
from verifiers import Status
from verifiers.oig_leie import COLUMNS as LEIE_COLUMNS

ANY_PATH = re.compile(r"^/.*$")

# Every built-in that asks a registry, by program: over HTTP or for a file.
ASKING = built_ins()
FILE_BACKED = set(built_ins(file_backed=True))


def slow(request):
    time.sleep(1.2)  # the test session's read timeout is 0.5 s
    return Response("{}")


def fifty_megabytes(request):
    return Response((b"{" * 65536 for _ in range(800)), content_type="application/json")


def truncated_transfer(request):
    # Declares more than it sends, then the server closes the connection.
    body = fixture_bytes("nppes/current_format_counselor_1234567893.json")
    # (A generator body: werkzeug would correct the length of a bytes body.)
    return Response(iter([body[:200]]), headers={"Content-Length": str(len(body))})


def bot_wall(request):
    return Response(fixture_bytes("uk_hcpc/bot_check.html"), content_type="text/html")


def maintenance(request):
    return Response(fixture_bytes("nppes/maintenance.html"), content_type="text/html")


def changed_format(request):
    if request.path.endswith(".csv"):
        return Response("ID,FULL_NAME,STATE\n1,ANA LOPEZ,TX\n", content_type="text/csv")
    if request.path.startswith("/detail"):
        return Response(fixture_bytes("uk_hcpc/redesigned.html"), content_type="text/html")
    return Response(json.dumps({"data": {"practitioner": {"id": 1}}, "version": 3}),
                    content_type="application/json")  # fmt: skip


def truncated_json(request):
    body = fixture_bytes("nppes/current_format_counselor_1234567893.json")
    if request.path.startswith("/rosa"):
        body = fixture_bytes("ny_op/registered_068_012345.json")
    return Response(body[: len(body) // 2], content_type="application/json")


def empty_list(request):
    header = ",".join(LEIE_COLUMNS) if "UPDATED" in request.path else (
        "LIC_TYPE,LIC_NBR,LAST_NME,FIRST_NME,LIC_STATUS"
    )  # fmt: skip
    return Response(header + "\n", content_type="text/csv")


def redirect_elsewhere(request):
    target = request.url.replace("127.0.0.1", "localhost")
    return Response("", status=302, headers={"Location": target})


FAULTS = {
    "timeout": (slow, "did not answer within 0.5 s"),
    "http 500": (lambda request: Response("oops", status=500), "HTTP 500"),
    "429 forever": (lambda request: Response("", status=429), "429 Too Many Requests"),
    "maintenance page": (maintenance, None),
    "truncated transfer": (truncated_transfer, "broke mid-answer"),
    "50 MB body": (fifty_megabytes, "size limit"),
    "redirect to another host": (redirect_elsewhere, "another site"),
    "bot check with 200": (bot_wall, None),
    "changed format": (changed_format, None),
}
JSON_FAULTS = {"truncated json": (truncated_json, None)}
FILE_FAULTS = {"empty list": (empty_list, "no entries")}


def cases():
    for name in ASKING:
        extra = FILE_FAULTS if name in FILE_BACKED else JSON_FAULTS
        for fault in {**FAULTS, **extra}:
            yield pytest.param(name, fault, id=f"{name}-{fault}")


def assert_clear_error(result):
    assert result.status is Status.ERROR, (result.status, result.summary)
    assert result.summary and "\n" not in result.summary and len(result.summary) <= 300
    assert "Traceback" not in result.summary


@pytest.mark.parametrize(("name", "fault"), list(cases()))
def test_registry_trouble_is_an_error(registry, session, tmp_path, name, fault):
    handler, words = {**FAULTS, **JSON_FAULTS, **FILE_FAULTS}[fault]
    registry.expect_request(ANY_PATH).respond_with_handler(handler)
    verifier, claim = build(name, registry.url_for("/"), session, tmp_path)
    result = verifier.verify(claim)
    assert_clear_error(result)
    if words:
        assert words in result.summary, result.summary


def test_every_built_in_that_asks_a_registry_is_set_up_for_these_tests():
    assert set(ASKING) == set(SETUPS)


@pytest.mark.parametrize("name", ASKING)
def test_connection_refused_is_an_error(session, tmp_path, closed_port, name):
    verifier, claim = build(name, f"http://127.0.0.1:{closed_port}/", session, tmp_path)
    result = verifier.verify(claim)
    assert_clear_error(result)
    assert "Could not connect to 127.0.0.1" in result.summary


@pytest.mark.parametrize("name", ["nppes", "oig-leie"])
def test_429_with_retry_after_then_success_answers_normally(registry, session, tmp_path, name):
    ok = {
        "nppes": fixture_bytes("nppes/current_format_counselor_1234567893.json"),
        "uk-hcpc": fixture_bytes("uk_hcpc/registered_PYL12345.html"),
        "ny-op": fixture_bytes("ny_op/registered_068_012345.json"),
        "oig-leie": fixture_bytes("oig_leie/UPDATED.csv"),
    }[name]
    registry.expect_ordered_request(ANY_PATH).respond_with_data(
        "", status=429, headers={"Retry-After": "1"}
    )
    registry.expect_ordered_request(ANY_PATH).respond_with_data(ok)
    verifier, claim = build(name, registry.url_for("/"), session, tmp_path)
    if name == "nppes":
        claim = query(npi="1234567893", first_name="Ana", last_name="López García")
    started = time.monotonic()
    result = verifier.verify(claim)
    assert time.monotonic() - started >= 0.95
    assert result.status is Status.VERIFIED, result.summary
