"""Fixtures for the public-check tests: an app whose registries are local servers.

Texas BHEC's files, the OIG exclusion list and an NPPES-like name search are served by
one local HTTP server; the app runs jobs inline (HUEY_IMMEDIATE), as the tests of
verification do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from directory import create_app
from directory.extensions import db
from directory.models import Licence, ProfileStatus, Therapist, VerificationCheck
from directory.vocabulary import load_vocabularies
from tests.conftest import make_config

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FAST_HTTP = {
    "connect_timeout": 0.5,
    "read_timeout": 1.0,
    "total_timeout": 5.0,
    "retries": 0,
    "backoff": 0.01,
    "max_backoff": 0.02,
}
TEXAS = {
    "LPC": "tx_bhec/documented_LPC.csv",
    "PSY": "tx_bhec/documented_PSY.csv",
    "MFT": "tx_bhec/MFT.csv",
    "SW": "tx_bhec/SW.csv",
}
SHARING_A_SERVER = ("tx-bhec", "oig-leie", "nppes", "uk-hcpc")
NPPES_COUNSELOR = "nppes/current_format_counselor_1234567893.json"


def nppes_answer(request) -> Response:
    """NPPES's name search: the recorded counselor for her name, nobody for any other."""
    if request.args.get("last_name", "").lower().startswith("l"):
        body = (FIXTURES / NPPES_COUNSELOR).read_bytes()
    else:
        body = json.dumps({"result_count": 0, "results": []}).encode()
    return Response(body, content_type="application/json")


@pytest.fixture
def registries():
    """The local registry server, serving every register the public check asks."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    for code, name in TEXAS.items():
        server.expect_request(f"/csv/{code}.csv").respond_with_data(
            (FIXTURES / name).read_bytes(), content_type="text/csv"
        )
    server.expect_request("/oig/UPDATED.csv").respond_with_data(
        (FIXTURES / "oig_leie" / "UPDATED.csv").read_bytes(), content_type="text/csv"
    )
    server.expect_request("/nppes/").respond_with_handler(nppes_answer)
    yield server
    server.clear()
    server.stop()


def check_config(tmp_path, registries, **overrides) -> dict:
    """A test configuration whose registries are the local server."""
    return make_config(
        tmp_path,
        HUEY_IMMEDIATE=True,
        VERIFIERS_ALLOW=["tx-bhec", "oig-leie", "nppes", "uk-hcpc", "manual"],
        VERIFIER_BASE_URLS={
            "tx-bhec": registries.url_for("/csv/"),
            "oig-leie": registries.url_for("/oig/UPDATED.csv"),
            "nppes": registries.url_for("/nppes/"),
            "uk-hcpc": registries.url_for("/hcpc/"),
        },
        # One local server plays every register, so they share one politeness limiter.
        VERIFIER_OPTIONS={name: {"requests_per_second": 100} for name in SHARING_A_SERVER},
        VERIFIER_SESSION_OPTIONS=FAST_HTTP,
        **overrides,
    )


@pytest.fixture
def check_overrides() -> dict:
    """Settings one test changes (parametrize it)."""
    return {}


@pytest.fixture
def capp(tmp_path, registries, check_overrides):
    """An app whose public checks ask the local registries."""
    app = create_app(check_config(tmp_path, registries, **check_overrides))
    with app.app_context():
        db.create_all()
        load_vocabularies(db.session)
        yield app
        db.session.remove()
        db.engine.dispose()


def listed_therapist(first="Marta", last="Alvarez", number="90001", **fields) -> Therapist:
    """A published, verified Texas LPC on Solace (`fields` change the profile)."""
    values = {
        "slug": f"{first}-{last}".lower(),
        "first_name": first,
        "last_name": last,
        "status": ProfileStatus.PUBLISHED,
        "region": "US-TX",
        "city": "Austin",
        "verification_state": "verified",
        "verified_places": ["US-TX"],
        **fields,
    }
    therapist = Therapist(**values)
    licence = Licence(jurisdiction="US-TX", licence_type="LPC", number=number, status="verified")
    therapist.licences.append(licence)
    registry_answer(licence)
    db.session.add(therapist)
    db.session.commit()
    return therapist


def registry_answer(licence: Licence, status="verified", level="independent", **fields):
    """A stored answer of the licence's board about `licence` (Texas BHEC's, unless
    `fields` say otherwise): the rule (standing.py) reads these, not the licence's status."""
    texas = {
        "verifier": "tx-bhec",
        "kind": "licence",
        "registry_title": "Texas Behavioral Health Executive Council",
    }
    check = VerificationCheck(status=status, level=level, **{**texas, **fields})
    licence.checks.append(check)
    return check
