"""`make loadtest`: the production shape on loopback, under load, with processes killed.

Starts gunicorn (4 web processes) and 2 `flask worker` processes against a fresh
PostgreSQL database and Redis keys of its own, seeds 5,000 demo therapists, and makes
accounts through the app: 10 confirmed therapists, each owning a published demo
profile, and 20 confirmed clients. Then for 60 seconds it drives the site over HTTP
with 100 simulated visitors who search with varied filters and open profiles, while
the 10 therapists log in and change their fees (/manage/fees) and the 20 clients log
in and rate therapists, all through the site's forms (see visitors.py). Halfway
through it kills one web process and one queue worker with SIGKILL. Afterwards it
checks that the search index equals the database within 5 s, that the database holds
every edit and rating the site accepted, and prints requests per second and
p50/p95/p99 latency per endpoint. Everything stays on 127.0.0.1 and stops by itself.

Every simulated visitor comes from 127.0.0.1, and each simulated client rates faster
than a person would, so the login and rating rate limits are raised (not turned off).

Pace: everyone arrives over the first 20 s, then waits 2 to 10 s between requests
(`--think`), less than people take to read a page of results or a profile. At
`--think 0.5 2.5` the same 130 people ask for about 90 pages a second, more than this
2-core machine serves with the load generator on it: that measures the ceiling, and
the latency then is queueing (docs/operations.md gives both paces' figures).

    python loadtest/run.py [--duration 60] [--visitors 100] [--editors 10] [--raters 20]
                           [--stop-database N] [--pause-redis N] [--fault-at S] [--keep]
                           [--backend whoosh|postgres] [--hosts N]

Several hosts (`--backend postgres --hosts 2`, loadtest/hosts.py): each host its own
gunicorn (the web processes shared out) and `flask worker`, with an instance folder of
its own, behind HAProxy on one port. Halfway through the whole of host A's gunicorn is
killed instead of one web process; it is started again 5 s later and must rejoin.

Faults (loadtest/faults.py), a quarter of the way in or at `--fault-at S`:
`--stop-database N` takes the database away for N seconds, `--pause-redis N` pauses
Redis (CLIENT PAUSE) for N seconds. The report then gives the answers during the fault,
the 5xx other than 503, the p95 of pages started during it, and how long after the
fault the last 503 came.

Exit status 0 when every target is met: no 5xx (with a fault: no 5xx but 503, and no
503 once the site had a few seconds to recover), no lost write, the index equal to the
database within 5 s, search p95 under 150 ms, and the run going on after the kills.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadtest.faults import DatabaseSwitch, pause_redis  # noqa: E402
from loadtest.hosts import Hosts  # noqa: E402
from loadtest.visitors import (  # noqa: E402
    Account,
    Catalogue,
    Http,
    Writers,
    browse,
    edit_profile,
    submit_rating,
)
from tests.services import child_pids, private_redis_server, unused_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEARCH_P95_TARGET_MS = 150
INDEX_CATCH_UP_SECONDS = 5
# After a fault ends, how long the site may take to serve everything again.
RECOVERY_TARGET_SECONDS = 5
# Logins are limited per client address and ratings per account; every visitor here shares
# one address, and each client rates as fast as it can think. Limiting stays on, in Redis.
GENEROUS_RATE_LIMIT = "10000 per minute"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--visitors", type=int, default=100, help="concurrent visitors")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 10.0),
        metavar=("MIN", "MAX"),
        help="seconds each simulated person waits between requests",
    )
    parser.add_argument("--profiles", type=int, default=5000, help="demo therapists to seed")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--queue-workers", type=int, default=2)
    parser.add_argument("--editors", type=int, default=10, help="therapists editing fees")
    parser.add_argument("--raters", type=int, default=20, help="clients submitting ratings")
    parser.add_argument("--no-kill", action="store_true", help="don't SIGKILL anything")
    parser.add_argument(
        "--stop-database",
        type=float,
        default=0,
        metavar="N",
        help="take PostgreSQL away from the site for N seconds mid-run",
    )
    parser.add_argument(
        "--pause-redis",
        type=float,
        default=0,
        metavar="N",
        help="pause Redis (CLIENT PAUSE, on a redis-server of the run's own) for N seconds",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SOLACE_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL server database to connect to; a fresh database is made beside it",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("SOLACE_TEST_REDIS_URL") or "redis://127.0.0.1:6379/0",
    )
    parser.add_argument(
        "--fault-at",
        type=float,
        default=None,
        metavar="SECONDS",
        help="when the fault begins (default: a quarter of the way in)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and files")
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--hosts", type=int, default=1, help="web hosts behind HAProxy")
    args = parser.parse_args()
    if args.hosts > 1 and args.backend != "postgres":
        parser.error("several hosts need --backend postgres: a Whoosh index lives on one disk")
    for url in (args.database_url, args.redis_url):
        if not re.match(r"^[a-z+]+://([^@/]*@)?(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]", url):
            parser.error(f"{url}: the load test only talks to servers on this machine")
    return args


# -- the stack ------------------------------------------------------------------------------


@dataclass
class Stack:
    """A fresh database, Redis keys, an index directory, and the processes serving them."""

    args: argparse.Namespace
    name: str = field(default_factory=lambda: f"solace_load_{int(time.time())}")
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="solace-load-")))
    env: dict = field(default_factory=dict)
    web: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)
    switch: DatabaseSwitch | None = None  # between the site and PostgreSQL (--stop-database)
    cluster: Hosts | None = None  # --hosts N: the hosts and HAProxy

    @property
    def base(self) -> str:
        return self.cluster.base if self.cluster else f"http://{self.env['BIND']}"

    def admin(self):
        return psycopg.connect(self.args.database_url, autocommit=True)

    def create(self) -> None:
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        url = psycopg.conninfo.conninfo_to_dict(self.args.database_url)
        url["dbname"] = self.name
        host, port, user = url.get("host", "127.0.0.1"), url.get("port", 5432), url["user"]
        self.env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "FLASK_APP": "app.py",
            "DATABASE_URL": f"postgresql://{user}@{host}:{port}/{self.name}",
            "REDIS_URL": self.args.redis_url,
            "SOLACE_HUEY_NAME": self.name,
            "SOLACE_RATELIMIT_KEY_PREFIX": self.name,
            "SOLACE_AUTH_RATE_LIMIT": GENEROUS_RATE_LIMIT,
            "SOLACE_RATING_RATE_LIMIT": GENEROUS_RATE_LIMIT,
            "SECRET_KEY": secrets.token_hex(32),
            "SOLACE_SEARCH_BACKEND": self.args.backend,
            "SOLACE_SEARCH_INDEX_DIR": str(self.workdir / "search"),
            "SOLACE_MAIL_OUTBOX_DIR": str(self.workdir / "outbox"),
            # The queue workers must never reach a real registry from a load test.
            "SOLACE_VERIFIERS_ALLOW": '["manual"]',
            "SOLACE_VERIFIER_CONTACT_EMAIL": "loadtest@localhost",
            "BIND": f"127.0.0.1:{unused_port()}",
            "WEB_CONCURRENCY": str(self.args.web_workers),
            "GUNICORN_ACCESS_LOG": str(self.workdir / "access.log"),
        }
        self.env.pop("FLASK_DEBUG", None)

    def flask(self, *args: str, timeout: float = 900) -> str:
        result = subprocess.run(
            ["flask", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise SystemExit(f"`flask {' '.join(args)}` failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def start(self) -> None:
        env = self.env
        if self.args.stop_database:
            url = psycopg.conninfo.conninfo_to_dict(self.env["DATABASE_URL"])
            self.switch = DatabaseSwitch((url.get("host", "127.0.0.1"), int(url.get("port", 5432))))
            port = self.switch.start()
            env = {
                **self.env,
                "DATABASE_URL": self.env["DATABASE_URL"].replace(
                    f":{url.get('port', 5432)}/", f":{port}/"
                ),
            }

        def spawn(args, log):
            with (self.workdir / log).open("w") as out:
                return subprocess.Popen(
                    args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                )

        if self.args.hosts > 1:
            per_host = max(1, self.args.web_workers // self.args.hosts)
            self.cluster = Hosts(env, self.workdir, self.args.hosts, web_workers=per_host)
            self.cluster.start()
            self.workers = self.cluster.workers()
            return
        self.web = spawn(["gunicorn", "-c", "gunicorn.conf.py", "app:app"], "web.log")
        self.workers = [
            spawn(["flask", "worker"], f"worker-{n}.log") for n in range(self.args.queue_workers)
        ]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                answered = requests.get(self.base + "/", timeout=5).ok
            except requests.RequestException:
                answered = False
            if answered and len(child_pids(self.web.pid)) == self.args.web_workers:
                return
            time.sleep(0.3)
        raise SystemExit("gunicorn did not start: see " + str(self.workdir / "web.log"))

    def web_pids(self) -> list[int]:
        if self.cluster:
            return self.cluster.web_pids()
        return child_pids(self.web.pid) if self.web else []

    def stop(self) -> None:
        if self.cluster:
            self.cluster.stop()
        for process in [self.web, *self.workers]:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [self.web, *self.workers]:
            if process:
                try:
                    process.wait(timeout=45)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.switch:
            self.switch.close()

    def destroy(self) -> None:
        client = redis.Redis.from_url(self.args.redis_url)
        keys = list(client.scan_iter(match=f"*{self.name}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.workdir, ignore_errors=True)


# -- recording ----------------------------------------------------------------------------


class Recorder:
    """Latency per endpoint, status counts, errors, and completions per second."""

    def __init__(self, base: str, started: float):
        self.base = base
        self.started = started
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.per_second: Counter = Counter()
        self.timeline: list[tuple[float, str, float]] = []  # (second, endpoint, ms)
        self.answers: list[tuple[float, float, str, int | None]] = []  # start, end, ...

    def record(
        self, endpoint: str, started: float, status: int | None, error: str = "", url: str = ""
    ) -> None:
        elapsed = time.perf_counter() - started
        second = int(time.perf_counter() - self.started)
        with self.lock:
            self.per_second[second] += 1
            self.answers.append(
                (started - self.started, time.perf_counter() - self.started, endpoint, status)
            )
            if status is None:
                self.statuses["connection error"] += 1
                self.errors.append(f"{endpoint}: {error}")
                return
            self.latencies[endpoint].append(elapsed * 1000)
            self.timeline.append((started - self.started, endpoint, elapsed * 1000))
            self.statuses[status] += 1
            if status >= 400:
                self.errors.append(f"{endpoint}: HTTP {status} {url}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _request(recorder: Recorder, endpoint: str, send, path: str, **kwargs):
    started = time.perf_counter()
    try:
        response = send(recorder.base + path, timeout=30, **kwargs)
    except requests.RequestException as error:
        recorder.record(endpoint, started, None, type(error).__name__)
        return None
    recorder.record(endpoint, started, response.status_code, url=response.url)
    return response


def visit(session: requests.Session, recorder: Recorder, endpoint: str, path: str, params=None):
    """One request as a visitor makes it; returns the response or None."""
    return _request(recorder, endpoint, session.get, path, params=params)


def post(session: requests.Session, recorder: Recorder, endpoint: str, path: str, data: dict):
    """One form sent as a visitor sends it; returns the response or None. The redirect
    that follows a saved form is not followed: the time is the write's alone."""
    return _request(recorder, endpoint, session.post, path, data=data, allow_redirects=False)


