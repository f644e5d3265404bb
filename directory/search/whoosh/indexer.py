"""Writing the Whoosh index: the outbox applied under the writer lock, the atomic
rebuild, and what the index holds read back for `flask search check`.

The writer lock (`indexer.lock`, storage.py) makes this process the one writer: the
worker holds it per drain, a rebuild for its whole run. The Whoosh index is committed
before the outbox rows it applied are deleted (sync.drain).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from .. import sync
from ..backend import IndexMissing
from ..document import COLUMNS, FINGERPRINT_COLUMNS, fingerprint
from ..filters import FILTER_FIELDS
from . import storage
from .schema import whoosh_document
from .view import IndexView


def drain_outbox(session: Session, root: Path, batch_size: int = 500) -> int:
    """Apply queued changes to the live index; returns how many therapists were applied.

    Returns 0 without waiting when another writer (a rebuild) holds the lock.
    """
    if not sync.outbox_waiting(session):
        return 0
    with storage.writer_lock(root, blocking=False) as locked:
        if not locked:
            return 0
        try:
            _, ix = storage.open_current(root)
        except IndexMissing:
            return 0

        def apply_batch(session: Session, documents: dict[int, dict], gone: list[int]) -> None:
            writer = ix.writer(timeout=30)
            try:
                for tid in gone:
                    writer.delete_by_term("pk", str(tid))
                for doc in documents.values():
                    writer.update_document(**whoosh_document(doc))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

        return sync.drain(session, apply_batch, batch_size)


def rebuild(
    session: Session,
    root: Path,
    progress: Callable[[int], None] | None = None,
    procs: int = 1,
) -> int:
    """Build a fresh index of every published therapist and swap it in; returns the count."""
    with storage.writer_lock(root):
        covered = sync.covered_outbox(session)
        path, ix = storage.new_generation(root)
        writer_args = {"limitmb": 256}
        if procs > 1:
            writer_args.update(procs=procs, multisegment=True)
        writer = ix.writer(**writer_args)
        count = 0
        try:
            for doc in sync.published_documents(session, progress):
                writer.add_document(**whoosh_document(doc))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        storage.swap_in(root, path)
        sync.forget_outbox(session, covered)
    return count


def fingerprints(root: Path) -> dict[int, tuple]:
    """Every indexed document's fingerprint, read back by inverting each field's postings."""
    _, ix = storage.open_current(root)
    with ix.searcher() as searcher:
        view = IndexView(searcher)
        live = view.live
        tids = view.column("tid")
        values: dict[int, dict[str, set]] = {
            int(d): {name: set() for name in FILTER_FIELDS} for d in live.nonzero()[0]
        }
        for name in FILTER_FIELDS:
            for term in view.reader.field_terms(name):
                docnums, _ = view.postings(name, term)
                for docnum in docnums[live[docnums]]:
                    values[int(docnum)][name].add(term)
        columns = {name: view.column(name) for name in COLUMNS}
        return {
            int(tids[docnum]): fingerprint(
                fields, {name: columns[name][docnum] for name in FINGERPRINT_COLUMNS}
            )
            for docnum, fields in values.items()
        }
