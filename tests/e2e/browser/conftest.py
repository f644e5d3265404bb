"""Browser tests: Debian's Chromium, driven by Playwright, against the live site.

Chromium is /usr/bin/chromium (`.ci/install-browser.sh` installs it; SOLACE_CHROMIUM
points elsewhere). Without it each test module is skipped with a message saying so
(`require_chromium`), except in CI, where a missing browser is a failure.
`playwright install` is never needed.

One site serves the whole session (tests/e2e/browser/live_site.py): 40 demo therapists,
five hand-made ones, and two cases waiting for an admin, checked against a local copy
of the Texas board's register. Tests that change data make their own accounts and rows.
Its database is SQLite, or with PostgreSQL selected (`make test-postgres`) a schema of
its own. Every request a page makes is recorded (`requests_made`) for privacy checks.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright
from pytest_httpserver import HTTPServer

from directory import accounts, verification
from directory.extensions import db
from directory.models import Licence, ProfileStatus, Therapist, utcnow
from tests import services
from tests.e2e.browser.live_site import LiveSite, seed

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("SOLACE_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium phones home on its own, and this
# machine refuses those connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "a calm blue lake at dawn"
# Screenshots are saved at these widths (a common phone, a laptop); pages must also fit
# the narrowest phones in use, 320 px wide.
WIDTHS = {390: 844, 1280: 900}
NARROWEST = 320

expect.set_options(timeout=10_000)


# -- the browser -----------------------------------------------------------------------------


def require_chromium() -> None:
    """Skip the calling test module, saying why, when there is no Chromium to drive.

    Called at the top of every test module here. In CI (CI is set) a missing browser
    fails the run instead: there, .ci/run installs it.
    """
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = (
        f"no Chromium at {CHROMIUM}: browser tests need Debian's chromium package "
        "(run .ci/install-browser.sh, or set SOLACE_CHROMIUM to another Chromium)"
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the session."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Requests(list):
    """Every address the page asked for, in order."""

    def off_site(self, site_url: str) -> list[str]:
        """The requests that went to any origin other than the site's own."""
        own = urlsplit(site_url)
        return [
            url
            for url in self
            if urlsplit(url).scheme not in ("data", "blob")
            and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
        ]


@pytest.fixture
def requests_made() -> Requests:
    """The URL of every request the browser made during the test."""
    return Requests()


@pytest.fixture
def open_context(browser, site, requests_made):
    """Open a fresh browser profile (no cookies, no cache) with the site as base URL;
    every request any of its pages makes is recorded in `requests_made`."""
    opened = []

    def open_(**options):
        context = browser.new_context(
            base_url=site.url, viewport={"width": 1280, "height": 900}, **options
        )
        context.on("request", lambda request: requests_made.append(request.url))
        opened.append(context)
        return context

    yield open_
    for context in opened:
        context.close()


@pytest.fixture
def page(open_context) -> Page:
    """A tab in a fresh browser profile."""
    return open_context().new_page()


