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
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app
from markupsafe import Markup, escape
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

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
    "Vocabulary",
    "VocabularyTerm",
    "analyse",
    "city_key",
    "init_app",
    "search",
    "snippet",
]


class SearchService:
    """One per process: opens the live index lazily and reopens it when it changes."""

    def __init__(
        self,
        root: Path,
        use_mmap: bool = True,
        vocabulary: Callable[[], Vocabulary] = Vocabulary,
        vocabulary_seconds: float = 60,
        refresh_seconds: float = 0,
    ):
        self.root = Path(root)
        self.use_mmap = use_mmap
        self.load_vocabulary = vocabulary
        self.vocabulary_seconds = vocabulary_seconds
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._view: IndexView | None = None
        self._path: Path | None = None
        self._opened_at = float("-inf")
        self._vocabulary: Vocabulary | None = None
        self._vocabulary_loaded_at = float("-inf")

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
            # A new searcher, never Searcher.refresh() (DESIGN.md); the segments it
            # shares with the previous one keep their arrays.
            kept = self._view.segment_data() if self._view is not None else {}
            view = IndexView(ix.searcher(), self._current_vocabulary(), segments=kept)
            view.warm()
            self._view = view
            self._path = path
            self._opened_at = time.monotonic()
            return view

    def _current_vocabulary(self) -> Vocabulary:
        """The vocabulary, read again at most every `vocabulary_seconds`: the index
        changes with every edit, the approaches and specialties almost never."""
        if time.monotonic() - self._vocabulary_loaded_at >= self.vocabulary_seconds:
            self._vocabulary = self.load_vocabulary()
            self._vocabulary_loaded_at = time.monotonic()
        return self._vocabulary

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
            self._vocabulary_loaded_at = float("-inf")


def init_app(app: Flask) -> None:
    """Install the outbox hook and this process's search service."""
    install_outbox_hook()
    app.extensions["search"] = SearchService(
        Path(app.config["SEARCH_INDEX_DIR"]),
        use_mmap=app.config["SEARCH_USE_MMAP"],
        vocabulary=_load_vocabulary,
        vocabulary_seconds=app.config["VOCABULARY_CACHE_SECONDS"],
        refresh_seconds=app.config["SEARCH_REFRESH_SECONDS"],
    )


def _load_vocabulary() -> Vocabulary:
    """The approaches and specialties from the database, and region and language names."""
    from ..extensions import db
    from ..geography import REGIONS
    from ..models import Approach, Specialty
    from ..vocabulary_names import LANGUAGE_NAMES

    terms = [
        VocabularyTerm(field, row.slug, f"{row.name} {row.short_name} {row.keywords}")
        for field, model in (("approach", Approach), ("specialty", Specialty))
        for row in db.session.scalars(db.select(model))
    ]
    names = " ".join([*REGIONS.values(), *LANGUAGE_NAMES.values()]).lower().split()
    return Vocabulary(terms, names)


def service() -> SearchService:
    """The current application's search service."""
    return current_app.extensions["search"]


def search(request: SearchRequest) -> SearchResults:
    """Answer a search request with the current application's index."""
    return service().search(request)


def analyse(text: str) -> list[str]:
    """The index terms of a text, as highlighting needs them."""
    return [token.text for token in TEXT_ANALYZER(text)]


def snippet(text: str, terms: frozenset[str], max_chars: int = 240) -> Markup:
    """A short, escaped excerpt of `text` with the query terms in <mark>."""
    text = text or ""
    if terms:
        fragmenter = ContextFragmenter(maxchars=max_chars, surround=70)
        formatter = HtmlFormatter(tagname="mark", between=" … ", classname="hit", termclass="")
        marked = highlight(text, terms, TEXT_ANALYZER, fragmenter, formatter, top=2)
        if marked:
            # Whoosh's HtmlFormatter escapes the text around the <mark> tags it adds.
            return Markup(marked)  # noqa: S704
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0] + " …"
    return escape(text)
