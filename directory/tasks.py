"""Background jobs on Huey: licence checks, re-checks, and a sweep for lost jobs.

The queue lives in SQLite under instance/ by default and in Redis when REDIS_URL is
set (`HUEY_NAME` names its keys, so several sites can share one Redis). Jobs carry
only a licence id; the licence's `queued_at` column is the durable record that a check
is owed, so a job lost with a dying worker is found again by `sweep_lost_jobs` and
nothing is forgotten.

Every `flask worker` runs Huey's scheduler, so with several workers each periodic job
is enqueued once per worker; `_first_claim` lets one copy per period run.
"""

from __future__ import annotations

import logging
import time
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
        return RedisHuey(config["HUEY_NAME"], url=config["REDIS_URL"], results=False)
    path = Path(app.instance_path) / "jobs.sqlite"
    return SqliteHuey(config["HUEY_NAME"], filename=str(path), results=False)


def _first_claim(huey, job: str, period_seconds: int) -> bool:
    """Whether this copy of a periodic job is the first to run in its period.

    Only the Redis queue is shared between hosts; a claim is a key that expires on its
    own, so a worker killed mid-job blocks nothing. The SQLite queue serves one host,
    where one worker runs, and always says yes.
    """
    if not isinstance(huey, RedisHuey):
        return True
    period = int(time.time() // period_seconds)
    key = f"{huey.name}.periodic.{job}.{period}"
    return bool(huey.storage.conn.set(key, "1", nx=True, ex=2 * period_seconds))


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

        if not _first_claim(huey, "queue_rechecks", 3600):
            return
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

        if not _first_claim(huey, "sweep_lost_jobs", 300):
            return
        with app.app_context():
            try:
                count = verification.requeue_lost()
                if count:
                    log.warning("re-enqueued %d licences whose check never finished", count)
            finally:
                db.session.remove()

    app.extensions["jobs"] = {
        "verify_licence": verify_licence_job,
        "queue_rechecks": queue_rechecks_job,
        "sweep_lost_jobs": sweep_lost_jobs,
    }


def enqueue_verification(licence_id: int) -> None:
    """Ask the worker to check one licence."""
    current_app.extensions["jobs"]["verify_licence"](licence_id)
