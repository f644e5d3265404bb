"""HCPC Register: UK practitioner psychologists and arts therapists (licence kind, GB).

Registry: Health and Care Professions Council, "Check the Register",
``GET https://www.hcpc-uk.org/check-the-register/professional-registration-detail/
?query=PYL12345&profession=PYL``. The profession must match the registration
number's prefix (PYL practitioner psychologist, AS arts therapist).
The page always answers HTTP 200: "No results returned for ..." when the number is
not on the register, otherwise a table of label/value rows (Name, Registration
number, Profession, Status, Period "01/05/2026 to 30/04/2028"...) and a
"Data valid on: <timestamp>" line, which is kept in every result's evidence.
Format last checked: 2026-12-01, against the documented page structure above (no
recorded page is kept; tests/fixtures/uk_hcpc/ holds pages written to it).
Sources: a public design note that probed the page on 2026-07-23 (the rows, "No
results returned for", "Data valid on"); HCPC, "How to check the Register"
(https://prod.hcpc-uk.org/check-the-register/how-to-check, copy of 2024-12), for the
meaning of "Registered"; the HCPC's sanctions (caution, conditions of practice,
suspension, striking off) for the other statuses' meaning. Rows are found by their
label text, not by position or CSS class, so cosmetic changes do not break parsing;
a page without the expected labels is an ERROR.

Decisions: a number whose prefix is not PYL or AS, a claimed licence type the
verifier does not know, or one that contradicts the number's part of the register:
MISMATCH without asking; "No results": NOT_FOUND; another name: MISMATCH; then the
Status row, compared as a whole (see `STATUSES`); "Registered" within its period:
VERIFIED; a Status the table lacks, a bot-check page or changed markup: ERROR.
Both parts of the register are practice in their own right, so every entry found
carries ``Level.INDEPENDENT``, and no claim can be above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from bs4 import BeautifulSoup

from verifiers.core import (
    Flag,
    Kind,
    Level,
    LicenceQuery,
    RegistryVerifier,
    Status,
    VerificationResult,
)
from verifiers.errors import BotCheckPage, ParseError
from verifiers.http import RegistryResponse
from verifiers.matching import full_name_matches

__all__ = [
    "LEVELS",
    "PROFESSIONS",
    "STATUSES",
    "HcpcEntry",
    "UkHcpcVerifier",
    "parse_page",
    "split_number",
    "status_for",
]

PROFESSIONS = {"PYL": "Practitioner psychologist", "AS": "Arts therapist"}
# The level each part of the register allows: both are protected titles for
# practising on one's own registration (HCPC, "The professions we regulate").
LEVELS = {"PYL": Level.INDEPENDENT, "AS": Level.INDEPENDENT}
# The claimed licence types this verifier knows, and the part of the register each
# belongs to: the prefixes themselves (what the directory stores), then words of the
# HCPC's protected titles (practitioner, clinical, counselling... psychologist; art,
# music, drama therapist). Any other claimed type is not checked here.
_TYPE_CODES = {"pyl": "PYL", "as": "AS"}
_TYPE_HINTS = (
    ("PYL", ("psycholog",)),
    ("AS", ("art", "music", "drama", "dramatherap")),
)

# The Status row, compared as a whole after `_normal_status`, and what each value
# means. Only "Registered" has been seen on the page ("on the Register with no
# restrictions, cautions or conditions of practise", HCPC's How to check the
# Register). The others are the plain words of the HCPC's published register and
# sanctions vocabulary (a lapsed or voluntarily removed registration; caution,
# conditions of practice, suspension and striking-off orders); their exact spelling
# on the page has not been recorded, so a variant not listed here is an ERROR for a
# person to read, never a guess. A caution leaves the registrant free to practise:
# it is a past disciplinary record, not a restriction.
STATUSES: dict[str, tuple[Status, frozenset[Flag]]] = {
    "registered": (Status.VERIFIED, frozenset()),
    "caution": (Status.VERIFIED, frozenset({Flag.DISCIPLINARY_RECORD})),
    "registered - caution": (Status.VERIFIED, frozenset({Flag.DISCIPLINARY_RECORD})),
    "lapsed": (Status.INACTIVE, frozenset()),
    "removed": (Status.INACTIVE, frozenset()),
    "voluntarily removed": (Status.INACTIVE, frozenset()),
    "deceased": (Status.INACTIVE, frozenset()),
    "suspended": (Status.SANCTIONED, frozenset()),
    "struck off": (Status.SANCTIONED, frozenset()),
    "conditions of practice": (Status.SANCTIONED, frozenset()),
    "under conditions of practice": (Status.SANCTIONED, frozenset()),
    "registered - conditions of practice": (Status.SANCTIONED, frozenset()),
    "registered - under conditions of practice": (Status.SANCTIONED, frozenset()),
}
_DASHES = re.compile(r"\s*[-\u2010-\u2015]\s*")
_NUMBER = re.compile(r"^\s*([A-Za-z]{1,4})?\s*-?\s*(\d{1,8})\s*$")
_BOT_TITLES = ("just a moment", "attention required", "access denied", "security check")
_BOT_MARKERS = (
    "checking your browser",
    "verify you are human",
    "captcha",
    "cf-chl",
    "challenge-platform",
    "are you a robot",
)
_DATE = re.compile(r"(\d{1,2}/\d{1,2}/\d{4})")


def split_number(number: str, licence_type: str = "") -> tuple[str | None, str]:
    """(prefix, full registration number) for a claimed number.

    The prefix comes from the number, or from the licence type when the number
    is bare digits; None when neither tells.
    """
    match = _NUMBER.match(number or "")
    if not match:
        return None, (number or "").strip().upper()
    prefix = (match.group(1) or "").upper() or _prefix_for_type(licence_type)
    return prefix, f"{prefix or ''}{match.group(2)}"


def _prefix_for_type(licence_type: str) -> str | None:
    folded = " ".join((licence_type or "").lower().split())
    if folded in _TYPE_CODES:
        return _TYPE_CODES[folded]
    for prefix, hints in _TYPE_HINTS:
        if any(h in folded for h in hints):
            return prefix
    return None


@dataclass(frozen=True)
class HcpcEntry:
    """A register entry: its rows by lower-case label, and the data-valid line."""

    fields: dict[str, str]
    data_valid: str

    @property
    def name(self) -> str:
        """The registrant's name as the register shows it."""
        return self.fields.get("name", "")

    @property
    def number(self) -> str:
        """The registration number shown."""
        return self.fields.get("registration number", "")

    @property
    def status(self) -> str:
        """The registration status shown."""
        return self.fields.get("status", "")

    @property
    def period_end(self) -> date | None:
        """The last day of the registration period, when one is shown."""
        dates = _DATE.findall(self.fields.get("period", ""))
        if not dates:
            return None
        try:
            return datetime.strptime(dates[-1], "%d/%m/%Y").date()
        except ValueError:
            return None

    def as_evidence(self) -> str:
        """The rows as the page shows them, with the data-valid line."""
        lines = [f"{label}: {value}" for label, value in self.fields.items()]
        if self.data_valid:
            lines.append(self.data_valid)
        return "\n".join(lines)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _label(text: str) -> str:
    return _clean(text).rstrip(":").strip().lower()


