"""Search: the one interface views use; Whoosh stays behind it.

    results = search.search(SearchRequest(text="trauma emdr", approaches=("emdr",)))
    results.ids, results.total, results.facets, results.suggestion

A search request goes in; ranked therapist ids, the total, facet counts and a spelling
suggestion come out. Nothing outside this package imports Whoosh, so another engine
could sit behind these functions without touching the views.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import Flask, current_app

from ..extensions import db
from ..geography import REGIONS
from ..models import Approach, Specialty
from ..vocabulary_names import LANGUAGE_NAMES
from . import storage, whoosh_fixes  # noqa: F401 - patches Whoosh on import
from .engine import (
    FACET_FIELDS,
    SORTS,
    IndexView,
    SearchRequest,
    SearchResults,
    run,
)
from .schema import TEXT_ANALYZER, city_key
from .snippets import snippet
from .storage import IndexMissing
from .sync import install_outbox_hook
from .vocabulary import Vocabulary, VocabularyTerm

__all__ = [
    "FACET_FIELDS",
    "SORTS",
    "IndexMissing",
    "SearchRequest",
    "SearchResults",
    "SearchService",
    "Terms",
    "Vocabulary",
    "VocabularyCache",
    "VocabularyTerm",
    "analyse",
    "city_key",
    "init_app",
    "search",
    "snippet",
    "vocabularies",
]


# The approaches and the specialties, each by slug.
Terms = tuple[dict[str, Approach], dict[str, Specialty]]


class VocabularyCache:
    """The approaches and specialties, read from the database at most once in `seconds`
    per process, for the public pages and the search alike: every public page needs
    them, and they change only when an operator runs `flask seed-vocabulary`.

    The rows are detached from any session and shared between threads, so they are
    read-only snapshots: never add one to a session or link a therapist to it.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._loaded_at = float("-inf")
        self._terms: Terms = ({}, {})
        self._vocabulary: Vocabulary | None = None

    def terms(self) -> Terms:
        """(approaches, specialties): each a dict slug -> row, in alphabetical order."""
        with self._lock:
            return self._fresh_terms()

    def vocabulary(self) -> Vocabulary:
        """The same terms as the search matches query words against them, with the
        region and language names that spelling suggestions may offer."""
        with self._lock:
            terms = self._fresh_terms()
            if self._vocabulary is None:
                self._vocabulary = _search_vocabulary(*terms)
            return self._vocabulary

    def expire(self) -> None:
        """Read the terms again at the next request."""
        with self._lock:
            self._loaded_at = float("-inf")

    def _fresh_terms(self) -> Terms:
        if time.monotonic() - self._loaded_at >= self.seconds:
            self._terms = (_detached_rows(Approach), _detached_rows(Specialty))
            self._vocabulary = None
            self._loaded_at = time.monotonic()
        return self._terms


def _detached_rows(model) -> dict:
    rows = list(db.session.scalars(db.select(model).order_by(model.name)))
    for row in rows:
        db.session.expunge(row)
    return {row.slug: row for row in rows}


def _search_vocabulary(approaches: dict, specialties: dict) -> Vocabulary:
    terms = [
        VocabularyTerm(field, row.slug, f"{row.name} {row.short_name} {row.keywords}")
        for field, rows in (("approach", approaches), ("specialty", specialties))
        for row in rows.values()
    ]
    names = " ".join([*REGIONS.values(), *LANGUAGE_NAMES.values()]).lower().split()
    return Vocabulary(terms, names)


class SearchService:
    """One per process: opens the live index lazily and reopens it when it changes."""

    def __init__(
        self,
        root: Path,
        use_mmap: bool = True,
        vocabularies: VocabularyCache | None = None,
        refresh_seconds: float = 0,
    ):
        self.root = Path(root)
        self.use_mmap = use_mmap
        self.vocabularies = vocabularies
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._view: IndexView | None = None
        self._path: Path | None = None
        self._opened_at = float("-inf")

    def view(self) -> IndexView:
        """A view of the newest committed index; raises IndexMissing when there is none.

        Checking costs a readlink and a directory listing, far less than a query; opening
        a new view after a commit costs several queries' worth. So a view younger than
        `refresh_seconds` is used without checking: while therapists edit, the indexer
        commits at every poll, and every web process reopening each time spent a fifth
        of its time there (measured under `make loadtest`, polling twice a second).
        """
        with self._lock:
            if self._view is not None and (
                time.monotonic() - self._opened_at < self.refresh_seconds or self._is_current()
            ):
                return self._view
            path, ix = storage.open_current(self.root, self.use_mmap)
            # A new searcher, never Searcher.refresh() (docs/design.md); the segments it
            # shares with the previous one keep their arrays.
            kept = self._view.segment_data() if self._view is not None else {}
            view = IndexView(ix.searcher(), self.load_vocabulary(), segments=kept)
            view.warm()
            self._view = view
            self._path = path
            self._opened_at = time.monotonic()
            return view

    def load_vocabulary(self) -> Vocabulary:
        """The vocabulary a new view matches query words against: from the cache, which
        reads it again at most every VOCABULARY_CACHE_SECONDS (the index changes with
        every edit, the approaches and specialties almost never); empty without one."""
        return self.vocabularies.vocabulary() if self.vocabularies else Vocabulary()

    def _is_current(self) -> bool:
        return storage.current_path(self.root) == self._path and self._view.searcher.up_to_date()

    def search(self, request: SearchRequest) -> SearchResults:
        """Answer a search request."""
        return run(self.view(), request)

    def reset(self) -> None:
        """Forget the open searcher (after a rebuild in this process, or in tests)."""
        with self._lock:
            self._view = None
            self._path = None
        if self.vocabularies:
            self.vocabularies.expire()


def init_app(app: Flask) -> None:
    """Install the outbox hook and this process's search service."""
    install_outbox_hook()
    app.extensions["search"] = SearchService(
        Path(app.config["SEARCH_INDEX_DIR"]),
        use_mmap=app.config["SEARCH_USE_MMAP"],
        vocabularies=VocabularyCache(app.config["VOCABULARY_CACHE_SECONDS"]),
        refresh_seconds=app.config["SEARCH_REFRESH_SECONDS"],
    )


def service() -> SearchService:
    """The current application's search service."""
    return current_app.extensions["search"]


def vocabularies() -> Terms:
    """The approaches and specialties, each a dict slug -> (read-only) row, alphabetically."""
    return service().vocabularies.terms()


def search(request: SearchRequest) -> SearchResults:
    """Answer a search request with the current application's index."""
    return service().search(request)


def analyse(text: str) -> list[str]:
    """The index terms of a text, as highlighting needs them."""
    return [token.text for token in TEXT_ANALYZER(text)]
