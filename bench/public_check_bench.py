"""Benchmark: 500 public checks (/check) against local registries at their politeness limits.

Starts an NPPES-like name search (limited by the verifier to --rps requests a second) and
a file server with Texas BHEC licensee files and an OIG LEIE list, builds the app on a
temporary SQLite database with its real limits (per client, global, the ceiling of
waiting checks), and posts the checks from many client addresses as fast as it can
while two worker threads answer them. A third of the people are Texas licensees asked
by name, a third by licence number alone, a third made up; one in ten repeats an
earlier question (the day's cache answers it).

It reports: checks accepted and refused (past the ceiling or a rate limit, counted
apart), that every accepted check ended with every registry's answer, the most
requests NPPES saw in any one second, and resident memory after 100 answers and at
the end.

    .venv/bin/python bench/public_check_bench.py [--checks 500] [--rps 20] [--rows 20000]
        [--ceiling N] [--burst]   # --burst: all posted before the workers start
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from local_registries import Licensee, TexasWorld  # noqa: E402
from verify_bench import rss_mb  # noqa: E402

from directory import create_app  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.models import PublicCheck  # noqa: E402


class Registries:
    """The local NPPES and file server; NPPES counts its requests per second."""

    def __init__(self, texas: TexasWorld) -> None:
        self.per_second: Counter[int] = Counter()
        by_name = {(t.person.first.lower(), t.person.last.lower()): t for t in texas.licensees}
        files = texas.files
        counts = self.per_second
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # the benchmark's output stays readable
                pass

            def do_GET(self):  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/api/":
                    with lock:
                        counts[int(time.monotonic())] += 1
                    found = by_name.get(
                        (query.get("first_name", "").lower(), query.get("last_name", "").lower())
                    )
                    _, body, kind = texas.nppes_answer([found] if found else [])
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

        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(2)]
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self.nppes, self.files = (f"http://127.0.0.1:{s.server_address[1]}" for s in self.servers)


def letters(number: int | str) -> str:
    """A number spelt in letters (names on the form are letters only): 12 -> "bc"."""
    return "".join("abcdefghij"[int(d)] for d in str(number))


def questions(licensees: list[Licensee], count: int, seed: int = 11) -> list[dict]:
    """The checks to post: licensees by name, by number alone, made-up people, repeats."""
    rng = random.Random(seed)
    asked: list[dict] = []
    for index in range(count):
        if asked and rng.random() < 0.1:
            asked.append(dict(rng.choice(asked)))
            continue
        person = rng.choice(licensees).person
        kind = index % 3
        form = {"jurisdiction": "US-TX", "first_name": "", "last_name": "", "licence_type": "",
                "number": "", "npi": ""}  # fmt: skip
        if kind == 0:
            form.update(first_name=person.title_first, last_name=person.title_last)
        elif kind == 1:
            form.update(number=person.number)
        else:
            form.update(first_name="Made", last_name="Up" + letters(index))
        asked.append(form)
    return asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=500)
    parser.add_argument("--rps", type=float, default=20.0)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--ceiling", type=int, default=None, help="PUBLIC_CHECK_MAX_WAITING")
    parser.add_argument(
        "--burst", action="store_true", help="post everything before the workers start"
    )
    args = parser.parse_args()

    texas = TexasWorld(random.Random(3), 1000, args.rows)
    registries = Registries(texas)
    root = Path(tempfile.mkdtemp(prefix="solace-public-check-bench-"))
    app = create_app(
        {
            "INSTANCE_PATH": str(root / "instance"),
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'bench.sqlite'}",
            "SEARCH_INDEX_DIR": str(root / "search"),
            "WTF_CSRF_ENABLED": False,
            **({"PUBLIC_CHECK_MAX_WAITING": args.ceiling} if args.ceiling is not None else {}),
            "VERIFIERS_ALLOW": ["tx-bhec", "oig-leie", "nppes"],
            "VERIFIER_BASE_URLS": {
                "tx-bhec": registries.files + "/csv/",
                "oig-leie": registries.files + "/UPDATED.csv",
                "nppes": registries.nppes + "/api/",
            },
            "VERIFIER_OPTIONS": {
                "nppes": {"requests_per_second": args.rps},
                "tx-bhec": {"requests_per_second": 50},
                "oig-leie": {"requests_per_second": 50},
            },  # fmt: skip
        }
    )
    with app.app_context():
        db.create_all()
    huey = app.extensions["huey"]
    stop = threading.Event()
    answered = Counter()
    memory: dict[str, float] = {}

    def worker() -> None:
        while not stop.is_set():
            task = huey.dequeue()
            if task is None:
                time.sleep(0.02)
                continue
            huey.execute(task)
            answered["jobs"] += 1
            if answered["jobs"] == 100:
                memory["after 100"] = rss_mb()[0]

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(2)]
    if not args.burst:
        for thread in threads:
            thread.start()

    client = app.test_client()
    statuses: Counter[int] = Counter()
    tokens: set[str] = set()
    started = time.monotonic()
    for index, form in enumerate(questions(texas.licensees, args.checks)):
        address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
        response = client.post("/check", data=form, environ_base={"REMOTE_ADDR": address})
        statuses[response.status_code] += 1
        if response.status_code == 303:
            tokens.add(response.headers["Location"].rsplit("/", 1)[1])
    posted = time.monotonic() - started
    if args.burst:
        for thread in threads:
            thread.start()

    deadline = time.monotonic() + 600
    with app.app_context():
        while time.monotonic() < deadline:
            waiting = db.session.scalar(
                db.select(db.func.count())
                .select_from(PublicCheck)
                .where(PublicCheck.token.in_(tokens), PublicCheck.state == "queued")
            )
            db.session.remove()
            if not waiting:
                break
            time.sleep(0.5)
        rows = list(db.session.scalars(db.select(PublicCheck).where(PublicCheck.token.in_(tokens))))
        unanswered = [r for r in rows if r.state != "done"]
        errors = Counter(a["verifier"] for r in rows for a in r.answers if a["status"] == "error")
        outcomes = Counter(f"{a['verifier']}:{a['status']}" for r in rows for a in r.answers)
        # A name is asked of all three registers, a number alone of the board only.
        incomplete = [r for r in rows if len(r.answers) < (3 if r.last_name else 1)]
    elapsed = time.monotonic() - started
    stop.set()
    memory["end"] = rss_mb()[0]

    accepted = statuses[303]
    refused = statuses[503] + statuses[429]
    peak = max(registries.per_second.values(), default=0)
    print(f"{args.checks} checks posted in {posted:.1f} s; all answered after {elapsed:.1f} s")
    print(f"accepted {accepted} ({len(tokens)} distinct, the rest answered from the cache); "
          f"refused {refused} (503 past the ceiling: {statuses[503]}, 429 rate limit: "
          f"{statuses[429]}); other {sum(statuses.values()) - accepted - refused}")  # fmt: skip
    print(f"unanswered {len(unanswered)}; answers with a registry error {sum(errors.values())} "
          f"{dict(errors)}; checks missing a registry's answer {len(incomplete)}")  # fmt: skip
    print("answers: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"NPPES: at most {peak} requests in any second (limit {args.rps:g}/s), "
          f"{sum(registries.per_second.values())} in all")  # fmt: skip
    print(f"resident memory: {memory.get('after 100', 0):.0f} MB after 100 answers, "
          f"{memory['end']:.0f} MB at the end")  # fmt: skip
    ok = not unanswered and not errors and not incomplete and peak <= args.rps + 1
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
