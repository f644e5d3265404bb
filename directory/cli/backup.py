"""`flask backup` and `flask restore`: one archive of what cannot be rebuilt, and back."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_migrate import upgrade

from .. import backup
from ..models import utcnow
from .search import rebuild_index


def _say(line: str) -> None:
    click.echo(f"  {line}", err=True)


@click.command("backup")
@click.argument("archive", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(archive: Path | None) -> None:
    """Write a backup archive: the database and the instance files that cannot be rebuilt.

    ARCHIVE defaults to instance/backups/solace-<time>.tar.gz; a .sha256 file is written
    beside it.
    """
    if archive is None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        archive = Path(current_app.instance_path) / "backups" / f"solace-{stamp}.tar.gz"
    click.echo(f"Backing up to {archive}", err=True)
    try:
        summary = backup.create_backup(archive, progress=_say)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    counts = ", ".join(f"{n:,} {label}" for label, n in summary.counts.items())
    click.echo(
        f"Backup written: {summary.path} ({summary.size / 1_048_576:.1f} MB; {counts}; "
        f"{summary.files} {'file' if summary.files == 1 else 'files'}); sha256 {summary.sha256}"
    )


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--sha256", "expected", help="The archive's checksum, when no .sha256 file is beside it."
)
def restore_command(archive: Path, expected: str | None) -> None:
    """Restore a backup archive into this instance, whose database must be empty.

    Checks the checksum, restores the database and files, migrates the database to this
    version, and rebuilds the search index.
    """
    click.echo(f"Restoring {archive}", err=True)
    try:
        manifest = backup.restore_backup(archive, expected, progress=_say)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    _say("database: migrating to this version (flask db upgrade)")
    upgrade()
    rebuild_index()
    counts = backup.row_counts()
    said = ", ".join(f"{n:,} {label}" for label, n in counts.items())
    click.echo(f"Restored the backup of {manifest['created_at']}: {said}.")
