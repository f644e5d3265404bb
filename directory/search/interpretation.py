"""Everyday words in a search, read before the engine sees the query.

"my teenager is self harming in TX" is a search for therapists who see teens, work with
self-harm, and can see someone in Texas, and it is also a person who may need urgent
help. This layer turns the words that name a filter value, a place or a language into
those filters, drops words that say nothing about whom to find, notices crisis phrases,
and leaves the rest as text. It sits between the query string and the SearchRequest, so
every search backend gets the same answers. The words live in data/query-words.toml.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..geography import (
    GB_NATIONS,
    US_STATES,
    VISITOR_PLACES,
    Town,
    find_town,
    read_postcode,
    towns,
    uk_postcode_point,
    zip_centroid,
    zip_place,
)
from ..vocabulary_names import LANGUAGE_NAMES

WORDS_FILE = Path(__file__).parents[1] / "data" / "query-words.toml"
GIVEN_NAMES_FILE = Path(__file__).parents[1] / "data" / "given-names.txt"
LONGEST_PHRASE = 5  # words


@dataclass(frozen=True)
class Applied:
    """A filter value a phrase of the query applied."""

    param: str  # the query parameter, as in a search link: "ages", "sliding_scale"
    value: str
    phrase: str  # the words of the query that named it, as typed
    without: str  # the query without those words: the chip's "remove" keeps the rest


@dataclass(frozen=True)
class PlaceFound:
    """A place the query named: where the visitor is, and the town's point if a town."""

    where: str  # a VISITOR_PLACES code
    name: str
    phrase: str
    without: str
    town: Town | None = None


@dataclass
class Interpretation:
    """What a query asked for, once its everyday words are read."""

    text: str  # what is left for the text search
    applied: list[Applied] = field(default_factory=list)
    place: PlaceFound | None = None
    explanations: list[str] = field(default_factory=list)
    crisis: bool = False


@dataclass(frozen=True)
class _Words:
    filters: dict[str, tuple[str, str]]  # phrase -> (param, value)
    places: dict[str, str]  # phrase -> where
    town_names: dict[str, str]  # phrase -> a town's name in geography.towns()
    explain: dict[str, str]
    filler: frozenset[str]
    crisis: tuple[str, ...]
    not_places: frozenset[str]
    given_names: frozenset[str]


