"""Search benchmark: 100,000 demo therapists in a temporary instance.

Prints the index build rate and size, then p50/p95/p99 latency of four query shapes,
on the raw search function and on the full page through the test client, for a warm
searcher and for queries seen for the first time (a fresh searcher view, empty caches).

    python bench/search_bench.py [--count 100000] [--queries 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from directory import create_app  # noqa: E402
from directory import search as search_api  # noqa: E402
from directory.demo import seed_demo  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.models import Therapist  # noqa: E402
from directory.practice import AGES, GENDERS, INSURANCE_BY_COUNTRY, SESSIONS  # noqa: E402
from directory.search import SearchRequest  # noqa: E402
from directory.search.document import TEXT_FIELDS  # noqa: E402
from directory.search.whoosh.engine import run  # noqa: E402
from directory.search.whoosh.storage import open_current  # noqa: E402
from directory.search.whoosh.view import IndexView  # noqa: E402
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


def forget_text_postings(view: IndexView) -> None:
    """Make the next query read its text terms from the index again, as a new query would."""
    for key in [k for k in view._postings if k[0] in TEXT_FIELDS]:
        del view._postings[key]
    for key in [k for k in view._masks if k[0] in TEXT_FIELDS]:
        del view._masks[key]
    for data, _ in view.segments:
        for key in [k for k in data._postings if k[0] in TEXT_FIELDS]:
            del data._postings[key]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--keep", help="reuse/keep this instance folder")
    args = parser.parse_args()

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="solace-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "SEARCH_INDEX_DIR": str(folder / "search"),
            "SEARCH_REFRESH_SECONDS": 0,  # measure reopening, not the wait before it
            "RATELIMIT_ENABLED": False,
        }
    )
    root = Path(app.config["SEARCH_INDEX_DIR"])
    try:
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            added = seed_demo(db.session, args.count)
            print(f"seeded {added:,} therapists in {time.perf_counter() - started:.0f} s")

            started = time.perf_counter()
            indexed = search_api.backend().rebuild(db.session, procs=args.procs)
            seconds = time.perf_counter() - started
            path, _ = open_current(root)
            size = sum(f.stat().st_size for f in path.iterdir())
            print(f"index build: {indexed:,} profiles in {seconds:.1f} s = "
                  f"{indexed / seconds:,.0f} profiles/s (procs={args.procs}); "
                  f"size {size / 1e6:.0f} MB")  # fmt: skip

            _, ix = open_current(root)
            vocabulary = search_api.backend().load_vocabulary()
            opened = []
            for _ in range(3):
                t = time.perf_counter()
                IndexView(ix.searcher(), vocabulary).warm()
                opened.append(time.perf_counter() - t)
            print(f"open a searcher and warm its view from nothing: "
                  f"{statistics.median(opened) * 1000:.0f} ms")  # fmt: skip

            # What a web process pays after the indexer commits a few changed profiles.
            service = search_api.backend()
            service.view()
            reopen = []
            for round_ in range(3):
                ids = list(
                    db.session.scalars(db.select(Therapist.id).limit(10).offset(round_ * 10))
                )
                for t in db.session.scalars(db.select(Therapist).where(Therapist.id.in_(ids))):
                    t.fee_min = (t.fee_min or 100) + 5
                db.session.commit()
                service.apply_outbox(db.session)
                t0 = time.perf_counter()
                service.view()
                reopen.append(time.perf_counter() - t0)
            print(f"reopen after a 10-profile index commit (segments reused): "
                  f"{statistics.median(reopen) * 1000:.0f} ms")  # fmt: skip

            rng = random.Random(7)
            batches = [shapes(rng) for _ in range(args.queries)]
            names = list(batches[0])

            print("\nraw search function (warm view: columns and filter masks loaded)")
            view = service.view()
            for name in names:
                cold, warm = [], []
                for batch in batches[: max(20, args.queries // 5)]:
                    forget_text_postings(view)
                    t = time.perf_counter()
                    run(view, batch[name][0])
                    cold.append(time.perf_counter() - t)
                for batch in batches:
                    run(view, batch[name][0])
                for batch in batches:
                    t = time.perf_counter()
                    run(view, batch[name][0])
                    warm.append(time.perf_counter() - t)
                print(f"  {name:32s} repeated   {percentiles(warm)}")
                print(f"  {name:32s} first time {percentiles(cold)}")

            print("\nfull search page (test client)")
            client = app.test_client()
            for name in names:
                samples = []
                for batch in batches:
                    url = "/search?" + urlencode(batch[name][1], doseq=True)
                    t = time.perf_counter()
                    response = client.get(url)
                    samples.append(time.perf_counter() - t)
                    assert response.status_code == 200, (url, response.status_code)
                print(f"  {name:32s} page  {percentiles(samples)}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
