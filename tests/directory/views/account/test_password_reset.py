"""Forgotten passwords: a link that works once, within an hour, for the address's owner."""

from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner

from directory.extensions import db
from tests.account_fixtures import PASSWORD, Auth, links_in, open_link, page_text


@pytest.fixture
def kim(make_user):
    return make_user("client", email="kim@example.org")


def ask_for_reset(auth, email):
    return auth.post("/account/forgot", {"email": email}, token_from="/account/forgot")


def new_password(auth, password):
    return auth.post(
        "/account/new-password", {"password": password}, token_from="/account/new-password"
    )


def choose(auth, link, password):
    """Open the reset link, then post the new password on the page it leads to."""
    opened = open_link(auth.client, link)
    if opened.status_code != 303:
        return opened
    assert opened.headers["Location"] == "/account/new-password"  # no token in it
    return new_password(auth, password)


def test_a_reset_link_sets_a_new_password_once(client, auth, kim, mailbox):
    response = ask_for_reset(auth, "Kim@Example.org")
    assert response.status_code == 200
    (message,) = mailbox()
    assert message["To"] == "kim@example.org"
    assert "within an hour" in message.get_payload(decode=True).decode()
    link = links_in(message)[0]

    response = choose(auth, link, "the new long passphrase")
    assert response.headers["Location"] == "/account/login"
    assert auth.login("kim@example.org").status_code == 400  # the old password
    assert auth.login("kim@example.org", "the new long passphrase").status_code == 302
    auth.logout()

    response = open_link(client, link)
    assert response.status_code == 400
    assert "already been used" in page_text(response)
    assert choose(auth, link, "a third passphrase here").status_code == 400
    assert auth.login("kim@example.org", "a third passphrase here").status_code == 400


def test_unknown_addresses_get_the_same_answer_and_no_mail(auth, mailbox):
    response = ask_for_reset(auth, "nobody@example.org")
    assert response.status_code == 200
    assert "If nobody@example.org has a Solace account" in page_text(response)
    assert mailbox() == []


def test_a_reset_link_expires_after_an_hour(client, auth, kim, mailbox, monkeypatch):
    ask_for_reset(auth, "kim@example.org")
    link = links_in(mailbox()[0])[0]
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + 3601)
    response = open_link(client, link)
    assert response.status_code == 400
    assert "expired" in page_text(response)
    assert "Send a new password link" in page_text(response)


def test_a_weak_new_password_is_refused_and_the_link_still_works(auth, kim, mailbox):
    ask_for_reset(auth, "kim@example.org")
    assert open_link(auth.client, links_in(mailbox()[0])[0]).status_code == 303
    for weak, reason in [("password1", "most common passwords"), ("x" * 100_000, "at most 256")]:
        response = new_password(auth, weak)
        assert response.status_code == 400
        assert reason in page_text(response)
        assert "kim@example.org" in page_text(response)  # still the same account's form
    assert new_password(auth, "the new long passphrase").status_code == 302


def test_resetting_ends_every_session(app, auth, kim, mailbox):
    intruder = app.test_client()  # say, someone who had the old password
    Auth(intruder).login("kim@example.org")
    assert intruder.get("/account/").status_code == 200
    ask_for_reset(auth, "kim@example.org")
    choose(auth, links_in(mailbox()[0])[0], "the new long passphrase")
    assert intruder.get("/account/").status_code == 302


def test_a_reset_link_confirms_the_address(auth, make_user, mailbox):
    user = make_user("therapist", email="ana@example.org", confirmed=False)
    ask_for_reset(auth, "ana@example.org")
    choose(auth, links_in(mailbox()[0])[0], "the new long passphrase")
    db.session.refresh(user)
    assert user.is_confirmed
    assert auth.login("ana@example.org", "the new long passphrase").status_code == 302


def test_only_the_newest_reset_link_works(auth, kim, mailbox):
    ask_for_reset(auth, "kim@example.org")
    ask_for_reset(auth, "kim@example.org")
    older, newer = (links_in(message)[0] for message in mailbox())
    response = choose(auth, older, "the new long passphrase")
    assert response.status_code == 400
    assert "a newer one replaced it" in page_text(response)
    assert choose(auth, newer, "the new long passphrase").status_code == 302


def test_changing_the_password_spends_a_waiting_reset_link(client, auth, kim, mailbox):
    ask_for_reset(auth, "kim@example.org")
    link = links_in(mailbox()[0])[0]
    auth.login("kim@example.org")
    auth.post(
        "/account/password",
        {"current": PASSWORD, "password": "a changed passphrase"},
        token_from="/account/password",
    )
    auth.logout()
    response = choose(auth, link, "the attacker's passphrase")
    assert response.status_code == 400
    assert auth.login("kim@example.org", "a changed passphrase").status_code == 302


def test_a_reset_link_in_the_old_shape_is_handed_to_the_new_page(client):
    response = client.get("/account/reset/abc.def-ghi_j")
    assert response.headers["Location"] == "/account/new-password#abc.def-ghi_j"
    assert client.post("/account/new-password", data={}).status_code == 400
