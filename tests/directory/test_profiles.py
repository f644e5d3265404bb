"""What a profile says about availability: accepting is a promise only when fresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.extensions import db
from directory.models import Therapist, VerificationCheck
from directory.profiles import availability, check_words

NOW = datetime(2026, 12, 8, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "accepting, days_ago, state, words",
    [
        (True, 3, "accepting", "Accepting new clients (confirmed 5 December 2026)"),
        (False, 3, "not_accepting", "Not taking new clients (confirmed 5 December 2026)"),
        (True, 45, "unknown", "Availability unknown: not confirmed recently"),
        (False, 45, "unknown", "Availability unknown: not confirmed recently"),
        (True, None, "unknown", "Availability unknown: not confirmed recently"),
    ],
)
def test_stale_availability_is_unknown_never_accepting(accepting, days_ago, state, words):
    confirmed = None if days_ago is None else NOW - timedelta(days=days_ago)
    therapist = Therapist(accepting_clients=accepting, accepting_confirmed_at=confirmed)
    shown = availability(therapist, now=NOW)
    assert (shown.state, shown.words) == (state, words)


def test_a_check_that_asked_no_register_never_says_the_register_lists_the_licence(
    make_therapist,
):
    therapist = make_therapist(
        licence={"jurisdiction": "GB", "licence_type": "PYL", "number": "ABC"}
    )
    [licence] = therapist.licences
    screened = VerificationCheck(licence=licence, verifier="uk-hcpc", kind="licence",
                                 status="mismatch", registry_title="HCPC Register",
                                 flags=["not_asked"])  # fmt: skip
    answered = VerificationCheck(licence=licence, verifier="uk-hcpc", kind="licence",
                                 status="mismatch", registry_title="HCPC Register")  # fmt: skip
    db.session.add_all([screened, answered])
    db.session.commit()
    said = check_words(licence, screened)
    assert said.startswith("Not checked: HCPC Register was not asked")
    assert "lists" not in said
    assert "HCPC Register lists this licence with other details" in check_words(licence, answered)
