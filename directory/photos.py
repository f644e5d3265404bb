"""Therapists' photos: an upload checked by its content, cleaned, resized and stored.

An upload is read with Pillow from its bytes alone (never its name or declared type),
refused when it is not a JPEG, PNG or WebP, too large, of absurd dimensions, a
decompression bomb, or a polyglot (an image that is also an archive, a page or a
script). What is kept is only the pixels: the image is turned upright as its EXIF
says, converted to sRGB, cropped square and re-encoded as WebP at a few widths, so no
metadata (location, camera, dates) survives. Renditions live in the database
(`PhotoRendition`), so any web host can serve them; `Therapist.photo_version` names the
current photo in its addresses, so a new photo is never hidden behind a cached old one.

Demo profiles get a generated initials image (SVG), labelled demo, never a face.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import delete, select

from .extensions import db
from .models import PhotoRendition, Therapist

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
WEBP = "image/webp"
SVG = "image/svg+xml"
# Square renditions: a result card shows 64 CSS px (64, and 128 for sharp screens), a
# profile 160 (160 and 320). A page of 20 results fetches 20 card photos on a first
# visit, so the card sizes are kept small (about 1.5 KB each at 64 px).
WIDTHS = (64, 128, 160, 320)
CARD_WIDTHS = (64, 128)
PROFILE_WIDTHS = (160, 320)
WEBP_QUALITY = 60
# Smaller than this cannot fill the profile's photo without looking blurred.
MIN_SIDE = 160
# One side more than this many times the other is a banner or a strip, not a portrait.
MAX_ASPECT = 4


class PhotoRefused(ValueError):
    """The upload cannot be used; the message says why, for the therapist."""


@dataclass(frozen=True)
class Limits:
    """What an upload may be: bytes in the file, pixels in the image, longest side."""

    max_bytes: int
    max_pixels: int
    max_side: int


def limits_from(config) -> Limits:
    """The limits an app's configuration sets (PHOTO_MAX_BYTES, _PIXELS, _SIDE)."""
    return Limits(config["PHOTO_MAX_BYTES"], config["PHOTO_MAX_PIXELS"], config["PHOTO_MAX_SIDE"])


@dataclass(frozen=True)
class Rendition:
    """One encoded size of a photo."""

    width: int
    height: int
    content_type: str
    data: bytes

    @property
    def digest(self) -> str:
        """The sha256 of the bytes: the rendition's ETag."""
        return hashlib.sha256(self.data).hexdigest()


def megabytes(count: int) -> str:
    """`5242880` -> `5 MB`, as the limit is told to people."""
    return f"{count / (1024 * 1024):.0f} MB"


def process_upload(data: bytes, limits: Limits) -> list[Rendition]:
    """The renditions of an uploaded photo, or PhotoRefused saying what is wrong with it."""
    if not data:
        raise PhotoRefused("Choose a photo to upload: the file was empty.")
    if len(data) > limits.max_bytes:
        raise PhotoRefused(
            f"That file is larger than {megabytes(limits.max_bytes)}. "
            "Choose a smaller photo, or save it at a lower quality first."
        )
    image = _open(data, limits)
    _refuse_polyglot(data, image.format)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = _upright_srgb(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as problem:
        # Truncated or corrupt data, or chunks that decompress to far more than they
        # should (Pillow's own guards raise ValueError for those).
        raise PhotoRefused(
            "That image could not be read: the file may be damaged or incomplete. "
            "Try saving it again as a JPEG or PNG."
        ) from problem
    return [_encode(image, width) for width in WIDTHS]


def _open(data: bytes, limits: Limits) -> Image.Image:
    """Identify the image from its bytes, and check its size before decoding any pixel."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as problem:
        raise PhotoRefused(
            "That file is not a JPEG, PNG or WebP image. Choose a photo in one of those formats."
        ) from problem
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as problem:
        raise _too_many_pixels(limits) from problem
    width, height = image.size
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise _too_many_pixels(limits)
    if min(width, height) < MIN_SIDE:
        raise PhotoRefused(
            f"That photo is {width} × {height} pixels: too small to show clearly. "
            f"Use one at least {MIN_SIDE} pixels on each side."
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise PhotoRefused(
            f"That image is {width} × {height} pixels: far too long and thin for a portrait. "
            "Use a photo of you, roughly square."
        )
    return image


def _too_many_pixels(limits: Limits) -> PhotoRefused:
    megapixels = limits.max_pixels / 1_000_000
    return PhotoRefused(
        f"That image is too large in pixels (at most {megapixels:.0f} megapixels and "
        f"{limits.max_side:,} pixels on a side). Resize it and try again."
    )


# Markers of another kind of file: markup or script a browser might run, PHP, PDF, an
# executable. Looked for in the parts of the file that are not pixels (metadata,
# comments, anything after the image's end), where a polyglot hides its other self.
FOREIGN = re.compile(
    rb"<\s*(?:script|html|body|svg|iframe|object|embed)\b|<\?php|<\?xml-stylesheet|"
    rb"%PDF-|\x7fELF|javascript:",
    re.IGNORECASE,
)


def _refuse_polyglot(data: bytes, image_format: str | None) -> None:
    """Refuse a file that is an image and something else as well."""
    extra = {"JPEG": _jpeg_extra, "PNG": _png_extra, "WEBP": _webp_extra}[image_format or ""]
    try:
        trailing, metadata = extra(data)
    except (IndexError, ValueError):
        trailing, metadata = b"", b""  # a malformed structure: decoding will say so
    if trailing.strip(b"\x00") or FOREIGN.search(metadata) or _is_zip(data):
        raise PhotoRefused(
            "That file holds something besides an image (extra data hidden inside or after "
            "the picture). Open the photo in an image editor, save it again, and upload that."
        )


def _is_zip(data: bytes) -> bool:
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except OSError:
        return False


def _jpeg_extra(data: bytes) -> tuple[bytes, bytes]:
    """What lies after the JPEG's end, and its metadata segments (APPn, COM)."""
    pos, metadata = 2, []
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("not at a marker")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image
            end = pos + 2
            trailing = data[end:]
            # Phones append more JPEGs after the first (MPF: depth maps, HDR gain maps).
            if trailing.startswith(b"\xff\xd8\xff"):
                more_trailing, more_metadata = _jpeg_extra(trailing)
                return more_trailing, b"".join(metadata) + more_metadata
            return trailing, b"".join(metadata)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos + 4 : pos + 2 + length]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            metadata.append(segment)
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data until the next real marker
            while pos + 1 < len(data):
                if data[pos] == 0xFF and data[pos + 1] not in (0x00, *range(0xD0, 0xD8)):
                    break
                pos += 1
    return b"", b"".join(metadata)


