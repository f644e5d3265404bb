"""Places a visitor names: towns and UK postcode districts, read from data/places/."""

from __future__ import annotations

import pytest

from directory.geography import find_town, read_postcode, uk_postcode_point


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


@pytest.mark.parametrize(
    ("typed", "country", "district", "code", "full"),
    [
        ("78701", "US", "78701", "78701", True),
        (" 78701-1234 ", "US", "78701", "78701-1234", True),
        ("787011234", "US", "78701", "78701-1234", True),
        ("sw1a1aa", "GB", "SW1A", "SW1A 1AA", True),
        ("BN1 1AA", "GB", "BN1", "BN1 1AA", True),
        ("bn11aa", "GB", "BN1", "BN1 1AA", True),  # the inward code starts with a digit
        ("B12", "GB", "B12", "B12", False),
    ],
)
def test_postcodes_are_read_however_they_are_typed(typed, country, district, code, full):
    postcode = read_postcode(typed)
    assert (postcode.country, postcode.district, postcode.code, postcode.full) == (
        country, district, code, full
    )  # fmt: skip


@pytest.mark.parametrize("typed", ["", "7870", "787012", "78701-12", "anxiety", "SW1A 1A", "12AB"])
def test_what_is_neither_a_zip_nor_a_postcode_is_none(typed):
    assert read_postcode(typed) is None
