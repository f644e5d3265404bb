"""Account fixtures for every test of the directory package (see tests/account_fixtures.py);
the ratings tests replace `make_user` with their own (tests/rating_fixtures.py); and a
local registry server for the tests that ask registries."""

import pytest
from pytest_httpserver import HTTPServer

from tests.account_fixtures import *  # noqa: F403


@pytest.fixture
def registry():
    """A local registry server of the test's own (a slow handler blocks nobody)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()
