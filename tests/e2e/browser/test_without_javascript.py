"""With JavaScript off, searching, filtering, sorting and reading a profile all work:
the filters are a plain form and scripts only enhance. A link from a mail works too,
pasted into the page it opens."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.browser.conftest import PASSWORD, require_chromium, screenshot

require_chromium()


def test_search_filter_sort_and_profile_work_without_javascript(open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("searchbox", name="Search therapists").fill("anxiety")
    page.get_by_role("button", name="Search", exact=True).click()

    # The filters are folded behind their summary, which opens without any script.
    # (In person: online first asks where the visitor is, see test_everyday_search.py.)
    in_person = page.get_by_role("checkbox", name=re.compile("^In person"))
    expect(in_person).to_be_hidden()
    page.locator("summary", has_text="Filters").click()
    in_person.check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"format=in_person"))
    for meta in page.locator(".result .meta").all_inner_texts():
        assert "in person" in meta.lower()

    page.get_by_label("Sort by").select_option(label="Lowest fee")
    assert "sort=fee" not in page.url  # nothing happens until the button is pressed
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=fee"))
    expect(page.locator("summary", has_text="Filters")).to_have_text("Filters (1 chosen)")
    expect(page.locator("input[name=format][value=in_person]")).to_be_checked()

    page.locator(".result h3 a").first.click()
    expect(page.get_by_role("region", name="Licences and how they were checked")).to_be_visible()


def test_a_password_link_pasted_without_javascript_sets_the_password(open_context, site):
    with site.app.app_context():
        out = site.app.test_cli_runner().invoke(args=["create-admin", "paste@example.org"])
    (link,) = re.findall(r"https?://\S+", out.output)
    page = open_context(java_script_enabled=False).new_page()
    page.goto(link)
    screenshot(page, "open-link-without-javascript")
    page.get_by_label("The link from your email").fill(link)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/account/new-password$"))
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_text("Your new password is set.")).to_be_visible()