def normalise(text: str) -> str:
    """Lowercase words without accents or punctuation: "¿En Español?" -> "en espanol"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("'", "").replace("’", ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


@lru_cache(maxsize=1)
def _words() -> _Words:
    with WORDS_FILE.open("rb") as file:
        data = tomllib.load(file)
    filters = {}
    for phrase, target in data["filters"].items():
        param, value = target.split("=", 1)
        filters[normalise(phrase)] = (param, value)
    languages = {normalise(name): code for code, name in LANGUAGE_NAMES.items()}
    languages.update({normalise(p): code for p, code in data["languages"].items()})
    for phrase, code in languages.items():
        filters.setdefault(phrase, ("language", code))
    places = {normalise(name): f"US-{code}" for code, name in US_STATES.items()}
    places.update({normalise(name): f"GB-{code}" for code, name in GB_NATIONS.items()})
    places.update({normalise(p): code for p, code in data["places"].items()})
    given = {
        normalise(line)
        for line in GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    return _Words(
        filters=filters,
        places=places,
        town_names={normalise(p): name for p, name in data["towns"].items()},
        explain={normalise(p): line for p, line in data["explain"].items()},
        filler=frozenset(normalise(w) for w in data["filler"]["words"]),
        crisis=tuple(normalise(p) for p in data["crisis"]["phrases"]),
        not_places=frozenset(data["not_places"]["words"]) | given,
        given_names=frozenset(given),
    )


def _looks_like_a_first_name(words: _Words, word: str, typed: str) -> bool:
    """Whether the word before a town's name makes the two a person's name: a given name,
    or a capitalised word that means nothing else here ("Erin Green", "Dr Lincoln")."""
    if word in words.given_names:
        return True
    meaningful = word in words.filters or word in words.places or word in words.explain
    return typed[:1].isupper() and not meaningful and word not in words.filler


def is_crisis(text: str) -> bool:
    """Whether a query expresses suicidal thoughts or self-harm (English or Spanish)."""
    padded = f" {normalise(text)} "
    return any(f" {phrase} " in padded for phrase in _words().crisis)


def interpret(query: str, visitor_place: str = "") -> Interpretation:
    """Read the everyday words of `query`; `visitor_place` (a place the visitor chose)
    decides which of two towns of one name is meant."""
    words = _words()
    # Each typed piece, and the plain words it holds ("self-harm" holds two).
    pieces = query.split()
    tokens: list[tuple[str, int]] = [
        (word, i) for i, piece in enumerate(pieces) for word in normalise(piece).split()
    ]
    used = [False] * len(tokens)
    result = Interpretation(text="", crisis=is_crisis(query))

    def typed(start: int, end: int) -> tuple[str, str]:
        first, last = tokens[start][1], tokens[end - 1][1]
        phrase = " ".join(pieces[first : last + 1])
        without = " ".join(pieces[:first] + pieces[last + 1 :])
        return phrase, without

    i = 0
    while i < len(tokens):
        for length in range(min(LONGEST_PHRASE, len(tokens) - i), 0, -1):
            phrase = " ".join(word for word, _ in tokens[i : i + length])
            if _read(result, words, phrase, tokens, i, length, pieces, typed, visitor_place):
                for k in range(i, i + length):
                    used[k] = True
                i += length
                break
        else:
            i += 1
    left = []
    for (word, _), was_used in zip(tokens, used, strict=True):
        if not was_used and word not in words.filler:
            left.append(word)
    result.text = " ".join(left)
    return result


def _read(result, words, phrase, tokens, i, length, pieces, typed, visitor_place) -> bool:
    """Apply `phrase` (tokens i..i+length) to `result`; whether it meant something."""
    if phrase in words.explain:
        if words.explain[phrase] not in result.explanations:
            result.explanations.append(words.explain[phrase])
        return True
    if phrase in words.filters:
        param, value = words.filters[phrase]
        shown, without = typed(i, i + length)
        result.applied.append(Applied(param, value, shown, without))
        return True
    place = words.places.get(phrase)
    if place is None and length == 1:
        piece = pieces[tokens[i][1]]
        # A state abbreviation counts only in capitals: "TX", but never "me" or "in".
        if piece.isupper() and piece.upper().strip(".,") in US_STATES:
            place = f"US-{piece.upper().strip('.,')}"
    if place is not None and result.place is None:
        shown, without = typed(i, i + length)
        result.place = PlaceFound(place, VISITOR_PLACES[place], shown, without)
        return True
    if result.place is not None:
        return False
    postcode = _postcode_place(phrase)
    if postcode is not None:
        shown, without = typed(i, i + length)
        result.place = PlaceFound(postcode.region, postcode.name, shown, without, postcode)
        return True
    # "NYC" names the city of New York, not the whole state: near it, and in New York.
    alias = words.town_names.get(phrase)
    if alias is None:
        if phrase not in towns() or (length == 1 and phrase in words.not_places):
            return False
        if i > 0 and _looks_like_a_first_name(words, tokens[i - 1][0], pieces[tokens[i - 1][1]]):
            return False  # "Erin Green", "Anna Austin": a person's surname, not a town
    town = find_town(alias or phrase, visitor_place)
    if town is None:
        return False
    shown, without = typed(i, i + length)
    result.place = PlaceFound(town.region, town.name, shown, without, town)
    return True


def _postcode_place(phrase: str) -> Town | None:
    """A full UK postcode or a US ZIP code as a place with its point, or None. Among the
    words of a query, an outward code alone ("B12") and a longer number are too like
    other words to be read as places."""
    postcode = read_postcode(phrase)
    if postcode is None or not postcode.full:
        return None
    if postcode.country == "US":
        if phrase != postcode.code:
            return None  # ZIP+4 is for the ZIP field
        point, place = zip_centroid(phrase), zip_place(phrase)
        if point is None or place is None:
            return None
        return Town(phrase, place[0], point[0], point[1], 0)
    point = uk_postcode_point(postcode.code)
    if point is None:
        return None
    return Town(postcode.code, "GB", point[0], point[1], 0)
