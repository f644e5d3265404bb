"""A therapist uploads a photo in the editor; a refused file keeps the previous photo."""

from __future__ import annotations

import io

import pytest

from tests import photo_files as files
from tests.account_fixtures import csrf_token, page_text


def upload(editor, data: bytes, name: str = "me.jpg", content_type: str = "image/jpeg"):
    token = csrf_token(editor.client, "/manage/photo")
    return editor.client.post(
        "/manage/photo",
        data={"csrf_token": token, "photo": (io.BytesIO(data), name, content_type)},
        content_type="multipart/form-data",
    )


def test_an_upload_becomes_the_profile_photo(editor):
    response = upload(editor, files.photo("JPEG"))
    assert response.status_code == 302
    version = editor.profile.photo_version
    assert version
    page = editor.client.get("/manage/photo").get_data(as_text=True)
    assert f"/photos/{editor.profile.id}/{version}/160" in page
    assert 'width="160" height="160"' in page
    # The owner sees it before the profile is published; nobody else does.
    photo = editor.client.get(f"/photos/{editor.profile.id}/{version}/160")
    assert photo.status_code == 200 and photo.mimetype == "image/webp"
    assert "no-store" in photo.headers["Cache-Control"]


@pytest.mark.parametrize(
    "data, name, words",
    [
        (b"<html><script>alert(1)</script></html>", "me.jpg", "not a JPEG, PNG or WebP"),
        (files.photo("JPEG") + files.zip_archive(), "me.jpg", "besides an image"),
        (files.png_claiming(60_000, 60_000), "me.png", "too large in pixels"),
        (files.photo("PNG", size=(90, 90)), "me.png", "too small"),
    ],
)
def test_a_refused_file_says_why_and_keeps_the_previous_photo(editor, data, name, words):
    upload(editor, files.photo("JPEG"))
    before = editor.profile.photo_version
    response = upload(editor, data, name)
    assert response.status_code == 400
    text = page_text(response)
    assert words in text and "Your photo was not changed" in text
    assert editor.profile.photo_version == before


@pytest.mark.parametrize("config_overrides", [{"PHOTO_MAX_BYTES": 20_000}])
def test_a_file_far_over_the_limit_gets_the_same_clear_message(editor):
    upload(editor, files.photo("PNG", size=(300, 300)))
    before = editor.profile.photo_version
    response = upload(editor, b"\xff\xd8" + b"\x00" * 200_000)
    assert response.status_code == 413
    assert "larger than" in page_text(response)
    assert editor.profile.photo_version == before


def test_no_file_chosen_is_a_clear_400(editor):
    token = csrf_token(editor.client, "/manage/photo")
    response = editor.client.post("/manage/photo", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Choose a photo to upload" in page_text(response)


def test_remove_takes_the_photo_off(editor):
    upload(editor, files.photo("JPEG"))
    response = editor.post("/manage/photo/remove", token_from="/manage/photo")
    assert response.status_code == 302
    assert editor.profile.photo_version is None


def test_the_upload_needs_the_form_token(editor):
    response = editor.client.post(
        "/manage/photo",
        data={"photo": (io.BytesIO(files.photo()), "me.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert editor.profile.photo_version is None
