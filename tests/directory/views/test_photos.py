"""Photos are served from our own host: cached an hour then revalidated, an ETag that
follows the photo, and only published profiles' photos for the public."""

from __future__ import annotations

import pytest

from directory import photos
from directory.extensions import db
from directory.models import ProfileStatus
from tests import photo_files as files

LIMITS = photos.Limits(5_000_000, 40_000_000, 10_000)


@pytest.fixture
def pictured(make_therapist):
    therapist = make_therapist(first_name="Maya", last_name="Okafor")
    photos.replace_photo(therapist, photos.process_upload(files.photo(), LIMITS))
    db.session.commit()
    return therapist


def url(t, width=160, version=None):
    return f"/photos/{t.id}/{version or t.photo_version}/{width}"


def test_a_published_photo_is_cached_an_hour_then_revalidated_with_its_etag(client, pictured):
    response = client.get(url(pictured))
    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=3600, must-revalidate"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    etag = response.headers["ETag"]
    again = client.get(url(pictured), headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_a_new_photo_has_new_addresses_and_a_new_etag(client, pictured):
    old_url, old_etag = url(pictured), client.get(url(pictured)).headers["ETag"]
    photos.replace_photo(pictured, photos.process_upload(files.photo(colour=(1, 2, 3)), LIMITS))
    db.session.commit()
    assert url(pictured) != old_url
    assert client.get(url(pictured)).headers["ETag"] != old_etag
    # A page cached before the change is sent on to the current photo.
    stale = client.get(old_url)
    assert stale.status_code == 302 and stale.headers["Location"] == url(pictured)


def test_cards_and_profiles_show_it_with_alt_text_and_size(client, pictured, index_now):
    index_now()
    profile = client.get(f"/therapists/{pictured.slug}").get_data(as_text=True)
    assert 'alt="Photo of Maya Okafor"' in profile and 'width="160" height="160"' in profile
    card = client.get("/search").get_data(as_text=True)
    assert 'alt="Photo of Maya Okafor"' in card and 'width="64" height="64"' in card
    assert f'src="{url(pictured, 64)}" srcset="{url(pictured, 128)} 2x"' in card


@pytest.mark.parametrize("status", [ProfileStatus.HIDDEN, ProfileStatus.SUSPENDED])
def test_an_unpublished_profiles_photo_is_not_served(client, pictured, status):
    pictured.status = status
    db.session.commit()
    assert client.get(url(pictured)).status_code == 404


@pytest.mark.parametrize("status", [ProfileStatus.HIDDEN, ProfileStatus.SUSPENDED])
def test_a_cache_revalidating_a_hidden_profiles_photo_is_told_it_is_gone(client, pictured, status):
    etag = client.get(url(pictured)).headers["ETag"]
    pictured.status = status
    db.session.commit()
    again = client.get(url(pictured), headers={"If-None-Match": etag})
    assert again.status_code == 404 and not again.data.startswith(b"RIFF")


def test_a_deleted_profiles_photo_is_gone(client, pictured):
    from directory import accounts

    address, etag = url(pictured), client.get(url(pictured)).headers["ETag"]
    user = make_owner(pictured)
    accounts.delete_account(user)
    assert client.get(address).status_code == 404
    assert client.get(address, headers={"If-None-Match": etag}).status_code == 404


def make_owner(therapist):
    from directory.models import Role, User

    user = User(email="maya@example.org", password_hash="x", role=Role.THERAPIST)
    db.session.add(user)
    db.session.flush()
    therapist.user_id = user.id
    db.session.commit()
    return user


@pytest.mark.parametrize("width", [0, 81, 5000])
def test_only_the_renditions_made_are_served(client, pictured, width):
    assert client.get(url(pictured, width)).status_code == 404


def test_a_demo_initials_image_runs_nothing(client, make_therapist):
    therapist = make_therapist(is_demo=True)
    photos.replace_photo(therapist, [photos.initials_svg("A", "B", "x")], is_demo=True)
    db.session.commit()
    response = client.get(url(therapist, 64))
    assert response.mimetype == "image/svg+xml"
    assert "sandbox" in response.headers["Content-Security-Policy"]
