"""The one protocol every search backend implements (docs/design.md, "Search").

Views, the CLI, the worker and the doctor hold a `SearchBackend` and call only what is
here; nothing outside a backend's own package imports its engine or its storage. A
backend says what it is (`kind`, `shares_state`) rather than being recognised by name.

    backend.search(SearchRequest(text="trauma", approaches=("emdr",)))  # -> SearchResults
    backend.apply_outbox(session)   # the worker: queued changes reach the index
    backend.rebuild(session)        # everything, from the database
    backend.fingerprints(session)   # what it holds, for `flask search check`
    backend.state(session)          # for `flask doctor` and `rebuild --if-missing`
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from .request import SearchRequest, SearchResults


class IndexMissing(RuntimeError):
    """The backend has nothing to search yet: run `flask search rebuild`."""


@dataclass(frozen=True)
class IndexState:
    """What a backend holds, as the doctor and `flask search rebuild --if-missing` ask."""

    where: str  # where the index lives, in words: "the Whoosh index in /srv/search"
    indexed: int  # how many profiles it can find
    missing: bool = False  # never built: searches answer "search is unavailable"
    outdated: bool = False  # built by an older version of Solace: rebuild before indexing


class SearchBackend(Protocol):
    """A search engine behind Solace's search (docs/design.md)."""

    kind: str  # the SEARCH_BACKEND value that chooses it: "whoosh", "postgres"
    # Whether every web host sees the same index (a database), or each host needs the
    # index's files on its own disk (Whoosh): the doctor and the docs say what follows.
    shares_state: bool

    def search(self, request: SearchRequest) -> SearchResults:
        """One page of ranked therapist ids, the total, facets, suggestion, distances
        and the terms to highlight. Raises IndexMissing when nothing was built."""

    def snippet(self, text: str, terms: frozenset[str], max_chars: int = 240) -> Markup:
        """A short, escaped excerpt of `text` with the result's `terms` in <mark>."""

    def apply_outbox(self, session: Session, batch_size: int = 500) -> int:
        """Apply queued changes (sync.py's outbox); how many therapists were applied.
        Returns 0 at once when another writer holds the index."""

    def rebuild(
        self, session: Session, progress: Callable[[int], None] | None = None, procs: int = 1
    ) -> int:
        """Index every published therapist afresh and make it live; returns the count."""

    def fingerprints(self, session: Session) -> dict[int, tuple]:
        """Each indexed therapist's `document.fingerprint`, read back from the index."""

    def state(self, session: Session) -> IndexState:
        """Whether an index exists, whether this version can update it, and its size."""

    def reset(self) -> None:
        """Forget whatever this process keeps open or cached (after a rebuild, in tests)."""


def plain_excerpt(text: str, max_chars: int = 240) -> Markup:
    """The start of `text`, escaped, cut at a word: a snippet with nothing to mark."""
    text = text or ""
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0] + " …"
    return escape(text)
