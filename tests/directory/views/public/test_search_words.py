"""The searches that dead-ended, answered as a person would want (the search page)."""

from __future__ import annotations

import re

import pytest

from tests.account_fixtures import page_text

PANEL = "If you are thinking of ending your life or hurting yourself"


@pytest.fixture
def directory(make_therapist, index_now):
    """A Spanish-speaking online therapist in Houston who sees teens and takes Aetna; an
    Austin office; a Brighton counsellor who also sees people in England online."""
    made = {
        "lucia": make_therapist(
            first_name="Lucia",
            last_name="Ramos",
            city="Houston",
            latitude=29.7604,
            longitude=-95.3698,
            offers_online=True,
            offers_in_person=False,
            online_regions=["US-TX"],
            languages=["en", "es"],
            ages_served=["teens", "adults"],
            session_types=["individual", "family"],
            insurance=["aetna"],
            gender="woman",
            faith="muslim",
            specialties=("self-harm", "anxiety"),
            sliding_scale=True,
            sliding_scale_min=35,
            fee_min=90,
        ),
        "omar": make_therapist(first_name="Omar", last_name="Haddad", fee_min=150),
        "imogen": make_therapist(
            first_name="Imogen",
            last_name="Hart",
            country="GB",
            region="GB-ENG",
            city="Brighton",
            postcode="BN1 1AA",
            latitude=50.8284,
            longitude=-0.1395,
            offers_online=True,
            online_regions=["GB-ENG"],
            currency="GBP",
            fee_min=60,
            fee_max=115,
        ),
    }
    index_now()
    return made


def names(response) -> set[str]:
    text = page_text(response)
    return {n for n in ("Lucia", "Omar", "Imogen") if n in text}


@pytest.mark.parametrize(
    ("query", "chip", "expected"),
    [
        ("teen", "Who they see: Teens", {"Lucia"}),
        ("cheap", "Sliding scale fees", {"Lucia"}),
        ("affordable", "Sliding scale fees", {"Lucia"}),
        ("Aetna", "Insurance and payment: Aetna", {"Lucia"}),
        ("female therapist", "Therapist identifies as: Woman", {"Lucia"}),
        ("muslim", "Therapist's faith: Muslim", {"Lucia"}),
        ("spanish", "Language: Spanish", {"Lucia"}),
        ("TX", "You are in: Texas", {"Lucia", "Omar"}),
        ("UK", "You are in: United Kingdom", {"Imogen"}),
        ("Brighton", "Near Brighton, England", {"Imogen"}),
        ("York", "Near York, England", {"Imogen"}),  # online there; not New York
    ],
)
def test_everyday_words_apply_a_filter_shown_as_a_removable_chip(
    client, directory, query, chip, expected
):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    text = page_text(response)
    assert f"Showing: {chip} remove" in text
    assert names(response) == expected
    assert "Did you mean" not in text


@pytest.mark.parametrize("query", ["NYC", "new york city", "anxiety in NYC"])
def test_nyc_is_the_city_of_new_york_not_the_whole_state(client, make_therapist, index_now, query):
    new_york = {"region": "US-NY", "postcode": "", "verified_places": ["US-NY"]}
    make_therapist(
        first_name="Maya", city="New York", latitude=40.7831, longitude=-73.9712, **new_york
    )
    make_therapist(
        first_name="Bruno", city="Buffalo", latitude=42.8864, longitude=-78.8784, **new_york
    )
    make_therapist(
        first_name="Ola",
        city="Buffalo",
        latitude=42.8864,
        longitude=-78.8784,
        offers_online=True,
        offers_in_person=False,
        online_regions=["US-NY"],
        **new_york,
    )
    index_now()
    response = client.get("/search", query_string={"q": query})
    text = page_text(response)
    assert "Showing: Near New York City, New York remove" in text
    # In person near Manhattan, and online from anywhere in the state; not Buffalo's office.
    assert {n for n in ("Maya", "Bruno", "Ola") if n in text} == {"Maya", "Ola"}


