"""The shortlist and the compare page: kept in the visitor's cookie, no account needed.

"Save" and "Remove" are small forms (CSRF-protected POSTs) that answer with a redirect
back to where the visitor was, so they work without JavaScript. The compare page is a
plain GET of profile slugs, so it can be shared as a link.
"""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from .. import shortlist
from ..auth import safe_next
from ..extensions import db
from ..models import Therapist

bp = Blueprint("shortlist", __name__)


class ShortlistForm(FlaskForm):
    """Save one therapist to, or remove one from, the shortlist."""

    therapist = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    next = HiddenField()


def current_ids() -> list[int]:
    """The ids in this visitor's shortlist cookie (read once per request)."""
    # Kept in the request's environ, not `g`, which outlives a request pushed inside an
    # existing app context.
    if "solace.shortlist" not in request.environ:
        request.environ["solace.shortlist"] = shortlist.decode(
            request.cookies.get(shortlist.COOKIE),
            current_app.config["SECRET_KEY"],
            current_app.config["SHORTLIST_MAX"],
        )
    return request.environ["solace.shortlist"]


@bp.app_template_global()
def in_shortlist(therapist_id: int) -> bool:
    """Whether this visitor saved that therapist."""
    return therapist_id in current_ids()


FORM_WANTED = "solace.shortlist_form"


@bp.app_template_global()
def want_shortlist_form() -> str:
    """Called by each Save button: the page then ends with the form the buttons submit."""
    request.environ[FORM_WANTED] = True
    return ""


@bp.app_template_global()
def shortlist_form_wanted() -> bool:
    """Whether a Save button on this page needs the shortlist form."""
    return bool(request.environ.get(FORM_WANTED))


@bp.app_template_global()
def share_url(path: str) -> str:
    """The address to share for a page of this site: SITE_URL, never the Host header."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def _with_cookie(response, ids: list[int]):
    response.set_cookie(
        shortlist.COOKIE,
        shortlist.encode(ids, current_app.config["SECRET_KEY"]),
        max_age=int(timedelta(days=current_app.config["SHORTLIST_DAYS"]).total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
    )
    return response


def _form_or_400() -> tuple[ShortlistForm, Therapist | None]:
    form = ShortlistForm()
    if not form.validate():
        abort(400, description="That button sent something we could not read. Reload the page.")
    return form, db.session.get(Therapist, form.therapist.data)


def _back(form: ShortlistForm, fallback: str) -> str:
    """Where the visitor was, at the card they pressed (its anchor), or `fallback`."""
    back = safe_next(form.next.data)
    if back is None:
        return fallback
    return back if "#" in back else f"{back}#t-{form.therapist.data}"


@bp.post("/shortlist/add")
def add_therapist():
    """Save a published therapist to the shortlist, then go back where the visitor was."""
    form, therapist = _form_or_400()
    if therapist is None or not therapist.is_published:
        abort(404, description="That profile is not listed any more, so it cannot be saved.")
    limit = current_app.config["SHORTLIST_MAX"]
    try:
        ids = shortlist.add(current_ids(), therapist.id, limit)
    except shortlist.ShortlistFull as full:
        flash(str(full), "error")
        return redirect(url_for(".show_shortlist"), 303)
    flash(f"Saved {therapist.full_name} to your shortlist ({len(ids)} saved).", "success")
    return _with_cookie(redirect(_back(form, url_for(".show_shortlist")), 303), ids)


@bp.post("/shortlist/remove")
def remove_therapist():
    """Remove a therapist from the shortlist (whether or not the profile is still listed)."""
    form, therapist = _form_or_400()
    ids = shortlist.remove(current_ids(), form.therapist.data)
    name = therapist.full_name if therapist is not None else "That profile"
    flash(f"{name} is no longer on your shortlist.", "success")
    return _with_cookie(redirect(_back(form, url_for(".show_shortlist")), 303), ids)


@bp.get("/shortlist")
def show_shortlist():
    """The saved therapists, with a choice of up to four to compare."""
    ids = current_ids()
    therapists = shortlist.published(ids)
    response = current_app.make_response(
        render_template(
            "shortlist/shortlist.html",
            therapists=therapists,
            compare_max=shortlist.COMPARE_MAX,
            limit=current_app.config["SHORTLIST_MAX"],
        )
    )
    if len(therapists) != len(ids):
        # Profiles hidden or deleted since they were saved drop out quietly.
        _with_cookie(response, [t.id for t in therapists])
    return response


@bp.get("/compare")
def compare():
    """Up to four therapists side by side, named by slug in the address (`?t=a&t=b`)."""
    slugs = [s for s in request.args.getlist("t") if s.strip()]
    if not slugs:
        saved = shortlist.published(current_ids())[: shortlist.COMPARE_MAX]
        if saved:
            return redirect(url_for(".compare", t=[t.slug for t in saved]))
    problems = []
    if len(slugs) > shortlist.COMPARE_MAX:
        problems.append(
            f"The compare page shows at most {shortlist.COMPARE_MAX} therapists: "
            f"here are the first {shortlist.COMPARE_MAX} of the {len(slugs)} in the link."
        )
        slugs = slugs[: shortlist.COMPARE_MAX]
    therapists = shortlist.published_by_slug([s[:120] for s in slugs])
    missing = len(dict.fromkeys(slugs)) - len(therapists)
    notices = []
    if missing:
        notices.append(
            "One of the profiles in this link is no longer listed."
            if missing == 1
            else f"{missing} of the profiles in this link are no longer listed."
        )
    path = url_for(".compare", t=[t.slug for t in therapists]) if therapists else None
    return (
        render_template(
            "shortlist/compare.html",
            columns=shortlist.comparison(therapists),
            problems=problems,
            notices=notices,
            share=share_url(path) if path else None,
            without={
                t.slug: url_for(".compare", t=[o.slug for o in therapists if o is not t])
                if len(therapists) > 1
                else url_for(".show_shortlist")
                for t in therapists
            },
        ),
        400 if problems else 200,
    )
