"""Rate limits on login, sign-up and reset requests: per client address, proxy-aware;
and on the account mail one address receives, whoever asks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from directory import accounts, create_app
from directory.extensions import db
from directory.models import utcnow
from tests.account_fixtures import page_text
from tests.conftest import make_config


@pytest.fixture
def limited_app(tmp_path):
    """An app with rate limits on (the shared test config turns them off)."""

    def make(**overrides):
        app = create_app(
            make_config(tmp_path, RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False, **overrides)
        )
        with app.app_context():
            db.create_all()
        return app

    return make


def try_login(client, address="203.0.113.7", forwarded=None, email="someone@example.org"):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        "/account/login",
        data={"email": email, "password": "a wrong guess"},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_the_eleventh_login_attempt_in_a_minute_is_refused(limited_app):
    client = limited_app().test_client()
    codes = [try_login(client).status_code for _ in range(11)]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    response = try_login(client)
    assert "Too many tries" in response.get_data(as_text=True)
    # Another address still gets in (for another account: this one had ten wrong guesses).
    assert try_login(client, address="198.51.100.9", email="other@example.org").status_code == 400


def test_sign_up_and_reset_requests_are_limited_too(limited_app):
    client = limited_app().test_client()
    for path, data in [
        ("/account/signup", {"email": "x@example.org", "password": "p", "role": "client"}),
        ("/account/forgot", {"email": "x@example.org"}),
        ("/account/confirm", {"email": "x@example.org"}),
    ]:
        codes = [client.post(path, data=data).status_code for _ in range(11)]
        assert 429 not in codes[:10] and codes[10] == 429, path


def test_no_burst_of_twenty_across_the_edge_of_a_minute(limited_app, monkeypatch):
    """ "10 per minute" is any 60 seconds. A window that starts afresh a minute after its
    first try would let one try, nine more at 59 s, then ten more at 61 s through."""
    client = limited_app().test_client()
    asked = iter(range(100))

    def ask() -> int:  # for a new address each time: only the limit on the client counts
        email = f"x{next(asked)}@example.org"
        return client.post("/account/forgot", data={"email": email}).status_code

    start = time.time()
    now = [start]
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert ask() != 429
    now[0] = start + 59
    assert 429 not in [ask() for _ in range(9)]
    now[0] = start + 61  # the first try is more than a minute old: room for one
    assert ask() != 429
    assert ask() == 429


def test_a_forged_forwarded_header_does_not_reset_the_count(limited_app):
    client = limited_app().test_client()
    for n in range(10):
        try_login(client, forwarded=f"192.0.2.{n}")
    assert try_login(client, forwarded="192.0.2.99").status_code == 429


def test_behind_a_configured_proxy_each_real_client_has_its_own_count(limited_app):
    client = limited_app(PROXY_FIX_X_FOR=1).test_client()
    proxy = "10.0.0.2"
    for _ in range(10):
        try_login(client, address=proxy, forwarded="203.0.113.7")
    assert try_login(client, address=proxy, forwarded="203.0.113.7").status_code == 429
    other = try_login(client, address=proxy, forwarded="198.51.100.9", email="other@example.org")
    assert other.status_code == 400


def test_one_account_s_password_is_not_guessed_from_many_addresses(limited_app):
    app = limited_app()
    with app.app_context():
        for email in ("kim@example.org", "lee@example.org"):
            accounts.create_user(email, "a long enough passphrase").email_confirmed_at = utcnow()
        db.session.commit()
    client = app.test_client()

    def guess(n, email="kim@example.org", password="a wrong guess"):
        return client.post(
            "/account/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},  # each guess from another address
        )

    assert [guess(n).status_code for n in range(10)] == [400] * 10
    refused = guess(10, password="a long enough passphrase")
    assert refused.status_code == 429
    assert "Too many wrong passwords for this account" in page_text(refused)
    assert "set a new password" in page_text(refused)
    # Another account is not affected.
    other = guess(11, email="lee@example.org", password="a long enough passphrase")
    assert other.status_code == 302
    # The owner sets a new password from a reset link, and gets in at once.
    with app.test_request_context():
        kim = accounts.find_user("kim@example.org")
        accounts.reset_password(kim, "a brand new passphrase")
    assert guess(12, password="a brand new passphrase").status_code == 302


def test_one_address_gets_at_most_three_account_mails_an_hour_whoever_asks(limited_app):
    app = limited_app()
    with app.app_context():
        accounts.create_user("kim@example.org", "a long enough passphrase")
    client = app.test_client()
    asks = [
        ("/account/forgot", {"email": "kim@example.org"}),
        ("/account/signup", {"email": "kim@example.org", "password": "x" * 12, "role": "client"}),
        ("/account/confirm", {"email": "kim@example.org"}),
    ] * 3
    for n, (path, data) in enumerate(asks):  # each from another client address
        response = client.post(path, data=data, environ_base={"REMOTE_ADDR": f"192.0.2.{n}"})
        assert response.status_code == 200
        assert "at most 3 messages an hour and 10 a day" in page_text(response)
    outbox = Path(app.instance_path) / "outbox"
    assert len(list(outbox.glob("*.eml"))) == 3
    # Another address is not affected.
    client.post("/account/signup", data={**asks[1][1], "email": "lee@example.org"})
    assert len(list(outbox.glob("*.eml"))) == 4


def test_the_forms_that_send_mail_state_the_limit(client):
    for path in ("/account/forgot", "/account/confirm"):
        assert "at most 3 messages an hour and 10 a day" in page_text(client.get(path))
