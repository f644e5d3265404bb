"""The account page, and deleting an account."""

from __future__ import annotations

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import User
from tests.account_fixtures import PASSWORD, page_text


def test_deleting_needs_the_password_and_a_tick(client, auth, make_user):
    make_user("client", email="kim@example.org")
    auth.login("kim@example.org")
    for data, message in [
        ({"password": PASSWORD}, "Tick the box to confirm"),
        ({"password": "not my password", "confirm": "y"}, "That isn't your password"),
    ]:
        response = auth.post("/account/delete", data, token_from="/account/delete")
        assert response.status_code == 400
        assert message in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1

    response = auth.post(
        "/account/delete", {"password": PASSWORD, "confirm": "y"}, token_from="/account/delete"
    )
    assert response.headers["Location"] == "/"
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert client.get("/account/").status_code == 302
    assert auth.login("kim@example.org").status_code == 400


def test_the_only_admin_cannot_delete_their_account(auth, make_user):
    make_user("admin", email="root@example.org")
    auth.login("root@example.org")
    response = auth.post(
        "/account/delete", {"password": PASSWORD, "confirm": "y"}, token_from="/account/delete"
    )
    assert response.status_code == 400
    assert "You are the only admin" in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_the_navigation_shows_account_links(client, auth, make_user):
    assert "Log in" in page_text(client.get("/"))
    make_user("therapist", email="ana@example.org")
    auth.login("ana@example.org")
    text = page_text(client.get("/"))
    assert "Your profile" in text and "Log out" in text and "Log in" not in text


def test_a_client_finds_their_ratings_from_the_account_page(client, auth, make_user):
    make_user(email="cleo@example.org")
    auth.login("cleo@example.org")
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/ratings/mine"' in page
    assert client.get("/ratings/mine").status_code == 200
