"""The one HTTP session every verifier uses to ask its registry.

Registries are other people's servers, run on small budgets, and we ask them about
people's livelihoods; so every request made here is:

- bounded: connect and read timeouts, an overall deadline for reading the body, and
  a size cap enforced while streaming (reading stops at the cap, it never buffers a
  huge answer first);
- polite: a descriptive User-Agent with a contact address, and a requests-per-second
  limiter per registry host, shared by all threads using the same session;
- patient within reason: retries with exponential backoff on connection errors and
  on 429/502/503/504, honouring ``Retry-After`` up to a cap;
- confined: only http(s), only to the configured registry's host (redirects are
  followed by hand and only there), and never to a private or loopback address
  unless the configured registry address itself is one (a mirror on the LAN, or a
  test server on 127.0.0.1). The connection goes to the very address that was
  checked (no second lookup a rebinding DNS server could answer differently), while
  TLS still sends the registry's name (SNI) and checks its certificate against it.
  An address someone typed (a therapist's website) gets a `public_only` client: it
  never reaches a private, loopback or link-local address, whatever its URL names.

Failures raise the typed exceptions of `verifiers.errors`, each with a one-line
message for people; verifiers turn them into ``Status.ERROR`` results.

Usage::

    session = RegistrySession(contact_email="ops@example.org")
    client = session.client("https://npiregistry.cms.hhs.gov/api/", requests_per_second=5)
    answer = client.get("", params={"version": "2.1", "number": "1234567893"})
    answer.json()
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import select_proxy

from verifiers.errors import (
    ParseError,
    PrivateAddress,
    RefusedAddress,
    RegistryError,
    RegistryHTTPError,
    RegistryRateLimited,
    RegistryTimeout,
    RegistryUnreachable,
    ResponseTooLarge,
)

__all__ = [
    "DEFAULT_DOWNLOAD_MAX_BYTES",
    "DEFAULT_MAX_BYTES",
    "DownloadResult",
    "RateLimiter",
    "RegistryClient",
    "RegistryResponse",
    "RegistrySession",
    "default_session",
    "user_agent",
]

VERSION = "0.1"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Full-file registries (the LEIE is ~15 MB, the BHEC files a few MB each) need room.
DEFAULT_DOWNLOAD_MAX_BYTES = 300 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 502, 503, 504})
_CHUNK = 64 * 1024
_EMAIL = re.compile(r"^[^\s@<>()]+@[^\s@<>()]+$")

ProgressCallback = Callable[[int, int | None], None]


def user_agent(contact_email: str | None = None) -> str:
    """The User-Agent sent to registries: who we are, and how to reach the operator."""
    if contact_email:
        return f"Solace-verifier/{VERSION} (+contact: {contact_email})"
    return f"Solace-verifier/{VERSION} (+contact: not configured)"


class RateLimiter:
    """Spaces calls at least ``1 / requests_per_second`` apart, across threads.

    Each caller reserves the next free slot under a lock and sleeps outside it, so
    waiting threads are served in the order they asked and never in a burst.
    """

    def __init__(self, requests_per_second: float) -> None:
        self._lock = threading.Lock()
        self._next = 0.0
        self.set_rate(requests_per_second)

    @property
    def requests_per_second(self) -> float:
        """The current limit."""
        return 1.0 / self._interval

    def set_rate(self, requests_per_second: float) -> None:
        """Change the limit; takes effect from the next reservation."""
        if not requests_per_second or requests_per_second <= 0:
            raise ValueError("requests_per_second must be a positive number")
        self._interval = 1.0 / float(requests_per_second)

    def wait(self) -> float:
        """Block until this caller may send; return how long it waited."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self._interval
        delay = slot - now
        if delay > 0:
            time.sleep(delay)
        return delay


@dataclass(frozen=True)
class RegistryResponse:
    """A registry's complete answer, read within the size cap."""

    url: str
    status_code: int
    headers: Mapping[str, str]
    content: bytes
    encoding: str | None = None

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ("" when absent)."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        """The body as text; undecodable bytes are replaced, never fatal."""
        return self.content.decode(self.encoding or "utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON, or `ParseError` saying what came instead."""
        return json_answer(self.content, "The registry")


