"""axe-core on every kind of page: no WCAG 2.1 A or AA violation anywhere.

Pages are checked as a person meets them, including the states that are easy to
forget: a search with no results, a form sent back with its errors, the error pages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from directory.ratings.rules import ASPECT_QUESTIONS
from tests.e2e.browser.conftest import SCREENSHOTS, assert_accessible, require_chromium

require_chromium()

PUBLIC_PAGES = {
    "home": "/",
    "results, with pages": "/search",
    "empty results": "/search?q=anxiety&approach=cbt&max_fee=20",
    "search with a problem in it": "/search?q=grief&max_fee=lots",
    "search with a crisis panel": "/search?q=I+want+to+die",
    "search with chips and a place": "/search?q=teen+cheap+TX",
    "online search asking where you are": "/search?format=online",
    "search with a UK postcode": "/search?zip=BN1+1AA",
    "search that explains psychiatrists": "/search?q=psychiatrist",
    "profile": "/therapists/maya-okafor",
    "approach page": "/approaches/cbt",
    "specialty page": "/specialties/anxiety",
    "approach list": "/approaches",
    "how we check": "/about",
    "sign-up": "/account/signup",
    "login": "/account/login",
    "forgotten password": "/account/forgot",
    "not found (404)": "/therapists/nobody-by-this-name",
}


@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_pages_have_no_wcag_violations(page, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_a_form_sent_back_with_errors_has_no_wcag_violations(page):
    page.goto("/account/signup")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Enter your email address.")).to_be_visible()
    assert_accessible(page)


def test_the_bad_request_page_has_no_wcag_violations(page):
    # A form whose security token no longer matches, as after a long pause: 400.
    page.goto("/account/login")
    page.locator("input[name=csrf_token]").evaluate("input => { input.value = 'stale' }")
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_label("Password", exact=True).fill("whatever it was")
    with page.expect_response("**/account/login") as answer:
        page.get_by_role("button", name="Log in").click()
    assert answer.value.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Something in that request was not right"
    )
    assert_accessible(page)


EDITOR_SECTIONS = [
    "/manage/",
    "/manage/about",
    "/manage/practice",
    "/manage/location",
    "/manage/fees",
    "/manage/languages",
    "/manage/clients",
    "/manage/identity",
    "/manage/contact",
    "/manage/licences",
    "/manage/links",
    "/manage/availability",
    "/manage/preview",
    "/account/",
    "/account/password",
    "/account/delete",
]


@pytest.mark.parametrize("path", EDITOR_SECTIONS)
def test_every_editor_section_has_no_wcag_violations(therapist_page, path):
    therapist_page.goto(path)
    expect(therapist_page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(therapist_page)


def test_an_editor_section_sent_back_with_errors_has_no_wcag_violations(therapist_page):
    page = therapist_page
    page.goto("/manage/fees")
    page.get_by_label("Lowest fee per session").fill("120")
    page.get_by_label("Highest fee per session").fill("90")
    page.get_by_role("button", name="Save fees").click()
    expect(page.get_by_text("The highest fee can't be less than the lowest fee.")).to_be_visible()
    assert_accessible(page)


def test_admin_pages_have_no_wcag_violations(admin_page):
    page = admin_page
    for path in ("/admin/", "/admin/queue", "/admin/audit"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto("/admin/queue")
    page.get_by_role("link", name="Carl Brown").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carl Brown")
    assert_accessible(page)
    # With every piece of evidence opened, as an admin reading the case would.
    for summary in page.locator("details summary").all():
        summary.click()
    assert_accessible(page)


@pytest.fixture
def client_page(open_context, signed_in):
    """A tab logged in as a client (someone looking for a therapist)."""
    return open_context(storage_state=signed_in("client")).new_page()


def test_rating_pages_have_no_wcag_violations(client_page, admin_page):
    page = client_page
    for path in ("/ratings/policy", "/ratings/mine", "/therapists/maya-okafor/rate"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # The rating form sent back: no score chosen, the contact box not ticked.
    page.get_by_role("button", name="Send my rating").click()
    expect(page.locator(".field-error").first).to_be_visible()
    assert_accessible(page)
    admin_page.goto("/admin/ratings/")
    expect(admin_page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(admin_page)


def test_each_rating_score_is_named_by_its_question(client_page):
    """A screen reader on any of the 20 score buttons hears the question it answers (the
    fieldset's legend) and the score, and the hint that 1 is poor and 5 excellent."""
    page = client_page
    page.goto("/therapists/maya-okafor/rate")
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(20)
    for question in ASPECT_QUESTIONS.values():
        group = page.get_by_role("group", name=question, exact=True)
        expect(group).to_have_accessible_description("1 is poor, 5 is excellent.")
        scores = group.get_by_role("radio")
        expect(scores).to_have_count(5)
        for n in range(1, 6):
            expect(scores.nth(n - 1)).to_have_accessible_name(str(n))
    # Every radio on the page is inside one of those four groups.
    grouped = sum(
        page.get_by_role("group", name=q, exact=True).get_by_role("radio").count()
        for q in ASPECT_QUESTIONS.values()
    )
    assert grouped == radios.count()
    page.screenshot(path=SCREENSHOTS / "rating-form-fieldsets.png", full_page=True)
