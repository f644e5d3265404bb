"""Rate limits on rating (per account) and on reporting (per client address)."""

from __future__ import annotations

import pytest

from directory import create_app
from directory.extensions import db
from directory.models import ProfileStatus, Therapist, User, utcnow
from directory.ratings import moderation, rules
from tests.conftest import make_config
from tests.rating_fixtures import GOOD, form_data, login


@pytest.fixture
def limited(tmp_path):
    """An app with rate limits on (the shared test config turns them off), and no CSRF."""
    app = create_app(make_config(tmp_path, RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def therapists(n: int) -> list[Therapist]:
    rows = [
        Therapist(slug=f"limited-{i}", first_name="Lee", last_name=f"Doe{i}",
                  status=ProfileStatus.PUBLISHED)
        for i in range(n)
    ]  # fmt: skip
    db.session.add_all(rows)
    db.session.commit()
    return rows


def client_user(n: int) -> User:
    user = User(
        email=f"limited-{n}@example.org", password_hash="!", role="client",
        email_confirmed_at=utcnow(),
    )  # fmt: skip
    db.session.add(user)
    db.session.commit()
    return user


def test_the_sixth_rating_in_a_minute_is_refused_per_account(limited):
    people = therapists(7)
    client = limited.test_client()
    login(client, client_user(1))
    codes = [
        client.post(f"/therapists/{t.slug}/rate", data=form_data()).status_code for t in people[:6]
    ]
    assert codes == [302] * 5 + [429]
    response = client.post(f"/therapists/{people[6].slug}/rate", data=form_data())
    assert response.status_code == 429 and "Too many tries" in response.get_data(as_text=True)
    # Another account from the same address has its own count.
    other = limited.test_client()
    login(other, client_user(2))
    assert other.post(f"/therapists/{people[6].slug}/rate", data=form_data()).status_code == 302


def test_the_sixth_report_in_a_minute_from_one_address_is_refused(limited):
    (therapist,) = therapists(1)
    ratings = []
    for n in range(10):  # enough that six reports leave the rest shown
        rating = rules.submit_rating(client_user(10 + n), therapist, GOOD, f"Comment {n}", True)
        moderation.approve(rating, "admin:a@example.org")
        ratings.append(rating)
    client = limited.test_client()

    def report(rating, address):
        return client.post(
            f"/ratings/{rating.id}/report",
            data={"category": "abusive"},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    assert [report(r, "203.0.113.5") for r in ratings[:5]] == [302] * 5
    assert report(ratings[5], "203.0.113.5") == 429
    assert report(ratings[5], "198.51.100.20") == 302