def _png_extra(data: bytes) -> tuple[bytes, bytes]:
    """What lies after the PNG's IEND chunk, and its ancillary chunks but pixels."""
    pos, metadata = 8, []
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if kind == b"IEND":
            return data[end:], b"".join(metadata)
        if kind not in (b"IDAT", b"fdAT"):
            metadata.append(data[pos + 8 : pos + 8 + length])
        pos = end
    return b"", b"".join(metadata)


def _webp_extra(data: bytes) -> tuple[bytes, bytes]:
    """What lies after the RIFF container, and its chunks but the image data."""
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size + (size & 1)
    pos, metadata = 12, []
    while pos + 8 <= min(end, len(data)):
        kind = data[pos : pos + 4]
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            metadata.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length + (length & 1)
    return data[end:], b"".join(metadata)


SRGB = ImageCms.createProfile("sRGB")


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The first frame, turned as its EXIF orientation says, in 8-bit sRGB, no alpha."""
    image.seek(0)
    upright = ImageOps.exif_transpose(image) or image
    icc = image.info.get("icc_profile")
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    else:
        upright = upright.convert("RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            upright = ImageCms.profileToProfile(upright, source, SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are are close enough
    return upright


def _encode(image: Image.Image, width: int) -> Rendition:
    # Faces sit above the middle of most portraits: crop a little higher than centre.
    square = ImageOps.fit(image, (width, width), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out = io.BytesIO()
    square.save(out, "WEBP", quality=WEBP_QUALITY, method=6)
    return Rendition(width, width, WEBP, out.getvalue())


def version_of(renditions: list[Rendition]) -> str:
    """A short name for a set of renditions, different whenever any of them differs."""
    combined = hashlib.sha256()
    for rendition in renditions:
        combined.update(rendition.data)
    return combined.hexdigest()[:16]


def replace_photo(therapist: Therapist, renditions: list[Rendition], is_demo: bool = False):
    """Make these renditions the therapist's photo (the caller commits)."""
    remove_photo(therapist)
    for rendition in renditions:
        db.session.add(
            PhotoRendition(
                therapist_id=therapist.id,
                width=rendition.width,
                height=rendition.height,
                content_type=rendition.content_type,
                data=rendition.data,
                digest=rendition.digest,
                is_demo=is_demo,
            )
        )
    therapist.photo_version = version_of(renditions)


def remove_photo(therapist: Therapist) -> None:
    """Remove the therapist's photo (the caller commits)."""
    db.session.execute(delete(PhotoRendition).where(PhotoRendition.therapist_id == therapist.id))
    therapist.photo_version = None


def rendition_for(therapist_id: int, width: int) -> PhotoRendition | None:
    """The rendition to serve for a width: that size, or the scalable one (demo SVG)."""
    rows = db.session.scalars(
        select(PhotoRendition).where(
            PhotoRendition.therapist_id == therapist_id,
            (PhotoRendition.width == width) | (PhotoRendition.content_type == SVG),
        )
    ).all()
    return next((r for r in rows if r.width == width), rows[0] if rows else None)


def photo_alt(therapist) -> str:
    """The alt text of a therapist's photo."""
    if therapist.is_demo:
        return f"Photo of {therapist.full_name}: a demo image of initials, not a real photo"
    return f"Photo of {therapist.full_name}"


# -- demo initials ---------------------------------------------------------------------------

# Backgrounds dark enough for white text at WCAG AA.
DEMO_COLOURS = ("#2f5d62", "#5c3d7a", "#7a4a1f", "#2d4f7c", "#6b2f3a", "#3f5a2a", "#4a4a4a")


def initials_svg(first_name: str, last_name: str, seed: str) -> Rendition:
    """A demo profile's image: initials on a colour, with the word DEMO across it."""
    initials = "".join(part[:1] for part in (first_name, last_name)).upper()
    colour = DEMO_COLOURS[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(DEMO_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 160" width="320" height="320">'
        f'<rect width="160" height="160" fill="{colour}"/>'
        '<text x="80" y="92" font-family="sans-serif" font-size="60" font-weight="bold" '
        f'fill="#fff" text-anchor="middle">{escape(initials)}</text>'
        '<text x="80" y="140" font-family="sans-serif" font-size="18" fill="#fff" '
        'text-anchor="middle" letter-spacing="3">DEMO</text></svg>'
    )
    return Rendition(WIDTHS[-1], WIDTHS[-1], SVG, svg.encode())
