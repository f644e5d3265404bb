"""Four processes rating and approving at once lose nothing, and leave every aggregate
equal to a recomputation and the index equal to the database."""

from __future__ import annotations

import random
import threading
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.extensions import db
from directory.models import Rating, RatingStatus, Role, Therapist, User
from directory.ratings import aggregates, moderation, rules
from directory.search import SearchRequest, search
from tests.concurrency import assert_index_matches_database, run_writers_with_indexer

WRITERS = 4
RATINGS_PER_WRITER = 50
THERAPISTS = 4


def _rate_and_approve(user_ids: list[int], therapist_ids: list[int], seed: int) -> None:
    """One web process: clients submit ratings, and an admin approves most of them."""
    rng = random.Random(seed)
    for n, user_id in enumerate(user_ids):
        user = db.session.get(User, user_id)
        # Every process rates every therapist, so they contend for the same rows.
        therapist = db.session.get(Therapist, therapist_ids[(n + seed) % len(therapist_ids)])
        score = rng.randint(1, 5)
        rating = rules.submit_rating(
            user,
            therapist,
            rules.Scores(score, rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5)),
            rng.choice(["", "Replied quickly.", "Patient and clear."]),
            contact_confirmed=True,
        )
        if rng.random() < 0.75:
            moderation.approve(rating, f"admin:writer-{seed}@example.org")
        if rng.random() < 0.2:
            # Approve someone else's pending rating too: two admins at work.
            other = db.session.scalar(
                select(Rating).where(Rating.status == RatingStatus.PENDING).limit(1)
            )
            if other is not None:
                moderation.approve(other, f"admin:writer-{seed}@example.org")
        db.session.remove()
        time.sleep(rng.random() / 200)


def test_four_processes_rating_at_once_lose_nothing_and_agree(app, make_therapist):
    therapist_ids = [make_therapist().id for _ in range(THERAPISTS)]
    users = [
        User(email=f"concurrent-{n}@example.org", password_hash="!", role=Role.CLIENT,
             email_confirmed_at=db.func.now())
        for n in range(WRITERS * RATINGS_PER_WRITER)
    ]  # fmt: skip
    db.session.add_all(users)
    db.session.commit()
    user_ids = [u.id for u in users]
    run_writers_with_indexer(
        app,
        _rate_and_approve,
        [(user_ids[n::WRITERS], therapist_ids, n) for n in range(WRITERS)],
        timeout=300,
    )

    db.session.expire_all()
    # None lost: every client's rating is there, once.
    assert db.session.scalar(select(func.count()).select_from(Rating)) == len(user_ids)
    assert set(db.session.scalars(select(Rating.user_id))) == set(user_ids)
    # Every stored aggregate equals a recomputation from the ratings.
    assert aggregates.stored_aggregate_drift(db.session) == []
    approved = db.session.scalar(select(func.count()).where(Rating.status == RatingStatus.APPROVED))
    assert db.session.scalar(select(func.sum(Therapist.rating_count))) == approved
    # And the index agrees with the database.
    assert_index_matches_database(app)
    shown = db.session.scalars(
        select(Therapist.id).where(Therapist.rating_count >= 3, Therapist.rating_average >= 3.0)
    ).all()
    assert sorted(search(SearchRequest(min_rating=3.0, per_page=50)).ids) == sorted(shown)


def test_two_approvals_committing_at_once_both_count(app, make_therapist, rate):
    """The second transaction recomputes after the first commits, so it sees both.

    Without the row lock, PostgreSQL would let the second read the approved ratings
    before the first committed and then overwrite the count with 1.
    """
    therapist = make_therapist()
    first, second = rate(therapist, approve=False), rate(therapist, approve=False)
    done = threading.Event()

    def approve_second() -> None:
        with app.app_context():
            moderation.approve(db.session.get(Rating, second.id), "admin:two@example.org")
            done.set()

    with Session(db.engine) as session:
        rating = session.get(Rating, first.id)
        rating.status = RatingStatus.APPROVED
        session.flush()  # recomputed (count 1) and the therapist row locked, not committed
        worker = threading.Thread(target=approve_second)
        worker.start()
        # The second approval waits for this transaction (a row lock on PostgreSQL, the
        # database lock on SQLite) rather than reading around it.
        assert not done.wait(timeout=1.0)
        session.commit()
    worker.join(timeout=60)
    assert done.is_set()
    db.session.expire_all()
    assert db.session.get(Therapist, therapist.id).rating_count == 2
    assert aggregates.stored_aggregate_drift(db.session) == []
