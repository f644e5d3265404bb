"""Signing up, confirming the address by a single-use link, and what a stranger can't learn."""

from __future__ import annotations

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import User
from tests.account_fixtures import PASSWORD, csrf_token, links_in, open_link, page_text


def signup(client, email, password=PASSWORD, role="therapist"):
    token = csrf_token(client, "/account/signup")
    return client.post(
        "/account/signup",
        data={"email": email, "password": password, "role": role, "csrf_token": token},
    )


def test_a_therapist_signs_up_confirms_and_lands_in_the_editor(client, auth, mailbox):
    response = signup(client, "  Ana.Lopez@Example.ORG ")
    assert response.status_code == 200
    assert "Check your email" in page_text(response)
    user = db.session.scalar(select(User))
    assert user.email == "ana.lopez@example.org"  # stored normalised
    assert user.role == "therapist" and not user.is_confirmed
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash

    # Not before the address is confirmed; a new link is sent instead.
    response = auth.login("ana.lopez@example.org")
    assert response.status_code == 400
    assert "confirm your email address first" in page_text(response)
    messages = mailbox()
    assert len(messages) == 2 and messages[0]["To"] == "ana.lopez@example.org"
    assert "Confirm your email" in messages[0]["Subject"]

    link = links_in(messages[0])[0]
    assert link.startswith("/account/confirm-email#")  # the token never reaches a server log
    response = open_link(client, link)
    assert response.status_code == 302
    assert user.is_confirmed

    # The link is spent, and so is the second one sent meanwhile.
    for used in (link, links_in(messages[1])[0]):
        response = open_link(client, used)
        assert response.status_code == 400
        assert "already been used" in page_text(response)

    response = auth.login("ANA.LOPEZ@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/"


def test_a_client_lands_on_the_account_page(client, auth, make_user):
    make_user("client", email="kim@example.org")
    response = auth.login("kim@example.org")
    assert response.headers["Location"] == "/account/"
    assert "kim@example.org" in client.get("/account/").get_data(as_text=True)


def test_signing_up_with_a_taken_address_reveals_nothing_and_tells_the_owner(
    client, make_user, mailbox
):
    make_user("therapist", email="taken@example.org")
    response = signup(client, "Taken@example.org", password="another long password")
    assert response.status_code == 200
    assert "Check your email" in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    (notice,) = mailbox()
    assert notice["Subject"] == "You already have a Solace account"
    # The owner's password is unchanged: the stranger can't log in with theirs.
    assert db.session.scalar(select(User)).password_hash != "another long password"


def test_weak_passwords_are_refused_with_a_reason(client, mailbox):
    for password, reason in [
        ("short", "at least 8 characters"),
        ("baseball", "most common passwords"),
        ("PASSWORD123", "most common passwords"),
        ("x" * 257, "at most 256 characters"),
        ("ana@example.org", "email address"),
    ]:
        response = signup(client, "ana@example.org", password=password)
        assert response.status_code == 400, password
        assert reason in page_text(response), password
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert mailbox() == []


def test_long_passphrases_without_composition_rules_are_fine(client):
    response = signup(client, "ana@example.org", password="all lowercase words " * 3)
    assert response.status_code == 200
    assert db.session.scalar(select(User)).email == "ana@example.org"


def test_the_account_kind_must_be_one_offered(client):
    response = signup(client, "ana@example.org", role="admin")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_tampered_confirmation_link_is_refused(client, mailbox):
    signup(client, "ana@example.org")
    link = links_in(mailbox()[0])[0]
    response = open_link(client, link[:-3] + "abc")
    assert response.status_code == 400
    assert "isn't valid" in page_text(response)
    assert not db.session.scalar(select(User)).is_confirmed


def test_a_new_confirmation_link_can_be_asked_for_without_revealing_accounts(
    client, auth, make_user, mailbox
):
    make_user("client", email="slow@example.org", confirmed=False)
    for address in ("slow@example.org", "nobody@example.org"):
        response = auth.post("/account/confirm", {"email": address}, token_from="/account/confirm")
        assert response.status_code == 200
        assert "Check your email" in page_text(response)
    (message,) = mailbox()
    assert message["To"] == "slow@example.org"
    open_link(client, links_in(message)[0])
    assert auth.login("slow@example.org").status_code == 302


def test_a_pasted_confirmation_link_works_without_javascript(client, mailbox):
    signup(client, "ana@example.org")
    (message,) = mailbox()
    full_link = next(
        line for line in message.get_payload(decode=True).decode().split() if "#" in line
    )
    page = client.get("/account/confirm-email")
    assert "paste the link below" in page_text(page)
    token = csrf_token(client, "/account/confirm-email")
    response = client.post(
        "/account/confirm-email", data={"link": f"  {full_link}\n", "csrf_token": token}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(User)).is_confirmed


def test_a_link_in_the_old_shape_hands_its_token_to_the_new_page(client, mailbox):
    signup(client, "ana@example.org")
    token = links_in(mailbox()[0])[0].partition("#")[2]
    response = client.get(f"/account/confirm/{token}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/account/confirm-email#{token}"
    response = client.get("/account/confirm/not%20a%20token")
    assert response.status_code == 400
    assert "isn't valid" in page_text(response)
    # A NUL byte in any path is refused before any view runs.
    assert client.get("/account/confirm/not%00a%20token").status_code == 404
