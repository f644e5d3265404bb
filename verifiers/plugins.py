"""Finding verifiers: the built-ins listed here, and plugins by entry point.

A third-party distribution offers a verifier by declaring an entry point in the
group ``solace.verifiers`` that names a class (or factory) with the `Verifier`
attributes. At discovery:

- a plugin that fails to import is logged and skipped;
- one that breaks the protocol (no kebab-case `name`, an unknown `kind`, no
  `verify`, no `jurisdictions`) is refused with a logged warning;
- one whose name is taken (by a built-in or an earlier plugin, in distribution
  name order) is refused with a logged warning.

Discovery runs once per process and is cached; `reload_plugins()` runs it again.
An allow-list (`allow=`) switches any verifier off, built-in or not: with
``allow=()`` none is available, a safe mode for when a plugin misbehaves.
Stored results keep the verifier's name as a plain string, so they keep their
meaning when plugins come and go.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from verifiers.core import (
    Kind,
    Verifier,
    answers_recorded,
    is_answered_by_person,
    is_file_backed,
    needs_key,
    searches_by_name,
)
from verifiers.http import RegistrySession

log = logging.getLogger("verifiers")

ENTRY_POINT_GROUP = "solace.verifiers"
BUILT_IN = {
    "nppes": "verifiers.nppes:NppesVerifier",
    "oig-leie": "verifiers.oig_leie:OigLeieVerifier",
    "tx-bhec": "verifiers.tx_bhec:TxBhecVerifier",
    "uk-hcpc": "verifiers.uk_hcpc:UkHcpcVerifier",
    "ny-op": "verifiers.ny_op:NyOpVerifier",
    "manual": "verifiers.manual:ManualVerifier",
    # Registers on the Thentia Cloud platform (one per board) and California's DCA API.
    "thentia-ok-obbhl": "verifiers.thentia:ThentiaOkObbhlVerifier",
    "ca-dca": "verifiers.ca_dca:CaDcaVerifier",
    # State open-data and export registries
    "co-dora": "verifiers.socrata:CoDoraVerifier",
    "wa-doh": "verifiers.socrata:WaDohVerifier",
    "fl-mqa": "verifiers.fl_mqa:FlMqaVerifier",
}
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class UnknownVerifier(LookupError):
    """No available verifier has the requested name."""


@dataclass(frozen=True)
class VerifierInfo:
    """What is known of a verifier before making one."""

    name: str
    kind: Kind
    jurisdictions: tuple[str, ...]
    registry_name: str
    source: str  # "built-in", or the distribution that provides it
    factory: Callable[..., Verifier] = field(repr=False, compare=False)
    file_backed: bool = False  # see `Verifier` for the capabilities
    answered_by_person: bool = False
    needs_key: bool = False
    answers_recorded: bool = False
    name_search: bool = False  # it offers lookup_by_name (see `searches_by_name`)


def protocol_problem(candidate: Any) -> str | None:
    """Why `candidate` cannot serve as a verifier, or None if it can."""
    name = getattr(candidate, "name", None)
    if not isinstance(name, str) or not _NAME.match(name):
        return f"its name {name!r} is not a kebab-case string"
    try:
        Kind(getattr(candidate, "kind", None))
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        return f"its kind {getattr(candidate, 'kind', None)!r} is not one of {kinds}"
    if not callable(getattr(candidate, "verify", None)):
        return "it has no verify() method"
    jurisdictions = getattr(candidate, "jurisdictions", None)
    if (
        isinstance(jurisdictions, str)
        or not isinstance(jurisdictions, Iterable)
        or not jurisdictions
        or not all(isinstance(j, str) for j in jurisdictions)
    ):
        return "its jurisdictions are not a non-empty list of codes"
    if not callable(candidate):
        return "it is not a class or factory that makes verifiers"
    return None


def _info(candidate: Any, source: str) -> VerifierInfo:
    return VerifierInfo(
        name=candidate.name,
        kind=Kind(candidate.kind),
        jurisdictions=tuple(candidate.jurisdictions),
        registry_name=str(getattr(candidate, "registry_name", candidate.name)),
        source=source,
        factory=candidate,
        file_backed=is_file_backed(candidate),
        answered_by_person=is_answered_by_person(candidate),
        needs_key=needs_key(candidate),
        answers_recorded=answers_recorded(candidate),
        name_search=searches_by_name(candidate),
    )


def _load_built_in(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def discover() -> dict[str, VerifierInfo]:
    """Every verifier that can be used: built-ins first, then valid plugins."""
    found = {name: _info(_load_built_in(t), "built-in") for name, t in BUILT_IN.items()}
    plugins = sorted(
        entry_points(group=ENTRY_POINT_GROUP),
        key=lambda ep: (ep.dist.name if ep.dist else "", ep.name),
    )
    for entry in plugins:
        source = entry.dist.name if entry.dist else "an unknown distribution"
        try:
            candidate = entry.load()
        except Exception as exc:  # a broken plugin must not take the site down
            log.warning(
                "Verifier plugin %r from %s failed to load and was skipped: %s: %s",
                entry.name, source, exc.__class__.__name__, exc,
            )  # fmt: skip
            continue
        problem = protocol_problem(candidate)
        if problem is not None:
            log.warning("Verifier plugin %r from %s was refused: %s.", entry.name, source, problem)
            continue
        if candidate.name in found:
            log.warning(
                "Verifier plugin %r from %s was refused: the name %r is already taken by %s.",
                entry.name, source, candidate.name, found[candidate.name].source,
            )  # fmt: skip
            continue
        found[candidate.name] = _info(candidate, source)
    return found


_cache: dict[str, VerifierInfo] | None = None
_cache_lock = threading.Lock()


def reload_plugins() -> None:
    """Forget discovered verifiers; the next call discovers again."""
    global _cache
    with _cache_lock:
        _cache = None


def _all() -> dict[str, VerifierInfo]:
    global _cache
    with _cache_lock:
        if _cache is None:
            _cache = discover()
        return _cache


def available_verifiers(allow: Iterable[str] | None = None) -> dict[str, VerifierInfo]:
    """Verifiers by name; with `allow`, only those named in it."""
    everything = _all()
    if allow is None:
        return dict(everything)
    allowed = set(allow)
    return {name: info for name, info in everything.items() if name in allowed}


def get_verifier(
    name: str,
    base_url: str | None = None,
    session: RegistrySession | None = None,
    *,
    allow: Iterable[str] | None = None,
    **options: Any,
) -> Verifier:
    """Make the verifier called `name`, asking `base_url` instead of its default
    registry address when given. Options (data_dir, api_key, contact_email,
    requests_per_second...) go to the verifier; unknown ones raise TypeError."""
    available = available_verifiers(allow)
    info = available.get(name)
    if info is None:
        if name in _all():
            raise UnknownVerifier(f"The verifier {name!r} is switched off by the allow-list.")
        known = ", ".join(sorted(available)) or "none"
        raise UnknownVerifier(f"There is no verifier called {name!r} (available: {known}).")
    return info.factory(base_url=base_url, session=session, **options)
