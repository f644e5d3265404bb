"""Every decision about a licence, against a registry that misbehaves.

The Texas board is a local server that times out, answers a maintenance page (503), an
error page with HTTP 200, or lists the licence at another level (an LPC Associate
claimed as an LPC). For each, the automatic re-check, a re-run from the case page,
approve, reject and a check recorded by hand either commit or are refused with a
plain message; nothing is lost; the therapist's pages and mail say the right plain
thing; "verified" is never granted on an error or on the wrong level. A mail server
that fails never loses a decision: the notice waits in the outbox and goes later.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from directory import notices, verification
from directory.auth import login_clock
from directory.extensions import db
from directory.models import (
    AuditEvent,
    Licence,
    Notice,
    ProfileStatus,
    Role,
    Therapist,
    User,
    VerificationCheck,
    utcnow,
)
from directory.search import SearchRequest, backend, search
from tests.account_fixtures import PASSWORD, page_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BOARD = "Texas Behavioral Health Executive Council"
FAST_HTTP = {
    "connect_timeout": 0.5,
    "read_timeout": 0.5,
    "total_timeout": 2.0,
    "retries": 0,
    "backoff": 0.01,
    "max_backoff": 0.02,
}
MAINTENANCE = b"<!doctype html><html><body><h1>Down for maintenance</h1></body></html>"
# Words that would mean technical detail reached the therapist.
TECHNICAL = re.compile(r"Timeout|timed out|Traceback|ParseError|HTTP 5\d\d|503|127\.0\.0\.1")


def lpc_file(rank: str = "LPC") -> bytes:
    """Texas's LPC file, with Ana Lopez-Garcia's licence 12345 at `rank`."""
    text = (FIXTURES / "tx_bhec" / "LPC.csv").read_text()
    if rank != "LPC":
        text = text.replace("LPC,LPC,12345,", f"LPC Associate,{rank},12345,")
    return text.encode()


def too_slow(request) -> Response:
    time.sleep(1.5)
    return Response(lpc_file(), content_type="text/csv")


def serve(registry: HTTPServer, fault: str) -> None:
    """The board's LPC file as `fault` has it; its other files as they are."""
    for code in ("MFT", "PSY", "SW"):
        registry.expect_request(f"/csv/{code}.csv").respond_with_data(
            (FIXTURES / "tx_bhec" / f"{code}.csv").read_bytes(), content_type="text/csv"
        )
    lpc = registry.expect_request("/csv/LPC.csv")
    if fault == "times out":
        lpc.respond_with_handler(too_slow)
    elif fault == "maintenance page":
        lpc.respond_with_data(MAINTENANCE, status=503, content_type="text/html")
    elif fault == "error page":
        lpc.respond_with_data(MAINTENANCE, status=200, content_type="text/html")
    elif fault == "another level":
        lpc.respond_with_data(lpc_file("LPCA"), content_type="text/csv")
    else:
        lpc.respond_with_data(lpc_file(), content_type="text/csv")


OUTAGES = ("times out", "maintenance page", "error page")
FAULTS = (*OUTAGES, "another level")


@pytest.fixture
def config_overrides(registry) -> dict:
    """The app (tests/conftest.py) asks the local board; jobs run inline."""
    return {
        "HUEY_IMMEDIATE": True,
        "VERIFIERS_ALLOW": ["tx-bhec", "manual"],
        "VERIFIER_BASE_URLS": {"tx-bhec": registry.url_for("/csv/")},
        "VERIFIER_SESSION_OPTIONS": FAST_HTTP,
        "SITE_URL": "https://solace.example",
        "VERIFICATION_MAX_ATTEMPTS": 2,
    }


