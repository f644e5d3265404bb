"""The ways asking a registry can fail, as exceptions a verifier turns into ERROR results.

Every exception here carries one line written for the person who will read the
result (a therapist or an admin): what went wrong, and where it helps, what to do.
`str(exc)` is that line. A verifier never lets one of these escape `verify()`: it
becomes a `Status.ERROR` result whose summary is the message.
"""

from __future__ import annotations


class RegistryError(Exception):
    """The registry could not be asked, or its answer could not be understood."""

    def __init__(self, message: str, *, evidence: str = "") -> None:
        # Keep the message to one line: it is shown as a result's summary.
        super().__init__(" ".join(str(message).split()))
        # The part of the registry's answer that shows what went wrong, if any.
        self.evidence = evidence

    @property
    def message(self) -> str:
        """The one-line, human-readable description."""
        return str(self)


class RegistryUnreachable(RegistryError):
    """No connection could be made (refused, DNS failure, reset)."""


class RegistryTimeout(RegistryError):
    """The registry took longer to answer than the configured timeout."""


class RegistryHTTPError(RegistryError):
    """The registry answered with an HTTP status that is not an answer (5xx, 403...)."""

    def __init__(self, message: str, status_code: int, *, evidence: str = "") -> None:
        super().__init__(message, evidence=evidence)
        self.status_code = status_code


class RegistryRateLimited(RegistryHTTPError):
    """The registry kept answering 429 Too Many Requests, or asked for too long a wait."""


class ResponseTooLarge(RegistryError):
    """The answer was larger than the configured size cap; reading stopped there."""


class RefusedAddress(RegistryError):
    """A URL outside the configured registry: another host, a scheme other than
    http(s), a private address, or a redirect that leaves the registry."""


class PrivateAddress(RefusedAddress):
    """The name resolved to a private, loopback or link-local address we may not ask."""


class RegistryRefusedQuery(RegistryError):
    """The registry answered, but with an error of its own about the query."""


class ParseError(RegistryError):
    """The answer did not have the expected shape: markup or format changed,
    a maintenance page, truncated data."""


class BotCheckPage(ParseError):
    """The registry answered with a bot check (captcha, "Just a moment...") instead
    of the page asked for."""
