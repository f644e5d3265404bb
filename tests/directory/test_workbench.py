"""The admin workbench: a queue of what needs a person, cases with evidence, decisions
with reasons, and an audit trail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from directory import verification
from directory.auth import login_clock
from directory.extensions import db
from directory.models import (
    AuditEvent,
    Licence,
    ProfileStatus,
    Role,
    Therapist,
    User,
    VerificationCheck,
    utcnow,
)
from directory.search import SearchRequest, search


def login_as(client, role: str, email: str | None = None) -> User:
    user = User(
        email=email or f"{role}@example.org",
        password_hash="x",
        role=role,
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session.update(login_clock(user))
    return user


def csrf_token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def add_check(licence, verifier="tx-bhec", kind="licence", status="mismatch", **extra):
    check = VerificationCheck(
        licence=licence,
        verifier=verifier,
        kind=kind,
        status=status,
        checked_at=utcnow() - timedelta(days=extra.pop("days_ago", 0)),
        registry_title="Texas Behavioral Health Executive Council",
        registry_url="http://127.0.0.1/csv/LPC.csv",
        summary=f"{status} summary",
        name_on_record=extra.pop("name_on_record", "ANNA SMYTHE"),
        registry_details={"number": licence.number},
        evidence="LPC,,12345,SMYTHE,ANNA,,ACTIVE",
    )
    db.session.add(check)
    return check


@pytest.fixture
def case(make_therapist):
    """A submitted profile whose Texas licence came back under another name."""
    therapist = make_therapist(
        first_name="Anna",
        last_name="Smith",
        status=ProfileStatus.SUBMITTED,
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"},
    )
    licence = therapist.licences[0]
    licence.status = "mismatch"
    licence.last_checked_at = utcnow() - timedelta(days=3)
    add_check(licence, days_ago=3)
    db.session.commit()
    return licence


def test_only_admins_get_in(client, case):
    assert client.get("/admin/queue").status_code == 302  # anonymous: to the login page
    login_as(client, Role.THERAPIST)
    assert client.get("/admin/queue").status_code == 403
    assert client.get(f"/admin/cases/{case.id}").status_code == 403


def test_queue_lists_what_needs_a_person_oldest_first_with_filters(client, case, make_therapist):
    newer = make_therapist(
        status=ProfileStatus.SUBMITTED,
        licence={"jurisdiction": "GB", "licence_type": "PYL", "number": "PYL1"},
    )
    newer.licences[0].status = "not_found"
    newer.licences[0].last_checked_at = utcnow()
    settled = make_therapist(
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "9"}
    )
    settled.licences[0].status = "verified"
    db.session.commit()
    login_as(client, Role.ADMIN)
    html = client.get("/admin/queue").get_data(as_text=True)
    assert "2 cases waiting" in html
    assert html.index("Anna Smith") < html.index(newer.full_name)
    assert settled.full_name not in html
    html = client.get("/admin/queue?jurisdiction=GB").get_data(as_text=True)
    assert "1 case waiting" in html and "Anna Smith" not in html
    html = client.get("/admin/queue?status=mismatch&age=2").get_data(as_text=True)
    assert "1 case waiting" in html and "Anna Smith" in html
    assert client.get("/admin/queue?age=-1").status_code == 400
    assert client.get("/admin/queue?status=%3Cscript%3E").status_code == 400


def decide(client, licence, action, reason="", version=None, **fields):
    """Post a decision about `licence` from its therapist's case page."""
    page = f"/admin/therapists/{licence.therapist_id}"
    token = csrf_token(client, page)
    prefix = f"m{licence.id}" if action == "manual" else f"d{licence.id}"
    data = {f"{prefix}-csrf_token": token, f"{prefix}-reason": reason}
    if version is not None:
        data[f"{prefix}-version"] = str(version)
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(f"/admin/cases/{licence.id}/{action}", data=data)


def test_the_old_case_address_leads_to_the_therapists_case_page(client, case):
    login_as(client, Role.ADMIN)
    response = client.get(f"/admin/cases/{case.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/admin/therapists/{case.therapist_id}#licence-{case.id}"
    )
    assert client.get("/admin/cases/999999").status_code == 404
    assert client.get("/admin/therapists/999999").status_code == 404
    assert client.get("/admin/therapists/99999999999999").status_code == 404


def test_case_page_puts_the_claim_beside_the_registry_answer(client, case):
    login_as(client, Role.ADMIN)
    html = client.get(f"/admin/therapists/{case.therapist_id}").get_data(as_text=True)
    assert "Anna Smith" in html and "ANNA SMYTHE" in html
    assert "LPC,,12345,SMYTHE" in html  # the evidence
    assert "mismatch summary" in html


