"""The excerpt on a result card: the profile's words around what the search matched."""

from __future__ import annotations

import re

from directory.search.whoosh.snippets import analyse, snippet

MIDDLE = "Sessions are calm, practical and paced by you, week by week. " * 6


def terms(query: str) -> frozenset[str]:
    return frozenset(analyse(query))


def plain(markup) -> str:
    return re.sub(r"<[^>]+>", "", str(markup))


def test_every_form_of_a_searched_word_is_marked():
    shown = snippet("Anxieties, anxiety and worry.", terms("anxiety"))
    assert str(shown) == "<mark>Anxieties</mark>, <mark>anxiety</mark> and worry."


def test_a_second_searched_word_far_away_gets_its_own_excerpt():
    text = f"I help adults after trauma. {MIDDLE}Grief is welcome here too."
    shown = str(snippet(text, terms("trauma grief")))
    assert "<mark>trauma</mark>" in shown and "<mark>grief</mark>" in shown.lower()
    assert " … " in shown and len(plain(shown)) <= 240 + 10


def test_a_match_deep_in_a_long_text_is_shown_with_what_surrounds_it():
    shown = str(snippet(f"{MIDDLE}I also work with grief after a loss.", terms("grief")))
    assert shown.startswith("… ") and "work with <mark>grief</mark> after a loss." in shown


def test_the_profile_text_is_escaped():
    shown = str(snippet("<b>Trauma</b> & <script>", terms("trauma")))
    assert shown == "&lt;b&gt;<mark>Trauma</mark>&lt;/b&gt; &amp; &lt;script&gt;"


def test_without_a_match_the_start_of_the_text_is_shown_cut_between_words():
    shown = str(snippet(MIDDLE, terms("emdr")))
    assert "<mark>" not in shown and shown.endswith(" …")
    assert MIDDLE.startswith(shown[:-2]) and len(shown) <= 242
