"""Editor fixtures: a logged-in therapist, and posting a section as the browser would."""

from __future__ import annotations

import pytest

from directory.extensions import db
from tests.account_fixtures import Auth, csrf_token

# A complete, valid submission of every simple section.
VALID = {
    "about": {
        "first_name": "Rosa",
        "last_name": "Diaz",
        "credentials": "PhD, LPC",
        "pronouns": "she/her",
        "headline": "Calm, practical help with anxiety.",
        "bio": "I help adults with anxiety.\n\nSessions are paced by you.",
    },
    "fees": {
        "currency": "USD",
        "fee_min": "120",
        "fee_max": "150",
        "sliding_scale": "y",
        "sliding_scale_min": "60",
        "free_consultation": "y",
    },
    "languages": {"languages": ["en", "es"]},
    "contact": {
        "contact_email": "rosa@example.org",
        "phone": "+1 512 555 0100",
        "website": "https://example.org/rosa",
    },
    "location": {
        "offers_online": "y",
        "offers_in_person": "y",
        "region": "US-TX",
        "city": "Austin",
        "postcode": "78701",
        "street_address": "12 Quiet Lane",
    },
    "practice": {"approaches": ["cbt", "emdr"], "specialties": ["anxiety"], "top": ["grief"]},
    "licences": {"jurisdiction": "US-TX", "licence_type": "lpc", "number": "12345", "npi": ""},
}

SECTION_PATHS = {
    "about": "/manage/about",
    "fees": "/manage/fees",
    "languages": "/manage/languages",
    "clients": "/manage/clients",
    "identity": "/manage/identity",
    "contact": "/manage/contact",
    "location": "/manage/location",
    "practice": "/manage/practice",
    "licences": "/manage/licences",
}


class Editor(Auth):
    """A therapist's browser in the editor."""

    token: str | None = None  # the session's CSRF token, fetched once after login

    def login(self, *args, **kwargs):
        self.token = None
        return super().login(*args, **kwargs)

    def save(self, section: str, data: dict | None = None, **changes):
        """POST a section (the valid values, with `changes`), with a real CSRF token."""
        path = SECTION_PATHS[section]
        values = {**(VALID[section] if data is None else data), **changes}
        values = {k: v for k, v in values.items() if v is not None}
        if self.token is None:
            self.token = csrf_token(self.client, "/manage/")
        return self.client.post(path, data={**values, "csrf_token": self.token})

    def press(self, path: str):
        """Press a one-button form (submit, hide, unhide, availability...)."""
        return self.post(path, token_from="/manage/")

    @property
    def profile(self):
        db.session.expire_all()
        return self.user.therapist


@pytest.fixture
def editor(client, make_user):
    """A logged-in therapist whose profile exists (an empty draft)."""
    user = make_user("therapist", email="rosa@example.org")
    editor = Editor(client)
    editor.user = user
    assert editor.login("rosa@example.org").status_code == 302
    assert client.get("/manage/").status_code == 200
    return editor


@pytest.fixture
def complete(editor):
    """The editor, with every section filled in and one licence."""
    for section in VALID:
        response = editor.save(section)
        assert response.status_code == 302, (section, response.get_data(as_text=True)[-2000:])
    return editor
