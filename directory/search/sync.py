"""Keeping the index equal to the database: the outbox, the indexer, rebuild and check.

The design that stayed exact under concurrent writers (docs/design.md):

1. An `after_flush` hook writes the id of every changed therapist into `search_outbox`
   in the same transaction, so a rollback indexes nothing and a commit can't be missed.
2. One indexer (`flask worker`, or `drain_outbox()` called directly) holds the writer
   lock, reads a batch of outbox rows, re-reads those therapists' current state,
   updates or deletes their documents, commits the index, and only then deletes the
   outbox rows it applied. A crash in between means re-indexing, never a stale document.
3. `rebuild()` builds a fresh index from the database and swaps it in atomically while
   holding the same lock, so no outbox row is applied to an index about to be replaced.

Web processes never write the index.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session

from ..models import (
    Approach,
    Licence,
    ProfileStatus,
    SearchOutbox,
    Specialty,
    Therapist,
    TherapistApproach,
    TherapistSpecialty,
)
from . import storage
from .filters import FILTER_FIELDS
from .schema import therapist_document
from .view import IndexView

log = logging.getLogger(__name__)

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


# -- reading what the index needs -------------------------------------------------------


@dataclass
class TermRef:
    """An approach or specialty a profile offers."""

    slug: str
    is_top: bool = False


@dataclass
class IndexRecord:
    """Everything the index document of one therapist is built from."""

    id: int
    first_name: str
    last_name: str
    credentials: str
    headline: str
    bio: str
    region: str
    city: str
    postcode: str
    latitude: float | None
    longitude: float | None
    offers_online: bool
    offers_in_person: bool
    languages: list[str]
    fee_min: int | None
    currency: str
    sliding_scale: bool
    sliding_scale_min: int | None
    free_consultation: bool
    accepting_clients: bool
    accepting_confirmed_at: datetime | None
    verification_state: str
    verified_at: datetime | None
    rating_score: float
    rating_average: float | None
    rating_count: int
    online_regions: list[str]
    verified_places: list[str]
    insurance: list[str]
    ages_served: list[str]
    session_types: list[str]
    gender: str
    identities: list[str]
    faith: str
    faith_integrated: bool
    approaches: list[TermRef] = field(default_factory=list)
    specialties: list[TermRef] = field(default_factory=list)
    comments_text: str = ""


_RECORD_COLUMNS = [
    getattr(Therapist, name)
    for name in IndexRecord.__dataclass_fields__
    if name not in ("approaches", "specialties", "comments_text")
]

# Functions (session, ids) -> {therapist_id: text} that add searchable rating comments.
comment_text_sources: list[Callable[[Session, list[int]], dict[int, str]]] = []


def load_records(session: Session, ids: list[int]) -> dict[int, IndexRecord]:
    """The published therapists among `ids`, read with a handful of set-based queries."""
    rows = session.execute(
        select(*_RECORD_COLUMNS).where(
            Therapist.id.in_(ids), Therapist.status == ProfileStatus.PUBLISHED
        )
    )
    records = {row.id: IndexRecord(**row._asdict()) for row in rows}
    if not records:
        return records
    found = list(records)
    approach_rows = session.execute(
        select(TherapistApproach.therapist_id, Approach.slug)
        .join(Approach, Approach.id == TherapistApproach.approach_id)
        .where(TherapistApproach.therapist_id.in_(found))
    )
    for tid, *term in approach_rows:
        records[tid].approaches.append(TermRef(*term))
    specialty_rows = session.execute(
        select(TherapistSpecialty.therapist_id, Specialty.slug, TherapistSpecialty.is_top)
        .join(Specialty, Specialty.id == TherapistSpecialty.specialty_id)
        .where(TherapistSpecialty.therapist_id.in_(found))
    )
    for tid, *term in specialty_rows:
        records[tid].specialties.append(TermRef(*term))
    for source in comment_text_sources:
        for tid, text in source(session, found).items():
            records[tid].comments_text = text
    return records


def iter_published_ids(session: Session, chunk: int = 2000) -> Iterator[list[int]]:
    """Every published therapist id, in chunks, by keyset pagination."""
    last = 0
    while True:
        ids = list(
            session.scalars(
                select(Therapist.id)
                .where(Therapist.status == ProfileStatus.PUBLISHED, Therapist.id > last)
                .order_by(Therapist.id)
                .limit(chunk)
            )
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


# -- 2. the indexer -------------------------------------------------------------------------


def drain_outbox(session: Session, root: Path, batch_size: int = 500) -> int:
    """Apply queued changes to the live index; returns how many therapists were applied.

    Returns 0 without waiting when another writer (a rebuild) holds the lock.
    """
    # The worker asks every SEARCH_WORKER_POLL_SECONDS: an empty outbox costs one query,
    # not the lock and opening the index.
    waiting = session.scalar(select(SearchOutbox.id).limit(1)) is not None
    session.rollback()
    if not waiting:
        return 0
    applied = 0
    with storage.writer_lock(root, blocking=False) as locked:
        if not locked:
            return 0
        try:
            _, ix = storage.open_current(root)
        except storage.IndexMissing:
            return 0
        while True:
            rows = session.execute(
                select(SearchOutbox.id, SearchOutbox.therapist_id)
                .order_by(SearchOutbox.id)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            outbox_ids = [row.id for row in rows]
            therapist_ids = sorted({row.therapist_id for row in rows})
            session.rollback()  # a fresh snapshot: the rows as they are now
            records = load_records(session, therapist_ids)
            writer = ix.writer(timeout=30)
            try:
                for tid in therapist_ids:
                    record = records.get(tid)
                    if record is None:
                        writer.delete_by_term("pk", str(tid))
                    else:
                        writer.update_document(**therapist_document(record))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(outbox_ids)))
            session.commit()
            applied += len(therapist_ids)
    return applied


# -- 3. rebuild and check -------------------------------------------------------------------


def rebuild(
    session: Session,
    root: Path,
    progress: Callable[[int], None] | None = None,
    procs: int = 1,
) -> int:
    """Build a fresh index of every published therapist and swap it in; returns the count."""
    with storage.writer_lock(root):
        # Outbox rows visible now are covered by the snapshot read below; later ones stay
        # queued and are applied to the new index once it is live.
        covered = list(session.scalars(select(SearchOutbox.id)))
        path, ix = storage.new_generation(root)
        writer_args = {"limitmb": 256}
        if procs > 1:
            writer_args.update(procs=procs, multisegment=True)
        writer = ix.writer(**writer_args)
        count = 0
        try:
            for ids in iter_published_ids(session):
                records = load_records(session, ids)
                for tid in ids:
                    if tid in records:
                        writer.add_document(**therapist_document(records[tid]))
                        count += 1
                if progress:
                    progress(len(ids))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        storage.swap_in(root, path)
        for start in range(0, len(covered), 500):
            chunk = covered[start : start + 500]
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(chunk)))
        session.commit()
    return count


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


def check(session: Session, root: Path) -> Drift:
    """Compare every indexed document's filter fields and sort columns with the database."""
    _, ix = storage.open_current(root)
    with ix.searcher() as searcher:
        indexed = _fingerprints_from_index(IndexView(searcher))
    published: set[int] = set()
    stale: list[int] = []
    for ids in iter_published_ids(session):
        for tid, record in load_records(session, ids).items():
            published.add(tid)
            expected = _fingerprint_from_document(therapist_document(record))
            if tid in indexed and indexed[tid] != expected:
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


