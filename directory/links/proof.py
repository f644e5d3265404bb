"""Asking a website or a Mastodon server whether it links back to a Solace profile.

A website proves it is the therapist's when its page holds a link to their profile
marked rel="me" (an <a> or a <link>; rel may hold several words). A Mastodon account
proves it when its ActivityPub actor lists the profile's address among its profile
fields: Mastodon publishes those as `attachment` entries of type PropertyValue whose
`value` is HTML, usually an <a>. The layouts, and where they are documented, are in
tests/fixtures/README.md ("Verified links"); docs/design.md says why these two.

Fetching goes through the shared HTTP client (verifiers/http.py) with `public_only`
clients: timeouts, a size cap, redirects followed only on the same site, and never a
private, loopback or link-local address. Parsing is separate and takes the answer's
text, so it is tested on recorded answers. Every fault is COULD_NOT_CHECK with plain
words for the therapist; nothing but a link back found in an answer is VERIFIED.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from verifiers.errors import (
    ParseError,
    PrivateAddress,
    RefusedAddress,
    RegistryError,
    RegistryHTTPError,
    RegistryTimeout,
    ResponseTooLarge,
)
from verifiers.http import RegistrySession

from .addresses import MASTODON, WEBSITE, mastodon_account

VERIFIED = "verified"
NOT_FOUND = "not_found"
COULD_NOT_CHECK = "could_not_check"
PAGE_MAX_BYTES = 1024 * 1024
ACTIVITY_JSON = "application/activity+json"
# The other media type ActivityPub names for actors (ActivityPub 3.2).
ACTIVITY_LD_JSON = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Finding:
    """What one check found: a state, and plain words for the therapist."""

    state: str
    detail: str


# -- comparing addresses -----------------------------------------------------------------------


def address_key(url: str) -> str:
    """An address without what does not change which page it is: the scheme, a "www.",
    case in the host, a trailing slash, the query and fragment ("" when unreadable)."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port
    except ValueError:
        return ""
    if not host:
        return ""
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    return netloc + parts.path.rstrip("/")


# -- parsing answers -----------------------------------------------------------------------------


def page_links_back(html: str, page_url: str, profile_keys: set[str]) -> bool:
    """Whether the page holds an <a> or <link> with rel="me" to one of the profile's
    addresses (`profile_keys`, as `address_key` makes them). Relative links are read
    against the page's own address, so they never point at Solace."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["a", "link"], href=True):
        rel = tag.get("rel") or []
        words = rel.split() if isinstance(rel, str) else rel
        if "me" not in {word.lower() for word in words}:
            continue
        if address_key(urljoin(page_url, tag["href"])) in profile_keys:
            return True
    return False


def webfinger_actor(answer: object) -> str:
    """The actor address in a WebFinger answer (its "self" link of an ActivityPub type);
    `ParseError` when the answer is not a WebFinger document or names no actor."""
    links = answer.get("links") if isinstance(answer, dict) else None
    if not isinstance(links, list):
        raise ParseError("The server's WebFinger answer has no links; it may not be Mastodon.")
    for link in links:
        if not isinstance(link, dict) or link.get("rel") != "self":
            continue
        kind = " ".join(str(link.get("type", "")).split())
        if kind in (ACTIVITY_JSON, ACTIVITY_LD_JSON) and isinstance(link.get("href"), str):
            return link["href"]
    raise ParseError("The server's WebFinger answer names no ActivityPub profile.")


def actor_lists_profile(actor: object, profile_keys: set[str]) -> bool:
    """Whether the actor's profile fields (PropertyValue attachments) name the profile:
    as a link in the field's HTML, or as the address written out."""
    if not isinstance(actor, dict) or not isinstance(actor.get("id"), str):
        raise ParseError("The server's answer is not an ActivityPub profile.")
    attachments = actor.get("attachment") or []
    if isinstance(attachments, dict):
        attachments = [attachments]
    if not isinstance(attachments, list):
        raise ParseError("The profile's fields are not in the layout Mastodon documents.")
    for field in attachments:
        if not isinstance(field, dict) or field.get("type") != "PropertyValue":
            continue
        value = field.get("value")
        if not isinstance(value, str):
            continue
        soup = BeautifulSoup(value, "html.parser")
        candidates = [a["href"] for a in soup.find_all("a", href=True)]
        candidates += soup.get_text(" ").split()
        if any(address_key(candidate) in profile_keys for candidate in candidates):
            return True
    return False


