"""Places: region names, ZIP code centroids (offline, from the `zipcodes` package), town
names and UK postcode districts (data/places/, derived by scripts/derive_places.py from
open data that packages ship: GeoNames' city list, CC BY 4.0, and Ordnance Survey's
Code-Point Open, Open Government Licence v3.0; sources in data/places/README.md), search
radii.

Nothing here asks the network.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import zipcodes

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico",
}  # fmt: skip

GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}

# ISO 3166-2 code -> display name, for every region a profile may be in.
REGIONS: dict[str, str] = {
    **{f"US-{code}": name for code, name in US_STATES.items()},
    **{f"GB-{code}": name for code, name in GB_NATIONS.items()},
}

COUNTRIES = {"US": "United States", "GB": "United Kingdom"}

PLACES_DIR = Path(__file__).parent / "data" / "places"

RADIUS_CHOICES_MILES = (5, 10, 25, 50)

# Where a visitor may say they are: a state or nation, or the UK as a whole (UK
# registrations cover every nation).
VISITOR_PLACES: dict[str, str] = {**REGIONS, "GB": "United Kingdom"}


def visitor_currency(place: str) -> str:
    """The currency fees are compared in for a visitor in `place`: pounds in the UK."""
    return "GBP" if place.startswith("GB") else "USD"


def region_name(code: str) -> str:
    """`US-TX` -> `Texas`; an unknown code is shown as it is."""
    return REGIONS.get(code, code)


def jurisdiction_name(code: str) -> str:
    """A licence jurisdiction for people: `US-TX` -> `Texas`, `GB` -> `United Kingdom`."""
    return REGIONS.get(code) or COUNTRIES.get(code, code)


# Places whose names take "the" inside a sentence.
_WITH_THE = {"US", "GB", "US-DC"}


def jurisdiction_phrase(code: str) -> str:
    """A jurisdiction's name as a sentence uses it: "Texas", "the United Kingdom"."""
    name = jurisdiction_name(code)
    return f"the {name}" if code in _WITH_THE else name


@lru_cache(maxsize=4096)
def _zip_matches(zip_code: str) -> tuple[dict, ...]:
    # zipcodes.matching reads every US ZIP code on each call (2 to 9 ms, measured on the
    # search page): a visitor's ZIP is looked up once per process.
    if not (len(zip_code) == 5 and zip_code.isdigit()):
        return ()
    try:
        return tuple(zipcodes.matching(zip_code))
    except (ValueError, TypeError):
        return ()


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """The (latitude, longitude) of a US ZIP code, or None when it is unknown or malformed."""
    for match in _zip_matches(zip_code):
        try:
            return float(match["lat"]), float(match["long"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def zip_place(zip_code: str) -> tuple[str, str] | None:
    """The (region code, city) a US ZIP code belongs to, or None."""
    for match in _zip_matches(zip_code):
        return f"US-{match['state']}", match["city"].title()
    return None


# Postcodes as people type them, in either case, with or without the space: "78701",
# "78701-1234" or "787011234" (ZIP+4); "SW1A 1AA", "sw1a1aa", or an outward code alone.
_US_ZIP = re.compile(r"([0-9]{5})(?:-?([0-9]{4}))?", re.ASCII)
_UK_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})?", re.ASCII)


@dataclass(frozen=True)
class Postcode:
    """A US ZIP code or a UK postcode, read from what someone typed."""

    country: str  # "US" or "GB"
    district: str  # what places it: the 5-digit ZIP, or the UK outward code ("BN1")
    code: str  # written the usual way: "78701", "78701-1234", "BN1 1AA", "BN1"
    full: bool  # a whole code; False for a UK outward code alone


def read_postcode(typed: str) -> Postcode | None:
    """The ZIP code or UK postcode `typed` is, or None when it is neither. The search
    form, the words of a query and the profile editor all read postcodes here."""
    text = typed.strip().upper()
    if match := _US_ZIP.fullmatch(text):
        zip_code, plus_four = match.groups()
        return Postcode("US", zip_code, f"{zip_code}-{plus_four}" if plus_four else zip_code, True)
    if match := _UK_POSTCODE.fullmatch(text):
        outward, inward = match.groups()
        code = f"{outward} {inward}" if inward else outward
        return Postcode("GB", outward, code, inward is not None)
    return None


@dataclass(frozen=True)
class Town:
    """A town or city a visitor may name: where it is, and how many live there."""

    name: str
    region: str  # ISO 3166-2: "US-TX", "GB-ENG"
    latitude: float
    longitude: float
    population: int


@lru_cache(maxsize=1)
def towns() -> dict[str, list[Town]]:
    """Every US and UK town of at least 15,000 people, by lowercase name, largest first."""
    by_name: dict[str, list[Town]] = {}
    with (PLACES_DIR / "towns.csv").open(encoding="utf-8", newline="") as file:
        rows = csv.reader(file)
        next(rows)  # name, region, latitude, longitude, population; largest first
        for name, region, latitude, longitude, population in rows:
            town = Town(name, region, float(latitude), float(longitude), int(population))
            key = " ".join(name.lower().replace("-", " ").split())
            by_name.setdefault(key, []).append(town)
    return by_name


@lru_cache(maxsize=1)
def _outward_codes() -> dict[str, tuple[float, float]]:
    with (PLACES_DIR / "uk-outward-codes.csv").open(encoding="utf-8", newline="") as file:
        rows = csv.reader(file)
        next(rows)  # outward_code, latitude, longitude
        return {code: (float(lat), float(lon)) for code, lat, lon in rows}


def uk_postcode_point(postcode: str) -> tuple[float, float] | None:
    """The (latitude, longitude) of a UK postcode's district, from its outward code: "BN1
    1AA" and "BN1" are both the centre of BN1. None for a district Code-Point Open does
    not place (Northern Ireland's BT postcodes among them) or a malformed code."""
    read = read_postcode(postcode)
    if read is None or read.country != "GB":
        return None
    return _outward_codes().get(read.district)


def town_in(region: str, city: str) -> Town | None:
    """The largest town called `city` in `region` ("Austin", "US-TX"), or None."""
    key = " ".join(city.lower().replace("-", " ").split())
    return next((town for town in towns().get(key, ()) if town.region == region), None)


def practice_point(region: str, postcode: str, city: str) -> tuple[float, float] | None:
    """Where a practice is, for distances: its ZIP code's centre or its UK postcode
    district's, else the centre of its town. None when none of them can be placed."""
    read = read_postcode(postcode) if postcode else None
    point = None
    if read is not None and read.country == "US" and region.startswith("US-"):
        point = zip_centroid(read.district)
    elif read is not None and read.country == "GB" and region.startswith("GB-"):
        point = uk_postcode_point(read.code)
    if point is None and city:
        town = town_in(region, city)
        point = (town.latitude, town.longitude) if town else None
    return point


def find_town(name: str, prefer: str = "") -> Town | None:
    """The town a visitor most likely means by `name` (lowercase words): the largest of
    that name in the country of `prefer` (a visitor's place, "GB-ENG" or "US-TX"), else
    the largest anywhere. "York" is York, England, unless the visitor is in the US."""
    found = towns().get(name)
    if not found:
        return None
    country = prefer[:2]
    if not country:
        return found[0]
    return next((t for t in found if t.region.startswith(country)), found[0])


def warm() -> None:
    """Load what the first search naming a place would otherwise wait for: the town and
    postcode tables (tens of ms) and the `zipcodes` package's list, which it reads on
    its first lookup (about 0.4 s). Called when a web process warms up (web.warm_up)."""
    towns()
    _outward_codes()
    _zip_matches("10001")
