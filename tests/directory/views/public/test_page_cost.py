"""What the busiest public page asks of the database: a page of search results costs one
query however many results it shows, and the cached vocabularies still follow an
operator's changes (the profile page's count is in
tests/directory/views/ratings/test_pages.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import update

from directory.extensions import db
from directory.models import Approach
from directory.web import warm_up
from tests.query_count import counted_queries

REPOSITORY = Path(__file__).resolve().parents[4]


@pytest.fixture
def twenty_listed(make_therapist, index_now):
    therapists = [
        make_therapist(
            approaches=("cbt", "emdr"),
            specialties=("anxiety", "grief"),
            bio="I help adults with anxiety and grief.",
            licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": f"{n:05d}"},
        )
        for n in range(20)
    ]
    index_now()
    return therapists


def test_a_search_page_of_twenty_results_costs_one_query_once_warm(client, twenty_listed):
    assert client.get("/search?q=anxiety").status_code == 200  # loads the vocabularies
    with counted_queries() as statements:
        response = client.get("/search?q=anxiety&specialty=grief")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="result"') == 20
    # The result cards: one query for all twenty rows, none for their links or licences.
    assert len(statements) == 1, statements


def test_the_pages_and_the_search_read_the_vocabularies_once_between_them(app, twenty_listed):
    app.extensions["search"].reset()  # as a process starts: nothing read yet
    with counted_queries() as statements:
        response = app.test_client().get("/search?q=anxiety")
    assert response.status_code == 200
    read = [s for s in statements if "FROM approach" in s or "FROM specialty" in s]
    assert len(read) == 2, read  # the approaches, then the specialties


@pytest.mark.parametrize("config_overrides", [{"VOCABULARY_CACHE_SECONDS": 0}])
def test_renaming_an_approach_shows_on_the_pages_after_the_cache_period(client):
    assert "Cognitive behavioral therapy (CBT)" in client.get("/").get_data(as_text=True)
    db.session.execute(
        update(Approach).where(Approach.slug == "cbt").values(name="Cognitive behaviour therapy")
    )
    db.session.commit()
    assert "Cognitive behaviour therapy" in client.get("/").get_data(as_text=True)


def test_a_warmed_up_process_serves_its_first_search_like_any_other(app, twenty_listed, caplog):
    warm_up(app)
    assert not [r for r in caplog.records if "warm-up" in r.getMessage()]
    with counted_queries() as statements:
        response = app.test_client().get("/search?q=grief")
    assert response.status_code == 200 and len(statements) == 1, statements


def test_warming_up_without_an_index_logs_and_carries_on(app, caplog):
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    warm_up(app)  # does not raise: the process still starts
    assert "warm-up request /search answered 503" in caplog.text
    assert app.test_client().get("/search").status_code == 503


def test_a_warmed_up_process_places_its_first_visitor_at_once(tmp_path):
    # In a new process, as gunicorn starts one: without the warm-up, the first ZIP code
    # a visitor types waits about 0.4 s for the ZIP list, a town for the town table.
    script = textwrap.dedent(
        f"""
        import time
        from directory import create_app, geography
        from directory.web import warm_up
        app = create_app({{
            "INSTANCE_PATH": {str(tmp_path)!r}, "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path}/db.sqlite",
            "SEARCH_INDEX_DIR": {str(tmp_path / "search")!r},
        }})
        warm_up(app)
        started = time.perf_counter()
        places = (
            geography.zip_place("78701"), geography.find_town("brighton"),
            geography.uk_postcode_point("BN1 1AA"),
        )
        print(time.perf_counter() - started, all(places))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )
    seconds, found = done.stdout.split()
    assert found == "True" and float(seconds) < 0.05, done.stdout
