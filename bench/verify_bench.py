"""Benchmark: verifying 3,000 licences against local registries held to politeness limits.

Runs without Flask or a database. Starts three local registries on 127.0.0.1:

- an NPPES-like API and an HCPC-like register page, each limited by the verifiers
  to 20 requests per second (their politeness limit);
- a file server with an OIG LEIE list and four Texas BHEC licensee files of
  realistic size (80,000 rows each in total), downloaded on first use.

Half the licences are Texas counsellors with an NPI (asked at NPPES, and looked up
in the LEIE and BHEC files), half are UK practitioner psychologists (asked at the
HCPC register). The two registries proceed in parallel in their own threads. It
prints the total time against the minimum the limits imply, the statuses, and
the resident memory after the first 100 licences and at the end.

    .venv/bin/python bench/verify_bench.py [--licences 3000] [--rps 20] [--rows 80000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from verifiers import LicenceQuery, RegistrySession, get_verifier  # noqa: E402
from verifiers.nppes import npi_check_digit_ok  # noqa: E402
from verifiers.oig_leie import COLUMNS as LEIE_COLUMNS  # noqa: E402

FIRST = ["ANA", "BAO", "CARL", "DANA", "ERIN", "FRANK", "GRACE", "HUGO", "IRIS", "JUN", "KARA",
         "LEE", "MARIA", "NOAH", "OLGA", "PRIYA", "QUINN", "RAJ", "SOFIA", "TOM"]  # fmt: skip
LAST = ["LOPEZ", "NGUYEN", "BROWN", "WHITE", "GREEN", "BLACK", "OKAFOR", "REYES", "KIM",
        "PATEL", "SMITH", "JONES", "GARCIA", "MILLER", "DAVIS"]  # fmt: skip
STATES = ["TX", "CA", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI"]


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def valid_npi(rng: random.Random) -> str:
    """A random NPI with a correct check digit."""
    while True:
        base = "1" + "".join(rng.choice("0123456789") for _ in range(8))
        for digit in "0123456789":
            if npi_check_digit_ok(base + digit):
                return base + digit


class People:
    """The generated world: who the registries know, and the claims to check."""

    def __init__(self, licences: int, rows: int, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.us = []
        self.gb = []
        for index in range(licences // 2):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{index}"
            self.us.append({"npi": valid_npi(rng), "first": first, "last": last,
                            "licence": str(100000 + index)})  # fmt: skip
        for index in range(licences - licences // 2):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{index}"
            self.gb.append({"first": first, "last": last, "number": f"PYL{20000 + index}"})
        self.nppes = {p["npi"]: p for p in self.us}
        self.hcpc = {p["number"]: p for p in self.gb}
        self.leie = self._leie(rng, rows)
        self.bhec = self._bhec(rng, rows)

    def _leie(self, rng: random.Random, rows: int) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(LEIE_COLUMNS)
        excluded = {p["npi"] for p in rng.sample(self.us, max(1, len(self.us) // 100))}
        for npi in excluded:
            person = self.nppes[npi]
            writer.writerow([person["last"], person["first"], "", "", "IND- LIC HC SERV PRO",
                             "COUNSELOR", "", npi, "19700101", "1 MAIN ST", "AUSTIN", "TX", "78701",
                             "1128b4", "20200101", "00000000", "00000000", ""])  # fmt: skip
        for index in range(rows - len(excluded)):
            known = rng.random() < 0.15
            writer.writerow([f"{rng.choice(LAST)}X{index}", rng.choice(FIRST), "M", "",
                             "IND- LIC HC SERV PRO", "NURSE/NURSES AIDE", "",
                             valid_npi(rng) if known else "0000000000",
                             f"19{rng.randint(40, 99)}0101", f"{index} ELM ST", "SPRINGFIELD",
                             rng.choice(STATES), "62701", "1128b4",
                             f"20{rng.randint(10, 25)}0{rng.randint(1, 9)}15", "00000000",
                             "00000000", ""])  # fmt: skip
        return out.getvalue().encode()

    def _bhec(self, rng: random.Random, rows: int) -> dict[str, bytes]:
        header = ["LIC_TYPE", "RANK", "LIC_NBR", "LAST_NME", "FIRST_NME", "MIDDLE_NME", "SUFFIX",
                  "CITY", "STATE", "ZIP", "COUNTY", "LIC_STATUS", "LIC_ORIG_DTE",
                  "LIC_EXPR_DTE", "DISCPL_ACTN"]  # fmt: skip
        files = {}
        kinds = {"LPC": "LPC", "MFT": "LMFT", "PSY": "Licensed Psychologist", "SW": "LCSW"}
        for code, kind in kinds.items():
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            if code == "LPC":
                for person in self.us:
                    writer.writerow(["LPC", "LPC", person["licence"], person["last"],
                                     person["first"], "", "", "AUSTIN", "TX", "78701", "TRAVIS",
                                     "ACTIVE",
                                     "01/01/2015", "12/31/2099", "NO"])  # fmt: skip
            for index in range(rows // 4):
                writer.writerow([kind, "", str(500000 + index), f"{rng.choice(LAST)}Y{index}",
                                 rng.choice(FIRST), "", "", "HOUSTON", "TX", "77002", "HARRIS",
                                 rng.choice(["ACTIVE", "ACTIVE", "ACTIVE", "EXPIRED"]),
                                 "01/01/2010", "06/30/2027", "NO"])  # fmt: skip
            files[f"/csv/{code}.csv"] = out.getvalue().encode()
        return files


def nppes_answer(person: dict | None) -> bytes:
    if person is None:
        return b'{"result_count": 0, "results": []}'
    record = {
        "number": person["npi"], "enumeration_type": "NPI-1",
        "last_updated_epoch": "1704233221000", "created_epoch": "1171564996000",
        "basic": {"first_name": person["first"], "last_name": person["last"],
                  "name_prefix": "--", "name_suffix": "--", "sex": "F", "status": "A",
                  "credential": "LPC"},
        "taxonomies": [{"code": "101YP2500X", "desc": "Counselor, Professional",
                        "primary": True, "state": "TX", "license": person["licence"]}],
        "addresses": [], "identifiers": [], "other_names": [], "endpoints": [],
    }  # fmt: skip
    return json.dumps({"result_count": 1, "results": [record]}).encode()


def hcpc_page(number: str, person: dict | None) -> bytes:
    if person is None:
        body = f"<p>No results returned for {number}</p>"
    else:
        rows = [("Name", f"{person['first'].title()} {person['last'].title()}"),
                ("Registration number", number), ("Profession", "Practitioner psychologist"),
                ("Status", "Registered"), ("Period", "01/06/2025 to 31/05/2099")]  # fmt: skip
        cells = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        body = f"<table>{cells}</table><p>Data valid on: 26/11/2026 06:00:00</p>"
    page = f"<!DOCTYPE html><html><head><title>HCPC</title></head><body>{body}</body></html>"
    return page.encode()


def serve(people: People) -> tuple[str, str, str, list[ThreadingHTTPServer]]:
    """Start the three registries; return their base URLs and the servers."""
    files = {"/UPDATED.csv": people.leie, **people.bhec}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep the benchmark's output readable
            pass

        def do_GET(self):  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            kind = "application/json"
            if parts.path == "/api/":
                body = nppes_answer(people.nppes.get(query.get("number", "")))
            elif parts.path == "/detail/":
                body, kind = hcpc_page(query["query"], people.hcpc.get(query["query"])), "text/html"
            elif parts.path in files:
                body, kind = files[parts.path], "text/csv"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(3)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    nppes, hcpc, files_server = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
    return nppes + "/api/", hcpc + "/detail/", files_server, servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--licences", type=int, default=3000)
    parser.add_argument("--rps", type=float, default=20.0)
    parser.add_argument("--rows", type=int, default=80_000)
    parser.add_argument("--workers", type=int, default=4, help="threads per registry")
    args = parser.parse_args()

    started_setup = time.monotonic()
    people = People(args.licences, args.rows)
    nppes_url, hcpc_url, files_url, servers = serve(people)
    print(
        f"generated {args.licences} licences, LEIE {len(people.leie) / 1e6:.1f} MB, "
        f"BHEC {sum(map(len, people.bhec.values())) / 1e6:.1f} MB "
        f"in {time.monotonic() - started_setup:.1f} s"
    )
    del people.leie, people.bhec  # the servers keep their own references
    data_dir = Path(tempfile.mkdtemp(prefix="solace-bench-"))
    session = RegistrySession(contact_email="bench@solace.example")
    nppes = get_verifier("nppes", nppes_url, session, requests_per_second=args.rps)
    hcpc = get_verifier("uk-hcpc", hcpc_url, session, requests_per_second=args.rps)
    leie = get_verifier("oig-leie", files_url + "/UPDATED.csv", session, data_dir=data_dir)
    bhec = get_verifier("tx-bhec", files_url + "/csv/", session, data_dir=data_dir)

    statuses: Counter[tuple[str, str]] = Counter()
    lock = threading.Lock()
    done = 0
    memory_at_100: tuple[float, float] | None = None
    file_seconds = 0.0

    def finished(results) -> None:
        nonlocal done, memory_at_100
        with lock:
            for result in results:
                statuses[(result.verifier, result.status.value)] += 1
            done += 1
            if done == 100:
                memory_at_100 = rss_mb()

    def check_us(person: dict) -> None:
        nonlocal file_seconds
        claim = LicenceQuery("US-TX", "LPC", person["licence"], person["first"].title(),
                             person["last"].title(), npi=person["npi"])  # fmt: skip
        identity = nppes.verify(claim)
        began = time.monotonic()
        exclusion, licence = leie.verify(claim), bhec.verify(claim)
        with lock:
            file_seconds += time.monotonic() - began
        finished([identity, exclusion, licence])

    def check_gb(person: dict) -> None:
        claim = LicenceQuery("GB", "Practitioner psychologist", person["number"],
                             person["first"].title(), person["last"].title())  # fmt: skip
        finished([hcpc.verify(claim)])

    print(f"memory before verifying: {rss_mb()[0]:.0f} MB RSS")
    began = time.monotonic()
    with (
        ThreadPoolExecutor(args.workers, thread_name_prefix="us") as us_pool,
        ThreadPoolExecutor(args.workers, thread_name_prefix="gb") as gb_pool,
    ):
        for future in [*map(lambda p: us_pool.submit(check_us, p), people.us),
                       *map(lambda p: gb_pool.submit(check_gb, p), people.gb)]:  # fmt: skip
            future.result()
    elapsed = time.monotonic() - began
    minimum = max(len(people.us), len(people.gb)) / args.rps
    end_rss, peak = rss_mb()

    print(f"verified {done} licences ({len(people.us)} US x 3 verifiers, {len(people.gb)} GB)")
    print(f"total time {elapsed:.1f} s; the {args.rps:g} req/s limits imply at least "
          f"{minimum:.1f} s ({elapsed / minimum:.2f}x the minimum)")  # fmt: skip
    print(f"file verifiers (first-use download + parse, then lookups): {file_seconds:.1f} s "
          f"of worker time for {2 * len(people.us)} checks")  # fmt: skip
    for (name, status), count in sorted(statuses.items()):
        print(f"  {name:9} {status:11} {count}")
    if memory_at_100:
        print(f"memory after the first 100 licences: {memory_at_100[0]:.0f} MB RSS")
    print(f"memory at the end: {end_rss:.0f} MB RSS, peak {peak:.0f} MB")
    for server in servers:
        server.shutdown()


if __name__ == "__main__":
    main()
