"""What a searcher reads from the index, cached as numpy arrays, per segment.

Whoosh's own collectors score and filter one posting at a time in Python, which made
the naive measurements in docs/design.md slow. Here Whoosh stays the store of postings and
columns, and every query is a few vectorised operations over arrays read once:

- each sortable column (fee, rating, verification date, coordinates, therapist id);
- each keyword term's documents (filters, facet counts) and each text term's postings
  (docnums and frequencies, for scoring).

A Whoosh segment never changes once written, except for its deletions. So arrays are
cached per segment (`SegmentData`) and shared by every view that contains the segment:
after the indexer commits a handful of changed profiles, the new searcher's view reads
only the new small segment and the deletion lists, not the whole index again. A view
(`IndexView`) glues its segments' arrays together with docnum offsets and holds
whatever it derived (live-document mask, boolean term masks) for its own lifetime.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np
from whoosh.reading import TermNotFound
from whoosh.spelling import ListCorrector

from ..document import COLUMNS
from .vocabulary import Vocabulary

MAX_CACHED_TERMS = 4096


class SegmentData:
    """Arrays read from one immutable Whoosh segment (docnums local to the segment)."""

    def __init__(self, reader):
        self.reader = reader
        self.size = reader.doc_count_all()
        self._lock = threading.Lock()
        self._columns: dict[str, np.ndarray] = {}
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._lexicons: dict[str, list[str]] = {}

    def column(self, name: str) -> np.ndarray:
        """The segment's values of a column, one per document."""
        cached = self._columns.get(name)
        if cached is None:
            with self._lock:
                cached = self._read_column(name)
            self._columns[name] = cached
        return cached

    def _read_column(self, name: str) -> np.ndarray:
        numtype, default = COLUMNS[name]
        dtype = np.float64 if numtype is float else np.int64
        values = np.full(self.size, default, dtype=dtype)
        # An index built before a column existed answers with the default (and `flask
        # search check` says the index needs a rebuild).
        if not (self.size and name in self.reader.schema and self.reader.has_column(name)):
            return values
        column = self.reader.column_reader(name, translate=False)
        try:
            # A numeric column is one run of big-endian values; the writer stops at the
            # last non-default one. Read it in one go rather than a value at a time.
            raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
            stored = np.frombuffer(raw, dtype=">" + column._typecode)
            values[: stored.size] = stored
        except AttributeError:  # another column type: the public, slower path
            values[:] = [default if v is None else v for v in column]
        return values

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Local docnums holding a term, and its frequency in each (deleted docs too)."""
        key = (fieldname, text)
        cached = self._postings.get(key)
        if cached is None:
            with self._lock:
                cached = self._read_postings(fieldname, text)
            if len(self._postings) > MAX_CACHED_TERMS:
                self._postings.clear()
            self._postings[key] = cached
        return cached

    def _read_postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        try:
            matcher = self.reader.postings(fieldname, text)
        except (TermNotFound, KeyError):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        # Deleted documents are masked by the view's `live`, so read past the filter.
        while not hasattr(matcher, "_read_data") and hasattr(matcher, "child"):
            matcher = matcher.child
        if hasattr(matcher, "_read_data"):
            return _read_blocks(matcher)
        ids: list[int] = []
        weights: list[float] = []
        # Another matcher type: the public, slower path.
        for docnum, weight in matcher.items_as("weight"):
            ids.append(docnum)
            weights.append(weight)
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)

    def lexicon(self, fieldname: str) -> list[str]:
        """Every term of a field in this segment."""
        cached = self._lexicons.get(fieldname)
        if cached is None:
            with self._lock:
                known = fieldname in self.reader.schema
                cached = list(self.reader.field_terms(fieldname)) if known else []
            self._lexicons[fieldname] = cached
        return cached


def _read_blocks(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Decode a Whoosh 2.7 (W3) posting list with one numpy pass at the end.

    Each block is a pickled (ids, weights, values) tuple: ids delta-encoded from 0
    within the block (unless the field uses byte ids), weights None (all 1), one float
    (all equal) or one per posting. Whoosh's own reader decodes a posting at a time.
    """
    deltas: list[int] = []
    weights: list[float] = []
    previous_max = 0
    while matcher.is_active():
        matcher._read_data()
        raw_ids, raw_weights, _ = matcher._data
        start = len(deltas)
        deltas.extend(raw_ids)
        if matcher._byteids:  # absolute ids: make them deltas too
            for i in range(len(deltas) - 1, start, -1):
                deltas[i] -= deltas[i - 1]
        if deltas:
            # The block's first id is absolute: chain it to the previous block.
            deltas[start] -= previous_max
        previous_max = matcher._maxid
        count = matcher._blocklength
        if raw_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(raw_weights, float):
            weights.extend([raw_weights] * count)
        else:
            weights.extend(raw_weights)
        matcher._next_block()
    ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
    return ids, np.asarray(weights, dtype=np.float32)


