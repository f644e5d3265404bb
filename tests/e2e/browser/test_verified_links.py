"""Verified links in Chromium: a therapist adds the website a local server serves with a
rel="me" link back, the worker's job checks it (inline here, HUEY_IMMEDIATE), and the
public profile shows it verified; axe on the editor page and the profile.

The website is on the pretend internet of tests/network.py: a public name and address
that the link-check guard judges as it would live, dialled on the local server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from directory import links, profile_editor
from directory.extensions import db
from directory.models import ProfileStatus, User
from tests.e2e.browser.conftest import assert_accessible, log_in, require_chromium, screenshot
from tests.network import PretendInternet

require_chromium()


@pytest.fixture
def net(site):
    """The site's link checks go to the pretend internet for this test."""
    internet = PretendInternet()
    site.app.extensions["link_session"] = internet.session()
    yield internet
    site.app.extensions.pop("link_session", None)


@pytest.fixture
def rosa(site, accounts_made, open_context):
    """A logged-in therapist with a published profile, and that profile's address."""
    address = accounts_made("therapist")
    page = open_context().new_page()
    log_in(page, address)
    with site.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == address))
        therapist = profile_editor.own_profile(user)
        therapist.first_name, therapist.last_name = "Rosa", "Linkwell"
        therapist.status = ProfileStatus.PUBLISHED
        therapist.region, therapist.city = "US-TX", "Austin"
        db.session.commit()
        slug, profile_url = therapist.slug, links.profile_urls(therapist)[0]
        db.session.remove()
    return page, slug, profile_url


def test_a_website_linking_back_is_shown_verified(rosa, net, httpserver, site, requests_made):
    page, slug, profile_url = rosa
    website = net.site("rosa-linkwell.example", httpserver)
    httpserver.expect_request("/").respond_with_data(
        f'<!doctype html><title>Rosa</title><a href="{profile_url}" rel="me noopener">Me</a>',
        content_type="text/html",
    )

    page.goto("/manage/links")
    page.get_by_label("Your website").check()
    page.get_by_label("Address").fill(website + "/")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_text("Link added.")).to_be_visible()
    item = page.locator(".profile-links li", has_text="rosa-linkwell.example")
    expect(item.locator(".status")).to_have_text("Verified")
    assert_accessible(page)
    screenshot(page, "manage-links")

    page.goto(f"/therapists/{slug}")
    links_card = page.get_by_role("region", name="Website and social accounts")
    expect(links_card.get_by_text("Verified link")).to_be_visible()
    expect(links_card).to_contain_text("links back to this profile")
    assert_accessible(page)
    screenshot(page, "profile-verified-link")
    assert requests_made.off_site(site.url) == []
    assert len(httpserver.log) == 1  # asked once, by the job; never by the browser


def test_a_link_without_the_link_back_says_what_to_paste(rosa, net, httpserver):
    page, slug, profile_url = rosa
    website = net.site("rosa-elsewhere.example", httpserver)
    httpserver.expect_request("/").respond_with_data(
        "<!doctype html><title>Rosa</title><p>No link back yet.</p>", content_type="text/html"
    )
    page.goto("/manage/links")
    page.get_by_label("Address").fill(website + "/")
    page.get_by_role("button", name="Add link").click()
    item = page.locator(".profile-links li", has_text="rosa-elsewhere.example")
    expect(item.locator(".status")).to_have_text("Link back not found")
    expect(item.get_by_label("A visible link:")).to_have_value(
        f'<a href="{profile_url}" rel="me">My Solace profile</a>'
    )
    page.get_by_label("Address").fill("https://www.instagram.com/rosa.linkwell")
    page.get_by_role("button", name="Add link").click()
    assert_accessible(page)
    screenshot(page, "manage-links-not-found")

    page.goto(f"/therapists/{slug}")
    card = page.get_by_role("region", name="Website and social accounts")
    expect(card.locator("li", has_text="Instagram")).to_contain_text("Not verified")


def test_an_address_on_this_machine_is_refused_with_a_message(therapist_page):
    page = therapist_page
    page.goto("/manage/links")
    page.get_by_label("Address").fill("http://127.0.0.1:5000/admin")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_text("not a numeric address")).to_be_visible()
    expect(page.get_by_text("No links added yet.")).to_be_visible()
    assert_accessible(page)


def test_the_contact_website_is_checked_and_shown_once(rosa, net, httpserver, site):
    """Entered once, under Contact: the links page lists it as the contact website, and
    the public profile shows it once, verified, beside phone and email."""
    page, slug, profile_url = rosa
    website = net.site("rosa-contact.example", httpserver) + "/"
    httpserver.expect_request("/").respond_with_data(
        f'<!doctype html><title>Rosa</title><link rel="me" href="{profile_url}">',
        content_type="text/html",
    )
    page.goto("/manage/contact")
    page.get_by_label("Phone").fill("+1 512 555 0100")
    page.get_by_label("Website").fill(website)
    assert_accessible(page)
    screenshot(page, "manage-contact-website")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Contact and website: saved.")).to_be_visible()

    page.goto("/manage/links")
    item = page.locator(".profile-links li", has_text="rosa-contact.example")
    expect(item).to_contain_text("your contact website")
    expect(item.locator(".status")).to_have_text("Verified")
    screenshot(page, "manage-links-contact-website")

    page.goto(f"/therapists/{slug}")
    expect(page.locator(f'a[href="{website}"]')).to_have_count(1)
    card = page.get_by_role("region", name="Website and social accounts")
    expect(card.locator("li", has_text="rosa-contact.example")).to_contain_text("Verified link")
    expect(page.get_by_role("region", name="Contact")).to_contain_text("+1 512 555 0100")
    assert_accessible(page)
    screenshot(page, "profile-contact-website")
