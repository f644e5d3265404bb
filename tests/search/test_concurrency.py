"""Several processes committing at once leave an index equal to the database."""

from __future__ import annotations

import multiprocessing
import random
import time
from pathlib import Path

from sqlalchemy import select

from directory import create_app
from directory.extensions import db
from directory.models import ProfileStatus, Therapist
from directory.search import SearchRequest, search, sync

WRITERS = 4
UPDATES_PER_WRITER = 40


def _writer(config: dict, ids: list[int], seed: int) -> None:
    """One web process: commits profile changes one at a time, as requests would."""
    app = create_app(config)
    rng = random.Random(seed)
    with app.app_context():
        for _ in range(UPDATES_PER_WRITER):
            therapist = db.session.get(Therapist, rng.choice(ids))
            therapist.fee_min = rng.randrange(50, 300)
            therapist.status = rng.choice(
                [ProfileStatus.PUBLISHED, ProfileStatus.PUBLISHED, ProfileStatus.HIDDEN]
            )
            db.session.commit()
            time.sleep(rng.random() / 100)


def _indexer(config: dict, stop_event) -> None:
    """The single indexer, draining while the writers write."""
    app = create_app(config)
    root = Path(config["SEARCH_INDEX_DIR"])
    with app.app_context():
        while not stop_event.is_set():
            sync.drain_outbox(db.session, root, batch_size=25)
            db.session.remove()
            time.sleep(0.05)


def test_four_writer_processes_leave_the_index_equal_to_the_database(app, make_therapist):
    ids = [make_therapist(fee_min=100).id for _ in range(20)]
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SEARCH_INDEX_DIR")}
    config.update(TESTING=True, SECRET_KEY="x", INSTANCE_PATH=app.instance_path)

    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    indexer = ctx.Process(target=_indexer, args=(config, stop))
    indexer.start()
    writers = [ctx.Process(target=_writer, args=(config, ids, n)) for n in range(WRITERS)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=120)
        assert w.exitcode == 0
    time.sleep(0.5)
    stop.set()
    indexer.join(timeout=60)
    assert indexer.exitcode == 0

    root = Path(app.config["SEARCH_INDEX_DIR"])
    sync.drain_outbox(db.session, root)
    db.session.expire_all()
    drift = sync.check(db.session, root)
    assert drift.clean, drift
    assert drift.queued == 0
    published = db.session.execute(
        select(Therapist.id, Therapist.fee_min).where(Therapist.status == ProfileStatus.PUBLISHED)
    ).all()
    results = search(SearchRequest(per_page=100))
    assert sorted(results.ids) == sorted(tid for tid, _ in published)
    cheapest = min(fee for _, fee in published)
    assert search(SearchRequest(max_fee=cheapest)).total == sum(
        1 for _, fee in published if fee == cheapest
    )
