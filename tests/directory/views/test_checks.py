"""The public check's pages, the guide, the badge and the short link, as visitors and
therapists meet them: hostile input, limits, the checking page, live states."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from directory import badge, verification
from directory.extensions import db
from directory.models import Licence, PublicCheck, Role
from tests.account_fixtures import csrf_token, page_text
from tests.check_fixtures import *  # noqa: F403
from tests.check_fixtures import FIXTURES, listed_therapist, registry_answer

GOOD = {
    "jurisdiction": "US-TX",
    "first_name": "Marta",
    "last_name": "Alvarez",
    "licence_type": "",
    "number": "",
    "npi": "",
}


@pytest.fixture
def app(capp):
    """The account fixtures (make_user, auth) work on the check app."""
    return capp


@pytest.fixture
def client(capp):
    return capp.test_client()


def post_check(client, **changes):
    data = {**GOOD, **changes, "csrf_token": csrf_token(client, "/check")}
    return client.post("/check", data=data, environ_base={"REMOTE_ADDR": "203.0.113.9"})


def stored_checks() -> int:
    return db.session.scalar(select(func.count()).select_from(PublicCheck))


def test_a_check_answers_in_plain_words_and_links_the_source_and_the_profile(client):
    therapist = listed_therapist()
    asked = post_check(client)
    assert asked.status_code == 303
    page = client.get(asked.headers["Location"])
    text = page_text(page)
    assert "Licensed." in text and "Texas Behavioral Health Executive Council" in text
    assert "Checked on" in text
    assert "https://" in page.get_data(as_text=True).split("See it at the source")[1][:400]
    assert f"/therapists/{therapist.slug}" in page.get_data(as_text=True)
    assert "How to check a therapist you found online" in text
    assert "protected by law" in text
    assert page.headers["Cache-Control"] == "no-store"


def test_a_uk_number_the_register_was_not_asked_about_reads_not_checked(client):
    asked = post_check(client, jurisdiction="GB", licence_type="PYL", number="ABC")
    text = page_text(client.get(asked.headers["Location"]))
    assert "Not checked. The register was not asked" in text
    assert "Found, with other details" not in text
    assert "Checked on" not in text  # never sent to the register: no check date claimed
    assert "What the titles mean in the United Kingdom" in text
    # Every line of where to complain names its board (no line begins with the colon).
    html = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Social Work England" in html and not re.search(r"<li>\s*:", html)


def test_nothing_stored_says_who_asked(client):
    post_check(client)
    [row] = db.session.scalars(select(PublicCheck))
    values = " ".join(str(getattr(row, c.key)) for c in PublicCheck.__table__.columns)
    assert "203.0.113.9" not in values and "session" not in values


def test_a_check_still_running_refreshes_itself_and_updates_in_place(client):
    db.session.add(
        PublicCheck(
            token="abc",
            query_key="k",
            jurisdiction="US-TX",
            first_name="Ann",
            last_name="Lee",
            state="queued",
        )  # fmt: skip
    )
    db.session.commit()
    page = client.get("/check/abc")
    body = page.get_data(as_text=True)
    assert "Checking with the registers" in page_text(page)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
    assert 'data-pending="2000"' in body and "/static/js/check.js" in body


@pytest.mark.parametrize("token", ["nope", "x" * 33, "../etc"])
def test_an_unknown_answer_page_is_not_found(client, token):
    assert client.get(f"/check/{token}").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_name": "A" * 81}, "at most 80"),
        ({"last_name": "Lee\x07"}, "control characters"),
        ({"last_name": "<script>alert(1)</script>"}, "plain text"),
        ({"first_name": "R2D2"}, "letters"),
        ({"first_name": "Ann\nLee"}, "one line"),
        ({"number": "12345<b>"}, "plain text"),
        ({"number": "12;345"}, "letters, digits"),
        ({"number": "9" * 41}, "at most 40"),
        ({"licence_type": "L*PC"}, "letters, digits"),
        ({"npi": "123"}, "10 digits"),
        ({"npi": "1234567890"}, "check digit"),
        ({"jurisdiction": "US-ZZ"}, "isn't on the list"),
        ({"jurisdiction": "GB", "npi": "1234567893"}, "US providers"),
        ({"last_name": ""}, "both the first and the last name"),
        ({"first_name": "", "last_name": ""}, "name, or their licence number"),
    ],
)
def test_hostile_or_wrong_input_gets_a_message_and_400_and_nothing_is_asked(
    client, changes, message
):
    response = post_check(client, **changes)
    assert response.status_code == 400
    assert message in page_text(response)
    assert stored_checks() == 0


def test_a_form_without_its_csrf_token_is_refused(client):
    assert client.post("/check", data=GOOD).status_code == 400
    assert stored_checks() == 0


FLOOD = {"RATELIMIT_ENABLED": True, "PUBLIC_CHECK_RATE_LIMIT": "2 per minute"}
EVERYONE = {"RATELIMIT_ENABLED": True, "PUBLIC_CHECK_GLOBAL_LIMIT": "1 per minute"}


@pytest.mark.parametrize("check_overrides", [FLOOD])
def test_a_flood_from_one_client_is_refused_politely(client):
    for name in ("Ann", "Bea"):
        assert post_check(client, first_name=name).status_code == 303
    refused = post_check(client, first_name="Cat")
    assert refused.status_code == 429
    assert "Try again in a few minutes" in page_text(refused)
    assert stored_checks() == 2


@pytest.mark.parametrize("check_overrides", [EVERYONE])
def test_the_global_ceiling_holds_across_clients(client, capp):
    assert post_check(client).status_code == 303
    other = capp.test_client()
    data = {**GOOD, "first_name": "Bea", "csrf_token": csrf_token(other, "/check")}
    refused = other.post("/check", data=data, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert refused.status_code == 429


def test_past_the_ceiling_of_waiting_checks_the_page_says_try_later(client, capp):
    capp.config["PUBLIC_CHECK_MAX_WAITING"] = 0
    response = post_check(client)
    assert response.status_code == 503
    assert "try again in a few minutes" in page_text(response)
    assert stored_checks() == 0


def test_the_guide_is_linked_from_the_header_and_cites_its_sources(client):
    guide = client.get("/how-to-check")
    assert guide.status_code == 200
    assert 'href="/how-to-check"' in client.get("/check").get_data(as_text=True)
    body = guide.get_data(as_text=True)
    assert "hcpc-uk.org" in body and "Source:" in page_text(guide)
    assert "counsellor" in page_text(guide) and "not protected" in page_text(guide)


# -- the badge and the short link -----------------------------------------------------------


def test_the_badge_shows_the_live_state_small_accessible_and_briefly_cached(client):
    therapist = listed_therapist()
    licence = therapist.licences[0]
    licence.last_checked_at = verification.utcnow()
    db.session.commit()
    response = client.get(f"/therapists/{therapist.slug}/badge.svg")
    svg = response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml"
    assert len(response.data) < 2048
    assert re.search(r"<title id=\"t\">Solace: Licence verified: Texas LPC, checked \d", svg)
    assert 'role="img"' in svg and "<script" not in svg
    max_age = int(response.headers["Cache-Control"].split("max-age=")[1])
    assert 0 < max_age <= 300


def test_the_badge_turns_when_a_recheck_finds_the_licence_expired(capp, client, registries):
    therapist = listed_therapist(first="Marta", last="Alvarez", number="90001")
    licence = therapist.licences[0]
    verification.verify_licence(licence.id)
    badge = client.get(f"/therapists/{therapist.slug}/badge.svg").get_data(as_text=True)
    assert "Licence verified: Texas LPC" in badge
    expired = (
        (FIXTURES / "tx_bhec/documented_LPC.csv")
        .read_bytes()
        .replace(b"90001,800001,ALVAREZ,MARTA,,,Active", b"90001,800001,ALVAREZ,MARTA,,,Expired")
    )
    registries.clear()
    registries.expect_request("/csv/LPC.csv").respond_with_data(expired, content_type="text/csv")
    verification.configured_verifiers()["tx-bhec"].copies["LPC"].refresh()
    verification.verify_licence(licence.id)  # the scheduled re-check
    badge = client.get(f"/therapists/{therapist.slug}/badge.svg").get_data(as_text=True)
    assert "Not currently verified" in badge and "Licence verified" not in badge


def test_an_unpublished_profile_s_badge_is_not_verified_and_an_unknown_one_is_404(client):
    therapist = listed_therapist(status="hidden")
    badge = client.get(f"/therapists/{therapist.slug}/badge.svg").get_data(as_text=True)
    assert "Not currently verified" in badge
    assert client.get("/therapists/nobody/badge.svg").status_code == 404


def test_the_badge_escapes_what_it_shows(client):
    therapist = listed_therapist()
    therapist.licences[0].licence_type = "LPC<script>"
    db.session.commit()
    svg = client.get(f"/therapists/{therapist.slug}/badge.svg").get_data(as_text=True)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_manage_page_gives_a_short_link_that_shows_the_live_state(client, make_user, auth):
    user = make_user(role=Role.THERAPIST)
    therapist = listed_therapist()
    therapist.user_id = user.id
    db.session.commit()
    auth.login(user.email)
    page = client.get("/manage/badge")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    link = re.search(r'id="short-link" type="text" readonly value="([^"]+)"', body).group(1)
    assert f"/therapists/{therapist.slug}/badge.svg" in body and "&lt;a href=" in body
    code = link.rsplit("/v/", 1)[1]
    assert client.get("/manage/badge").get_data(as_text=True).count(code) >= 1
    shown = client.get(f"/v/{code}")
    assert "Licence verified: Texas LPC" in page_text(shown)
    therapist.licences[0].status = "inactive"
    therapist.verification_state = "problem"
    db.session.commit()
    assert "Not currently verified" in page_text(client.get(f"/v/{code}"))


def test_the_badge_never_names_a_licence_an_admin_rejected_or_one_of_limited_scope(client):
    therapist = listed_therapist()
    later = verification.utcnow()
    for licence_type, number, decision in (("LMFT", "70001", "rejected"), ("LSSP", "70002", None)):
        licence = Licence(jurisdiction="US-TX", licence_type=licence_type, number=number,
                          status="verified", decision=decision, last_checked_at=later)  # fmt: skip
        therapist.licences.append(licence)
        registry_answer(licence, level="limited_scope" if licence_type == "LSSP" else "independent")
    db.session.commit()
    svg = client.get(f"/therapists/{therapist.slug}/badge.svg").get_data(as_text=True)
    assert "Licence verified: Texas LPC" in svg
    assert "LMFT" not in svg and "LSSP" not in svg


def test_a_uk_membership_is_named_a_membership_and_the_link_says_where_it_counts(client):
    therapist = listed_therapist(
        region="GB-ENG", city="Brighton", offers_online=True, online_regions=["GB-ENG", "US-TX"],
        verification_state="partly_verified", verified_places=["GB-ENG"],
    )  # fmt: skip
    therapist.licences.clear()
    membership = Licence(jurisdiction="GB", licence_type="BACP", number="00123456",
                         status="verified", last_checked_at=verification.utcnow())  # fmt: skip
    therapist.licences.append(membership)
    registry_answer(membership, verifier="manual", kind="membership", registry_title="BACP")
    db.session.commit()
    svg = client.get(f"/therapists/{therapist.slug}/badge.svg").get_data(as_text=True)
    assert "Membership verified: United Kingdom BACP" in svg and "Licence verified" not in svg
    shown = page_text(client.get(f"/v/{badge.short_code(therapist)}"))
    assert "Membership verified: United Kingdom BACP" in shown
    assert "Verified for England only" in shown and "Not verified for Texas" in shown
    assert "licensing register" not in shown


@pytest.mark.parametrize("code", ["zzzzzzz", "ABC<>", "0" * 13])
def test_an_unknown_short_link_is_not_found(client, code):
    assert client.get(f"/v/{code}").status_code == 404


def test_a_licence_row_is_never_changed_by_a_public_check(client):
    therapist = listed_therapist()
    before = [(lic.status, lic.last_checked_at) for lic in therapist.licences]
    post_check(client)
    db.session.expire_all()
    assert [(lic.status, lic.last_checked_at) for lic in db.session.scalars(
        select(Licence))] == before  # fmt: skip
