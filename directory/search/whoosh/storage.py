"""Where the index lives on disk, and how a fresh one is swapped in atomically.

Layout under SEARCH_INDEX_DIR:

    current -> gen-20261126T101500-ab12   (a symlink; os.replace swaps it atomically)
    gen-.../                               (one Whoosh index per build)
    indexer.lock                           (held by the one writer: indexer or rebuild)

Readers resolve `current` when they open a searcher and reopen when it points elsewhere
or the index behind it has a newer generation.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from ..backend import IndexMissing
from .schema import build_schema

CURRENT = "current"


def current_path(root: Path) -> Path | None:
    """The directory of the live index, or None when none was built."""
    link = root / CURRENT
    try:
        return root / os.readlink(link)
    except (FileNotFoundError, OSError):
        return None


def open_index(path: Path, use_mmap: bool = True):
    """Open an existing Whoosh index at `path`."""
    return FileStorage(str(path), supports_mmap=use_mmap).open_index()


def open_current(root: Path, use_mmap: bool = True):
    """Open the live index; raise IndexMissing when there is none."""
    path = current_path(root)
    if path is None or not whoosh_index.exists_in(str(path)):
        raise IndexMissing(f"no search index in {root}")
    return path, open_index(path, use_mmap)


def schema_is_current(ix) -> bool:
    """Whether an index was built with this code's schema (same fields, same types)."""
    expected = build_schema()
    found = ix.schema
    return sorted(found.names()) == sorted(expected.names()) and all(
        type(found[name]) is type(expected[name]) for name in expected.names()
    )


def new_generation(root: Path) -> tuple[Path, object]:
    """Create an empty index in a new directory beside the live one."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = root / f"gen-{stamp}-{secrets.token_hex(3)}"
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    return path, ix


def swap_in(root: Path, path: Path) -> None:
    """Point `current` at `path` atomically, then remove generations no reader needs."""
    previous = current_path(root)
    tmp_link = root / f".current-{secrets.token_hex(4)}"
    os.symlink(path.name, tmp_link)
    os.replace(tmp_link, root / CURRENT)
    keep = {path.name, previous.name if previous else ""}
    for old in root.glob("gen-*"):
        # The previous generation stays for readers that still have it open.
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def writer_lock(root: Path, blocking: bool = True):
    """The single-writer lock: the indexer holds it per batch, a rebuild for its whole run.

    Yields True when the lock was taken (always, when blocking).
    """
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "indexer.lock", "a+") as fh:
        flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(fh, flags)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
