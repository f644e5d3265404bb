"""An uploaded photo is checked by its content, cleaned of metadata and resized; anything
that is not plainly an image is refused with a message that says why."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from directory import photos
from tests import photo_files as files

LIMITS = photos.Limits(max_bytes=2 * 1024 * 1024, max_pixels=40_000_000, max_side=10_000)


def decoded(rendition: photos.Rendition) -> Image.Image:
    return Image.open(io.BytesIO(rendition.data))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_jpeg_png_or_webp_becomes_square_webp_renditions(fmt):
    renditions = photos.process_upload(files.photo(fmt), LIMITS)
    assert [(r.width, r.height) for r in renditions] == [
        (64, 64),
        (128, 128),
        (160, 160),
        (320, 320),
    ]
    for rendition in renditions:
        image = decoded(rendition)
        assert (image.format, image.size) == ("WEBP", (rendition.width, rendition.height))
        assert rendition.content_type == "image/webp"


def test_location_and_camera_details_are_removed_and_the_photo_turned_upright():
    source = files.with_exif_location_and_rotation()
    assert b"SecretCam" in source
    for rendition in photos.process_upload(source, LIMITS):
        image = decoded(rendition)
        assert not image.getexif()
        assert "exif" not in image.info and "xmp" not in image.info
        assert b"SecretCam" not in rendition.data


def test_a_transparent_png_is_put_on_white():
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    (small, *_) = photos.process_upload(out.getvalue(), LIMITS)
    assert decoded(small).convert("RGB").getpixel((40, 40)) == pytest.approx((255, 255, 255), abs=3)


REFUSED = {
    "empty file": (b"", "empty"),
    "text named as a photo": (b"just some words, not an image at all" * 10, "not a JPEG"),
    "an HTML page": (b"<html><script>alert(1)</script></html>", "not a JPEG"),
    "a GIF": (files.photo("GIF"), "not a JPEG"),
    "too small": (files.photo("PNG", size=(100, 100)), "too small"),
    "a strip": (files.photo("PNG", size=(2000, 200)), "long and thin"),
    "absurd dimensions": (files.png_claiming(60_000, 60_000), "too large in pixels"),
    "decompression bomb within the side limit": (files.png_claiming(9000, 9000), "megapixels"),
    "truncated": (files.photo("JPEG")[:2000], "could not be read"),
    "JPEG with a ZIP after it": (files.photo("JPEG") + files.zip_archive(), "besides an image"),
    "PNG with a ZIP after it": (files.photo("PNG") + files.zip_archive(), "besides an image"),
    "WebP with a page after it": (files.photo("WEBP") + b"<html>hi</html>", "besides an image"),
    "script in a PNG text chunk": (files.png_with_text(b"<script>x()</script>"), "besides"),
    "page in a JPEG comment": (files.jpeg_with_comment(b"<html><body>x</body></html>"), "besides"),
}


@pytest.mark.parametrize("data, words", REFUSED.values(), ids=REFUSED.keys())
def test_what_is_not_plainly_an_image_is_refused_with_a_reason(data, words):
    with pytest.raises(photos.PhotoRefused, match=words):
        photos.process_upload(data, LIMITS)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    limits = photos.Limits(max_bytes=1000, max_pixels=LIMITS.max_pixels, max_side=10_000)
    with pytest.raises(photos.PhotoRefused, match="larger than"):
        photos.process_upload(files.photo("JPEG"), limits)


def test_a_phone_photo_with_a_second_image_appended_is_accepted():
    # Phones store depth and HDR maps as further JPEGs after the first (MPF).
    data = files.photo("JPEG") + files.photo("JPEG", size=(200, 200))
    assert len(photos.process_upload(data, LIMITS)) == len(photos.WIDTHS)


def test_an_innocent_comment_is_fine():
    assert photos.process_upload(files.jpeg_with_comment(b"Taken at the studio"), LIMITS)


def test_the_version_changes_with_the_photo():
    one = photos.process_upload(files.photo("PNG", colour=(10, 20, 30)), LIMITS)
    two = photos.process_upload(files.photo("PNG", colour=(200, 20, 30)), LIMITS)
    assert photos.version_of(one) != photos.version_of(two)
    assert photos.version_of(one) == photos.version_of(list(one))


def test_a_demo_image_is_initials_labelled_demo_and_escapes_names():
    svg = photos.initials_svg("<b>", "Okafor", "seed").data.decode()
    assert "DEMO" in svg and "&lt;O" in svg and "<b>" not in svg
    assert photos.initials_svg("Maya", "Okafor", "seed").data.decode().count(">MO<") == 1
