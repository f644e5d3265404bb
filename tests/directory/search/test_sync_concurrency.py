"""Several processes committing at once leave an index equal to the database."""

from __future__ import annotations

import random
import time

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import ProfileStatus, Therapist
from directory.search import SearchRequest, search
from tests.concurrency import assert_index_matches_database, run_writers_with_indexer

WRITERS = 4
UPDATES_PER_WRITER = 40


@pytest.fixture
def config_overrides(each_backend):
    """With either backend: the outbox and the single drain are shared."""
    return {"SEARCH_BACKEND": each_backend}


def _edit_profiles(ids: list[int], seed: int) -> None:
    """One web process: commits profile changes one at a time, as requests would."""
    rng = random.Random(seed)
    for _ in range(UPDATES_PER_WRITER):
        therapist = db.session.get(Therapist, rng.choice(ids))
        therapist.fee_min = rng.randrange(50, 300)
        therapist.status = rng.choice(
            [ProfileStatus.PUBLISHED, ProfileStatus.PUBLISHED, ProfileStatus.HIDDEN]
        )
        db.session.commit()
        time.sleep(rng.random() / 100)


def test_four_writer_processes_leave_the_index_equal_to_the_database(app, make_therapist):
    ids = [make_therapist(fee_min=100).id for _ in range(20)]
    run_writers_with_indexer(app, _edit_profiles, [(ids, n) for n in range(WRITERS)], timeout=120)

    assert_index_matches_database(app)
    published = db.session.execute(
        select(Therapist.id, Therapist.fee_min).where(Therapist.status == ProfileStatus.PUBLISHED)
    ).all()
    results = search(SearchRequest(per_page=100))
    assert sorted(results.ids) == sorted(tid for tid, _ in published)
    cheapest = min(fee for _, fee in published)
    assert search(SearchRequest(max_fee=cheapest)).total == sum(
        1 for _, fee in published if fee == cheapest
    )
