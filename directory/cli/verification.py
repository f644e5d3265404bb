"""`flask verify` and `flask verifiers ...`: run checks and inspect verifiers by hand."""

from __future__ import annotations

from collections import Counter

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from verifiers import available_verifiers, is_file_backed

from .. import verification
from ..extensions import db
from ..models import Licence, Therapist

verifiers_cli = AppGroup("verifiers", help="List and refresh licence verifiers.")


@click.command("verify")
@click.option("--licence", "licence_id", type=int, help="Check one licence, by id.")
@click.option("--therapist", "therapist_slug", help="Check every licence of one therapist.")
@click.option("--due", is_flag=True, help="Check every licence due for a re-check.")
@click.option(
    "--rederive",
    is_flag=True,
    help="Ask no registry: derive every profile's verified places again from stored checks "
    "(after an upgrade).",
)
def verify(licence_id: int | None, therapist_slug: str | None, due: bool, rederive: bool) -> None:
    """Check licences now, in this process, and print a summary by status."""
    if sum(bool(x) for x in (licence_id, therapist_slug, due, rederive)) != 1:
        raise click.UsageError("Give exactly one of --licence, --therapist, --due or --rederive.")
    if rederive:
        changed = verification.rederive_all()
        click.echo(f"Derived the verified places of every profile again: {changed} changed.")
        return
    if licence_id:
        ids = [licence_id] if db.session.get(Licence, licence_id) else []
        if not ids:
            raise click.ClickException(f"There is no licence {licence_id}.")
    elif therapist_slug:
        therapist = db.session.scalar(select(Therapist).where(Therapist.slug == therapist_slug))
        if therapist is None:
            raise click.ClickException(f"There is no therapist {therapist_slug!r}.")
        ids = [lic.id for lic in therapist.licences]
    else:
        ids = verification.due_for_recheck()
    statuses: Counter[str] = Counter()
    with click.progressbar(ids, label="Checking licences") as bar:
        for lid in bar:
            for check in verification.verify_licence(lid):
                statuses[f"{check.verifier}: {check.status}"] += 1
    summary = ", ".join(f"{n} {what}" for what, n in sorted(statuses.items())) or "no checks"
    click.echo(f"Checked {len(ids)} licences: {summary}.")


@verifiers_cli.command("list")
def list_verifiers() -> None:
    """Show each verifier: kind, jurisdictions, where it came from, whether configured."""
    allow = current_app.config["VERIFIERS_ALLOW"]
    made = verification.configured_verifiers()
    for name, info in sorted(available_verifiers().items()):
        if allow is not None and name not in allow:
            state = "switched off (VERIFIERS_ALLOW)"
        elif name not in made:
            state = "failed to set up (see the log)"
        else:
            reason = made[name].not_configured_reason
            state = f"not configured: {reason}" if reason else "configured"
        where = ", ".join(info.jurisdictions)
        click.echo(f"{name:10s} {info.kind:9s} {where:12s} {info.source:12s} {state}")


@verifiers_cli.command("refresh")
@click.argument("name")
def refresh_verifier(name: str) -> None:
    """Download a file-backed verifier's registry file again."""
    made = verification.configured_verifiers()
    refreshable = [n for n, v in made.items() if is_file_backed(v)]
    if name not in refreshable:
        choices = ", ".join(refreshable)
        raise click.ClickException(f"{name!r} keeps no downloaded file; choose one of: {choices}.")
    with click.progressbar(length=0, label=f"Downloading {name}") as bar:

        def progress(done: int, total: int | None) -> None:
            if total and bar.length != total:
                bar.length = total
            bar.update(done - bar.pos)

        made[name].refresh(progress=progress)
    click.echo(f"{name}: registry file refreshed.")
