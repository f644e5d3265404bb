"""What a practice offers and who the therapist is, as the filters people expect name it:
insurance and payment, ages served, session types, and the therapist's optional,
self-described identity (gender, LGBTQ+, race or ethnicity, faith).

The values live in data/practice.toml; the search filters, the editor and the demo
all read them from here, so a value is added in one place.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

PRACTICE_FILE = Path(__file__).parent / "data" / "practice.toml"

with PRACTICE_FILE.open("rb") as _file:
    _DATA = tomllib.load(_file)

# Insurance and payment per country ("US", "GB"): slug -> label.
INSURANCE_BY_COUNTRY: dict[str, dict[str, str]] = _DATA["insurance"]
# Every insurance value, whatever the country.
INSURANCE: dict[str, str] = {
    slug: label for values in INSURANCE_BY_COUNTRY.values() for slug, label in values.items()
}
AGES: dict[str, str] = _DATA["ages"]
SESSIONS: dict[str, str] = _DATA["sessions"]
GENDERS: dict[str, str] = _DATA["gender"]
IDENTITIES: dict[str, str] = _DATA["identity"]
FAITHS: dict[str, str] = _DATA["faith"]


def insurance_for(country: str) -> dict[str, str]:
    """The insurance and payment choices of a country (every value when it is unknown)."""
    return INSURANCE_BY_COUNTRY.get(country, INSURANCE)


def match_insurance(text: str, country: str = "") -> list[str]:
    """The insurance values a free-text answer names ("Aetna, BCBS and Medicaid").

    Matches each value's label and slug, ignoring case and punctuation, so a therapist's
    own words are turned into values the search can filter on.
    """
    words = " " + " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) + " "
    found = []
    for slug, label in insurance_for(country).items():
        names = {
            slug.replace("-", " "),
            " ".join("".join(c if c.isalnum() else " " for c in label.lower()).split()),
        }
        if any(f" {name} " in words for name in names):
            found.append(slug)
    return found
