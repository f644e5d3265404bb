"""The index follows the database exactly, with either backend (conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import ProfileStatus, SearchOutbox, Therapist
from directory.search import SearchRequest, backend, search, sync


@pytest.fixture
def config_overrides(each_backend):
    """Every test here runs against each search backend."""
    return {"SEARCH_BACKEND": each_backend}


def found(text="", **kw):
    return search(SearchRequest(text=text, **kw)).ids


def test_a_committed_change_reaches_search_after_the_indexer_runs(make_therapist, index_now):
    t = make_therapist(bio="Walking therapy by the river.")
    assert found("river") == []  # not yet: web processes never write the index
    assert index_now() == 1
    assert found("river") == [t.id]

    t.bio = "Sessions in a quiet garden."
    db.session.commit()
    index_now()
    assert found("river") == []
    assert found("garden") == [t.id]


def test_changing_a_child_row_reindexes_its_therapist(make_therapist, index_now):
    t = make_therapist(approaches=("cbt",))
    index_now()
    t.approach_links.clear()
    db.session.commit()
    index_now()
    assert found(approaches=("cbt",)) == []


def test_unpublishing_or_deleting_removes_the_profile(make_therapist, index_now):
    hidden = make_therapist(bio="unique-word-one")
    deleted = make_therapist(bio="unique-word-two")
    index_now()
    hidden.status = ProfileStatus.HIDDEN
    db.session.delete(deleted)
    db.session.commit()
    index_now()
    assert found("unique") == []


def test_a_rolled_back_transaction_indexes_nothing(make_therapist, index_now):
    t = make_therapist()
    index_now()
    t.bio = "should never be searchable"
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 0
    index_now()
    assert found("searchable") == []


def test_rebuild_swaps_in_a_fresh_index_that_readers_pick_up(app, make_therapist, index_now):
    t = make_therapist(bio="meadow")
    assert found("meadow") == []
    count = backend().rebuild(db.session)
    assert count == 1
    assert found("meadow") == [t.id]


def test_check_reports_drift_and_repair_fixes_it(app, make_therapist, index_now):
    a = make_therapist(fee_min=100)
    b = make_therapist(fee_min=100)
    index_now()
    assert sync.check(db.session, backend()).clean
    # Change rows behind the outbox's back (as a bulk SQL update would).
    db.session.execute(db.update(Therapist).where(Therapist.id == a.id).values(fee_min=999))
    db.session.execute(
        db.update(Therapist).where(Therapist.id == b.id).values(status=ProfileStatus.HIDDEN)
    )
    db.session.execute(db.delete(SearchOutbox))
    db.session.commit()
    drift = sync.check(db.session, backend())
    assert drift.stale == [a.id] and drift.extra == [b.id] and not drift.clean
    sync.repair(db.session, drift)
    index_now()
    assert sync.check(db.session, backend()).clean
    assert found(max_fee=500) == []
