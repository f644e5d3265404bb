"""Rating comments: how they are cleaned, how long they may be, and what moderators are
warned about.

Comments are plain text, at most COMMENT_MAX characters after cleaning. Cleaning keeps
everything a person typed, markup included (templates escape it, so it is shown inert),
but removes invisible format characters: bidirectional overrides and isolates (which
make text display differently from what it is, "Trojan Source"), zero-width spaces,
word joiners, byte-order marks, soft hyphens and control characters. They can hide a
phone number or a word from the warnings and from search, and no honest comment needs
them. The zero-width joiner and non-joiner (Persian, Indic scripts, emoji sequences) and
the direction marks are kept.

The warnings are simple heuristics, documented beside each pattern below.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib.resources import files

COMMENT_MAX = 1000

# Format characters kept: ZWNJ and ZWJ (Persian, Indic scripts, emoji sequences), LRM, RLM
# and the Arabic letter mark (direction marks that affect only neutral characters).
_KEPT_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c")


def clean_comment(text: str | None) -> str:
    """A comment as it is stored: NFC, `\\n` line ends, invisible characters removed, trimmed.

    Removed: every Unicode format character (category Cf: bidi overrides and isolates,
    zero-width space, word joiner, byte-order mark, soft hyphen, tag characters...) but
    the five in _KEPT_FORMAT, and every control character but newline and tab.
    """
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf" and ch not in _KEPT_FORMAT:
            continue
        if category == "Cc" and ch not in "\n\t":
            continue
        kept.append(ch)
    return "".join(kept).strip()


def comment_problem(cleaned: str) -> str | None:
    """Why a (cleaned) comment can't be saved, or None."""
    if len(cleaned) > COMMENT_MAX:
        return (
            f"Comments can be at most {COMMENT_MAX:,} characters; yours has "
            f"{len(cleaned):,}. Please shorten it: your scores are kept in the form."
        )
    return None


@dataclass
class CommentWarning:
    """Something in a comment a moderator should look at, and where it is."""

    kind: str  # health, name, phone, email, markup
    label: str
    spans: list[tuple[int, int]] = field(default_factory=list)


# Heuristics, deliberately simple and tuned to over-warn: a warning only asks a moderator
# to look (and tells the writer before anyone else sees it). None of these see meaning.
#
# Health: words for diagnoses, symptoms, medication and treatment settings; stems match
# any ending ("diagnos" -> diagnosed, diagnosis), words only whole ("hospital", not
# "hospitality").
_HEALTH_STEMS = (
    "diagnos", "disorder", "depress", "anxiety", "anxious", "panic attack", "trauma",
    "bipolar", "schizo", "psychos", "psychotic", "autis", "asperger", "anorexi", "bulimi",
    "binge", "eating disorder", "suicid", "self-harm", "self harm", "overdos", "addict",
    "alcoholi", "relapse", "rehab", "medication", "prescri", "antidepress", "sertraline",
    "fluoxetine", "prozac", "zoloft", "lexapro", "xanax", "hospitalis", "hospitaliz",
    "psychiatr", "symptom", "insomnia", "abuse", "sexual assault", "miscarr", "abortion",
    "pregnan", "dementia", "chronic pain", "my condition", "my illness",
)  # fmt: skip
_HEALTH_WORDS = (
    "hospital", "hospitals", "meds", "ocd", "adhd", "ptsd", "c-ptsd", "hiv", "aids", "rape",
    "raped", "sober", "ssri", "ssris", "lithium", "cancer",
)  # fmt: skip
_HEALTH = re.compile(
    r"\b(?:" + "|".join(re.escape(s) for s in _HEALTH_STEMS) + r")\w*"
    r"|\b(?:" + "|".join(re.escape(s) for s in _HEALTH_WORDS) + r")\b",
    re.IGNORECASE,
)
# Names: a title or a relative followed by a capitalised word, or a common given name.
_TITLED_NAME = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Doctor)\.?\s+[A-Z][\w'’-]+"
    r"|\b[Mm]y\s+(?:son|daughter|husband|wife|partner|boyfriend|girlfriend|mother|mum|mom|"
    r"father|dad|brother|sister|friend|child|kid|boss|colleague|fianc[eé]e?)\s*,?\s+[A-Z][\w'’-]+"
)
_COMMON_NAMES = (
    "John", "Mary", "David", "Sarah", "James", "Robert", "Michael", "William", "Linda",
    "Jennifer", "Elizabeth", "Susan", "Karen", "Lisa", "Nancy", "Mark", "Paul", "Steven",
    "Kevin", "Brian", "George", "Emma", "Sophie", "Jack", "Harry", "Oliver", "Lucy", "Anna",
    "Maria", "Muhammad", "Ali", "Chris", "Ashley", "Amanda", "Stephanie", "Nicole", "Tom",
)  # fmt: skip
# data/given-names.txt: one name a line, `#` lines are notes. Found through the package,
# not this file's folder, so that the module can move within the package.
_GIVEN_NAMES_TEXT = files("directory").joinpath("data/given-names.txt").read_text(encoding="utf-8")
_GIVEN_NAMES = frozenset(
    line for line in _GIVEN_NAMES_TEXT.splitlines() if line and not line.startswith("#")
) | frozenset(_COMMON_NAMES)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
# Phone numbers: three groups of digits (area code, exchange, line), or a 7-digit local one.
_PHONE = re.compile(
    r"(?<![\w])\+?\(?\d{2,5}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?![\w])"
    r"|(?<![\w.-])\d{3}[\s.-]\d{4}(?![\w])"
)
_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w.+-]+\s*[\[(]?\s*\bat\b\s*[\])]?\s*[\w-]+\s*[\[(]?\s*\bdot\b\s*[\])]?\s*[a-z]{2,}\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)


