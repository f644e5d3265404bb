"""Pages for people looking for help: no account needed, nothing sent elsewhere."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import raiseload

from .. import links, search
from ..extensions import db
from ..geography import VISITOR_PLACES
from ..models import ProfileStatus, Therapist
from ..practice import insurance_for, practice_summary
from ..profiles import availability, licence_summaries, places_summary, rating_summary
from ..search.filters import BY_NAME as FILTERS
from ..search.filters import chosen_count
from ..vocabulary_names import LANGUAGE_NAMES
from .filter_panel import filter_panel
from .search_form import active_chips, parse_search, wider_radius, without_filter

bp = Blueprint("public", __name__)
bp.add_app_template_global(availability)
bp.add_app_template_global(practice_summary)


@bp.app_template_global()
def card_link(therapist: Therapist, back: str | None) -> str:
    """A result card's link to the profile, with `back` (the search to return to): url_for
    builds it once a request and each card puts its slug in (a slug needs no escaping)."""
    key = f"solace.card_link:{back}"
    if key not in request.environ:
        example = url_for("public.therapist_profile", slug="-", back=back)
        path, _, query = example.partition("?")
        request.environ[key] = (path[:-1], "?" + query if query else "")
    start, query = request.environ[key]
    return f"{start}{therapist.slug}{query}"


def _therapists_in_order(ids: list[int]) -> list[Therapist]:
    """The rows for ranked ids, in rank order; rows that vanished since indexing are skipped."""
    if not ids:
        return []
    # A result card shows the profile's own columns only: loading its licences and
    # links as well would cost more than the search itself. Rows are found by primary
    # key alone and their status checked here, so that no planner statistics can turn
    # twenty lookups into a scan of every published profile.
    query = select(Therapist).where(Therapist.id.in_(ids)).options(raiseload("*"))
    rows = db.session.scalars(query)
    by_id = {t.id: t for t in rows if t.status == ProfileStatus.PUBLISHED}
    return [by_id[i] for i in ids if i in by_id]


def _search_or_none(req: search.SearchRequest) -> search.SearchResults | None:
    try:
        return search.search(req)
    except search.IndexMissing:
        current_app.logger.warning("search index missing: run `flask search rebuild`")
        return None


@bp.get("/")
def home():
    """The front door: a search box, and approaches and specialties to browse, with counts."""
    approaches, specialties = search.vocabularies()
    results = _search_or_none(search.SearchRequest(per_page=1))
    facets = results.facets if results else {}
    return render_template(
        "public/home.html",
        approaches=approaches.values(),
        specialties=specialties.values(),
        counts=facets,
        total=results.total if results else None,
    )


@bp.get("/search")
def search_page():
    """Search results: free text and filters from the query string, so a search is a link."""
    approaches, specialties = search.vocabularies()
    names = {
        "specialty": {slug: s.name for slug, s in specialties.items()},
        "approach": {slug: a.name for slug, a in approaches.items()},
        "language": LANGUAGE_NAMES,
    }
    parsed = parse_search(
        request.args,
        specialties=names["specialty"],
        approaches=names["approach"],
        per_page=current_app.config["SEARCH_PER_PAGE"],
        max_page=current_app.config["SEARCH_MAX_PAGE"],
    )
    req = parsed.request
    results = _search_or_none(req)
    if results is None:
        return render_template("public/unavailable.html"), 503
    if results.total and req.page > results.pages:
        parsed.problems.append(f"There are only {results.pages} pages; here is the last one.")
        req = search.SearchRequest(**{**req.__dict__, "page": results.pages})
        results = search.search(req)
    therapists = _therapists_in_order(results.ids)
    snippets = {
        t.id: search.snippet(f"{t.headline.rstrip('.')}. {t.bio}", results.terms)
        for t in therapists
    }
    chips = [
        (chip.label, url_for("public.search_page", **chip.remove))
        for chip in active_chips(parsed, request.args, names)
    ]
    # Never "without the place filter": that lists therapists who cannot see the visitor
    # (not licensed where they are, or an ocean away); a wider distance is offered instead.
    loosen = [
        (group, n, url_for("public.search_page", **without_filter(parsed, request.args, group)))
        for group, n in results.loosen
        if group != "where"
    ]
    wider = _wider_search(parsed, results)
    status = 400 if parsed.problems else 200
    return (
        render_template(
            "public/search.html",
            req=req,
            args=request.args,
            parsed=parsed,
            results=results,
            therapists=therapists,
            snippets=snippets,
            filters=FILTERS,
            chosen=chosen_count(req),
            page_url=_page_url,
            chips=chips,
            loosen=loosen,
            wider=wider,
            crisis=parsed.interpretation.crisis,
            places=VISITOR_PLACES,
            panel=filter_panel(req, request.args, results, names, insurance_for(req.where[:2])),
        ),
        status,
    )


def _wider_search(parsed, results) -> tuple[int, int, str] | None:
    """(miles, how many, link) for "Within 50 miles: 3 therapists" when nobody is within
    the distance searched: nearer help than dropping the place, which would list
    therapists who cannot see the visitor (a US therapist for someone in York)."""
    if results.total:
        return None
    wider = wider_radius(parsed, request.args)
    if wider is None:
        return None
    miles, params = wider
    req = parsed.request
    found = _search_or_none(
        search.SearchRequest(
            **{
                **req.__dict__,
                "radius_miles": miles,
                "page": 1,
                "per_page": 1,
                "with_facets": False,
            }
        )
    )
    if not found or not found.total:
        return None
    return miles, found.total, url_for("public.search_page", **params)


def _page_url(page: int) -> str:
    """The current search's address with another page number."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for("public.search_page", **args)


