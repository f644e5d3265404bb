"""`flask seed-vocabulary` and `flask seed-demo`: the curated vocabularies and the
fictional demo therapists."""

from __future__ import annotations

import time

import click
from flask import current_app
from sqlalchemy import func, select

from .. import demo, vocabulary
from ..extensions import db
from ..models import Therapist
from .search import rebuild_index


@click.command("seed-vocabulary")
def seed_vocabulary() -> None:
    """Load or update the curated approaches and specialties."""
    changed = vocabulary.load_vocabularies(db.session)
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
    if added and not no_index:
        rebuild_index()
