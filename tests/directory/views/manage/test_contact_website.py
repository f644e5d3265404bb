"""The Contact section's website is the profile's website link: entered once, checked
like any link, and shown once on the public profile with what its check found."""

from __future__ import annotations

import re

import pytest

from directory import links
from directory.extensions import db
from directory.models import ProfileStatus, utcnow
from tests.account_fixtures import page_text

ROSA_SITE = "https://rosadiaz.example/"


@pytest.fixture
def enqueued(app):
    """The link checks the editor asked the worker for."""
    asked = []
    app.extensions["jobs"]["check_link"] = asked.append
    return asked


def publish(editor):
    """Make the editor's profile public, as its verified licence would."""
    t = editor.profile
    t.status, t.verification_state = ProfileStatus.PUBLISHED, "verified"
    t.verified_places = ["US-TX"]
    db.session.commit()
    return t


def public_page(editor) -> str:
    """The profile's public page, as HTML."""
    return editor.client.get(f"/therapists/{editor.profile.slug}").get_data(as_text=True)


def public_text(editor) -> str:
    """The profile's public page, as the words a visitor reads."""
    return page_text(editor.client.get(f"/therapists/{editor.profile.slug}"))


def test_the_contact_website_is_listed_and_checked_as_the_profile_s_website(editor, enqueued):
    assert editor.save("contact", website=ROSA_SITE).status_code == 302
    (link,) = editor.profile.links
    assert (link.kind, link.url, link.state) == ("website", ROSA_SITE, links.CHECKING)
    assert enqueued == [link.id]
    text = page_text(editor.client.get("/manage/links"))
    assert re.search(r"Website\s*:\s*https://rosadiaz\.example/ \(your contact website", text)
    assert "Checking" in text


def test_a_website_added_on_the_links_page_is_the_contact_website(editor):
    editor.post("/manage/links", {"kind": "website", "address": ROSA_SITE}, token_from="/manage/")
    page = editor.client.get("/manage/contact").get_data(as_text=True)
    assert re.search(r'name="website"[^>]*value="https://rosadiaz\.example/"', page)


def test_a_visitor_sees_the_website_once_with_its_verified_mark(editor, enqueued):
    editor.save("contact", website=ROSA_SITE)
    publish(editor)
    page = public_page(editor)
    assert page.count(f'href="{ROSA_SITE}"') == 1
    assert "Not verified" in page and "Verified link" not in page
    (link,) = editor.profile.links
    link.state, link.checked_at, link.queued_at = links.VERIFIED, utcnow(), None
    db.session.commit()
    page = public_page(editor)
    assert page.count(f'href="{ROSA_SITE}"') == 1
    assert "Verified link Solace checked on" in public_text(editor)
    # Saving the Contact section again, unchanged, keeps the answer.
    assert editor.save("contact", website=ROSA_SITE).status_code == 302
    assert "Verified link" in public_text(editor)
    assert enqueued == [link.id]


def test_a_new_website_drops_the_old_verified_mark_and_is_checked_afresh(editor, enqueued):
    editor.save("contact", website=ROSA_SITE)
    (link,) = editor.profile.links
    link.state, link.checked_at, link.queued_at = links.VERIFIED, utcnow(), None
    db.session.commit()
    publish(editor)
    assert editor.save("contact", website="https://rosa-new.example/").status_code == 302
    (link,) = editor.profile.links
    assert (link.url, link.state) == ("https://rosa-new.example/", links.CHECKING)
    assert link.checked_at is None
    assert enqueued == [link.id, link.id]
    page = public_page(editor)
    assert ROSA_SITE not in page
    assert 'href="https://rosa-new.example/"' in page and "Verified link" not in page


def test_clearing_the_contact_website_takes_it_off_both_pages(editor, enqueued):
    editor.save("contact", website=ROSA_SITE)
    publish(editor)
    assert editor.save("contact", website="").status_code == 302
    assert editor.profile.links == []
    assert "No links added yet" in page_text(editor.client.get("/manage/links"))
    assert ROSA_SITE not in public_page(editor)


def test_choosing_a_website_listed_further_down_makes_it_the_contact_website(editor):
    for address in (ROSA_SITE, "https://rosa-blog.example/"):
        editor.post("/manage/links", {"kind": "website", "address": address}, token_from="/manage/")
    assert editor.save("contact", website="https://rosa-blog.example/").status_code == 302
    assert [link.url for link in editor.profile.links] == ["https://rosa-blog.example/"]
    assert editor.profile.website == "https://rosa-blog.example/"


def test_a_social_account_in_the_website_field_is_refused_and_nothing_saved(editor):
    editor.save("contact")
    response = editor.save("contact", phone="+1 512 555 0199", website="instagram.com/rosa")
    assert response.status_code == 400
    assert "Instagram is a social site, not your own website" in page_text(response)
    t = editor.profile
    assert (t.phone, t.website) == ("+1 512 555 0100", "https://example.org/rosa")


@pytest.mark.parametrize("config_overrides", [{"MAX_PROFILE_LINKS": 1}])
def test_a_full_list_of_links_refuses_a_new_website_and_saves_nothing(editor):
    editor.post("/manage/links", {"kind": "other", "address": "https://www.tiktok.com/@rosa"},
                token_from="/manage/")  # fmt: skip
    response = editor.save("contact", phone="+1 512 555 0199")
    assert response.status_code == 400
    assert "at most 1 links; remove one first" in page_text(response)
    t = editor.profile
    assert (t.phone, t.website, len(t.links)) == ("", "", 1)