def ana(status=ProfileStatus.DRAFT) -> Therapist:
    """Ana Lopez-Garcia, an LPC in Austin, with an account that receives mail."""
    from directory import accounts

    user = accounts.create_user("ana@example.org", PASSWORD, Role.THERAPIST)
    user.email_confirmed_at = utcnow()
    therapist = Therapist(
        slug="ana-lopez-garcia",
        first_name="Ana",
        last_name="Lopez-Garcia",
        status=status,
        region="US-TX",
        city="Austin",
        offers_in_person=True,
        bio="Trauma-informed counselling.",
        user_id=user.id,
    )
    therapist.licences.append(Licence(jurisdiction="US-TX", licence_type="LPC", number="12345"))
    db.session.add(therapist)
    db.session.commit()
    return therapist


def board_said(licence: Licence, status: str, days_ago: int, **fields) -> None:
    """The board's answer about Ana's licence `days_ago`, applied as the worker would."""
    db.session.add(
        VerificationCheck(
            licence=licence,
            verifier="tx-bhec",
            kind="licence",
            status=status,
            checked_at=utcnow() - timedelta(days=days_ago),
            registry_title=BOARD,
            summary=f"LPC 12345: {status}.",
            name_on_record="LOPEZ-GARCIA, ANA",
            **fields,
        )
    )
    verification.apply_results(licence)
    licence.last_checked_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()


@pytest.fixture
def listed(app):
    """Ana, listed and verified for Texas by the board 40 days ago: due for a re-check."""
    therapist = ana(ProfileStatus.SUBMITTED)
    licence = therapist.licences[0]
    board_said(licence, "verified", days_ago=40, level="independent")
    assert therapist.status == ProfileStatus.PUBLISHED and therapist.verified_places == ["US-TX"]
    backend().apply_outbox(db.session)
    return therapist


@pytest.fixture
def waiting(app, registry, request):
    """Ana, sent for checks while the board misbehaved (`fault`), retries used up: her
    licence waits for an admin."""
    serve(registry, request.getfixturevalue("fault"))
    therapist = ana()
    verification.request_verification(therapist, actor="therapist:ana")
    licence = therapist.licences[0]
    while db.session.get(Licence, licence.id).queued_at is not None:
        verification.verify_licence(licence.id)
    db.session.expire_all()
    therapist = db.session.get(Therapist, therapist.id)
    assert therapist.status == ProfileStatus.SUBMITTED
    return therapist


def log_in(client, email: str) -> None:
    user = db.session.scalar(select(User).where(User.email == email))
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session.update(login_clock(user))


def admin_client(app):
    from directory import accounts

    client = app.test_client()
    admin = accounts.create_user("boss@example.org", PASSWORD, Role.ADMIN)
    admin.email_confirmed_at = utcnow()
    db.session.commit()
    log_in(client, "boss@example.org")
    return client


