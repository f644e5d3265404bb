"""Rating-aware search: sort by the Bayesian score, the minimum-rating filter, approved
comment text, and an index that follows every approval, edit, deletion and report."""

from __future__ import annotations

from sqlalchemy import insert

from directory.extensions import db
from directory.models import Rating, RatingStatus, Role, User
from directory.ratings import aggregates, display, moderation, reports, rules
from directory.search import SearchRequest, backend, search, sync


def index_is_clean(app) -> bool:
    return sync.check(db.session, backend()).clean


def bulk_ratings(therapist, scores: list[int]) -> None:
    """Many approved ratings at once, through the ORM so the hooks run."""
    users = [User(email=f"bulk-{therapist.id}-{n}@example.org", password_hash="!", role=Role.CLIENT)
             for n in range(len(scores))]  # fmt: skip
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(
        Rating(therapist_id=therapist.id, user_id=u.id, overall=s, responsiveness=s,
               accuracy=s, respect=s, status=RatingStatus.APPROVED, contact_confirmed=True)
        for u, s in zip(users, scores, strict=True)
    )  # fmt: skip
    db.session.commit()


def test_one_perfect_rating_does_not_outrank_two_hundred_averaging_4_8(
    app, make_therapist, rate, index_now
):
    one_perfect = make_therapist()
    rate(one_perfect, overall=5)
    three_perfect = make_therapist()
    for _ in range(3):
        rate(three_perfect, overall=5)
    many_good = make_therapist()
    bulk_ratings(many_good, [5] * 160 + [4] * 40)  # 200 ratings, average 4.8
    unrated = make_therapist()
    index_now()
    assert index_is_clean(app)
    assert search(SearchRequest(sort="rating")).ids == [
        many_good.id,
        three_perfect.id,
        one_perfect.id,
        unrated.id,
    ]


def test_the_minimum_rating_filter_counts_shown_ratings_only(make_therapist, rate, index_now):
    good = make_therapist()
    for score in (5, 4, 4):
        rate(good, overall=score)
    mixed = make_therapist()
    for score in (5, 3, 3):
        rate(mixed, overall=score)
    two_perfect = make_therapist()  # too few to show, so not "4 and up" either
    rate(two_perfect, overall=5)
    rate(two_perfect, overall=5)
    index_now()
    assert search(SearchRequest(min_rating=4.0)).ids == [good.id]
    assert sorted(search(SearchRequest(min_rating=3.0)).ids) == sorted([good.id, mixed.id])


def test_approved_comment_text_is_searchable_and_nothing_else(make_therapist, rate, index_now):
    therapist = make_therapist(bio="I offer a calm space.")
    rate(therapist, comment="Very patient with all my questions.")
    rate(therapist, comment="Explained the fees clearly.")
    rate(therapist, comment="Punctual and kind.", approve=False)
    index_now()
    # Two approved ratings: nothing is shown, so nothing is searchable.
    assert search(SearchRequest(text="patient")).ids == []
    rate(therapist)
    index_now()
    assert search(SearchRequest(text="patient")).ids == [therapist.id]
    assert search(SearchRequest(text="explained")).ids == [therapist.id]
    assert search(SearchRequest(text="punctual")).ids == []


