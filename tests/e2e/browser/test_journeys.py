"""The three journeys Solace exists for, end to end in Chromium against the live site.

Each journey also checks privacy: the browser asked nothing of any host but the site.
Screenshots of the pages met on the way go to artifacts/screenshots/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import PASSWORD, require_chromium, screenshot

require_chromium()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def result_names(page: Page) -> list[str]:
    return page.locator(".result h3").all_inner_texts()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_person_finds_an_online_cbt_therapist_under_120_and_returns_to_the_results(
    page, site, requests_made
):
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("searchbox", name="Search therapists").fill("anxiety")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search\?q=anxiety$"))
    expect(page.locator(".result").first).to_be_visible()

    filters = page.get_by_role("complementary", name="Filters")
    filters.get_by_role("checkbox", name=re.compile(r"\(CBT\)")).check()
    filters.get_by_role("checkbox", name=re.compile(r"^Online")).check()
    filters.get_by_label("Most you can pay a session").fill("120")
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"max_fee=120"))
    # Online, but where? A therapist can only see someone where they are licensed.
    asked = page.locator(".ask-where")
    expect(asked.get_by_role("heading", name="Where are you?")).to_be_visible()
    asked.get_by_label("Where are you?").select_option(label="Texas")
    asked.get_by_role("button", name="Show therapists").click()
    expect(page).to_have_url(re.compile(r"where=US-TX"))
    page.wait_for_load_state()

    params = query(page.url)
    assert params["q"] == ["anxiety"]
    assert params["approach"] == ["cbt"]
    assert params["format"] == ["online"]
    assert params["max_fee"] == ["120"]
    names = result_names(page)
    assert {"Maya Okafor", "Jonah Reyes"} <= set(names)
    # In person only, $150, and psychodynamic: each fails one filter.
    assert not {"Priya Natarajan", "Samuel Brooks", "Lena Fischer"} & set(names)
    count = page.get_by_role("heading", name=re.compile(rf"^{len(names)} therapists?$"))
    expect(count).to_be_visible()
    for meta in page.locator(".result .meta").all_inner_texts():
        assert "Online" in meta
    for fee in page.locator(".result .badge", has_text="a session").all_inner_texts():
        assert int(re.search(r"\$(\d+)", fee).group(1)) <= 120, fee
    results_url = page.url
    screenshot(page, "results")

    page.get_by_role("link", name="Maya Okafor").click()
    expect(heading(page)).to_have_text("Maya Okafor")
    licences = page.get_by_role("region", name="Licences and how they were checked")
    expect(licences).to_contain_text("LPC")
    expect(licences.locator(".status")).to_have_text("Verified")
    expect(licences).to_contain_text("Texas Behavioral Health Executive Council confirmed")
    expect(licences).to_contain_text("Verified for Texas.")
    ratings = page.get_by_role("region", name="Ratings")
    expect(ratings).to_contain_text("4.6 of 5 from 7 ratings")
    screenshot(page, "profile")

    # Back, with the browser's button and with the page's own link: the same results.
    page.go_back()
    assert page.url == results_url
    assert result_names(page) == names
    expect(filters.get_by_role("checkbox", name=re.compile(r"^Online"))).to_be_checked()
    page.get_by_role("link", name="Maya Okafor").click()
    page.get_by_role("link", name="Back to your results").click()
    expect(page).to_have_url(re.compile(r"/search\?"))
    page.wait_for_load_state()
    assert query(page.url) == query(results_url)
    assert result_names(page) == names
    expect(filters.get_by_label("Most you can pay a session")).to_have_value("120")

    assert requests_made.off_site(site.url) == []


def test_a_therapist_signs_up_fills_in_a_profile_and_sees_the_licence_verified(
    page, site, requests_made
):
    address = "ana.lopez-garcia@example.org"
    page.goto("/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Create one").click()
    page.get_by_role("radio", name="a therapist who wants to be listed").check()
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(heading(page)).to_have_text("Check your email")

    (confirm,) = site.links_in_mail_to(address)
    page.goto(confirm)
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(heading(page)).to_have_text("Your profile")
    expect(page.get_by_text("Draft: only you can see it.")).to_be_visible()

    sections = page.get_by_role("navigation", name="Profile sections")
    sections.get_by_role("link", name="About").click()
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Lopez-Garcia")
    page.get_by_label("Credentials").fill("MA, LPC")
    page.get_by_label("Headline").fill("Calm, practical counselling for anxiety and panic.")
    page.get_by_label("About you and your work").fill(
        "I work with adults whose worry has grown too big.\n\nSessions are online."
    )
    page.get_by_role("button", name="Save about you").click()
    expect(page.get_by_text("About you: saved.")).to_be_visible()

    sections.get_by_role("link", name="Approaches and specialties").click()
    page.get_by_role("checkbox", name="Cognitive behavioral therapy (CBT)").check()
    page.get_by_role("checkbox", name="Anxiety", exact=True).check()
    page.get_by_role("checkbox", name="Anxiety is a top specialty", exact=True).check()
    page.get_by_role("button", name="Save approaches and specialties").click()
    expect(page.get_by_text("Approaches and specialties: saved.")).to_be_visible()

    sections.get_by_role("link", name="Formats and location").click()
    page.get_by_label("Online sessions").check()
    page.get_by_label("In-person sessions").uncheck()
    page.get_by_label("State or nation").select_option(label="Texas")
    page.get_by_label("City or town").fill("Austin")
    page.get_by_label("ZIP code or postcode").fill("78701")
    page.get_by_role("button", name="Save formats and location").click()
    expect(page.get_by_text("Formats and location: saved.")).to_be_visible()

    sections.get_by_role("link", name="Fees").click()
    expect(sections.get_by_role("link", name="Fees")).to_have_attribute("aria-current", "page")
    page.get_by_label("Lowest fee per session").fill("100")
    page.get_by_label("Highest fee per session").fill("110")
    page.get_by_role("button", name="Save fees").click()
    expect(page.get_by_text("Fees: saved.")).to_be_visible()

    sections.get_by_role("link", name="Languages").click()
    page.get_by_role("checkbox", name="English").check()
    page.get_by_role("button", name="Save languages").click()
    expect(page.get_by_text("Languages: saved.")).to_be_visible()

    sections.get_by_role("link", name="Licences").click()
    page.get_by_label("Where it was issued").select_option(label="Texas")
    page.get_by_label("Licence or membership type").fill("LPC")
    page.get_by_label("Licence or membership number").fill("12345")
    page.get_by_role("button", name="Add licence").click()
    expect(page.get_by_text("Licence added.")).to_be_visible()

    sections.get_by_role("link", name="Overview").click()
    # The Texas board's register is asked while the request runs (jobs run inline here).
    page.get_by_role("button", name="Send for verification").click()
    expect(page.get_by_text("Sent for verification.")).to_be_visible()
    checks = page.get_by_role("region", name="Licence checks")
    # The board's answer reads "Verified"; the exclusion list's clean one "Not listed".
    expect(checks.locator(".status-verified", has_text="Verified")).to_have_count(1)
    expect(checks.locator(".status-verified", has_text="Not listed")).to_have_count(1)
    expect(checks).to_contain_text("LPC 12345")
    expect(page.get_by_text("Published: people can find your profile in search.")).to_be_visible()
    screenshot(page, "editor")

    page.get_by_role("link", name=re.compile(r"^\/therapists\/")).click()
    expect(heading(page)).to_have_text("Ana Lopez-Garcia")
    licences = page.get_by_role("region", name="Licences and how they were checked")
    expect(licences.locator(".status")).to_have_text("Verified")

    assert requests_made.off_site(site.url) == []


def test_an_admin_approves_a_held_profile_and_it_is_listed_as_unverified(page, site, requests_made):
    with site.app.app_context():  # as the `flask` command pushes one
        out = site.app.test_cli_runner().invoke(args=["create-admin", "lead@example.org"])
    assert out.exit_code == 0, out.output
    (link,) = re.findall(r"https?://\S+", out.output)
    page.goto(link)
    # The page posted the token from behind `#`: the address bar and history lose it.
    expect(page).to_have_url(re.compile(r"/account/new-password$"))
    screenshot(page, "new-password")
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_text("Your new password is set.")).to_be_visible()
    page.get_by_label("Email address").fill("lead@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(heading(page)).to_have_text("Verification dashboard")

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Review queue").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Anna Lopez"))
    expect(row).to_contain_text("LPC 12345")
    expect(row).to_contain_text("licence mismatch")
    screenshot(page, "admin-queue")

    row.get_by_role("link", name="Anna Lopez").click()
    expect(heading(page)).to_have_text("Case: Anna Lopez")
    comparison = page.get_by_role("region", name="Claim and answers for LPC 12345")
    expect(comparison).to_contain_text("LOPEZ-GARCIA")  # the name the board holds
    licence = page.locator(".case-licence").filter(has_text="LPC 12345")
    evidence = licence.locator("details").filter(has_text="Evidence from tx-bhec")
    evidence.locator("summary").click()
    expect(evidence.locator(".evidence").first).to_contain_text("12345")
    expect(evidence.locator(".evidence").first).to_be_visible()
    screenshot(page, "admin-case")

    # The page says what approving will do before it is done.
    expect(licence).to_contain_text("Approving this publishes the profile")
    licence.get_by_label(re.compile(r"^Reason")).first.fill(
        "The board lists her under her full name, Ana Lopez-Garcia; same licence and city."
    )
    licence.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved. Approving this publishes the profile")).to_be_visible()
    expect(page.get_by_role("link", name="public profile")).to_be_visible()

    site.index_now()  # what the indexer process does within a second
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a therapist").click()
    page.get_by_role("searchbox", name="Search").fill("Anna Lopez")
    page.get_by_role("button", name="Search", exact=True).click()
    # Approved by a person, but no register confirmed her licence: not in the verified
    # results, only when a visitor includes profiles whose checks are not finished.
    expect(page.get_by_role("link", name="Anna Lopez")).to_have_count(0)
    page.get_by_label(re.compile("Include profiles whose licence checks are not finished")).check()
    page.get_by_role("button", name="Apply filters").click()
    result = page.locator(".result").filter(has=page.get_by_role("link", name="Anna Lopez"))
    expect(result).to_contain_text("Licence checks not finished")
    expect(result).not_to_contain_text("Licence verified")

    assert requests_made.off_site(site.url) == []