# -- accounts for the visitors who write ----------------------------------------------------


def create_accounts(stack: Stack, editors: int, raters: int) -> Writers:
    """Confirmed accounts made through the app, with one random password: `editors`
    therapists, each owning a distinct published demo profile, and `raters` clients."""
    from sqlalchemy import func, select

    from directory import accounts, create_app
    from directory.extensions import db
    from directory.models import ProfileStatus, Role, Therapist, User, utcnow

    password = secrets.token_urlsafe(18)
    assert accounts.password_problem(password) is None
    os.environ.update(stack.env)
    app = create_app()
    with app.app_context():
        # One hash for all: each scrypt hash takes a fifth of a second of a core.
        password_hash = accounts.hash_password(password)

        def user(email: str, role: Role) -> User:
            made = User(
                email=accounts.normalise_email(email),
                password_hash=password_hash,
                role=str(role),
                email_confirmed_at=utcnow(),
            )
            db.session.add(made)
            return made

        profiles = db.session.scalars(
            select(Therapist)
            .where(Therapist.status == ProfileStatus.PUBLISHED, Therapist.user_id.is_(None))
            .order_by(func.random())
            .limit(editors)
        ).all()
        for n, profile in enumerate(profiles):
            profile.user = user(f"loadtest-therapist-{n}@example.org", Role.THERAPIST)
        clients = [user(f"loadtest-client-{n}@example.org", Role.CLIENT) for n in range(raters)]
        db.session.commit()
        writers = Writers(
            password,
            therapists=[Account(p.user.email, p.user.id, p.id, p.slug) for p in profiles],
            clients=[Account(c.email, c.id) for c in clients],
        )
        db.session.remove()
    if len(writers.therapists) < editors:
        raise SystemExit(f"Only {len(writers.therapists)} published profiles to edit.")
    return writers


