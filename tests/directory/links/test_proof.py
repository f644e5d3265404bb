"""Asking a website or a Mastodon server for a link back: parsing recorded-layout answers,
and fetching from local servers on a pretend internet (tests/network.py), where every
fault is "could not check" and a private address is never asked."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from directory.links import proof
from directory.links.proof import COULD_NOT_CHECK, NOT_FOUND, VERIFIED
from tests.network import PretendInternet

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "links"
PROFILE = "https://solace.example/therapists/rosa-diaz"
KEYS = {proof.address_key(PROFILE)}


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


# -- reading answers -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["website_rel_me_a.html", "website_rel_me_link.html"])
def test_a_rel_me_link_or_link_element_back_to_the_profile_is_found(page):
    assert proof.page_links_back(fixture(page), "https://rosadiaz.example/", KEYS)


def test_links_without_rel_me_or_to_another_page_prove_nothing():
    # A plain link, a rel="me" link to another profile, and a relative rel="me" link,
    # which points at the site itself, not at Solace.
    page = fixture("website_no_rel_me.html")
    assert not proof.page_links_back(page, "https://rosadiaz.example/", KEYS)


def test_the_actor_listing_the_profile_in_a_field_is_found():
    actor = json.loads(fixture("mastodon_actor.json"))
    assert proof.actor_lists_profile(actor, KEYS)


def test_an_actor_without_the_profile_in_a_property_value_is_not():
    # Its only mention of the profile is in a Note entry: not the layout Mastodon uses.
    actor = json.loads(fixture("mastodon_actor_without_profile.json"))
    assert not proof.actor_lists_profile(actor, KEYS)


def test_a_field_with_the_address_as_plain_text_counts():
    actor = {
        "id": "https://social.example/users/rosa",
        "attachment": {
            "type": "PropertyValue",
            "name": "Solace",
            "value": "solace.example/therapists/rosa-diaz",
        },
    }
    assert proof.actor_lists_profile(actor, KEYS)  # fmt: skip


@pytest.mark.parametrize("answer", [[], "Person", {"type": "Person"}, {"id": 5}])
def test_an_answer_that_is_not_an_actor_is_a_parse_error(answer):
    with pytest.raises(proof.ParseError):
        proof.actor_lists_profile(answer, KEYS)


def test_webfinger_gives_the_activitypub_actor():
    answer = json.loads(fixture("mastodon_webfinger.json"))
    assert proof.webfinger_actor(answer) == "https://social.example/users/rosa"
    with pytest.raises(proof.ParseError):
        page_only = {"rel": "http://webfinger.net/rel/profile-page", "href": "https://x.example/"}
        proof.webfinger_actor({"subject": "acct:rosa@social.example", "links": [page_only]})


# -- asking sites ------------------------------------------------------------------------------


@pytest.fixture
def net() -> PretendInternet:
    return PretendInternet()


@pytest.fixture
def site(httpserver: HTTPServer, net):
    """rosadiaz.example, served by the local test server."""
    return net.site("rosadiaz.example", httpserver)


def test_a_website_linking_back_is_verified(httpserver, net, site):
    httpserver.expect_request("/").respond_with_data(
        fixture("website_rel_me_a.html"), content_type="text/html; charset=utf-8"
    )
    found = proof.check(net.session(), "website", site + "/", [PROFILE])
    assert found.state == VERIFIED


def test_a_website_without_the_link_back_is_link_back_not_found(httpserver, net, site):
    httpserver.expect_request("/").respond_with_data(
        fixture("website_no_rel_me.html"), content_type="text/html"
    )
    found = proof.check(net.session(), "website", site + "/", [PROFILE])
    assert found.state == NOT_FOUND
    assert 'rel="me"' in found.detail


def test_a_redirect_on_the_same_site_is_followed(httpserver, net, site):
    httpserver.expect_request("/").respond_with_response(
        Response(status=301, headers={"Location": "/home"})
    )
    httpserver.expect_request("/home").respond_with_data(
        fixture("website_rel_me_a.html"), content_type="text/html"
    )
    assert proof.check(net.session(), "website", site + "/", [PROFILE]).state == VERIFIED


def test_a_website_redirecting_elsewhere_could_not_be_checked(httpserver, net, site):
    # Even to a page that links back: only the address the therapist gave is judged.
    other = net.site("elsewhere.example", httpserver)
    httpserver.expect_request("/").respond_with_response(
        Response(status=302, headers={"Location": other + "/page"})
    )
    httpserver.expect_request("/page").respond_with_data(
        fixture("website_rel_me_a.html"), content_type="text/html"
    )
    found = proof.check(net.session(), "website", site + "/", [PROFILE])
    assert found.state == COULD_NOT_CHECK
    assert "another site" in found.detail


def test_a_website_that_times_out_could_not_be_checked(httpserver, net, site):
    def slow(request):
        time.sleep(2.5)
        return Response(fixture("website_rel_me_a.html"), content_type="text/html")

    httpserver.expect_request("/").respond_with_handler(slow)
    found = proof.check(net.session(read_timeout=0.5), "website", site + "/", [PROFILE])
    assert found.state == COULD_NOT_CHECK
    assert "did not answer in time" in found.detail


def test_a_huge_page_could_not_be_checked_even_with_the_link_back(httpserver, net, site):
    huge = fixture("website_rel_me_a.html") + "<p>" + "x" * (2 * proof.PAGE_MAX_BYTES)

    def streamed(request):
        return Response((huge[i : i + 65536] for i in range(0, len(huge), 65536)),
                        content_type="text/html")  # fmt: skip

    httpserver.expect_request("/").respond_with_handler(streamed)
    found = proof.check(net.session(read_timeout=10), "website", site + "/", [PROFILE])
    assert found.state == COULD_NOT_CHECK
    assert "larger than 1 MB" in found.detail


def test_an_error_page_could_not_be_checked(httpserver, net, site):
    httpserver.expect_request("/").respond_with_data("gone", status=404)
    found = proof.check(net.session(), "website", site + "/", [PROFILE])
    assert (found.state, found.detail) == (
        COULD_NOT_CHECK,
        "The site answered with an error (HTTP 404).",
    )


def test_a_file_that_is_not_a_web_page_could_not_be_checked(httpserver, net, site):
    httpserver.expect_request("/").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    assert proof.check(net.session(), "website", site + "/", [PROFILE]).state == COULD_NOT_CHECK


def test_a_site_that_is_not_there_could_not_be_checked(net):
    found = proof.check(net.session(), "website", "https://nowhere.example/", [PROFILE])
    assert found.state == COULD_NOT_CHECK


@pytest.mark.parametrize(
    "addresses",
    [("10.0.0.5",), ("127.0.0.1",), ("169.254.169.254",), ("::1",), ("192.168.1.10",),
     ("fe80::1",), ("::ffff:127.0.0.1",), ("93.184.216.34", "10.0.0.5")],
)  # fmt: skip
def test_a_name_resolving_to_a_private_address_is_never_asked(httpserver, net, addresses):
    # The test server would answer with the link back; it must never be asked.
    httpserver.expect_request("/").respond_with_data(
        fixture("website_rel_me_a.html"), content_type="text/html"
    )
    net.resolves("rebind.example", *addresses)
    net.routes.update({address: httpserver.host for address in addresses})
    found = proof.check(
        net.session(), "website", f"http://rebind.example:{httpserver.port}/", [PROFILE]
    )
    assert found.state == COULD_NOT_CHECK
    assert "private network" in found.detail
    assert httpserver.log == []


def test_a_numeric_private_address_is_never_asked_even_on_this_machine(httpserver, net):
    # A registry configured at 127.0.0.1 may be asked there; an address a therapist typed
    # may not, whatever it names.
    httpserver.expect_request("/").respond_with_data(
        fixture("website_rel_me_a.html"), content_type="text/html"
    )
    net.routes["127.0.0.1"] = httpserver.host
    for url in (httpserver.url_for("/"), f"http://localhost:{httpserver.port}/"):
        net.resolves("localhost", "127.0.0.1")
        assert proof.check(net.session(), "website", url, [PROFILE]).state == COULD_NOT_CHECK
    assert httpserver.log == []


def test_a_redirect_to_a_private_address_is_not_followed(httpserver, net, site):
    httpserver.expect_request("/").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    found = proof.check(net.session(), "website", site + "/", [PROFILE])
    assert found.state == COULD_NOT_CHECK


# -- Mastodon ---------------------------------------------------------------------------------


def serve_mastodon(httpserver: HTTPServer, base: str, actor_file: str) -> None:
    """A Mastodon server at `base` (its addresses rewritten to it) for acct:rosa."""

    def rebased(name: str) -> str:
        return fixture(name).replace("https://social.example", base)

    httpserver.expect_request(
        "/.well-known/webfinger", query_string={"resource": "acct:rosa@social.example"}
    ).respond_with_data(rebased("mastodon_webfinger.json"), content_type="application/jrd+json")
    httpserver.expect_request(
        "/users/rosa", headers={"Accept": f"{proof.ACTIVITY_JSON}, {proof.ACTIVITY_LD_JSON}"}
    ).respond_with_data(rebased(actor_file), content_type="application/activity+json")


def test_a_mastodon_account_listing_the_profile_is_verified(httpserver, net):
    base = net.site("social.example", httpserver)
    serve_mastodon(httpserver, base, "mastodon_actor.json")
    found = proof.check(net.session(), "mastodon", base + "/@rosa", [PROFILE])
    assert found.state == VERIFIED


def test_a_mastodon_account_without_the_field_is_link_back_not_found(httpserver, net):
    base = net.site("social.example", httpserver)
    serve_mastodon(httpserver, base, "mastodon_actor_without_profile.json")
    found = proof.check(net.session(), "mastodon", base + "/@rosa", [PROFILE])
    assert found.state == NOT_FOUND


def test_a_server_that_refuses_unsigned_requests_could_not_be_checked(httpserver, net):
    # Mastodon servers in "secure mode" may refuse an unsigned GET of the actor.
    base = net.site("social.example", httpserver)
    httpserver.expect_request("/.well-known/webfinger").respond_with_data(
        fixture("mastodon_webfinger.json").replace("https://social.example", base),
        content_type="application/jrd+json",
    )
    httpserver.expect_request("/users/rosa").respond_with_data("", status=401)
    found = proof.check(net.session(), "mastodon", base + "/@rosa", [PROFILE])
    assert found.state == COULD_NOT_CHECK


def test_a_web_page_instead_of_webfinger_could_not_be_checked(httpserver, net):
    base = net.site("social.example", httpserver)
    httpserver.expect_request("/.well-known/webfinger").respond_with_data(
        "<!doctype html><p>Not Mastodon</p>", content_type="text/html"
    )
    found = proof.check(net.session(), "mastodon", base + "/@rosa", [PROFILE])
    assert found.state == COULD_NOT_CHECK
    assert "Mastodon" in found.detail


def test_an_actor_on_a_private_address_is_never_asked(httpserver, net):
    base = net.site("social.example", httpserver)
    httpserver.expect_request("/.well-known/webfinger").respond_with_data(
        fixture("mastodon_webfinger.json").replace(
            "https://social.example/users", "http://internal.example/users"
        ),
        content_type="application/jrd+json",
    )
    net.resolves("internal.example", "10.1.2.3")
    found = proof.check(net.session(), "mastodon", base + "/@rosa", [PROFILE])
    assert found.state == COULD_NOT_CHECK
    assert "private network" in found.detail
