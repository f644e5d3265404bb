"""Preview, submission, checks and what to fix, hiding, deleting, availability."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import (
    AuditEvent,
    Licence,
    ProfileStatus,
    Therapist,
    User,
    VerificationCheck,
    utcnow,
)
from tests.account_fixtures import PASSWORD, links_in, page_text


def test_the_preview_is_the_public_page_with_the_draft(complete):
    response = complete.client.get("/manage/preview")
    assert response.status_code == 200
    text = page_text(response)
    assert "Preview: this is how the public will see your profile." in text
    licence = "Licensed Professional Counselor (LPC), Texas, number 12345"
    for shown in ["Rosa Diaz", "PhD, LPC", "Austin, Texas", "$120 to $150", licence]:
        assert shown in text, shown
    assert "12 Quiet Lane" not in text  # the street address only when chosen
    # The public can't see a draft at all.
    assert complete.client.get(f"/therapists/{complete.profile.slug}").status_code == 404


def test_an_incomplete_profile_cannot_be_sent(editor):
    response = editor.press("/manage/submit")
    assert response.status_code == 302
    text = page_text(editor.client.get("/manage/"))
    assert "Before sending your profile, add your name" in text
    assert editor.profile.status == ProfileStatus.DRAFT


def test_sending_for_verification_queues_every_licence(complete):
    complete.save("licences", number="67890")
    response = complete.press("/manage/submit")
    assert response.status_code == 302
    t = complete.profile
    assert t.status == ProfileStatus.SUBMITTED
    assert all(lic.queued_at is not None for lic in t.licences)
    assert "Sent for verification" in page_text(complete.client.get("/manage/"))
    # A second press changes nothing.
    complete.press("/manage/submit")
    assert "sent for verification already" in page_text(complete.client.get("/manage/"))


def add_check(licence, status, summary, **fields):
    check = VerificationCheck(
        licence=licence,
        verifier="tx-bhec",
        kind="licence",
        status=status,
        registry_title="Texas BHEC",
        summary=summary,
        **fields,
    )
    db.session.add(check)
    db.session.commit()
    return check


def test_the_overview_shows_each_check_and_what_to_fix(complete):
    (licence,) = complete.profile.licences
    add_check(
        licence,
        "mismatch",
        "Licence 12345 is held by ROSA DIAS.",
        name_on_record="ROSA DIAS",
        is_demo=True,
    )
    text = page_text(complete.client.get("/manage/"))
    # Plain words from the stored facts, never the verifier's own summary.
    assert "Licence 12345 is held by ROSA DIAS." not in text
    assert "Demo data: Texas BHEC lists this licence with other details" in text
    assert "Texas BHEC lists licence 12345 under another name (ROSA DIAS)" in text
    assert "correct the spelling of your name" in text
    assert "Needs you" in text  # a mismatch needs the therapist


def publish(therapist):
    """As the verification worker would, after a licence-kind VERIFIED answer."""
    for licence in therapist.licences:
        licence.status = "verified"
        licence.verified_at = utcnow()
        add_check(licence, "verified", "Active licence.")
    therapist.status = ProfileStatus.PUBLISHED
    therapist.verification_state = "verified"
    therapist.verified_at = utcnow()
    db.session.commit()


def found_in_search(client, words="Rosa") -> bool:
    return "Rosa Diaz" in page_text(client.get(f"/search?q={words}"))


def test_hiding_takes_the_profile_out_of_search_at_once_and_unhiding_returns_it(
    complete, index_now
):
    publish(complete.profile)
    index_now()
    assert found_in_search(complete.client)

    complete.press("/manage/hide")
    assert complete.profile.status == ProfileStatus.HIDDEN
    index_now()
    assert not found_in_search(complete.client)
    assert complete.client.get(f"/therapists/{complete.profile.slug}").status_code == 404

    complete.press("/manage/unhide")
    assert complete.profile.status == ProfileStatus.PUBLISHED
    index_now()
    assert found_in_search(complete.client)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["profile.hide", "profile.unhide"]


def test_an_unverified_profile_unhides_to_a_draft(complete):
    complete.press("/manage/hide")
    complete.press("/manage/unhide")
    assert complete.profile.status == ProfileStatus.DRAFT


def test_renaming_a_hidden_profile_needs_new_checks_before_it_shows(complete):
    publish(complete.profile)
    complete.press("/manage/hide")
    complete.save("about", last_name="Somebody-Else")
    complete.press("/manage/unhide")
    assert complete.profile.status == ProfileStatus.DRAFT


def test_renaming_a_published_profile_queues_its_licences_again(complete):
    publish(complete.profile)
    complete.save("about", last_name="Diaz-Moreno")
    (licence,) = complete.profile.licences
    assert licence.queued_at is not None and licence.status == "pending"


def test_a_suspended_profile_cannot_be_hidden_and_unhidden_into_view(complete):
    t = complete.profile
    t.status = ProfileStatus.SUSPENDED
    db.session.commit()
    complete.press("/manage/hide")
    assert complete.profile.status == ProfileStatus.SUSPENDED
    assert "suspended while an admin reviews it" in page_text(complete.client.get("/manage/"))


def test_deleting_the_account_removes_profile_licences_and_search_entry(complete, index_now):
    publish(complete.profile)
    index_now()
    assert found_in_search(complete.client)
    therapist_id = complete.profile.id
    response = complete.post(
        "/account/delete", {"password": PASSWORD, "confirm": "y"}, token_from="/account/delete"
    )
    assert response.headers["Location"] == "/"
    index_now()
    assert not found_in_search(complete.client)
    assert db.session.get(Therapist, therapist_id) is None
    for model in (User, Licence, VerificationCheck):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profile.delete"))
    assert event.therapist_id == therapist_id and "rosa" not in event.actor


def test_removing_the_last_verified_licence_unpublishes(complete, index_now):
    publish(complete.profile)
    index_now()
    (licence,) = complete.profile.licences
    complete.post(f"/manage/licences/{licence.id}/remove", token_from="/manage/licences")
    assert complete.profile.status == ProfileStatus.DRAFT
    index_now()
    assert not found_in_search(complete.client)


def test_availability_is_confirmed_in_one_click(complete):
    assert complete.profile.accepting_confirmed_at is None
    response = complete.post("/manage/availability", {"accepting": "no"}, token_from="/manage/")
    assert response.status_code == 302
    t = complete.profile
    assert t.accepting_clients is False
    assert t.accepting_confirmed_at is not None
    complete.post("/manage/availability", {"accepting": "yes"}, token_from="/manage/")
    assert complete.profile.accepting_clients is True
    response = complete.post("/manage/availability", {"accepting": "maybe"}, token_from="/manage/")
    assert response.status_code == 400


def test_reminders_go_to_stale_published_profiles_once_a_week(
    app, runner, complete, make_therapist, mailbox
):
    publish(complete.profile)
    make_therapist(first_name="Demo")  # no account: nobody to mail
    result = runner.invoke(args=["send-availability-reminders"])
    assert "Sent 1 availability reminders." in result.output
    (message,) = mailbox()
    assert message["To"] == "rosa@example.org"
    assert links_in(message) == ["/manage/availability"]

    # Not again the same week.
    result = runner.invoke(args=["send-availability-reminders"])
    assert "Sent 0" in result.output

    # Confirmed recently: no reminder, even a week later.
    t = complete.profile
    complete.user.availability_reminded_at = utcnow() - timedelta(days=8)
    t.accepting_confirmed_at = utcnow() - timedelta(days=29)
    db.session.commit()
    assert "Sent 0" in runner.invoke(args=["send-availability-reminders"]).output

    # Confirmed 31 days ago: reminded again.
    t.accepting_confirmed_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert "Sent 1" in runner.invoke(args=["send-availability-reminders"]).output
    assert len(mailbox()) == 2