# -- the site --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def registry():
    """A local copy of the Texas board's register and the federal exclusion list."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    for code in ("LPC", "MFT", "PSY", "SW"):
        server.expect_request(f"/csv/{code}.csv").respond_with_data(
            (FIXTURES / "tx_bhec" / f"{code}.csv").read_bytes(), content_type="text/csv"
        )
    server.expect_request("/oig/UPDATED.csv").respond_with_data(
        (FIXTURES / "oig_leie" / "UPDATED.csv").read_bytes(), content_type="text/csv"
    )
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="session")
def database_uri():
    """SQLite in the site's folder; with PostgreSQL selected (`make test-postgres`), a
    schema of its own that lives as long as the site (the per-test schemas of
    tests/services.py are dropped after each test)."""
    if not services.using_postgres():
        yield None
        return
    schema = services.create_schema()
    yield services.schema_url(schema)
    services.drop_schema(schema)


@pytest.fixture(scope="session")
def site(tmp_path_factory, registry, database_uri):
    """The site, seeded and indexed, with a case waiting for an admin."""
    live = LiveSite(
        tmp_path_factory.mktemp("browser-site"),
        database_uri,
        VERIFIERS_ALLOW=["tx-bhec", "oig-leie", "manual"],
        VERIFIER_BASE_URLS={
            "tx-bhec": registry.url_for("/csv/"),
            "oig-leie": registry.url_for("/oig/UPDATED.csv"),
        },
        VERIFIER_SESSION_OPTIONS={"connect_timeout": 1, "read_timeout": 2, "retries": 0},
    )
    seed(live)
    with live.app.app_context():
        # The board lists licence 12345 as ANA LOPEZ-GARCIA, so "Anna Lopez" is a
        # mismatch, and licence 23456 as expired: both wait for an admin, with the
        # board's evidence beside the claim. The admin journey approves the first.
        for first, last, number in (("Anna", "Lopez", "12345"), ("Carl", "Brown", "23456")):
            held = Therapist(
                slug=f"{first}-{last}".lower(),
                status=ProfileStatus.DRAFT,
                first_name=first,
                last_name=last,
                credentials="MS, LPC",
                headline="Counselling for worry, panic and the weight of everyday anxiety.",
                bio="I work with adults facing anxiety, using CBT and plain talk.",
                region="US-TX",
                city="Austin",
                offers_online=True,
                languages=["en"],
                fee_min=110,
                fee_max=110,
            )
            held.licences.append(Licence(jurisdiction="US-TX", licence_type="LPC", number=number))
            db.session.add(held)
            db.session.commit()
            verification.request_verification(held, actor=f"therapist:{first.lower()}")
        db.session.remove()
    live.index_now()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def accounts_made(site):
    """Make confirmed accounts straight in the database: `accounts_made(role) -> email`."""
    made = iter(range(1, 1000))

    def make(role: str) -> str:
        address = f"{role}-{next(made)}@example.org"
        with site.app.app_context():
            user = accounts.create_user(address, PASSWORD, role)
            user.email_confirmed_at = utcnow()
            db.session.commit()
            db.session.remove()
        return address

    return make


def log_in(page: Page, address: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person would."""
    page.goto("/account/login")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture(scope="session")
def signed_in(browser, site, accounts_made, tmp_path_factory):
    """`signed_in(role)`: the cookies of an account of that role, logged in through the
    form once per session (tests that only look at pages share it)."""
    states: dict[str, Path] = {}
    folder = tmp_path_factory.mktemp("signed-in")

    def state(role: str) -> Path:
        if role not in states:
            context = browser.new_context(base_url=site.url)
            log_in(context.new_page(), accounts_made(role))
            states[role] = folder / f"{role}.json"
            context.storage_state(path=states[role])
            context.close()
        return states[role]

    return state


@pytest.fixture
def therapist_page(open_context, signed_in) -> Page:
    """A tab logged in as a therapist whose profile is an empty draft."""
    return open_context(storage_state=signed_in("therapist")).new_page()


@pytest.fixture
def admin_page(open_context, signed_in) -> Page:
    """A tab logged in as an admin."""
    return open_context(storage_state=signed_in("admin")).new_page()


# -- checks shared by the tests --------------------------------------------------------------


def assert_accessible(page: Page) -> None:
    """axe-core finds nothing at WCAG 2.1 A and AA on the page as it is now."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]
    assert not problems, f"{page.url}\n" + "\n".join(problems)


def screenshot(page: Page, name: str) -> None:
    """Save the page at phone and desktop widths to artifacts/screenshots/NAME-WIDTH.png,
    after checking that at every width down to 320 px nothing makes the page scroll
    sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width, height in [(NARROWEST, 640), *WIDTHS.items()]:
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        if width in WIDTHS:
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(original)
