"""`flask` commands: seed-vocabulary, seed-demo, search (rebuild, check, drain), worker."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, text

from .. import demo, doctor
from ..extensions import db
from ..models import Therapist
from ..search import sync
from ..search.storage import IndexMissing, open_current, schema_is_current
from . import verification

search_cli = AppGroup("search", help="Build, check and update the search index.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(seed_vocabulary)
    app.cli.add_command(seed_demo)
    app.cli.add_command(search_cli)
    app.cli.add_command(worker)
    verification.init_app(app)
    doctor.init_app(app)


def _index_root() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


@click.command("seed-vocabulary")
def seed_vocabulary() -> None:
    """Load or update the curated approaches and specialties."""
    changed = demo.load_vocabularies(db.session)
    click.echo(f"Vocabularies loaded: {changed} approaches and specialties added or updated.")


@click.command("seed-demo")
@click.option("--count", default=300, show_default=True, help="How many demo therapists in all.")
@click.option("--if-empty", is_flag=True, help="Only seed when there are no therapists at all.")
@click.option("--no-index", is_flag=True, help="Don't rebuild the search index afterwards.")
def seed_demo(count: int, if_empty: bool, no_index: bool) -> None:
    """Add clearly fictional demo therapists (idempotent), then rebuild the index."""
    if if_empty and db.session.scalar(select(func.count()).select_from(Therapist)):
        click.echo("Therapists exist already: demo data not loaded.")
        return
    started = time.perf_counter()
    have = db.session.scalar(select(func.count()).where(Therapist.is_demo.is_(True))) or 0
    with click.progressbar(length=max(count - have, 0), label="Seeding demo therapists") as bar:
        added = demo.seed_demo(
            db.session, count, seed=current_app.config["DEMO_SEED"], progress=bar.update
        )
    click.echo(f"Added {added} demo therapists in {time.perf_counter() - started:.1f} s.")
    if added:
        _refresh_planner_statistics()
    if added and not no_index:
        _rebuild()


def _refresh_planner_statistics() -> None:
    """After a bulk load, let PostgreSQL see the new rows at once: until autovacuum gets
    round to it, the planner believes the tables are nearly empty and picks plans (an
    index scan over every published profile) that cost milliseconds a page."""
    if db.engine.dialect.name == "postgresql":
        tables = ", ".join(demo.SEEDED_TABLES)
        db.session.execute(text(f"ANALYZE {tables}"))
        db.session.commit()


@search_cli.command("rebuild")
@click.option("--if-missing", is_flag=True, help="Only build when there is no index yet.")
@click.option("--procs", default=1, show_default=True, help="Indexing processes.")
def search_rebuild(if_missing: bool, procs: int) -> None:
    """Build a fresh index from the database and swap it in atomically."""
    if if_missing:
        try:
            _, ix = open_current(_index_root())
        except IndexMissing:
            pass
        else:
            if schema_is_current(ix):
                click.echo("A search index exists already: not rebuilt.")
                return
            click.echo("The search index was built by an older version: rebuilding it.")
    _rebuild(procs)


def _rebuild(procs: int = 1) -> None:
    from ..models import ProfileStatus

    total = db.session.scalar(
        select(func.count()).where(Therapist.status == ProfileStatus.PUBLISHED)
    )
    started = time.perf_counter()
    with click.progressbar(length=total, label="Indexing published profiles") as bar:
        count = sync.rebuild(db.session, _index_root(), progress=bar.update, procs=procs)
    seconds = time.perf_counter() - started
    rate = count / seconds if seconds else 0
    click.echo(f"Indexed {count} profiles in {seconds:.1f} s ({rate:.0f} a second).")


@search_cli.command("check")
@click.option("--repair", is_flag=True, help="Queue every drifted profile for the indexer.")
def search_check(repair: bool) -> None:
    """Report (and optionally repair) drift between the index and the database."""
    try:
        _, ix = open_current(_index_root())
        if not schema_is_current(ix):
            raise click.ClickException(
                "The search index was built by an older version of Solace: "
                "run `flask search rebuild`."
            )
        drift = sync.check(db.session, _index_root())
    except IndexMissing:
        raise click.ClickException("No search index yet: run `flask search rebuild`.") from None
    click.echo(
        f"Missing from the index: {len(drift.missing)}; should not be there: {len(drift.extra)}; "
        f"out of date: {len(drift.stale)}; changes waiting in the outbox: {drift.queued}."
    )
    if drift.clean:
        click.echo("The index matches the database.")
    elif repair:
        sync.repair(db.session, drift)
        applied = sync.drain_outbox(db.session, _index_root())
        click.echo(f"Repaired: re-indexed {applied} profiles.")
    else:
        raise click.ClickException("The index has drifted: run `flask search check --repair`.")


@search_cli.command("drain")
def search_drain() -> None:
    """Apply every queued change to the index once, then stop."""
    applied = sync.drain_outbox(db.session, _index_root())
    click.echo(f"Applied {applied} queued profile changes to the index.")


@click.command("worker")
@click.option("--once", is_flag=True, help="Apply queued index changes once and stop.")
def worker(once: bool) -> None:
    """The background worker: the single search-index writer, and the job queue
    (licence checks, scheduled re-checks)."""
    app = current_app._get_current_object()
    if once:
        applied = sync.drain_outbox(db.session, _index_root())
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
    root = Path(app.config["SEARCH_INDEX_DIR"])
    with app.app_context():
        while not stop.is_set():
            try:
                applied = sync.drain_outbox(db.session, root, batch_size=batch)
                if applied:
                    app.logger.info("indexed %d changed profiles", applied)
            except Exception:  # noqa: BLE001 - one bad round must not stop the indexer
                app.logger.exception("indexing round failed; retrying")
                db.session.rollback()
            finally:
                db.session.remove()
            stop.wait(poll)
