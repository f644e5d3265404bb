"""Logging in and out: where you land, that an ended session stays ended, and that a
login ends by itself when idle and after its lifetime."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from directory import accounts
from directory import auth as auth_module
from directory.extensions import db
from tests.account_fixtures import PASSWORD, Auth, csrf_token, page_text


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_wrong_password_or_unknown_address_gets_the_same_answer(auth, make_user):
    make_user("client", email="kim@example.org")
    wrong_password = auth.login("kim@example.org", "not the password at all")
    unknown = auth.login("nobody@example.org")
    for response in (wrong_password, unknown):
        assert response.status_code == 400
        assert "don't match an account" in page_text(response)


def test_login_returns_to_the_page_that_asked(auth, make_user):
    make_user("therapist", email="ana@example.org")
    for next_page in ["/manage/licences", "/account/password?from=menu"]:
        response = auth.login("ana@example.org", next_page=quote(next_page, safe=""))
        assert response.headers["Location"] == next_page
        auth.logout()


OFF_SITE = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "/\t/evil.example",  # browsers drop the tab: "//evil.example"
    " //evil.example",
    "manage",
]


def test_login_never_sends_anyone_off_the_site(auth, make_user):
    make_user("therapist", email="ana@example.org")
    for next_page in OFF_SITE:
        response = auth.login("ana@example.org", next_page=quote(next_page, safe=""))
        assert response.status_code == 302
        assert response.headers["Location"] == "/manage/", next_page
        auth.logout()


def test_an_anonymous_visitor_is_sent_to_login_and_back(client, auth, make_user):
    make_user("therapist", email="ana@example.org")
    response = client.get("/manage/fees")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")
    login_page = response.headers["Location"]
    token = csrf_token(client, login_page)
    response = client.post(
        login_page,
        data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/manage/fees"


def test_login_starts_a_new_session(client, auth, make_user):
    make_user("client", email="kim@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login("kim@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].endswith(":1")


def test_a_copied_session_cookie_stops_working_after_logout(app, client, auth, make_user):
    make_user("therapist", email="ana@example.org")
    auth.login("ana@example.org")
    assert client.get("/manage/").status_code == 200
    stolen = session_cookie(client)

    response = auth.logout()
    assert response.headers["Location"] == "/"
    assert client.get("/manage/").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/manage/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_disabling_an_account_ends_its_sessions_and_stops_login(app, client, auth, make_user):
    user = make_user("therapist", email="ana@example.org")
    auth.login("ana@example.org")
    assert client.get("/manage/").status_code == 200

    result = app.test_cli_runner().invoke(args=["disable-account", "Ana@example.org"])
    assert result.exit_code == 0, result.output
    assert "disabled" in result.output
    assert client.get("/manage/").status_code == 302
    response = auth.login("ana@example.org")
    assert response.status_code == 400
    assert "disabled" in page_text(response)

    accounts.enable_user(user)
    assert auth.login("ana@example.org").status_code == 302


def test_changing_the_password_logs_out_other_devices_only(app, client, auth, make_user):
    make_user("client", email="kim@example.org")
    other_device = app.test_client()
    Auth(other_device).login("kim@example.org")
    auth.login("kim@example.org")
    response = auth.post(
        "/account/password",
        {"current": PASSWORD, "password": "a brand new passphrase"},
        token_from="/account/password",
    )
    assert response.headers["Location"] == "/account/"
    assert client.get("/account/").status_code == 200
    assert other_device.get("/account/").status_code == 302
    auth.logout()
    assert auth.login("kim@example.org").status_code == 400
    assert auth.login("kim@example.org", "a brand new passphrase").status_code == 302


def test_changing_the_password_needs_the_current_one(client, auth, make_user):
    user = make_user("client", email="kim@example.org")
    before = user.password_hash
    auth.login("kim@example.org")
    response = auth.post(
        "/account/password",
        {"current": "a wrong guess here", "password": "a brand new passphrase"},
        token_from="/account/password",
    )
    assert response.status_code == 400
    assert "isn't your current password" in page_text(response)
    db.session.refresh(user)
    assert user.password_hash == before


def test_session_tokens_that_are_not_ours_are_refused(app, make_user):
    from directory.auth import load_user

    user = make_user("client")
    assert load_user(user.get_id()) is user
    for token in ("", "1", "x:1", f"{user.id}:99", f"{user.id}:1:2", "١:1", f"{user.id}:-1"):
        assert load_user(token) is None, token


class Clock:
    """Moves the session clock (auth._now) forward without waiting."""

    def __init__(self, monkeypatch):
        self.offset = 0.0
        real = auth_module._now
        monkeypatch.setattr(auth_module, "_now", lambda: real() + self.offset)

    def advance(self, minutes: float) -> None:
        self.offset += minutes * 60


def test_a_login_ends_after_an_hour_without_activity(client, auth, make_user, monkeypatch):
    clock = Clock(monkeypatch)
    make_user("client", email="kim@example.org")
    auth.login("kim@example.org")
    for _ in range(3):  # activity keeps it going
        clock.advance(55)
        assert client.get("/account/").status_code == 200
    clock.advance(61)
    response = client.get("/account/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    page = page_text(client.get(response.headers["Location"]))
    assert "You were logged out after an hour without activity" in page


def test_a_login_ends_twelve_hours_after_it_began_however_active(
    client, auth, make_user, monkeypatch
):
    clock = Clock(monkeypatch)
    make_user("client", email="kim@example.org")
    auth.login("kim@example.org")
    for _ in range(14):  # a request every 50 minutes, never idle, for 11 h 40 min
        clock.advance(50)
        assert client.get("/account/").status_code == 200
    clock.advance(21)  # 12 h 1 min
    assert client.get("/account/").status_code == 302
    assert "logged out 12 hours after logging in" in page_text(client.get("/account/login"))


def test_admins_are_logged_out_sooner(app, auth, make_user, monkeypatch):
    clock = Clock(monkeypatch)
    make_user("admin", email="lead@example.org")
    make_user("client", email="kim@example.org")
    auth.login("lead@example.org")
    client = app.test_client()
    Auth(client).login("kim@example.org")
    clock.advance(16)
    assert auth.client.get("/account/").status_code == 302
    assert "after 15 minutes without activity" in page_text(auth.client.get("/account/login"))
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize(
    "config_overrides", [{"SESSION_IDLE_TIMEOUT": 120, "SESSION_MAX_AGE": 600}]
)
def test_the_limits_are_settings(client, auth, make_user, monkeypatch):
    clock = Clock(monkeypatch)
    make_user("client", email="kim@example.org")
    auth.login("kim@example.org")
    clock.advance(3)
    assert client.get("/account/").status_code == 302
