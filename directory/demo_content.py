"""Word pools for generating clearly fictional demo data, read once from data/demo/.

EVERYTHING HERE IS FICTIONAL. The names are common given names and surnames from many
cultures, combined at random: any resemblance of a generated therapist to a real person is
a coincidence, and no real person, practice or review is represented. Demo listings built
from these pools must be marked as demo data wherever they are shown.

What is real, on purpose:

* ``PLACES`` (places.csv) uses real cities and real postcodes so that geocoding and radius
  search behave as they will in production. US places have several ZIP codes per metro
  area (Austin, Seattle, the Bay Area...), so radius searches return a mix of near and far
  results. Every US ZIP code is checked against the ``zipcodes`` package (see
  tests/directory/test_vocabulary.py); UK postcodes are well-known public buildings
  (stations, town halls, libraries, universities). Never generate street addresses that
  could point at someone's home: use the postcode and city only.
* ``US_LICENCE_TYPES`` (us-licence-types.csv: per state, the licence type, the credential
  suffix shown after the name, and the title) and ``GB_REGISTRATIONS``
  (gb-registrations.csv) name real licence types and registers, so demo listings look like
  the real thing. Demo licence *numbers* must never be real ones. The counselor licence
  differs by state (LPC, LMHC, LPCC, LCPC, LCMHC); some states add licences of their own.
  HCPC is the statutory regulator for psychologists and arts therapists, and its
  registration numbers carry a profession prefix; BACP, UKCP and BABCP hold accredited
  registers for counsellors and psychotherapists, who are not statutorily regulated.

The templates, pronouns and review snippets are in texts.toml, with the rules they follow.
First names come from data/given-names.txt, which moderation uses too.

Seeding picks entries by position, so the order of every file is part of the demo: adding,
removing or reordering entries changes the therapists a seed makes.
"""

import csv
import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
DEMO_DIR = DATA_DIR / "demo"


def _lines(path: Path) -> list[str]:
    """The entries of a one-per-line list, in file order, without blank lines and `#` notes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file in data/demo/, each keyed by the file's header."""
    with (DEMO_DIR / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _licence_types_by_state() -> dict[str, list[tuple[str, str, str]]]:
    """State -> (licence type, credential suffix, title), states in file order."""
    types: dict[str, list[tuple[str, str, str]]] = {}
    for row in _rows("us-licence-types.csv"):
        types.setdefault(row["state"], []).append(
            (row["licence_type"], row["suffix"], row["title"])
        )
    return types


_TEXTS = tomllib.loads((DEMO_DIR / "texts.toml").read_text(encoding="utf-8"))

# Given names are not only demo data: moderation warns about them in rating comments.
FIRST_NAMES: list[str] = _lines(DATA_DIR / "given-names.txt")
LAST_NAMES: list[str] = _lines(DEMO_DIR / "surnames.txt")
PRONOUNS: tuple[str, ...] = tuple(_TEXTS["pronouns"])
PLACES: list[dict[str, str]] = _rows("places.csv")
US_LICENCE_TYPES: dict[str, list[tuple[str, str, str]]] = _licence_types_by_state()
# (register, HCPC registration-number prefix or "", title, post-nominal letters)
GB_REGISTRATIONS: list[tuple[str, str, str, str]] = [
    (row["register"], row["prefix"], row["title"], row["post_nominals"])
    for row in _rows("gb-registrations.csv")
]
BIO_OPENERS: list[str] = _TEXTS["bio_openers"]
BIO_MIDDLES: list[str] = _TEXTS["bio_middles"]
BIO_CLOSERS: list[str] = _TEXTS["bio_closers"]
HEADLINES: list[str] = _TEXTS["headlines"]
REVIEW_SNIPPETS: list[str] = _TEXTS["review_snippets"]
