"""Places a visitor names: towns and UK postcode districts, read from data/places/."""

from __future__ import annotations

import pytest

from directory.geography import find_town, uk_postcode_point


@pytest.mark.parametrize("postcode", ["SW1A 1AA", "sw1a1aa", "SW1A", " sw1a "])
def test_a_uk_postcode_or_its_outward_code_is_placed_at_its_district(postcode):
    latitude, longitude = uk_postcode_point(postcode)
    assert 51.49 < latitude < 51.52 and -0.15 < longitude < -0.12  # Westminster


def test_districts_whose_codes_share_a_start_are_told_apart():
    brighton, worthing = uk_postcode_point("BN1 1AA"), uk_postcode_point("BN11 1AA")
    assert brighton[1] > -0.2 and worthing[1] < -0.3  # Worthing is 10 miles west


@pytest.mark.parametrize("postcode", ["BT1 1AA", "ZZ9 9ZZ", "", "1", "SW1A 1AA 1AA"])
def test_a_postcode_that_cannot_be_placed_is_none(postcode):
    assert uk_postcode_point(postcode) is None


def test_a_town_of_two_countries_is_the_one_where_the_visitor_is():
    assert find_town("york").region == "GB-ENG"
    assert find_town("york", "US-TX").region == "US-PA"
    assert find_town("new york city").region == "US-NY"