def test_case_page_shows_every_licence_and_what_each_decision_would_do(client, austin):
    therapist = austin
    login_as(client, Role.ADMIN)
    html = client.get(f"/admin/therapists/{therapist.id}").get_data(as_text=True)
    assert "Licence: LPC 12345" in html and "Membership: BACP 654321" in html
    assert "Texas: <strong>verified</strong>" in html
    assert "England: <strong>verified</strong>" in html
    assert "leaves the profile verified for England only; it stays listed" in html
    assert "leaves the profile verified for Texas only; it stays listed" in html
    # The register to check by hand, from the catalogue.
    assert 'href="https://www.bacp.co.uk/search/Register"' in html


def test_approve_needs_a_reason_when_it_publishes_and_does_not_mark_verified(
    client, case, index_now
):
    login_as(client, Role.ADMIN, "boss@example.org")
    response = decide(client, case, "approve", reason="")
    assert response.status_code == 400
    assert "approving publishes the profile" in response.get_data(as_text=True)
    assert db.session.get(Therapist, case.therapist_id).status == ProfileStatus.SUBMITTED
    response = decide(client, case, "approve", reason="Married name; ID seen.")
    assert response.status_code == 302
    db.session.expire_all()
    therapist = db.session.get(Therapist, case.therapist_id)
    assert therapist.status == ProfileStatus.PUBLISHED
    assert therapist.verification_state != "verified"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.approve"))
    assert event.actor == "admin:boss@example.org" and event.reason == "Married name; ID seen."
    assert event.before["status"] == "submitted" and event.after["status"] == "published"
    index_now()
    # Listed, but not as verified: only a visitor who includes unfinished checks sees it.
    assert search(SearchRequest(text="Smith")).ids == []
    assert search(SearchRequest(text="Smith", verified_only=False)).ids == [therapist.id]


def test_a_decision_on_a_page_gone_stale_changes_nothing(client, case):
    login_as(client, Role.ADMIN)
    assert decide(client, case, "reject", "Wrong number", version=0).status_code == 302
    # A second admin, on the page as it was before the first decided.
    response = decide(client, case, "approve", "Looks fine to me", version=0)
    assert response.status_code == 409
    assert "Another admin decided" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Licence, case.id).decision == "rejected"
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert actions.count("case.reject") == 1 and "case.approve" not in actions


def test_bad_decision_input_is_refused_with_a_message(client, case):
    login_as(client, Role.ADMIN)
    response = decide(client, case, "reject", "")
    assert response.status_code == 400
    assert "the therapist reads your reason" in response.get_data(as_text=True)
    assert decide(client, case, "reject", "x", version="abc").status_code == 400
    assert decide(client, case, "reject", "bad\x00text").status_code == 400
    assert decide(client, case, "reject", "y" * 2001).status_code == 400
    assert client.post(f"/admin/cases/{case.id}/reject", data={}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Licence, case.id).decision is None


def test_reject_suspend_and_restore_leave_a_trail(client, case, index_now):
    login_as(client, Role.ADMIN)
    decide(client, case, "reject", "Number is for someone else")
    assert db.session.get(Therapist, case.therapist_id).status == ProfileStatus.DRAFT
    page = f"/admin/therapists/{case.therapist_id}"
    token = csrf_token(client, page)
    client.post(f"{page}/restore", data={"csrf_token": token, "reason": "Resolved by phone"})
    client.post(f"{page}/suspend", data={"csrf_token": token, "reason": "Complaint received"})
    assert client.post(f"{page}/suspend", data={"csrf_token": token}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Therapist, case.therapist_id).status == ProfileStatus.SUSPENDED
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.count("case.reject") == 1
    assert actions[-2:] == ["profile.restore", "profile.suspend"]
    html = client.get("/admin/audit?therapist=smith").get_data(as_text=True)
    assert "Complaint received" in html and "Number is for someone else" in html
    assert "Anna Smith" in html


def test_a_manual_check_names_the_register_and_level_and_the_admin_only_in_the_trail(client, case):
    login_as(client, Role.ADMIN, "checker@example.org")
    response = decide(client, case, "manual", status="verified", what_was_seen="")
    assert response.status_code == 400
    html = client.get(f"/admin/therapists/{case.therapist_id}").get_data(as_text=True)
    assert "makes the profile verified for Texas and publishes it" in html
    response = decide(
        client,
        case,
        "manual",
        register="Texas Behavioral Health Executive Council",
        status="verified",
        level="independent",
        checked_url="https://www.bhec.texas.gov/verify/12345",
        what_was_seen="LPC 12345, Anna Smith, active, no discipline",
    )
    assert response.status_code == 302
    db.session.expire_all()
    licence = db.session.get(Licence, case.id)
    assert licence.status == "verified"
    manual = next(c for c in licence.checks if c.verifier == "manual")
    assert "Anna Smith, active" in manual.evidence and manual.kind == "licence"
    assert manual.registry_title == "Texas Behavioral Health Executive Council"
    assert manual.level == "independent"
    assert "checker@example.org" not in manual.summary + str(manual.registry_details)
    assert licence.therapist.status == ProfileStatus.PUBLISHED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.manual_check"))
    assert event.actor == "admin:checker@example.org"


