"""A therapist can never set verification, publication or rating fields, whatever they post."""

from __future__ import annotations

from directory.extensions import db

from .conftest import VALID

PROTECTED = {
    "status": "published",
    "verification_state": "verified",
    "verified_at": "2020-01-01T00:00:00",
    "rating_count": "500",
    "rating_average": "5.0",
    "rating_score": "99",
    "is_demo": "y",
    "slug": "someone-else",
    "user_id": "1",
    "id": "999",
    "accepting_confirmed_at": "2099-01-01",
    "licence_status": "verified",
    "queued_at": "",
    "attempts": "0",
    "expires_on": "2099-01-01",
    "therapist_id": "1",
}


def protected_state(therapist) -> dict:
    db.session.expire_all()
    return {
        "status": therapist.status,
        "verification_state": therapist.verification_state,
        "verified_at": therapist.verified_at,
        "rating": (therapist.rating_count, therapist.rating_average, therapist.rating_score),
        "is_demo": therapist.is_demo,
        "slug": therapist.slug,
        "user_id": therapist.user_id,
        "id": therapist.id,
        "accepting_confirmed_at": therapist.accepting_confirmed_at,
        "licences": [
            (lic.status, lic.verified_at, lic.expires_on, lic.attempts, lic.therapist_id)
            for lic in therapist.licences
        ],
    }


def test_posting_protected_fields_with_every_section_changes_none_of_them(complete):
    for section in VALID:
        before = protected_state(complete.profile)
        data = VALID[section]
        if section == "licences":
            data = {**data, "number": "55555"}
        response = complete.save(section, {**data, **PROTECTED})
        assert response.status_code == 302, section  # the section itself saved
        after = protected_state(complete.profile)
        if section == "licences":
            # The new licence starts unchecked, whatever was posted.
            new = after["licences"].pop()
            assert new[0] == "pending" and new[1] is None and new[2] is None
        assert after == before, section
    assert complete.profile.status == "draft"