def post_from_case(client, therapist, url, prefix="", **fields):
    """Post a form of the case page, with the CSRF token and version it carries."""
    html = client.get(f"/admin/therapists/{therapist.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"csrf_token": token}
    if prefix:
        version = re.search(rf'name="{prefix}-version" type="hidden" value="(\d+)"', html)
        data = {f"{prefix}-csrf_token": token, f"{prefix}-version": version.group(1)}
    data.update({f"{prefix}-{k}" if prefix else k: v for k, v in fields.items()})
    return client.post(url, data=data)


def therapist_pages(app, therapist) -> str:
    """What the therapist reads on their overview and licences pages (logged in)."""
    client = app.test_client()
    log_in(client, "ana@example.org")
    pages = [client.get("/manage/"), client.get("/manage/licences")]
    assert all(page.status_code == 200 for page in pages)
    return " ".join(page_text(page) for page in pages)


def mails(app) -> list[str]:
    """The bodies of the messages in the outbox, oldest first."""
    import email

    folder = Path(app.instance_path) / "outbox"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [
        email.message_from_bytes(p.read_bytes()).get_payload(decode=True).decode() for p in files
    ]


def listed_for(therapist_id: int) -> bool:
    """Whether the default search (verified profiles) finds her, after an indexer pass."""
    backend().apply_outbox(db.session)
    return search(SearchRequest(text="trauma")).ids == [therapist_id]


def page_text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def reload(therapist) -> Therapist:
    db.session.expire_all()
    return db.session.get(Therapist, therapist.id)


# -- the automatic re-check, and a re-run from the case page ---------------------------------


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("how", ["automatic re-check", "re-run from the case page"])
def test_a_recheck_against_a_faulty_board(app, registry, listed, fault, how):
    serve(registry, fault)
    if how == "automatic re-check":
        assert verification.queue_rechecks() == 1
    else:
        client = admin_client(app)
        licence = listed.licences[0]
        response = post_from_case(client, listed, f"/admin/cases/{licence.id}/rerun")
        assert response.status_code == 302
    therapist = reload(listed)
    licence = therapist.licences[0]
    newest = max(licence.checks, key=lambda c: c.checked_at)
    pages = therapist_pages(app, therapist)
    assert not TECHNICAL.search(pages)
    if fault in OUTAGES:
        # The board could not be asked: an error, retried, never "not found", and the
        # board's last real answer stands meanwhile. A short outage needs nothing of her.
        assert newest.status == "error" and licence.queued_at is not None
        assert therapist.status == ProfileStatus.PUBLISHED
        assert therapist.verified_places == ["US-TX"] and listed_for(therapist.id)
        assert f"{BOARD} could not be reached on" in pages
        assert "Nothing is wrong with your profile" in pages
        assert mails(app) == []
    else:
        # The board lists an associate licence: an LPC claim is not verified by it.
        assert newest.status == "mismatch" and newest.level == "supervised"
        assert therapist.verified_places == [] and not listed_for(therapist.id)
        advice = "records licence 12345 for practice under supervision, not for independent"
        assert advice in pages
        (mail,) = mails(app)
        assert advice in mail and not TECHNICAL.search(mail)
        assert "https://solace.example/manage/licences" in mail


# -- approve, reject, and a check by hand, after a faulty answer -----------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_approving_after_a_faulty_answer_publishes_without_ever_saying_verified(
    app, waiting, fault
):
    client = admin_client(app)
    licence = waiting.licences[0]
    url = f"/admin/cases/{licence.id}/approve"
    refused = post_from_case(client, waiting, url, f"d{licence.id}", reason="")
    assert refused.status_code == 400
    assert "Say why: approving publishes the profile." in page_text(refused)
    assert reload(waiting).status == ProfileStatus.SUBMITTED
    response = post_from_case(client, waiting, url, f"d{licence.id}", reason="Board called.")
    assert response.status_code == 302
    therapist = reload(waiting)
    assert therapist.status == ProfileStatus.PUBLISHED
    assert therapist.licences[0].status == ("error" if fault in OUTAGES else "mismatch")
    assert therapist.verification_state != "verified" and therapist.verified_places == []
    assert not listed_for(therapist.id)  # listed only for those who include unfinished checks
    public = app.test_client().get(f"/therapists/{therapist.slug}").get_data(as_text=True)
    assert "status-verified" not in public and not TECHNICAL.search(page_text_of(public))
    label = "Not verified yet" if fault in OUTAGES else "Not verified"
    assert f'<span class="status status-{therapist.licences[0].status}">{label}</span>' in public


@pytest.mark.parametrize("fault", FAULTS)
def test_rejecting_after_a_faulty_answer_tells_her_why_on_the_page_and_by_mail(app, waiting, fault):
    client = admin_client(app)
    licence = waiting.licences[0]
    url = f"/admin/cases/{licence.id}/reject"
    refused = post_from_case(client, waiting, url, f"d{licence.id}", reason="")
    assert refused.status_code == 400 and "the therapist reads your reason" in page_text(refused)
    before = len(mails(app))
    reason = "The board lists 12345 as an associate licence."
    response = post_from_case(client, waiting, url, f"d{licence.id}", reason=reason)
    assert response.status_code == 302
    therapist = reload(waiting)
    assert therapist.licences[0].decision == "rejected"
    assert therapist.status == ProfileStatus.DRAFT and not listed_for(therapist.id)
    assert f"An admin rejected this licence: {reason}" in therapist_pages(app, therapist)
    (mail,) = mails(app)[before:]
    assert reason in mail and "boss@example.org" not in mail


