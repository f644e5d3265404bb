"""What each outcome tells the therapist: advice true to the answer, which outcomes need
them (and are mailed), and a licence's timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from directory import outcomes, workbench
from directory.extensions import db
from directory.models import Licence, ProfileStatus, VerificationCheck, utcnow


@pytest.fixture
def licence(make_therapist):
    therapist = make_therapist(
        first_name="Ana",
        last_name="Lopez",
        status=ProfileStatus.SUBMITTED,
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"},
    )
    return therapist.licences[0]


def answer(licence: Licence, status: str, days_ago: float = 0, **fields) -> VerificationCheck:
    values = {
        "verifier": "tx-bhec",
        "kind": "licence",
        "registry_title": "Texas BHEC",
        "checked_at": utcnow() - timedelta(days=days_ago),
        **fields,
    }
    check = VerificationCheck(licence=licence, status=status, **values)
    db.session.add(check)
    db.session.commit()
    return check


def test_a_type_the_board_does_not_issue_never_reads_as_the_registry_listing_it(licence):
    licence.licence_type = "NPI"
    check = answer(licence, "mismatch", summary="BHEC does not issue 'NPI' licences")
    advice = outcomes.advice_for(check)
    assert "Texas does not issue NPI licences, so the board was not asked" in advice
    assert "lists" not in advice


def test_a_number_the_board_was_never_asked_about_says_so_and_what_to_fix(licence):
    licence.number = "ABC"
    check = answer(licence, "mismatch", flags=["not_asked"], summary="'ABC' has no digits")
    advice = outcomes.advice_for(check)
    assert "Texas BHEC was not asked" in advice and "check the number" in advice
    assert "does not match" not in advice and "an admin will compare" not in advice


def test_a_level_below_the_claim_says_which_level_the_board_records(licence):
    check = answer(licence, "mismatch", level="supervised", name_on_record="ANA LOPEZ")
    advice = outcomes.advice_for(check)
    assert "for practice under supervision, not for independent practice" in advice
    assert outcomes.needs_therapist(check)


def test_an_answer_that_does_not_say_what_differed_does_not_guess(licence):
    advice = outcomes.advice_for(answer(licence, "mismatch", name_on_record="ANA LOPEZ"))
    assert "does not match every detail" in advice and "an admin will compare" in advice


def test_after_an_admin_decided_the_advice_no_longer_promises_a_comparison(licence):
    licence.decision, licence.decision_reason = "rejected", "The board lists another address."
    check = answer(licence, "mismatch", name_on_record="ANA LOPEZ")
    needed = outcomes.actions_needed(licence, [check])
    assert needed[0] == "An admin rejected this licence: The board lists another address."
    assert "an admin will compare" not in needed[1] and "the admin's reason" in needed[1]


def test_a_uk_membership_is_called_a_membership_in_the_advice(licence):
    licence.jurisdiction, licence.licence_type, licence.number = "GB", "BACP", "00123456"
    check = answer(licence, "verified", verifier="manual", kind="membership",
                   registry_title="BACP Register")  # fmt: skip
    advice = outcomes.advice_for(check)
    assert advice == "BACP Register confirms membership 00123456: nothing to do."
    missing = outcomes.advice_for(answer(licence, "not_found", registry_title="BACP Register"))
    assert "has no membership 00123456 on record for the United Kingdom" in missing


def test_outcomes_that_need_nothing_send_nothing_and_a_week_offline_does(licence):
    assert not outcomes.needs_therapist(answer(licence, "verified", days_ago=10))
    first = answer(licence, "error", days_ago=8)
    assert not outcomes.needs_therapist(first)  # an outage, on its first day
    latest = answer(licence, "error", days_ago=0)
    assert outcomes.needs_therapist(latest)
    assert "since" in outcomes.advice_for(latest)
    exclusion = answer(licence, "mismatch", kind="exclusion", verifier="oig-leie",
                       flags=["possible_match"])  # fmt: skip
    assert outcomes.needs_therapist(exclusion)
    exclusion.cleared_at = utcnow()
    assert not outcomes.needs_therapist(exclusion)


def test_the_timeline_tells_the_licences_story_without_the_admins_name(licence):
    licence.created_at = utcnow() - timedelta(days=3)
    answer(licence, "mismatch", days_ago=2, name_on_record="ANNA SMYTHE")
    workbench.reject(licence, "admin:boss@example.org", "The board lists someone else.")
    licence.therapist.status = ProfileStatus.PUBLISHED
    licence.last_checked_at = utcnow() - timedelta(days=2)
    db.session.commit()
    moments = outcomes.timeline(licence)
    titles = [m.title for m in moments]
    assert titles[0] == "Added to your profile"
    assert "Checked with Texas BHEC" in titles
    assert "An admin rejected this licence" in titles
    assert titles[-1] == "Next scheduled re-check"
    assert moments[-1].at.date() == (utcnow() + timedelta(days=28)).date()
    text = " ".join(f"{m.title} {m.detail}" for m in moments)
    assert "The board lists someone else." in text and "boss@example.org" not in text


@pytest.mark.parametrize(
    ("verifier", "kind", "status", "label"),
    [
        ("oig-leie", "exclusion", "verified", "Not listed"),
        ("oig-leie", "exclusion", "mismatch", "Possible match"),
        ("oig-leie", "exclusion", "sanctioned", "Listed"),
        ("nppes", "identity", "verified", "Confirmed"),
        ("tx-bhec", "licence", "error", "Not reached"),
        ("manual", "licence", "error", "Not checked yet"),
        ("tx-bhec", "licence", "not_found", "Not found"),
        ("tx-bhec", "licence", "verified", "Verified"),
    ],
)
def test_an_answer_is_labelled_by_what_its_register_proves(licence, verifier, kind, status, label):
    check = answer(licence, status, verifier=verifier, kind=kind)
    assert outcomes.status_label(check) == label


def test_once_rejected_a_licences_own_answers_advise_the_rejection_not_a_check_to_come(
    licence,
):
    waiting = answer(licence, "error", verifier="manual")
    assert "an admin will check licence 12345 by hand" in outcomes.advice_now(waiting)
    workbench.reject(licence, "admin:boss@example.org", "Not on the register.")
    assert outcomes.advice_now(waiting) == "An admin rejected this licence: Not on the register."
    # The timeline keeps what each answer said when it came.
    assert "by hand" in outcomes.advice_for(waiting)
