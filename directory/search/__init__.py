"""Search: the one interface views use; each engine stays behind its backend.

    results = search.search(SearchRequest(text="trauma emdr", approaches=("emdr",)))
    results.ids, results.total, results.facets, results.suggestion

A search request goes in; ranked therapist ids, the total, facet counts and a spelling
suggestion come out. `SEARCH_BACKEND` chooses the backend (backend.py is its protocol):
`whoosh`, an index in files on this host (search/whoosh/), or `postgres`, full-text
search in the database every web host shares (search/postgres/).
"""

from __future__ import annotations

from flask import Flask, current_app
from markupsafe import Markup

from ..extensions import db
from .backend import IndexMissing, IndexState, SearchBackend
from .document import city_key
from .filters import FACET_FIELDS, SORTS
from .postgres import OWN_TABLES as POSTGRES_TABLES
from .postgres import PostgresBackend
from .request import SearchRequest, SearchResults
from .sync import install_outbox_hook
from .terms import Terms, VocabularyCache
from .whoosh import WhooshBackend

__all__ = [
    "FACET_FIELDS",
    "SORTS",
    "IndexMissing",
    "IndexState",
    "SearchBackend",
    "SearchRequest",
    "SearchResults",
    "Terms",
    "VocabularyCache",
    "backend",
    "city_key",
    "init_app",
    "migration_includes",
    "search",
    "snippet",
    "vocabularies",
]

BACKENDS = ("whoosh", "postgres")
# Tables a backend keeps beside the models': `flask db check` leaves them to it.
BACKEND_TABLES = POSTGRES_TABLES


def make_backend(app: Flask, vocabularies: VocabularyCache) -> SearchBackend:
    """The backend SEARCH_BACKEND names, configured from the app."""
    kind = app.config["SEARCH_BACKEND"]
    if kind == "whoosh":
        return WhooshBackend(
            app.config["SEARCH_INDEX_DIR"],
            use_mmap=app.config["SEARCH_USE_MMAP"],
            vocabularies=vocabularies,
            refresh_seconds=app.config["SEARCH_REFRESH_SECONDS"],
        )
    if kind == "postgres":
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            raise ValueError(
                "SEARCH_BACKEND is 'postgres' but the database is SQLite: the postgres search "
                "backend searches inside PostgreSQL. Set DATABASE_URL to a PostgreSQL "
                "database, or SOLACE_SEARCH_BACKEND=whoosh."
            )
        return PostgresBackend(
            lambda: db.engine,
            read_url=app.config["DATABASE_READ_URL"],
            engine_options=app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            values_seconds=app.config["VOCABULARY_CACHE_SECONDS"],
        )
    raise ValueError(
        f"SEARCH_BACKEND is {kind!r}: it must be one of {', '.join(BACKENDS)}. "
        "Set SOLACE_SEARCH_BACKEND to one of them."
    )


def migration_includes(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name`: the tables a backend keeps beside the models (migration
    0014 makes them) are left out of `flask db check` and autogenerate."""
    return not (type_ == "table" and name in BACKEND_TABLES)


def init_app(app: Flask) -> None:
    """Install the outbox hook and this process's search backend."""
    install_outbox_hook()
    vocabulary_cache = VocabularyCache(app.config["VOCABULARY_CACHE_SECONDS"])
    app.extensions["search.vocabularies"] = vocabulary_cache
    app.extensions["search"] = make_backend(app, vocabulary_cache)


def backend() -> SearchBackend:
    """The current application's search backend."""
    return current_app.extensions["search"]


def vocabularies() -> Terms:
    """The approaches and specialties, each a dict slug -> (read-only) row, alphabetically."""
    return current_app.extensions["search.vocabularies"].terms()


def search(request: SearchRequest) -> SearchResults:
    """Answer a search request with the current application's backend."""
    return backend().search(request)


def snippet(text: str, terms: frozenset[str], max_chars: int = 240) -> Markup:
    """A short, escaped excerpt of `text` with a result's highlight terms in <mark>."""
    return backend().snippet(text, terms, max_chars)
