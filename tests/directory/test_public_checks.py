"""Public checks: which registers answer, their answers in plain words, the person on
Solace, the day-long cache, the ceiling, and what is (not) kept about who asked."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from directory import public_checks
from directory.extensions import db
from directory.models import PublicCheck, utcnow
from directory.public_checks import CheckQuestion
from tests.check_fixtures import *  # noqa: F403
from tests.check_fixtures import listed_therapist
from verifiers import Kind, Status, VerificationResult


def asked(**fields) -> CheckQuestion:
    return CheckQuestion(**{"jurisdiction": "US-TX", **fields})


def ask(question: CheckQuestion) -> PublicCheck:
    """Ask, and read the check back as the worker (inline here) left it."""
    check = public_checks.ask(question)
    db.session.refresh(check)
    return check


def words(check: PublicCheck) -> dict[str, public_checks.AnswerWords]:
    question = public_checks.question_of(check)
    return {a["verifier"]: public_checks.answer_words(a, question) for a in check.answers}


def test_a_listed_therapist_is_licensed_and_linked(capp):
    therapist = listed_therapist()
    question = asked(first_name="Marta", last_name="Álvarez")
    check = ask(question)
    said = words(check)
    assert check.state == "done"
    assert said["tx-bhec"].headline == "Licensed" and said["tx-bhec"].tone == "good"
    assert "independent practice" in said["tx-bhec"].detail
    assert said["oig-leie"].headline == "Not on the exclusion list"
    assert public_checks.listed_therapists(question) == [therapist]


def test_an_unlisted_licensed_person_is_licensed_at_their_level_and_not_on_solace(capp):
    listed_therapist()
    question = asked(first_name="Jade", last_name="Harper")
    said = words(ask(question))
    assert said["tx-bhec"].headline == "Licensed"
    assert "practice under supervision" in said["tx-bhec"].detail
    [match] = said["tx-bhec"].matches
    assert match.what.startswith("LPC Associate") and match.what.endswith("90008")
    assert public_checks.listed_therapists(question) == []


def test_a_made_up_person_is_found_nowhere(capp):
    said = words(ask(asked(first_name="Nobody", last_name="Madeup")))
    assert said["tx-bhec"].headline == "Not found"
    assert said["nppes"].headline == "Not listed as a provider"
    assert said["oig-leie"].headline == "Not on the exclusion list"


def test_a_lapsed_and_a_restricted_licence_say_so(capp):
    lapsed = words(ask(asked(first_name="Greg", last_name="Foster")))
    restricted = words(ask(asked(first_name="Min", last_name="Cho")))
    assert lapsed["tx-bhec"].headline == "Lapsed: not in force"
    assert restricted["tx-bhec"].headline == "Restricted"


def test_a_namesake_on_the_exclusion_list_is_a_possible_match_not_a_verdict(capp):
    said = words(ask(asked(first_name="Richard", last_name="Roe")))
    assert said["oig-leie"].headline == "A similar name is listed"
    assert "cannot tell whether it is the same person" in said["oig-leie"].detail


def test_the_same_question_is_answered_from_the_day_s_cache(capp, registries):
    first = ask(asked(first_name="Marta", last_name="Alvarez"))
    token, asks = first.token, len(registries.log)
    again = ask(asked(first_name="MARTA", last_name="alvarez"))
    assert again.token == token and len(registries.log) == asks
    # After a day the answer is gone, and the registers are asked again.
    first.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    assert public_checks.purge() == 1
    fresh = ask(asked(first_name="Marta", last_name="Alvarez"))
    assert fresh.token != token and len(registries.log) > asks


def test_a_register_that_cannot_be_reached_says_so_and_is_not_cached(capp, registries):
    registries.clear()  # every register now answers 500
    question = asked(first_name="Marta", last_name="Alvarez")
    check = ask(question)
    said = words(check)
    assert {w.headline for w in said.values()} == {"Could not be checked"}
    assert all(w.detail == public_checks.UNREACHABLE for w in said.values())
    assert ask(question).token != check.token


def test_a_register_that_needs_a_number_is_named_with_what_to_look_for(capp):
    plan = public_checks.plan_for(CheckQuestion("GB", first_name="Ann", last_name="Lee"))
    assert [v.name for v in plan.needs_number] == ["uk-hcpc"] and not plan.ask
    with_number = public_checks.plan_for(CheckQuestion("GB", "Ann", "Lee", number="PYL01234"))
    assert [v.name for v in with_number.ask] == ["uk-hcpc"]


def test_a_number_the_register_was_never_asked_about_is_not_called_found(capp):
    said = words(ask(CheckQuestion("GB", "Ann", "Smith", licence_type="PYL", number="ABC")))
    assert said["uk-hcpc"].headline == "Not checked" and said["uk-hcpc"].tone == "neutral"
    assert "was not asked" in said["uk-hcpc"].detail
    assert "lists" not in said["uk-hcpc"].detail and said["uk-hcpc"].matches == []
    assert said["uk-hcpc"].checked_on == ""


def test_a_register_that_cannot_be_asked_about_a_type_never_says_try_later(capp):
    left = VerificationResult(
        Status.ERROR, "co-dora", Kind.LICENCE, utcnow(), "Colorado DORA", "https://x.test",
        "No dataset column for this type; a person checks it.",
        registry_details={"manual_check": True},
    )  # fmt: skip
    said = public_checks.answer_words(left.to_dict(), asked(jurisdiction="US-CO"))
    assert said.headline == "Look it up on the board's page" and said.tone == "neutral"
    assert "try again later" not in said.detail and "cannot ask" in said.detail
    assert said.checked_on == ""  # nothing was asked, so no check date is claimed
    unreachable = replace(left, registry_details={})
    said = public_checks.answer_words(unreachable.to_dict(), asked(jurisdiction="US-CO"))
    assert said.headline == "Could not be checked" and "try again later" in said.detail


@pytest.mark.parametrize("place", ["GB", "GB-SCT", "US-DC"])
def test_where_to_complain_names_every_board_it_lists(capp, place):
    boards = public_checks.complaint_pages(place)
    assert all(board.strip() for board, url in boards)


def test_a_place_no_register_covers_sends_people_to_the_boards_lookup_pages(capp):
    plan = public_checks.plan_for(asked(jurisdiction="US-OH", first_name="Ann", last_name="Lee"))
    assert plan.by_hand and all(row.lookup_url.startswith("https://") for row in plan.by_hand)
    assert {v.name for v in plan.ask} == {"nppes", "oig-leie"}  # the national lists still


def test_past_the_ceiling_nothing_is_queued(capp):
    capp.config["PUBLIC_CHECK_MAX_WAITING"] = 1
    db.session.add(
        PublicCheck(token="waiting", query_key="k", jurisdiction="US-TX", state="queued")
    )
    db.session.commit()
    with pytest.raises(public_checks.TooBusy):
        public_checks.ask(asked(first_name="Marta", last_name="Alvarez"))
    assert db.session.scalar(select(func.count()).select_from(PublicCheck)) == 1


def test_logs_name_neither_the_person_nor_the_number(capp, caplog):
    caplog.set_level(logging.DEBUG)
    ask(asked(first_name="Marta", last_name="Alvarez", number="90001"))
    ours = ("directory", "verifiers", "huey", "flask")  # not the local registries' own log
    logged = " ".join(
        r.getMessage() for r in caplog.records if r.name.split(".")[0] in ours
    ).lower()
    assert "public check" in logged  # the check was logged...
    assert "alvarez" not in logged and "90001" not in logged  # ...without what was asked


def test_the_cache_key_holds_the_identifiers_only():
    question = asked(first_name="Marta", last_name="Alvarez", number="LPC-90001")
    same = asked(first_name="marta", last_name="ALVAREZ", number="lpc 90001")
    assert question.key() == same.key()
    assert question.key() != asked(first_name="Marta", last_name="Alvarez").key()
