"""Checking a therapist found online, in Chromium, against local registry servers:
a listed therapist, an unlisted licensee and a made-up person; the answer page with
and without JavaScript; the guide, the short link; axe on each new page."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from directory import badge, public_checks
from directory.extensions import db
from directory.models import Licence, ProfileStatus, PublicCheck, Therapist, utcnow
from tests.check_fixtures import registry_answer
from tests.e2e.browser.conftest import assert_accessible, require_chromium, screenshot

require_chromium()

_tokens = itertools.count(1)


@pytest.fixture(scope="module")
def listed(site):
    """Ana Lopez-Garcia, whom the local board lists under licence 12345, on Solace."""
    with site.app.app_context():
        therapist = db.session.scalar(
            db.select(Therapist).where(Therapist.slug == "ana-lopez-garcia-checked")
        )
        if therapist is None:
            therapist = Therapist(
                slug="ana-lopez-garcia-checked",
                status=ProfileStatus.PUBLISHED,
                first_name="Ana",
                last_name="Lopez-Garcia",
                region="US-TX",
                city="Austin",
                verification_state="verified",
                verified_places=["US-TX"],
            )
            licence = Licence(
                jurisdiction="US-TX",
                licence_type="LPC",
                number="12345",
                status="verified",
                last_checked_at=utcnow(),
            )
            therapist.licences.append(licence)
            # The board's answer: the rule (standing.py) reads it, not the licence's status.
            registry_answer(licence)
            db.session.add(therapist)
            db.session.commit()
        code = badge.short_code(therapist)
        db.session.remove()
    return code


def check(page: Page, first: str, last: str) -> None:
    page.goto("/check")
    page.get_by_label("Where the licence was issued").select_option("US-TX")
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_role("button", name="Check with the registers").click()
    expect(page.get_by_role("heading", name="What the registers say")).to_be_visible()


def test_three_people_three_answers(page, listed, site, requests_made):
    check(page, "Ana", "Lopez-Garcia")
    board = page.locator(".answer", has_text="Texas Behavioral Health Executive Council")
    expect(board).to_contain_text("Licensed.")
    expect(page.locator('a[href="/therapists/ana-lopez-garcia-checked"]')).to_have_text(
        "Ana Lopez-Garcia's profile"
    )
    expect(page.get_by_role("link", name="How to check a therapist you found online").last
           ).to_be_visible()  # fmt: skip
    assert_accessible(page)
    screenshot(page, "check-listed")

    check(page, "Bao", "Nguyen")
    expect(board).to_contain_text("Licensed.")
    expect(board).to_contain_text("practice under supervision")
    expect(page.get_by_text("This person is not listed on Solace.")).to_be_visible()
    screenshot(page, "check-unlisted")

    check(page, "Zed", "Madeup")
    expect(board).to_contain_text("Not found.")
    expect(page.locator(".answer", has_text="exclusion")).to_contain_text("Not on the exclusion")
    expect(page.get_by_text("This person is not listed on Solace.")).to_be_visible()
    screenshot(page, "check-made-up")
    assert requests_made.off_site(site.url) == []


def waiting_check(site) -> tuple[str, int]:
    """A check the worker has not answered yet."""
    token = f"browser-waiting-{next(_tokens)}"
    with site.app.app_context():
        row = PublicCheck(token=token, query_key=token, jurisdiction="US-TX", first_name="Bao",
                          last_name="Nguyen", state="queued", created_at=utcnow())  # fmt: skip
        db.session.add(row)
        db.session.commit()
        check_id = row.id
        db.session.remove()
    return token, check_id


def answer(site, check_id: int) -> None:
    with site.app.app_context():
        public_checks.run(check_id)
        db.session.remove()


def test_the_checking_page_updates_in_place_with_javascript(page, site):
    token, check_id = waiting_check(site)
    page.goto(f"/check/{token}")
    expect(page.get_by_role("status")).to_contain_text("Checking with the registers")
    assert_accessible(page)
    screenshot(page, "check-checking")
    page.evaluate("window.stayedOnPage = true")
    answer(site, check_id)
    expect(page.get_by_role("heading", name="What the registers say")).to_be_visible(timeout=8000)
    assert page.evaluate("window.stayedOnPage") is True  # updated in place, not reloaded


def test_the_checking_page_refreshes_itself_without_javascript(open_context, site):
    page = open_context(java_script_enabled=False).new_page()
    token, check_id = waiting_check(site)
    page.goto(f"/check/{token}")
    expect(page.get_by_text("Checking with the registers")).to_be_visible()
    answer(site, check_id)
    expect(page.get_by_role("heading", name="What the registers say")).to_be_visible(timeout=8000)


def test_a_form_sent_back_with_errors_says_what_to_fix(page):
    page.goto("/check")
    page.get_by_label("Where the licence was issued").select_option("US-TX")
    page.get_by_label("First name").fill("<b>Ana</b>")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_role("button", name="Check with the registers").click()
    expect(page.get_by_text("Please write plain text")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/check", "/how-to-check"])
def test_the_new_public_pages_are_accessible(page, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, path.strip("/"))


def test_the_short_link_and_the_header_link(page, listed):
    page.goto(f"/v/{listed}")
    expect(page.get_by_text("Licence verified: Texas LPC")).to_be_visible()
    assert_accessible(page)
    header = page.get_by_role("navigation", name="Main")
    header.get_by_role("link", name="Check a therapist").click()
    expect(page.get_by_role("heading", name="How to check a therapist you found online")
           ).to_be_visible()  # fmt: skip


def test_the_badge_page_of_the_editor_is_accessible(therapist_page):
    therapist_page.goto("/manage/badge")
    expect(therapist_page.get_by_label("Copy this link into your bio:")).to_have_value(
        re.compile(r"/v/[a-z0-9]{7}$")
    )
    expect(therapist_page.get_by_role("img", name="Solace: Not currently verified")).to_be_visible()
    assert_accessible(therapist_page)
    screenshot(therapist_page, "manage-badge")
