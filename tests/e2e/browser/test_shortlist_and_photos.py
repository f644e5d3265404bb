"""Once candidates are found: a photo uploaded shows on the card, three saved therapists
are compared and one removed, and the contact details are one tap from the top of a
profile; at a phone's width and a laptop's. The pages met are axe-checked and
screenshotted.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from directory.extensions import db
from directory.models import ProfileStatus, User, utcnow
from tests import photo_files as files
from tests.e2e.browser.conftest import (
    WIDTHS,
    assert_accessible,
    log_in,
    require_chromium,
    screenshot,
)

require_chromium()

SIZES = {f"{w}px": {"width": w, "height": h} for w, h in WIDTHS.items()}


@pytest.fixture(params=SIZES.values(), ids=SIZES.keys())
def sized_page(request, page) -> Page:
    page.set_viewport_size(request.param)
    return page


def publish_profile_of(site, address: str, first: str, last: str) -> str:
    """Fill in and publish the (draft) profile of that therapist, as if verified."""
    with site.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == address))
        t = user.therapist
        t.first_name, t.last_name, t.slug = first, last, f"{first}-{last}".lower()
        t.region, t.city, t.postcode, t.country = "US-TX", "Austin", "78701", "US"
        t.headline, t.bio = "Calm help with anxiety", "I help adults with anxiety."
        t.languages, t.fee_min, t.fee_max = ["en"], 100, 120
        t.status, t.verification_state, t.verified_places = (
            ProfileStatus.PUBLISHED,
            "verified",
            ["US-TX"],
        )
        t.accepting_clients, t.accepting_confirmed_at = True, utcnow() - timedelta(days=1)
        db.session.commit()
        slug = t.slug
        db.session.remove()
    return slug


def test_a_therapist_uploads_a_photo_and_sees_it_on_the_card(
    sized_page, site, accounts_made, tmp_path, requests_made
):
    page = sized_page
    address = accounts_made("therapist")
    log_in(page, address)
    page.goto("/manage/photo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your photo")
    assert_accessible(page)

    # A file that is not an image is refused, with a reason, and nothing changes.
    fake = tmp_path / "me.jpg"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_label("Your photo").set_input_files(fake)
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("not a JPEG, PNG or WebP image")).to_be_visible()
    assert_accessible(page)  # the photo section sent back with its error

    real = tmp_path / "portrait.jpg"
    real.write_bytes(files.with_exif_location_and_rotation())
    page.get_by_label("Your photo").set_input_files(real)
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("Photo: saved.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "editor-photo")

    width = page.viewport_size["width"]
    last = f"Photo{width}"
    slug = publish_profile_of(site, address, "Iris", last)
    site.index_now()
    page.goto(f"/search?q={last}")
    photo = page.get_by_role("img", name=f"Photo of Iris {last}")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert photo.get_attribute("width") == "64" and photo.get_attribute("height") == "64"
    screenshot(page, "results-with-photo")
    page.goto(f"/therapists/{slug}")
    expect(page.get_by_role("img", name=f"Photo of Iris {last}")).to_be_visible()
    assert not requests_made.off_site(site.url)


def test_a_person_saves_three_compares_them_and_removes_one(sized_page, site, requests_made):
    page = sized_page
    page.goto("/search?q=anxiety")
    for name in ("Maya Okafor", "Jonah Reyes", "Priya Natarajan"):
        page.get_by_role("button", name=f"Save {name} to your shortlist").click()
        expect(page.get_by_text(f"Saved {name} to your shortlist")).to_be_visible()
        # Back at the same card, now saved.
        saved = page.get_by_role("button", name=f"Remove {name} from your shortlist")
        expect(saved).to_be_visible()

    page.goto("/shortlist")
    assert_accessible(page)
    screenshot(page, "shortlist")
    page.get_by_role("button", name="Compare side by side").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_count(3)
    expect(table.get_by_role("rowheader", name="Fees")).to_be_visible()
    expect(table).to_contain_text("Verified for Texas")
    expect(table).to_contain_text("Accepting new clients (confirmed")
    share = page.get_by_label("Share this page: copy the link")
    assert share.input_value() == (
        f"{site.url}/compare?t=maya-okafor&t=jonah-reyes&t=priya-natarajan"
    )
    assert_accessible(page)
    screenshot(page, "compare")

    page.get_by_role("link", name="Remove Jonah Reyes from the comparison").click()
    expect(table.get_by_role("columnheader")).to_have_count(2)
    expect(table).not_to_contain_text("Jonah Reyes")
    assert not requests_made.off_site(site.url)


def test_a_shared_compare_link_opens_in_a_browser_that_saved_nothing(page, site):
    page.goto("/compare?t=maya-okafor&t=samuel-brooks&t=lena-fischer")
    expect(page.get_by_role("table").get_by_role("columnheader")).to_have_count(3)
    screenshot(page, "compare-shared")  # the README's screenshots (docs/screenshots/compare-*)


def test_contact_details_are_one_tap_from_the_top_of_a_profile(sized_page, site):
    page = sized_page
    page.goto("/therapists/maya-okafor")
    contact = page.get_by_role("link", name="Contact", exact=True)
    expect(contact).to_be_in_viewport()
    contact.click()
    expect(page.get_by_role("heading", name="Contact", exact=True)).to_be_in_viewport()
    expect(page.get_by_role("link", name="maya@example.org")).to_be_in_viewport()
    # Accepting is a positive badge near the top.
    expect(page.locator("header .badge-accepting")).to_contain_text("Accepting new clients")
