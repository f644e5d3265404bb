"""The PostgreSQL backend: full-text search in the database every web host shares.

Web hosts hold no index of their own: each profile is a row of `search_document`
(tables.py) with a weighted tsvector, its filter values and its sortable numbers, kept
current by the same outbox drain as Whoosh (indexer.py); a request is SQL built from
the filter table (query.py). With DATABASE_READ_URL set, searches read from that
replica; the outbox, the drain and rebuilds stay on the primary.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from markupsafe import Markup, escape
from sqlalchemy import Engine, bindparam, cast, create_engine, func, select, text, true
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from ..backend import IndexMissing, IndexState, plain_excerpt
from ..request import SearchRequest, SearchResults
from . import indexer, query
from .tables import DOCUMENTS, LAYOUT, OWN_TABLES, documents

# ts_headline's marks: control characters no profile text holds, replaced after escaping.
_START, _STOP, _BETWEEN = "\x02", "\x03", "\x04"
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, FragmentDelimiter={_BETWEEN}, "
    "MaxFragments=2, MaxWords=30, MinWords=12"
)

UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE: no migration has made the table yet

__all__ = ["OWN_TABLES", "PostgresBackend"]


class PostgresBackend:
    """Search from the `search_document` table of the primary database or a replica."""

    kind = "postgres"
    shares_state = True

    def __init__(
        self,
        primary: Callable[[], Engine],
        read_url: str | None = None,
        engine_options: dict | None = None,
        values_seconds: float = 60,
    ):
        """`primary` gives the application's engine; `read_url` a replica to search on."""
        self.primary = primary
        self.read_url = read_url
        self.engine_options = engine_options or {}
        self.values_seconds = values_seconds
        self._lock = threading.Lock()
        self._read_engine: Engine | None = None
        self._values: dict[str, list[str]] = {}
        self._values_at = float("-inf")

    def reader(self) -> Engine:
        """Where searches run: the replica when DATABASE_READ_URL names one."""
        if not self.read_url:
            return self.primary()
        with self._lock:
            if self._read_engine is None:
                self._read_engine = create_engine(self.read_url, **self.engine_options)
            return self._read_engine

    def search(self, request: SearchRequest) -> SearchResults:
        """Answer a search request; IndexMissing until a rebuild has filled the table."""
        try:
            with self.reader().connect() as conn:
                return query.run(conn, request, self._field_values(conn))
        except ProgrammingError as error:
            if getattr(error.orig, "sqlstate", None) != UNDEFINED_TABLE:
                raise
            raise IndexMissing("the search table is missing: run `flask db upgrade`") from error

    def _field_values(self, conn) -> dict[str, list[str]]:
        """Every value each keyword field holds (facets list them, counted or not), read
        at most every `values_seconds`; raises IndexMissing before the first rebuild."""
        if time.monotonic() - self._values_at < self.values_seconds:
            return self._values
        if (
            conn.scalar(text(f"SELECT obj_description(to_regclass('{DOCUMENTS}'), 'pg_class')"))
            is None
        ):
            raise IndexMissing("no search index yet: run `flask search rebuild`")
        value = func.unnest(documents.c.keywords).table_valued("value").render_derived()
        found: dict[str, list[str]] = {}
        values = select(value.c.value).select_from(documents).join(value, true()).distinct()
        for keyword in conn.scalars(values.order_by(value.c.value)):
            field, _, value_text = keyword.partition(":")
            found.setdefault(field, []).append(value_text)
        conn.rollback()
        self._values, self._values_at = found, time.monotonic()
        return found

    def snippet(self, text_: str, terms: frozenset[str], max_chars: int = 240) -> Markup:
        """An excerpt with the query's lexemes marked by ts_headline, escaped here."""
        if not terms or not text_:
            return plain_excerpt(text_, max_chars)
        tsquery = cast(bindparam("q", query.as_tsquery(terms)), TSQUERY)
        with self.reader().connect() as conn:
            marked = conn.scalar(
                select(func.ts_headline(query.CONFIG, text_, tsquery, _HEADLINE_OPTIONS))
            )
        if not marked or _START not in marked:
            return plain_excerpt(text_, max_chars)
        html = str(escape(marked))
        html = html.replace(_START, '<mark class="hit">').replace(_STOP, "</mark>")
        # The fragments, escaped above, joined as the Whoosh backend joins them.
        return Markup(html.replace(_BETWEEN, " … "))  # noqa: S704

    def apply_outbox(self, session: Session, batch_size: int = 500) -> int:
        """Apply queued changes on the primary, in the transaction that forgets them."""
        return indexer.drain_outbox(session, batch_size)

    def rebuild(
        self, session: Session, progress: Callable[[int], None] | None = None, procs: int = 1
    ) -> int:
        """Fill a fresh table and swap it in at commit (`procs` is Whoosh's alone)."""
        count = indexer.rebuild(session, progress)
        self.reset()
        return count

    def fingerprints(self, session: Session) -> dict[int, tuple]:
        """What the table on the primary holds."""
        return indexer.fingerprints(session)

    def state(self, session: Session) -> IndexState:
        """Whether the table was built by a rebuild of this layout, and its size."""
        where = "the search_document table in PostgreSQL"
        built = indexer.layout(session)
        if built is None:
            session.rollback()
            return IndexState(where, 0, missing=True)
        if built != LAYOUT:
            session.rollback()
            return IndexState(where, 0, outdated=True)
        count = session.scalar(select(func.count()).select_from(documents))
        session.rollback()
        return IndexState(where, count)

    def reset(self) -> None:
        """Read the field values again at the next search."""
        with self._lock:
            self._values_at = float("-inf")

    def dispose(self) -> None:
        """Close the replica's pooled connections (an app being torn down)."""
        with self._lock:
            if self._read_engine is not None:
                self._read_engine.dispose()
                self._read_engine = None
