"""Each section of the profile saves on its own; a mistake loses nothing."""

from __future__ import annotations

import pytest

from directory.models import ProfileStatus
from tests.account_fixtures import page_text


def test_the_first_visit_creates_a_draft_profile(editor):
    t = editor.profile
    assert t.status == ProfileStatus.DRAFT
    assert t.slug.startswith("therapist-")
    assert t.user_id == editor.user.id


def test_every_section_saves_what_was_typed(complete):
    t = complete.profile
    assert (t.first_name, t.last_name, t.credentials) == ("Rosa", "Diaz", "PhD, LPC")
    assert t.slug == "rosa-diaz"  # follows the name while it is a draft
    assert (t.fee_min, t.fee_max, t.sliding_scale_min) == (120, 150, 60)
    assert t.sliding_scale and t.free_consultation
    assert sorted(t.languages) == ["en", "es"]
    assert t.website == "https://example.org/rosa"
    assert (t.region, t.country, t.city, t.postcode) == ("US-TX", "US", "Austin", "78701")
    assert t.latitude == pytest.approx(30.27, abs=0.05)  # the ZIP's centroid
    assert t.longitude == pytest.approx(-97.74, abs=0.05)
    assert {a.slug for a in t.approaches} == {"cbt", "emdr"}
    # A top specialty counts as chosen.
    assert {s.slug for s in t.specialties} == {"anxiety", "grief"}
    assert [s.slug for s in t.top_specialties] == ["grief"]
    (licence,) = t.licences
    assert (licence.jurisdiction, licence.licence_type, licence.number) == ("US-TX", "LPC", "12345")


def test_an_invalid_field_keeps_what_was_typed_and_saves_nothing(complete):
    response = complete.save("about", first_name="", headline="A new headline I typed")
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter your first name." in text
    assert "Nothing was saved" in text
    assert 'value="A new headline I typed"' in response.get_data(as_text=True)
    t = complete.profile
    assert t.first_name == "Rosa" and t.headline == "Calm, practical help with anxiety."


FEE_MISTAKES = [
    ({"fee_min": "150", "fee_max": "120"}, "can't be less than the lowest fee"),
    ({"fee_min": None, "fee_max": "120"}, "Enter the lowest fee too"),
    ({"sliding_scale_min": "200"}, "should be below your lowest fee"),
    ({"sliding_scale": None}, "Tick “I offer a sliding scale”"),
    ({"fee_min": "-5"}, "Enter a whole number"),
    ({"fee_min": "12.50"}, "Enter a whole number"),
    ({"fee_max": "9999999"}, "at most 100,000"),
    ({"currency": "BTC"}, "isn't on the list"),
]


def test_fees_must_make_sense(complete):
    for changes, message in FEE_MISTAKES:
        response = complete.save("fees", **changes)
        assert response.status_code == 400, changes
        assert message in page_text(response), changes
        assert complete.profile.fee_min == 120


LOCATION_MISTAKES = [
    ({"offers_online": None, "offers_in_person": None}, "online sessions, in-person"),
    ({"region": "US-XX"}, "isn't on the list"),
    ({"region": ""}, "Choose your state or nation"),
    ({"postcode": "7870"}, "5-digit ZIP code"),
    ({"postcode": "00000"}, "can't find ZIP code 00000"),
    ({"postcode": "10001"}, "ZIP code 10001 is in New York, not Texas"),
    ({"region": "GB-ENG", "postcode": "NOT A CODE"}, "UK postcode"),
    ({"city": ""}, "Enter the city or town"),
    ({"street_address": "", "show_street_address": "y"}, "Enter the street address"),
]


def test_location_must_make_sense(complete):
    for changes, message in LOCATION_MISTAKES:
        response = complete.save("location", **changes)
        assert response.status_code == 400, changes
        assert message in page_text(response), changes
        assert complete.profile.postcode == "78701"


def test_a_uk_postcode_is_tidied_and_the_street_address_shown_only_when_chosen(complete):
    response = complete.save(
        "location", region="GB-ENG", postcode="sw1a1aa", city="London", show_street_address="y"
    )
    assert response.status_code == 302
    t = complete.profile
    assert (t.country, t.postcode) == ("GB", "SW1A 1AA")
    # Placed at the centre of the SW1A district, so searches near a place find it.
    assert (t.latitude, t.longitude) == pytest.approx((51.50, -0.13), abs=0.02)
    assert t.show_street_address
    assert "12 Quiet Lane" in page_text(complete.client.get("/manage/preview"))


