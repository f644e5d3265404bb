"""`flask doctor`: the command; the checks it runs are in directory/doctor.py."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import doctor


@click.command("doctor")
@click.option(
    "--web-workers",
    type=click.IntRange(min=1),
    help="How many web processes serve (default: WEB_CONCURRENCY or gunicorn's default).",
)
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too.")
@with_appcontext
def doctor_command(web_workers: int | None, strict: bool) -> None:
    """Check the configuration and say what is missing or unsafe."""
    app = current_app._get_current_object()
    findings = doctor.run_checks(app, web_workers=web_workers)
    for finding in findings:
        click.echo(finding.line())
    unsafe = sum(f.severity == doctor.UNSAFE for f in findings)
    warnings = sum(f.severity == doctor.WARNING for f in findings)
    click.echo(f"{unsafe} unsafe, {warnings} warnings, {len(findings) - unsafe - warnings} ok.")
    if unsafe or (strict and warnings):
        raise SystemExit(1)
