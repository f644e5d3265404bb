"""The stylesheet and scripts go out gzip-compressed to a browser that accepts it; pages
never do (BREACH: they carry CSRF tokens beside the visitor's search text)."""

from __future__ import annotations

import gzip
from pathlib import Path

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_the_stylesheet_is_compressed_for_a_browser_that_accepts_gzip(app, client):
    on_disk = (Path(app.static_folder) / "css" / "site.css").read_bytes()
    response = client.get("/static/css/site.css", headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/css"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(response.data) < len(on_disk) / 2
    assert gzip.decompress(response.data) == on_disk


def test_a_client_without_gzip_gets_the_plain_file(app, client):
    on_disk = (Path(app.static_folder) / "js" / "site.js").read_bytes()
    response = client.get("/static/js/site.js")
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.data == on_disk
    response.close()


def test_the_compressed_file_has_its_own_tag_and_revalidates(client):
    plain = client.get("/static/css/site.css")
    plain.close()
    zipped = client.get("/static/css/site.css", headers=GZIP)
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    again = client.get(
        "/static/css/site.css", headers={**GZIP, "If-None-Match": zipped.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_pages_are_never_compressed(client):
    response = client.get("/search?q=anxiety", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"anxiety" in response.data
