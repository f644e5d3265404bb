"""The text analyzer: Whoosh's StemmingAnalyzer, rewritten as one loop.

`StemmingAnalyzer()` chains a tokenizer and three filters as nested generators; on our
profiles that chain was 40% of the time spent adding a document. This analyzer yields
the same tokens (tests/directory/search/test_analysis.py compares them on real text) in
one pass, with an unbounded stem cache: profile vocabulary is small.
"""

from __future__ import annotations

from whoosh.analysis import Token
from whoosh.analysis.acore import Composable
from whoosh.analysis.filters import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

MIN_WORD_LENGTH = 2  # StopFilter's default


class FastStemmingAnalyzer(Composable):
    """Tokenize with Whoosh's default pattern, lowercase, drop stop words, Porter-stem."""

    def __init__(self):
        self._stems: dict[str, str] = {}

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))

    def __getstate__(self):
        return {}  # the cache is rebuilt wherever the analyzer is unpickled

    def __setstate__(self, state):
        self._stems = {}

    def term(self, word: str) -> str | None:
        """The index term of one word as the tokenizer splits text (`default_pattern`),
        or None for a stop word: what highlighting compares with a query's terms."""
        text = word.lower()
        if len(text) < MIN_WORD_LENGTH or text in STOP_WORDS:
            return None
        stemmed = self._stems.get(text)
        if stemmed is None:
            stemmed = self._stems[text] = stem(text)
        return stemmed

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stems = self._stems
        pos = start_pos
        kept = None
        matches = default_pattern.finditer(value) if tokenize else None
        for match in matches if tokenize else [None]:
            original = match.group(0) if match else value
            text = original.lower()
            stopped = len(text) < MIN_WORD_LENGTH or text in STOP_WORDS
            if positions:
                # As StopFilter(renumber=True): the first kept word keeps its place, the
                # others follow it one by one; a stop word keeps its own place.
                if stopped:
                    token.pos = pos
                else:
                    kept = pos if kept is None else kept + 1
                    token.pos = kept
            pos += 1
            if stopped and removestops:
                continue
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = original
            if not stopped:
                stemmed = stems.get(text)
                if stemmed is None:
                    stemmed = stems[text] = stem(text)
                text = stemmed
            token.text = text
            if chars:
                token.startchar = start_char + (match.start() if match else 0)
                token.endchar = start_char + (match.end() if match else len(value))
            yield token