@bp.get("/therapists/<slug>")
def therapist_profile(slug: str):
    """A published therapist's profile."""
    therapist = db.session.scalar(select(Therapist).where(Therapist.slug == slug))
    if therapist is None or not therapist.is_published:
        abort(404)
    return render_template(
        "public/therapist.html",
        therapist=therapist,
        licences=licence_summaries(therapist),
        places=places_summary(therapist),
        rating=rating_summary(therapist),
        profile_links=links.public_links(therapist),
        back=_safe_back(request.args.get("back", "")),
    )


def _safe_back(value: str) -> str | None:
    """A link back to the results the visitor came from, only if it is our own search page."""
    if value.startswith("/search") and "//" not in value and "\\" not in value:
        return value
    return None


@bp.get("/approaches")
def approach_index():
    """Every approach, explained in a line, with how many therapists offer it."""
    return _term_index("approach")


@bp.get("/specialties")
def specialty_index():
    """Everything people seek help with, with how many therapists work with it."""
    return _term_index("specialty")


@bp.get("/approaches/<slug>")
def approach_page(slug: str):
    """One approach explained in plain language, and therapists who offer it."""
    return _term_page("approach", slug)


@bp.get("/specialties/<slug>")
def specialty_page(slug: str):
    """One specialty explained in plain language, and therapists who work with it."""
    return _term_page("specialty", slug)


# A kind of term: its vocabulary's place in search.vocabularies(), and its SearchRequest filter.
TERM_KINDS = {"approach": (0, "approaches"), "specialty": (1, "specialties")}


def _terms(kind: str) -> dict:
    return search.vocabularies()[TERM_KINDS[kind][0]]


def _term_index(kind: str):
    results = _search_or_none(search.SearchRequest(per_page=1))
    return render_template(
        "public/term_index.html",
        kind=kind,
        terms=_terms(kind).values(),
        counts=(results.facets.get(kind, {}) if results else {}),
    )


def _term_page(kind: str, slug: str):
    term = _terms(kind).get(slug)
    if term is None:
        abort(404)
    req = search.SearchRequest(per_page=10, **{TERM_KINDS[kind][1]: (slug,)})
    results = _search_or_none(req)
    therapists = _therapists_in_order(results.ids) if results else []
    return render_template(
        "public/term.html",
        kind=kind,
        term=term,
        therapists=therapists,
        total=results.total if results else 0,
        search_url=url_for("public.search_page", **{kind: term.slug}),
    )


@bp.get("/about")
def about():
    """What Solace is, how licences are checked, and what it never does with your data."""
    return render_template("public/about.html")
