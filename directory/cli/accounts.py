"""`flask create-admin` and `flask disable-account`: accounts an operator manages."""

from __future__ import annotations

import click
from flask import current_app

from .. import accounts


@click.command("create-admin")
@click.argument("email")
def create_admin_command(email: str) -> None:
    """Create an admin account (or promote one) and print a one-time password-set link."""
    try:
        user, created = accounts.create_admin(email)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    link = accounts.reset_link(user)
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    verb = "Created" if created else "Promoted"
    click.echo(f"{verb} admin {user.email}.")
    click.echo(f"Open this link within {minutes} minutes to set the password (it works once):")
    click.echo(link)


@click.command("disable-account")
@click.argument("email")
@click.option("--enable", is_flag=True, help="Let a disabled account log in again.")
def disable_account_command(email: str, enable: bool) -> None:
    """Stop an account from logging in and end its sessions (or, with --enable, undo)."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account uses {accounts.normalise_email(email)}.")
    if enable:
        accounts.enable_user(user)
        click.echo(f"{user.email} can log in again.")
    else:
        accounts.disable_user(user)
        click.echo(f"{user.email} is disabled and logged out everywhere.")
