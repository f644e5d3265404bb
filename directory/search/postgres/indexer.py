"""Writing the PostgreSQL backend's tables: the outbox applied in the same transaction
that forgets it, a rebuild into a fresh table swapped in at commit, and what the table
holds read back for `flask search check`.

One writer at a time, as with Whoosh: a session-level advisory lock (keyed by the
schema, so tests in schemas of their own never meet) taken on a connection of its own,
held by the worker per drain and by a rebuild for its whole run. Two hosts each running
`flask worker` is safe: one drains, the other finds the lock taken and waits for its
next poll.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from sqlalchemy import bindparam, func, insert, literal, literal_column, select, text
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ...geography import REGIONS
from ...models import Approach, Specialty
from ...vocabulary_names import LANGUAGE_NAMES
from .. import sync
from ..document import FINGERPRINT_COLUMNS, KEYWORD_FIELDS, fingerprint
from ..filters import FILTER_FIELDS
from .tables import (
    DOCUMENTS,
    INDEXED,
    LAYOUT,
    create_words,
    document_indexes,
    document_table,
    documents,
    index_name,
    words,
)

CONFIG = literal("english", REGCONFIG)
# Each text field's tsvector label: ts_rank weighs them (query.RANK_WEIGHTS).
LABELS = (("name", "A"), ("terms", "B"), ("place", "B"), ("about", "C"), ("comments", "D"))
NUMBERS = ("fee", "fee_floor", "rating", "rating_avg", "rating_n", "verified")
BATCH = 1000
_WORD = re.compile(r"[^\W\d_]{4,}")  # what a suggestion may offer: words of 4 letters or more
_LOCK = "SELECT {}(hashtext(current_schema() || ' solace search writer'))"


@contextmanager
def writer_lock(session: Session, blocking: bool = True):
    """The single-writer lock; yields True when taken (always, when blocking)."""
    with session.get_bind().connect() as conn:
        taken = conn.scalar(
            text(_LOCK.format("pg_advisory_lock" if blocking else "pg_try_advisory_lock"))
        )
        conn.commit()
        taken = blocking or bool(taken)  # pg_advisory_lock returns void once it has it
        try:
            yield taken
        finally:
            if taken:
                conn.execute(text(_LOCK.format("pg_advisory_unlock")))
                conn.commit()


def _tsvector():
    parts = [
        func.setweight(func.to_tsvector(CONFIG, bindparam(field)), literal_column(f"'{label}'"))
        for field, label in LABELS
    ]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector.op("||")(part)
    return vector


def insert_documents(table):
    """An INSERT of documents into `table`, its parameters from `document_row`."""
    columns = table.c
    return insert(table).values(
        therapist_id=bindparam("tid"),
        document=_tsvector(),
        keywords=bindparam("keywords"),
        lat=bindparam("lat"),
        lon=bindparam("lon"),
        **{name: bindparam(name) for name in NUMBERS if name in columns},
    )


def document_row(doc: dict) -> dict:
    """The parameters of `insert_documents` for one search document."""
    row = {field: doc[field] for field, _ in LABELS}
    row.update((name, doc[name]) for name in ("tid", *NUMBERS))
    row["keywords"] = [f"{field}:{value}" for field in KEYWORD_FIELDS for value in doc[field]]
    row["lat"] = doc["lat"] if doc["geo"] else None
    row["lon"] = doc["lon"] if doc["geo"] else None
    return row


def _words(doc: dict) -> set[str]:
    return set(_WORD.findall(f"{doc['name']} {doc['place']} {doc['about']} {doc['terms']}".lower()))


def _add_words(session: Session, found: Iterable[str]) -> None:
    found = sorted(found)
    for start in range(0, len(found), 5000):
        chunk = [{"word": word} for word in found[start : start + 5000]]
        session.execute(pg_insert(words).on_conflict_do_nothing(), chunk)


def drain_outbox(session: Session, batch_size: int = 500) -> int:
    """Apply queued changes; 0 at once when another writer holds the lock."""
    if not sync.outbox_waiting(session):
        return 0
    with writer_lock(session, blocking=False) as locked:
        if not locked:
            return 0

        def apply_batch(session: Session, found: dict[int, dict], gone: list[int]) -> None:
            # In the transaction that deletes the outbox rows: both commit, or neither.
            if gone:
                session.execute(documents.delete().where(documents.c.therapist_id.in_(gone)))
            if found:
                # Delete and insert rather than upsert: the tsvector is rebuilt either way.
                session.execute(documents.delete().where(documents.c.therapist_id.in_(list(found))))
                session.execute(
                    insert_documents(documents), [document_row(doc) for doc in found.values()]
                )
                new_words: set[str] = set()
                for doc in found.values():
                    new_words |= _words(doc)
                _add_words(session, new_words)

        return sync.drain(session, apply_batch, batch_size)


def rebuild(session: Session, progress: Callable[[int], None] | None = None) -> int:
    """Fill a fresh table with every published therapist and swap it in at commit."""
    with writer_lock(session):
        covered = sync.covered_outbox(session)
        following = document_table(f"{DOCUMENTS}_next")
        session.execute(text(f"DROP TABLE IF EXISTS {following.name}"))
        following.create(session.connection())
        statement = insert_documents(following)
        rows: list[dict] = []
        found = known_words(session)
        count = 0
        for doc in sync.published_documents(session, progress):
            rows.append(document_row(doc))
            found |= _words(doc)
            count += 1
            if len(rows) >= BATCH:
                session.execute(statement, rows)
                rows = []
        if rows:
            session.execute(statement, rows)
        for index in document_indexes(following):
            index.create(session.connection())
        # Statistics now, not when autovacuum comes by: without them the planner takes
        # the new table for nearly empty and picks plans for a handful of rows.
        session.execute(text(f"ANALYZE {following.name}"))
        # Readers keep the old table until this transaction commits.
        session.execute(text(f"DROP TABLE IF EXISTS {DOCUMENTS}"))
        session.execute(text(f"ALTER TABLE {following.name} RENAME TO {DOCUMENTS}"))
        session.execute(
            text(
                f"ALTER TABLE {DOCUMENTS} RENAME CONSTRAINT {following.name}_pkey "
                f"TO {DOCUMENTS}_pkey"
            )
        )
        for what in INDEXED:
            old, new = index_name(following.name, what), index_name(DOCUMENTS, what)
            session.execute(text(f"ALTER INDEX {old} RENAME TO {new}"))
        session.execute(text(f"COMMENT ON TABLE {DOCUMENTS} IS '{LAYOUT}'"))
        create_words(session.connection())
        session.execute(words.delete())
        _add_words(session, found)
        sync.forget_outbox(session, covered)  # commits
    return count


def known_words(session: Session) -> set[str]:
    """The approaches' and specialties' words, and region and language names: words a
    suggestion may offer even when no profile uses them, and never rewrites."""
    names = [*REGIONS.values(), *LANGUAGE_NAMES.values()]
    for model in (Approach, Specialty):
        for row in session.execute(select(model.name, model.short_name, model.keywords)):
            names.extend(row)
    return set(_WORD.findall(" ".join(names).lower()))


def fingerprints(session: Session) -> dict[int, tuple]:
    """Every stored document's fingerprint."""
    rows = session.execute(
        select(
            documents.c.therapist_id,
            documents.c.keywords,
            *(documents.c[n] for n in FINGERPRINT_COLUMNS),
        )
    )
    result = {}
    for row in rows:
        fields: dict[str, set[str]] = {name: set() for name in FILTER_FIELDS}
        for keyword in row.keywords:
            name, _, value = keyword.partition(":")
            if name in fields:
                fields[name].add(value)
        columns = {name: getattr(row, name) for name in FINGERPRINT_COLUMNS}
        result[row.therapist_id] = fingerprint(
            {name: frozenset(values) for name, values in fields.items()}, columns
        )
    session.rollback()
    return result


def layout(session: Session) -> str | None:
    """The layout the live table was built with; None when it was never built (or the
    table is missing: `flask db upgrade` creates it)."""
    return session.scalar(text(f"SELECT obj_description(to_regclass('{DOCUMENTS}'), 'pg_class')"))