def comment_warnings(text: str, known_names: tuple[str, ...] = ()) -> list[CommentWarning]:
    """What in a comment looks like health details, names, phone numbers, emails or markup.

    `known_names` (the therapist's own names, which are public) are not flagged. Matching
    runs on the NFKC form, so full-width digits and letters count, and the spans index
    that form: the same text for every comment except those with compatibility characters.
    """
    folded = unicodedata.normalize("NFKC", text or "")
    known = {name.lower() for name in known_names if name}
    found = [
        CommentWarning("health", "health details", [m.span() for m in _HEALTH.finditer(folded)]),
        CommentWarning(
            "name",
            "a person's name",
            [m.span() for m in _TITLED_NAME.finditer(folded)]
            + [
                m.span()
                for m in _CAPITALISED.finditer(folded)
                if m.group() in _GIVEN_NAMES and m.group().lower() not in known
            ],
        ),
        CommentWarning("phone", "a phone number", [m.span() for m in _PHONE.finditer(folded)]),
        CommentWarning("email", "an email address", [m.span() for m in _EMAIL.finditer(folded)]),
        CommentWarning("markup", "HTML or script", [m.span() for m in _MARKUP.finditer(folded)]),
    ]
    warnings = []
    for warning in found:
        # A titled name may have matched a given name too: keep the titled span once.
        spans = sorted(set(warning.spans))
        if spans and warning.kind == "name" and known:
            spans = [s for s in spans if folded[s[0] : s[1]].split()[-1].lower() not in known]
        if spans:
            warning.spans = spans
            warnings.append(warning)
    return warnings


def marked_segments(text: str, warnings: list[CommentWarning]) -> list[tuple[str, bool]]:
    """The (NFKC) comment cut into (text, is_flagged) pieces, for highlighting."""
    folded = unicodedata.normalize("NFKC", text or "")
    flagged = [False] * len(folded)
    for warning in warnings:
        for start, end in warning.spans:
            flagged[start:end] = [True] * (end - start)
    pieces: list[tuple[str, bool]] = []
    for ch, is_flagged in zip(folded, flagged, strict=True):
        if pieces and pieces[-1][1] == is_flagged:
            pieces[-1] = (pieces[-1][0] + ch, is_flagged)
        else:
            pieces.append((ch, is_flagged))
    return pieces