# -- after the load --------------------------------------------------------------------------


def index_catch_up(stack: Stack, limit: float) -> tuple[float | None, str]:
    """Seconds until the indexer had applied every change after the load stopped (None:
    not within 3 x limit), and how a full comparison of index and database came out."""
    from sqlalchemy import func, select

    from directory import create_app
    from directory.extensions import db
    from directory.models import SearchOutbox
    from directory.search import backend, sync

    os.environ.update(stack.env)
    app = create_app()
    started = time.monotonic()
    with app.app_context():
        caught_up = None
        while time.monotonic() - started < limit * 3:
            if not db.session.scalar(select(func.count()).select_from(SearchOutbox)):
                caught_up = time.monotonic() - started
                break
            db.session.rollback()
            time.sleep(0.05)
        # Then compare every indexed document with its row: the outbox being empty is
        # only the indexer's word for it.
        drift = sync.check(db.session, backend())
        compared = "equal" if drift.clean and not drift.queued else f"DIFFERENT: {drift}"
        db.session.remove()
    return caught_up, compared


def lost_writes(database_url: str, writers: Writers) -> dict[str, str]:
    """Whether the database holds what the site accepted, in a line per kind of write
    the run had visitors for; each line starts with "all" when nothing was lost."""
    lines = {}
    with psycopg.connect(database_url) as conn:
        if writers.therapists:
            lines["fee edits"] = check_edits(conn, writers.edits)
        if writers.clients:
            lines["ratings"] = check_ratings(conn, writers.ratings)
    return lines


