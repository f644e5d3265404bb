"""No default admin: `flask create-admin EMAIL` makes one with a one-time link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import User
from tests.account_fixtures import open_link, page_text


def set_password_link(output: str) -> str:
    url = urlsplit(re.search(r"https?://\S+", output).group(0))
    return f"{url.path}#{url.fragment}"


def set_password(auth, link: str, password: str):
    opened = open_link(auth.client, link)
    if opened.status_code != 303:
        return opened
    return auth.post(
        "/account/new-password", {"password": password}, token_from="/account/new-password"
    )


def test_there_is_no_admin_until_one_is_created(app, runner, auth):
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    result = runner.invoke(args=["create-admin", "Root@Example.org"])
    assert result.exit_code == 0, result.output
    assert "Created admin root@example.org" in result.output
    admin = db.session.scalar(select(User))
    assert admin.role == "admin"

    link = set_password_link(result.output)
    # Nothing opens the account until the link is used.
    assert auth.login("root@example.org", "").status_code == 400
    response = set_password(auth, link, "the admin passphrase")
    assert response.status_code == 302
    response = auth.login("root@example.org", "the admin passphrase")
    assert response.status_code == 302
    # The link works once.
    auth.logout()
    response = set_password(auth, link, "another passphrase")
    assert response.status_code == 400
    assert "already been used" in page_text(response)


def test_an_existing_account_is_promoted_and_logged_out(app, runner, auth, client, make_user):
    user = make_user("client", email="kim@example.org")
    auth.login("kim@example.org")
    result = runner.invoke(args=["create-admin", "kim@example.org"])
    assert "Promoted admin kim@example.org" in result.output
    assert user.role == "admin"
    assert client.get("/account/").status_code == 302  # logs in again with the new role


def test_a_malformed_address_is_refused(runner):
    result = runner.invoke(args=["create-admin", "not-an-address"])
    assert result.exit_code != 0
    assert "Enter an email address" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
