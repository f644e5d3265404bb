"""The migrations build the schema the models describe, on SQLite and on PostgreSQL.

Runs `flask db ...` in a subprocess, as an operator does, against a fresh database:
SQLite always, and the PostgreSQL schema of this test when PostgreSQL is selected.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect

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
