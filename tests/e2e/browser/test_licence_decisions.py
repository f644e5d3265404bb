"""Decisions per licence, end to end in Chromium: an admin rejects one credential, the
therapist is told why on their pages and by mail while the profile stays listed where
another licence verifies it; then a re-check finds that licence suspended, the therapist
is told by page and mail, and the profile leaves search at the indexer's next poll.
Every page met passes axe, and nothing is asked of any host but the site."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from directory import verification
from directory.extensions import db
from directory.models import Licence, ProfileStatus, Therapist, User, utcnow
from tests.e2e.browser.conftest import (
    FIXTURES,
    assert_accessible,
    log_in,
    require_chromium,
    screenshot,
)

require_chromium()

REASON = "BACP lists no member with this number; send us your membership certificate."


def _therapist_in_austin(site, address: str) -> int:
    """A published profile in Austin, also seeing clients in England online, with a
    Texas LPC the board confirms (with a past disciplinary record, disclosed) and a BACP
    membership waiting for a check by hand."""
    with site.app.app_context():
        therapist = Therapist(
            slug="erin-green-austin",
            status=ProfileStatus.DRAFT,
            first_name="Erin",
            last_name="Green",
            headline="Counselling in English and Spanish, in Austin and online.",
            bio="I work with adults and couples facing anxiety.",
            region="US-TX",
            city="Austin",
            postcode="78701",
            offers_in_person=True,
            offers_online=True,
            online_regions=["US-TX", "GB-ENG"],
            languages=["en", "es"],
            fee_min=100,
            fee_max=120,
            user=db.session.scalar(db.select(User).filter_by(email=address)),
        )
        therapist.licences.append(Licence(jurisdiction="US-TX", licence_type="LPC", number="45678"))
        therapist.licences.append(Licence(jurisdiction="GB", licence_type="BACP", number="654321"))
        db.session.add(therapist)
        db.session.commit()
        verification.request_verification(therapist, actor=f"therapist:{address}")
        db.session.remove()
        therapist = db.session.get(Therapist, therapist.id)
        assert therapist.status == ProfileStatus.PUBLISHED
        assert therapist.verified_places == ["US-TX"]
        therapist_id = therapist.id
        db.session.remove()
    site.index_now()
    return therapist_id


def _mail_to(site, address: str) -> list[str]:
    return [
        m.get_payload(decode=True).decode() for m in site.mail() if m["To"] == address
    ]  # fmt: skip


def _search_finds(page: Page, name: str) -> bool:
    page.goto("/search?q=Erin+Green")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page.get_by_role("link", name=name).count() > 0


def _serve_lpc(registry, csv: bytes) -> None:
    registry.clear()
    registry.expect_request("/csv/LPC.csv").respond_with_data(csv, content_type="text/csv")
    for code in ("MFT", "PSY", "SW"):
        registry.expect_request(f"/csv/{code}.csv").respond_with_data(
            (FIXTURES / "tx_bhec" / f"{code}.csv").read_bytes(), content_type="text/csv"
        )
    registry.expect_request("/oig/UPDATED.csv").respond_with_data(
        (FIXTURES / "oig_leie" / "UPDATED.csv").read_bytes(), content_type="text/csv"
    )


def _recheck_with_board_file(site, registry, therapist_id: int, csv: bytes) -> None:
    """The board's file changes, and the hourly job re-checks the Texas licence."""
    _serve_lpc(registry, csv)
    with site.app.app_context():
        verification.configured_verifiers()["tx-bhec"].refresh()
        texas = db.session.scalar(
            db.select(Licence).filter_by(therapist_id=therapist_id, jurisdiction="US-TX")
        )
        texas.last_checked_at = utcnow().replace(year=utcnow().year - 1)
        db.session.commit()
        assert verification.queue_rechecks() >= 1  # run inline: HUEY_IMMEDIATE
        db.session.remove()


