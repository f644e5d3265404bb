"""Result-card excerpts: the words of a profile around what a search matched, marked.

Whoosh's own highlighter ran the analyzer's token stream and its fragment scorer over every
card's text, a sixth of a results page's own time (bench/search_bench.py, shape d).
This reads the text in one pass, looks each word's term up in a cache of its own, and
cuts at most two windows around the first matches.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .schema import TEXT_ANALYZER

# Words as the analyzer's tokenizer splits them: Whoosh's `default_pattern`,
# `\w+(\.?\w+)*`, written without its optional dot (which matches the same words but
# makes the regex engine try every split of each one) or its capturing group.
WORDS = re.compile(r"[\w*]+(?:\.[\w*]+)*")
# Each word as typed -> its index term (None for a stop word). Bounded, as profiles'
# vocabulary is, but a flood of new words empties it rather than growing it for ever.
_TERMS: dict[str, str | None] = {}
_TERMS_MAX = 200_000
SURROUND = 70  # characters of context either side of a match
ELLIPSIS = "…"
BETWEEN = Markup(" … ")
MARK, END_MARK = Markup("<mark>"), Markup("</mark>")


def analyse(text: str) -> list[str]:
    """The index terms of a text, as the analyzer makes them (what `snippet` marks)."""
    return [token.text for token in TEXT_ANALYZER(text)]


def snippet(text: str, terms: frozenset[str], max_chars: int = 240) -> Markup:
    """A short, escaped excerpt of `text` with the words matching `terms` (index terms, as
    the analyzer makes them) in <mark>; the text's start when nothing matches."""
    text = text or ""
    hits = _hits(text, terms) if terms else []  # (start, end, term) of each match
    if not hits:
        if len(text) > max_chars:
            text = text[:max_chars].rsplit(" ", 1)[0] + " " + ELLIPSIS
        return escape(text)
    # The first match's window; then, if room is left, one around the first match of
    # a word not shown yet (or simply the next match).
    first = _window(text, hits, hits[0], 0, max_chars)
    windows = [first]
    shown = {hit[2] for hit in first[2]}
    later = [hit for hit in hits if hit[0] >= first[1]]
    budget = max_chars - (first[1] - first[0])
    if later and budget > SURROUND:
        hit = next((h for h in later if h[2] not in shown), later[0])
        second = _window(text, later, hit, first[1], budget)
        if second[2] and not text[first[1] : second[0]].strip():  # they touch: one window
            windows = [(first[0], second[1], first[2] + second[2])]
        elif second[2]:
            windows.append(second)
    excerpt = BETWEEN.join(_marked(text, *window) for window in windows)
    if first[0] > 0:
        excerpt = escape(ELLIPSIS + " ") + excerpt
    if windows[-1][1] < len(text):
        excerpt += " " + ELLIPSIS
    return excerpt


def _hits(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of `text` whose term is one of `terms`."""
    if len(_TERMS) > _TERMS_MAX:
        _TERMS.clear()
    hits = []
    for match in WORDS.finditer(text):
        word = match.group()
        try:
            term = _TERMS[word]
        except KeyError:
            term = _TERMS[word] = TEXT_ANALYZER.term(word)
        if term in terms:
            hits.append((match.start(), match.end(), term))
    return hits


def _window(text: str, hits: list, hit: tuple, after: int, budget: int):
    """(start, end, hits inside) of the text around `hit`, starting no earlier than
    `after`, at most `budget` characters, cut between words."""
    start = min(max(_word_start(text, after), _word_start(text, hit[0] - SURROUND)), hit[0])
    end = _word_end(text, min(hit[1] + SURROUND, start + budget))
    end = max(end, hit[1])
    return start, end, [h for h in hits if start <= h[0] and h[1] <= end]


def _word_start(text: str, at: int) -> int:
    """`at`, moved forward to the start of a word (0 stays 0)."""
    if at <= 0:
        return 0
    space = text.find(" ", at)
    return space + 1 if space != -1 else at


def _word_end(text: str, at: int) -> int:
    """`at`, moved back to the end of a word (the text's end stays)."""
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", 0, at)
    return space if space > 0 else at


def _marked(text: str, start: int, end: int, hits: list) -> Markup:
    out = []
    pos = start
    for hit_start, hit_end, _ in hits:
        out.append(escape(text[pos:hit_start]))
        out.append(MARK + escape(text[hit_start:hit_end]) + END_MARK)
        pos = hit_end
    out.append(escape(text[pos:end]))
    return Markup().join(out)