def check_edits(conn, edits: list) -> str:
    """Each edited profile must hold its last accepted fees, or those of an edit sent
    after it that got no answer (which may or may not have been saved)."""
    expected: dict[int, set] = {}
    for edit in sorted(edits, key=lambda e: e.at):
        fees = (edit.fee_min, edit.fee_max)
        if edit.answered:
            expected[edit.therapist_id] = {fees}
        elif edit.therapist_id in expected:
            expected[edit.therapist_id].add(fees)
    accepted = sum(edit.answered for edit in edits)
    if not accepted:
        return "NONE: the site accepted no fee edit"
    held = {
        tid: (fee_min, fee_max)
        for tid, fee_min, fee_max in conn.execute(
            "SELECT id, fee_min, fee_max FROM therapist WHERE id = ANY(%s)", [list(expected)]
        )
    }
    lost = sorted(tid for tid, fees in expected.items() if held.get(tid) not in fees)
    if lost:
        return f"LOST: {len(lost)} of {len(expected)} profiles lack their last edit: {lost[:10]}"
    return f"all {accepted} edits of {len(expected)} profiles are in the database"


def check_ratings(conn, ratings: list) -> str:
    """Every accepted rating must be stored: its client, therapist, scores and comment."""
    if not ratings:
        return "NONE: the site accepted no rating"
    stored = {
        (user_id, slug): ((overall, responsiveness, accuracy, respect), comment)
        for user_id, slug, overall, responsiveness, accuracy, respect, comment in conn.execute(
            "SELECT r.user_id, t.slug, r.overall, r.responsiveness, r.accuracy, r.respect, "
            "r.comment FROM rating r JOIN therapist t ON t.id = r.therapist_id "
            "WHERE r.user_id = ANY(%s)",
            [sorted({rating.user_id for rating in ratings})],
        )
    }
    lost = [r for r in ratings if stored.get((r.user_id, r.slug)) != (r.scores, r.comment)]
    if lost:
        return f"LOST: {len(lost)} of {len(ratings)} ratings are not as accepted: {lost[:5]}"
    return f"all {len(ratings)} ratings are in the database"


