"""Every `flask` command, registered by `init_app`. Each module here holds the commands
of one area; the work they do is in the domain modules they call."""

from __future__ import annotations

from flask import Flask

from . import accounts, backup, demo, doctor, profile_editor, search, verification, worker


def init_app(app: Flask) -> None:
    """Register every command."""
    for command in (
        demo.seed_vocabulary,
        demo.seed_demo,
        search.search_cli,
        worker.worker,
        verification.verify,
        verification.verifiers_cli,
        doctor.doctor_command,
        accounts.create_admin_command,
        accounts.disable_account_command,
        profile_editor.send_availability_reminders_command,
        backup.backup_command,
        backup.restore_command,
    ):
        app.cli.add_command(command)