# -- asking --------------------------------------------------------------------------------------


def check(session: RegistrySession, kind: str, url: str, profile_urls: list[str]) -> Finding:
    """Ask the site at `url` whether it links back to one of `profile_urls`."""
    keys = {address_key(u) for u in profile_urls} - {""}
    try:
        if kind == WEBSITE:
            return _check_website(session, url, keys)
        if kind == MASTODON:
            return _check_mastodon(session, url, keys)
    except RegistryError as error:
        return Finding(COULD_NOT_CHECK, _fault_words(error))
    raise ValueError(f"links of kind {kind!r} cannot be checked")


def _check_website(session: RegistrySession, url: str, keys: set[str]) -> Finding:
    client = session.client(url, public_only=True)
    answer = client.get(
        headers={"Accept": "text/html, application/xhtml+xml"}, max_bytes=PAGE_MAX_BYTES
    )
    if answer.content_type and answer.content_type not in _HTML_TYPES:
        return Finding(
            COULD_NOT_CHECK,
            f"The address gives a file of type {answer.content_type[:60]}, not a web page.",
        )
    if page_links_back(answer.text, answer.url, keys):
        return Finding(VERIFIED, 'The page links back to your Solace profile with rel="me".')
    return Finding(
        NOT_FOUND,
        'The page was read, but it has no link to your Solace profile marked rel="me".',
    )


def _check_mastodon(session: RegistrySession, url: str, keys: set[str]) -> Finding:
    name, server = mastodon_account(url)
    parts = urlsplit(url)
    finger = session.client(f"{parts.scheme}://{parts.netloc}/", public_only=True)
    answer = finger.get(
        ".well-known/webfinger",
        params={"resource": f"acct:{name}@{server}"},
        headers={"Accept": "application/jrd+json, application/json"},
        max_bytes=PAGE_MAX_BYTES,
    )
    actor_url = webfinger_actor(_json(answer.content))
    # The actor may live on another host than the handle's (a domain delegating to its
    # server): that is the account's own statement, not a redirect, and the client for
    # it is as confined as the first.
    actor_client = session.client(actor_url, public_only=True)
    actor = actor_client.get(
        headers={"Accept": f"{ACTIVITY_JSON}, {ACTIVITY_LD_JSON}"}, max_bytes=PAGE_MAX_BYTES
    )
    if actor_lists_profile(_json(actor.content), keys):
        return Finding(VERIFIED, "Your Mastodon profile lists your Solace profile's address.")
    return Finding(
        NOT_FOUND,
        "Your Mastodon profile was read, but none of its profile fields holds the address "
        "of your Solace profile.",
    )


def _json(content: bytes) -> object:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise ParseError("The server's answer was not the JSON Mastodon sends.") from None


def _fault_words(error: RegistryError) -> str:
    """Plain words for what went wrong; never the exception's own text (it may name
    addresses), except a ParseError's, which we wrote for people."""
    if isinstance(error, PrivateAddress):
        return "The address leads to a private network, which Solace never visits."
    if isinstance(error, RefusedAddress):
        return (
            "The address sends visitors on to another site or address; Solace follows "
            "redirects only within the same site. Enter the address your page ends up at."
        )
    if isinstance(error, ResponseTooLarge):
        return "The page is larger than 1 MB, so Solace stopped reading it."
    if isinstance(error, RegistryTimeout):
        return "The site did not answer in time. Solace will try again later."
    if isinstance(error, RegistryHTTPError):
        return f"The site answered with an error (HTTP {error.status_code})."
    if isinstance(error, ParseError):
        return str(error)
    return "Solace could not connect to the site. It will try again later."
