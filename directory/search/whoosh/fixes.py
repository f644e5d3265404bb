"""Work-arounds for bugs in whoosh-reloaded 2.7.5, which is no longer maintained.

Imported for its side effect by this package; each fix says what it routes around.
Known bugs avoided by design rather than patched (see docs/design.md): `Searcher.refresh()`
returns duplicates (we open a new searcher), a float default on a sortable NUMERIC
crashes `add_document` (schema.py uses an int default), `optimize()` holds the lock
for minutes (never called).
"""

from __future__ import annotations

import whoosh
from whoosh.codec import whoosh3

if whoosh.versionstring() != "2.7.5":  # pragma: no cover - a reminder when upgrading
    raise ImportError(f"fixes.py was written for Whoosh 2.7.5, not {whoosh.versionstring()}")

_MISSING = object()


def _cached_reader(self, fieldname, column):
    """Remember that a length column is missing, too.

    The original caches only columns that exist, so for every posting of a field
    without lengths (all KEYWORD fields) writing a segment asks the file system whether
    the column file exists: 600,000 stat calls for 4,500 profiles in our profile.
    """
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader
