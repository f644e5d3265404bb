"""Mail goes to instance/outbox/ without a mail server, and over SMTP with one."""

from __future__ import annotations

import smtplib
from pathlib import Path

import pytest

from directory.mail import send_mail
from tests.account_fixtures import csrf_token, page_text


def test_without_a_mail_server_each_message_is_a_file_in_the_outbox(app, mailbox):
    assert send_mail("ana@example.org", "First", "Hello,\n\nSee you soon.\n")
    assert send_mail("kim@example.org", "Second", "Another.\n")
    files = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(files) == 2
    first, second = mailbox()
    assert (first["To"], first["Subject"]) == ("ana@example.org", "First")
    assert first["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert first["Message-ID"] and first["Date"]
    assert first.get_payload(decode=True).decode() == "Hello,\n\nSee you soon.\n"
    assert second["To"] == "kim@example.org"


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what a real server would have been told."""

    sent: list = []
    calls: list = []
    fail = False

    def __init__(self, host, port, timeout):
        self.calls.append(("connect", host, port))
        if self.fail:
            raise ConnectionRefusedError("no server")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.calls, FakeSMTP.fail = [], [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(
        MAIL_SERVER="mail.example.org", MAIL_USERNAME="solace", MAIL_PASSWORD="s3cret"
    )
    return FakeSMTP


def test_with_a_mail_server_it_is_sent_over_smtp_with_tls(smtp, mailbox):
    assert send_mail("ana@example.org", "Hi", "Body\n")
    assert smtp.calls == [
        ("connect", "mail.example.org", 587),
        ("starttls",),
        ("login", "solace", "s3cret"),
    ]
    (message,) = smtp.sent
    assert message["To"] == "ana@example.org"
    assert mailbox() == []  # nothing written locally


def test_a_mail_server_that_fails_never_breaks_sign_up(client, smtp):
    smtp.fail = True
    assert send_mail("ana@example.org", "Hi", "Body\n") is False
    token = csrf_token(client, "/account/signup")
    response = client.post(
        "/account/signup",
        data={
            "email": "ana@example.org",
            "password": "a long enough passphrase",
            "role": "client",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert "Check your email" in page_text(response)
