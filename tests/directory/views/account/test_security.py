"""Cookies, caching and CSRF on account pages."""

from __future__ import annotations

from directory import accounts, create_app
from directory.extensions import db
from directory.models import User, utcnow
from tests.account_fixtures import PASSWORD, csrf_token
from tests.conftest import make_config


def session_set_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def login_response(client, make_user, base_url="http://localhost"):
    make_user("client", email="kim@example.org")
    token = csrf_token(client)
    return client.post(
        "/account/login",
        data={"email": "kim@example.org", "password": PASSWORD, "csrf_token": token},
        base_url=base_url,
        # Over HTTPS, Flask-WTF also checks that the form came from this site.
        headers={"Referer": f"{base_url}/account/login"},
    )


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    cookie = session_set_cookie(login_response(client, make_user))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http (a developer's machine)


def test_the_session_cookie_is_secure_over_https(client, make_user):
    response = login_response(client, make_user, base_url="https://localhost")
    assert "; Secure" in session_set_cookie(response)


def test_session_cookie_secure_forces_it_everywhere(app, client, make_user):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "; Secure" in session_set_cookie(login_response(client, make_user))


def test_pages_behind_login_are_never_cached(client, auth, make_user):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert client.get("/account/login").headers["Cache-Control"] == "no-store"
    make_user("therapist", email="ana@example.org")
    auth.login("ana@example.org")
    for path in ["/account/", "/manage/", "/manage/about", "/manage/preview", "/"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_admin_pages_are_never_cached_even_when_they_turn_someone_away(client):
    for path in ["/admin/", "/admin/queue", "/admin/ratings/"]:
        response = client.get(path)
        assert response.status_code == 302, path  # to the login page
        assert response.headers["Cache-Control"] == "no-store", path


def test_a_login_without_a_csrf_token_is_refused(client, make_user):
    make_user("client", email="kim@example.org")
    response = client.post(
        "/account/login", data={"email": "kim@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # still logged out


def test_logging_out_needs_a_csrf_token(client, auth, make_user):
    make_user("client", email="kim@example.org")
    auth.login("kim@example.org")
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/").status_code == 200  # still logged in


def test_account_changes_without_a_csrf_token_change_nothing(client, auth, make_user):
    user = make_user("client", email="kim@example.org")
    before = user.password_hash
    auth.login("kim@example.org")
    for path in ["/account/password", "/account/delete"]:
        response = client.post(
            path, data={"current": PASSWORD, "password": "a whole new passphrase", "confirm": "y"}
        )
        assert response.status_code == 400, path
        db.session.expire_all()
        assert db.session.get(User, user.id).password_hash == before


def test_behind_a_tls_proxy_the_cookie_is_secure(tmp_path):
    app = create_app(make_config(tmp_path, PROXY_FIX_X_PROTO=1, WTF_CSRF_ENABLED=False))
    with app.app_context():
        db.create_all()
        user = accounts.create_user("kim@example.org", PASSWORD)
        user.email_confirmed_at = utcnow()
        db.session.commit()
        client = app.test_client()
        response = client.post(
            "/account/login",
            data={"email": "kim@example.org", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert response.status_code == 302
        assert "; Secure" in session_set_cookie(response)
        db.session.remove()