def test_the_index_follows_every_approval_edit_deletion_and_report(
    app, make_therapist, make_user, rate, index_now
):
    therapist = make_therapist()
    writer = make_user()
    mine = rate(therapist, overall=5, comment="Wonderfully patient.", user=writer, approve=False)
    others = [rate(therapist, overall=4, comment="Replied fast.") for _ in range(2)]

    def state():
        index_now()
        assert index_is_clean(app)
        return (
            search(SearchRequest(min_rating=4.0)).ids == [therapist.id],
            search(SearchRequest(text="patient")).ids == [therapist.id],
        )

    assert state() == (False, False)  # two approved: nothing shown yet
    moderation.approve(mine, "admin:a@example.org")
    assert state() == (True, True)
    rules.edit_rating(mine, writer, rules.Scores(1, 1, 1, 1), "Wonderfully patient.")
    assert state() == (False, True)  # average 3.0 now
    rules.edit_rating(mine, writer, rules.Scores(5, 5, 5, 5), "Kind.")
    assert state() == (False, False)  # back in moderation: two shown ratings left
    moderation.approve(mine, "admin:a@example.org")
    assert state() == (True, False)  # "patient" is gone with the old comment
    reports.report(others[0], "not_genuine", "", None, "192.0.2.1")
    assert state() == (True, False)  # still shown while a moderator looks
    reports.report(others[0], "health", "", make_user(), "192.0.2.2")
    assert state() == (False, False)
    moderation.approve(others[0], "admin:a@example.org")
    assert state() == (True, False)
    rules.delete_rating(mine, writer)
    assert state() == (False, False)


def test_a_rating_waiting_for_moderation_costs_the_indexer_nothing(
    app, make_therapist, make_user, rate, index_now
):
    therapist = make_therapist()
    index_now()
    waiting = rate(therapist, overall=5, comment="Kind and clear.", approve=False)
    assert index_now() == 0  # nothing a visitor can see has changed
    moderation.approve(waiting, "admin:a@example.org")
    assert index_now() == 1
    assert index_is_clean(app)


def test_a_therapist_with_ratings_leaves_search_when_hidden(make_therapist, rate, index_now):
    therapist = make_therapist()
    for _ in range(3):
        rate(therapist, comment="Patient and kind.")
    index_now()
    assert search(SearchRequest(text="patient")).ids == [therapist.id]
    therapist.status = "hidden"
    db.session.commit()
    index_now()
    assert search(SearchRequest(text="patient")).ids == []


def test_bulk_inserted_ratings_reach_the_index_through_a_rebuild(app, make_therapist, index_now):
    therapist = make_therapist()
    user_ids = [
        db.session.execute(
            insert(User).values(email=f"c{n}@example.org", password_hash="!", role="client")
        ).inserted_primary_key[0]
        for n in range(3)
    ]
    db.session.execute(
        insert(Rating),
        [
            dict(therapist_id=therapist.id, user_id=uid, overall=5, responsiveness=5,
                 accuracy=5, respect=5, status="approved", comment="Patient.")
            for uid in user_ids
        ],
    )  # fmt: skip
    aggregates.recompute_aggregates(db.session, [therapist.id])
    db.session.commit()
    backend().rebuild(db.session)
    app.extensions["search"].reset()
    assert search(SearchRequest(text="patient", min_rating=4.5)).ids == [therapist.id]


def test_only_the_comments_a_profile_shows_are_searchable(make_therapist, rate, index_now):
    therapist = make_therapist()
    oldest = [rate(therapist, comment="Punctual every time.") for _ in range(5)]
    for rating in oldest:
        rating.created_at = rating.created_at.replace(year=2024)
    db.session.commit()
    for _ in range(display.COMMENTS_SHOWN):
        rate(therapist, comment="Kind and clear.")
    index_now()
    assert search(SearchRequest(text="kind")).ids == [therapist.id]
    assert search(SearchRequest(text="punctual")).ids == []  # older than the newest 20


def test_an_index_that_calls_comments_reviews_is_out_of_date(tmp_path):
    # Indexes built before the field was renamed must be rebuilt, not written to.
    from whoosh import index as whoosh_index
    from whoosh.fields import Schema

    from directory.search.whoosh.schema import build_schema
    from directory.search.whoosh.storage import schema_is_current

    fields = dict(build_schema().items())
    fields["reviews"] = fields.pop("comments")
    old = whoosh_index.create_in(str(tmp_path), Schema(**fields))
    assert not schema_is_current(old)
    assert schema_is_current(whoosh_index.create_in(str(tmp_path), build_schema()))
