"""Places: region names, ZIP code centroids (offline, from the `zipcodes` package), search radii.

Nothing here asks the network: `zipcodes` ships its data inside the package.
"""

from __future__ import annotations

from functools import lru_cache

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


def region_name(code: str) -> str:
    """`US-TX` -> `Texas`; an unknown code is shown as it is."""
    return REGIONS.get(code, code)


def jurisdiction_name(code: str) -> str:
    """A licence jurisdiction for people: `US-TX` -> `Texas`, `GB` -> `United Kingdom`."""
    return REGIONS.get(code) or COUNTRIES.get(code, code)


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
