"""Image files for the photo tests, made with Pillow: honest photos and hostile ones."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image


def photo(fmt: str = "JPEG", size=(640, 480), colour=(180, 120, 90), **save) -> bytes:
    """A plain image in that format, with a gradient so it compresses like a photo."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 8):
        image.paste((x % 256, 90, 200 - x % 200), (x, 0, x + 4, size[1] // 2))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def with_exif_location_and_rotation() -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90°" and holds a GPS position."""
    image = Image.new("RGB", (600, 300), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "SecretCam Maker"
    gps = exif.get_ifd(0x8825)
    gps[2] = (30.0, 16.0, 17.0)  # latitude
    gps[1] = "N"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims enormous dimensions: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def png_with_text(text: bytes) -> bytes:
    """A valid PNG with a tEXt chunk holding `text` before the pixels."""
    data = photo("PNG", size=(300, 300))
    return data[:33] + png_chunk(b"tEXt", b"Comment\x00" + text) + data[33:]


def jpeg_with_comment(comment: bytes) -> bytes:
    """A valid JPEG with a COM segment holding `comment` right after its start."""
    data = photo("JPEG")
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


def zip_archive() -> bytes:
    """A small ZIP archive holding an HTML page."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
    return out.getvalue()
