"""Aggregates: count, average and Bayesian score from approved ratings only, recomputed in
the transaction of every change, and what a profile shows from them."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from directory.extensions import db
from directory.models import Rating, Therapist
from directory.ratings import aggregates, display, moderation, reports, rules
from tests.rating_fixtures import GOOD


def stored(therapist) -> tuple:
    db.session.expire_all()
    row = db.session.get(Therapist, therapist.id)
    return row.rating_count, row.rating_average, row.rating_score


def bayes(*scores) -> float:
    return (5 * 3.5 + sum(scores)) / (5 + len(scores))


def test_the_bayesian_prior_is_five_ratings_of_three_and_a_half():
    assert aggregates.aggregate_values(0, 0) == {
        "rating_count": 0,
        "rating_average": None,
        "rating_score": 0.0,
    }
    # Below three ratings nothing is shown, so nothing is ranked either.
    assert aggregates.aggregate_values(2, 10)["rating_score"] == 0.0
    assert aggregates.aggregate_values(2, 10)["rating_average"] == 5.0
    assert aggregates.aggregate_values(3, 15)["rating_score"] == pytest.approx(32.5 / 8)
    many = aggregates.aggregate_values(200, 960)
    assert many["rating_average"] == 4.8
    assert many["rating_score"] == pytest.approx(977.5 / 205)
    # A few perfect ratings stay below many very good ones.
    assert aggregates.aggregate_values(10, 50)["rating_score"] < many["rating_score"]


def test_only_approved_ratings_count(make_therapist, rate):
    therapist = make_therapist()
    rate(therapist, overall=5)
    rate(therapist, overall=1, approve=False)
    rejected = rate(therapist, overall=1, approve=False)
    moderation.reject(rejected, "admin:a@example.org", "Not genuine.")
    assert stored(therapist) == (1, 5.0, 0.0)
    rate(therapist, overall=4)
    rate(therapist, overall=3)
    assert stored(therapist) == (3, 4.0, pytest.approx(bayes(5, 4, 3)))


def test_every_change_recomputes_in_its_own_transaction(make_therapist, make_user, rate):
    therapist = make_therapist()
    writer = make_user()
    mine = rate(therapist, overall=2, comment="Slow to reply.", user=writer)
    others = [rate(therapist, overall=5), rate(therapist, overall=4)]
    assert stored(therapist)[:2] == (3, pytest.approx(11 / 3))

    # New scores, same comment: counted at once.
    rules.edit_rating(mine, writer, rules.Scores(5, 5, 5, 5), "Slow to reply.")
    assert stored(therapist)[:2] == (3, pytest.approx(14 / 3))
    # A new comment: out of the aggregates until approved again.
    rules.edit_rating(mine, writer, rules.Scores(5, 5, 5, 5), "Replied in a week.")
    assert stored(therapist)[:2] == (2, 4.5)
    moderation.approve(mine, "admin:a@example.org")
    assert stored(therapist)[:2] == (3, pytest.approx(14 / 3))
    # An anonymous report leaves it counted until a moderator decides; an urgent report
    # from a confirmed account takes it out at once.
    reports.report(others[0], "not_genuine", "", None, "192.0.2.7")
    assert stored(therapist)[:2] == (3, pytest.approx(14 / 3))
    reports.report(others[0], "identifies", "", make_user(), "192.0.2.8")
    assert stored(therapist)[:2] == (2, 4.5)
    moderation.reject(others[0], "admin:a@example.org", "Not a client.")
    assert stored(therapist)[:2] == (2, 4.5)
    rules.delete_rating(mine, writer)
    assert stored(therapist) == (1, 4.0, 0.0)
    assert aggregates.stored_aggregate_drift(db.session) == []


def test_a_rolled_back_change_leaves_the_aggregates_as_they_were(make_therapist, rate):
    therapist = make_therapist()
    ratings = [rate(therapist, overall=4) for _ in range(3)]
    ratings[0].status = "rejected"
    db.session.flush()
    assert db.session.get(Therapist, therapist.id).rating_count == 2  # seen in the transaction
    db.session.rollback()
    assert stored(therapist)[:2] == (3, 4.0)


def test_the_drift_check_finds_aggregates_written_behind_the_hook(make_therapist, rate):
    therapist = make_therapist()
    rate(therapist, overall=4)
    assert aggregates.stored_aggregate_drift(db.session) == []
    db.session.execute(update(Therapist).values(rating_count=7))
    db.session.commit()
    assert aggregates.stored_aggregate_drift(db.session) == [therapist.id]
    aggregates.recompute_aggregates(db.session, [therapist.id])
    db.session.commit()
    assert aggregates.stored_aggregate_drift(db.session) == []


def test_a_rating_does_not_change_when_the_profile_was_last_edited(make_therapist, rate):
    therapist = make_therapist()
    before = db.session.get(Therapist, therapist.id).updated_at
    rate(therapist)
    db.session.expire_all()
    assert db.session.get(Therapist, therapist.id).updated_at == before


def test_distribution_aspects_and_comments_come_from_approved_ratings(make_therapist, rate):
    therapist = make_therapist()
    rate(therapist, overall=5, responsiveness=4, accuracy=5, respect=5)
    rate(
        therapist,
        overall=5,
        responsiveness=2,
        accuracy=4,
        respect=5,
        comment="Replied within a day and listened well.",
    )
    rate(therapist, overall=3, responsiveness=3, accuracy=3, respect=4)
    rate(therapist, overall=1, comment="Replied within a day and listened well.", approve=False)
    details = display.rating_details(db.session.get(Therapist, therapist.id))
    assert details.enough and details.count == 3 and details.average == 4.3
    assert details.distribution == {5: 2, 4: 0, 3: 1, 2: 0, 1: 0}
    assert details.aspects == {"responsiveness": 3.0, "accuracy": 4.0, "respect": 4.7}
    assert details.comment_count == 1 and len(details.comments) == 1


def test_nothing_but_the_count_is_given_below_three_ratings(make_therapist, rate):
    therapist = make_therapist()
    rate(therapist, overall=1, comment="Never replied.")
    rate(therapist, overall=2, comment="Listing was wrong.")
    details = display.rating_details(db.session.get(Therapist, therapist.id))
    assert not details.enough
    assert details.distribution == {} and details.aspects == {} and details.comments == []


def test_comments_are_anonymous_newest_first_and_only_approved(make_therapist, rate, make_user):
    therapist = make_therapist()
    old = rate(therapist, comment="Replied the same day.")
    rate(therapist, comment="")
    rate(therapist, comment="Kind and clear about fees.")
    rate(therapist, comment="Waiting for a moderator.", approve=False)
    db.session.execute(
        update(Rating)
        .where(Rating.id == old.id)
        .values(created_at=old.created_at.replace(year=2025, month=3))
    )
    db.session.commit()
    details = display.rating_details(db.session.get(Therapist, therapist.id))
    assert [c.text for c in details.comments] == [
        "Kind and clear about fees.",
        "Replied the same day.",
    ]
    assert details.comments[1].label == "a client, March 2025"
    assert details.comment_count == 2
    assert details.comments[0].label.startswith("a client, ")


def test_scores_count_in_the_aggregates_only_after_approval(make_therapist, make_user):
    therapist = make_therapist()
    ratings = [
        rules.submit_rating(make_user(), therapist, GOOD, "", contact_confirmed=True)
        for _ in range(3)
    ]
    assert stored(therapist) == (0, None, 0.0)
    for rating in ratings:
        moderation.approve(rating, "admin:a@example.org")
    assert stored(therapist) == (3, 5.0, pytest.approx(bayes(5, 5, 5)))
