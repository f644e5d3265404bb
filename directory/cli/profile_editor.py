"""`flask send-availability-reminders`: ask therapists to confirm their availability."""

from __future__ import annotations

import click
from flask import current_app

from .. import profile_editor


@click.command("send-availability-reminders")
def send_availability_reminders_command() -> None:
    """Mail therapists whose 'accepting new clients' is over 30 days unconfirmed."""
    sent, failed = profile_editor.send_availability_reminders()
    message = f"Sent {sent} availability reminders."
    if failed:
        message += f" {failed} could not be sent (see the log); they will be retried next run."
    click.echo(message)
    if failed and not sent:
        current_app.logger.warning("no availability reminder could be sent")
