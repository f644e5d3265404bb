"""Therapists' photos, served from our own host out of the database.

An address names the photo's version, so a new photo has new addresses; the ETag is the
rendition's own digest. Photos of published profiles are public, but cached for an hour
only and then revalidated: a profile hidden, suspended or deleted stops showing its photo
within the hour, since the revalidation is answered 404. Any other photo only its owner
sees (the editor and the preview), never cached.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for
from flask_login import current_user

from ..extensions import db
from ..models import Therapist
from ..photos import CARD_WIDTHS, PROFILE_WIDTHS, WIDTHS, photo_alt, rendition_for

bp = Blueprint("photos", __name__)

# How long a published photo may be reused without asking (then the ETag makes asking
# cheap): short, so that hiding a profile takes effect in every cache within the hour.
PUBLIC_MAX_AGE = 3600
SIZES = {"card": CARD_WIDTHS, "profile": PROFILE_WIDTHS}


@bp.get("/photos/<int:therapist_id>/<version>/<int:width>")
def therapist_photo(therapist_id: int, version: str, width: int):
    """One rendition of a therapist's photo."""
    therapist = db.session.get(Therapist, therapist_id)
    if therapist is None or therapist.photo_version is None or width not in WIDTHS:
        abort(404)
    # Published photos never ask who is logged in, so they stay cacheable for everyone.
    public = therapist.is_published
    if not public and not _owner_is_looking(therapist):
        abort(404)
    if version != therapist.photo_version:
        # A page cached before the photo changed: send it to the current photo.
        return redirect(url_for(".therapist_photo", therapist_id=therapist_id,
                                version=therapist.photo_version, width=width))  # fmt: skip
    rendition = rendition_for(therapist_id, width)
    if rendition is None:
        abort(404)
    response = Response(rendition.data, mimetype=rendition.content_type)
    response.set_etag(rendition.digest)
    if public:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}, must-revalidate"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    # An image opened on its own runs nothing, whatever it holds; this short policy
    # stands in for the pages' long one and their frame and feature headers, which an
    # image has no use for (a page of results fetches 20 photos: bytes add up).
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=()"
    return response.make_conditional(request)


def _owner_is_looking(therapist: Therapist) -> bool:
    return current_user.is_authenticated and therapist.user_id == current_user.id


@bp.app_template_global()
def photo_url(therapist, width: int) -> str:
    """The address of one rendition of a therapist's current photo. A page of results has
    forty, so the route's start is asked of url_for once a request and the rest (numbers,
    and a version of hex digits, which need no escaping) is put after it."""
    if "solace.photos_root" not in request.environ:
        example = url_for("photos.therapist_photo", therapist_id=0, version="0", width=0)
        request.environ["solace.photos_root"] = example.rsplit("/", 3)[0]
    root = request.environ["solace.photos_root"]
    return f"{root}/{therapist.id}/{therapist.photo_version}/{width}"


@bp.app_template_global()
def photo_srcset(therapist, size: str) -> str:
    """`srcset` for a card's or a profile's photo: twice its size, for sharp screens (2x).
    Ordinary screens take the `src` beside it, which a browser counts as the 1x choice, so
    repeating it here would only add bytes (twenty cards to a page of results)."""
    two = SIZES[size][1]
    return f"{photo_url(therapist, two)} 2x"


bp.add_app_template_global(photo_alt)