def test_rerun_queues_the_checks_again(client, case, monkeypatch):
    queued = []
    monkeypatch.setattr(verification, "enqueue", queued.extend)
    login_as(client, Role.ADMIN)
    url = f"/admin/cases/{case.id}"
    assert client.post(f"{url}/rerun", data={}).status_code == 400  # no CSRF token
    token = csrf_token(client, f"/admin/therapists/{case.therapist_id}")
    client.post(f"{url}/rerun", data={"csrf_token": token})
    assert queued == [case.id]
    assert db.session.get(Licence, case.id).queued_at is not None


def test_dashboard_counts_and_failing_registries(client, case):
    add_check(case, verifier="uk-hcpc", status="error")
    add_check(case, verifier="uk-hcpc", status="verified")
    db.session.commit()
    login_as(client, Role.ADMIN)
    html = client.get("/admin/").get_data(as_text=True)
    assert "uk-hcpc</strong>: 1 error in 2 checks" in html
    assert "1 licence needs a decision" in html and "waiting 3 days" in html
    assert "Anna Smith" in html  # the oldest waiting case
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"


def test_the_audit_trail_cannot_be_edited(case):
    from directory import audit

    event = audit.record("test.event", therapist_id=case.therapist_id)
    db.session.commit()
    event.reason = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_the_manual_check_links_the_boards_lookup_page(client, case):
    login_as(client, "admin")
    html = client.get(f"/admin/therapists/{case.therapist_id}").get_data(as_text=True)
    assert 'href="https://vo.licensing.hpc.texas.gov/datamart/selSearchType.do"' in html


def test_the_lookup_link_opens_the_registers_page_for_the_licence_where_it_takes_one(
    client, make_therapist
):
    therapist = make_therapist(
        status=ProfileStatus.SUBMITTED,
        region="GB-ENG",
        licence={"jurisdiction": "GB", "licence_type": "PYL", "number": "12345"},
    )
    therapist.licences.append(Licence(jurisdiction="GB", licence_type="BACP", number="654321"))
    db.session.commit()
    login_as(client, Role.ADMIN)
    html = client.get(f"/admin/therapists/{therapist.id}").get_data(as_text=True)
    page = (
        "https://www.hcpc-uk.org/check-the-register/professional-registration-detail/"
        "?query=PYL12345&amp;profession=PYL"
    )
    # The HCPC's documented detail page takes the number: the link and the address the
    # admin records both open it; the BACP's search takes nothing, so its page is plain.
    assert f'href="{page}"' in html and "opens the register's page for 12345" in html
    assert f'value="{page}"' in html
    assert 'href="https://www.bacp.co.uk/search/Register"' in html
    assert "opens the register's page for 654321" not in html


# -- per-licence decisions, end to end through the rule ------------------------------------


@pytest.fixture
def austin(make_therapist, make_user):
    """A therapist in Austin, also seeing clients in England online, with a Texas
    licence and a UK membership both verified, and an account that receives mail."""
    owner = make_user("therapist", "ana@example.org")
    therapist = make_therapist(
        first_name="Ana",
        last_name="Lopez",
        offers_online=True,
        online_regions=["US-TX", "GB-ENG"],
        user_id=owner.id,
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"},
    )
    texas = therapist.licences[0]
    texas.status = "verified"
    add_check(texas, status="verified", name_on_record="ANA LOPEZ")
    uk = Licence(jurisdiction="GB", licence_type="BACP", number="654321", status="verified")
    therapist.licences.append(uk)
    db.session.flush()
    add_check(uk, verifier="manual", kind="membership", status="verified")
    verification.apply_workflow(therapist)
    db.session.commit()
    assert therapist.verified_places == ["US-TX", "GB-ENG"]
    return therapist


