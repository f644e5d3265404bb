"""A visitor in Texas, and a profile whose only checked credential is a UK membership.

The badge must follow the Texas board: absent while its register cannot be reached (with
plain words, and no staff identity, on the profile), present once the board lists the
licence as active, and the profile out of search within one indexer pass once a re-check
finds the licence probated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_httpserver import HTTPServer

from directory import verification, workbench
from directory.extensions import db
from directory.models import Licence, ProfileStatus, Therapist
from directory.vocabulary import load_vocabularies
from tests.e2e.browser.conftest import FIXTURES, assert_accessible, require_chromium, screenshot
from tests.e2e.browser.live_site import LiveSite

require_chromium()

ADMIN = "admin:checker@example.org"


def lpc_file(status: str) -> bytes:
    header = (FIXTURES / "tx_bhec" / "LPC.csv").read_text().splitlines()[0]
    row = f"LPC,LPC,12345,MARQUEZ,ROSA,,,AUSTIN,TX,78701,TRAVIS,{status},03/15/2012,03/31/2099,NO"
    return f"{header}\n{row}\n".encode()


def serve_board(registry: HTTPServer, status: str | None) -> None:
    """The Texas board's files: down (HTTP 500) when `status` is None."""
    registry.clear()
    for code in ("LPC", "MFT", "PSY", "SW"):
        if status is None:
            registry.expect_request(f"/csv/{code}.csv").respond_with_data("down", status=500)
        else:
            body = lpc_file(status) if code == "LPC" else (FIXTURES / "tx_bhec" / f"{code}.csv")
            body = body if isinstance(body, bytes) else body.read_bytes()
            registry.expect_request(f"/csv/{code}.csv").respond_with_data(
                body, content_type="text/csv"
            )


@pytest.fixture(scope="module")
def board():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def texas_site(tmp_path_factory, board):
    site = LiveSite(
        Path(tmp_path_factory.mktemp("texas-site")),
        VERIFIERS_ALLOW=["tx-bhec", "manual"],
        VERIFIER_BASE_URLS={"tx-bhec": board.url_for("/csv/")},
        VERIFIER_SESSION_OPTIONS={"connect_timeout": 1, "read_timeout": 2, "retries": 0},
    )
    with site.app.app_context():
        load_vocabularies(db.session)
    site.rebuild_index()
    yield site
    site.stop()


def run(site: LiveSite, action) -> None:
    with site.app.app_context():
        try:
            action()
        finally:
            db.session.remove()


def rosa(site: LiveSite) -> Therapist:
    return db.session.scalar(db.select(Therapist).filter_by(slug="rosa-marquez"))


def search_texas(page: Page, site: LiveSite, include_unfinished: bool = False) -> None:
    query = "region=US-TX" + ("&include_unfinished=1" if include_unfinished else "")
    page.goto(f"{site.url}/search?{query}")


def test_a_uk_membership_never_shows_as_a_texas_licence(page: Page, texas_site, board):
    serve_board(board, None)

    def submit():
        therapist = Therapist(
            slug="rosa-marquez",
            status=ProfileStatus.DRAFT,
            first_name="Rosa",
            last_name="Marquez",
            credentials="MA, LPC, MBACP",
            headline="Counselling for anxiety, in Austin and online.",
            bio="I trained in London and now see clients in Austin.",
            region="US-TX",
            city="Austin",
            postcode="78701",
            latitude=30.2713,
            longitude=-97.7426,
            languages=["en"],
            fee_min=100,
        )
        therapist.licences.append(Licence(jurisdiction="US-TX", licence_type="LPC", number="12345"))
        therapist.licences.append(Licence(jurisdiction="GB", licence_type="BACP", number="654321"))
        db.session.add(therapist)
        db.session.commit()
        verification.request_verification(therapist, actor="therapist:rosa")
        # The checks ran in the worker's session: read the licences as they left them
        # (their answers raised the version an admin's decision is made from).
        db.session.expire_all()
        bacp = next(lic for lic in therapist.licences if lic.licence_type == "BACP")
        workbench.record_manual_check(
            bacp, ADMIN, "verified", "https://www.bacp.co.uk/search/Register",
            "Rosa Marquez, registered member, membership 654321.",
        )  # fmt: skip
        texas = next(lic for lic in therapist.licences if lic.licence_type == "LPC")
        workbench.approve(texas, ADMIN, "Listed while the Texas board is down; not verified.")

    run(texas_site, submit)
    texas_site.index_now()

    # Texas search: not among verified therapists, and no badge when unfinished ones are shown.
    search_texas(page, texas_site)
    expect(page.get_by_role("link", name="Rosa Marquez")).to_have_count(0)
    search_texas(page, texas_site, include_unfinished=True)
    card = page.locator(".result").filter(has=page.get_by_role("link", name="Rosa Marquez"))
    expect(card).to_contain_text("Licence checks not finished")
    expect(card).not_to_contain_text("Licence verified")
    screenshot(page, "texas-unfinished-card")

    card.get_by_role("link", name="Rosa Marquez").click()
    licences = page.get_by_role("region", name="Licences and how they were checked")
    expect(licences).to_contain_text("Not yet verified for Texas.")
    expect(licences).to_contain_text("could not be reached on")
    expect(licences).to_contain_text("we will check again by")
    expect(licences).to_contain_text("Registered member of BACP Register")
    text = page.locator("main").inner_text()
    for leak in ("checker@example.org", "admin:", "Errno", "HTTP 500", "Name or service"):
        assert leak not in text, leak
    assert_accessible(page)
    screenshot(page, "texas-unreachable-profile")


def test_the_badge_appears_when_the_board_confirms_and_goes_with_a_probation(
    page: Page, texas_site, board
):
    serve_board(board, "ACTIVE")

    def recheck():
        therapist = rosa(texas_site)
        texas = next(lic for lic in therapist.licences if lic.licence_type == "LPC")
        verification.verify_licence(texas.id)

    run(texas_site, recheck)
    texas_site.index_now()
    search_texas(page, texas_site)
    card = page.locator(".result").filter(has=page.get_by_role("link", name="Rosa Marquez"))
    expect(card).to_contain_text("Licence verified")
    screenshot(page, "texas-verified-card")
    card.get_by_role("link", name="Rosa Marquez").click()
    licences = page.get_by_role("region", name="Licences and how they were checked")
    expect(licences).to_contain_text("Verified for Texas.")
    expect(licences).to_contain_text("Texas Behavioral Health Executive Council confirmed")

    serve_board(board, "PROBATED")

    def probated():
        verification.configured_verifiers()["tx-bhec"].refresh()  # the board's next file
        recheck()

    run(texas_site, probated)
    texas_site.index_now()  # one indexer pass
    search_texas(page, texas_site, include_unfinished=True)
    expect(page.get_by_role("link", name="Rosa Marquez")).to_have_count(0)
    response = page.goto(f"{texas_site.url}/therapists/rosa-marquez")
    assert response is not None and response.status == 404
