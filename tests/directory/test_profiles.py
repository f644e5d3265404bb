"""What a profile says about availability: accepting is a promise only when fresh."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from directory.extensions import db
from directory.models import Therapist, VerificationCheck
from directory.profiles import availability, check_words
from tests.account_fixtures import page_text

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


def stored_answers(make_therapist, licence: dict, register: str, *answers: dict):
    """A therapist's one licence, and the stored answers (status and fields) about it."""
    [held] = make_therapist(licence=licence).licences
    verifier = {"GB": "uk-hcpc"}.get(licence["jurisdiction"], "co-dora")
    checks = [
        VerificationCheck(licence=held, verifier=verifier, kind="licence",
                          registry_title=register, **answer)
        for answer in answers
    ]  # fmt: skip
    db.session.add_all(checks)
    db.session.commit()
    return held, checks


def test_a_check_that_asked_no_register_never_says_the_register_lists_the_licence(
    make_therapist,
):
    licence, (screened, answered) = stored_answers(
        make_therapist,
        {"jurisdiction": "GB", "licence_type": "PYL", "number": "ABC"},
        "HCPC Register",
        {"status": "mismatch", "flags": ["not_asked"]},
        {"status": "mismatch"},
    )
    said = check_words(licence, screened)
    assert said.startswith("Not checked: HCPC Register was not asked")
    assert "lists" not in said
    assert "HCPC Register lists this licence with other details" in check_words(licence, answered)


def test_a_licence_left_to_a_person_never_reads_as_a_register_that_could_not_be_reached(
    make_therapist,
):
    licence, (left_to_a_person, unreachable) = stored_answers(
        make_therapist,
        {"jurisdiction": "US-CO", "licence_type": "LPC", "number": "12345"},
        "Colorado DORA",
        {"status": "error", "registry_details": {"manual_check": True}},
        {"status": "error"},
    )
    said = check_words(licence, left_to_a_person)
    assert said == "Waiting for a check by hand by the Solace team against Colorado DORA."
    assert "could not be reached" in check_words(licence, unreachable)


def test_a_register_unreachable_for_days_never_shows_a_promise_already_past(make_therapist):
    licence, (recent, old) = stored_answers(
        make_therapist,
        {"jurisdiction": "US-CO", "licence_type": "LPC", "number": "12345"},
        "Colorado DORA",
        {"status": "error", "checked_at": NOW - timedelta(hours=3)},
        {"status": "error", "checked_at": NOW - timedelta(days=10)},
    )
    assert "we will check again by" in check_words(licence, recent, now=NOW)
    said = check_words(licence, old, now=NOW)
    assert "we will check again by" not in said
    assert said.startswith("Colorado DORA could not be reached when we last asked, on ")
    assert said.endswith("we are still trying.")


@pytest.mark.parametrize(("days_ago", "shown"), [(10, "not on"), (90, "could not be read")])
def test_an_exclusion_list_outage_shows_its_last_answer_while_that_is_recent(
    app, make_therapist, days_ago, shown
):
    """A profile beside "Verified" says what the exclusion list last answered, with its
    date, rather than today's outage; an answer older than the grace period (60 days)
    says nothing about today, so the outage is what shows."""
    now = datetime.now(UTC)
    therapist = make_therapist(
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"}
    )
    [held] = therapist.licences
    db.session.add_all(
        VerificationCheck(licence=held, verifier="oig-leie", kind="exclusion",
                          registry_title="the OIG exclusion list", status=status,
                          checked_at=now - timedelta(days=ago))
        for status, ago in (("verified", days_ago), ("error", 0))
    )  # fmt: skip
    db.session.commit()
    page = page_text(app.test_client().get(f"/therapists/{therapist.slug}"))
    line = re.search(r"Exclusion list: [^.]*\.", page).group(0)
    assert shown in line
    if shown == "not on":
        then = now - timedelta(days=days_ago)
        assert line.endswith(f"(checked {then.day} {then:%B %Y}).")
        assert "could not be read" not in page


def test_a_licence_line_is_the_real_answer_when_another_register_could_not_be_asked(
    app, make_therapist
):
    now = datetime.now(UTC)
    therapist = make_therapist(
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"}
    )
    [held] = therapist.licences
    db.session.add_all(
        VerificationCheck(licence=held, verifier=verifier, kind="licence", status=status,
                          registry_title=title, checked_at=now - timedelta(days=ago))
        for verifier, title, status, ago in (
            ("manual", "the Texas BHEC lookup", "verified", 20),
            ("tx-bhec", "Texas BHEC", "error", 0),
        )
    )  # fmt: skip
    db.session.commit()
    page = page_text(app.test_client().get(f"/therapists/{therapist.slug}"))
    assert "could not be reached" not in page
    then = now - timedelta(days=20)
    assert f"{then.day} {then:%B %Y}" in page