def parse_page(html: bytes | str) -> HcpcEntry | None:
    """Parse a registration-detail page: the entry, or None for "No results".

    Raises `BotCheckPage` for a bot wall and `ParseError` for a page that is
    neither an entry nor a "No results" answer.
    """
    soup = BeautifulSoup(html, "html.parser")
    text = _clean(soup.get_text(" "))
    title = _clean(soup.title.get_text()) if soup.title else ""
    if any(m in title.lower() for m in _BOT_TITLES):
        raise _bot_check(title)
    if "no results returned for" in text.lower():
        return None
    fields: dict[str, str] = {}
    for row in soup.find_all("tr"):
        cells = row.find_all(["th", "td"], recursive=False)
        if len(cells) >= 2:
            fields.setdefault(_label(cells[0].get_text(" ")), _clean(cells[1].get_text(" ")))
    for term in soup.find_all("dt"):
        value = term.find_next_sibling("dd")
        if value is not None:
            fields.setdefault(_label(term.get_text(" ")), _clean(value.get_text(" ")))
    if not all(fields.get(k) for k in ("name", "registration number", "status")):
        # Only now look for bot-wall traces: a real register page may well load a
        # captcha script for some form, and must not be mistaken for a wall.
        markup = (html.decode("utf-8", "replace") if isinstance(html, bytes) else html).lower()
        if any(m in markup for m in _BOT_MARKERS):
            raise _bot_check(title or text)
        raise ParseError(
            "The HCPC register page did not have the expected Name, Registration number "
            "and Status rows; its layout may have changed and the verifier needs updating.",
            evidence=text[:500],
        )
    valid = re.search(r"data valid on[^.]{0,60}", text, flags=re.IGNORECASE)
    return HcpcEntry(fields, _clean(valid.group(0)) if valid else "")


def _bot_check(seen: str) -> BotCheckPage:
    return BotCheckPage(
        "The HCPC register answered with a bot check instead of the register page; "
        "it cannot be read automatically right now. Try later, or check by hand.",
        evidence=seen[:300],
    )


def _normal_status(text: str) -> str:
    """A Status value for comparison: case, spacing, dash style and a closing full
    stop do not count ("Registered – Caution." is "registered - caution")."""
    return " ".join(_DASHES.sub(" - ", text.casefold()).split()).rstrip(".").strip()


