"""Verification in the application: from "submit" to a published (or held) profile,
against a real local registry server."""

from __future__ import annotations

import email
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from directory import create_app, verification
from directory.extensions import db
from directory.models import AuditEvent, Licence, ProfileStatus, Therapist, User, utcnow
from directory.search import SearchRequest, backend, search
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
        backend().rebuild(db.session)
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
    backend().apply_outbox(db.session)


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
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert "name search" in lines["tx-bhec"] and "number only" in lines["uk-hcpc"]
    result = runner.invoke(args=["verify"])
    assert result.exit_code != 0 and "exactly one" in result.output


# -- "verified" means verified where the therapist practises -------------------------------


def texas_rows(status: str = "ACTIVE", discipline: str = "NO") -> bytes:
    """The Texas board's LPC file with Ana Lopez-Garcia's licence in `status`."""
    header = (FIXTURES / "tx_bhec" / "LPC.csv").read_text().splitlines()[0]
    row = (
        f"LPC,LPC,12345,LOPEZ-GARCIA,ANA,MARIA,,AUSTIN,TX,78701,TRAVIS,{status},"
        f"03/15/2012,03/31/2099,{discipline}"
    )
    return f"{header}\n{row}\n".encode()


def public_page(app, therapist) -> str:
    return app.test_client().get(f"/therapists/{therapist.slug}").get_data(as_text=True)


def found(app, therapist, **request) -> bool:
    drain(app)
    app.extensions["search"].reset()
    return therapist.id in search(SearchRequest(per_page=100, **request)).ids


def test_a_uk_membership_never_verifies_a_texas_practice(vapp, registry):
    from directory import workbench

    registry.expect_request("/csv/LPC.csv").respond_with_data("down", status=500)
    therapist = submitted_therapist()
    therapist.licences.append(Licence(jurisdiction="GB", licence_type="BACP", number="654321"))
    db.session.commit()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    texas, bacp = therapist.licences
    assert texas.status == "error" and therapist.verified_places == []
    # An admin checks the BACP register by hand: a membership, verified.
    workbench.record_manual_check(
        bacp, "admin:checker@example.org", "verified",
        "https://www.bacp.co.uk/search/Register", "Listed as a registered member.",
    )  # fmt: skip
    therapist = reload(therapist)
    assert [c.kind for c in bacp.checks if c.status == "verified"] == ["membership"]
    assert therapist.verified_places == []  # Austin is in Texas; the UK is not a place of hers
    assert therapist.verification_state != "verified"
    assert not found(vapp, therapist, region="US-TX")
    therapist.status = ProfileStatus.PUBLISHED  # as an admin's approval would
    db.session.commit()
    page = public_page(vapp, therapist)
    assert "Not yet verified for Texas." in page
    assert "Registered member of BACP Register, checked by hand by the Solace team on" in page
    assert "could not be reached on" in page and "we will check again by" in page
    # No technical text and no staff identity on a public page.
    for leak in ("checker@example.org", "admin:", "HTTP 500", "Errno", "registry's address"):
        assert leak not in page.split("<main", 1)[1], leak


def test_a_card_verified_through_a_uk_register_says_membership_verified(vapp, registry):
    from directory import workbench

    therapist = submitted_therapist(first="Bea", last="Hale", number="654321")
    therapist.region, therapist.city = "GB-ENG", "Brighton"
    therapist.status = ProfileStatus.SUBMITTED
    therapist.licences[0].jurisdiction, therapist.licences[0].licence_type = "GB", "BACP"
    db.session.commit()
    workbench.record_manual_check(
        therapist.licences[0], "admin:checker@example.org", "verified",
        "https://www.bacp.co.uk/search/Register", "Listed as a registered member.",
    )  # fmt: skip
    therapist = reload(therapist)
    assert therapist.verified_places == ["GB-ENG"] and therapist.status == ProfileStatus.PUBLISHED
    assert found(vapp, therapist)
    card = vapp.test_client().get("/search?region=GB-ENG").get_data(as_text=True)
    assert "Membership verified" in card and "Licence verified" not in card
    # Shortlisted and compared, the membership reads as one, never as a licence.
    client = vapp.test_client()
    compare = client.get(f"/compare?t={therapist.slug}").get_data(as_text=True)
    assert "Licence verified" not in compare and "BACP" in compare
    assert "Registered" in compare and "Licences and memberships" in compare


