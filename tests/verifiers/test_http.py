"""The shared HTTP session: what registries see of us, and how their trouble ends."""

from __future__ import annotations

import os
import socket
import ssl
import threading
import time

import pytest
import trustme
import urllib3.util.connection
from pytest_httpserver import HTTPServer
from werkzeug import Response

from verifiers.errors import (
    ParseError,
    PrivateAddress,
    RefusedAddress,
    RegistryHTTPError,
    RegistryRateLimited,
    RegistryTimeout,
    RegistryUnreachable,
    ResponseTooLarge,
)
from verifiers.http import RateLimiter, RegistrySession, parse_retry_after


def test_registries_see_a_descriptive_user_agent_with_the_contact(registry, session):
    registry.expect_request(
        "/api/", headers={"User-Agent": "Solace-verifier/0.1 (+contact: tests@solace.example)"}
    ).respond_with_data("ok")
    answer = session.client(registry.url_for("/api/"), requests_per_second=100).get("")
    assert answer.content == b"ok"


def test_a_contact_that_is_not_an_email_address_is_refused():
    with pytest.raises(ValueError, match="not an email"):
        RegistrySession(contact_email="ops@example.org\r\nX-Evil: 1")


def test_a_slow_registry_times_out_quickly(registry, session):
    registry.expect_request("/slow").respond_with_handler(
        lambda request: time.sleep(1.5) or Response("late")
    )
    client = session.client(registry.url_for("/"), requests_per_second=100)
    started = time.monotonic()
    with pytest.raises(RegistryTimeout, match="did not answer within 0.5 s"):
        client.get("slow")
    assert time.monotonic() - started < 1.4  # no retry of a read timeout


def test_connection_refused_is_retried_then_reported(session, closed_port):
    client = session.client(f"http://127.0.0.1:{closed_port}/", requests_per_second=100)
    with pytest.raises(RegistryUnreachable, match="after 3 tries"):
        client.get("")


def test_429_with_retry_after_waits_then_succeeds(registry, session):
    registry.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    registry.expect_ordered_request("/busy").respond_with_data("fine")
    client = session.client(registry.url_for("/"), requests_per_second=100)
    started = time.monotonic()
    assert client.get("busy").content == b"fine"
    assert time.monotonic() - started >= 0.95  # honoured Retry-After: 1


def test_429_asking_for_a_long_wait_gives_up_at_once(registry, session):
    registry.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    client = session.client(registry.url_for("/"), requests_per_second=100)
    started = time.monotonic()
    with pytest.raises(RegistryRateLimited, match="asked us to wait 3600 s"):
        client.get("busy")
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize("code", [502, 503, 504])
def test_gateway_errors_are_retried(registry, session, code):
    registry.expect_ordered_request("/flaky").respond_with_data("down", status=code)
    registry.expect_ordered_request("/flaky").respond_with_data("up")
    client = session.client(registry.url_for("/"), requests_per_second=100)
    assert client.get("flaky").content == b"up"


def test_a_server_error_is_reported_in_one_line(registry, session):
    registry.expect_request("/broken").respond_with_data("Traceback...\n...", status=500)
    client = session.client(registry.url_for("/"), requests_per_second=100)
    with pytest.raises(RegistryHTTPError) as caught:
        client.get("broken")
    assert caught.value.status_code == 500
    assert "HTTP 500" in str(caught.value) and "\n" not in str(caught.value)
    assert len(registry.log) == 1  # a 500 is not retried


def test_a_huge_streamed_answer_is_cut_at_the_size_cap(registry, session):
    sent = []

    def fifty_megabytes(request):
        def body():
            chunk = b"x" * 65536
            for _ in range(800):  # 50 MiB, never held in memory at once
                sent.append(len(chunk))
                yield chunk

        return Response(body(), content_type="application/json")

    registry.expect_request("/huge").respond_with_handler(fifty_megabytes)
    client = session.client(registry.url_for("/"), requests_per_second=100)
    with pytest.raises(ResponseTooLarge, match="more than 1.0 MB"):
        client.get("huge")
    time.sleep(0.2)
    assert sum(sent) < 20 * 1024 * 1024  # we stopped reading long before the end


