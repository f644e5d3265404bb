"""Fixtures for tests that need accounts: users, logging in through the real form, mail.

Imported by tests/directory/conftest.py, so every test of the directory package has
them: `from tests.account_fixtures import *  # noqa: F403`.
"""

from __future__ import annotations

import email
import html
import itertools
import re
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from directory import accounts
from directory.extensions import db
from directory.models import User, utcnow

__all__ = [
    "auth",
    "make_user",
    "mailbox",
    "csrf_token",
    "PASSWORD",
    "Auth",
    "links_in",
    "open_link",
    "page_text",
]

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_numbers = itertools.count(1)


def page_text(response) -> str:
    """A page's text as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(text))


def csrf_token(client, path: str = "/account/login") -> str:
    """The CSRF token a page's form carries, for this client's session."""
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def make_user(app):
    """Create an account directly (confirmed unless told otherwise)."""

    def make(role="client", email=None, password=PASSWORD, confirmed=True) -> User:
        address = email or f"{role}{next(_numbers)}@example.org"
        user = accounts.create_user(address, password, role)
        if confirmed:
            user.email_confirmed_at = utcnow()
            db.session.commit()
        return user

    return make


class Auth:
    """Log a test client in and out through the real forms, and post with CSRF tokens."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD, next_page: str | None = None):
        token = csrf_token(self.client)
        url = "/account/login" + (f"?next={next_page}" if next_page else "")
        return self.client.post(
            url, data={"email": email, "password": password, "csrf_token": token}
        )

    def logout(self):
        token = csrf_token(self.client, "/account/")
        return self.client.post("/account/logout", data={"csrf_token": token})

    def post(self, path: str, data: dict | None = None, token_from: str | None = None, **kw):
        """POST with a valid CSRF token from `token_from` (default: the login page, or
        the account page once logged in)."""
        token = csrf_token(self.client, token_from or "/account/login")
        return self.client.post(path, data={**(data or {}), "csrf_token": token}, **kw)


@pytest.fixture
def auth(client):
    """An Auth helper for the default test client."""
    return Auth(client)


@pytest.fixture
def mailbox(app):
    """The messages written to instance/outbox, oldest first."""

    def read() -> list[Message]:
        folder = Path(app.instance_path) / "outbox"
        if not folder.exists():
            return []
        return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]

    return read


def links_in(message: Message) -> list[str]:
    """The links in a message's body without their host (SITE_URL's): the path, and the
    `#token` a link from an account mail ends with."""
    body = message.get_payload(decode=True).decode()
    links = []
    for url in re.findall(r"https?://\S+", body):
        parts = urlsplit(url)
        links.append(parts.path + (f"#{parts.fragment}" if parts.fragment else ""))
    return links


def open_link(client, link: str):
    """Open a link from a mail as a browser does with site.js: load the page it names
    (the browser keeps the `#token` to itself), then post the token from that page."""
    path, _, token = link.partition("#")
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    match = _CSRF.search(page.get_data(as_text=True))
    assert match and "data-link-from-fragment" in page.get_data(as_text=True)
    return client.post(path, data={"link": token, "csrf_token": match.group(1)})
