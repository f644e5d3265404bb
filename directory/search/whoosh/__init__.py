"""The Whoosh backend: an embedded index in files on this host's disk (the default).

Every web process keeps one view of the live index (view.py) and answers a request
with numpy over it (engine.py); the one writer (`flask worker`) applies the outbox
under a file lock (indexer.py, storage.py). Whoosh is imported nowhere else.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from sqlalchemy.orm import Session

from ...geography import REGIONS
from ...vocabulary_names import LANGUAGE_NAMES
from ..backend import IndexMissing, IndexState
from ..request import SearchRequest, SearchResults
from ..terms import VocabularyCache
from . import fixes, indexer, snippets, storage  # noqa: F401 - fixes patches Whoosh on import
from .engine import run
from .view import IndexView
from .vocabulary import Vocabulary, VocabularyTerm


class WhooshBackend:
    """Search from a Whoosh index under `root`; reopened when a newer one is committed."""

    kind = "whoosh"
    shares_state = False

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
        self._vocabulary: tuple[object, Vocabulary] | None = None

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
        """The vocabulary a new view matches query words against, with the region and
        language names that spelling suggestions may offer: built again only when the
        cache read the approaches and specialties again; empty without a cache."""
        if self.vocabularies is None:
            return Vocabulary()
        terms = self.vocabularies.terms()
        if self._vocabulary is None or self._vocabulary[0] is not terms:
            self._vocabulary = (terms, _search_vocabulary(*terms))
        return self._vocabulary[1]

    def _is_current(self) -> bool:
        return storage.current_path(self.root) == self._path and self._view.searcher.up_to_date()

    def search(self, request: SearchRequest) -> SearchResults:
        """Answer a search request."""
        return run(self.view(), request)

    def snippet(self, text: str, terms: frozenset[str], max_chars: int = 240) -> Markup:
        """A short, escaped excerpt of `text` with the query terms in <mark> (snippets.py)."""
        return snippets.snippet(text, terms, max_chars)

    def apply_outbox(self, session: Session, batch_size: int = 500) -> int:
        """Apply queued changes under the writer lock (indexer.py)."""
        return indexer.drain_outbox(session, self.root, batch_size)

    def rebuild(
        self, session: Session, progress: Callable[[int], None] | None = None, procs: int = 1
    ) -> int:
        """Build a fresh index in a new generation and swap it in atomically."""
        count = indexer.rebuild(session, self.root, progress, procs)
        self.reset()
        return count

    def fingerprints(self, session: Session) -> dict[int, tuple]:
        """What the live index holds, read back from its postings and columns."""
        return indexer.fingerprints(self.root)

    def state(self, session: Session) -> IndexState:
        """Whether there is a live index under `root`, built with this schema, and its size."""
        where = f"the Whoosh index in {self.root}"
        try:
            _, ix = storage.open_current(self.root, use_mmap=False)
        except IndexMissing:
            return IndexState(where, 0, missing=True)
        if not storage.schema_is_current(ix):
            return IndexState(where, 0, outdated=True)
        with ix.reader() as reader:
            return IndexState(where, reader.doc_count())

    def reset(self) -> None:
        """Forget the open searcher (after a rebuild in this process, or in tests)."""
        with self._lock:
            self._view = None
            self._path = None
            self._vocabulary = None
        if self.vocabularies:
            self.vocabularies.expire()


def _search_vocabulary(approaches: dict, specialties: dict) -> Vocabulary:
    terms = [
        VocabularyTerm(field, row.slug, f"{row.name} {row.short_name} {row.keywords}")
        for field, rows in (("approach", approaches), ("specialty", specialties))
        for row in rows.values()
    ]
    names = " ".join([*REGIONS.values(), *LANGUAGE_NAMES.values()]).lower().split()
    return Vocabulary(terms, names)
