"""Everyday words become filters, places and a crisis panel before the engine sees them."""

from __future__ import annotations

import pytest

from directory.search.interpretation import interpret, is_crisis


def applied(query: str) -> set[tuple[str, str]]:
    return {(a.param, a.value) for a in interpret(query).applied}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("teen", {("ages", "teens")}),
        ("my teenager", {("ages", "teens")}),
        ("couples", {("session", "couples")}),
        ("cheap", {("sliding_scale", "1")}),
        ("affordable", {("sliding_scale", "1")}),
        ("low cost", {("sliding_scale", "1")}),
        ("online", {("format", "online")}),
        ("near me", {("format", "in_person")}),
        ("Aetna", {("insurance", "aetna")}),
        ("spanish", {("language", "es")}),
        ("en español", {("language", "es")}),
        ("polski", {("language", "pl")}),
        ("female therapist", {("gender", "woman")}),
        ("Christian", {("faith", "christian")}),
        ("muslim", {("faith", "muslim")}),
        ("LGBTQ+", {("identity", "lgbtq")}),
        ("ADHD", {("specialty", "adhd")}),
    ],
)
def test_words_that_name_a_filter_value_apply_it(query, expected):
    meaning = interpret(query)
    assert applied(query) == expected
    assert meaning.text == ""  # nothing left to search as text


def test_the_rest_of_the_query_stays_text_and_filler_goes():
    meaning = interpret("I need a therapist for trauma EMDR for my teen")
    assert meaning.text == "trauma emdr"
    assert applied("I need a therapist for trauma EMDR for my teen") == {("ages", "teens")}


@pytest.mark.parametrize(
    ("query", "where", "town"),
    [
        ("TX", "US-TX", None),
        ("texas", "US-TX", None),
        ("NYC", "US-NY", "New York City"),
        ("new york city", "US-NY", "New York City"),
        ("SF", "US-CA", "San Francisco"),
        ("UK", "GB", None),
        ("scotland", "GB-SCT", None),
        ("Brighton", "GB-ENG", "Brighton"),
        ("York", "GB-ENG", "York"),
        ("new york", "US-NY", None),
        ("anxiety in Austin", "US-TX", "Austin"),
    ],
)
def test_places_become_the_place_filter(query, where, town):
    place = interpret(query).place
    assert place is not None and place.where == where
    assert (place.town.name if place.town else None) == town


def test_la_is_louisiana_in_capitals_and_no_town_otherwise():
    # "LA" is both Los Angeles and Louisiana: the state abbreviation wins, and no town
    # is guessed.
    assert interpret("LA").place.where == "US-LA"
    assert interpret("LA").place.town is None


def test_york_is_in_england_unless_the_visitor_is_in_the_us():
    assert interpret("York").place.where == "GB-ENG"
    assert interpret("York", visitor_place="US-PA").place.where == "US-PA"


def test_lowercase_words_that_look_like_state_codes_stay_words():
    assert interpret("help me in or around").place is None
    assert interpret("reading difficulties").place is None  # Reading, England


def test_a_removable_chip_knows_the_query_without_its_words():
    (teens,) = interpret("anxiety teen Austin").applied
    assert teens.phrase == "teen" and teens.without == "anxiety Austin"


def test_psychiatrist_is_explained_not_searched():
    meaning = interpret("psychiatrist")
    assert meaning.text == ""
    assert "Solace lists therapists, not psychiatrists" in meaning.explanations[0]


CRISIS = [
    "I want to die",
    "i wanna die",
    "kill myself",
    "I don't want to live anymore",
    "suicidal thoughts",
    "my teenager is self harming",
    "self-harm",
    "Quiero morir",
    "me quiero morir",
    "pienso en el suicidio",
    "quiero hacerme daño",
    # Decided: a specialty search that names suicide shows the panel too.
    "suicide prevention training",
]
NOT_CRISIS = ["anxiety", "diet and body image", "studied trauma", "harmony", "skills", "die-hard"]


@pytest.mark.parametrize("query", CRISIS)
def test_crisis_phrases_are_noticed(query):
    assert is_crisis(query)
    assert interpret(query).crisis


@pytest.mark.parametrize("query", NOT_CRISIS)
def test_other_searches_are_not_crisis(query):
    assert not is_crisis(query)


@pytest.mark.parametrize("query", ["Erin Green", "Anna Austin", "Dr Lincoln"])
def test_a_surname_that_is_also_a_town_stays_part_of_the_name(query):
    result = interpret(query)
    assert result.place is None
    assert result.text == query.lower()


def test_a_town_after_an_everyday_word_is_still_the_place():
    assert interpret("anxiety Brighton").place.name == "Brighton"
    assert interpret("couples York").place.where == "GB-ENG"