# -- the run -------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    if args.pause_redis:
        # CLIENT PAUSE stops a whole server: pause one of the run's own, not the shared one.
        with private_redis_server() as url:
            args.redis_url = url
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> int:
    stack = Stack(args)
    print(f"Load test in {stack.workdir}; database {stack.name}")
    print(f"This machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} now")
    try:
        stack.create()
        print(
            f"Rate limits on logins (per address) and ratings (per account) raised to "
            f"{GENEROUS_RATE_LIMIT}: every visitor here comes from 127.0.0.1, and each "
            "simulated client rates faster than a person would. Limiting stays on, in Redis."
        )
        t0 = time.perf_counter()
        stack.flask("db", "upgrade")
        stack.flask("seed-vocabulary")
        print(stack.flask("seed-demo", "--count", str(args.profiles)).strip().splitlines()[-1])
        writers = create_accounts(stack, args.editors, args.raters)
        print(
            f"Database migrated and seeded in {time.perf_counter() - t0:.0f} s, with "
            f"{len(writers.therapists)} therapist accounts owning published profiles and "
            f"{len(writers.clients)} client accounts, all confirmed."
        )
        stack.start()
        print(
            f"Serving on {stack.base}: gunicorn with {len(stack.web_pids())} web processes, "
            f"{len(stack.workers)} queue workers"
            + (f", on {args.hosts} hosts behind HAProxy" if stack.cluster else "")
            + f"; search backend {args.backend}."
        )
        return run_load(stack, args, writers)
    finally:
        stack.stop()
        if args.keep:
            print(f"Kept: database {stack.name}, files in {stack.workdir}")
        else:
            stack.destroy()


def _thread(target, *args) -> threading.Thread:
    return threading.Thread(target=target, args=args, daemon=True)


def run_load(stack: Stack, args: argparse.Namespace, writers: Writers) -> int:
    catalogue = Catalogue.load(stack.base, stack.env["DATABASE_URL"])
    recorder = Recorder(stack.base, time.perf_counter())
    deadline = time.monotonic() + args.duration
    think, http = tuple(args.think), Http(visit, post)
    visitors = [
        *(
            _thread(browse, n, catalogue, recorder, deadline, think, visit)
            for n in range(args.visitors)
        ),
        *(
            _thread(edit_profile, n, recorder, deadline, think, http, writers)
            for n in range(len(writers.therapists))
        ),
        *(
            _thread(submit_rating, n, catalogue, recorder, deadline, think, http, writers)
            for n in range(len(writers.clients))
        ),
    ]
    for thread in visitors:
        thread.start()
    print(
        f"{args.visitors} visitors browsing, {len(writers.therapists)} therapists editing "
        f"their fees and {len(writers.clients)} clients rating, for {args.duration:.0f} s..."
    )

    fault = {}
    injector = None
    if args.stop_database or args.pause_redis:
        injector = _thread(inject_fault, stack, args, recorder, fault)
        injector.start()

    kills = {}
    restarter = None
    if not args.no_kill:
        time.sleep(args.duration / 2)
        if stack.cluster:
            # A whole host dies: HAProxy must take it out, and it must rejoin when back.
            web_victim = f"host a (pids {stack.cluster.kill(0)})"
            restarter = _thread(restart_host, stack, 0, 5.0, kills)
            restarter.start()
        else:
            web_victim = stack.web_pids()[0]
            os.kill(web_victim, signal.SIGKILL)
        worker_victim = stack.workers[0].pid
        os.kill(worker_victim, signal.SIGKILL)
        kills.update(
            {
                "second": round(time.perf_counter() - recorder.started, 1),
                "web pid": web_victim,
                "queue worker pid": worker_victim,
            }
        )
        print(f"SIGKILL at {kills['second']} s: web process {web_victim}, worker {worker_victim}")

    for thread in visitors:
        thread.join(timeout=args.duration + 60)
    if injector:
        injector.join()
    load_seconds = time.perf_counter() - recorder.started
    if restarter:
        restarter.join()  # the killed host is back, or known not to be
    print("Load stopped; checking the index and the writes against the database...")
    catch_up, compared = index_catch_up(stack, INDEX_CATCH_UP_SECONDS)
    writes = lost_writes(stack.env["DATABASE_URL"], writers)
    check_output = stack.flask("search", "check").strip()

    return report(
        stack,
        args,
        recorder,
        load_seconds,
        kills,
        catch_up,
        writes,
        writers.sent_back,
        compared,
        check_output,
        fault,
    )


def expected_web_processes(stack: Stack) -> int:
    """How many web processes the run started with (and should end with)."""
    if stack.cluster:
        return stack.cluster.web_workers * len(stack.cluster.hosts)
    return stack.args.web_workers


