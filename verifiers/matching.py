"""Comparing what a therapist claimed with what a registry holds: names and numbers.

Registries write names their own way: upper case, without accents, with or
without middle names, hyphens, titles (DR.), suffixes (JR, III) and degrees
(PHD, LCSW). A match here is deliberately forgiving of spelling conventions and
strict about the names themselves: the first given name and every claimed
surname word must be present. "Bob" for "Robert" is a mismatch for a person to
review, never a silent match.
"""

from __future__ import annotations

import re
import unicodedata

# Titles before a name, and generational suffixes and degrees after it, that
# registries attach to names. Only stripped at the ends, and never down to
# nothing: "Do" and "Ma" are surnames, so short degrees like DO and MA are not here.
TITLES = frozenset(("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rev", "sir", "dame"))
# fmt: off
SUFFIXES = frozenset((
    "jr", "sr", "ii", "iii", "iv",
    "phd", "psyd", "edd", "md", "dsw", "lcsw", "lmsw", "lpc", "lmft", "lmhc", "msw",
    "msc", "mph", "rn", "aprn", "pmhnp", "bcba", "ncc", "ladc", "lcdc", "lssp", "lpcc",
    "lcpc",
))
# fmt: on
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()]+")
_DROPPED = re.compile(r"['\u2018\u2019`\"]")


def fold(text: str | None) -> str:
    """Lower case, accents removed, apostrophes dropped: "O’Brién" -> "obrien"."""
    if not text:
        return ""
    if text.isascii():  # most registry names: skip the costly decomposition
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _DROPPED.sub("", plain).casefold()


def name_words(text: str | None) -> list[str]:
    """The words of a name, folded, without leading titles and trailing suffixes.

    "Dr. María-José García Jr., PhD" -> ["maria", "jose", "garcia"].
    A registry's "--" placeholder yields no words.
    """
    words = [w for w in _SEPARATORS.split(fold(text)) if w and w.isalnum()]
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return words


def _variants(words: list[str]) -> set[str]:
    # The first word and all words run together: "garcia lopez" is found as "garcia"
    # and "garcialopez", "mary ann" as "mary" and "maryann" (see matching.names_match).
    return {words[0], "".join(words)} if words else set()


def name_keys(first: str, last: str) -> set[str]:
    """Index keys for a person, as a registry file's name index holds them: each
    surname word, or all of them run together, with the first given name, or all
    given names run together; folded."""
    surname = name_words(last)
    keys_for_surname = set(surname) | _variants(surname)
    return {f"{s}|{g}" for s in keys_for_surname for g in _variants(name_words(first))}


def _surname_matches(claimed: list[str], held: list[str]) -> bool:
    if not claimed or not held:
        return False
    if "".join(claimed) == "".join(held):  # "Mac Donald" vs "MacDonald"
        return True
    # A double-barrelled surname given or held in part ("García López" / "García").
    return set(claimed) <= set(held) or set(held) <= set(claimed)


def _given_matches(claimed: list[str], held: list[str]) -> bool:
    if not claimed or not held:
        return False
    if claimed[0] == held[0]:
        return True
    return "".join(claimed) == "".join(held)  # "Mary Ann" vs "Maryann"


def names_match(
    claimed_first: str | None,
    claimed_last: str | None,
    held_first: str | None,
    held_last: str | None,
) -> bool:
    """Whether a registry's first/last name fields are the claimed person's."""
    return _given_matches(name_words(claimed_first), name_words(held_first)) and (
        _surname_matches(name_words(claimed_last), name_words(held_last))
    )


def full_name_matches(claimed_first: str | None, claimed_last: str | None, held: str) -> bool:
    """Whether a registry's one-string name ("Jane A Smith", "SMITH JANE A",
    "Smith, Jane") is the claimed person's, in whichever order it is written."""
    first = name_words(claimed_first)
    last = name_words(claimed_last)
    if not first or not last:
        return False
    if "," in held:
        surname, _, given = held.partition(",")
        return names_match(claimed_first, claimed_last, given, surname)
    words = name_words(held)
    if len(words) < 2:
        return False
    # Every claimed surname word and the first given name must appear as words
    # ("Mac Donald" may also appear as one word, "MACDONALD", or the reverse).
    surname = "".join(last)
    spans = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    surname_ok = set(last) <= set(words) or surname in spans
    return surname_ok and first[0] in words


def initials_consistent(claimed_middle: str | None, held_middle: str | None) -> bool:
    """False only when both give a middle name and the initials differ."""
    a, b = name_words(claimed_middle), name_words(held_middle)
    return not a or not b or a[0][0] == b[0][0]


_ALNUM = re.compile(r"[^A-Z0-9]")
_PREFIXED_NUMBER = re.compile(r"^([A-Z]*)0*(\d+)$")


def licence_number_key(number: str | None) -> str:
    """A licence number reduced for comparison: "LPC-012345", "lpc 12345" and
    "12345" all become "12345"; numbers that are not letters-then-digits keep
    their letters ("2017-01132" -> "201701132")."""
    plain = _ALNUM.sub("", (number or "").upper())
    match = _PREFIXED_NUMBER.match(plain)
    return match.group(2) if match else plain


def same_licence_number(a: str | None, b: str | None) -> bool:
    """Whether two spellings name the same licence number."""
    key_a, key_b = licence_number_key(a), licence_number_key(b)
    return bool(key_a) and key_a == key_b
