"""The public pages a person looking for help sees."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import url_for
from markupsafe import escape

from directory import catalogue
from directory.extensions import db
from directory.models import utcnow


@pytest.fixture
def listed(make_therapist, index_now):
    t = make_therapist(
        first_name="Rosa",
        last_name="Diaz",
        credentials="PhD, LPC",
        pronouns="she/her",
        approaches=("emdr", "cbt"),
        specialties=("trauma-ptsd", "anxiety", "grief"),
        top=("trauma-ptsd",),
        bio="I help adults heal after trauma with EMDR.\n\nSessions are calm and paced by you.",
        offers_online=True,
        street_address="12 Hidden Lane",
        show_street_address=False,
        sliding_scale=True,
        sliding_scale_min=60,
        free_consultation=True,
        accepting_confirmed_at=utcnow() - timedelta(days=3),
        phone="+1 555 0100",
        website="https://example.org/rosa",
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"},
    )
    index_now()
    return t


def test_every_page_shows_the_crisis_line(client, listed):
    for url in ["/", "/search?q=trauma", f"/therapists/{listed.slug}", "/approaches/cbt", "/nope"]:
        html = client.get(url).get_data(as_text=True)
        assert "988" in html and "116 123" in html and "911" in html and "999" in html, url


def test_home_lists_approaches_and_specialties_with_counts(client, listed):
    html = client.get("/").get_data(as_text=True)
    assert 'role="search"' in html
    cbt = re.search(r'href="/approaches/cbt">[^<]+</a>\s*<span class="count">(\d+)</span>', html)
    assert cbt and cbt.group(1) == "1"
    assert re.search(r'href="/specialties/grief">[^<]+</a>\s*<span class="count">1</span>', html)


def test_search_page_shows_highlighted_snippets_and_links_to_the_profile(client, listed):
    response = client.get("/search?q=trauma+emdr")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 therapist" in html
    assert "<mark" in html and "trauma</mark>" in html.lower()
    assert f"/therapists/{listed.slug}" in html


def test_did_you_mean_links_to_the_corrected_search(client, listed):
    html = client.get("/search?q=anxeity").get_data(as_text=True)
    assert "Did you mean" in html and "/search?q=anxiety" in html


def test_profile_shows_what_a_person_needs_to_choose(client, listed):
    html = client.get(f"/therapists/{listed.slug}").get_data(as_text=True)
    for expected in [
        "Rosa Diaz",
        "PhD, LPC",
        "she/her",
        "Eye movement",  # an approach, by its full name
        "top",
        "Sees clients online in: Texas",
        "Austin, Texas",
        "$60",  # sliding-scale minimum
        "Free first consultation",
        "Accepting new clients",
        "Licensed Professional Counselor (LPC), Texas, number 12345",
        "Not checked with a register yet",
        "Not yet verified for Texas",  # its only licence has not been checked
        "Fewer than 3 ratings yet",
        "https://example.org/rosa",
    ]:
        assert expected in html, expected
    assert "Hidden Lane" not in html  # the street address only when chosen


def test_profile_says_whom_they_see_what_they_accept_and_their_chosen_identity(
    client, make_therapist
):
    t = make_therapist(
        offers_online=True,
        online_regions=["US-TX", "US-NY"],
        insurance=["medicaid", "aetna", "withdrawn-plan"],
        ages_served=["teens", "adults"],
        session_types=["individual", "family"],
        gender="non-binary",
        identities=["lgbtq"],
        faith="muslim",
        faith_integrated=True,
    )
    html = client.get(f"/therapists/{t.slug}").get_data(as_text=True)
    for expected in [
        "Sees clients online in: Texas, New York",
        "<dt>Ages</dt><dd>Teens, Adults</dd>",
        "<dt>Session types</dt><dd>Individual, Family</dd>",
        "Aetna, Medicaid",
        "Offers faith-integrated therapy",
        "Therapist identifies as: Non-binary, LGBTQ+.",
        "Therapist's faith: Muslim.",
    ]:
        assert expected in html, expected
    assert "withdrawn-plan" not in html  # a value no longer listed is never shown raw


def test_profile_shows_no_identity_the_therapist_did_not_give(client, make_therapist):
    t = make_therapist()
    html = client.get(f"/therapists/{t.slug}").get_data(as_text=True)
    assert "About the therapist" not in html and "identifies as" not in html
    assert "faith" not in html.lower()
    assert "<dt>Ages</dt><dd>Not listed: ask when you get in touch</dd>" in html


def test_unpublished_profiles_are_not_found(client, make_therapist):
    t = make_therapist(status="hidden")
    assert client.get(f"/therapists/{t.slug}").status_code == 404


def test_approach_and_specialty_pages_explain_and_list(client, listed):
    html = client.get("/approaches/emdr").get_data(as_text=True)
    assert "What it is" in html and "What a session is like" in html
    assert "Rosa Diaz" in html
    html = client.get("/specialties/grief").get_data(as_text=True)
    assert "Rosa Diaz" in html
    assert client.get("/approaches/not-a-thing").status_code == 404
    # Each kind has its own vocabulary: an approach is no specialty, and the other way.
    assert client.get("/specialties/emdr").status_code == 404
    assert client.get("/approaches/grief").status_code == 404


def test_back_link_returns_to_the_same_results(client, listed):
    html = client.get(f"/therapists/{listed.slug}?back=/search%3Fq%3Dtrauma").get_data(as_text=True)
    assert 'href="/search?q=trauma"' in html
    html = client.get(f"/therapists/{listed.slug}?back=https://evil.example").get_data(as_text=True)
    assert "evil.example" not in html


def test_pages_load_nothing_from_other_hosts(client, listed):
    for url in ["/", "/search?q=anxiety", f"/therapists/{listed.slug}", "/approaches/cbt"]:
        response = client.get(url)
        html = response.get_data(as_text=True)
        for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
            if attr.startswith(("http://", "https://", "//")):
                # Only the therapist's own website and the board's lookup page, where a
                # visitor can check the licence, may be linked (a link, never a load).
                board = catalogue.lookup_page("US-TX", "LPC")
                assert attr in ("https://example.org/rosa", board), (url, attr)
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_user_text_is_escaped(client, make_therapist, index_now):
    t = make_therapist(
        bio="<script>alert(1)</script> trauma", headline="<img src=x onerror=alert(1)>"
    )
    index_now()
    for url in [f"/therapists/{t.slug}", "/search?q=trauma"]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.parametrize("script_root", ["", "/directory"])
def test_card_addresses_are_the_routes_own(app, client, listed, script_root):
    """Cards build their profile and photo addresses without url_for (for speed): they
    must be what url_for gives, under a site served at a sub-path too."""
    listed.photo_version = "0123456789abcdef"
    db.session.commit()
    query = {"q": "trauma", "zip": "78701"}
    html = client.get("/search", query_string=query, environ_base={"SCRIPT_NAME": script_root})
    html = html.get_data(as_text=True)
    back = "/search?q=trauma&zip=78701"
    with app.test_request_context("/", environ_base={"SCRIPT_NAME": script_root}):
        profile = url_for("public.therapist_profile", slug=listed.slug, back=back)
        photos = [
            url_for("photos.therapist_photo", therapist_id=listed.id,
                    version="0123456789abcdef", width=width)
            for width in (64, 128)
        ]  # fmt: skip
    assert f'href="{escape(profile)}"' in html
    assert f'src="{photos[0]}" srcset="{photos[1]} 2x"' in html
