"""Demo ratings, and the comment warnings moderators see."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from directory import accounts, demo
from directory.demo_content import REVIEW_SNIPPETS
from directory.extensions import db
from directory.models import ProfileStatus, Rating, RatingStatus, Therapist, User
from directory.ratings import aggregates, comments
from directory.search import SearchRequest, backend, search, sync

# -- demo data ----------------------------------------------------------------------------------


def test_demo_therapists_get_every_kind_of_rating_history(app):
    demo.seed_demo(db.session, 150)
    counts = dict(
        db.session.execute(
            select(Therapist.id, Therapist.rating_count).where(
                Therapist.status == ProfileStatus.PUBLISHED
            )
        ).all()
    )
    assert any(n == 0 for n in counts.values())
    assert any(n in (1, 2) for n in counts.values())
    assert sum(n >= 24 for n in counts.values()) >= 20  # many with dozens
    ratings = db.session.scalars(select(Rating)).all()
    assert sum(counts.values()) == len(ratings)
    assert all(r.is_demo and r.status == RatingStatus.APPROVED for r in ratings)
    assert {r.comment for r in ratings} - {""} <= set(REVIEW_SNIPPETS)
    assert 0.15 < sum(bool(r.comment) for r in ratings) / len(ratings) < 0.4
    # Unpublished demo profiles have none; the aggregates match the rows.
    assert db.session.scalar(
        select(func.count()).select_from(Rating).join(Therapist).where(
            Therapist.status != ProfileStatus.PUBLISHED
        )
    ) == 0  # fmt: skip
    assert aggregates.stored_aggregate_drift(db.session) == []


def test_demo_raters_are_fictional_clients_who_cannot_log_in(app):
    demo.seed_demo(db.session, 40)
    raters = db.session.scalars(
        select(User).where(User.id.in_(select(Rating.user_id).distinct()))
    ).all()
    assert raters and len(raters) <= demo.DEMO_CLIENTS
    for user in raters:
        assert user.email.startswith("demo-client-") and user.email.endswith("@example.org")
        assert user.role == "client" and not user.is_confirmed
        assert accounts.authenticate(user.email, "") is None
        assert accounts.authenticate(user.email, demo.DEMO_CLIENT_PASSWORD_HASH) is None


def test_seeding_again_adds_no_ratings_and_extending_keeps_the_first(app):
    demo.seed_demo(db.session, 60)
    before = db.session.execute(
        select(Rating.therapist_id, Rating.user_id, Rating.overall, Rating.comment).order_by(
            Rating.id
        )
    ).all()
    users = db.session.scalar(select(func.count()).select_from(User))
    assert demo.seed_demo(db.session, 60) == 0
    assert demo.seed_demo(db.session, 80) == 20
    after = db.session.execute(
        select(Rating.therapist_id, Rating.user_id, Rating.overall, Rating.comment).order_by(
            Rating.id
        )
    ).all()
    assert after[: len(before)] == before and len(after) > len(before)
    assert db.session.scalar(select(func.count()).select_from(User)) == users


def test_demo_ratings_are_searchable_after_the_seed_rebuild(app):
    demo.seed_demo(db.session, 60)
    backend().rebuild(db.session)
    app.extensions["search"].reset()
    assert sync.check(db.session, backend()).clean
    rated = search(SearchRequest(min_rating=1.0, per_page=100))
    shown = db.session.scalar(
        select(func.count()).where(
            Therapist.status == ProfileStatus.PUBLISHED,
            Therapist.rating_count >= 3,
            Therapist.verification_state == "verified",
        )
    )
    assert rated.total == shown > 0
    assert search(SearchRequest(text="patient")).total > 0


# -- warnings -----------------------------------------------------------------------------------


def kinds(text: str, *known: str) -> list[str]:
    return [w.kind for w in comments.comment_warnings(text, known)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She helped with my depression and my meds.", ["health"]),
        ("After my PTSD diagnosis I was nervous.", ["health"]),
        ("I was in hospital last year.", ["health"]),
        ("My husband Tom came to the first session.", ["name"]),
        ("Dr. Alvarez in the same practice was kind.", ["name"]),
        ("Priya at the front desk was lovely.", ["name"]),
        ("Call 512-555-0199 to book.", ["phone"]),
        ("Text (512) 555 0199.", ["phone"]),
        ("Ring +44 7700 900123.", ["phone"]),
        ("Ring ５１２ ５５５ ０１９９.", ["phone"]),  # full-width digits
        ("Write to me at sam.lee@example.com.", ["email"]),
        ("sam dot lee at gmail dot com", ["email"]),
        ("<script>alert(1)</script>", ["markup"]),
        ("<img src=x onerror=alert(1)>", ["markup"]),
    ],
)
def test_comments_that_may_identify_or_reveal_are_flagged(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Warm hospitality and a calm office.",
        "Sessions in 2019-2020 were always on time.",
        "Fees were $120 a session, as listed.",
        "Replied within 2 days, 3 times in a row.",
        *REVIEW_SNIPPETS,
    ],
)
def test_ordinary_comments_are_not_flagged(text):
    assert kinds(text) == []


def test_the_therapists_own_name_is_not_flagged():
    assert kinds("Ana replied fast; Dr. Ortiz was kind.", "Ana", "Ortiz") == []
    assert kinds("Ana replied fast; Dr. Ortiz was kind.") == ["name"]


def test_flagged_text_is_cut_into_highlightable_pieces():
    text = "Call 555-0123 about my anxiety."
    segments = comments.marked_segments(text, comments.comment_warnings(text))
    assert "".join(piece for piece, _ in segments) == text
    assert [piece for piece, flagged in segments if flagged] == ["555-0123", "anxiety"]
