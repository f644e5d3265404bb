"""The fast analyzer yields exactly what Whoosh's StemmingAnalyzer yields."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from whoosh.analysis import StemmingAnalyzer

from directory import demo_content
from directory.search.whoosh.analysis import FastStemmingAnalyzer

REFERENCE = StemmingAnalyzer()
FAST = FastStemmingAnalyzer()


def tokens(analyzer, text, **kw):
    return [
        (t.text, t.stopped, getattr(t, "pos", None), getattr(t, "startchar", None), t.endchar)
        if kw.get("chars")
        else (t.text, getattr(t, "pos", None))
        for t in analyzer(text, **kw)
    ]


def test_same_tokens_as_whoosh_on_profile_text():
    texts = [*demo_content.BIO_OPENERS, *demo_content.BIO_MIDDLES, *demo_content.REVIEW_SNIPPETS]
    for text in texts:
        assert tokens(FAST, text, positions=True) == tokens(REFERENCE, text, positions=True)


def test_same_tokens_when_highlighting_keeps_stop_words():
    text = "It is the trauma, and then the EMDR sessions: calm & paced (by you)."
    kw = {"chars": True, "positions": True, "removestops": False, "mode": "query"}
    assert tokens(FAST, text, **kw) == tokens(REFERENCE, text, **kw)


@given(st.text(max_size=200))
def test_same_tokens_on_any_text(text):
    assert tokens(FAST, text, positions=True) == tokens(REFERENCE, text, positions=True)