def test_nobody_near_a_town_offers_a_wider_distance_before_dropping_the_place(
    client, make_therapist, index_now
):
    make_therapist(  # in person only, in Brighton: 40 miles from Guildford
        first_name="Nell",
        country="GB",
        region="GB-ENG",
        city="Brighton",
        latitude=50.8284,
        longitude=-0.1395,
        currency="GBP",
        verified_places=["GB-ENG"],
    )
    index_now()
    html = client.get("/search", query_string={"q": "Guildford"}).get_data(as_text=True)
    assert "No therapists match all of this" in html
    wider = re.search(r'Try further away: <a href="([^"]+)">within 50 miles</a>: 1 therapist', html)
    assert wider
    # Dropping the place would list therapists who cannot see someone in Guildford.
    assert "Without the place filter" not in html
    response = client.get(wider.group(1).replace("&amp;", "&"))
    assert "Nell" in page_text(response) and "Showing: Near Guildford, England" in page_text(
        response
    )


def test_removing_a_chip_drops_its_words_and_keeps_the_rest(client, directory):
    html = client.get("/search", query_string={"q": "anxiety teen"}).get_data(as_text=True)
    remove = re.search(r'<a href="([^"]+)" aria-label="Remove Who they see: Teens">', html)
    assert remove and "q=anxiety" in remove.group(1) and "teen" not in remove.group(1)
    response = client.get(remove.group(1).replace("&amp;", "&"))
    assert "Who they see" not in page_text(response).split("Showing:")[-1][:200]


def test_an_online_therapist_licensed_in_texas_is_found_from_an_austin_zip(client, directory):
    response = client.get("/search?q=spanish&format=online&zip=78701-1234")
    assert response.status_code == 200  # ZIP+4 is a ZIP
    assert names(response) == {"Lucia"}


def test_online_without_a_place_asks_where_the_visitor_is(client, directory):
    response = client.get("/search?format=online")
    text = page_text(response)
    assert response.status_code == 200
    assert "Where are you?" in text and "licensed" in text
    assert names(response) == set()  # no results that would mislead
    answered = client.get("/search?format=online&where=US-TX")
    assert names(answered) == {"Lucia"}


def test_near_me_asks_where_the_visitor_is(client, directory):
    text = page_text(client.get("/search?q=near+me"))
    assert "Where are you?" in text and "fear me" not in text


def test_psychiatrist_says_what_to_search_instead(client, directory):
    text = page_text(client.get("/search?q=psychiatrist"))
    assert "Solace lists therapists, not psychiatrists" in text


@pytest.mark.parametrize(
    "query", ["I want to die", "kill myself", "my teenager is self harming", "quiero morir"]
)
def test_crisis_words_show_the_crisis_panel_first(client, directory, query):
    html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    main = html.split("<main", 1)[1]
    assert PANEL in main
    assert main.index(PANEL) < main.index("results-heading")
    assert "<mark>want" not in html


@pytest.mark.parametrize("query", ["anxiety", "teen", "Brighton"])
def test_other_searches_show_no_crisis_panel(client, directory, query):
    assert PANEL not in client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_fees_in_the_visitors_currency_only(client, directory):
    # A $60 limit: Lucia's $35 sliding-scale minimum counts, Imogen's £60 is not dollars.
    assert names(client.get("/search?max_fee=60")) == {"Lucia"}
    assert names(client.get("/search?max_fee=%2460")) == {"Lucia"}  # "$60"
    assert names(client.get("/search?max_fee=%C2%A360")) == {"Imogen"}  # "£60"
    assert names(client.get("/search?max_fee=60&where=GB-ENG")) == {"Imogen"}


@pytest.fixture
def manchester(directory, make_therapist, index_now):
    """Hamish, in Manchester: a UK therapist, but 200 miles from Brighton's Imogen."""
    make_therapist(
        first_name="Hamish",
        country="GB",
        region="GB-ENG",
        city="Manchester",
        latitude=53.4808,
        longitude=-2.2426,
        currency="GBP",
    )
    index_now()


@pytest.mark.parametrize(
    ("postcode", "shown"), [("BN1 1AA", "BN1 1AA"), ("bn2 9rx", "BN2 9RX"), ("BN1", "BN1")]
)
def test_a_uk_postcode_finds_therapists_near_it(client, manchester, postcode, shown):
    response = client.get("/search", query_string={"zip": postcode})
    text = page_text(response)
    assert response.status_code == 200
    assert f"Showing: Near {shown}, United Kingdom remove" in text
    assert names(response) == {"Imogen"} and "Hamish" not in text


