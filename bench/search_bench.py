"""Search benchmark: both backends side by side, on 100,000 demo therapists in a fresh
PostgreSQL database (beside SOLACE_TEST_DATABASE_URL's, dropped afterwards).

Prints, for the Whoosh and the PostgreSQL backend: the full rebuild's time and the
index's size, how long an edit takes to reach search with the worker polling, and
p50/p95/p99 latency of four query shapes, on the raw search (`backend().search`, warm)
and on the whole page through the test client.

    python bench/search_bench.py [--count 100000] [--queries 200] [--backends whoosh,postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from flask_migrate import upgrade
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from directory import create_app  # noqa: E402
from directory import search as search_api  # noqa: E402
from directory.config import normalise_database_url  # noqa: E402
from directory.demo import seed_demo  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.models import ProfileStatus, Therapist  # noqa: E402
from directory.practice import AGES, GENDERS, INSURANCE_BY_COUNTRY, SESSIONS  # noqa: E402
from directory.search import SearchRequest  # noqa: E402
from directory.vocabulary import APPROACHES, SPECIALTIES  # noqa: E402

WORDS = [
    "trauma", "anxiety", "grief", "couples", "depression", "mindfulness", "stress",
    "family", "teens", "burnout", "emdr", "cbt", "compassionate", "collaborative",
    "relationships", "panic", "sleep", "identity", "parenting", "loss",
]  # fmt: skip
ZIPS = [
    ("78704", (30.2428, -97.7658)),
    ("10001", (40.7506, -73.9972)),
    ("60614", (41.922, -87.6533)),
]
REGIONS = ["US-TX", "US-NY", "US-CA", "US-FL", "US-IL", "US-WA", "GB-ENG"]
ZIP_STATES = {"78704": "US-TX", "10001": "US-NY", "60614": "US-IL"}


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f} ms   p95 {q[94]:7.1f} ms   p99 {q[98]:7.1f} ms"


def shapes(rng: random.Random) -> dict[str, tuple[SearchRequest, dict]]:
    """One random request of each shape, with its query-string twin for the page."""
    w1, w2 = rng.sample(WORDS, 2)
    spec = rng.choice(SPECIALTIES).slug
    appr = rng.choice(APPROACHES).slug
    region = rng.choice(REGIONS)
    zip_code, centre = rng.choice(ZIPS)
    insurer = rng.choice(list(INSURANCE_BY_COUNTRY["US"]))
    age = rng.choice(list(AGES))
    session = rng.choice(list(SESSIONS))
    gender = rng.choice(list(GENDERS))
    return {
        "a: two-word text": (
            SearchRequest(text=f"{w1} {w2}"),
            {"q": f"{w1} {w2}"},
        ),
        "b: two filters by rating": (
            SearchRequest(specialties=(spec,), region=region, sort="rating"),
            {"specialty": spec, "region": region, "sort": "rating"},
        ),
        "c: text+filters+facets+radius": (
            SearchRequest(
                text=w1, approaches=(appr,), formats=("online", "in_person"), near=centre,
                radius_miles=50, max_fee=200,
            ),
            {"q": w1, "approach": appr, "zip": zip_code, "radius": "50", "max_fee": "200",
             "format": ["online", "in_person"]},
        ),
        # Online results are those licensed in the visitor's state, whatever the distance;
        # in-person ones within 50 miles of their ZIP.
        "d: text+insurance+ages+session+identity+licensed-online": (
            SearchRequest(
                text=w1, insurance=(insurer,), ages=(age,), sessions=(session,),
                genders=(gender,), where=ZIP_STATES[zip_code], near=centre, radius_miles=50,
            ),
            {"q": w1, "insurance": insurer, "ages": age, "session": session,
             "gender": gender, "zip": zip_code, "radius": "50"},
        ),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--procs", type=int, default=2, help="Whoosh indexing processes")
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SOLACE_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL server; a fresh database is made beside this one",
    )
    parser.add_argument("--keep", help="reuse/keep this database name and folder")
    args = parser.parse_args()
    kinds = args.backends.split(",")

    name = args.keep or f"solace_bench_{int(time.time())}"
    folder = Path(tempfile.gettempdir()) / name
    folder.mkdir(parents=True, exist_ok=True)
    admin = psycopg.connect(args.database_url, autocommit=True)
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        admin.execute(f'CREATE DATABASE "{name}"')
    url = args.database_url.rsplit("/", 1)[0] + "/" + name
    apps = {
        kind: create_app(
            {
                "INSTANCE_PATH": str(folder / "instance"),
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
                "SEARCH_BACKEND": kind,
                "SEARCH_INDEX_DIR": str(folder / "search"),
                "SEARCH_REFRESH_SECONDS": 0,  # measure reopening, not the wait before it
                "RATELIMIT_ENABLED": False,
            }
        )
        for kind in kinds
    }
    figures: dict[str, dict[str, str]] = {kind: {} for kind in kinds}
    try:
        first = apps[kinds[0]]
        with first.app_context():
            upgrade()  # the migrations, 0014's search tables included
            started = time.perf_counter()
            added = seed_demo(db.session, args.count)
            print(f"seeded {added:,} therapists in {time.perf_counter() - started:.0f} s")

        for kind, app in apps.items():
            with app.app_context():
                started = time.perf_counter()
                indexed = search_api.backend().rebuild(db.session, procs=args.procs)
                seconds = time.perf_counter() - started
                figures[kind]["build"] = f"{indexed:,} in {seconds:.1f} s"
                figures[kind]["size"] = f"{index_size(kind, folder) / 1e6:.0f} MB"
                figures[kind]["edit visible"] = f"{edit_visible(app):.2f} s"

        rng = random.Random(7)
        batches = [shapes(rng) for _ in range(args.queries)]
        names = list(batches[0])
        for kind, app in apps.items():
            with app.app_context():
                backend = search_api.backend()
                for name_ in names:
                    for batch in batches[:20]:
                        backend.search(batch[name_][0])  # warm caches, as a live site's
                    samples = []
                    for batch in batches:
                        t = time.perf_counter()
                        backend.search(batch[name_][0])
                        samples.append(time.perf_counter() - t)
                    figures[kind][f"raw {name_}"] = percentiles(samples)
                client = app.test_client()
                for name_ in names:
                    samples = []
                    for batch in batches:  # as many as the raw search: a steady p95
                        address = "/search?" + urlencode(batch[name_][1], doseq=True)
                        t = time.perf_counter()
                        response = client.get(address)
                        samples.append(time.perf_counter() - t)
                        assert response.status_code == 200, (address, response.status_code)
                    figures[kind][f"page {name_}"] = percentiles(samples)

        print(f"\n{args.count:,} profiles, {args.queries} queries a shape (p50 / p95 / p99 ms)")
        width = max(len(k) for k in figures[kinds[0]])
        print(f"{'':{width}}  " + "  ".join(f"{kind:<28}" for kind in kinds))
        for key in figures[kinds[0]]:
            print(f"{key:{width}}  " + "  ".join(f"{figures[k][key]:<28}" for k in kinds))
    finally:
        for app in apps.values():
            with app.app_context():
                db.engine.dispose()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(folder, ignore_errors=True)
        admin.close()


def index_size(kind: str, folder: Path) -> int:
    """Bytes the index takes: the Whoosh generation on disk, or the PostgreSQL tables
    with their indexes."""
    if kind == "whoosh":
        live = (folder / "search" / "current").resolve()
        return sum(f.stat().st_size for f in live.iterdir())
    return db.session.scalar(
        text(
            "SELECT pg_total_relation_size('search_document') "
            "+ pg_total_relation_size('search_word')"
        )
    )


def edit_visible(app) -> float:
    """Seconds from an edit's commit until a search shows it, with the worker's drain
    running every SEARCH_WORKER_POLL_SECONDS in a thread, as `flask worker` does."""
    poll = app.config["SEARCH_WORKER_POLL_SECONDS"]
    stop = threading.Event()

    def worker():
        with app.app_context():
            while not stop.is_set():
                try:
                    search_api.backend().apply_outbox(db.session)
                finally:
                    db.session.remove()
                stop.wait(poll)

    therapist = db.session.scalars(
        db.select(Therapist)
        .where(Therapist.status == ProfileStatus.PUBLISHED, Therapist.currency == "USD")
        .order_by(Therapist.id)
        .limit(1)
    ).one()
    fee = 17 if therapist.fee_min != 17 else 18
    request = SearchRequest(max_fee=fee, verified_only=False, with_facets=False)
    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    try:
        therapist.fee_min = fee
        therapist.sliding_scale = False
        db.session.commit()
        committed = time.perf_counter()
        while therapist.id not in search_api.backend().search(request).ids:
            if time.perf_counter() - committed > 30:
                return float("inf")
            time.sleep(0.02)
        return time.perf_counter() - committed
    finally:
        stop.set()
        thread.join()


if __name__ == "__main__":
    main()