def restart_host(stack: Stack, n: int, after: float, kills: dict) -> None:
    """Start host n again `after` seconds, and note how long HAProxy took to see it up."""
    time.sleep(after)
    stack.cluster.restart(n)
    name = stack.cluster.hosts[n].name
    try:
        waited = stack.cluster.wait_until(lambda states: states[name] == "UP", 60, "back")
        kills["host back up after restart (s)"] = round(waited, 1)
    except RuntimeError as error:
        kills["host back up after restart (s)"] = f"NOT BACK: {error}"


def inject_fault(stack: Stack, args: argparse.Namespace, recorder: Recorder, fault: dict):
    """At --fault-at (a quarter of the way in), take the database away or pause Redis;
    note when. After the first 20 s everyone has arrived: a fault then is measured apart
    from the logins at the start."""
    time.sleep(args.duration / 4 if args.fault_at is None else args.fault_at)
    fault["start"] = time.perf_counter() - recorder.started
    if args.stop_database:
        fault["what"] = f"database away for {args.stop_database:g} s"
        print(f"Database away at {fault['start']:.1f} s for {args.stop_database:g} s")
        stack.switch.stop_for(args.stop_database)
    else:
        fault["what"] = f"Redis paused for {args.pause_redis:g} s"
        print(f"Redis paused at {fault['start']:.1f} s for {args.pause_redis:g} s")
        pause_redis(args.redis_url, args.pause_redis)
        time.sleep(args.pause_redis)
    fault["end"] = time.perf_counter() - recorder.started


def fault_figures(recorder: Recorder, fault: dict) -> dict:
    """How the site answered during a fault and after it."""
    start, end = fault["start"], fault["end"]
    during = [a for a in recorder.answers if start <= a[0] < end]
    other = [a for a in recorder.answers if not start <= a[0] < end]
    unavailable = [a for a in recorder.answers if a[3] == 503 or a[3] is None]
    last_failure = max((a[1] for a in unavailable), default=None)
    p95 = {
        endpoint: (
            round(percentile([a[1] - a[0] for a in during if a[2] == endpoint], 95) * 1000),
            round(percentile([a[1] - a[0] for a in other if a[2] == endpoint], 95) * 1000),
        )
        for endpoint in sorted({a[2] for a in during})
    }
    return {
        **fault,
        "answers during": dict(Counter(str(a[3]) for a in during)),
        "5xx other than 503": sum(
            1 for a in recorder.answers if a[3] and a[3] >= 500 and a[3] != 503
        ),
        "503s": sum(1 for a in recorder.answers if a[3] == 503),
        "p95 ms during / otherwise": p95,
        "recovery seconds": 0.0 if last_failure is None else max(0.0, last_failure - end),
    }


