"""Which professional titles the law protects where, for the public guide and /check.

The facts are data (`data/protected-titles.toml`), each with the source the page cites.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class TitleFact:
    """What the law says about some titles in one place, and where that is written."""

    place: str  # "US", "GB", or an ISO 3166-2 code
    titles: tuple[str, ...]
    protected: bool
    says: str
    source: str
    url: str


@cache
def all_guidance() -> tuple[TitleFact, ...]:
    """Every fact, in file order."""
    text = resources.files("directory").joinpath("data/protected-titles.toml").read_text("utf-8")
    return tuple(
        TitleFact(
            place=entry["place"],
            titles=tuple(entry["titles"]),
            protected=bool(entry["protected"]),
            says=" ".join(entry["says"].split()),
            source=entry["source"],
            url=entry["url"],
        )
        for entry in tomllib.loads(text)["entry"]
    )


def guidance_for(jurisdiction: str) -> list[TitleFact]:
    """The facts that hold in `jurisdiction` ("US-TX" gets the US ones)."""
    wanted = (jurisdiction or "").upper()
    return [
        fact
        for fact in all_guidance()
        if wanted == fact.place or wanted.startswith(fact.place + "-")
    ]
