"""`flask verify` and `flask verifiers ...`: run checks and inspect verifiers by hand."""

from __future__ import annotations

from collections import Counter

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from verifiers import available_verifiers, is_file_backed

from .. import catalogue, verification
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
    """Show each verifier: kind, jurisdictions, where it came from, whether it can look a
    person up by name, whether configured."""
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
        search = "name search" if info.name_search else "number only"
        click.echo(f"{name:10s} {info.kind:9s} {where:12s} {search:11s} {info.source:12s} {state}")


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


def counted_verifiers() -> tuple[set[str], set[str]]:
    """(verifiers a program runs that count for coverage, those of them needing no key).

    A verifier counts when it needs no key, or when it needs one and is tested against
    answers its registry really gave; it counts without keys only when it needs none.
    """
    automated, keyless = set(), set()
    for name, info in available_verifiers(current_app.config["VERIFIERS_ALLOW"]).items():
        if info.answered_by_person:
            continue
        if not info.needs_key or info.answers_recorded:
            automated.add(name)
        if not info.needs_key:
            keyless.add(name)
    return automated, keyless


@verifiers_cli.command("coverage")
def coverage_command() -> None:
    """Print the registry catalogue, then the share of the US population checked by program."""
    automated, keyless = counted_verifiers()
    rows = catalogue.entries()
    header = ("jurisdiction", "licence type", "level", "board", "verifier", "checked", "source")
    table = [header]
    for row in rows:
        if row.verifier in automated:
            how = "automated" if row.verifier in keyless else "automated (API key)"
        else:
            how = "manual"
        source = row.source if row.sourced else "unsourced"
        table.append(
            (row.jurisdiction, row.licence_type, row.level.value, row.board or "-",
             row.verifier, how, source)
        )  # fmt: skip
    widths = [min(max(len(r[i]) for r in table), 40) for i in range(len(header) - 1)]
    for r in table:
        cells = [r[i][:40].ljust(widths[i]) for i in range(len(widths))]
        click.echo("  ".join([*cells, r[-1]]))
    result = catalogue.coverage(rows, catalogue.census_populations(), automated, keyless)
    click.echo(result.line())
