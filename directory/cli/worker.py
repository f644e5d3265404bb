"""`flask worker`: the background worker, the search index's single writer and the job
queue's consumer."""

from __future__ import annotations

import threading

import click
from flask import Flask, current_app

from .. import search
from ..extensions import db


@click.command("worker")
@click.option("--once", is_flag=True, help="Apply queued index changes once and stop.")
def worker(once: bool) -> None:
    """The background worker: the single search-index writer, and the job queue
    (licence checks, scheduled re-checks)."""
    app = current_app._get_current_object()
    if once:
        applied = search.backend().apply_outbox(db.session)
        click.echo(f"Applied {applied} queued profile changes to the index.")
        return
    stop = threading.Event()
    indexer = threading.Thread(target=_index_loop, args=(app, stop), name="indexer", daemon=True)
    indexer.start()
    consumer = app.extensions["huey"].create_consumer(
        workers=app.config["HUEY_WORKERS"], worker_type="thread", periodic=True
    )
    click.echo("Worker started: search indexer and job queue.")
    try:
        consumer.run()  # returns on SIGINT/SIGTERM, after running jobs finish
    finally:
        stop.set()
        indexer.join(timeout=10)
    click.echo("Worker stopped.")


def _index_loop(app: Flask, stop: threading.Event) -> None:
    """Drain the search outbox every SEARCH_WORKER_POLL_SECONDS until told to stop."""
    poll = app.config["SEARCH_WORKER_POLL_SECONDS"]
    batch = app.config["SEARCH_OUTBOX_BATCH"]
    with app.app_context():
        backend = search.backend()
        while not stop.is_set():
            try:
                applied = backend.apply_outbox(db.session, batch_size=batch)
                if applied:
                    app.logger.info("indexed %d changed profiles", applied)
            except Exception:  # noqa: BLE001 - one bad round must not stop the indexer
                app.logger.exception("indexing round failed; retrying")
                db.session.rollback()
            finally:
                db.session.remove()
            stop.wait(poll)
