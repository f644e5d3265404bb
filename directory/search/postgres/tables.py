"""What the PostgreSQL backend keeps in the database, beside the tables the models own.

    search_document   one row per searchable profile: a weighted tsvector (GIN), its
                      filter values as "field:value" strings (GIN), sortable numbers,
                      and latitude/longitude (a b-tree for the bounding box)
    search_word       every word a "did you mean" may offer, with a pg_trgm index

Filter values live in one array rather than a column per filter, so a filter added to
filters.py needs a rebuild, never a migration. Migration 0014 creates these on
PostgreSQL only; they are not models, so `flask db check` leaves them out
(`OWN_TABLES`). A rebuild fills `search_document_next` and swaps it in; the table's
comment then names `LAYOUT`, so an index built by an older layout is seen as outdated.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

LAYOUT = "solace search layout 1"
DOCUMENTS = "search_document"
WORDS = "search_word"
OWN_TABLES = frozenset({DOCUMENTS, f"{DOCUMENTS}_next", WORDS})

metadata = MetaData()


def document_table(name: str = DOCUMENTS) -> Table:
    """The documents table (or the one a rebuild fills before swapping it in)."""
    return Table(
        name,
        MetaData(),
        Column("therapist_id", Integer, primary_key=True, autoincrement=False),
        Column("document", TSVECTOR, nullable=False),
        Column("keywords", ARRAY(Text), nullable=False),
        Column("fee", Integer, nullable=False),
        Column("fee_floor", Integer, nullable=False),
        Column("rating", Float, nullable=False),
        Column("rating_avg", Float, nullable=False),
        Column("rating_n", Integer, nullable=False),
        Column("verified", BigInteger, nullable=False),
        Column("lat", Float),  # NULL when the profile has no known point
        Column("lon", Float),
    )


def index_name(table_name: str, what: str) -> str:
    """The name of one of a documents table's indexes ("document", "keywords", "lat_lon")."""
    return f"ix_{table_name}_{what}"


def document_indexes(table: Table) -> list[Index]:
    """The indexes a documents table needs, named after it (built after a bulk load).
    Made afresh for each new table: an Index stays attached to its table."""
    return [
        Index(index_name(table.name, "document"), table.c.document, postgresql_using="gin"),
        Index(index_name(table.name, "keywords"), table.c.keywords, postgresql_using="gin"),
        Index(
            index_name(table.name, "lat_lon"),
            table.c.lat,
            table.c.lon,
            postgresql_where=table.c.lat.isnot(None),
        ),
    ]


INDEXED = ("document", "keywords", "lat_lon")


documents = document_table()
words = Table(WORDS, metadata, Column("word", Text, primary_key=True))
words_trigrams = Index(
    f"ix_{WORDS}_trigrams",
    words.c.word,
    postgresql_using="gin",
    postgresql_ops={"word": "gin_trgm_ops"},
)


def create_words(connection) -> None:
    """The word table, if missing (migration 0014 makes it; a rebuild makes sure): the
    documents table a rebuild makes afresh anyway."""
    metadata.create_all(connection, checkfirst=True)
