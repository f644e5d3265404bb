"""What several processes share through Redis: the job queue and rate-limit counters.

Each "process" here is a separate application instance, as a gunicorn worker and a
`flask worker` are; the rate-limit test uses real separate processes, since the
limiter's counters live in the process that counts them unless Redis holds them.
"""

from __future__ import annotations

import multiprocessing
from datetime import timedelta

from sqlalchemy import select

from directory import create_app, verification
from directory.extensions import db, limiter
from directory.models import Licence, Therapist, VerificationCheck, utcnow
from tests.conftest import make_config


def _therapist_with_licence() -> Therapist:
    therapist = Therapist(slug="ana-lopez", first_name="Ana", last_name="Lopez", region="US-TX")
    therapist.licences.append(Licence(jurisdiction="US-TX", licence_type="LPC", number="12345"))
    db.session.add(therapist)
    db.session.commit()
    return therapist


def test_a_check_queued_by_a_web_process_is_run_by_the_worker(tmp_path, shared_redis):
    config = make_config(tmp_path, VERIFIERS_ALLOW=["manual"], **shared_redis)
    web, worker = create_app(config), create_app(config)
    with web.app_context():
        db.create_all()
        therapist = _therapist_with_licence()
        verification.request_verification(therapist, actor="therapist")
        licence_id = therapist.licences[0].id
        assert web.extensions["huey"].pending_count() == 1

    huey = worker.extensions["huey"]
    assert huey is not web.extensions["huey"]
    assert huey.pending_count() == 1  # the worker sees the web process's job
    huey.execute(huey.dequeue())
    assert huey.pending_count() == 0
    with worker.app_context():
        checks = db.session.scalars(
            select(VerificationCheck).where(VerificationCheck.licence_id == licence_id)
        ).all()
        assert [check.verifier for check in checks] == ["manual"]


def test_the_sweep_for_lost_jobs_requeues_once_however_many_workers_run_it(tmp_path, shared_redis):
    config = make_config(tmp_path, VERIFIERS_ALLOW=["manual"], **shared_redis)
    first, second = create_app(config), create_app(config)
    with first.app_context():
        db.create_all()
        licence = _therapist_with_licence().licences[0]
        licence.queued_at = utcnow() - timedelta(hours=1)  # its worker died
        db.session.commit()
    # Every worker's scheduler enqueues the periodic sweep; both copies run.
    first.extensions["jobs"]["sweep_lost_jobs"].call_local()
    second.extensions["jobs"]["sweep_lost_jobs"].call_local()
    assert first.extensions["huey"].pending_count() == 1


def _probe():
    return "ok"


def _visit(config: dict, visits: int, results) -> None:
    """One web process: `visits` requests to a route limited to 3 a minute."""
    app = create_app(config)
    app.add_url_rule("/probe", view_func=limiter.limit("3 per minute")(_probe))
    client = app.test_client()
    results.put([client.get("/probe").status_code for _ in range(visits)])


def _in_separate_processes(config: dict, *visits: int) -> list[list[int]]:
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    statuses = []
    for count in visits:  # one after another, each a fresh process
        process = ctx.Process(target=_visit, args=(config, count, results))
        process.start()
        statuses.append(results.get(timeout=120))
        process.join(timeout=60)
        assert process.exitcode == 0
    return statuses


def test_rate_limits_are_counted_across_processes_through_redis(tmp_path, shared_redis):
    config = make_config(tmp_path, RATELIMIT_ENABLED=True, **shared_redis)
    assert _in_separate_processes(config, 2, 2) == [[200, 200], [200, 429]]


def test_without_redis_each_process_counts_alone(tmp_path):
    """Why `flask doctor` wants Redis when several web processes serve."""
    config = make_config(
        tmp_path, RATELIMIT_ENABLED=True, REDIS_URL=None, RATELIMIT_STORAGE_URI="memory://"
    )
    assert _in_separate_processes(config, 2, 2) == [[200, 200], [200, 200]]


def test_behind_a_proxy_each_visitor_has_a_limit_of_their_own(tmp_path):
    def limited_app(**settings):
        config = make_config(
            tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", **settings
        )
        config.pop("REDIS_URL", None)
        app = create_app(config)
        app.add_url_rule("/probe", view_func=limiter.limit("3 per minute")(_probe))
        return app.test_client()

    def visits(client, address, count):
        return [
            client.get("/probe", headers={"X-Forwarded-For": address}).status_code
            for _ in range(count)
        ]

    trusted = limited_app(PROXY_FIX_X_FOR=1)
    assert visits(trusted, "203.0.113.9", 4) == [200, 200, 200, 429]
    assert visits(trusted, "198.51.100.7", 1) == [200]
    # Without it every visitor is the proxy: one visitor's requests use up everyone's limit.
    untrusted = limited_app()
    assert visits(untrusted, "203.0.113.9", 3) == [200, 200, 200]
    assert visits(untrusted, "198.51.100.7", 1) == [429]
