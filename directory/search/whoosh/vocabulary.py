"""The approaches and specialties as a search reads them: which query words name which
slug, and which words the spelling suggestions may offer.

Their names are not indexed on every profile (schema.py says why): a query word is
matched against this small vocabulary when the query runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .schema import TEXT_ANALYZER, WORD_ANALYZER


@dataclass(frozen=True)
class VocabularyTerm:
    """An approach or specialty, as query words may name it."""

    field: str  # the keyword field holding its slug: "approach" or "specialty"
    slug: str
    text: str  # its name, short name and synonyms


class Vocabulary:
    """Query words -> the approaches and specialties they name; and words to suggest."""

    def __init__(self, terms: Iterable[VocabularyTerm] = (), extra_words: Iterable[str] = ()):
        self.by_stem: dict[str, set[tuple[str, str]]] = defaultdict(set)
        words = {w for w in extra_words if w}
        for term in terms:
            words.update(token.text for token in WORD_ANALYZER(term.text))
            for token in TEXT_ANALYZER(term.text):
                self.by_stem[token.text].add((term.field, term.slug))
        self.words = frozenset(words)

    def naming(self, stem: str) -> set[tuple[str, str]]:
        """The (field, slug) pairs whose names or synonyms hold this stem."""
        return self.by_stem.get(stem, set())