@pytest.mark.parametrize("fault", FAULTS)
def test_a_check_by_hand_after_a_faulty_answer_verifies_only_at_the_level_seen(app, waiting, fault):
    client = admin_client(app)
    licence = waiting.licences[0]
    case = page_text(client.get(f"/admin/therapists/{waiting.id}"))
    assert "at the level claimed, independent practice," in case
    seen = "independent" if fault in OUTAGES else "supervised"
    response = post_from_case(
        client,
        waiting,
        f"/admin/cases/{licence.id}/manual",
        f"m{licence.id}",
        register=BOARD,
        status="verified",
        level=seen,
        checked_url="https://www.bhec.texas.gov/",
        what_was_seen=f"LPC 12345, Ana Lopez-Garcia, active, {seen}",
    )
    assert response.status_code == 302
    told = page_text(client.get(response.headers["Location"]))
    therapist = reload(waiting)
    pages = therapist_pages(app, therapist)
    if fault in OUTAGES:
        assert "Your check is recorded. The profile is verified for Texas and listed." in told
        assert therapist.licences[0].status == "verified"
        assert therapist.status == ProfileStatus.PUBLISHED and listed_for(therapist.id)
        assert "Checked by hand by the Solace team" in pages
    else:
        # The page showed an associate licence: held, but not the licence claimed.
        assert "recorded as a mismatch: the page showed a lower level" in told
        assert therapist.licences[0].status == "mismatch"
        assert therapist.status == ProfileStatus.SUBMITTED and not listed_for(therapist.id)
        advice = "for practice under supervision, not for independent practice as claimed"
        assert advice in pages and advice in mails(app)[-1]
    assert "boss@example.org" not in pages


# -- a mail server that fails never loses a decision -----------------------------------------


def _reject(app, therapist):
    licence = therapist.licences[0]
    client = admin_client(app)
    url = f"/admin/cases/{licence.id}/reject"
    response = post_from_case(client, therapist, url, f"d{licence.id}", reason="Not yours.")
    assert response.status_code == 302
    return "Not yours.", "case.reject"


def _record_not_found(app, therapist):
    licence = therapist.licences[0]
    client = admin_client(app)
    response = post_from_case(
        client,
        therapist,
        f"/admin/cases/{licence.id}/manual",
        f"m{licence.id}",
        register=BOARD,
        status="not_found",
        what_was_seen="No LPC 12345 on the board's lookup.",
    )
    assert response.status_code == 302
    return "has no licence 12345 on record for Texas", "case.manual_check"


def _recheck(app, therapist):
    assert verification.queue_rechecks() == 1
    return "for practice under supervision", "licence.status"


def _rerun(app, therapist):
    licence = therapist.licences[0]
    client = admin_client(app)
    response = post_from_case(client, therapist, f"/admin/cases/{licence.id}/rerun")
    assert response.status_code == 302
    return "for practice under supervision", "licence.status"


@pytest.mark.parametrize("fault", ["another level"])
@pytest.mark.parametrize("decide", [_reject, _record_not_found, _recheck, _rerun])
@pytest.mark.parametrize("failure", ["refused", "raises"])
def test_a_mail_failure_keeps_the_decision_and_the_mail_goes_later(
    app, registry, listed, monkeypatch, fault, decide, failure
):
    serve(registry, fault)

    def broken(*args):
        if failure == "raises":
            raise ConnectionRefusedError("mail server down")
        return False

    monkeypatch.setattr(notices, "send_mail", broken)
    before = db.session.scalar(select(func.max(AuditEvent.id)))
    words, action = decide(app, listed)
    db.session.expire_all()
    (notice,) = db.session.scalars(select(Notice))
    assert notice.sent_at is None and notice.attempts >= 1
    assert mails(app) == []
    # The decision (or the new answer) is committed, with its audit event.
    assert action in db.session.scalars(select(AuditEvent.action).where(AuditEvent.id > before))
    assert words in therapist_pages(app, reload(listed))  # the page says it already
    monkeypatch.undo()
    assert notices.deliver_pending() == 1  # the worker's sweep
    (mail,) = mails(app)
    assert words in mail
    assert notices.deliver_pending() == 0