def test_a_declared_length_over_the_cap_is_refused_before_reading(registry, session):
    registry.expect_request("/big").respond_with_data(b"y" * (1024 * 1024 + 1))
    client = session.client(registry.url_for("/"), requests_per_second=100)
    with pytest.raises(ResponseTooLarge):
        client.get("big")


def test_a_redirect_to_another_host_is_not_followed(registry, session):
    other = registry.url_for("/elsewhere").replace("127.0.0.1", "localhost")
    registry.expect_request("/moved").respond_with_data("", status=302, headers={"Location": other})
    registry.expect_request("/elsewhere").respond_with_data("should never be asked")
    client = session.client(registry.url_for("/"), requests_per_second=100)
    with pytest.raises(RefusedAddress, match="another site"):
        client.get("moved")
    assert [entry[0].path for entry in registry.log] == ["/moved"]


def test_a_redirect_on_the_same_host_is_followed(registry, session):
    registry.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    registry.expect_request("/new").respond_with_data("here")
    client = session.client(registry.url_for("/"), requests_per_second=100)
    assert client.get("old").content == b"here"


def test_a_redirect_to_another_scheme_is_refused(registry, session):
    registry.expect_request("/ftp").respond_with_data(
        "", status=302, headers={"Location": "ftp://127.0.0.1/file"}
    )
    client = session.client(registry.url_for("/"), requests_per_second=100)
    with pytest.raises(RefusedAddress, match="only http and https"):
        client.get("ftp")