def test_a_rejected_membership_and_a_suspended_licence_reach_the_therapist(
    open_context, site, registry, accounts_made, requests_made
):
    therapist_address = accounts_made("therapist")
    therapist_id = _therapist_in_austin(site, therapist_address)
    visitor = open_context().new_page()
    assert _search_finds(visitor, "Erin Green")

    # The admin finds the membership in the queue, through the header's Admin link.
    admin = open_context().new_page()
    log_in(admin, accounts_made("admin"))
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Verification dashboard")
    assert_accessible(admin)
    admin.get_by_role("navigation", name="Admin").get_by_role("link", name="Review queue").click()
    row = admin.get_by_role("row").filter(has_text="BACP 654321")
    expect(row).to_contain_text("Erin Green")
    assert_accessible(admin)
    row.get_by_role("link", name="Erin Green").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Case: Erin Green")
    places = admin.get_by_role("region", name="Where the therapist practises")
    expect(places).to_contain_text("Texas: verified")
    expect(places).to_contain_text("England: not verified")
    membership = admin.locator(".case-licence").filter(has_text="Membership: BACP 654321")
    expect(membership).to_contain_text(
        "Rejecting this leaves the profile verified for Texas only; it stays listed."
    )
    expect(
        membership.get_by_role("link", name="British Association for Counselling")
    ).to_have_attribute("href", "https://www.bacp.co.uk/search/Register")
    assert_accessible(admin)
    screenshot(admin, "admin-therapist-case")
    membership.get_by_label(re.compile(r"^Reason")).fill(REASON)
    membership.get_by_role("button", name="Reject").click()
    expect(
        admin.get_by_text("Rejected. Rejecting this leaves the profile verified for Texas")
    ).to_be_visible()
    assert_accessible(admin)

    # The therapist reads the reason on their pages and in their mail; still listed.
    therapist = open_context().new_page()
    log_in(therapist, therapist_address)
    therapist.goto("/manage/")
    needs_you = therapist.get_by_role("region", name="Needs you")
    expect(needs_you).to_contain_text(f"An admin rejected this membership: {REASON}")
    assert_accessible(therapist)
    screenshot(therapist, "therapist-overview-rejected")
    therapist.get_by_role("link", name="Your licences and their timelines").click()
    expect(therapist.locator(".licences")).to_contain_text(REASON)
    therapist.locator("details.timeline summary").last.click()
    expect(therapist.locator("details.timeline").last).to_contain_text(
        "An admin rejected this licence"
    )
    assert_accessible(therapist)
    screenshot(therapist, "therapist-licences-timeline")
    (mail,) = _mail_to(site, therapist_address)
    assert REASON in mail and "stays verified for Texas" in mail
    assert f"{site.url}/manage/licences" in mail
    site.index_now()
    assert _search_finds(visitor, "Erin Green")
    assert_accessible(visitor)

    # A re-check finds the Texas licence suspended.
    listed = (FIXTURES / "tx_bhec" / "LPC.csv").read_bytes()
    suspended = listed.replace(b",ACTIVE,04/04/2014", b",SUSPENDED,04/04/2014")
    try:
        _recheck_with_board_file(site, registry, therapist_id, suspended)
    finally:
        _serve_lpc(registry, listed)
        with site.app.app_context():
            verification.configured_verifiers()["tx-bhec"].refresh()
    therapist.goto("/manage/")
    expect(therapist.locator("#out-of-search")).to_contain_text(
        "the registries report a current restriction on a licence"
    )
    expect(therapist.get_by_role("region", name="Needs you")).to_contain_text(
        "lists a current restriction on licence 45678"
    )
    # The rejected membership no longer promises a check by hand; the exclusion list's
    # clean answer is not a "Verified" beside a suspended licence.
    checks = therapist.get_by_role("region", name="Licence checks")
    expect(checks).not_to_contain_text("will check licence 654321 by hand")
    expect(checks).to_contain_text("Not listed")
    assert_accessible(therapist)
    screenshot(therapist, "therapist-overview-suspended")
    mails = _mail_to(site, therapist_address)
    assert any("lists a current restriction on licence 45678" in m for m in mails)
    assert any("Your profile has left search" in m for m in mails)
    assert site.index_now() >= 1  # one poll of the indexer
    assert not _search_finds(visitor, "Erin Green")
    assert_accessible(visitor)

    assert requests_made.off_site(site.url) == []


