"""Rating fixtures: clients, admins and therapist accounts, ratings, and logging in.

Imported by the conftest.py of tests/directory/ratings and tests/directory/views/ratings.
"""

from __future__ import annotations

import itertools
import re

import pytest

from directory.auth import login_clock
from directory.extensions import db
from directory.models import Rating, Role, User, utcnow
from directory.ratings import moderation, rules

_numbers = itertools.count(1)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

GOOD = rules.Scores(overall=5, responsiveness=5, accuracy=4, respect=5)


@pytest.fixture
def make_user(app):
    """An account row made directly (no password hashing): confirmed unless told otherwise."""

    def make(role: str = Role.CLIENT, confirmed: bool = True, **fields) -> User:
        n = next(_numbers)
        user = User(
            email=f"{role}-{n}@example.org",
            password_hash="!test",
            role=str(role),
            email_confirmed_at=utcnow() if confirmed else None,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def admin(make_user):
    """An admin account."""
    return make_user(Role.ADMIN)


@pytest.fixture
def rate(make_user):
    """Submit a rating from a new (or given) client; approve it unless told not to."""

    def submit(
        therapist,
        overall: int = 5,
        comment: str = "",
        user: User | None = None,
        approve: bool = True,
        **aspects,
    ) -> Rating:
        scores = rules.Scores(
            overall=overall,
            responsiveness=aspects.get("responsiveness", overall),
            accuracy=aspects.get("accuracy", overall),
            respect=aspects.get("respect", overall),
        )
        rating = rules.submit_rating(
            user or make_user(), therapist, scores, comment, contact_confirmed=True
        )
        if approve:
            moderation.approve(rating, "admin:test@example.org")
        return rating

    return submit


def login(client, user: User) -> None:
    """Log a test client in as `user` (the session Flask-Login would write)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session.update(login_clock(user))


def token(client, path: str) -> str:
    """The CSRF token of the form on `path`, for this client's session."""
    match = _CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no form on {path}"
    return match.group(1)


def form_data(overall="5", responsiveness="4", accuracy="4", respect="5", **extra) -> dict:
    """What the rating form posts."""
    return {
        "overall": overall,
        "responsiveness": responsiveness,
        "accuracy": accuracy,
        "respect": respect,
        "comment": "",
        "contact_confirmed": "y",
        **extra,
    }
