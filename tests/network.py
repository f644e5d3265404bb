"""A pretend internet for link checks: public names with public addresses, dialled on
local test servers.

A therapist's address must never reach a private, loopback or link-local address, so
link checks cannot simply be pointed at a test server on 127.0.0.1: the guard would
(rightly) refuse it. Instead a test gives each site a name and a public address
(`site("rosa.example", server)`); the session's resolver answers with that address, the
guard judges it as it would any public address, and only the final dial goes to the
local server. A name given a private address (`resolves("evil.example", "10.0.0.5")`)
shows the guard refusing it. Nothing here can reach the real internet: an address no
site was given is refused before any connection.
"""

from __future__ import annotations

import ipaddress
import itertools
import socket

from pytest_httpserver import HTTPServer

from verifiers.http import RegistrySession

# Documentation ranges are not "global", so the pretend public addresses come from a
# range that is, and no test ever connects to them: dial() maps each to its server.
_PUBLIC = (f"93.184.{216 + n // 250}.{n % 250 + 1}" for n in itertools.count())


class PretendInternet:
    """Names, their addresses, and the local servers those addresses are dialled on."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}
        self.routes: dict[str, str] = {}

    def site(self, name: str, server: HTTPServer) -> str:
        """Give `name` a public address served by `server`; returns its http:// base."""
        address = next(_PUBLIC)
        self.names[name] = [address]
        self.routes[address] = "127.0.0.1" if server.host == "localhost" else server.host
        return f"http://{name}:{server.port}"

    def resolves(self, name: str, *addresses: str) -> None:
        """Make `name` resolve to `addresses` (private ones, to see them refused)."""
        self.names[name] = list(addresses)

    def resolve(self, host, port, *args, **kwargs):
        """getaddrinfo's answer for `host`: an IP literal is itself, as getaddrinfo does."""
        try:
            literal = str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            if host not in self.names:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            found = self.names[host]
        else:
            found = [literal]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in found
        ]

    def dial(self, address: str) -> str:
        """Where a checked address is connected to: its local server, or nowhere."""
        if address not in self.routes:
            raise OSError(f"the pretend internet has no server at {address}")
        return self.routes[address]

    def session(self, **options) -> RegistrySession:
        """A session for link checks on this pretend internet, with short waits."""
        settings = {"connect_timeout": 1, "read_timeout": 1, "retries": 0, **options}
        return RegistrySession(resolver=self.resolve, dial=self.dial, **settings)
