"""The migrations build the schema the models describe, on SQLite and on PostgreSQL.

Runs `flask db ...` in a subprocess, as an operator does, against a fresh database:
SQLite always, and the PostgreSQL schema of this test when PostgreSQL is selected.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[3]


def flask(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `flask ARGS` with DATABASE_URL set, the way a deploy script would."""
    env = {
        **os.environ,
        "FLASK_APP": "app.py",
        "DATABASE_URL": url,
        "SECRET_KEY": "migration-test-" + "k" * 32,
        "SOLACE_SEARCH_INDEX_DIR": str(tmp_path / "search"),
        "SOLACE_HUEY_IMMEDIATE": "true",  # no queue file under instance/
    }
    for name in ("REDIS_URL", "SOLACE_TEST_DATABASE_URL", "FLASK_DEBUG"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def table_names(url: str) -> set[str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_build_what_the_models_describe_and_come_down_again(tmp_path):
    url = make_config(tmp_path)["SQLALCHEMY_DATABASE_URI"]

    upgrade = flask(url, tmp_path, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert {"therapist", "licence", "search_outbox", "alembic_version"} <= table_names(url)

    # `flask db check` compares the migrated database with the models (types included)
    # and fails on any difference: a model change that has no migration yet.
    check = flask(url, tmp_path, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr

    downgrade = flask(url, tmp_path, "db", "downgrade", "base")
    assert downgrade.returncode == 0, downgrade.stderr
    assert table_names(url) <= {"alembic_version"}


def test_upgrading_a_seeded_database_keeps_every_check_and_event_and_rederives_places(tmp_path):
    """The verified-places migration (0006) on a copy of a seeded database: down to the
    schema before it, up again, then `flask verify --rederive`."""
    url = make_config(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert flask(url, tmp_path, "db", "upgrade").returncode == 0
    assert flask(url, tmp_path, "seed-vocabulary").returncode == 0
    seeded = flask(url, tmp_path, "seed-demo", "--count", "60", "--no-index")
    assert seeded.returncode == 0, seeded.stderr

    def counts() -> dict[str, int]:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            with engine.connect() as db:
                return {
                    table: db.scalar(text(f"select count(*) from {table}"))  # noqa: S608
                    for table in ("therapist", "licence", "verification_check", "audit_event")
                }
        finally:
            engine.dispose()

    def verified() -> set[str]:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            with engine.connect() as db:
                rows = db.execute(
                    text("select slug from therapist where verification_state = 'verified'")
                )
                return {slug for (slug,) in rows}
        finally:
            engine.dispose()

    before, verified_before = counts(), verified()
    assert before["verification_check"] > 0 and verified_before
    down = flask(url, tmp_path, "db", "downgrade", "0005")
    assert down.returncode == 0, down.stderr
    up = flask(url, tmp_path, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    rederived = flask(url, tmp_path, "verify", "--rederive")
    assert rederived.returncode == 0, rederived.stderr
    after = counts()
    # Nothing lost; re-deriving records what changed in the audit trail, nothing more.
    assert {k: after[k] for k in ("therapist", "licence", "verification_check")} == {
        k: before[k] for k in ("therapist", "licence", "verification_check")
    }
    assert after["audit_event"] >= before["audit_event"]
    assert verified() == verified_before


def test_contact_websites_become_website_links_and_come_back_on_downgrade(tmp_path):
    """0016 on a database whose therapists kept their website in a column: each becomes
    the profile's website link, owed a check; nothing typed is lost either way."""
    url = make_config(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert flask(url, tmp_path, "db", "upgrade").returncode == 0
    assert flask(url, tmp_path, "seed-vocabulary").returncode == 0
    seeded = flask(url, tmp_path, "seed-demo", "--count", "4", "--no-index")
    assert seeded.returncode == 0, seeded.stderr
    down = flask(url, tmp_path, "db", "downgrade", "0015")
    assert down.returncode == 0, down.stderr
    typed = ["Rosa.example/about", "https://10.0.0.7/", "", "https://owen.example/"]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as db:
            ids = list(db.scalars(text("select id from therapist order by id")))
            db.execute(text("delete from profile_link"))
            for therapist_id, website in zip(ids, typed, strict=True):
                db.execute(
                    text("update therapist set website = :w where id = :id"),
                    {"w": website, "id": therapist_id},
                )
        up = flask(url, tmp_path, "db", "upgrade")
        assert up.returncode == 0, up.stderr
        with engine.connect() as db:
            rows = db.execute(
                text("select therapist_id, kind, url, state from profile_link order by id")
            ).all()
        assert [tuple(row) for row in rows] == [
            (ids[0], "website", "https://rosa.example/about", "checking"),
            (ids[1], "other", "https://10.0.0.7/", "not_checkable"),  # kept as typed
            (ids[3], "website", "https://owen.example/", "checking"),
        ]
        down = flask(url, tmp_path, "db", "downgrade", "0015")
        assert down.returncode == 0, down.stderr
        with engine.connect() as db:
            websites = list(db.scalars(text("select website from therapist order by id")))
        assert websites == ["https://rosa.example/about", "", "", "https://owen.example/"]
    finally:
        engine.dispose()


def test_practices_without_a_point_are_placed_and_queued_for_the_index(tmp_path):
    """0017: a UK therapist's postcode district, or the town of one without a postcode,
    gives a practice its point, so that searches near a place find it."""
    url = make_config(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert flask(url, tmp_path, "db", "upgrade", "0016").returncode == 0
    assert flask(url, tmp_path, "seed-vocabulary").returncode == 0
    seeded = flask(url, tmp_path, "seed-demo", "--count", "3", "--no-index")
    assert seeded.returncode == 0, seeded.stderr
    practices = [("GB-ENG", "BN1 1AA", "Brighton"), ("US-TX", "", "Austin"), ("GB-SCT", "", "")]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as db:
            ids = list(db.scalars(text("select id from therapist order by id")))
            db.execute(text("delete from search_outbox"))
            for therapist_id, (region, postcode, city) in zip(ids, practices, strict=True):
                db.execute(
                    text(
                        "update therapist set region = :r, postcode = :p, city = :c, "
                        "latitude = null, longitude = null where id = :id"
                    ),
                    {"r": region, "p": postcode, "c": city, "id": therapist_id},
                )
        up = flask(url, tmp_path, "db", "upgrade")
        assert up.returncode == 0, up.stderr
        with engine.connect() as db:
            points = db.execute(text("select latitude, longitude from therapist order by id"))
            queued = set(db.scalars(text("select therapist_id from search_outbox")))
        brighton, austin, unplaced = points.all()
        assert tuple(brighton) == pytest.approx((50.82, -0.14), abs=0.05)
        assert tuple(austin) == pytest.approx((30.27, -97.74), abs=0.05)
        assert tuple(unplaced) == (None, None)
        assert queued == set(ids[:2])
    finally:
        engine.dispose()
