"""The shortlist (a signed cookie, no account) and the compare page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from directory import shortlist
from directory.models import ProfileStatus, utcnow
from tests.account_fixtures import csrf_token, page_text


@pytest.fixture
def three(make_therapist, index_now):
    people = [
        make_therapist(
            first_name=name,
            last_name="Lee",
            slug=f"{name.lower()}-lee",
            fee_min=fee,
            fee_max=fee + 20,
            sliding_scale=name == "Ana",
            sliding_scale_min=50 if name == "Ana" else None,
            free_consultation=name != "Ben",
            offers_online=True,
            online_regions=["US-TX"],
            languages=["en", "es"],
            accepting_clients=True,
            accepting_confirmed_at=utcnow() - timedelta(days=2),
            top=("anxiety",),
        )
        for name, fee in (("Ana", 90), ("Ben", 120), ("Cleo", 150))
    ]
    index_now()
    return people


def save(client, therapist_id, next_path="/search?q=x", token_from="/search"):
    token = csrf_token(client, token_from)
    return client.post(
        "/shortlist/add", data={"therapist": therapist_id, "next": next_path, "csrf_token": token}
    )


def cookie_value(client) -> str | None:
    cookie = client.get_cookie(shortlist.COOKIE)
    return cookie.value if cookie else None


def test_save_keeps_the_therapist_in_a_signed_cookie_and_goes_back(client, three):
    response = save(client, three[0].id, "/search?q=anxiety#t-1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/search?q=anxiety#t-1"
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert shortlist.decode(cookie_value(client), "test-secret", 30) == [three[0].id]
    html = page_text(client.get("/shortlist"))
    assert "Ana Lee" in html and "Ben Lee" not in html


def test_the_card_and_the_profile_say_saved_once_saved(client, three):
    save(client, three[1].id)
    card = client.get("/search").get_data(as_text=True)
    assert "Remove Ben Lee from your shortlist" in card
    # The buttons submit one form of their own, outside the search form (forms don't nest).
    search_form_ends = card.index("</form>", card.index('role="search"'))
    assert card.index('<form id="shortlist-form"') > search_form_ends
    assert "Save Ana Lee to your shortlist" in card
    profile = client.get("/therapists/ben-lee").get_data(as_text=True)
    assert "Remove Ben Lee from your shortlist" in profile


def test_save_refuses_a_foreign_next_address(client, three):
    response = save(client, three[0].id, "https://evil.example/")
    assert response.headers["Location"] == "/shortlist"


def test_a_tampered_cookie_is_ignored_never_an_error(client, three):
    good = shortlist.encode([three[0].id], "test-secret")
    for value in (good[:-2] + "xx", "garbage", shortlist.encode([1], "other-secret")):
        client.set_cookie(shortlist.COOKIE, value)
        response = client.get("/shortlist")
        assert response.status_code == 200
        assert "Nothing saved yet" in page_text(response)


def test_hidden_and_deleted_profiles_drop_out_quietly(app, client, three):
    from directory.extensions import db

    client.set_cookie(shortlist.COOKIE, shortlist.encode([t.id for t in three], "test-secret"))
    three[0].status = ProfileStatus.HIDDEN
    db.session.delete(three[1])
    db.session.commit()
    response = client.get("/shortlist")
    assert response.status_code == 200
    text = page_text(response)
    assert "Cleo Lee" in text and "Ana Lee" not in text and "Ben Lee" not in text
    assert shortlist.decode(cookie_value(client), "test-secret", 30) == [three[2].id]


def test_saving_an_unlisted_profile_is_a_404_with_plain_words(client, three):
    from directory.extensions import db

    three[0].status = ProfileStatus.HIDDEN
    db.session.commit()
    response = save(client, three[0].id)
    assert response.status_code == 404
    assert "no longer listed" in page_text(response)
    assert cookie_value(client) is None


@pytest.mark.parametrize("value", ["", "abc", "-3", "0", "1e9999"])
def test_a_bad_id_is_a_400_and_changes_nothing(client, three, value):
    token = csrf_token(client, "/search")
    response = client.post("/shortlist/add", data={"therapist": value, "csrf_token": token})
    assert response.status_code == 400
    assert "could not read" in page_text(response)


def test_save_without_the_form_token_is_refused(client, three):
    response = client.post("/shortlist/add", data={"therapist": three[0].id})
    assert response.status_code == 400
    assert cookie_value(client) is None


@pytest.mark.parametrize("config_overrides", [{"SHORTLIST_MAX": 2}])
def test_a_full_shortlist_says_so_and_keeps_what_it_had(client, three):
    save(client, three[0].id)
    save(client, three[1].id)
    response = save(client, three[2].id)
    assert response.headers["Location"] == "/shortlist"
    assert "at most 2" in page_text(client.get("/shortlist"))
    assert shortlist.decode(cookie_value(client), "test-secret", 30) == [three[0].id, three[1].id]


def test_remove_takes_one_off(client, three):
    for t in three:
        save(client, t.id)
    token = csrf_token(client, "/shortlist")
    response = client.post(
        "/shortlist/remove",
        data={"therapist": three[1].id, "next": "/shortlist", "csrf_token": token},
    )
    assert response.status_code == 303
    ids = shortlist.decode(cookie_value(client), "test-secret", 30)
    assert ids == [three[0].id, three[2].id]


def test_compare_shows_them_side_by_side(client, three):
    response = client.get("/compare?t=ana-lee&t=ben-lee&t=cleo-lee")
    assert response.status_code == 200
    text = page_text(response)
    for expected in (
        "Ana Lee",
        "Cleo Lee",
        "Not yet verified for Texas",  # where each is verified (none checked yet here)
        "$90 to $110 a session",
        "Sliding scale from $50",
        "Free first consultation",
        "No free consultation",
        "Online with clients in Texas",
        "Accepting new clients (confirmed",
        "Cognitive",  # an approach
        "Anxiety",  # a top specialty
        "English, Spanish",
        "Fewer than 3 ratings yet",
    ):
        assert expected in text, expected
    html = response.get_data(as_text=True)
    assert 'value="http://localhost:5000/compare?t=ana-lee&amp;t=ben-lee&amp;t=cleo-lee"' in html


def test_compare_without_names_opens_the_first_four_saved(client, three):
    for t in three:
        save(client, t.id)
    response = client.get("/compare")
    assert response.status_code == 302
    assert response.headers["Location"] == "/compare?t=ana-lee&t=ben-lee&t=cleo-lee"


def test_remove_from_comparison_is_a_link_without_that_therapist(client, three):
    html = client.get("/compare?t=ana-lee&t=ben-lee&t=cleo-lee").get_data(as_text=True)
    links = re.findall(r'class="remove-link" href="([^"]+)"', html)
    assert links[1] == "/compare?t=ana-lee&amp;t=cleo-lee"


def test_more_than_four_is_a_400_that_shows_the_first_four(client, make_therapist, three):
    for n in range(2):
        make_therapist(slug=f"extra-{n}", first_name="Extra", last_name=str(n))
    slugs = ["ana-lee", "ben-lee", "cleo-lee", "extra-0", "extra-1"]
    response = client.get("/compare?" + "&".join(f"t={s}" for s in slugs))
    assert response.status_code == 400
    text = page_text(response)
    assert "at most 4" in text and "Extra 0" in text and "Extra 1" not in text


def test_an_unlisted_or_unknown_slug_in_a_shared_link_drops_out_with_a_notice(client, three):
    response = client.get("/compare?t=ana-lee&t=nobody&t=" + "x" * 5000)
    assert response.status_code == 200
    text = page_text(response)
    assert "2 of the profiles in this link are no longer listed" in text
    assert "Ana Lee" in text


def test_an_empty_compare_page_explains_what_to_do(client, three):
    response = client.get("/compare")
    assert response.status_code == 200
    assert "nobody to compare yet" in page_text(response)


def test_the_codec_refuses_what_it_did_not_sign():
    assert shortlist.decode(shortlist.encode([3, 1, 3, -2, True, "x"], "k"), "k", 10) == [3, 1]
    assert shortlist.decode(shortlist.encode({"a": 1}, "k"), "k", 10) == []
    assert shortlist.decode(shortlist.encode(list(range(1, 50)), "k"), "k", 5) == [1, 2, 3, 4, 5]
    with pytest.raises(shortlist.ShortlistFull):
        shortlist.add([1, 2], 3, limit=2)