@dataclass(frozen=True)
class DownloadResult:
    """What a completed download left on disk."""

    path: Path
    size: int
    last_modified: datetime | None


def json_answer(content: bytes, registry: str, evidence_chars: int = 500) -> Any:
    """`content` parsed as JSON, or `ParseError` naming `registry` ("NPPES") and saying
    what came instead: a web page (maintenance, a bot wall) or JSON cut off or changed,
    with the start of the answer as evidence."""
    evidence = content[:evidence_chars].decode("utf-8", "replace")
    if looks_like_html(content):
        raise ParseError(
            f"{registry} answered with a web page instead of data (it may be down for "
            "maintenance); try again later.",
            evidence=evidence,
        )
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise ParseError(
            f"{registry}'s answer was not valid JSON (cut off, or its format changed); "
            "try again later.",
            evidence=evidence,
        ) from None


def looks_like_html(content: bytes) -> bool:
    """True when a body starts like an HTML document (maintenance pages, bot walls)."""
    head = content[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml"))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _effective_port(scheme: str, port: int | None) -> int:
    return port if port is not None else (443 if scheme == "https" else 80)


class PinnedAddressAdapter(HTTPAdapter):
    """Connects to an address chosen beforehand, never to a fresh lookup of the name.

    `RegistryClient` resolves a registry's name once, checks every address, and sends
    with `pinned(address)`: the connection pool is then keyed by that address, TLS
    still sends the name (SNI) and checks the certificate against it, and the Host
    header carries the name. A request sent without a pinned address is refused, so no
    code path can connect to an unchecked address by accident. Through a proxy (set
    by the environment) the proxy resolves the name, as it must.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pins = threading.local()

    @contextmanager
    def pinned(self, address: str) -> Iterator[None]:
        """Within this block, this thread's requests connect to `address`."""
        self._pins.address = address
        try:
            yield
        finally:
            self._pins.address = None

    def add_headers(self, request: requests.PreparedRequest, **kwargs) -> None:
        """Name the registry in the Host header: the connection itself names an address."""
        netloc = urlsplit(request.url).netloc.rpartition("@")[2]
        request.headers["Host"] = netloc

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        """The pool for the pinned address, verifying TLS against the URL's host name."""
        if select_proxy(request.url, proxies):
            return super().get_connection_with_tls_context(request, verify, proxies, cert)
        address = getattr(self._pins, "address", None)
        if address is None:
            raise RefusedAddress("Refused to connect to an address that was not checked.")
        host_params, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        name = host_params["host"]
        if host_params["scheme"] == "https":
            pool_kwargs = {**pool_kwargs, "server_hostname": name, "assert_hostname": name}
        return self.poolmanager.connection_from_host(
            **{**host_params, "host": address}, pool_kwargs=pool_kwargs
        )


class RegistrySession:
    """Settings and connections shared by all verifiers of a process.

    One session holds one connection pool, the User-Agent, the timeouts, the retry
    policy and one politeness limiter per registry host. Create one per process
    (the app does, with its contact address) and pass it to `get_verifier`.
    """

    def __init__(
        self,
        *,
        contact_email: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        total_timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_retry_after: float = 30.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        download_max_bytes: int = DEFAULT_DOWNLOAD_MAX_BYTES,
        max_redirects: int = 5,
        resolver: Callable[..., Iterable[Any]] = socket.getaddrinfo,
        dial: Callable[[str], str] | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
    ) -> None:
        if contact_email is not None and not _EMAIL.match(contact_email):
            raise ValueError(f"contact_email {contact_email!r} is not an email address")
        self.contact_email = contact_email
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.max_bytes = max_bytes
        self.download_max_bytes = download_max_bytes
        self.max_redirects = max_redirects
        self._resolver = resolver
        # Where a checked address is dialled: itself, except in tests, which give public
        # names public addresses (so the guard judges what it would judge live) and dial
        # those addresses on a local server. Never set from configuration.
        self._dial = dial or (lambda address: address)
        self._http = requests.Session()
        self._http.headers["User-Agent"] = user_agent(contact_email)
        self._adapter = PinnedAddressAdapter()
        self._http.mount("http://", self._adapter)
        self._http.mount("https://", self._adapter)
        # A mirror with its own certificate authority: trusted instead of the system's,
        # never in place of checking. Passed with each request, because requests lets
        # REQUESTS_CA_BUNDLE override a session-wide setting.
        self.ca_bundle = os.fspath(ca_bundle) if ca_bundle is not None else None
        self._limiters: dict[str, RateLimiter] = {}
        self._lock = threading.Lock()

    @property
    def user_agent(self) -> str:
        """The User-Agent this session sends."""
        return self._http.headers["User-Agent"]

    def limiter(self, host: str, requests_per_second: float | None = None) -> RateLimiter:
        """The politeness limiter for `host` (``name:port``); sets its rate if given.

        Verifiers set their registry's rate when created; the latest setting wins.
        """
        with self._lock:
            limiter = self._limiters.get(host)
            if limiter is None:
                limiter = RateLimiter(requests_per_second or 1.0)
                self._limiters[host] = limiter
            elif requests_per_second:
                limiter.set_rate(requests_per_second)
            return limiter

    def client(
        self, base_url: str, *, requests_per_second: float = 1.0, public_only: bool = False
    ) -> RegistryClient:
        """A client confined to the registry at `base_url`; with `public_only`, never to
        a private, loopback or link-local address, even when `base_url` names one."""
        return RegistryClient(
            self, base_url, requests_per_second=requests_per_second, public_only=public_only
        )

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * (2**attempt))


