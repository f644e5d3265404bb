"""A therapist's links end to end without a browser: added in the editor's terms, checked
by the worker's job on a pretend internet, re-checked every 30 days, shown on the profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer

from directory import links
from directory.extensions import db
from directory.links.addresses import read_link
from directory.models import ProfileLink, utcnow
from tests.network import PretendInternet


@pytest.fixture
def net(app) -> PretendInternet:
    """The pretend internet, used by the app's link checks."""
    internet = PretendInternet()
    app.extensions["link_session"] = internet.session()
    return internet


@pytest.fixture
def rosa(make_therapist):
    return make_therapist(slug="rosa-diaz", first_name="Rosa", last_name="Diaz")


def serve_page(server: HTTPServer, *, links_to: str | None) -> None:
    """The therapist's home page, with a rel="me" link to `links_to` or none."""
    server.clear()
    back = f'<a href="{links_to}" rel="me">My Solace profile</a>' if links_to else ""
    server.expect_request("/").respond_with_data(
        f"<!doctype html><title>Rosa</title><p>Welcome.</p>{back}", content_type="text/html"
    )


def add(therapist, text: str, chosen: str = "website") -> ProfileLink:
    return links.add_link(therapist, read_link(text, chosen), actor="therapist:test")


def test_the_worker_verifies_a_website_and_the_profile_says_what_was_checked(
    client, httpserver, net, rosa
):
    site = net.site("rosadiaz.example", httpserver)
    serve_page(httpserver, links_to=links.profile_urls(rosa)[0])
    link = add(rosa, site + "/")
    assert (link.state, link.queued_at is not None) == (links.CHECKING, True)
    page = client.get("/therapists/rosa-diaz").get_data(as_text=True)
    assert "Not verified" in page  # not before the worker has checked

    assert links.check_link(link.id) == links.VERIFIED
    link = db.session.get(ProfileLink, link.id)
    assert link.queued_at is None and link.verified_at is not None
    page = client.get("/therapists/rosa-diaz").get_data(as_text=True)
    assert "Verified link" in page
    assert "links back to this profile" in page
    assert f"rosadiaz.example:{httpserver.port}" in page


def test_the_short_link_counts_as_the_profile(httpserver, net, rosa):
    rosa.short_code = "abc2345"
    db.session.commit()
    site = net.site("rosadiaz.example", httpserver)
    short = links.profile_urls(rosa)[1]
    assert short.endswith("/v/abc2345")
    serve_page(httpserver, links_to=short)
    assert links.check_link(add(rosa, site + "/").id) == links.VERIFIED


def test_another_therapists_profile_does_not_count(httpserver, net, rosa, make_therapist):
    other = make_therapist(slug="someone-else")
    site = net.site("rosadiaz.example", httpserver)
    serve_page(httpserver, links_to=links.profile_urls(other)[0])
    assert links.check_link(add(rosa, site + "/").id) == links.NOT_FOUND


def test_a_site_that_stops_answering_loses_its_mark_and_says_so(client, httpserver, net, rosa):
    site = net.site("rosadiaz.example", httpserver)
    serve_page(httpserver, links_to=links.profile_urls(rosa)[0])
    link = add(rosa, site + "/")
    assert links.check_link(link.id) == links.VERIFIED
    httpserver.clear()
    httpserver.expect_request("/").respond_with_data("down", status=503)
    assert links.check_link(link.id) == links.COULD_NOT_CHECK
    page = client.get("/therapists/rosa-diaz").get_data(as_text=True)
    assert "Verified link" not in page and "Not verified" in page


def test_social_accounts_are_listed_as_not_verified_and_never_checked(client, rosa):
    link = add(rosa, "https://www.instagram.com/rosadiaz.lpc")
    assert (link.state, link.queued_at) == (links.NOT_CHECKABLE, None)
    assert links.check_link(link.id) is None
    page = client.get("/therapists/rosa-diaz").get_data(as_text=True)
    assert "Instagram" in page and "Not verified" in page
    assert "has not confirmed that this account belongs to Rosa" in page


def test_a_removed_link_is_not_checked(rosa):
    link = add(rosa, "https://rosadiaz.example/")
    links.remove_link(rosa, link, actor="therapist:test")
    assert links.check_link(link.id) is None


def test_links_are_checked_again_after_30_days_and_lost_checks_are_asked_again(app, rosa):
    enqueued = []
    app.extensions["jobs"]["check_link"] = enqueued.append
    fresh = add(rosa, "https://rosadiaz.example/")
    stale = add(rosa, "https://rosadiaz.example/about")
    lost = add(rosa, "https://rosadiaz.example/fees")
    add(rosa, "https://www.instagram.com/rosadiaz.lpc")
    now = utcnow()
    for link, checked in ((fresh, 29), (stale, 31)):
        link.state, link.queued_at, link.checked_at = links.VERIFIED, None, now - timedelta(checked)
    lost.queued_at = now - timedelta(minutes=11)
    db.session.commit()
    enqueued.clear()

    assert links.queue_rechecks() == 2
    assert sorted(enqueued) == sorted([stale.id, lost.id])
    assert links.queue_rechecks() == 0  # both now queued, and not yet lost


def test_demo_profiles_websites_are_never_asked(app, make_therapist):
    enqueued = []
    app.extensions["jobs"]["check_link"] = enqueued.append
    demo = make_therapist(is_demo=True, website="https://example.org/demo-person")
    real = make_therapist(website="https://owen.example/")
    assert links.queue_rechecks() == 1
    assert enqueued == [real.links[0].id]
    assert [link.state for link in demo.links] == [links.NOT_FOUND]


def test_an_answer_that_breaks_the_reader_is_could_not_check_not_owed_forever(
    httpserver, net, rosa, monkeypatch
):
    site = net.site("rosadiaz.example", httpserver)
    serve_page(httpserver, links_to=links.profile_urls(rosa)[0])
    link = add(rosa, site + "/")

    def broken(*args):
        raise RecursionError("a page nested ten thousand deep")

    monkeypatch.setattr(links.proof, "page_links_back", broken)
    assert links.check_link(link.id) == links.COULD_NOT_CHECK
    link = db.session.get(ProfileLink, link.id)
    assert link.queued_at is None
    assert "could not read the site's answer" in link.detail
