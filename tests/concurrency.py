"""Several web processes writing at once while the single indexer drains the outbox.

The concurrency tests (tests/directory/ratings/test_aggregates_concurrency.py,
tests/directory/search/test_sync_concurrency.py) run the production shape: separate
interpreters (spawned, so nothing is inherited by fork), each building its own app on
the test's database and index, as gunicorn workers and the indexer in `flask worker` would.

    run_writers_with_indexer(app, work, [args_1, args_2, ...], timeout=120)
        starts the indexer, runs `work(*args_n)` in process n inside an app context,
        and fails the test if any process exits uncleanly or outlives its timeout;
    assert_index_matches_database(app)
        afterwards, drains what is still queued and fails on any drift.

`work` must be a module-level function, since a spawned process imports it by name.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence

from flask import Flask

from directory import create_app
from directory.extensions import db
from directory.search import backend, sync

# After the last writer, the indexer keeps draining this long before it is stopped.
SETTLE_SECONDS = 0.5
INDEXER_TIMEOUT = 60


def _spawned_config(app: Flask) -> dict:
    """What a spawned process builds its app from: the test app's database and index."""
    config = {
        k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SEARCH_BACKEND", "SEARCH_INDEX_DIR")
    }
    config.update(TESTING=True, SECRET_KEY="x", INSTANCE_PATH=app.instance_path)
    return config


def _run_in_app(config: dict, work: Callable[..., None], args: tuple) -> None:
    """One web process: `work(*args)` inside an app of its own."""
    app = create_app(config)
    with app.app_context():
        work(*args)


def _index_until(config: dict, stop_event) -> None:
    """The single indexer, draining while the writers write."""
    app = create_app(config)
    with app.app_context():
        while not stop_event.is_set():
            backend().apply_outbox(db.session, batch_size=25)
            db.session.remove()
            time.sleep(0.05)


def run_writers_with_indexer(
    app: Flask, work: Callable[..., None], writer_args: Sequence[tuple], *, timeout: float
) -> None:
    """Run one writer process per entry of `writer_args` while the indexer drains.

    Fails if a writer does not finish cleanly within `timeout` seconds, or the indexer
    within INDEXER_TIMEOUT once stopped. Whatever is still running when it fails is
    terminated, so a hung process fails the test instead of hanging the run.
    """
    config = _spawned_config(app)
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    indexer = ctx.Process(target=_index_until, args=(config, stop))
    writers = [ctx.Process(target=_run_in_app, args=(config, work, a)) for a in writer_args]
    try:
        indexer.start()
        for writer in writers:
            writer.start()
        for n, writer in enumerate(writers):
            writer.join(timeout=timeout)
            assert writer.exitcode == 0, f"writer {n} ended with exit code {writer.exitcode}"
        time.sleep(SETTLE_SECONDS)
        stop.set()
        indexer.join(timeout=INDEXER_TIMEOUT)
        assert indexer.exitcode == 0, f"the indexer ended with exit code {indexer.exitcode}"
    finally:
        stop.set()
        for process in (indexer, *writers):
            if process.is_alive():
                process.terminate()
                process.join(timeout=10)


def assert_index_matches_database(app: Flask) -> None:
    """Apply what is still queued, then fail unless the index equals the database."""
    backend().apply_outbox(db.session)
    db.session.expire_all()
    drift = sync.check(db.session, backend())
    assert drift.clean, drift
    assert drift.queued == 0