def status_for(
    entry: HcpcEntry, query: LicenceQuery, number: str, today: date
) -> tuple[Status, str, frozenset[Flag]]:
    """The status of `query` given the register entry, why, and the flags it carries."""
    none: frozenset[Flag] = frozenset()
    shown = entry.number.replace(" ", "").upper()
    if shown != number:
        return Status.MISMATCH, f"The register answered with {entry.number}, not {number}.", none
    if not full_name_matches(query.first_name, query.last_name, entry.name):
        return (
            Status.MISMATCH,
            f"HCPC registration {number} belongs to {entry.name}, not this name.",
            none,
        )
    known = STATUSES.get(_normal_status(entry.status))
    if known is None:
        return (
            Status.ERROR,
            (
                f"HCPC shows registration {number} with the status {entry.status!r}, which the "
                "verifier does not know; a person must read it on the register."
            ),
            none,
        )
    status, flags = known
    if status is Status.SANCTIONED:
        return status, f"HCPC registration {number} is restricted: {entry.status}.", flags
    if status is Status.INACTIVE:
        return status, f"HCPC registration {number} is not in force ({entry.status}).", flags
    end = entry.period_end
    if end is not None and end < today:
        return (
            Status.INACTIVE,
            f"HCPC registration {number} ran until {end}, which has passed.",
            none,
        )
    until = f" until {end}" if end else ""
    record = f" with a caution on record ({entry.status})" if flags else ""
    return (
        Status.VERIFIED,
        f"HCPC registration {number} is registered to {entry.name}{until}{record}.",
        flags,
    )


class UkHcpcVerifier(RegistryVerifier):
    """Checks practitioner psychologists and arts therapists on the HCPC Register."""

    name = "uk-hcpc"
    kind = Kind.LICENCE
    jurisdictions = ("GB",)
    registry_name = "HCPC Register (Health and Care Professions Council)"
    default_base_url = (
        "https://www.hcpc-uk.org/check-the-register/professional-registration-detail/"
    )
    default_requests_per_second = 1.0

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """A number that is not a PYL or AS registration, or whose part of the
        register contradicts the claimed licence type, is a MISMATCH; nothing is asked."""
        prefix, number = split_number(query.number, query.licence_type)
        if prefix not in PROFESSIONS:
            return self.result(
                Status.MISMATCH,
                f"{query.number} is not an HCPC practitioner psychologist (PYL) or arts "
                "therapist (AS) registration number; the register was not asked.",
            )
        hinted = _prefix_for_type(query.licence_type)
        if hinted is None:
            return self.result(
                Status.MISMATCH,
                f"{_claimed(query.licence_type)} the HCPC registers practitioner "
                "psychologists and arts therapists; the register was not asked.",
            )
        if hinted != prefix:
            return self.result(
                Status.MISMATCH,
                f"{number} is a {PROFESSIONS[prefix].lower()} registration, but the licence "
                f"was given as {query.licence_type}; the register was not asked.",
            )
        return None

    def public_page(self, query: LicenceQuery) -> str | None:
        """The register's public detail page for the claimed number (the documented
        address above, on the HCPC's own site whatever mirror this verifier asks), for
        a person to open; None when neither the number nor the type tells the part of
        the register."""
        params = _params(query)
        if params["profession"] not in PROFESSIONS:
            return None
        return f"{self.default_base_url}?{urlencode(params)}"

    def fetch(self, query: LicenceQuery) -> RegistryResponse:
        """Ask the register for the claimed registration number."""
        return self.client.get("", params=_params(query))

    @staticmethod
    def parse(payload: RegistryResponse) -> HcpcEntry | None:
        """The register entry on the page, or None for "No results" (see `parse_page`)."""
        return parse_page(payload.content)

    def decide(self, query: LicenceQuery, records: HcpcEntry | None) -> VerificationResult:
        """Judge the claim by the register entry for its number."""
        params = _params(query)
        prefix, number = params["profession"], params["query"]
        asked = self.address("", params)
        entry = records
        if entry is None:
            return self.result(
                Status.NOT_FOUND,
                f"The HCPC register has no {PROFESSIONS[prefix].lower()} {number}.",
                registry_url=asked,
                evidence=f"No results returned for {number}",
            )
        status, summary, flags = status_for(entry, query, number, datetime.now(UTC).date())
        shown = split_number(entry.number)[0]
        details: dict[str, Any] = dict(entry.fields)
        details["data_valid"] = entry.data_valid
        return self.result(
            status,
            summary,
            registry_url=asked,
            registry_name=entry.name,
            registry_details=details,
            expires_on=entry.period_end,
            evidence=entry.as_evidence(),
            level=LEVELS.get(shown or ""),
            flags=flags,
        )


def _claimed(licence_type: str) -> str:
    if licence_type:
        return f"{licence_type} is not a licence type this verifier checks:"
    return "No licence type was given:"


def _params(query: LicenceQuery) -> dict[str, str]:
    """The register's search parameters: the full number and its part of the register."""
    prefix, number = split_number(query.number, query.licence_type)
    return {"query": number, "profession": prefix or ""}
