"""Benchmark: every built-in verifier a program answers, against local registries, at
its own politeness limit.

Runs without Flask or a database. Starts one local registry per verifier on
127.0.0.1 (bench/local_registries.py: the answers' layouts are the fixtures'), then
runs each verifier in a process of its own, all at once, at its default requests per
second (ca-dca and ny-op with test keys; ca-dca and thentia-ok-obbhl with the status
vocabulary an operator configures, as no public source gives one). A verifier that asks per
licence checks as many licences as its limit allows in about `--seconds`; a
file-backed one (tx-bhec, oig-leie, fl-mqa) first downloads its files (`refresh`,
spaced by its limit), then checks the Texas or Florida licences from them.

For each verifier it prints the requests its registry received, the time they took
against the least time the limit allows ((requests - 1) / limit, as the first request
waits for nothing), the statuses, and the process's resident memory after a tenth of
its licences, at the end, and at its peak (flat: the end close to the tenth).

    .venv/bin/python bench/verify_bench.py [--seconds 60] [--rows 80000] [--only NAME...]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import local_registries as world  # noqa: E402

from verifiers import (  # noqa: E402
    LicenceQuery,
    RegistrySession,
    available_verifiers,
    get_verifier,
)

# Requests a verifier sends per licence (Thentia also searches the disciplined list).
REQUESTS_PER_CHECK = {"thentia-ok-obbhl": 2}
WORKERS = 2


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def limit_of(name: str) -> float:
    """A built-in's default requests per second: the politeness limit it keeps."""
    return float(available_verifiers()[name].factory.default_requests_per_second)


class LocalRegistry(ThreadingHTTPServer):
    """A registry stand-in on 127.0.0.1 that counts the requests it answers."""

    daemon_threads = True

    def __init__(self, registry: world.Registry) -> None:
        self.registry = registry
        self.requests = 0
        self.count_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.registry.path}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalRegistry

    def log_message(self, *args):  # keep the benchmark's output readable
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        with self.server.count_lock:
            self.server.requests += 1
        parts = urlsplit(self.path)
        answer = self.server.registry.answer(parts.path, world.query_of(parts.query))
        if answer is None:
            self.send_error(404)
            return
        status, body, kind = answer
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def build_world(seconds: float, rows: int, only: set[str] | None) -> list[world.Registry]:
    """Every registry stand-in, each with as many licences as its verifier's limit
    lets it check in about `seconds`."""

    def count(name: str) -> int:
        return max(10, round(seconds * limit_of(name) / REQUESTS_PER_CHECK.get(name, 1)))

    rng = random.Random(7)
    registries = [
        *world.TexasWorld(rng, count("nppes"), rows).registries(),
        world.uk_hcpc(rng, count("uk-hcpc")),
        world.socrata(rng, count("co-dora"), "co-dora"),
        world.socrata(rng, count("wa-doh"), "wa-doh"),
        world.thentia(rng, count("thentia-ok-obbhl")),
        world.ca_dca(rng, count("ca-dca")),
        world.ny_op(rng, count("ny-op")),
        world.fl_mqa(rng, count("nppes"), rows),
    ]
    programs = {n for n, i in available_verifiers().items()
                if i.source == "built-in" and not i.answered_by_person}  # fmt: skip
    missing = programs - {r.verifier for r in registries}
    if missing:
        sys.exit(f"no local registry for {', '.join(sorted(missing))}: add one to the bench")
    return [r for r in registries if only is None or r.verifier in only]


def run_child(job: dict) -> dict:
    """Check `job`'s licences with one verifier (in this process, alone); the figures."""
    session = RegistrySession(contact_email="bench@solace.example")
    options = dict(job["options"])
    if job["file_backed"]:
        options["data_dir"] = job["data_dir"]
    verifier = get_verifier(job["name"], job["base_url"], session, **options)
    figures: dict = {"limit": verifier.requests_per_second}
    if job["file_backed"]:
        began = time.monotonic()
        figures["bytes"] = verifier.refresh()
        figures["refresh_seconds"] = time.monotonic() - began
    claims = [LicenceQuery(**c) for c in job["claims"]]
    tenth = max(1, len(claims) // 10)
    statuses: Counter[str] = Counter()
    began = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        for index, result in enumerate(pool.map(verifier.verify, claims), 1):
            statuses[result.status.value] += 1
            if index == tenth:
                figures["rss_tenth"] = rss_mb()[0]
    figures["check_seconds"] = time.monotonic() - began
    figures["rss_end"], figures["rss_peak"] = rss_mb()
    figures["statuses"] = dict(statuses)
    figures["checks"] = len(claims)
    return figures


def start_child(registry: world.Registry, server: LocalRegistry, data_dir: Path):
    """Run one verifier in a process of its own (its memory is then its own)."""
    name = registry.verifier
    job = {"name": name, "base_url": server.base_url, "options": registry.options,
           "claims": registry.claims, "file_backed": available_verifiers()[name].file_backed,
           "data_dir": str(data_dir)}  # fmt: skip
    child = subprocess.Popen([sys.executable, __file__, "--child"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    child.stdin.write(json.dumps(job))
    child.stdin.close()
    return child


def report(name: str, figures: dict, requests: int) -> str:
    """One verifier's line: requests, time against the limit, statuses, memory."""
    limit = figures["limit"]
    seconds = figures.get("refresh_seconds", figures["check_seconds"])
    least = max(0.0, (requests - 1) / limit)
    ratio = f"{seconds / least:5.2f}x" if least else "   - "
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(figures["statuses"].items()))
    memory = (f"{figures.get('rss_tenth', 0):4.0f} -> {figures['rss_end']:4.0f} MB "
              f"(peak {figures['rss_peak']:4.0f})")  # fmt: skip
    line = (f"{name:17} {limit:4g}/s {figures['checks']:5} {requests:5} {seconds:7.1f} "
            f"{least:7.1f} {ratio}  {memory}  {statuses}")  # fmt: skip
    if "refresh_seconds" in figures:
        line += (f"  [files {figures['bytes'] / 1e6:.1f} MB; then {figures['checks']} checks "
                 f"in {figures['check_seconds']:.1f} s]")  # fmt: skip
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="how long each per-licence verifier runs at its limit")  # fmt: skip
    parser.add_argument("--rows", type=int, default=80_000, help="rows in each file registry")
    parser.add_argument("--only", nargs="*", help="these verifiers only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(json.loads(sys.stdin.read()))))
        return

    began = time.monotonic()
    registries = build_world(args.seconds, args.rows, set(args.only) if args.only else None)
    servers = {r.verifier: LocalRegistry(r) for r in registries}
    print(f"{len(registries)} local registries ready in {time.monotonic() - began:.1f} s")
    data_dir = Path(tempfile.mkdtemp(prefix="solace-bench-"))
    began = time.monotonic()
    children = {r.verifier: start_child(r, servers[r.verifier], data_dir) for r in registries}
    print(f"{'verifier':17} {'limit':>6} {'lic.':>5} {'req.':>5} {'time s':>7} "
          f"{'least s':>7} {'ratio':>6}  memory after 1/10 -> end    statuses")  # fmt: skip
    for name, child in children.items():
        out = child.stdout.read()
        child.wait()
        if child.returncode != 0:
            print(f"{name:17} failed (exit {child.returncode})")
            continue
        print(report(name, json.loads(out), servers[name].requests))
    print(f"all verifiers finished in {time.monotonic() - began:.1f} s")
    for server in servers.values():
        server.shutdown()


if __name__ == "__main__":
    main()
