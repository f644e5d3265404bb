"""Curated vocabularies: therapeutic approaches and specialties (what people need help with).

The terms live in data/vocabulary.toml, with the editorial rules every entry follows. They
drive the browse pages (/approaches/<slug>, /specialties/<slug>), the search filters and
the synonym matching in search. This module reads the file once, on import, and copies
the terms into the Approach and Specialty tables (`flask seed-vocabulary`).
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Approach, Specialty

VOCABULARY_FILE = Path(__file__).parent / "data" / "vocabulary.toml"


@dataclass(frozen=True)
class Term:
    """One approach or specialty, as an entry of the vocabulary file gives it."""

    slug: str  # kebab-case, stable, used in URLs (/approaches/cbt)
    name: str  # display name, e.g. "Cognitive behavioral therapy (CBT)"
    short_name: str  # e.g. "CBT" (or same as name when there is no abbreviation)
    summary: str  # one sentence, <= 160 chars
    what_it_is: str  # 2-4 plain-language sentences
    # approaches: what a session is like; specialties: what working on it in therapy is often like
    session_like: str
    # approaches: what it is often used for; specialties: signs someone might seek help
    # (non-diagnostic)
    used_for: str
    # synonyms people type, lowercase, with both US and UK spellings
    keywords: tuple[str, ...] = ()


def _read_terms(path: Path) -> dict[str, tuple[Term, ...]]:
    """The terms of each table in the file (`approaches`, `specialties`), in file order."""
    with path.open("rb") as file:
        tables = tomllib.load(file)
    return {
        name: tuple(
            Term(**{**entry, "keywords": tuple(entry.get("keywords", ()))}) for entry in entries
        )
        for name, entries in tables.items()
    }


_TERMS = _read_terms(VOCABULARY_FILE)
APPROACHES: tuple[Term, ...] = _TERMS["approaches"]
SPECIALTIES: tuple[Term, ...] = _TERMS["specialties"]


def load_vocabularies(session: Session) -> int:
    """Insert or update the curated approaches and specialties; returns how many changed."""
    changed = 0
    for model, terms in ((Approach, APPROACHES), (Specialty, SPECIALTIES)):
        existing = {row.slug: row for row in session.scalars(select(model))}
        for term in terms:
            values = {
                "name": term.name,
                "short_name": term.short_name,
                "summary": term.summary,
                "what_it_is": term.what_it_is,
                "session_like": term.session_like,
                "used_for": term.used_for,
                "keywords": " ".join(term.keywords),
            }
            row = existing.get(term.slug)
            if row is None:
                session.add(model(slug=term.slug, **values))
                changed += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                changed += 1
    session.commit()
    return changed