def timeline(recorder: Recorder, width: int = 10) -> list[dict]:
    """p95 latency of everything and of searches, per `width` seconds of the run: shows
    whether slow requests came with the logins at the start, the kills, or throughout."""
    windows: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for second, endpoint, ms in recorder.timeline:
        windows[int(second // width) * width].append((endpoint, ms))
    return [
        {
            "from": start,
            "requests": len(entries),
            "p95": percentile([ms for _, ms in entries], 95),
            "search_p95": percentile([ms for e, ms in entries if e == "search"], 95),
        }
        for start, entries in sorted(windows.items())
    ]


def report(
    stack,
    args,
    recorder,
    load_seconds,
    kills,
    catch_up,
    writes,
    sent_back,
    compared,
    check_output,
    fault=None,
) -> int:
    total = sum(len(v) for v in recorder.latencies.values())
    server_errors = sum(n for status, n in recorder.statuses.items() if str(status)[0] == "5")
    other_errors = len(recorder.errors) - server_errors
    print()
    print(
        f"{'endpoint':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    rows = {}
    for endpoint, values in sorted(recorder.latencies.items()):
        rows[endpoint] = {
            "requests": len(values),
            "per_second": len(values) / load_seconds,
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "p99": percentile(values, 99),
        }
        r = rows[endpoint]
        print(
            f"{endpoint:<10} {r['requests']:>8} {r['per_second']:>7.1f} {r['p50']:>8.1f} "
            f"{r['p95']:>8.1f} {r['p99']:>8.1f}"
        )
    everything = [v for values in recorder.latencies.values() for v in values]
    print(
        f"{'all':<10} {total:>8} {total / load_seconds:>7.1f} {percentile(everything, 50):>8.1f} "
        f"{percentile(everything, 95):>8.1f} {percentile(everything, 99):>8.1f}"
    )
    windows = timeline(recorder)
    print("Over time (requests started in each 10 s):")
    for window in windows:
        print(
            f"  {window['from']:>3}-{window['from'] + 10:<3} s  {window['requests']:>5} requests  "
            f"all p95 {window['p95']:>7.1f} ms  search p95 {window['search_p95']:>7.1f} ms"
        )
    print(f"Statuses: {dict(recorder.statuses)}")
    if recorder.errors:
        print(f"Errors ({len(recorder.errors)}), first few: {recorder.errors[:5]}")

    survived = {}
    if kills:
        second = int(kills["second"])
        before = sum(recorder.per_second[s] for s in range(second - 5, second))
        after = sum(recorder.per_second[s] for s in range(second + 1, second + 6))
        survived = {
            "requests in the 5 s before the kill": before,
            "requests in the 5 s after": after,
            "web processes at the end": len(stack.web_pids()),
            "queue workers still running": sum(w.poll() is None for w in stack.workers),
        }
        print(f"Kills: {kills}; then {survived}")
    figures = fault_figures(recorder, fault) if fault else {}
    if figures:
        print(f"Fault: {figures['what']}, from {figures['start']:.1f} s to {figures['end']:.1f} s")
        print(f"  answers to requests started during it: {figures['answers during']}")
        print(
            f"  503s in all: {figures['503s']}; 5xx other than 503: {figures['5xx other than 503']}"
        )
        print(f"  p95 ms, during the fault / otherwise: {figures['p95 ms during / otherwise']}")
        print(f"  last 503 or unanswered request: {figures['recovery seconds']:.1f} s after it")
    for kind, line in writes.items():
        print(f"Writes, {kind}: {line}")
    if sent_back:
        print(
            f"Forms the site sent back, meant to be valid (visitor bugs): {len(sent_back)}, "
            f"first few: {sent_back[:5]}"
        )
    if catch_up is None:
        print(f"Index: changes still waiting {INDEX_CATCH_UP_SECONDS * 3} s after the load")
    else:
        print(f"Index: every change applied {catch_up:.2f} s after the load stopped")
    print(f"Index compared document by document with the database: {compared}")
    print(f"flask search check: {check_output}")

    search_p95 = rows.get("search", {}).get("p95", float("inf"))
    targets = {
        "no 5xx": server_errors == 0,
    }
    if figures:
        targets = {
            "no 5xx but 503": figures["5xx other than 503"] == 0,
            f"recovered within {RECOVERY_TARGET_SECONDS} s": figures["recovery seconds"]
            <= RECOVERY_TARGET_SECONDS,
        }
    targets |= {
        "no lost write": all(line.startswith("all") for line in writes.values()),
        f"index equal within {INDEX_CATCH_UP_SECONDS} s": catch_up is not None
        and catch_up <= INDEX_CATCH_UP_SECONDS
        and compared == "equal",
        f"search p95 < {SEARCH_P95_TARGET_MS} ms": search_p95 < SEARCH_P95_TARGET_MS,
    }
    if kills:
        targets["the run went on after the kills"] = (
            survived["requests in the 5 s after"] > 0
            and survived["web processes at the end"] == expected_web_processes(stack)
            and survived["queue workers still running"] == len(stack.workers) - 1
        )
        if stack.cluster:
            targets["the killed host rejoined"] = isinstance(
                kills.get("host back up after restart (s)"), float
            )
    for target, met in targets.items():
        print(f"{'met   ' if met else 'MISSED'}  {target}")
    print(f"Other errors (connection resets and 4xx): {other_errors}")

    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    path = out / f"loadtest-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(
        json.dumps(
            {
                "args": {k: v for k, v in vars(args).items() if "url" not in k},
                "seconds": load_seconds,
                "endpoints": rows,
                "over_time": windows,
                "statuses": {str(k): v for k, v in recorder.statuses.items()},
                "errors": recorder.errors[:50],
                "kills": kills,
                "after_kills": survived,
                "fault": figures,
                "writes": writes,
                "forms_sent_back": sent_back[:50],
                "index_catch_up_seconds": catch_up,
                "index_compared": compared,
                "targets": targets,
                "cpu_count": os.cpu_count(),
                "load_average_at_end": os.getloadavg(),
            },
            indent=2,
        )
    )
    print(f"Figures saved to {path.relative_to(ROOT)}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
