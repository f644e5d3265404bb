"""Fixtures for the verifier tests: a local registry server, a fast HTTP session,
and the recorded or written registry payloads in tests/fixtures/."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from tests.services import unused_port
from verifiers import RegistrySession
from verifiers.datafiles import forget_cached


@pytest.fixture(scope="session")
def registry_server():
    """One threaded local server for the session (a slow handler blocks nobody)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def registry(registry_server):
    """The local registry server, with no handlers left from earlier tests."""
    registry_server.clear()
    yield registry_server
    registry_server.clear()


@pytest.fixture
def session():
    """A session with short timeouts and quick retries, so fault tests are fast."""
    made = RegistrySession(
        contact_email="tests@solace.example",
        connect_timeout=0.5,
        read_timeout=0.5,
        total_timeout=5.0,
        retries=2,
        backoff=0.01,
        max_backoff=0.05,
        max_retry_after=2.0,
        max_bytes=1024 * 1024,
        download_max_bytes=2 * 1024 * 1024,
    )
    yield made
    made.close()


@pytest.fixture(autouse=True)
def _fresh_file_cache():
    """Parsed registry files are cached per process; start each test without."""
    forget_cached()
    yield
    forget_cached()


@pytest.fixture
def closed_port() -> int:
    """A local port with nothing listening on it."""
    return unused_port()
