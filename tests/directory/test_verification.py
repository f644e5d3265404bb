"""Verification in the application: from "submit" to a published (or held) profile,
against a real local registry server."""

from __future__ import annotations

import email
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from directory import create_app, verification
from directory.extensions import db
from directory.models import AuditEvent, Licence, ProfileStatus, Therapist, User, utcnow
from directory.search import SearchRequest, search, sync
from directory.vocabulary import load_vocabularies
from tests.conftest import make_config

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAST_HTTP = {
    "connect_timeout": 0.5,
    "read_timeout": 1.0,
    "total_timeout": 5.0,
    "retries": 1,
    "backoff": 0.01,
    "max_backoff": 0.02,
}


@pytest.fixture
def registry():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def serve_texas(registry, lpc_csv: bytes | None = None, status: int = 200):
    for code in ("LPC", "MFT", "PSY", "SW"):
        body = (FIXTURES / "tx_bhec" / f"{code}.csv").read_bytes()
        if code == "LPC" and lpc_csv is not None:
            body = lpc_csv
        registry.expect_request(f"/csv/{code}.csv").respond_with_data(
            body, status=status, content_type="text/csv"
        )


@pytest.fixture
def vapp(tmp_path, registry):
    """An app whose Texas board and exclusion list are the local registry server."""
    config = make_config(
        tmp_path,
        HUEY_IMMEDIATE=True,
        VERIFIERS_ALLOW=["tx-bhec", "oig-leie", "manual"],
        VERIFIER_BASE_URLS={
            "tx-bhec": registry.url_for("/csv/"),
            "oig-leie": registry.url_for("/oig/UPDATED.csv"),
        },
        VERIFIER_SESSION_OPTIONS=FAST_HTTP,
    )
    registry.expect_request("/oig/UPDATED.csv").respond_with_data(
        (FIXTURES / "oig_leie" / "UPDATED.csv").read_bytes(), content_type="text/csv"
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        load_vocabularies(db.session)
        sync.rebuild(db.session, Path(config["SEARCH_INDEX_DIR"]))
        yield app
        db.session.remove()
        db.engine.dispose()


def submitted_therapist(first="Ana", last="Lopez-Garcia", number="12345", jurisdiction="US-TX"):
    therapist = Therapist(
        slug=f"{first}-{last}-{number}".lower(),
        first_name=first,
        last_name=last,
        status=ProfileStatus.DRAFT,
        region="US-TX",
        city="Austin",
        bio="Trauma-informed counselling.",
    )
    therapist.licences.append(Licence(jurisdiction=jurisdiction, licence_type="LPC", number=number))
    db.session.add(therapist)
    db.session.commit()
    return therapist


def reload(therapist: Therapist) -> Therapist:
    db.session.expire_all()
    return db.session.get(Therapist, therapist.id)


def drain(app):
    sync.drain_outbox(db.session, Path(app.config["SEARCH_INDEX_DIR"]))


def test_a_verified_licence_publishes_the_profile_and_makes_it_searchable(vapp, registry):
    serve_texas(registry)
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    licence = therapist.licences[0]
    assert licence.status == "verified"
    assert therapist.status == ProfileStatus.PUBLISHED
    assert therapist.verification_state == "verified"
    assert licence.queued_at is None
    kinds = {c.verifier: c.status for c in licence.checks}
    assert kinds == {"tx-bhec": "verified", "oig-leie": "verified"}
    texas = next(c for c in licence.checks if c.verifier == "tx-bhec")
    assert "12345" in texas.evidence and texas.registry_url.startswith("http://127.0.0.1")
    drain(vapp)
    assert search(SearchRequest(text="trauma", verified_only=True)).ids == [therapist.id]
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[0] == "profile.submit" and "profile.state" in actions


def test_a_registry_error_is_never_not_found_and_the_licence_stays_queued(vapp, registry):
    serve_texas(registry, status=500)
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    licence = therapist.licences[0]
    texas = next(c for c in licence.checks if c.verifier == "tx-bhec")
    assert texas.status == "error"
    assert licence.status == "error"
    assert therapist.status == ProfileStatus.SUBMITTED  # held, not published, not rejected
    assert licence.queued_at is not None and licence.attempts == 1  # will be retried
    verification.verify_licence(licence.id)
    verification.verify_licence(licence.id)
    licence = reload(therapist).licences[0]
    assert licence.attempts == 3 and licence.queued_at is None  # now a person looks


def test_a_name_the_board_spells_differently_is_held_with_advice(vapp, registry):
    serve_texas(registry)
    therapist = submitted_therapist(first="Anna", last="Smith")
    verification.request_verification(therapist, actor="therapist:anna")
    therapist = reload(therapist)
    texas = next(c for c in therapist.licences[0].checks if c.verifier == "tx-bhec")
    assert texas.status == "mismatch"
    assert therapist.status == ProfileStatus.SUBMITTED
    advice = verification.advice_for(texas)
    assert "12345" in advice and "under another name (ANA MARIA LOPEZ-GARCIA)" in advice


def test_a_recheck_finding_the_licence_inactive_suspends_and_hides_at_once(vapp, registry):
    serve_texas(registry)
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    drain(vapp)
    assert search(SearchRequest(text="trauma")).total == 1
    expired = (
        (FIXTURES / "tx_bhec" / "LPC.csv")
        .read_text()
        .replace(",ACTIVE,03/15/2012", ",EXPIRED,03/15/2012")
    )
    registry.clear()
    serve_texas(registry, lpc_csv=expired.encode())
    verification.configured_verifiers()["tx-bhec"].refresh()
    verification.verify_licence(therapist.licences[0].id)
    therapist = reload(therapist)
    assert therapist.licences[0].status == "inactive"
    assert therapist.status == ProfileStatus.SUSPENDED
    drain(vapp)
    assert search(SearchRequest(text="trauma")).total == 0


def test_a_recheck_finding_a_suspension_tells_the_therapist_by_page_and_mail(vapp, registry):
    serve_texas(registry)
    therapist = submitted_therapist()
    owner = User(email="ana@example.org", password_hash="!", role="therapist")
    therapist.user = owner
    db.session.commit()
    verification.request_verification(therapist, actor="therapist:ana")
    assert reload(therapist).status == ProfileStatus.PUBLISHED
    outbox = Path(vapp.instance_path) / "outbox"
    assert not list(outbox.glob("*.eml"))  # a confirmation needs nothing: no mail
    suspended = (
        (FIXTURES / "tx_bhec" / "LPC.csv")
        .read_text()
        .replace(",ACTIVE,03/15/2012", ",SUSPENDED,03/15/2012")
    )
    registry.clear()
    serve_texas(registry, lpc_csv=suspended.encode())
    verification.configured_verifiers()["tx-bhec"].refresh()
    verification.verify_licence(therapist.licences[0].id)
    therapist = reload(therapist)
    assert therapist.status == ProfileStatus.SUSPENDED
    bodies = [
        email.message_from_bytes(p.read_bytes()).get_payload(decode=True).decode()
        for p in sorted(outbox.glob("*.eml"))
    ]
    assert len(bodies) == 2
    assert any("lists a current restriction on licence 12345" in b for b in bodies)
    assert any("Your profile has left search" in b for b in bodies)
    # Asking again with the same answer mails nothing new.
    verification.verify_licence(therapist.licences[0].id)
    assert len(list(outbox.glob("*.eml"))) == 2


def test_a_jurisdiction_without_an_automatic_registry_goes_to_a_person(vapp, registry):
    therapist = submitted_therapist(jurisdiction="US-CA", number="LMFT 1")
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    (check,) = [c for c in therapist.licences[0].checks if c.verifier == "manual"]
    assert check.status == "error"
    assert "by hand" in verification.advice_for(check)
    assert therapist.status == ProfileStatus.SUBMITTED


def test_due_rechecks_and_lost_jobs_are_found_again(vapp, registry):
    serve_texas(registry)
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    licence = reload(therapist).licences[0]
    assert verification.due_for_recheck() == []
    licence.last_checked_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert verification.due_for_recheck() == [licence.id]
    # A job that was taken by a worker that died: still queued, re-enqueued by the sweep.
    licence.queued_at = utcnow() - timedelta(hours=1)
    licence.status = "pending"
    db.session.commit()
    assert verification.requeue_lost() == 1
    assert reload(therapist).licences[0].status == "verified"


def test_jobs_wait_in_the_queue_when_not_run_inline(tmp_path):
    app = create_app(make_config(tmp_path, HUEY_IMMEDIATE=False))
    with app.app_context():
        db.create_all()
        load_vocabularies(db.session)
        therapist = submitted_therapist()
        verification.request_verification(therapist, actor="t")
        huey = app.extensions["huey"]
        assert huey.pending_count() == 1  # nothing ran in this (web) process
        assert reload(therapist).licences[0].queued_at is not None
        db.session.remove()
        db.engine.dispose()


def test_cli_verify_and_verifiers_list(vapp, registry):
    serve_texas(registry)
    therapist = submitted_therapist()
    runner = vapp.test_cli_runner()
    result = runner.invoke(args=["verify", "--therapist", therapist.slug])
    assert result.exit_code == 0, result.output
    assert "Checked 1 licences" in result.output and "tx-bhec: verified" in result.output
    result = runner.invoke(args=["verifiers", "list"])
    assert "tx-bhec" in result.output and "configured" in result.output
    assert "nppes" in result.output and "switched off" in result.output
    result = runner.invoke(args=["verify"])
    assert result.exit_code != 0 and "exactly one" in result.output
