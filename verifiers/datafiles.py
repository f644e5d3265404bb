"""Registry files kept on disk: downloaded atomically, parsed once per version.

Some registries publish their whole list as a file rather than answering
questions (the OIG exclusion list, the Texas BHEC licensee files). A verifier
keeps a copy in its data folder, refreshes it on request, downloads it on first
use when no copy exists, and answers from an in-memory index of the current copy.
A download replaces the copy only when complete, when it looks like the right
file (each verifier's check), and when it is not less than half the size of the
copy it replaces (a cut-off file must not empty the list). The index is rebuilt
only when the file on disk changes (new inode, size or
modification time), and is shared by every verifier instance in the process.
`FileRegistryVerifier` is the base class such verifiers share.
"""

from __future__ import annotations

import csv
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from verifiers.core import LicenceQuery, RegistryVerifier, VerificationResult
from verifiers.errors import ParseError
from verifiers.http import (
    DownloadResult,
    ProgressCallback,
    RegistryClient,
    RegistrySession,
    looks_like_html,
)

T = TypeVar("T")

# A fresh download smaller than this share of the current copy is refused.
SHRINK_LIMIT = 0.5

_cache: dict[Path, tuple[tuple[int, int, int], object]] = {}
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def default_data_dir() -> Path:
    """The per-user cache folder for registry files (XDG_CACHE_HOME respected)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "solace-verifiers"


def _lock_for(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path, threading.Lock())


class LocalCopy(Generic[T]):
    """One registry file: where it comes from, where it lives, how it is read.

    `parse(path)` builds the in-memory index; `check(path)` validates a fresh
    download before it replaces the old copy (raise `ParseError` to refuse it).
    """

    def __init__(
        self,
        client: RegistryClient,
        remote_path: str,
        path: Path,
        parse: Callable[[Path], T],
        check: Callable[[Path], None] | None = None,
    ) -> None:
        self.client = client
        self.remote_path = remote_path
        self.path = Path(path).resolve()
        self._parse = parse
        self._check = check

    @property
    def url(self) -> str:
        """Where the file is downloaded from."""
        return self.client.url(self.remote_path)

    def exists(self) -> bool:
        """Whether a copy is on disk."""
        return self.path.is_file()

    def refresh(self, progress: ProgressCallback | None = None) -> DownloadResult:
        """Download a fresh copy; the old one stays if anything goes wrong."""
        with _lock_for(self.path):
            return self._download(progress)

    def ensure(self) -> None:
        """Download the file if there is no copy yet (first use)."""
        if self.exists():
            return
        with _lock_for(self.path):
            if not self.exists():  # another thread may have fetched it meanwhile
                self._download(None)

    def _download(self, progress: ProgressCallback | None) -> DownloadResult:
        old_size = self.path.stat().st_size if self.exists() else 0

        def check(candidate: Path) -> None:
            if self._check is not None:
                self._check(candidate)
            # A registry list does not halve overnight; a cut-off or placeholder
            # file does. Keep the old copy and let a person look.
            new_size = candidate.stat().st_size
            if old_size and new_size < old_size * SHRINK_LIMIT:
                raise ParseError(
                    f"The new download of {self.path.name} is {new_size} bytes, less than "
                    f"{SHRINK_LIMIT:.0%} of the current copy ({old_size}); it may be cut "
                    "off, so the current copy is kept."
                )

        return self.client.download(self.remote_path, self.path, progress=progress, check=check)

    def load(self) -> T:
        """The parsed current copy, from memory when the file has not changed."""
        self.ensure()
        with _lock_for(self.path):
            stat = self.path.stat()
            key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            cached = _cache.get(self.path)
            if cached is not None and cached[0] == key:
                return cached[1]  # type: ignore[return-value]
            value = self._parse(self.path)
            _cache[self.path] = (key, value)
            return value

    def as_of(self) -> date:
        """The date of the copy: the registry's Last-Modified if it sent one, else
        the day it was downloaded."""
        return datetime.fromtimestamp(self.path.stat().st_mtime, UTC).date()

    def age_days(self, today: date | None = None) -> int:
        """How many days old the copy is."""
        return ((today or datetime.now(UTC).date()) - self.as_of()).days


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """A local copy's parsed content, with the copy's date and where it comes from."""

    records: T
    as_of: date
    url: str


class FileRegistryVerifier(RegistryVerifier, Generic[T]):
    """Base class for verifiers that answer from registry files kept on disk.

    Subclasses set `default_stale_after_days` and implement `local_copies` (the
    files, each read by `parse`), `fetch` (the copy that holds the answer to a
    query) and `decide` (given a `Snapshot` of that copy). Options beyond
    `RegistryVerifier`'s:
    `data_dir` (default: `default_data_dir()`; each verifier keeps its files in a
    folder named after it) and `stale_after_days` (how old a copy may get before
    results say so).
    """

    file_backed: ClassVar[bool] = True
    default_stale_after_days: ClassVar[int]
    # True when the base URL is a folder holding several files: a missing final
    # slash is added, or the file names would replace its last part.
    base_url_is_folder: ClassVar[bool] = False

    def __init__(
        self,
        base_url: str | None = None,
        session: RegistrySession | None = None,
        *,
        data_dir: str | Path | None = None,
        stale_after_days: int | None = None,
        **options: Any,
    ) -> None:
        if self.base_url_is_folder and base_url and not base_url.endswith("/"):
            base_url += "/"
        super().__init__(base_url, session, **options)
        if stale_after_days is None:
            stale_after_days = self.default_stale_after_days
        self.stale_after_days = stale_after_days
        folder = (Path(data_dir) if data_dir else default_data_dir()) / self.name
        self.copies: dict[str, LocalCopy[T]] = self.local_copies(folder)

    def local_copies(self, folder: Path) -> dict[str, LocalCopy[T]]:
        """The registry's files by name, each kept in `folder`. Subclasses implement this."""
        raise NotImplementedError

    def check(self, query: LicenceQuery) -> VerificationResult:
        """Screen, fetch, parse, decide, as every verifier does, except that a file is
        parsed once per version: the copy keeps what `parse` made of it in memory."""
        settled = self.screen(query)
        if settled is not None:
            return settled
        copy: LocalCopy[T] = self.fetch(query)
        records = copy.load()  # downloads the file on first use
        return self.decide(query, Snapshot(records, copy.as_of(), copy.url))

    def refresh(self, progress: ProgressCallback | None = None) -> int:
        """Download every file again; return the bytes fetched. A failed download
        keeps that file's old copy (and the error is raised)."""
        return sum(copy.refresh(progress).size for copy in self.copies.values())