class IndexView:
    """An open searcher and the arrays derived from it. Safe to share between threads."""

    def __init__(
        self, searcher, vocabulary: Vocabulary | None = None, segments: dict | None = None
    ):
        """`segments` maps segment ids to SegmentData kept from earlier views."""
        self.searcher = searcher
        self.vocabulary = vocabulary or Vocabulary()
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        known = segments if segments is not None else {}
        self.segments: list[tuple[SegmentData, int]] = []
        self.segment_ids: list[str] = []
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self.reader.leaf_readers():
            segment = leaf.segment() if hasattr(leaf, "segment") else None
            segid = segment.segment_id() if segment is not None else None
            data = known.get(segid) if segid else None
            if data is None:
                data = SegmentData(leaf)
            self.segments.append((data, offset))
            self.segment_ids.append(segid)
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
                live[deleted + offset] = False
        self.live = live
        self.doc_count = int(live.sum())
        self._lock = threading.Lock()
        self._columns: dict[str, np.ndarray] = {}
        self._masks: dict[tuple[str, str], np.ndarray] = {}
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._derived: dict[str, object] = {}

    def segment_data(self) -> dict[str, SegmentData]:
        """This view's segments by id, for the next view to reuse."""
        return {
            segid: data
            for segid, (data, _) in zip(self.segment_ids, self.segments, strict=True)
            if segid
        }

    def column(self, name: str) -> np.ndarray:
        """Every document's value of a sortable column, indexed by docnum."""
        cached = self._columns.get(name)
        if cached is None:
            parts = [data.column(name) for data, _ in self.segments]
            cached = np.concatenate(parts) if parts else np.empty(0)
            self._columns[name] = cached
        return cached

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The docnums holding a term, and its frequency in each."""
        key = (fieldname, text)
        cached = self._postings.get(key)
        if cached is None:
            ids, weights = [], []
            for data, offset in self.segments:
                local, freqs = data.postings(fieldname, text)
                ids.append(local + offset)
                weights.append(freqs)
            if ids:
                cached = np.concatenate(ids), np.concatenate(weights)
            else:
                cached = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
            if len(self._postings) > MAX_CACHED_TERMS:
                self._postings.clear()
            self._postings[key] = cached
        return cached

    def mask(self, fieldname: str, text: str) -> np.ndarray:
        """A boolean array: which live documents hold the term."""
        key = (fieldname, text)
        cached = self._masks.get(key)
        if cached is None:
            docnums, _ = self.postings(fieldname, text)
            cached = np.zeros(self.size, dtype=bool)
            cached[docnums] = True
            cached &= self.live
            if len(self._masks) > MAX_CACHED_TERMS:
                self._masks.clear()
            self._masks[key] = cached
        return cached

    def any_of(self, fieldname: str, values: Iterable[str]) -> np.ndarray:
        """Documents holding at least one of the values."""
        result = np.zeros(self.size, dtype=bool)
        for value in values:
            result |= self.mask(fieldname, value)
        return result

    def field_values(self, fieldname: str) -> list[str]:
        """Every value a keyword field holds in this index."""
        key = f"values:{fieldname}"
        cached = self._derived.get(key)
        if cached is None:
            values: set[str] = set()
            for data, _ in self.segments:
                values.update(data.lexicon(fieldname))
            cached = sorted(values)
            self._derived[key] = cached
        return cached

    def suggest(self, word: str) -> str | None:
        """The closest vocabulary, city or region word to a misspelt one, or None."""
        corrector = self._derived.get("corrector")
        if corrector is None:
            words = set(self.vocabulary.words)
            for city in self.field_values("city"):
                words.update(city.split("-"))
            corrector = ListCorrector(sorted(words))
            self._derived["corrector"] = corrector
        found = corrector.suggest(word, limit=1, maxdist=2)
        return found[0] if found else None

    def warm(self) -> None:
        """Read what nearly every query needs, so the first visitor doesn't wait for it."""
        for name in COLUMNS:
            self.column(name)
        for fieldname in ("specialty", "approach", "language", "region", "format", "flag"):
            for value in self.field_values(fieldname):
                self.mask(fieldname, value)
