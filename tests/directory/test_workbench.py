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


def test_case_page_puts_the_claim_beside_the_registry_answer(client, case):
    login_as(client, Role.ADMIN)
    html = client.get(f"/admin/cases/{case.id}").get_data(as_text=True)
    assert "Anna Smith" in html and "ANNA SMYTHE" in html
    assert "LPC,,12345,SMYTHE" in html  # the evidence
    assert "mismatch summary" in html


def test_approve_needs_a_reason_and_publishes_without_marking_verified(client, case, index_now):
    login_as(client, Role.ADMIN, "boss@example.org")
    url = f"/admin/cases/{case.id}"
    token = csrf_token(client, url)
    response = client.post(f"{url}/approve", data={"csrf_token": token, "reason": ""})
    assert response.status_code == 400
    assert db.session.get(Therapist, case.therapist_id).status == ProfileStatus.SUBMITTED
    response = client.post(
        f"{url}/approve", data={"csrf_token": token, "reason": "Married name; ID seen."}
    )
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


def test_reject_suspend_and_restore_leave_a_trail(client, case, index_now):
    login_as(client, Role.ADMIN)
    url = f"/admin/cases/{case.id}"
    token = csrf_token(client, url)
    client.post(f"{url}/reject", data={"csrf_token": token, "reason": "Number is for someone else"})
    assert db.session.get(Therapist, case.therapist_id).status == ProfileStatus.DRAFT
    client.post(f"{url}/restore", data={"csrf_token": token, "reason": "Resolved by phone"})
    client.post(f"{url}/suspend", data={"csrf_token": token, "reason": "Complaint received"})
    db.session.expire_all()
    assert db.session.get(Therapist, case.therapist_id).status == ProfileStatus.SUSPENDED
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["case.reject", "profile.restore", "profile.suspend"]
    html = client.get("/admin/audit?therapist=smith").get_data(as_text=True)
    assert "Complaint received" in html and "Number is for someone else" in html
    assert "Anna Smith" in html


def test_a_manual_verification_needs_its_evidence_and_then_verifies(client, case):
    login_as(client, Role.ADMIN)
    url = f"/admin/cases/{case.id}"
    token = csrf_token(client, url)
    response = client.post(
        f"{url}/manual", data={"csrf_token": token, "status": "verified", "what_was_seen": ""}
    )
    assert response.status_code == 400
    response = client.post(
        f"{url}/manual",
        data={
            "csrf_token": token,
            "status": "verified",
            "checked_url": "https://www.bhec.texas.gov/verify/12345",
            "what_was_seen": "LPC 12345, Anna Smith, active, no discipline",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    licence = db.session.get(Licence, case.id)
    assert licence.status == "verified"
    manual = next(c for c in licence.checks if c.verifier == "manual")
    assert "Anna Smith, active" in manual.evidence and manual.kind == "licence"
    assert licence.therapist.status == ProfileStatus.PUBLISHED


def test_rerun_queues_the_checks_again(client, case, monkeypatch):
    queued = []
    monkeypatch.setattr(verification, "enqueue", queued.extend)
    login_as(client, Role.ADMIN)
    url = f"/admin/cases/{case.id}"
    assert client.post(f"{url}/rerun", data={}).status_code == 400  # no CSRF token
    client.post(f"{url}/rerun", data={"csrf_token": csrf_token(client, url)})
    assert queued == [case.id]
    assert db.session.get(Licence, case.id).queued_at is not None


def test_dashboard_counts_and_failing_registries(client, case):
    add_check(case, verifier="uk-hcpc", status="error")
    add_check(case, verifier="uk-hcpc", status="verified")
    db.session.commit()
    login_as(client, Role.ADMIN)
    html = client.get("/admin/").get_data(as_text=True)
    assert "uk-hcpc</strong>: 1 errors in 2 checks" in html
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


def test_the_therapist_sees_why_their_profile_was_sent_back(client, case):
    # The case page promises the admin that a rejection's reason is shown to the therapist.
    login_as(client, Role.ADMIN)
    url = f"/admin/cases/{case.id}"
    assert "a rejection's reason is shown to the therapist" in client.get(url).get_data(
        as_text=True
    )
    token = csrf_token(client, url)
    client.post(f"{url}/reject", data={"csrf_token": token, "reason": "Number is for someone else"})
    owner = login_as(client, Role.THERAPIST, "anna@example.org")
    db.session.get(Therapist, case.therapist_id).user_id = owner.id
    db.session.commit()
    page = client.get("/manage/").get_data(as_text=True)
    assert "An admin sent your profile back: Number is for someone else" in page
    db.session.get(Therapist, case.therapist_id).status = ProfileStatus.SUBMITTED
    db.session.commit()
    assert "sent your profile back" not in client.get("/manage/").get_data(as_text=True)


def test_the_manual_check_links_the_boards_lookup_page(client, case):
    login_as(client, "admin")
    html = client.get(f"/admin/cases/{case.id}").get_data(as_text=True)
    assert 'href="https://vo.licensing.hpc.texas.gov/datamart/selSearchType.do"' in html
