"""Background jobs: licence checks, re-checks, a sweep for lost jobs, mail retries,
public checks and checks of therapists' links.

They run on the queue jobs.py creates, and are filed there by name, which is how
verification.py enqueues them without importing this module. Jobs carry only a
licence id; the licence's `queued_at` column is the durable record that a check is
owed, so a job lost with a dying worker is found again by `sweep_lost_jobs` and
nothing is forgotten.

Every `flask worker` runs Huey's scheduler, so with several workers each periodic job
is enqueued once per worker; `_first_claim` lets one copy per period run.
"""

from __future__ import annotations

import logging
import time

from flask import Flask
from huey import RedisHuey, crontab

from . import links, notices, public_checks, verification
from .extensions import db

log = logging.getLogger(__name__)


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
    """Define the jobs on the application's queue (jobs.init_app made it), each run
    inside an app context, and file them by name for jobs.py."""
    huey = app.extensions["huey"]

    @huey.task(retries=2, retry_delay=30, context=False)
    def verify_licence_job(licence_id: int) -> None:
        with app.app_context():
            try:
                verification.verify_licence(licence_id)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(minute="17"))
    def queue_rechecks_job() -> None:
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
        if not _first_claim(huey, "sweep_lost_jobs", 300):
            return
        with app.app_context():
            try:
                count = verification.requeue_lost()
                if count:
                    log.warning("re-enqueued %d licences whose check never finished", count)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(minute="*/5"))
    def retry_notices() -> None:
        # Mail that failed when its decision committed is sent from here.
        if not _first_claim(huey, "retry_notices", 300):
            return
        with app.app_context():
            try:
                count = notices.deliver_pending()
                if count:
                    log.info("mailed %d notices that had waited in the outbox", count)
            finally:
                db.session.remove()

    # A public check is asked once: a registry that fails is the plain "could not be
    # reached" answer, and the visitor asks again.
    @huey.task(context=False)
    def public_check_job(check_id: int) -> None:
        with app.app_context():
            try:
                public_checks.run(check_id)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(minute="41"))
    def purge_public_checks() -> None:
        if not _first_claim(huey, "purge_public_checks", 3600):
            return
        with app.app_context():
            try:
                public_checks.purge()
            finally:
                db.session.remove()

    # A link check is asked once per request for it: a site that fails is "could not
    # check", and the hourly sweep asks again after LINK_RECHECK_DAYS.
    @huey.task(context=False)
    def check_link_job(link_id: int) -> None:
        with app.app_context():
            try:
                links.check_link(link_id)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(minute="23"))
    def queue_link_checks() -> None:
        if not _first_claim(huey, "queue_link_checks", 3600):
            return
        with app.app_context():
            try:
                count = links.queue_rechecks()
                if count:
                    log.info("queued %d profile links for their scheduled re-check", count)
            finally:
                db.session.remove()

    app.extensions["jobs"] = {
        "check_link": check_link_job,
        "queue_link_checks": queue_link_checks,
        "public_check": public_check_job,
        "purge_public_checks": purge_public_checks,
        "verify_licence": verify_licence_job,
        "queue_rechecks": queue_rechecks_job,
        "sweep_lost_jobs": sweep_lost_jobs,
        "retry_notices": retry_notices,
    }
