"""`flask search rebuild|check|drain`: build, check and update the search index, with
whichever backend SEARCH_BACKEND chose."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from .. import search
from ..extensions import db
from ..models import ProfileStatus, Therapist
from ..search import sync

search_cli = AppGroup("search", help="Build, check and update the search index.")


@search_cli.command("rebuild")
@click.option("--if-missing", is_flag=True, help="Only build when there is no index yet.")
@click.option("--procs", default=1, show_default=True, help="Indexing processes.")
def search_rebuild(if_missing: bool, procs: int) -> None:
    """Build a fresh index from the database and make it live atomically."""
    if if_missing:
        state = search.backend().state(db.session)
        if state.outdated:
            click.echo("The search index was built by an older version: rebuilding it.")
        elif not state.missing:
            click.echo("A search index exists already: not rebuilt.")
            return
    rebuild_index(procs)


def rebuild_index(procs: int = 1) -> None:
    """Rebuild the whole search index from the database, showing a progress bar."""
    total = db.session.scalar(
        select(func.count()).where(Therapist.status == ProfileStatus.PUBLISHED)
    )
    started = time.perf_counter()
    with click.progressbar(length=total, label="Indexing published profiles") as bar:
        count = search.backend().rebuild(db.session, progress=bar.update, procs=procs)
    seconds = time.perf_counter() - started
    rate = count / seconds if seconds else 0
    click.echo(f"Indexed {count} profiles in {seconds:.1f} s ({rate:.0f} a second).")


@search_cli.command("check")
@click.option("--repair", is_flag=True, help="Queue every drifted profile for the indexer.")
def search_check(repair: bool) -> None:
    """Report (and optionally repair) drift between the index and the database."""
    backend = search.backend()
    state = backend.state(db.session)
    if state.missing:
        raise click.ClickException("No search index yet: run `flask search rebuild`.")
    if state.outdated:
        raise click.ClickException(
            "The search index was built by an older version of Solace: run `flask search rebuild`."
        )
    drift = sync.check(db.session, backend)
    click.echo(
        f"Missing from the index: {len(drift.missing)}; should not be there: {len(drift.extra)}; "
        f"out of date: {len(drift.stale)}; changes waiting in the outbox: {drift.queued}."
    )
    if drift.clean:
        click.echo("The index matches the database.")
    elif repair:
        sync.repair(db.session, drift)
        applied = backend.apply_outbox(db.session)
        click.echo(f"Repaired: re-indexed {applied} profiles.")
    else:
        raise click.ClickException("The index has drifted: run `flask search check --repair`.")


@search_cli.command("drain")
def search_drain() -> None:
    """Apply every queued change to the index once, then stop."""
    applied = search.backend().apply_outbox(db.session)
    click.echo(f"Applied {applied} queued profile changes to the index.")
