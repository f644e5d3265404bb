"""What a therapist typed as a website or social account: checked, recognised, made canonical.

`read_link` turns the text of the editor's form into a `TypedLink` (its kind and one
canonical address) or raises `LinkProblem` with a message for the therapist. Known
social sites are recognised by host name (data/link-kinds.toml); a Mastodon account may
be typed as a handle (@name@server) or as its address (https://server/@name).

Refusing names such as "localhost" or a numeric address here only spares the therapist
a check that could never pass; what keeps the worker off private networks is the HTTP
client's `public_only` guard, which judges the address a name resolves to.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit, urlunsplit

MAX_LENGTH = 300
WEBSITE = "website"
MASTODON = "mastodon"
OTHER = "other"
# What the form offers; known social sites are recognised whatever was chosen.
CHOICES = (
    (WEBSITE, "Your website"),
    (MASTODON, "A Mastodon (fediverse) account"),
    (OTHER, "Another social account (Instagram, TikTok, YouTube, LinkedIn...)"),
)
# Names that never lead to a public website.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet")
_HANDLE = re.compile(r"@?([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})@([A-Za-z0-9.-]{1,253})", re.ASCII)
_ACCOUNT_PATH = re.compile(r"/(?:@|users/)([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})/?", re.ASCII)
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)


class LinkProblem(ValueError):
    """The text is not an address we can list; `str()` says what to type instead."""


@dataclass(frozen=True)
class LinkKind:
    """A social site recognised by its host names."""

    slug: str
    name: str
    hosts: tuple[str, ...]


@dataclass(frozen=True)
class TypedLink:
    """A checked address and what it is."""

    kind: str  # "website", "mastodon", a LinkKind slug, or "other"
    url: str

    @property
    def verifiable(self) -> bool:
        """Whether Solace can check that it is the therapist's (a link back)."""
        return self.kind in (WEBSITE, MASTODON)


@cache
def social_kinds() -> tuple[LinkKind, ...]:
    """The recognised social sites, from data/link-kinds.toml."""
    text = resources.files("directory").joinpath("data/link-kinds.toml").read_text("utf-8")
    return tuple(
        LinkKind(slug=entry["slug"], name=entry["name"], hosts=tuple(entry["hosts"]))
        for entry in tomllib.loads(text)["kind"]
    )


def kind_name(kind: str) -> str:
    """What to call a link of this kind on a page ("Instagram", "Website")."""
    names = {WEBSITE: "Website", MASTODON: "Mastodon", OTHER: "Social account"}
    names.update((k.slug, k.name) for k in social_kinds())
    return names.get(kind, "Link")


def _social_kind(host: str) -> LinkKind | None:
    for kind in social_kinds():
        if any(host == known or host.endswith("." + known) for known in kind.hosts):
            return kind
    return None


def _checked_host(host: str) -> str:
    """The host name in lower case, or `LinkProblem` when it cannot be a public site's."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        raise LinkProblem("Enter the site's name (like example.org), not a numeric address.")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise LinkProblem("The site's name is not a valid name; check its spelling.") from None
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise LinkProblem("Enter a web address like https://example.org/about.")
    if labels[-1].isdigit():
        raise LinkProblem("Enter the site's name (like example.org), not a numeric address.")
    if ascii_host == "localhost" or ascii_host.endswith(_LOCAL_SUFFIXES):
        raise LinkProblem("That name only works inside a private network; enter your public site.")
    return ascii_host


def read_link(text: str, chosen: str = WEBSITE) -> TypedLink:
    """The address in `text` (what the therapist typed), as a `TypedLink`.

    `chosen` is what the therapist said it is (one of CHOICES); a known social site is
    recognised by its host whatever was chosen, and a Mastodon handle is always Mastodon.
    """
    text = (text or "").strip()
    if not text:
        raise LinkProblem("Enter an address.")
    if len(text) > MAX_LENGTH:
        raise LinkProblem(f"Keep the address under {MAX_LENGTH} characters.")
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise LinkProblem("An address has no spaces or invisible characters: please retype it.")
    handle = _HANDLE.fullmatch(text)
    if handle and "://" not in text:
        host = _checked_host(handle.group(2))
        return TypedLink(MASTODON, f"https://{host}/@{handle.group(1)}")
    if "://" not in text:
        text = "https://" + text  # "example.org/about" means the obvious thing
    try:
        parts = urlsplit(text)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        raise LinkProblem("Enter a web address like https://example.org/about.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise LinkProblem("Enter a web address starting with https:// (or http://).")
    if parts.username or parts.password or "@" in parts.netloc:
        raise LinkProblem("Enter the address without a user name or password in it.")
    if "\\" in text or "<" in text or ">" in text or '"' in text:
        raise LinkProblem("Enter a web address like https://example.org/about.")
    host = _checked_host(host)
    netloc = host if port is None else f"{host}:{port}"
    scheme = parts.scheme.lower()
    url = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    social = _social_kind(host)
    if social is not None:
        if chosen == MASTODON:
            raise LinkProblem(f"That is a {social.name} address, not a Mastodon account.")
        return TypedLink(social.slug, url)
    if chosen == MASTODON:
        account = _ACCOUNT_PATH.fullmatch(parts.path)
        if not account:
            raise LinkProblem(
                "Enter your Mastodon account as @name@server, or its address, "
                "like https://mastodon.social/@name."
            )
        return TypedLink(MASTODON, f"{scheme}://{netloc}/@{account.group(1)}")
    return TypedLink(OTHER if chosen == OTHER else WEBSITE, url)


def mastodon_account(url: str) -> tuple[str, str]:
    """(name, server) of a stored Mastodon address, for WebFinger's acct: and for pages."""
    parts = urlsplit(url)
    name = parts.path.removeprefix("/@").rstrip("/")
    return name, parts.hostname or ""


def shown_address(kind: str, url: str) -> str:
    """The address as people know it: @name@server for Mastodon, else the URL."""
    if kind == MASTODON:
        name, server = mastodon_account(url)
        return f"@{name}@{server}"
    return url