def test_rejecting_one_licence_keeps_the_profile_listed_where_another_verifies_it(
    austin, mailbox, index_now
):
    from directory import workbench

    uk = austin.licences[1]
    effect = workbench.reject(uk, "admin:boss@example.org", "This BACP number is not yours.")
    assert "verified for Texas only; it stays listed" in effect.text
    db.session.expire_all()
    therapist = db.session.get(Therapist, austin.id)
    assert therapist.status == ProfileStatus.PUBLISHED
    assert therapist.verified_places == ["US-TX"]
    index_now()
    assert search(SearchRequest(text="Lopez")).ids == [therapist.id]
    (message,) = mailbox()
    body = message.get_payload(decode=True).decode()
    assert message["To"] == "ana@example.org"
    assert "This BACP number is not yours." in body
    assert "stays verified for Texas" in body
    assert "boss@example.org" not in body
    assert "/manage/licences" in body


def test_rejecting_the_last_verifying_licence_takes_the_profile_out_of_search(
    austin, mailbox, index_now
):
    from directory import workbench

    texas, uk = austin.licences
    workbench.reject(uk, "admin:boss@example.org", "Not on the register.")
    assert "verified nowhere" in workbench.reject_effect(texas).text
    workbench.reject(texas, "admin:boss@example.org", "The board lists another person.")
    db.session.expire_all()
    therapist = db.session.get(Therapist, austin.id)
    assert therapist.status == ProfileStatus.DRAFT
    index_now()
    assert search(SearchRequest(text="Lopez", verified_only=False)).ids == []
    last = mailbox()[-1].get_payload(decode=True).decode()
    assert "The board lists another person." in last and "Your profile has left search" in last


def test_the_therapist_reads_the_reason_on_the_overview_and_licence_pages(austin, client):
    from directory import workbench

    workbench.reject(austin.licences[1], "admin:boss@example.org", "This BACP number is not yours.")
    with client.session_transaction() as session:
        session["_user_id"] = austin.user.get_id()
        session["_fresh"] = True
        session.update(login_clock(austin.user))
    for page in ("/manage/", "/manage/licences", "/account/"):
        html = client.get(page).get_data(as_text=True)
        assert "An admin rejected this membership: This BACP number is not yours." in html
        assert "boss@example.org" not in html
    timeline = client.get("/manage/licences").get_data(as_text=True)
    assert "Added to your profile" in timeline and "An admin rejected this licence" in timeline
    # The public profile no longer shows the rejected membership.
    public = client.get(f"/therapists/{austin.slug}").get_data(as_text=True)
    assert "654321" not in public and "12345" in public


def test_a_mail_failure_never_loses_a_decision_and_the_mail_is_retried(
    austin, mailbox, monkeypatch
):
    from directory import notices, workbench
    from directory.models import Notice

    monkeypatch.setattr(notices, "send_mail", lambda *args: False)
    workbench.reject(austin.licences[1], "admin:boss@example.org", "Not on the register.")
    db.session.expire_all()
    assert db.session.get(Licence, austin.licences[1].id).decision == "rejected"
    (notice,) = db.session.scalars(select(Notice))
    assert notice.sent_at is None and notice.attempts == 1
    assert mailbox() == []
    monkeypatch.undo()
    assert notices.deliver_pending() == 1  # the worker's sweep
    assert "Not on the register." in mailbox()[0].get_payload(decode=True).decode()
    assert notices.deliver_pending() == 0  # sent once


def test_the_manual_check_offers_no_level_above_a_limited_scope_claim(client, make_therapist):
    therapist = make_therapist(
        status=ProfileStatus.SUBMITTED,
        licence={"jurisdiction": "US-TX", "licence_type": "LSSP", "number": "777"},
    )
    school = therapist.licences[0]
    school.status = "error"
    db.session.commit()
    login_as(client, Role.ADMIN)
    html = client.get(f"/admin/therapists/{therapist.id}").get_data(as_text=True)
    levels = re.search(rf'<select[^>]*name="m{school.id}-level".*?</select>', html, re.S).group(0)
    assert "A limited scope" in levels and "The page does not say" in levels
    assert "Independent practice" not in levels and "under supervision" not in levels
    response = decide(
        client,
        school,
        "manual",
        register="Texas Behavioral Health Executive Council",
        status="verified",
        level="independent",
        what_was_seen="LSSP 777, active",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "claimed as LSSP" in page and "record a mismatch" in page
    db.session.expire_all()
    assert not any(c.verifier == "manual" for c in db.session.get(Licence, school.id).checks)


def test_the_manual_check_offers_every_level_up_to_an_independent_claim(client, case):
    login_as(client, Role.ADMIN)
    html = client.get(f"/admin/therapists/{case.therapist_id}").get_data(as_text=True)
    levels = re.search(rf'<select[^>]*name="m{case.id}-level".*?</select>', html, re.S).group(0)
    for words in ("Independent practice", "under supervision", "A limited scope"):
        assert words in levels