def test_a_public_registry_that_resolves_to_a_private_address_is_refused():
    def resolver(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    session = RegistrySession(resolver=resolver, retries=0)
    client = session.client("https://registry.example/api/")
    with pytest.raises(RefusedAddress, match="private or local address"):
        client.get("")


def test_a_public_registry_name_pointing_at_loopback_is_refused():
    def resolver(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    client = RegistrySession(resolver=resolver).client("https://registry.example/")
    with pytest.raises(RefusedAddress, match="private or local"):
        client.get("")


def test_a_public_only_client_refuses_a_local_address_a_registry_client_may_ask(registry):
    # A registry configured at 127.0.0.1 (a test server, a mirror) is asked there; an
    # address someone typed never is, though it names the very same server.
    registry.expect_request("/page").respond_with_data("hello")
    session = RegistrySession(retries=0)
    assert session.client(registry.url_for("/")).get("page").content == b"hello"
    with pytest.raises(PrivateAddress):
        session.client(registry.url_for("/"), public_only=True).get("page")
    assert len(registry.log) == 1


def test_non_http_registry_addresses_are_a_configuration_error():
    with pytest.raises(ValueError, match="http"):
        RegistrySession().client("file:///etc/passwd")


def test_html_instead_of_json_is_a_parse_error(registry, session):
    registry.expect_request("/api").respond_with_data(
        "<!DOCTYPE html><html><body>Maintenance</body></html>", content_type="text/html"
    )
    answer = session.client(registry.url_for("/"), requests_per_second=100).get("api")
    with pytest.raises(ParseError, match="web page instead of data"):
        answer.json()


def test_the_limiter_spaces_requests_to_the_same_host(registry, session):
    registry.expect_request("/ping").respond_with_data("pong")
    client = session.client(registry.url_for("/"), requests_per_second=20)
    started = time.monotonic()
    for _ in range(10):
        client.get("ping")
    assert time.monotonic() - started >= 0.44  # 9 gaps of 50 ms


def test_the_limiter_holds_across_threads():
    limiter = RateLimiter(50)
    stamps: list[float] = []
    lock = threading.Lock()

    def call():
        limiter.wait()
        with lock:
            stamps.append(time.monotonic())

    threads = [threading.Thread(target=call) for _ in range(10)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps.sort()
    # The k-th call to go out can never go before k intervals of 1/50 s have passed.
    # A busy machine only delays calls, so these lower bounds hold however loaded it is.
    early = [k for k, stamp in enumerate(stamps) if stamp - started < k * 0.02 - 0.002]
    assert early == []


def test_two_clients_of_one_registry_share_its_limit(registry, session):
    registry.expect_request("/ping").respond_with_data("pong")
    first = session.client(registry.url_for("/"), requests_per_second=20)
    second = session.client(registry.url_for("/other/"), requests_per_second=20)
    started = time.monotonic()
    for _ in range(5):
        first.get("/ping")
        second.get("/ping")
    assert time.monotonic() - started >= 0.44


def test_retry_after_accepts_seconds_and_http_dates():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


def test_download_replaces_the_old_copy_only_when_complete(registry, session, tmp_path):
    target = tmp_path / "list.csv"
    target.write_text("old copy")
    registry.expect_ordered_request("/list.csv").respond_with_data("broken", status=500)
    registry.expect_ordered_request("/list.csv").respond_with_data("new copy")
    client = session.client(registry.url_for("/list.csv"), requests_per_second=100)
    with pytest.raises(RegistryHTTPError):
        client.download("", target)
    assert target.read_text() == "old copy"
    progress: list[tuple[int, int | None]] = []
    result = client.download(
        "", target, progress=lambda done, total: progress.append((done, total))
    )
    assert target.read_text() == "new copy" and result.size == 8
    assert progress[-1] == (8, 8)
    assert [p.name for p in tmp_path.iterdir()] == ["list.csv"]  # no temp files left


def test_download_cut_at_the_cap_keeps_the_old_copy(registry, session, tmp_path):
    target = tmp_path / "list.csv"
    target.write_text("old copy")
    registry.expect_request("/list.csv").respond_with_handler(
        lambda request: Response(b"z" * 65536 for _ in range(100))  # 6.25 MiB, no length
    )
    client = session.client(registry.url_for("/list.csv"), requests_per_second=100)
    with pytest.raises(ResponseTooLarge):
        client.download("", target)
    assert target.read_text() == "old copy"
    assert os.listdir(tmp_path) == ["list.csv"]


def test_download_refused_by_its_check_keeps_the_old_copy(registry, session, tmp_path):
    target = tmp_path / "list.csv"
    target.write_text("old copy")
    registry.expect_request("/list.csv").respond_with_data("<html>error</html>")

    def check(path):
        raise ParseError("not the list")

    client = session.client(registry.url_for("/list.csv"), requests_per_second=100)
    with pytest.raises(ParseError):
        client.download("", target, check=check)
    assert target.read_text() == "old copy"


def test_download_takes_the_registry_date_as_the_file_date(registry, session, tmp_path):
    registry.expect_request("/list.csv").respond_with_data(
        "data", headers={"Last-Modified": "Tue, 04 Nov 2025 12:00:00 GMT"}
    )
    client = session.client(registry.url_for("/list.csv"), requests_per_second=100)
    result = client.download("", tmp_path / "list.csv")
    assert result.last_modified is not None and result.last_modified.year == 2025
    assert int((tmp_path / "list.csv").stat().st_mtime) == int(result.last_modified.timestamp())


# -- the address checked is the address asked (DNS rebinding) ---------------------------------


def _answers(*addresses):
    """A resolver giving `addresses` in turn, one per lookup (the last one thereafter)."""
    calls = []

    def resolver(host, port, **kwargs):
        calls.append(host)
        address = addresses[min(len(calls), len(addresses)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    resolver.calls = calls
    return resolver


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(registry, monkeypatch):
    # A rebinding name: the guard's lookup sees a public address; any later lookup of the
    # name (the system's) gets loopback, where something private answers.
    registry.expect_request("/api/").respond_with_data("private data")
    real_getaddrinfo = socket.getaddrinfo

    def system_lookup(host, *args, **kwargs):
        if host == "registry.example":
            return real_getaddrinfo("127.0.0.1", *args, **kwargs)
        return real_getaddrinfo(host, *args, **kwargs)

    connected = []
    real_connect = urllib3.util.connection.create_connection

    def connect(address, *args, **kwargs):
        connected.append(address[0])
        if address[0] == "8.8.8.8":
            raise ConnectionRefusedError("no registry here in tests")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", system_lookup)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", connect)
    resolver = _answers("8.8.8.8")
    session = RegistrySession(resolver=resolver, retries=1, backoff=0.01)
    client = session.client(f"http://registry.example:{registry.port}/api/")
    with pytest.raises(RegistryUnreachable):
        client.get("")
    assert connected == ["8.8.8.8", "8.8.8.8"]  # the checked address, on each try
    assert resolver.calls == ["registry.example"]
    assert registry.log == []


def test_each_redirect_hop_is_checked_and_pinned_again(registry):
    # The first hop resolves to loopback (allowed: a .localhost name), the redirect's
    # lookup too; an address that changes between hops is looked up and checked again.
    registry.expect_request("/old").respond_with_data("", status=302, headers={"Location": "/new"})
    registry.expect_request("/new").respond_with_data("moved")
    resolver = _answers("127.0.0.1")
    session = RegistrySession(resolver=resolver, retries=0)
    client = session.client(f"http://registry.localhost:{registry.port}/")
    assert client.get("old").content == b"moved"
    assert resolver.calls == ["registry.localhost", "registry.localhost"]
    assert registry.log[0][0].headers["Host"] == f"registry.localhost:{registry.port}"


# -- TLS still checks the name, against a local HTTPS registry ---------------------------------


@pytest.fixture(scope="module")
def certificate_authority():
    """A certificate authority made for these tests, trusted only by the sessions told to."""
    return trustme.CA()


def _https_registry(ca, names, seen_names):
    """A local HTTPS server with a certificate for `names`; records the SNI names it is sent."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    context.sni_callback = lambda sock, name, ctx: seen_names.append(name)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    return server


@pytest.fixture
def https_session(certificate_authority, tmp_path):
    """A session trusting the test authority, resolving every name to loopback."""
    bundle = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    made = RegistrySession(resolver=_answers("127.0.0.1"), ca_bundle=bundle, retries=0)
    yield made
    made.close()


def test_https_to_the_pinned_address_sends_the_name_and_checks_the_certificate(
    certificate_authority, https_session
):
    seen = []
    server = _https_registry(certificate_authority, ["registry.localhost"], seen)
    try:
        server.expect_request("/api/").respond_with_data("verified")
        client = https_session.client(f"https://registry.localhost:{server.port}/api/")
        assert client.get("").content == b"verified"
        assert seen == ["registry.localhost"]  # SNI names the registry, not 127.0.0.1
        assert server.log[0][0].headers["Host"] == f"registry.localhost:{server.port}"
    finally:
        server.stop()


def test_a_certificate_for_another_name_is_refused_at_the_pinned_address(
    certificate_authority, https_session
):
    seen = []
    server = _https_registry(certificate_authority, ["elsewhere.example"], seen)
    try:
        server.expect_request("/api/").respond_with_data("should not be read")
        client = https_session.client(f"https://registry.localhost:{server.port}/api/")
        with pytest.raises(RegistryUnreachable, match="certificate could not be verified"):
            client.get("")
        assert server.log == []
    finally:
        server.stop()


def test_a_certificate_from_an_unknown_authority_is_refused(certificate_authority):
    seen = []
    server = _https_registry(certificate_authority, ["registry.localhost"], seen)
    session = RegistrySession(resolver=_answers("127.0.0.1"), retries=0)  # system CAs only
    try:
        client = session.client(f"https://registry.localhost:{server.port}/api/")
        with pytest.raises(RegistryUnreachable, match="certificate could not be verified"):
            client.get("")
        assert server.log == []
    finally:
        server.stop()
        session.close()