# -- a page gone stale, and a restriction that an outage must not lift -----------------------


@pytest.mark.parametrize("fault", ["another level"])
@pytest.mark.parametrize("action", ["approve", "reject", "manual"])
def test_a_decision_from_a_page_opened_before_new_answers_changes_nothing(
    app, registry, listed, fault, action
):
    client = admin_client(app)
    licence = listed.licences[0]
    html = client.get(f"/admin/therapists/{listed.id}").get_data(as_text=True)
    serve(registry, fault)
    assert verification.queue_rechecks() == 1  # the board's new answer arrives meanwhile
    prefix = f"m{licence.id}" if action == "manual" else f"d{licence.id}"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    version = re.search(rf'name="{prefix}-version" type="hidden" value="(\d+)"', html).group(1)
    fields = {"csrf_token": token, "version": version, "reason": "Looks fine."}
    if action == "manual":
        fields.update(register=BOARD, status="verified", what_was_seen="Active LPC.")
        fields["checked_url"] = "https://www.bhec.texas.gov/"
    response = client.post(
        f"/admin/cases/{licence.id}/{action}",
        data={f"{prefix}-{name}": value for name, value in fields.items()},
    )
    assert response.status_code == 409
    assert "new checks arrived" in page_text(response)
    therapist = reload(listed)
    assert therapist.licences[0].decision is None
    assert therapist.licences[0].status == "mismatch" and therapist.verified_places == []
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert not actions & {"case.approve", "case.reject", "case.manual_check"}


@pytest.mark.parametrize("fault", OUTAGES)
def test_an_outage_never_lifts_a_restriction(app, registry, listed, fault):
    licence = listed.licences[0]
    board_said(licence, "sanctioned", days_ago=35)
    assert reload(listed).status == ProfileStatus.SUSPENDED
    serve(registry, fault)
    listed = reload(listed)
    listed.status = ProfileStatus.PUBLISHED  # re-checks run for listed profiles
    db.session.commit()
    verification.verify_licence(licence.id)
    therapist = reload(listed)
    assert max(therapist.licences[0].checks, key=lambda c: c.checked_at).status == "error"
    assert therapist.status == ProfileStatus.SUSPENDED and not listed_for(therapist.id)
    assert "current restriction" in therapist_pages(app, therapist)


def test_a_restriction_a_year_old_stands_while_the_board_cannot_be_asked(app, registry):
    therapist = ana(ProfileStatus.SUBMITTED)
    licence = therapist.licences[0]
    board_said(licence, "verified", days_ago=500, level="independent")
    board_said(licence, "sanctioned", days_ago=400)
    serve(registry, "times out")
    verification.verify_licence(licence.id)
    therapist = reload(therapist)
    assert max(therapist.licences[0].checks, key=lambda c: c.checked_at).status == "error"
    assert therapist.status != ProfileStatus.PUBLISHED and therapist.verified_places == []


@pytest.mark.parametrize(("days_ago", "still_verified"), [(40, True), (90, False)])
def test_a_verified_answer_stands_through_an_outage_only_while_it_is_recent(
    app, registry, days_ago, still_verified
):
    therapist = ana(ProfileStatus.SUBMITTED)
    licence = therapist.licences[0]
    board_said(licence, "verified", days_ago=days_ago, level="independent")
    serve(registry, "maintenance page")
    verification.verify_licence(licence.id)
    therapist = reload(therapist)
    assert max(therapist.licences[0].checks, key=lambda c: c.checked_at).status == "error"
    backend().apply_outbox(db.session)
    if still_verified:
        assert therapist.verified_places == ["US-TX"] and listed_for(therapist.id)
    else:
        # A "verified" three months old says nothing about today: shown nowhere.
        assert therapist.verified_places == [] and not listed_for(therapist.id)
        public = app.test_client().get("/therapists/ana-lopez-garcia")
        assert "Licence verified" not in public.get_data(as_text=True)
