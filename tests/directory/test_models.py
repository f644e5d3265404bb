"""Stored times come back as they went in: aware, in UTC, on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from directory.extensions import db
from directory.models import SearchOutbox, Therapist


def _read_back(therapist_id: int) -> Therapist:
    db.session.expire_all()
    return db.session.get(Therapist, therapist_id)


def test_a_stored_time_reads_back_aware_and_in_utc(make_therapist):
    confirmed = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    therapist = make_therapist(accepting_confirmed_at=confirmed)

    read = _read_back(therapist.id)

    assert read.accepting_confirmed_at.tzinfo is UTC
    assert read.accepting_confirmed_at == confirmed
    # Defaults too: a time the database filled in compares with the clock without error.
    assert read.created_at.tzinfo is UTC
    assert datetime.now(UTC) - read.created_at < timedelta(minutes=5)


def test_a_time_in_another_zone_is_stored_as_the_same_moment(make_therapist):
    in_berlin = datetime(2026, 3, 5, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    therapist = make_therapist(verified_at=in_berlin)

    read = _read_back(therapist.id)

    assert read.verified_at == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    assert read.verified_at.tzinfo is UTC


def test_a_naive_time_is_taken_as_utc(make_therapist):
    therapist = make_therapist(accepting_confirmed_at=datetime(2026, 3, 5, 9, 30))

    read = _read_back(therapist.id)

    assert read.accepting_confirmed_at == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)


def test_an_aggregate_of_times_is_aware_too(app):
    db.session.add(SearchOutbox(therapist_id=1, created_at=datetime(2026, 1, 2, tzinfo=UTC)))
    db.session.add(SearchOutbox(therapist_id=2, created_at=datetime(2026, 1, 1, tzinfo=UTC)))
    db.session.commit()

    oldest = db.session.scalar(db.select(db.func.min(SearchOutbox.created_at)))

    assert oldest == datetime(2026, 1, 1, tzinfo=UTC)
