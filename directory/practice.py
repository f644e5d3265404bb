"""What a practice offers and who the therapist is, as the filters people expect name it:
insurance and payment, ages served, session types, and the therapist's optional,
self-described identity (gender, LGBTQ+, race or ethnicity, faith).

The values live in data/practice.toml; the search filters, the editor and the demo
all read them from here, so a value is added in one place.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PracticeSummary:
    """What a profile page says about whom a therapist sees, how, what they accept, and
    who they are: each a list of labels, empty when the therapist gave none."""

    ages: list[str]
    sessions: list[str]
    insurance: list[str]
    faith_integrated: bool
    # The therapist's own, self-described identity: only what they chose to give.
    identifies_as: list[str]
    faith: str


def practice_summary(therapist) -> PracticeSummary:
    """The labels of a therapist's practice and identity values, in the lists' order;
    a value no longer on a list (renamed or withdrawn) is left out, never shown raw."""

    def labels(values: dict[str, str], chosen) -> list[str]:
        chosen = set(chosen or ())
        return [label for slug, label in values.items() if slug in chosen]

    identity = labels(GENDERS, [therapist.gender]) + labels(IDENTITIES, therapist.identities)
    return PracticeSummary(
        ages=labels(AGES, therapist.ages_served),
        sessions=labels(SESSIONS, therapist.session_types),
        insurance=labels(INSURANCE, therapist.insurance),
        faith_integrated=bool(therapist.faith_integrated),
        identifies_as=identity,
        faith=FAITHS.get(therapist.faith or "", ""),
    )
