"""The production shape, for real: gunicorn serving `app:app` from several processes and
`flask worker` keeping the search index current, configured only by the environment
(docs/operations.md), then stopped by SIGTERM as a process manager would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from directory import create_app
from directory.extensions import db
from directory.models import ProfileStatus, Therapist
from directory.search import backend
from directory.vocabulary import load_vocabularies
from tests.conftest import make_config
from tests.services import child_pids, unused_port

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = check()
        except requests.RequestException:
            value = None
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds} s")


def publish(slug: str, bio: str) -> None:
    db.session.add(
        Therapist(
            slug=slug,
            first_name="Ana",
            last_name=slug.title(),
            status=ProfileStatus.PUBLISHED,
            region="US-TX",
            city="Austin",
            bio=bio,
            verification_state="verified",  # search lists verified profiles
            verified_places=["US-TX"],
        )
    )
    db.session.commit()


@pytest.fixture
def site(tmp_path, shared_redis):
    """A database with one published profile and an index; the environment to serve it."""
    config = make_config(tmp_path, **shared_redis)
    app = create_app(config)
    with app.app_context():
        db.create_all()
        load_vocabularies(db.session)
        publish("quokka", "Calm work with worry and sleep.")
        backend().rebuild(db.session)
        db.session.remove()
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "FLASK_APP": "app.py",
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": config["REDIS_URL"],
        "SOLACE_HUEY_NAME": config["HUEY_NAME"],
        "SOLACE_RATELIMIT_KEY_PREFIX": config["RATELIMIT_KEY_PREFIX"],
        "SECRET_KEY": "s" * 64,
        "SOLACE_SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"],
        "SOLACE_SEARCH_WORKER_POLL_SECONDS": "0.2",
        "BIND": f"127.0.0.1:{unused_port()}",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("FLASK_DEBUG", None)
    with app.app_context():
        yield app, env


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:  # the child keeps its own copy of the file
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def test_gunicorn_and_the_worker_serve_and_index_then_stop_cleanly(site, tmp_path):
    app, env = site
    base = f"http://{env['BIND']}"
    web = start(["gunicorn", "-c", "gunicorn.conf.py", "app:app"], env, tmp_path / "web.log")
    worker = start(["flask", "worker"], env, tmp_path / "worker.log")
    try:
        wait_for(lambda: requests.get(base + "/", timeout=2).ok, 60, "gunicorn did not answer")
        assert len(child_pids(web.pid)) == 2  # WEB_CONCURRENCY web processes

        found = requests.get(base + "/search", params={"q": "quokka"}, timeout=10)
        assert found.status_code == 200 and "/therapists/quokka" in found.text

        # A profile published now reaches every web process's search through the worker.
        publish("wombat", "Grief and loss.")
        wait_for(
            lambda: all(
                "/therapists/wombat" in requests.get(base + "/search?q=wombat", timeout=5).text
                for _ in range(4)
            ),
            30,
            "the new profile was not searchable",
        )
        # The access log keeps no search text (privacy: DESIGN.md).
        assert "wombat" not in (tmp_path / "web.log").read_text()
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
        web_code, worker_code = web.wait(timeout=60), worker.wait(timeout=60)
    assert web_code == 0, (tmp_path / "web.log").read_text()[-2000:]
    assert worker_code == 0, (tmp_path / "worker.log").read_text()[-2000:]
    assert "Worker stopped." in (tmp_path / "worker.log").read_text()
