"""The editor's page for a website and social accounts: adding, refusing, removing, and
each link's state with what to do about it."""

from __future__ import annotations

import html
import re

import pytest

from directory import links
from directory.extensions import db
from directory.models import ProfileLink
from tests.account_fixtures import page_text


def add(editor, address: str, kind: str = "website"):
    return editor.post("/manage/links", {"kind": kind, "address": address}, token_from="/manage/")


def test_a_website_is_added_and_waits_for_its_check(editor):
    response = add(editor, "https://rosadiaz.example/")
    assert response.status_code == 302
    (link,) = editor.profile.links
    assert (link.kind, link.url, link.state) == ("website", "https://rosadiaz.example/", "checking")
    page = editor.client.get("/manage/links").get_data(as_text=True)
    assert "Checking" in page
    profile_url = links.profile_urls(editor.profile)[0]
    # The snippet to paste, exactly, as a person copies it from the page.
    assert f'<a href="{profile_url}" rel="me">My Solace profile</a>' in html.unescape(page)
    assert f'<link rel="me" href="{profile_url}">' in html.unescape(page)


def test_a_mastodon_handle_is_added_with_the_field_to_add(editor):
    assert add(editor, "@rosa@social.example", "mastodon").status_code == 302
    page = page_text(editor.client.get("/manage/links"))
    assert re.search(r"Mastodon\s*:\s*@rosa@social\.example", page)
    assert "Extra fields" in page
    assert links.profile_urls(editor.profile)[0] in page


HOSTILE = [
    "<script>alert(1)</script>",
    "https://rosadiaz.example/" + "a" * 100_000,
    "https://rosa\x00diaz.example/",
    "https://rosadiaz.example/\u202e",
    "javascript:alert(document.cookie)",
    "file:///etc/passwd",
    "http://127.0.0.1:5000/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "https://localhost/",
    "https://user:pw@rosadiaz.example/",
    "",
]


@pytest.mark.parametrize("address", HOSTILE)
def test_hostile_addresses_get_400_with_a_message_and_nothing_saved(editor, address):
    add(editor, "https://rosadiaz.example/")
    response = add(editor, address)
    assert response.status_code == 400
    text = page_text(response)
    assert "Nothing was saved" in text
    assert [link.url for link in editor.profile.links] == ["https://rosadiaz.example/"]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "admin", "address": "https://rosadiaz.example/"},
        {"kind": "website"},
        {"address": "https://rosadiaz.example/", "kind": "<b>"},
    ],
)
def test_wrong_shapes_get_400_never_500(editor, data):
    response = editor.post("/manage/links", data, token_from="/manage/")
    assert response.status_code == 400
    assert editor.profile.links == []


def test_the_same_address_twice_and_too_many_links_are_refused(app, editor):
    assert add(editor, "https://rosadiaz.example/").status_code == 302
    response = add(editor, "https://RosaDiaz.example/")
    assert response.status_code == 400
    assert "listed this address already" in page_text(response)
    for n in range(app.config["MAX_PROFILE_LINKS"] - 1):
        assert add(editor, f"https://rosadiaz.example/{n}").status_code == 302
    response = add(editor, "https://rosadiaz.example/one-more")
    assert response.status_code == 400
    assert "at most 10 links" in page_text(response)


def test_each_state_is_shown_with_what_to_do(editor):
    for address in ("a.example", "b.example", "c.example", "d.example"):
        add(editor, address)
    add(editor, "https://www.tiktok.com/@rosa", "other")
    verified, missing, failed, checking, tiktok = editor.profile.links
    verified.state = links.VERIFIED
    missing.state, missing.detail = links.NOT_FOUND, "The page was read, but it has no link."
    failed.state, failed.detail = links.COULD_NOT_CHECK, "The site did not answer in time."
    db.session.commit()
    text = page_text(editor.client.get("/manage/links"))
    assert "Verified" in text
    assert "Link back not found The page was read, but it has no link." in text
    assert "Could not check The site did not answer in time." in text
    assert "Checking" in text
    assert re.search(r"TikTok\s*:\s*https://www\.tiktok\.com/@rosa", text)
    assert "Solace cannot check this kind of account" in text
    assert text.count("How to verify this website") == 3  # not for the verified one


def test_check_again_queues_a_new_check(editor):
    add(editor, "https://rosadiaz.example/")
    (link,) = editor.profile.links
    link.state, link.queued_at = links.NOT_FOUND, None
    db.session.commit()
    response = editor.post(f"/manage/links/{link.id}/check", token_from="/manage/links")
    assert response.status_code == 302
    link = db.session.get(ProfileLink, link.id)
    assert (link.state, link.queued_at is not None) == (links.CHECKING, True)


def test_a_link_is_removed_by_its_owner(editor):
    # Another therapist's attempt is refused in tests/test_access_matrix.py.
    add(editor, "https://rosadiaz.example/")
    (link,) = editor.profile.links
    link_id = link.id
    assert editor.post(f"/manage/links/{link_id}/remove", token_from="/manage/").status_code == 302
    assert db.session.get(ProfileLink, link_id) is None
    assert "No links added yet" in page_text(editor.client.get("/manage/links"))


def test_checking_again_while_a_check_is_owed_asks_nothing_more(app, editor):
    enqueued = []
    app.extensions["jobs"]["check_link"] = enqueued.append
    add(editor, "https://rosadiaz.example/")
    (link,) = editor.profile.links
    response = editor.post(f"/manage/links/{link.id}/check", token_from="/manage/links")
    assert response.status_code == 302
    assert "being checked already" in page_text(editor.client.get("/manage/links"))
    assert enqueued == [link.id]  # the first check only


@pytest.mark.parametrize(
    "config_overrides", [{"RATELIMIT_ENABLED": True, "LINK_CHECK_RATE_LIMIT": "2 per hour"}]
)
def test_links_added_or_checked_are_limited_per_account(editor):
    assert add(editor, "https://a.example/").status_code == 302
    assert add(editor, "https://b.example/").status_code == 302
    response = add(editor, "https://c.example/")
    assert response.status_code == 429
    assert [link.url for link in editor.profile.links] == [
        "https://a.example/",
        "https://b.example/",
    ]
