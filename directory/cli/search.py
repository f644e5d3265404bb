"""`flask search rebuild|check|drain`: build, check and update the search index."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from ..models import ProfileStatus, Therapist
from ..search import sync
from ..search.storage import IndexMissing, open_current, schema_is_current

search_cli = AppGroup("search", help="Build, check and update the search index.")


def index_root() -> Path:
    """Where the current application's search index lives."""
    return Path(current_app.config["SEARCH_INDEX_DIR"])


@search_cli.command("rebuild")
@click.option("--if-missing", is_flag=True, help="Only build when there is no index yet.")
@click.option("--procs", default=1, show_default=True, help="Indexing processes.")
def search_rebuild(if_missing: bool, procs: int) -> None:
    """Build a fresh index from the database and swap it in atomically."""
    if if_missing:
        try:
            _, ix = open_current(index_root())
        except IndexMissing:
            pass
        else:
            if schema_is_current(ix):
                click.echo("A search index exists already: not rebuilt.")
                return
            click.echo("The search index was built by an older version: rebuilding it.")
    rebuild_index(procs)


def rebuild_index(procs: int = 1) -> None:
    """Rebuild the whole search index from the database, showing a progress bar."""
    total = db.session.scalar(
        select(func.count()).where(Therapist.status == ProfileStatus.PUBLISHED)
    )
    started = time.perf_counter()
    with click.progressbar(length=total, label="Indexing published profiles") as bar:
        count = sync.rebuild(db.session, index_root(), progress=bar.update, procs=procs)
    seconds = time.perf_counter() - started
    rate = count / seconds if seconds else 0
    click.echo(f"Indexed {count} profiles in {seconds:.1f} s ({rate:.0f} a second).")


@search_cli.command("check")
@click.option("--repair", is_flag=True, help="Queue every drifted profile for the indexer.")
def search_check(repair: bool) -> None:
    """Report (and optionally repair) drift between the index and the database."""
    try:
        _, ix = open_current(index_root())
        if not schema_is_current(ix):
            raise click.ClickException(
                "The search index was built by an older version of Solace: "
                "run `flask search rebuild`."
            )
        drift = sync.check(db.session, index_root())
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
        applied = sync.drain_outbox(db.session, index_root())
        click.echo(f"Repaired: re-indexed {applied} profiles.")
    else:
        raise click.ClickException("The index has drifted: run `flask search check --repair`.")


@search_cli.command("drain")
def search_drain() -> None:
    """Apply every queued change to the index once, then stop."""
    applied = sync.drain_outbox(db.session, index_root())
    click.echo(f"Applied {applied} queued profile changes to the index.")
