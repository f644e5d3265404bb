"""Searching behaves as a person expects: relevance, filters, facets, sorting, paging,
with either backend (conftest.py): the same ids, totals and facet counts, except where
a test says how the backends differ."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.search import SearchRequest, search


@pytest.fixture
def config_overrides(each_backend):
    """Every test here runs against each search backend."""
    return {"SEARCH_BACKEND": each_backend}


@pytest.fixture
def people(make_therapist, index_now):
    """A small directory: four therapists in Texas and New York, and one in London."""
    now = datetime.now(UTC)
    made = {
        "ana": make_therapist(
            first_name="Ana",
            last_name="Lopez",
            approaches=("emdr", "cbt"),
            specialties=("trauma-ptsd", "anxiety"),
            top=("trauma-ptsd",),
            bio="I help adults recover after trauma using EMDR.",
            offers_online=True,
            languages=["en", "es"],
            fee_min=90,
            sliding_scale=True,
            verification_state="verified",
            verified_at=now - timedelta(days=2),
            rating_score=4.6,
        ),
        "ben": make_therapist(
            first_name="Ben",
            last_name="Okafor",
            approaches=("gottman", "emotionally-focused"),
            specialties=("couples", "relationships"),
            bio="Couples counselling for partners who feel stuck.",
            fee_min=160,
            free_consultation=True,
            verification_state="verified",
            verified_at=now - timedelta(days=30),
            rating_score=4.9,
        ),
        "cara": make_therapist(
            first_name="Cara",
            last_name="Nguyen",
            approaches=("act",),
            specialties=("grief",),
            bio="Grief and loss, at your pace.",
            city="Dallas",
            postcode="75201",
            latitude=32.7876,
            longitude=-96.7994,
            fee_min=110,
            accepting_clients=False,
            rating_score=3.1,
            verification_state="pending",
        ),
        "dev": make_therapist(
            first_name="Dev",
            last_name="Patel",
            approaches=("cbt",),
            specialties=("anxiety", "depression"),
            bio="Practical CBT for anxiety and low mood.",
            region="US-NY",
            city="Brooklyn",
            postcode="11201",
            latitude=40.6940,
            longitude=-73.9903,
            offers_online=True,
            offers_in_person=False,
            fee_min=200,
            verification_state="verified",
            verified_at=now - timedelta(days=10),
        ),
        "eve": make_therapist(
            first_name="Eve",
            last_name="Morgan",
            approaches=("person-centred",),
            specialties=("grief", "depression"),
            bio="Bereavement support in central London.",
            country="GB",
            region="GB-ENG",
            city="London",
            postcode="EC1A 1BB",
            latitude=None,
            longitude=None,
            currency="GBP",
            fee_min=60,
            verification_state="needs_review",
        ),
    }
    index_now()
    return {key: t.id for key, t in made.items()}


def every(**fields) -> SearchRequest:
    """A request that includes profiles whose checks are not finished (cara, eve)."""
    return SearchRequest(**{"verified_only": False, **fields})


def names(results, people) -> list[str]:
    by_id = {v: k for k, v in people.items()}
    return [by_id[i] for i in results.ids]


def test_free_text_finds_and_ranks_the_relevant_therapist_first(people):
    results = search(every(text="trauma EMDR"))
    assert names(results, people) == ["ana"]


def test_words_may_match_across_fields_including_the_city(people):
    assert names(search(every(text="couples counselling Austin")), people) == ["ben"]
    assert names(search(every(text="grief London")), people) == ["eve"]


def test_stemming_matches_other_forms_of_a_word(people):
    assert "ben" in names(search(every(text="counseling couple")), people)


def test_misspelt_word_gets_a_did_you_mean(people):
    results = search(every(text="anxeity"))
    assert results.total == 0
    assert results.suggestion == "anxiety"


@pytest.mark.parametrize("text", ['"unbalanced', "AND(", "*", "field:x", "bio:trauma", "((("])
def test_search_syntax_is_read_as_plain_words(people, text):
    results = search(every(text=text))
    assert results.total >= 0  # answered, without raising


def test_specialties_combine_with_or_and_groups_with_and(people):
    results = search(every(specialties=("grief", "couples")))
    assert sorted(names(results, people)) == ["ben", "cara", "eve"]
    results = search(every(specialties=("grief", "couples"), region="US-TX"))
    assert sorted(names(results, people)) == ["ben", "cara"]


def test_each_filter_narrows_as_labelled(people):
    def found(**kw):
        return sorted(names(search(every(**kw)), people))

    assert found(approaches=("cbt",)) == ["ana", "dev"]
    assert found(formats=("online",)) == ["ana", "dev"]
    assert found(formats=("in_person",)) == ["ana", "ben", "cara", "eve"]
    assert found(languages=("es",)) == ["ana"]
    # Fees are compared in the visitor's currency only: Eve's £60 is not under $110.
    assert found(max_fee=110) == ["ana", "cara"]
    assert found(max_fee=110, currency="GBP") == ["eve"]
    assert found(sliding_scale=True) == ["ana"]
    assert found(free_consultation=True) == ["ben"]
    assert found(accepting=True) == ["ana", "ben", "dev", "eve"]
    assert found(verified_only=True) == ["ana", "ben", "dev"]
    assert found(city="dallas") == ["cara"]
    assert found(region="GB-ENG") == ["eve"]


def test_radius_search_uses_zip_centroids(people):
    austin_south = (30.2428, -97.7658)  # ZIP 78704
    near = search(every(near=austin_south, radius_miles=10, sort="distance"))
    assert sorted(names(near, people)) == ["ana", "ben"]
    assert all(d < 10 for d in near.distances.values())
    wide = search(every(near=austin_south, radius_miles=50))
    assert "cara" not in names(wide, people)  # Dallas is ~180 miles away


def test_facet_counts_reflect_other_filters_but_not_their_own_group(people):
    results = search(every(specialties=("grief",), region="US-TX"))
    assert names(results, people) == ["cara"]
    # Specialty counts ignore the specialty filter but honour the region filter.
    assert results.facets["specialty"]["couples"] == 1
    assert results.facets["specialty"]["grief"] == 1
    assert results.facets["specialty"].get("depression", 0) == 0
    # Region counts ignore the region filter but honour the specialty filter.
    assert results.facets["region"]["GB-ENG"] == 1
    assert results.facets["flag"]["unfinished"] == 1


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("rating", ["ben", "ana", "cara"]),
        ("fee", ["ana", "ben", "cara"]),  # cara's checks are not finished: after the verified
        ("verified", ["ana", "ben", "cara"]),
    ],
)
def test_sort_orders(people, sort, expected):
    results = search(every(region="US-TX", sort=sort))
    assert names(results, people) == expected


def test_pages_split_results_without_overlap(people):
    first = search(every(per_page=2, page=1, sort="fee"))
    second = search(every(per_page=2, page=2, sort="fee"))
    third = search(every(per_page=2, page=3, sort="fee"))
    assert first.total == 5 and first.pages == 3
    seen = first.ids + second.ids + third.ids
    assert len(seen) == len(set(seen)) == 5


def test_empty_result_says_which_filter_to_loosen(people):
    results = search(every(specialties=("couples",), languages=("es",)))
    assert results.total == 0
    assert dict(results.loosen) == {"language": 1, "specialty": 1}


def test_unverified_and_unconfirmed_listings_rank_below_verified_ones(people):
    results = search(every(text="grief depression anxiety", region=""))
    ranked = names(search(every(specialties=("anxiety", "grief"))), people)
    assert ranked.index("ana") < ranked.index("cara")
    assert results.total >= 0


def test_minimum_rating_counts_only_ratings_that_are_shown(make_therapist, index_now):
    many = make_therapist(rating_count=40, rating_average=4.6, rating_score=4.5)
    make_therapist(rating_count=2, rating_average=5.0, rating_score=4.1)  # too few to show
    make_therapist(rating_count=10, rating_average=3.2, rating_score=3.4)
    index_now()
    assert search(every(min_rating=4.0)).ids == [many.id]


def test_sort_by_rating_puts_many_good_ratings_above_one_perfect_one(make_therapist, index_now):
    one_perfect = make_therapist(rating_count=1, rating_average=5.0, rating_score=4.2)
    many_good = make_therapist(rating_count=200, rating_average=4.8, rating_score=4.79)
    index_now()
    assert search(every(sort="rating")).ids == [many_good.id, one_perfect.id]


def test_search_lists_verified_profiles_unless_asked_for_the_rest(people):
    # cara's checks are pending and eve's wait for a person: not verified anywhere yet.
    assert sorted(names(search(SearchRequest()), people)) == ["ana", "ben", "dev"]
    everyone = search(every(sort="fee"))
    # Asked for, they come after every verified profile, whatever the order chosen;
    # eve's £60 is never compared with dollar fees, so she comes after cara.
    assert names(everyone, people) == ["ana", "ben", "dev", "cara", "eve"]
    assert everyone.facets["flag"]["unfinished"] == 2
    # The hint to loosen a search that found nothing names the verified-only filter.
    none = search(SearchRequest(specialties=("grief",), region="GB-ENG"))
    assert none.total == 0 and dict(none.loosen) == {"unfinished": 1}


# -- where the visitor is: online means licensed there, in person means near ---------------

AUSTIN = (30.2713, -97.7426)


@pytest.fixture
def texas(make_therapist, index_now):
    """Therapists an Austin visitor might or might not be able to see."""
    made = {
        # Online from Houston, licensed in Texas: 150 miles away, and a fine choice.
        "houston_online": make_therapist(
            city="Houston",
            latitude=29.7604,
            longitude=-95.3698,
            offers_online=True,
            offers_in_person=False,
            online_regions=["US-TX"],
            verified_places=["US-TX"],
            languages=["en", "es"],
        ),
        # In person only, in Houston: too far.
        "houston_office": make_therapist(
            city="Houston", latitude=29.7604, longitude=-95.3698, offers_in_person=True
        ),
        # In person in Austin.
        "austin_office": make_therapist(),
        # Online from New York, says they see Texans too, but only New York confirmed.
        "ny_claims_tx": make_therapist(
            region="US-NY",
            city="Brooklyn",
            latitude=40.694,
            longitude=-73.99,
            offers_online=True,
            offers_in_person=False,
            online_regions=["US-NY", "US-TX"],
            verified_places=["US-NY"],
        ),
        # Online from London, registered in the UK.
        "london_online": make_therapist(
            country="GB",
            region="GB-ENG",
            city="London",
            latitude=None,
            longitude=None,
            offers_online=True,
            offers_in_person=False,
            online_regions=["GB"],
            verified_places=["GB"],
            currency="GBP",
            fee_min=60,
        ),
    }
    index_now()
    return made


def found_for(texas, **request) -> set[str]:
    ids = set(search(SearchRequest(**request)).ids)
    return {name for name, t in texas.items() if t.id in ids}


def test_online_results_are_those_licensed_where_the_visitor_is_whatever_the_distance(texas):
    near_austin = {"where": "US-TX", "near": AUSTIN, "radius_miles": 25}
    assert found_for(texas, formats=("online",), **near_austin) == {"houston_online"}
    assert found_for(texas, formats=("in_person",), **near_austin) == {"austin_office"}
    # Either way: the nearby office, and the online therapist licensed in Texas.
    assert found_for(texas, **near_austin) == {"houston_online", "austin_office"}
    # The Spanish-speaking online therapist in Houston is there for someone in Austin.
    assert found_for(texas, languages=("es",), **near_austin) == {"houston_online"}


def test_saying_you_see_clients_somewhere_is_not_enough(texas):
    assert "ny_claims_tx" not in found_for(texas, where="US-TX", formats=("online",))
    assert "ny_claims_tx" in found_for(texas, where="US-NY", formats=("online",))
    # Asking for profiles whose checks are not finished shows the claim too.
    unfinished = found_for(texas, where="US-TX", formats=("online",), verified_only=False)
    assert "ny_claims_tx" in unfinished


def test_a_uk_registration_answers_for_every_nation_and_for_the_uk(texas):
    for where in ("GB", "GB-ENG", "GB-SCT"):
        assert found_for(texas, where=where, formats=("online",)) == {"london_online"}, where


def test_a_state_without_a_point_finds_in_person_therapists_in_that_state(texas):
    assert found_for(texas, where="US-TX", formats=("in_person",)) == {
        "houston_office",
        "austin_office",
    }


def test_fees_are_compared_in_the_visitors_currency_only(texas):
    assert "london_online" not in found_for(texas, max_fee=100)
    assert found_for(texas, max_fee=100, currency="GBP") == {"london_online"}
    ordered = search(SearchRequest(sort="fee", currency="USD")).ids
    assert ordered[-1] == texas["london_online"].id  # £60 never sorts before $120


def test_a_sliding_scale_minimum_counts_for_the_fee_limit(make_therapist, index_now):
    sliding = make_therapist(fee_min=90, sliding_scale=True, sliding_scale_min=35)
    index_now()
    assert search(SearchRequest(max_fee=40)).ids == [sliding.id]
