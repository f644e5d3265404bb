"""Background jobs on Huey: licence checks, re-checks, and a sweep for lost jobs.

The queue lives in SQLite under instance/ by default and in Redis when REDIS_URL is
set. Jobs carry only a licence id; the licence's `queued_at` column is the durable
record that a check is owed, so a job lost with a dying worker is found again by
`sweep_lost_jobs` and nothing is forgotten.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)


def make_huey(app: Flask):
    """The queue for this configuration."""
    config = app.config
    if config["HUEY_IMMEDIATE"]:
        return MemoryHuey("solace", immediate=True)
    if config.get("REDIS_URL"):
        return RedisHuey("solace", url=config["REDIS_URL"], results=False)
    path = Path(app.instance_path) / "jobs.sqlite"
    return SqliteHuey("solace", filename=str(path), results=False)


def init_app(app: Flask) -> None:
    """Create the queue and register the jobs, each run inside an app context."""
    huey = make_huey(app)
    app.extensions["huey"] = huey

    @huey.task(retries=2, retry_delay=30, context=False)
    def verify_licence_job(licence_id: int) -> None:
        from . import verification
        from .extensions import db

        with app.app_context():
            try:
                verification.verify_licence(licence_id)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(minute="17"))
    def queue_rechecks_job() -> None:
        from . import verification
        from .extensions import db

        with app.app_context():
            try:
                count = verification.queue_rechecks()
                if count:
                    log.info("queued %d licences for their scheduled re-check", count)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(minute="*/5"))
    def sweep_lost_jobs() -> None:
        from . import verification
        from .extensions import db

        with app.app_context():
            try:
                count = verification.requeue_lost()
                if count:
                    log.warning("re-enqueued %d licences whose check never finished", count)
            finally:
                db.session.remove()

    app.extensions["jobs"] = {"verify_licence": verify_licence_job}


def enqueue_verification(licence_id: int) -> None:
    """Ask the worker to check one licence."""
    current_app.extensions["jobs"]["verify_licence"](licence_id)
