"""The shared search suite runs against every backend: `each_backend` is its parameter.

A module opts in by deriving its app's settings from it:

    @pytest.fixture
    def config_overrides(each_backend):
        return {"SEARCH_BACKEND": each_backend}

The postgres variant runs when SOLACE_TEST_DATABASE_URL names a PostgreSQL database
(`make test-postgres`).
"""

from __future__ import annotations

import pytest

from tests import services

BACKENDS = [
    pytest.param("whoosh", id="whoosh"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not services.using_postgres(), reason="needs PostgreSQL: make test-postgres"
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def each_backend(request) -> str:
    """The SEARCH_BACKEND a shared test runs with."""
    return request.param