def test_the_badge_follows_the_board_then_a_probation_takes_the_profile_out(vapp, registry):
    registry.expect_request("/csv/LPC.csv").respond_with_data("down", status=500)
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    assert not found(vapp, reload(therapist))

    registry.clear()
    serve_texas(registry, texas_rows("ACTIVE"))
    verification.verify_licence(therapist.licences[0].id)
    therapist = reload(therapist)
    assert therapist.verified_places == ["US-TX"] and therapist.verification_state == "verified"
    assert therapist.status == ProfileStatus.PUBLISHED
    assert found(vapp, therapist, region="US-TX")
    assert "Licence verified" in vapp.test_client().get("/search?region=US-TX").get_data(
        as_text=True
    )

    registry.clear()
    serve_texas(registry, texas_rows("PROBATED"))
    verification.configured_verifiers()["tx-bhec"].refresh()  # the board's next daily file
    verification.verify_licence(therapist.licences[0].id)
    therapist = reload(therapist)
    assert therapist.status == ProfileStatus.SUSPENDED and therapist.verified_places == []
    assert not found(vapp, therapist, verified_only=False)  # gone after one indexer pass


def test_a_disciplinary_record_on_an_active_licence_is_disclosed_and_sent_to_a_person(
    vapp, registry
):
    from directory import workbench

    serve_texas(registry, texas_rows("ACTIVE", discipline="YES"))
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    assert therapist.verification_state == "verified"  # a record, not a restriction
    page = public_page(vapp, therapist)
    assert "lists a disciplinary action on this licence" in page
    cases, _ = workbench.queue()
    reasons = {r for case in cases for r in case.reasons}
    assert "public disciplinary record (disclosed on the profile)" in reasons


def test_an_associate_claimed_as_a_full_licence_is_not_verified(vapp, registry):
    associate = texas_rows().decode().replace("LPC,LPC,12345", "LPC Associate,LPCA,12345")
    serve_texas(registry, associate.encode())
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    assert therapist.licences[0].status == "mismatch"
    assert therapist.verified_places == [] and therapist.status == ProfileStatus.SUBMITTED
    # Listed honestly as an associate, the same licence verifies, under supervision.
    therapist.licences[0].licence_type = "LPC Associate"
    db.session.commit()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    assert therapist.verified_places == ["US-TX"]
    assert "LPC Associate (practises under supervision)" in public_page(vapp, therapist)


def test_online_places_each_need_a_licence_of_their_own(vapp, registry):
    serve_texas(registry, texas_rows("ACTIVE"))
    therapist = submitted_therapist()
    therapist.offers_online = True
    therapist.online_regions = ["US-TX", "US-NY"]
    db.session.commit()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    assert therapist.verified_places == ["US-TX"]
    assert therapist.verification_state == "partly_verified"
    page = public_page(vapp, therapist)
    assert "Verified for Texas only." in page and "Not yet verified for New York" in page
    # Listed for where it is verified; its card says exactly where.
    assert found(vapp, therapist)
    card = vapp.test_client().get("/search?q=Lopez").get_data(as_text=True)
    assert "Licence verified for Texas only" in card


def test_rederive_applies_the_rule_to_stored_checks_without_asking_anyone(vapp, registry):
    serve_texas(registry, texas_rows("ACTIVE"))
    therapist = submitted_therapist()
    verification.request_verification(therapist, actor="therapist:ana")
    therapist = reload(therapist)
    therapist.verified_places, therapist.verification_state = [], "pending"  # as before 0006
    db.session.commit()
    asked = len(registry.log)
    assert verification.rederive_all() == 1
    therapist = reload(therapist)
    assert therapist.verified_places == ["US-TX"] and therapist.verification_state == "verified"
    assert len(registry.log) == asked


def test_an_exclusion_screen_also_matches_the_name_nppes_holds(vapp):
    therapist = submitted_therapist()
    licence = therapist.licences[0]
    verification.store_result(
        licence,
        verification.VerificationResult(
            status="verified", verifier="nppes", kind="identity",
            checked_at=utcnow(), registry="NPPES", registry_url="https://example.org",
            summary="NPI found.", registry_name="ANA MARIA LOPEZ",
        ),
    )  # fmt: skip
    db.session.commit()
    assert verification.query_for(licence).other_names == ("ANA MARIA LOPEZ",)


def test_a_persons_recent_check_is_not_superseded_by_asking_again(vapp, registry):
    from directory import workbench

    therapist = submitted_therapist(jurisdiction="US-CA")  # no program asks California here
    verification.request_verification(therapist, actor="therapist:ana")
    licence = reload(therapist).licences[0]
    workbench.record_manual_check(
        licence, "admin:checker@example.org", "verified",
        "https://search.dca.ca.gov/", "Active, no discipline.",
    )  # fmt: skip
    verification.verify_licence(licence.id)  # a re-check, or a job that ran late
    licence = reload(therapist).licences[0]
    latest = verification.latest_by_verifier(licence)["manual"]
    assert latest.status == "verified" and licence.status == "verified"
