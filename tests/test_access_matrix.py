"""Who may open what: every route behind login, against every kind of visitor.

One row per route in ROUTES (add /admin and other areas' routes there); the test runs
once per kind of visitor and checks every route. Allowed: the page opens (no login
redirect, no 403, no 5xx). Refused: an anonymous visitor is sent to the login page,
anyone else gets 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from directory import accounts, profile_editor
from directory.extensions import db
from directory.models import Licence, ProfileLink, utcnow

ANONYMOUS, CLIENT, OTHER, OWNER, ADMIN = (
    "anonymous",
    "client",
    "another therapist",
    "the owner",
    "admin",
)
ROLES = (ANONYMOUS, CLIENT, OTHER, OWNER, ADMIN)
LOGGED_IN = frozenset({CLIENT, OTHER, OWNER, ADMIN})
# /manage pages have no profile id: each therapist gets their own profile there.
THERAPISTS = frozenset({OTHER, OWNER})


@dataclass(frozen=True)
class Route:
    """A route to check. `path` may name `{licence_id}` or `{link_id}` (one of the
    owner's licences or links) or `{therapist_id}` / `{slug}` (the owner's profile)."""

    method: str
    path: str
    allowed: frozenset
    data: dict = field(default_factory=dict)


ROUTES = [
    Route("GET", "/manage/", THERAPISTS),
    Route("GET", "/manage/preview", THERAPISTS),
    Route("GET", "/manage/about", THERAPISTS),
    Route("POST", "/manage/about", THERAPISTS),
    Route("GET", "/manage/practice", THERAPISTS),
    Route("POST", "/manage/practice", THERAPISTS),
    Route("GET", "/manage/location", THERAPISTS),
    Route("POST", "/manage/location", THERAPISTS),
    Route("GET", "/manage/fees", THERAPISTS),
    Route("POST", "/manage/fees", THERAPISTS),
    Route("GET", "/manage/languages", THERAPISTS),
    Route("POST", "/manage/languages", THERAPISTS),
    Route("GET", "/manage/contact", THERAPISTS),
    Route("POST", "/manage/contact", THERAPISTS),
    Route("GET", "/manage/licences", THERAPISTS),
    Route("POST", "/manage/licences", THERAPISTS),
    Route("POST", "/manage/licences/{licence_id}/remove", frozenset({OWNER})),
    Route("GET", "/manage/links", THERAPISTS),
    Route("POST", "/manage/links", THERAPISTS, {"kind": "website", "address": "rosa.example"}),
    Route("POST", "/manage/links/{link_id}/check", frozenset({OWNER})),
    Route("POST", "/manage/links/{link_id}/remove", frozenset({OWNER})),
    Route("GET", "/manage/availability", THERAPISTS),
    Route("POST", "/manage/availability", THERAPISTS, {"accepting": "yes"}),
    Route("POST", "/manage/submit", THERAPISTS),
    Route("POST", "/manage/hide", THERAPISTS),
    Route("POST", "/manage/unhide", THERAPISTS),
    Route("GET", "/account/", LOGGED_IN),
    Route("GET", "/account/password", LOGGED_IN),
    Route("POST", "/account/password", LOGGED_IN),
    Route("GET", "/account/delete", LOGGED_IN),
    Route("POST", "/account/delete", LOGGED_IN),
    Route("GET", "/admin/", frozenset({ADMIN})),
    Route("GET", "/admin/queue", frozenset({ADMIN})),
    Route("GET", "/admin/cases/{licence_id}", frozenset({ADMIN})),
    Route("GET", "/admin/therapists/{therapist_id}", frozenset({ADMIN})),
    Route("POST", "/admin/cases/{licence_id}/rerun", frozenset({ADMIN})),
    Route("POST", "/admin/cases/{licence_id}/approve", frozenset({ADMIN}), {"reason": "ok"}),
    Route("POST", "/admin/cases/{licence_id}/reject", frozenset({ADMIN}), {"reason": "no"}),
    Route("POST", "/admin/therapists/{therapist_id}/suspend", frozenset({ADMIN}), {"reason": "x"}),
    Route("POST", "/admin/therapists/{therapist_id}/restore", frozenset({ADMIN}), {"reason": "x"}),
    Route("POST", "/admin/cases/{licence_id}/manual", frozenset({ADMIN}), {"status": "mismatch"}),
    Route("GET", "/admin/audit", frozenset({ADMIN})),
    Route("GET", "/admin/ratings/", frozenset({ADMIN})),
]

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "correct horse battery staple"


def make_account(role: str, email: str, name: tuple[str, str] | None = None):
    user = accounts.create_user(email, PASSWORD, role)
    user.email_confirmed_at = utcnow()
    db.session.commit()
    if name:
        therapist = profile_editor.own_profile(user)
        therapist.first_name, therapist.last_name = name
        db.session.commit()
    return user


def log_in(client, email: str) -> None:
    token = _CSRF.search(client.get("/account/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/account/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, f"{email} could not log in"


class World:
    """Every kind of account, and the owner's objects that routes name."""

    def __init__(self):
        self.owner = make_account("therapist", "owner@example.org", ("Owen", "Ownerton"))
        make_account("therapist", "other@example.org", ("Olive", "Otherly"))
        make_account("client", "client@example.org")
        make_account("admin", "admin@example.org")
        self.emails = {
            OWNER: "owner@example.org",
            OTHER: "other@example.org",
            CLIENT: "client@example.org",
            ADMIN: "admin@example.org",
        }

    def values(self) -> dict:
        """Path values, made fresh: the owner always has a licence to point at."""
        therapist = self.owner.therapist
        if not therapist.licences:
            therapist.licences.append(
                Licence(jurisdiction="US-TX", licence_type="LPC", number=f"{len(ROUTES)}1")
            )
            db.session.commit()
        if not therapist.links:
            therapist.links.append(ProfileLink(kind="website", url="https://owen.example/"))
            db.session.commit()
        return {
            "link_id": therapist.links[0].id,
            "licence_id": therapist.licences[0].id,
            "therapist_id": therapist.id,
            "slug": therapist.slug,
        }


@pytest.mark.parametrize("role", ROLES)
def test_only_the_right_people_get_in(app, role):
    world = World()
    client = app.test_client()
    if role != ANONYMOUS:
        log_in(client, world.emails[role])
    token_page = "/account/login" if role == ANONYMOUS else "/account/"
    token = _CSRF.search(client.get(token_page).get_data(as_text=True)).group(1)

    wrong = []
    for route in ROUTES:
        path = route.path.format(**world.values())
        if route.method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={**route.data, "csrf_token": token})
        status = response.status_code
        location = response.headers.get("Location", "")
        sent_to_login = status == 302 and location.startswith("/account/login")
        if role in route.allowed:
            ok = status < 500 and status != 403 and not sent_to_login
            if ok and role == OTHER and route.method == "GET":
                ok = "Ownerton" not in response.get_data(as_text=True)
        elif role == ANONYMOUS:
            ok = sent_to_login
        else:
            ok = status == 403
        if not ok:
            wrong.append(f"{route.method} {path}: {status} {location}")
    assert not wrong, f"{role} got the wrong answer from:\n" + "\n".join(wrong)
