"""Static files (stylesheet, scripts, icons) sent gzip-compressed to browsers that accept it.

Issue 18 counts every byte of a first visit, and the stylesheet alone is a sixth of a
results page. Pages are never compressed: they carry CSRF tokens and echo the visitor's
search text, and compressing secrets beside attacker-chosen text leaks them (BREACH).
Static files hold neither, so compressing them costs nothing in safety. Each file is
compressed once, when first asked for, and again only after it changes on disk.
"""

from __future__ import annotations

import functools
import gzip
import os

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

# Text formats; images and fonts are compressed already.
COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json")
# Below this, gzip's header costs about what it saves.
SMALLEST = 512


def init_app(app: Flask) -> None:
    """Wrap Flask's static view so that text files go out compressed."""
    app.extensions["static_files"] = {}  # path -> (mtime, size, compressed bytes)
    send_plain = app.view_functions["static"]

    @functools.wraps(send_plain)
    def send_static(filename: str) -> Response:
        response = send_plain(filename=filename)
        if not filename.endswith(COMPRESSIBLE) or response.status_code != 200:
            return response
        response.vary.add("Accept-Encoding")
        path = safe_join(current_app.static_folder, filename)
        if "gzip" not in request.accept_encodings or path is None:
            return response
        body = compressed(path)
        if body is None:
            return response
        response.close()  # the plain file, opened by send_plain
        zipped = Response(body, status=200, mimetype=response.mimetype)
        for name in ("Cache-Control", "Expires", "Last-Modified", "Vary"):
            if name in response.headers:
                zipped.headers[name] = response.headers[name]
        zipped.content_encoding = "gzip"
        etag, weak = response.get_etag()
        if etag:
            # A different representation needs its own tag, or a cache could answer a
            # request without gzip with these bytes.
            zipped.set_etag(f"{etag}-gz", weak=weak)
        return zipped.make_conditional(request)

    app.view_functions["static"] = send_static


def compressed(path: str) -> bytes | None:
    """The file at `path` gzipped, from memory while it is unchanged on disk; None when
    it is too small to gain from it."""
    stat = os.stat(path)
    cache = current_app.extensions["static_files"]
    known = cache.get(path)
    if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    if stat.st_size < SMALLEST:
        body = None
    else:
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=9, mtime=0)
    cache[path] = (stat.st_mtime_ns, stat.st_size, body)
    return body
