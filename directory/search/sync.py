"""Keeping any backend's index equal to the database: the outbox, its drain, the check.

The design that stayed exact under concurrent writers (docs/design.md):

1. An `after_flush` hook writes the id of every changed therapist into `search_outbox`
   in the same transaction, so a rollback indexes nothing and a commit can't be missed.
2. One indexer (`flask worker`) holds its backend's writer lock and calls `drain()`:
   read a batch of outbox rows, re-read those therapists' current state, let the
   backend write or delete their documents, and only then delete the outbox rows it
   applied. A crash in between means re-indexing, never a stale document.
3. A backend's rebuild holds the same lock, so no outbox row is applied to an index
   about to be replaced; `covered_outbox()`/`forget_outbox()` drop the rows it covered.

Web processes never write the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session

from ..models import Licence, SearchOutbox, Therapist, TherapistApproach, TherapistSpecialty
from .backend import SearchBackend
from .document import document_fingerprint, iter_published_ids, load_records, therapist_document

# Models whose rows belong to one therapist: a change to them changes that document.
_CHILD_MODELS = (TherapistApproach, TherapistSpecialty, Licence)
# Models whose changes reach the index are registered here by other modules (ratings),
# each with a test of whether one change to a row can change its therapist's document.
extra_child_models: dict[type, Callable[[object], bool]] = {}


# -- 1. the outbox hook -------------------------------------------------------------------


def _changed_therapist_ids(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Therapist):
            ids.add(obj.id)
        elif isinstance(obj, _CHILD_MODELS):
            ids.add(obj.therapist_id)
        else:
            matters = extra_child_models.get(type(obj))
            if matters is not None and matters(obj):
                ids.add(obj.therapist_id)
    ids.discard(None)
    return ids


def _record_changes(session: Session, flush_context) -> None:
    """after_flush: queue every changed therapist for the indexer, in this transaction."""
    ids = _changed_therapist_ids(session)
    if ids:
        session.connection().execute(
            insert(SearchOutbox), [{"therapist_id": tid} for tid in sorted(ids)]
        )


def install_outbox_hook() -> None:
    """Listen on every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _record_changes):
        event.listen(Session, "after_flush", _record_changes)


def enqueue(session: Session, therapist_ids: Iterable[int]) -> None:
    """Queue therapists for re-indexing by hand (after bulk writes that bypass the ORM)."""
    rows = [{"therapist_id": tid} for tid in therapist_ids]
    if rows:
        session.execute(insert(SearchOutbox), rows)


# -- 2. the drain ------------------------------------------------------------------------

# (session, documents of the published therapists by id, ids no longer published):
# write them to the index, durably, before `drain` forgets their outbox rows.
ApplyBatch = Callable[[Session, dict[int, dict], list[int]], None]


def outbox_waiting(session: Session) -> bool:
    """Whether any change waits: the worker asks every poll, so this costs one query and
    ends its transaction (no lock, no index opened for nothing)."""
    waiting = session.scalar(select(SearchOutbox.id).limit(1)) is not None
    session.rollback()
    return waiting


def drain(session: Session, apply_batch: ApplyBatch, batch_size: int = 500) -> int:
    """Apply every queued change with `apply_batch`, a batch at a time; the caller holds
    its backend's writer lock. Returns how many therapists were applied."""
    applied = 0
    while True:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.therapist_id)
            .order_by(SearchOutbox.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return applied
        outbox_ids = [row.id for row in rows]
        therapist_ids = sorted({row.therapist_id for row in rows})
        session.rollback()  # a fresh snapshot: the rows as they are now
        records = load_records(session, therapist_ids)
        documents = {tid: therapist_document(record) for tid, record in records.items()}
        gone = [tid for tid in therapist_ids if tid not in records]
        apply_batch(session, documents, gone)
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(outbox_ids)))
        session.commit()
        applied += len(therapist_ids)


def published_documents(session: Session, progress: Callable[[int], None] | None = None):
    """Every published therapist's document, read in chunks (for a rebuild)."""
    for ids in iter_published_ids(session):
        records = load_records(session, ids)
        for tid in ids:
            if tid in records:
                yield therapist_document(records[tid])
        if progress:
            progress(len(ids))


def covered_outbox(session: Session) -> list[int]:
    """The outbox rows a rebuild starting now covers: its snapshot reads their changes.
    Later rows stay queued and are applied to the new index once it is live."""
    return list(session.scalars(select(SearchOutbox.id)))


def forget_outbox(session: Session, outbox_ids: list[int]) -> None:
    """Delete the outbox rows a finished rebuild covered, and commit."""
    for start in range(0, len(outbox_ids), 500):
        chunk = outbox_ids[start : start + 500]
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(chunk)))
    session.commit()


# -- 3. the check -------------------------------------------------------------------------


@dataclass
class Drift:
    """How the index differs from the database."""

    missing: list[int]  # published, not in the index
    extra: list[int]  # in the index, not published
    stale: list[int]  # in both, but the document differs
    queued: int  # outbox rows not yet applied

    @property
    def clean(self) -> bool:
        """True when the index holds exactly the published profiles, as they are."""
        return not (self.missing or self.extra or self.stale)


def check(session: Session, backend: SearchBackend) -> Drift:
    """Compare every indexed document's filter fields and sort columns with the database."""
    indexed = backend.fingerprints(session)
    published: set[int] = set()
    stale: list[int] = []
    for doc in published_documents(session):
        tid = doc["tid"]
        published.add(tid)
        if tid in indexed and indexed[tid] != document_fingerprint(doc):
            stale.append(tid)
    queued = session.scalar(select(func.count()).select_from(SearchOutbox)) or 0
    return Drift(
        missing=sorted(published - indexed.keys()),
        extra=sorted(indexed.keys() - published),
        stale=sorted(stale),
        queued=queued,
    )


def repair(session: Session, drift: Drift) -> None:
    """Queue every drifted therapist for the indexer."""
    enqueue(session, [*drift.missing, *drift.extra, *drift.stale])
    session.commit()