_FINGERPRINT_FIELDS = FILTER_FIELDS
_FINGERPRINT_COLUMNS = ("fee", "rating", "rating_avg", "rating_n", "verified")


def _fingerprint_from_document(doc: dict) -> dict:
    fingerprint: dict = {
        name: frozenset(filter(None, doc.get(name, "").split(","))) for name in _FINGERPRINT_FIELDS
    }
    for name in _FINGERPRINT_COLUMNS:
        fingerprint[name] = round(float(doc[name]), 4)
    return fingerprint


def _fingerprints_from_index(view: IndexView) -> dict[int, dict]:
    """The same fingerprints, read back from the index by inverting each field's postings."""
    live = view.live
    tids = view.column("tid")
    values: dict[int, dict[str, set]] = {
        int(d): {name: set() for name in _FINGERPRINT_FIELDS} for d in live.nonzero()[0]
    }
    for name in _FINGERPRINT_FIELDS:
        for term in view.reader.field_terms(name):
            docnums, _ = view.postings(name, term)
            for docnum in docnums[live[docnums]]:
                values[int(docnum)][name].add(term)
    fingerprints = {}
    for docnum, fields in values.items():
        fingerprint: dict = {name: frozenset(found) for name, found in fields.items()}
        for name in _FINGERPRINT_COLUMNS:
            fingerprint[name] = round(float(view.column(name)[docnum]), 4)
        fingerprints[int(tids[docnum])] = fingerprint
    return fingerprints
