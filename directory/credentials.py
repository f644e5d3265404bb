"""The licence and registration types a therapist may claim: their title, level and kind.

The table is data (`data/credential-types.toml`, with its sources); this module reads
it once and answers "what does this claimed type mean?".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from verifiers import Kind, Level


@dataclass(frozen=True)
class CredentialType:
    """One kind of licence or registration, as the table describes it."""

    code: str
    title: str
    level: Level
    kind: Kind

    def shown_as(self, typed: str = "") -> str:
        """How a profile names it, with the letters the therapist typed where the title
        lacks them; a supervised or limited licence says so."""
        name = self.title
        if typed and typed.upper() not in name.upper():
            name = f"{name} ({typed})"
        if self.level is Level.SUPERVISED:
            return f"{name} (practises under supervision)"
        if self.level is Level.LIMITED_SCOPE:
            return f"{name} (not a licence for general psychotherapy)"
        return name


@cache
def _table() -> dict[str, CredentialType]:
    raw = tomllib.loads(
        resources.files("directory").joinpath("data/credential-types.toml").read_text("utf-8")
    )
    table = {}
    for code, entry in raw.items():
        kind = Kind(entry.get("kind", "licence"))
        credential = CredentialType(code, entry["title"], Level(entry["level"]), kind)
        for name in (code, *entry.get("aliases", ())):
            table[_key(name)] = credential
    # A title ("Licensed Professional Counselor") names its type too, as catalogues write it;
    # letters and aliases win where a title collides with one.
    for credential in list(table.values()):
        table.setdefault(_key(credential.title), credential)
    return table


def _key(name: str) -> str:
    return " ".join(name.upper().replace("_", " ").split())


def credential_type(claimed: str) -> CredentialType | None:
    """What a claimed type means ("LPC Associate", "lpc-a" ...), or None when unknown."""
    return _table().get(_key(claimed or ""))


def claimed_level(claimed: str) -> Level | None:
    """The level a claimed type asserts, None when the type is unknown."""
    found = credential_type(claimed)
    return found.level if found else None


def claimed_kind(claimed: str) -> Kind:
    """Licence, or membership for an accredited register; unknown types are licences."""
    found = credential_type(claimed)
    return found.kind if found else Kind.LICENCE
