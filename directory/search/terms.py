"""The approaches and specialties, as every public page and every backend reads them."""

from __future__ import annotations

import threading
import time

from ..extensions import db
from ..models import Approach, Specialty

# The approaches and the specialties, each by slug.
Terms = tuple[dict[str, Approach], dict[str, Specialty]]


class VocabularyCache:
    """The approaches and specialties, read from the database at most once in `seconds`
    per process, for the public pages and the search alike: every public page needs
    them, and they change only when an operator runs `flask seed-vocabulary`.

    The rows are detached from any session and shared between threads, so they are
    read-only snapshots: never add one to a session or link a therapist to it.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._loaded_at = float("-inf")
        self._terms: Terms = ({}, {})

    def terms(self) -> Terms:
        """(approaches, specialties): each a dict slug -> row, in alphabetical order.
        The same tuple until they are read again, so a backend may key a cache on it."""
        with self._lock:
            if time.monotonic() - self._loaded_at >= self.seconds:
                self._terms = (_detached_rows(Approach), _detached_rows(Specialty))
                self._loaded_at = time.monotonic()
            return self._terms

    def expire(self) -> None:
        """Read the terms again at the next request."""
        with self._lock:
            self._loaded_at = float("-inf")


def _detached_rows(model) -> dict:
    rows = list(db.session.scalars(db.select(model).order_by(model.name)))
    for row in rows:
        db.session.expunge(row)
    return {row.slug: row for row in rows}