_default_sessions: dict[str | None, RegistrySession] = {}
_default_lock = threading.Lock()


def default_session(contact_email: str | None = None) -> RegistrySession:
    """The process-wide session for `contact_email`, made on first use."""
    with _default_lock:
        session = _default_sessions.get(contact_email)
        if session is None:
            session = RegistrySession(contact_email=contact_email)
            _default_sessions[contact_email] = session
        return session


class RegistryClient:
    """Requests to one registry, through a `RegistrySession`.

    Relative paths are joined to the base URL. Every URL, including each redirect
    hop, must stay on the base URL's host.
    """

    def __init__(
        self,
        session: RegistrySession,
        base_url: str,
        *,
        requests_per_second: float = 1.0,
        public_only: bool = False,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"registry address {base_url!r} must be an http(s) URL")
        self.session = session
        self.base_url = base_url
        self.scheme = parts.scheme
        self.host = parts.hostname.lower()
        self.port = _effective_port(parts.scheme, parts.port)
        self.host_key = f"{self.host}:{self.port}"
        self.limiter = session.limiter(self.host_key, requests_per_second)
        self._allow_private: bool | None = False if public_only else None

    def url(self, path: str = "") -> str:
        """An address at this registry: `path` joined to the base URL."""
        return urljoin(self.base_url, path)

    def get(
        self,
        path: str = "",
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Iterable[int] = (200,),
        max_bytes: int | None = None,
    ) -> RegistryResponse:
        """GET and read the whole answer (within the size cap).

        Statuses in `ok` are returned; any other raises `RegistryHTTPError`.
        """
        cap = max_bytes or self.session.max_bytes
        response = self._open(self.url(path), params, headers)
        try:
            self._raise_for_status(response, ok)
            chunks: list[bytes] = []
            self._read(response, cap, chunks.append)
            return RegistryResponse(
                url=response.url,
                status_code=response.status_code,
                headers=CaseInsensitiveDict(response.headers),
                content=b"".join(chunks),
                encoding=response.encoding if "charset" in _ctype(response) else None,
            )
        finally:
            response.close()

    def download(
        self,
        path: str,
        destination: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        check: Callable[[Path], None] | None = None,
        max_bytes: int | None = None,
    ) -> DownloadResult:
        """Stream a file to `destination`, replacing it only once complete.

        The body goes to a temporary file in the destination's folder; `check` (if
        given) may inspect it and raise; only then is it moved over the old copy
        with `os.replace`. Any failure leaves the previous copy as it was.
        The file's modification time is set from Last-Modified when sent.
        """
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        cap = max_bytes or self.session.download_max_bytes
        response = self._open(self.url(path), None, None)
        fd, temp_name = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
        )
        temp = Path(temp_name)
        try:
            self._raise_for_status(response, (200,))
            with os.fdopen(fd, "wb") as sink:
                size = self._read(response, cap, sink.write, progress)
                sink.flush()
                os.fsync(sink.fileno())
            if check is not None:
                check(temp)
            last_modified = _http_date(response.headers.get("Last-Modified"))
            if last_modified is not None:
                stamp = last_modified.timestamp()
                os.utime(temp, (stamp, stamp))
            os.replace(temp, destination)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        finally:
            response.close()
        return DownloadResult(destination, size, last_modified)

    # -- internals ---------------------------------------------------------------

    def _check_url(self, url: str) -> list[str]:
        """Refuse an address we may not ask; return the checked addresses to connect to."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https"):
            raise RefusedAddress(
                f"Refused to follow the registry to a {parts.scheme or 'schemeless'} "
                "address; only http and https are allowed."
            )
        if parts.scheme == "http" and self.scheme == "https":
            raise RefusedAddress(f"Refused to leave HTTPS for plain HTTP at {host}.")
        try:
            port = _effective_port(parts.scheme, parts.port)
        except ValueError:
            raise RefusedAddress(f"Refused a malformed address: {url[:100]}") from None
        same_port = port == self.port or (parts.port is None and self.port in (80, 443))
        if host != self.host or not same_port:
            raise RefusedAddress(
                f"The registry sent us to another site ({host or url[:60]}); "
                f"only {self.host} is asked, so the redirect was not followed."
            )
        addresses = self._addresses(host, port)
        if not self._private_allowed():
            for address in addresses:
                if not _is_public(address):
                    raise PrivateAddress(
                        f"{host} resolves to a private or local address ({address}); "
                        "refused. Configure that address as the registry to allow it."
                    )
        if not addresses:
            raise RegistryUnreachable(
                f"Could not find the registry's address {host}; "
                "check the network or the configured registry URL."
            )
        return addresses

    def _private_allowed(self) -> bool:
        # A registry configured at a private address (a test server on 127.0.0.1,
        # a mirror on the LAN given by its IP) may be asked there. A registry
        # configured by a public name may never lead us to a private address.
        if self._allow_private is None:
            host = self.host.strip("[]")
            try:
                self._allow_private = not _is_public(host)
            except ValueError:  # a name, not an IP literal
                self._allow_private = host == "localhost" or host.endswith(".localhost")
        return self._allow_private

    def _addresses(self, host: str, port: int) -> list[str]:
        try:
            infos = self.session._resolver(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise RegistryUnreachable(
                f"Could not find the registry's address {host} ({exc}); "
                "check the network or the configured registry URL."
            ) from None
        # Unique, in the resolver's order of preference.
        return list(dict.fromkeys(str(info[4][0]) for info in infos))

    def _open(
        self, url: str, params: Mapping[str, Any] | None, headers: Mapping[str, str] | None
    ) -> requests.Response:
        for _hop in range(self.session.max_redirects + 1):
            addresses = self._check_url(url)
            response = self._send(url, params, headers, addresses)
            location = response.headers.get("Location")
            if response.status_code in (301, 302, 303, 307, 308) and location:
                response.close()
                url = urljoin(response.url, location)
                params = None  # already part of the redirected URL
                continue
            return response
        raise RefusedAddress(
            f"{self.host} redirected more than {self.session.max_redirects} times; gave up."
        )

    def _send(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        addresses: list[str],
    ) -> requests.Response:
        session = self.session
        attempt = 0
        while True:
            self.limiter.wait()
            # Each retry tries the next checked address, as a resolver's list is meant.
            address = addresses[attempt % len(addresses)]
            try:
                with session._adapter.pinned(session._dial(address)):
                    response = session._http.get(
                        url,
                        params=params,
                        headers=headers,
                        stream=True,
                        allow_redirects=False,
                        timeout=(session.connect_timeout, session.read_timeout),
                        verify=session.ca_bundle or True,
                    )
            except requests.exceptions.SSLError as exc:
                # Retrying would meet the same certificate.
                raise RegistryUnreachable(
                    f"{self.host}'s TLS certificate could not be verified ({_tls_reason(exc)}); "
                    "refused to ask it. The registry's address may be wrong, or someone "
                    "is in the way."
                ) from None
            except requests.exceptions.ConnectionError as exc:
                # ConnectTimeout is a ConnectionError too: the server never took the call.
                if attempt < session.retries:
                    time.sleep(session._backoff(attempt))
                    attempt += 1
                    continue
                raise RegistryUnreachable(
                    f"Could not connect to {self.host} after {attempt + 1} tries "
                    f"({_reason(exc)}); the registry may be down. Try again later."
                ) from None
            except requests.exceptions.Timeout:
                raise RegistryTimeout(
                    f"{self.host} did not answer within {session.read_timeout:g} s; "
                    "the registry is slow or down. Try again later."
                ) from None
            except requests.exceptions.RequestException as exc:
                raise RegistryUnreachable(f"Could not ask {self.host}: {_reason(exc)}.") from None
            if response.status_code in RETRY_STATUSES and attempt < session.retries:
                delay = session._backoff(attempt)
                if response.status_code == 429:
                    asked = parse_retry_after(response.headers.get("Retry-After"))
                    if asked is not None and asked > session.max_retry_after:
                        response.close()
                        raise RegistryRateLimited(
                            f"{self.host} is limiting requests and asked us to wait "
                            f"{asked:.0f} s; try again later.",
                            429,
                        )
                    if asked is not None:
                        delay = asked
                response.close()
                time.sleep(delay)
                attempt += 1
                continue
            return response

    def _raise_for_status(self, response: requests.Response, ok: Iterable[int]) -> None:
        code = response.status_code
        if code in set(ok):
            return
        if code == 429:
            raise RegistryRateLimited(
                f"{self.host} kept answering 429 Too Many Requests; try again later.", code
            )
        if code >= 500:
            message = (
                f"{self.host} answered HTTP {code} ({response.reason or 'server error'}): "
                "the registry is having trouble. Try again later."
            )
        elif code in (401, 403):
            message = (
                f"{self.host} refused access (HTTP {code}); check the verifier's API key, "
                "or the registry may be blocking automated checks."
            )
        elif code == 404:
            message = (
                f"{self.host} has no page at {urlsplit(response.url).path} (HTTP 404); "
                "the registry's address may have changed."
            )
        elif 300 <= code < 400:
            message = f"{self.host} answered a redirect (HTTP {code}) without a destination."
        else:
            message = f"{self.host} answered HTTP {code} ({response.reason or 'error'})."
        raise RegistryHTTPError(message, code)

    def _read(
        self,
        response: requests.Response,
        cap: int,
        sink: Callable[[bytes], Any],
        progress: ProgressCallback | None = None,
    ) -> int:
        declared = response.headers.get("Content-Length")
        total = int(declared) if declared and declared.isdigit() else None
        if total is not None and total > cap:
            raise ResponseTooLarge(_too_large(self.host, cap))
        deadline = time.monotonic() + self.session.total_timeout
        done = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                done += len(chunk)
                if done > cap:
                    raise ResponseTooLarge(_too_large(self.host, cap))
                sink(chunk)
                if progress is not None:
                    progress(done, total)
                if time.monotonic() > deadline:
                    raise RegistryTimeout(
                        f"{self.host} took more than {self.session.total_timeout:g} s "
                        "to send its answer; gave up."
                    )
        except RegistryError:
            raise
        except requests.exceptions.Timeout:
            raise RegistryTimeout(
                f"{self.host} stopped sending mid-answer for {self.session.read_timeout:g} s; "
                "gave up. Try again later."
            ) from None
        except requests.exceptions.RequestException as exc:
            raise RegistryUnreachable(
                f"The connection to {self.host} broke mid-answer ({_reason(exc)}); try again later."
            ) from None
        return done


def _ctype(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").lower()


def _too_large(host: str, cap: int) -> str:
    return (
        f"{host} sent more than {cap / 1_048_576:.1f} MB, the size limit for one answer; "
        "stopped reading. The registry's format may have changed."
    )


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _tls_reason(exc: BaseException) -> str:
    text = str(exc)
    for marker in ("doesn't match", "certificate verify failed", "self-signed", "expired"):
        if marker in text:
            return "its name does not match" if marker == "doesn't match" else marker
    return "TLS error"


def _reason(exc: BaseException) -> str:
    # requests nests the interesting part several levels deep; show the innermost.
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "timed out", "reset"):
        if marker.lower() in text.lower():
            return marker.lower()
    return exc.__class__.__name__
