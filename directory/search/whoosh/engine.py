"""Answering a search request from an `IndexView` (view.py): text matching and
scoring, filters, facet counts, ranking and paging, as vectorised numpy operations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...ratings.display import MIN_RATINGS_SHOWN
from ..document import NO_FEE, TEXT_FIELDS
from ..filters import FACET_FIELDS, FLAG_GROUPS, INVERTED_FLAGS, MULTI_GROUPS
from ..request import SearchRequest, SearchResults
from .schema import TEXT_ANALYZER, VOCABULARY_BOOST, WORD_ANALYZER
from .view import IndexView

# BM25 term-frequency saturation; lengths are not normalised (b = 0): profiles are
# of similar length, and reading every document's length would cost more than it tells.
K1 = 1.2
EARTH_RADIUS_MILES = 3958.8
MAX_QUERY_WORDS = 12
# Added to the main sort key of unfinished profiles: larger than any key's range.
_UNFINISHED_LAST = 1e12


@dataclass
class _Constraint:
    group: str
    mask: np.ndarray


def run(view: IndexView, req: SearchRequest) -> SearchResults:
    """Answer one search request against one view."""
    words = _query_words(req.text)
    base = view.live.copy()
    scores = None
    terms: set[str] = set()
    suggestion = None
    if words:
        base, scores, terms, unknown = _match_text(view, words)
        suggestion = _suggest(view, req.text, unknown) if unknown else None

    constraints = _constraints(view, req)
    distances = None
    within = None
    if req.near is not None and req.radius_miles:
        distances = _distances(view, req.near)
        within = (view.column("geo") == 1) & (distances <= req.radius_miles)
    if req.where:
        constraints.append(_Constraint("where", _place_mask(view, req, within)))
    elif within is not None:
        constraints.append(_Constraint("radius", within))
    if req.max_fee is not None:
        in_currency = view.mask("currency", req.currency)
        constraints.append(
            _Constraint("max_fee", in_currency & (view.column("fee_floor") <= req.max_fee))
        )
    if req.min_rating is not None:
        rated = (view.column("rating_n") >= MIN_RATINGS_SHOWN) & (
            view.column("rating_avg") >= req.min_rating
        )
        constraints.append(_Constraint("min_rating", rated))

    matched = base.copy()
    for constraint in constraints:
        matched &= constraint.mask
    candidates = np.flatnonzero(matched)
    total = int(candidates.size)

    page = max(1, req.page)
    start = (page - 1) * req.per_page
    order = _rank(view, req, candidates, scores, distances, start + req.per_page)
    page_docs = order[start : start + req.per_page]
    tids = view.column("tid")
    ids = [int(tids[d]) for d in page_docs]

    results = SearchResults(
        ids=ids,
        total=total,
        page=page,
        per_page=req.per_page,
        suggestion=suggestion,
        terms=frozenset(terms),
    )
    if distances is not None:
        # Online results beyond the radius are there for their licence, not their
        # distance: no distance is shown for them.
        results.distances = {
            int(tids[d]): float(distances[d]) for d in page_docs if within is None or within[d]
        }
    if req.with_facets:
        results.facets = _facet_counts(view, base, constraints)
    if total == 0 and constraints:
        results.loosen = _loosen(base, constraints)
    return results


def _query_words(text: str) -> list[str]:
    """Plain words only: search syntax (quotes, AND(, *, field:) is read as text."""
    words = [token.text for token in WORD_ANALYZER(text[:1000])]
    return words[:MAX_QUERY_WORDS]


def _match_text(view: IndexView, words: list[str]):
    """Documents holding every word in some text field, and their relevance scores."""
    matched = view.live.copy()
    scores = np.zeros(view.size, dtype=np.float32)
    terms: set[str] = set()
    unknown: list[str] = []
    n = max(view.doc_count, 1)
    for word in words:
        analysed = [token.text for token in TEXT_ANALYZER(word)]
        if not analysed:
            continue  # a stop word: it neither narrows nor scores
        term = analysed[0]
        terms.add(term)
        word_mask = np.zeros(view.size, dtype=bool)
        for fieldname, boost in TEXT_FIELDS.items():
            docnums, freqs = view.postings(fieldname, term)
            if not docnums.size:
                continue
            df = docnums.size
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            scores[docnums] += boost * idf * freqs * (K1 + 1) / (freqs + K1)
            word_mask |= view.mask(fieldname, term)
        for fieldname, slug in view.vocabulary.naming(term):
            offered = view.mask(fieldname, slug)
            df = int(np.count_nonzero(offered))
            if df:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                scores[offered] += VOCABULARY_BOOST * idf
                word_mask |= offered
        if not word_mask.any():
            unknown.append(word)
        matched &= word_mask
    return matched, scores, terms, unknown


# Words this short are abbreviations or names more often than misspellings ("TX" is not
# "to"): they are never rewritten.
MIN_CORRECTED_CHARS = 4


def _suggest(view: IndexView, text: str, unknown: list[str]) -> str | None:
    """The query with each unknown word replaced by its closest known word, offered only
    when it differs from the query and finds someone. Abbreviations, and the region and
    language names the vocabulary knows, are never rewritten."""
    protected = {w.lower() for w in text.split() if w.isupper()} | set(view.vocabulary.words)
    replacements = {
        word: view.suggest(word)
        for word in unknown
        if len(word) >= MIN_CORRECTED_CHARS and word not in protected
    }
    words = _query_words(text)
    suggestion = " ".join(replacements.get(word) or word for word in words)
    if not any(replacements.values()) or suggestion == " ".join(words):
        return None
    found, *_ = _match_text(view, _query_words(suggestion))
    return suggestion if found.any() else None


def _constraints(view: IndexView, req: SearchRequest) -> list[_Constraint]:
    """One mask per active filter group."""
    constraints = []
    for fieldname, attr in MULTI_GROUPS.items():
        values = getattr(req, attr)
        if values:
            constraints.append(_Constraint(fieldname, view.any_of(fieldname, values)))
    if req.region:
        constraints.append(_Constraint("region", view.mask("region", req.region)))
    if req.city:
        constraints.append(_Constraint("city", view.mask("city", req.city)))
    for flag, attr in FLAG_GROUPS.items():
        if getattr(req, attr):
            mask = view.mask("flag", flag)
            constraints.append(_Constraint(flag, ~mask if flag in INVERTED_FLAGS else mask))
    return constraints


def _place_mask(view: IndexView, req: SearchRequest, within: np.ndarray | None) -> np.ndarray:
    """Who can see a visitor in `req.where`: online, a therapist verified for online work
    there (standing.py decided it; no distance counts); in person, one within the
    radius of the visitor's point, or in that state or nation when no point is known."""
    wants_online = not req.formats or "online" in req.formats
    wants_in_person = not req.formats or "in_person" in req.formats
    mask = np.zeros(view.size, dtype=bool)
    if wants_online:
        field = "online_in" if req.verified_only else "online_claimed"
        mask |= view.mask(field, req.where) & view.mask("format", "online")
    if wants_in_person:
        if within is not None:
            nearby = within
        elif req.where == "GB":
            nations = [v for v in view.field_values("region") if v.startswith("GB-")]
            nearby = view.any_of("region", nations)
        else:
            nearby = view.mask("region", req.where)
        mask |= nearby & view.mask("format", "in_person")
    return mask


def _distances(view: IndexView, near: tuple[float, float]) -> np.ndarray:
    """Miles from `near` to every document (haversine, vectorised)."""
    lat1, lon1 = np.radians(near[0]), np.radians(near[1])
    lat2, lon2 = np.radians(view.column("lat")), np.radians(view.column("lon"))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _prior(view: IndexView, docs: np.ndarray) -> np.ndarray:
    """Quality before relevance: verified, availability confirmed lately, well rated."""
    verified = view.mask("flag", "verified")[docs]
    fresh = view.mask("flag", "fresh")[docs]
    return 1.0 * verified + 0.6 * fresh + view.column("rating")[docs] / 10.0


def _rank(view, req, candidates, scores, distances, needed: int) -> np.ndarray:
    """The candidates in display order (at least the first `needed` of them)."""
    if candidates.size == 0:
        return candidates
    tids = view.column("tid")[candidates]
    if req.sort == "rating":
        keys = (tids, -view.column("rating_n")[candidates], -view.column("rating")[candidates])
    elif req.sort == "fee":
        # Fees in another currency are never compared: they come after every fee in the
        # visitor's currency.
        other = ~view.mask("currency", req.currency)[candidates]
        keys = (tids, view.column("fee")[candidates] + other * float(NO_FEE))
    elif req.sort == "verified":
        keys = (tids, -view.column("verified")[candidates])
    elif req.sort == "distance" and distances is not None:
        keys = (tids, distances[candidates])
    else:
        prior = _prior(view, candidates)
        relevance = scores[candidates] * (1.0 + 0.25 * prior) if scores is not None else prior
        keys = (tids, -relevance)
    if not req.verified_only:
        # Profiles whose checks are not finished come after every verified one.
        keys = (
            *keys[:-1],
            keys[-1] + _UNFINISHED_LAST * view.mask("flag", "unfinished")[candidates],
        )
    if needed < candidates.size // 4:
        # Only the first pages are wanted: order a small superset, not everything.
        primary = keys[-1]
        cut = np.partition(primary, needed - 1)[needed - 1]
        keep = primary <= cut
        candidates = candidates[keep]
        keys = tuple(k[keep] for k in keys)
    return candidates[np.lexsort(keys)]


def _facet_counts(view, base, constraints) -> dict[str, dict[str, int]]:
    """Counts per filter value, each under every active filter except its own group."""
    counts: dict[str, dict[str, int]] = {}
    by_group = {c.group: c for c in constraints}

    def without(group: str) -> np.ndarray:
        mask = base.copy()
        for other in constraints:
            if other.group != group:
                mask &= other.mask
        return mask

    counts["flag"] = {
        flag: int(np.count_nonzero(without(flag) & view.mask("flag", flag))) for flag in FLAG_GROUPS
    }
    for fieldname in FACET_FIELDS:
        values = view.field_values(fieldname)
        within = without(fieldname) if fieldname in by_group else without("")
        counts[fieldname] = {
            value: int(np.count_nonzero(within & view.mask(fieldname, value))) for value in values
        }
    return counts


def _loosen(base, constraints) -> list[tuple[str, int]]:
    """For an empty result: how many results dropping each filter group would give."""
    options = []
    for constraint in constraints:
        mask = base.copy()
        for other in constraints:
            if other is not constraint:
                mask &= other.mask
        found = int(np.count_nonzero(mask))
        if found:
            options.append((constraint.group, found))
    return sorted(options, key=lambda option: -option[1])