@pytest.mark.parametrize(
    ("region", "postcode", "city", "point"),
    [
        ("US-TX", "787011234", "Austin", (30.27, -97.74)),  # ZIP+4 typed: the ZIP's centre
        ("US-TX", "", "Austin", (30.27, -97.74)),  # no ZIP: the town's centre
        ("GB-NIR", "BT1 1AA", "Belfast", (54.60, -5.93)),  # not in Code-Point Open: the town
        ("GB-ENG", "", "Nowhere Green", None),  # nothing to place it by
    ],
)
def test_a_practice_is_placed_by_its_postcode_or_else_its_town(
    complete, region, postcode, city, point
):
    response = complete.save("location", region=region, postcode=postcode, city=city)
    assert response.status_code == 302
    t = complete.profile
    assert t.postcode == (postcode[:5] if region.startswith("US") else postcode)
    if point is None:
        assert t.latitude is None and t.longitude is None
    else:
        assert (t.latitude, t.longitude) == pytest.approx(point, abs=0.05)


def test_online_only_needs_no_city(complete):
    response = complete.save("location", offers_in_person=None, city="", postcode="")
    assert response.status_code == 302
    assert complete.profile.latitude is None


BAD_WEBSITES = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org",
    "https://192.168.1.10/",
    "https://user:pw@example.org",
    "https://localhost",
]


def test_only_http_and_https_websites_are_accepted(complete):
    for website in BAD_WEBSITES:
        response = complete.save("contact", website=website)
        assert response.status_code == 400, website
        assert complete.profile.website == "https://example.org/rosa"


def test_a_website_typed_without_https_is_saved_as_its_address(complete):
    assert complete.save("contact", website="Example.org").status_code == 302
    assert complete.profile.website == "https://example.org/"


def test_contact_details_are_checked(complete):
    assert "7 to 15 digits" in page_text(complete.save("contact", phone="12"))
    assert "like name@example.org" in page_text(complete.save("contact", contact_email="nope"))
    assert complete.save("contact", contact_email="", phone="", website="").status_code == 302
    t = complete.profile
    assert (t.contact_email, t.phone, t.website) == ("", "", "")


def test_at_most_five_top_specialties(complete):
    six = ["anxiety", "grief", "depression", "trauma-ptsd", "relationships", "stress"]
    response = complete.save("practice", specialties=six, top=six)
    assert response.status_code == 400
    assert "Mark at most 5 specialties as top: you marked 6" in page_text(response)
    assert [s.slug for s in complete.profile.top_specialties] == ["grief"]
    assert complete.save("practice", specialties=six, top=six[:5]).status_code == 302
    assert len(complete.profile.top_specialties) == 5


def test_unknown_vocabulary_is_refused(complete):
    response = complete.save("practice", approaches=["cbt", "mind-control"])
    assert response.status_code == 400
    assert "isn't on the list" in page_text(response)
    response = complete.save("languages", languages=["en", "klingon"])
    assert response.status_code == 400
    assert complete.save("languages", languages=[]).status_code == 400
    assert sorted(complete.profile.languages) == ["en", "es"]


def test_licences_are_added_checked_and_removed(complete):
    response = complete.save("licences")
    assert response.status_code == 400
    assert "added this licence already" in page_text(response)

    response = complete.save("licences", number="99999", npi="1234567890")
    assert "check digit is wrong" in page_text(response)
    response = complete.save("licences", number="99999", npi="12345")
    assert "exactly 10 digits" in page_text(response)
    response = complete.save("licences", jurisdiction="GB", npi="1234567893")
    assert "An NPI is for US licences" in page_text(response)
    response = complete.save("licences", jurisdiction="US-ZZ")
    assert "isn't on the list" in page_text(response)
    assert len(complete.profile.licences) == 1

    response = complete.save("licences", number="99999", npi="1234567893")
    assert response.status_code == 302
    licences = complete.profile.licences
    assert len(licences) == 2
    first = licences[0]
    response = complete.post(f"/manage/licences/{first.id}/remove", token_from="/manage/licences")
    assert response.status_code == 302
    assert [lic.number for lic in complete.profile.licences] == ["99999"]


def test_the_overview_shows_what_is_missing_before_submission(editor):
    text = page_text(editor.client.get("/manage/"))
    assert "Draft: only you can see it" in text
    for missing in ["your name", "at least one language", "at least one licence"]:
        assert missing in text


def test_where_clients_are_seen_online_is_saved_and_must_make_sense(complete):
    response = complete.save(
        "location", offers_online="y", online_regions=["US-TX", "US-NY", "GB-ENG"]
    )
    assert response.status_code == 302
    assert set(complete.profile.online_regions) == {"US-TX", "US-NY", "GB-ENG"}
    form = page_text(complete.client.get("/manage/location"))
    assert "Where you see clients online" in form
    # Places without online sessions make no sense; an unknown place is refused.
    for changes, message in [
        ({"offers_online": None, "online_regions": ["US-NY"]}, "Tick online sessions"),
        ({"offers_online": "y", "online_regions": ["US-ZZ"]}, "isn't on the list"),
    ]:
        response = complete.save("location", **changes)
        assert response.status_code == 400, changes
        assert message in page_text(response), changes
        assert set(complete.profile.online_regions) == {"US-TX", "US-NY", "GB-ENG"}
    # Without online sessions, no online places are kept.
    assert complete.save("location", offers_online=None).status_code == 302
    assert complete.profile.online_regions == []