def test_a_uk_postcode_that_cannot_be_placed_asks_for_the_town_and_keeps_the_search(
    client, directory
):
    # Code-Point Open has no Northern Ireland points: Belfast's BT1 cannot be placed.
    response = client.get("/search?zip=BT1+1AA&q=anxiety")
    text = page_text(response)
    assert response.status_code == 200
    assert "couldn't place the postcode BT1 1AA" in text
    assert "You are in: United Kingdom" in text
    assert names(response) == {"Imogen"}  # online in the UK, the rest of the search kept


def test_loosen_hints_are_links_that_remove_that_filter(client, directory):
    html = client.get("/search?q=anxiety&insurance=bupa").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Without the insurance filter</a>', html)
    assert link and "insurance" not in link.group(1)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("where=US-ZZ", "know the place"),
        ("insurance=acme", "unknown insurance"),
        ("ages=babies", "unknown ages"),
        ("session=%3Cb%3E", "unknown session type"),
        ("gender=x", "unknown therapist gender"),
        ("identity=x", "unknown therapist identity"),
        ("faith=x", "unknown therapist faith"),
        ("max_fee=%E2%82%AC80", "Maximum fee must be a whole number"),  # "€80"
        ("zip=ABC", "couldn&#39;t find the US ZIP code"),
    ],
)
def test_bad_new_parameters_get_a_clear_400(client, directory, query, message):
    response = client.get(f"/search?{query}&q=anxiety")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert "Omar" in page_text(response)  # the rest of the search still runs


def test_filter_options_no_result_has_are_left_out_unless_chosen(client, directory):
    html = client.get("/search").get_data(as_text=True)
    assert 'name="faith" value="muslim"' in html  # Lucia's
    assert 'name="faith" value="hindu"' not in html  # nobody's
    assert 'id="identity-label"' not in html  # nobody described this: no empty group
    chosen = client.get("/search?faith=hindu").get_data(as_text=True)
    assert 'name="faith" value="hindu" checked' in chosen  # still there to untick


def test_languages_are_listed_most_offered_first_and_a_chosen_one_stays(client, directory):
    html = client.get("/search").get_data(as_text=True)
    offered = re.findall(
        r'name="language" value="(\w+)"[^>]*> [^<]+ <span class="count">\((\d+)\)', html
    )
    counts = [int(n) for _, n in offered]
    assert offered and counts == sorted(counts, reverse=True)
    assert 'name="language" value="pl"' not in html  # nobody's
    chosen = client.get("/search?language=pl").get_data(as_text=True)
    assert re.search(
        r'name="language" value="pl" checked> Polish <span class="count">\(0\)', chosen
    )


@pytest.mark.parametrize(
    ("query", "chip"),
    [
        ("BN1 1AA", "Near BN1 1AA, United Kingdom"),
        ("anxiety bn11aa", "Near BN1 1AA, United Kingdom"),
    ],
)
def test_a_postcode_typed_in_the_search_box_is_a_place(client, manchester, query, chip):
    response = client.get("/search", query_string={"q": query})
    text = page_text(response)
    assert f"Showing: {chip} remove" in text
    assert names(response) == {"Imogen"} and "Hamish" not in text
    if query.startswith("anxiety"):
        # The chip's "remove" link keeps the rest of what was typed.
        html = response.get_data(as_text=True)
        assert re.search(r'href="/search\?[^"]*q=anxiety(&|")', html)


@pytest.mark.parametrize(
    ("typed", "chip"),
    [("bn11aa", "Near BN1 1AA, United Kingdom"), ("787011234", "Near 78701-1234, Texas")],
)
def test_a_postcode_in_its_field_is_shown_back_tidy_with_its_place(client, manchester, typed, chip):
    response = client.get("/search", query_string={"zip": typed})
    assert f"Showing: {chip} remove" in page_text(response)
    tidy = chip.removeprefix("Near ").split(",")[0]
    assert f'id="zip" name="zip" value="{tidy}"' in response.get_data(as_text=True)


def test_the_filters_count_what_the_chips_show(client, manchester):
    response = client.get("/search", query_string={"zip": "BN1 1AA", "format": "in_person"})
    text = page_text(response)
    assert text.count(" remove") == 2  # format, and the place with its distance
    assert "Filters (2 chosen)" in text


def test_a_zip_typed_in_the_search_box_is_a_place_and_an_outward_code_alone_is_not(
    client, directory, index_now
):
    response = client.get("/search", query_string={"q": "78701"})
    assert "Showing: Near 78701, Texas remove" in page_text(response)
    assert "Near B12" not in page_text(client.get("/search", query_string={"q": "vitamin B12"}))