@contextmanager
def csv_records(
    source: Path | str | bytes, label: str, required: tuple[str, ...], wanted: tuple[str, ...]
) -> Iterator[Iterator[list[str]]]:
    """The rows of a registry's CSV file (a path, or its content), each cut down to the
    `wanted` columns in that order ("" for a column the file lacks), blank and cut-off
    lines skipped; values are stripped and interned (a list repeats states, dates and
    statuses tens of thousands of times).

    Raises `ParseError` when it is not such a file: a web page, `required` columns
    missing, or text the csv module can't read.
    """
    if isinstance(source, Path):
        handle: Any = source.open(encoding="utf-8-sig", errors="replace", newline="")
        lines: Any = handle
    else:
        text = source.decode("utf-8-sig", "replace") if isinstance(source, bytes) else source
        handle, lines = None, text.splitlines()
    try:
        reader = csv.reader(lines)
        header = [h.strip().upper() for h in next(reader, [])]
        if not header or header[0].startswith("<"):
            raise ParseError(f"The {label} file is not the CSV list (an error page?).")
        missing = [c for c in required if c not in header]
        if missing:
            raise ParseError(
                f"The {label} file's columns changed (missing {', '.join(missing)}); "
                "the verifier needs updating."
            )
        positions = [header.index(c) if c in header else None for c in wanted]
        width = len(header)
        yield (
            [sys.intern(record[p].strip()) if p is not None else "" for p in positions]
            for record in reader
            if len(record) >= width
        )
    except csv.Error as exc:
        raise ParseError(f"The {label} file could not be read as CSV ({exc}).") from None
    finally:
        if handle is not None:
            handle.close()


def check_csv_download(path: Path, required: tuple[str, ...], label: str) -> None:
    """Refuse a downloaded CSV that is a web page, lacks `required` columns, or has
    no rows: raise `ParseError` so the old copy stays."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if looks_like_html(head):
        raise ParseError(
            f"The {label} download was a web page, not the list; any earlier copy is kept."
        )
    lines = head.decode("utf-8-sig", "replace").splitlines()
    header = lines[0].upper() if lines else ""
    missing = [c for c in required if c not in header]
    if missing:
        raise ParseError(
            f"The {label} download lacks the columns {', '.join(missing)}; "
            "any earlier copy is kept."
        )
    if len(lines) < 2 or not lines[1].strip():
        raise ParseError(f"The {label} download has no entries; any earlier copy is kept.")


def forget_cached(path: Path | None = None) -> None:
    """Drop parsed indexes from memory (one file's, or all); mostly for tests."""
    with _locks_guard:
        if path is None:
            _cache.clear()
        else:
            _cache.pop(Path(path).resolve(), None)
