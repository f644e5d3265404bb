"""The background queue (Huey), and handing it work by the job's name.

The queue lives in SQLite under instance/ by default and in Redis when REDIS_URL is
set (`HUEY_NAME` names its keys, so several sites can share one Redis); with
HUEY_IMMEDIATE (tests) jobs run inline, in memory.

This module imports nothing from the domain: tasks.py defines the jobs, which call
verification.py, and files them by name in `app.extensions["jobs"]`; verification.py
enqueues through the functions here. So neither of those two imports the other back.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey


def make_huey(app: Flask):
    """The queue for this configuration."""
    config = app.config
    if config["HUEY_IMMEDIATE"]:
        return MemoryHuey("solace", immediate=True)
    if config.get("REDIS_URL"):
        return RedisHuey(config["HUEY_NAME"], url=config["REDIS_URL"], results=False)
    path = Path(app.instance_path) / "jobs.sqlite"
    return SqliteHuey(config["HUEY_NAME"], filename=str(path), results=False)


def init_app(app: Flask) -> None:
    """Create this application's queue; tasks.py defines the jobs on it."""
    app.extensions["huey"] = make_huey(app)


def enqueue_verification(licence_id: int) -> None:
    """Ask the worker to check one licence."""
    current_app.extensions["jobs"]["verify_licence"](licence_id)


def enqueue_public_check(check_id: int) -> None:
    """Ask the worker to answer one public check."""
    current_app.extensions["jobs"]["public_check"](check_id)
