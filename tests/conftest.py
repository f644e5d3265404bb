"""Shared fixtures: an app on a temporary instance, a client, and a therapist factory."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

import pytest

from directory import create_app
from directory.extensions import db
from directory.models import (
    Approach,
    Licence,
    ProfileLink,
    ProfileStatus,
    Specialty,
    Therapist,
    TherapistApproach,
    TherapistSpecialty,
)
from directory.search import backend
from directory.vocabulary import load_vocabularies
from tests import services


def pytest_sessionstart(session):
    """With PostgreSQL selected, clear schemas that killed runs left long ago, and make
    the extensions every test schema shares."""
    if services.using_postgres():
        services.drop_stale_schemas()
        services.create_shared_extensions()


def pytest_report_header(config):
    """Say which database and Redis this run tests against."""
    database = "PostgreSQL (a schema per test)" if services.using_postgres() else "SQLite"
    redis = "Redis (a key prefix per test)" if services.REDIS_URL else "in-process defaults"
    return f"solace: database {database}; queue and rate limits: {redis}"


@pytest.fixture(autouse=True)
def _clean_services():
    """Drop the PostgreSQL schema and Redis keys a test made (nothing to do on SQLite)."""
    yield
    services.clean_up_after_test()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """No test reaches the internet: only loopback connections are allowed."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise OSError(f"test tried to reach {host}: tests never touch the network")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def make_config(tmp_path: Path, **overrides) -> dict:
    """A test configuration: files under tmp_path, and the database (SQLite there, or a
    PostgreSQL schema of its own) and Redis this run selected (tests/services.py)."""
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        **services.database_config(tmp_path),
        **services.redis_config(tmp_path),
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        "SEARCH_REFRESH_SECONDS": 0,  # tests search straight after indexing
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        # Real scrypt costs ~50 ms a hash; the same algorithm, cheaper, keeps tests fast.
        "PASSWORD_HASH_METHOD": "scrypt:2048:8:1",
        **overrides,
    }


@pytest.fixture
def config_overrides() -> dict:
    """Settings one test needs changed: `@pytest.mark.parametrize("config_overrides",
    [{"NAME": value}])` replaces this for that test."""
    return {}


@pytest.fixture
def app(tmp_path, config_overrides):
    """An application with an empty database (vocabularies loaded) and an empty index."""
    config = make_config(tmp_path, **config_overrides)
    copied = services.copy_empty_database(config)
    app = create_app(config)
    with app.app_context():
        if not copied:
            services.create_tables()
            load_vocabularies(db.session)
        backend().rebuild(db.session)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_therapist(app):
    """Create a therapist (published by default) with approaches and specialties by slug.

    A published therapist is verified for its region unless the test says otherwise
    (`verification_state=...`): search lists only verified profiles by default, and the
    rule that decides it (standing.py) is tested on its own and end to end elsewhere.
    """

    def make(
        approaches=("cbt",),
        specialties=("anxiety",),
        top=(),
        licence=None,
        website=None,
        **fields,
    ) -> Therapist:
        n = next(_counter)
        values = {
            "slug": f"test-therapist-{n}",
            "first_name": "Test",
            "last_name": f"Person{n}",
            "status": ProfileStatus.PUBLISHED,
            "region": "US-TX",
            "city": "Austin",
            "country": "US",
            "postcode": "78701",
            "latitude": 30.2713,
            "longitude": -97.7426,
            "offers_in_person": True,
            "languages": ["en"],
            "fee_min": 120,
            "fee_max": 150,
            "bio": "I offer a calm space.",
            **fields,
        }
        if values["status"] == ProfileStatus.PUBLISHED and "verification_state" not in fields:
            values["verification_state"] = "verified"
            values.setdefault("verified_places", [values["region"]])
        therapist = Therapist(**values)
        for slug in approaches:
            approach = db.session.scalar(db.select(Approach).filter_by(slug=slug))
            therapist.approach_links.append(TherapistApproach(approach=approach))
        for slug in specialties:
            specialty = db.session.scalar(db.select(Specialty).filter_by(slug=slug))
            therapist.specialty_links.append(
                TherapistSpecialty(specialty=specialty, is_top=slug in top)
            )
        if licence:
            therapist.licences.append(Licence(**licence))
        if website:  # the profile's website: a link whose check found no link back
            therapist.links.append(ProfileLink(kind="website", url=website, state="not_found"))
        db.session.add(therapist)
        db.session.commit()
        return therapist

    return make


@pytest.fixture
def index_now(app):
    """Apply every queued change to the index, as the worker would."""

    def drain() -> int:
        return backend().apply_outbox(db.session)

    return drain
