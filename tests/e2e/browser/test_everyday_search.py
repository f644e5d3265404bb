"""The searches that dead-ended for a new user, tried again in Chromium as they would.

Screenshots of each answer go to artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from directory.extensions import db
from directory.models import ProfileStatus, Therapist
from tests.e2e.browser.conftest import assert_accessible, require_chromium, screenshot

require_chromium()


def search_for(page: Page, words: str) -> None:
    page.goto("/")
    page.get_by_role("searchbox", name="Search therapists").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()


def chips(page: Page):
    return page.locator(".chips li")


@pytest.mark.parametrize(
    ("words", "chip"),
    [
        ("teen", "Who they see: Teens"),
        ("cheap", "Sliding scale fees"),
        ("affordable", "Sliding scale fees"),
        ("Aetna", "Insurance and payment: Aetna"),
        ("female therapist", "Therapist identifies as: Woman"),
        ("muslim", "Therapist's faith: Muslim"),
        ("spanish", "Language: Spanish"),
        ("TX", "You are in: Texas"),
        ("NYC", "Near New York City, New York"),
        ("UK", "You are in: United Kingdom"),
        ("Brighton", "Near Brighton, England"),
        ("York", "Near York, England"),
    ],
)
def test_an_everyday_word_becomes_a_chip_and_never_a_bad_suggestion(page, site, words, chip):
    search_for(page, words)
    expect(chips(page).filter(has_text=chip)).to_be_visible()
    expect(page.get_by_text("Did you mean")).to_have_count(0)
    expect(page.get_by_role("searchbox", name="Search")).to_have_value(words)
    screenshot(page, "search-words-" + re.sub(r"\W+", "-", words.lower()))


def test_removing_a_chip_works_without_javascript_and_keeps_the_rest(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search?q=anxiety+teen+spanish")
    screenshot(page, "search-chips")
    page.get_by_role("link", name="Remove Who they see: Teens").click()
    expect(page).to_have_url(re.compile(r"q=anxiety\+spanish"))
    expect(chips(page).filter(has_text="Who they see")).to_have_count(0)
    expect(chips(page).filter(has_text="Language: Spanish")).to_be_visible()
    context.close()


def test_near_me_asks_where_you_are_and_then_answers(page, site):
    search_for(page, "near me")
    asked = page.locator(".ask-where")
    expect(asked.get_by_role("heading", name="Where are you?")).to_be_visible()
    expect(page.get_by_text("fear me")).to_have_count(0)
    screenshot(page, "search-ask-where")
    asked.get_by_label("or your ZIP code or UK postcode").fill("78701")
    asked.get_by_role("button", name="Show therapists").click()
    expect(chips(page).filter(has_text="Near 78701")).to_be_visible()
    expect(page.locator(".result").first).to_be_visible()


@pytest.mark.parametrize("words", ["I want to die", "my teenager is self harming"])
def test_a_person_in_crisis_sees_where_to_get_help_first(page, site, words):
    search_for(page, words)
    panel = page.get_by_role("region", name=re.compile("If you are thinking of ending your life"))
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("988")
    expect(panel).to_contain_text("116 123")
    # Above the results, and nothing highlighted as if "want" were the point.
    box = panel.bounding_box()
    heading = page.locator("#results-heading").bounding_box()
    assert box["y"] < heading["y"]
    expect(page.locator("mark", has_text="want")).to_have_count(0)
    screenshot(page, "search-crisis-" + re.sub(r"\W+", "-", words.lower()))


def test_psychiatrist_gets_one_plain_line_about_what_to_do(page, site):
    search_for(page, "psychiatrist")
    expect(page.get_by_text("Solace lists therapists, not psychiatrists")).to_be_visible()


def test_a_profile_says_whom_they_see_what_they_take_and_who_they_said_they_are(page, site):
    with site.app.app_context():
        db.session.add(
            Therapist(
                slug="amara-osei",
                status=ProfileStatus.PUBLISHED,
                first_name="Amara",
                last_name="Osei",
                credentials="LCSW",
                headline="Family therapy for teens and their parents",
                bio="I work with teenagers and their families.",
                region="US-TX",
                city="Houston",
                offers_online=True,
                online_regions=["US-TX", "US-NY"],
                languages=["en"],
                fee_min=110,
                insurance=["aetna", "medicaid", "superbill"],
                ages_served=["children", "teens"],
                session_types=["individual", "family"],
                gender="woman",
                identities=["black"],
                faith="christian",
                faith_integrated=True,
                verification_state="verified",
                verified_places=["US-TX", "US-NY"],
            )
        )
        db.session.commit()
        db.session.remove()
    page.goto("/therapists/amara-osei")
    expect(page.get_by_text("Sees clients online in: Texas, New York")).to_be_visible()
    who = page.get_by_role("region", name="Who they see")
    expect(who).to_contain_text("Children, Teens")
    expect(who).to_contain_text("Individual, Family")
    expect(who).to_contain_text("Offers faith-integrated therapy")
    payment = page.get_by_role("region", name="Insurance and payment")
    expect(payment).to_contain_text("Aetna, Medicaid, Out-of-network (superbill)")
    about = page.get_by_role("region", name="About the therapist")
    expect(about).to_contain_text("Therapist identifies as: Woman, Black.")
    expect(about).to_contain_text("Therapist's faith: Christian.")
    assert_accessible(page)
    screenshot(page, "profile-practice-and-identity")