def test_an_admin_checks_a_licence_by_hand_and_a_lower_level_verifies_nothing(
    open_context, site, accounts_made, requests_made
):
    """Ohio's board cannot be asked by a program: the admin looks the licence up, first
    sees a trainee's registration (a lower level than claimed), then the licence itself.
    The therapist reads each outcome on their pages, their account page and in mail;
    the admin is named nowhere they can see."""
    address = accounts_made("therapist")
    admin_address = accounts_made("admin")
    with site.app.app_context():
        therapist = Therapist(
            slug="rosa-quinn-columbus",
            status=ProfileStatus.DRAFT,
            first_name="Rosa",
            last_name="Quinn",
            headline="Counselling for adults in Columbus.",
            bio="I work with adults facing grief and change.",
            region="US-OH",
            city="Columbus",
            postcode="43215",
            offers_in_person=True,
            languages=["en"],
            fee_min=90,
            fee_max=110,
            user=db.session.scalar(db.select(User).filter_by(email=address)),
        )
        therapist.licences.append(
            Licence(jurisdiction="US-OH", licence_type="LPCC", number="E.1234")
        )
        db.session.add(therapist)
        db.session.commit()
        verification.request_verification(therapist, actor=f"therapist:{address}")
        therapist_id = therapist.id
        db.session.remove()

    admin = open_context().new_page()
    log_in(admin, admin_address)
    admin.goto(f"/admin/therapists/{therapist_id}")
    case = admin.locator(".case-licence").filter(has_text="Licence: LPCC E.1234")
    expect(case).to_contain_text("Registry status: waiting for a check by hand")
    expect(case.get_by_role("link", name="Ohio eLicense License Lookup")).to_have_attribute(
        "href", re.compile(r"^https://elicense\.ohio\.gov/")
    )
    expect(case).to_contain_text("at the level claimed, independent practice,")
    assert_accessible(admin)
    screenshot(admin, "admin-case-check-by-hand")

    def record(level: str, seen: str) -> None:
        case.get_by_label("Address of the page you checked").fill(
            "https://elicense.ohio.gov/oh_verifylicense"
        )
        case.get_by_label("Held, in good standing, by this person").check()
        case.get_by_label("Level the page shows").select_option(level)
        case.get_by_label("What you saw").fill(seen)
        case.get_by_role("button", name="Record my check").click()

    record("supervised", "E.1234 Rosa Quinn, Counselor Trainee, active")
    expect(admin.get_by_text("Your check is recorded as a mismatch")).to_be_visible()
    assert_accessible(admin)

    therapist = open_context().new_page()
    log_in(therapist, address)  # lands on the profile overview
    lower = "for practice under supervision, not for independent practice as claimed"
    expect(therapist.get_by_role("region", name="Needs you")).to_contain_text(lower)
    assert_accessible(therapist)
    therapist.goto("/account/")
    expect(therapist.get_by_role("region", name="Your licences need you")).to_contain_text(lower)
    assert_accessible(therapist)
    screenshot(therapist, "therapist-account-needs-you")
    assert any(lower in mail for mail in _mail_to(site, address))

    record("independent", "E.1234 Rosa Quinn, LPCC, active, no discipline")
    expect(
        admin.get_by_text("Your check is recorded. The profile is verified for Ohio and listed.")
    ).to_be_visible()
    assert_accessible(admin)
    therapist.goto("/manage/")
    expect(therapist.locator(".licences")).to_contain_text("Checked by hand by the Solace team on")
    expect(therapist.get_by_role("region", name="Needs you")).to_have_count(0)
    assert_accessible(therapist)
    therapist.goto("/manage/licences")
    therapist.locator("details.timeline summary").first.click()
    timeline = therapist.locator("details.timeline").first
    expect(timeline).to_contain_text("Sent to the Solace team for a check by hand")
    expect(timeline).to_contain_text("Checked by hand by the Solace team at Ohio eLicense")
    assert_accessible(therapist)
    screenshot(therapist, "therapist-licences-checked-by-hand")
    therapist.goto("/therapists/rosa-quinn-columbus")
    expect(therapist.get_by_role("heading", level=1)).to_contain_text("Rosa Quinn")
    expect(therapist.locator("body")).to_contain_text("Checked by hand by the Solace team")
    expect(therapist.locator("body")).not_to_contain_text(admin_address)
    assert_accessible(therapist)
    screenshot(therapist, "profile-checked-by-hand")
    assert not any(admin_address in mail for mail in _mail_to(site, address))
    assert requests_made.off_site(site.url) == []
