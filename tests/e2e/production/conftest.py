"""Fixtures for the production shape: a Redis of the test's own."""

from __future__ import annotations

import os
import secrets

import pytest

from tests import services


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers at `url`."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture
def shared_redis():
    """Settings that put the job queue and rate limits in Redis, under keys of this test's
    own, deleted afterwards. Skipped when no Redis answers, except in CI (CI=true or
    SOLACE_REQUIRE_REDIS=1), where a missing Redis is a failure."""
    url = services.REDIS_URL or services.LOCAL_REDIS_URL
    if not redis_answers(url):
        message = f"no Redis answers at {url}: start one (see .ci/run) to run this test"
        if os.environ.get("CI") == "true" or os.environ.get("SOLACE_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"solace-test-{secrets.token_hex(6)}"
    yield {"REDIS_URL": url, "HUEY_NAME": prefix, "RATELIMIT_KEY_PREFIX": prefix}
    services.delete_redis_keys(url, prefix)
