"""The background queue (Huey), and handing it work by the job's name.

The queue lives in SQLite under instance/ by default and in Redis when REDIS_URL is
set (`HUEY_NAME` names its keys, so several sites can share one Redis); with
HUEY_IMMEDIATE (tests) jobs run inline, in memory.

This module imports nothing from the domain: tasks.py defines the jobs, which call
verification.py, and files them by name in `app.extensions["jobs"]`; verification.py
enqueues through the functions here. So neither of those two imports the other back.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey

from .config import redis_client_options
from .outages import REDIS_UNREACHABLE

log = logging.getLogger(__name__)


def make_huey(app: Flask):
    """The queue for this configuration."""
    config = app.config
    if config["HUEY_IMMEDIATE"]:
        return MemoryHuey("solace", immediate=True)
    if config.get("REDIS_URL"):
        from redis import ConnectionPool

        options = redis_client_options(config)
        pool = ConnectionPool.from_url(config["REDIS_URL"], **options)
        # The worker waits for jobs in BRPOP, which must return before the socket times
        # out; Redis 6 and later take a fraction of a second.
        return RedisHuey(
            config["HUEY_NAME"],
            connection_pool=pool,
            read_timeout=options["socket_timeout"] / 2,
            results=False,
        )
    path = Path(app.instance_path) / "jobs.sqlite"
    return SqliteHuey(config["HUEY_NAME"], filename=str(path), results=False)


def init_app(app: Flask) -> None:
    """Create this application's queue; tasks.py defines the jobs on it."""
    app.extensions["huey"] = make_huey(app)


def enqueue_verification(licence_id: int) -> None:
    """Ask the worker to check one licence; when the queue can't be reached in
    REDIS_SOCKET_TIMEOUT, leave it: the licence's queued_at, already committed, is the
    record that a check is owed, and the worker's sweep enqueues it again."""
    try:
        current_app.extensions["jobs"]["verify_licence"](licence_id)
    except REDIS_UNREACHABLE as error:
        current_app.extensions["outages"].failed(
            "Redis", error, "licence checks wait in the database for the sweep"
        )


def enqueue_public_check(check_id: int) -> None:
    """Ask the worker to answer one public check."""
    current_app.extensions["jobs"]["public_check"](check_id)


def enqueue_link_check(link_id: int) -> None:
    """Ask the worker to check one of a therapist's links; when the queue can't be
    reached, the link's queued_at, already committed, has the hourly re-check sweep
    enqueue it again."""
    try:
        current_app.extensions["jobs"]["check_link"](link_id)
    except REDIS_UNREACHABLE as error:
        current_app.extensions["outages"].failed(
            "Redis", error, "link checks wait in the database for the hourly sweep"
        )
