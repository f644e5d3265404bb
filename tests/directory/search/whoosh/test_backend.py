"""The Whoosh backend's own promises: an index lost from disk costs no database write,
and a web process keeps its view of the index for its refresh period."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import SearchOutbox, Therapist
from directory.search import SearchRequest, backend, search


def found(text="", **kw):
    return search(SearchRequest(text=text, **kw)).ids


def test_a_broken_index_never_blocks_or_loses_a_database_write(app, make_therapist, index_now):
    root = Path(app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(root)
    t = make_therapist(bio="written while the index was gone")
    assert db.session.get(Therapist, t.id) is not None
    assert index_now() == 0  # nothing to write to; the change stays queued
    assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 1
    backend().rebuild(db.session)
    backend().reset()
    assert found("gone") == [t.id]


def test_web_processes_pick_up_changes_within_their_refresh_period(
    app, make_therapist, index_now, monkeypatch
):
    make_therapist(bio="harbour")
    index_now()
    assert len(found("harbour")) == 1
    monkeypatch.setattr(backend(), "refresh_seconds", 60)
    second = make_therapist(bio="harbour")
    index_now()
    assert len(found("harbour")) == 1  # the open view is younger than its refresh period
    monkeypatch.setattr(backend(), "refresh_seconds", 0)
    assert second.id in found("harbour")
