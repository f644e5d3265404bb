"""The wheel is a whole installation: built with `python -m build`, installed into a fresh
virtual environment and run from outside the checkout, it migrates a database with
`flask db upgrade`, then serves the home page and the static files.

The fresh environment holds the wheel alone. It borrows the dependencies from this test run's
site-packages through a path file: a plain path entry, so that folder's own path files (the
editable install's finder, which points at the checkout) are never run.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# What a checkout may hold besides its sources.
NOT_SOURCE = (".git", ".venv", "*.egg-info", "build", "dist", "instance", "__pycache__", ".*_cache")

# Run inside the installed copy: what it imports from, and what it serves.
SERVE = """
import json
import directory

app = directory.create_app()
client = app.test_client()
home = client.get("/")
css = client.get("/static/css/site.css")
print(json.dumps({
    "package": directory.__file__,
    "instance": app.instance_path,
    "home_status": home.status_code,
    "home": home.get_data(as_text=True),
    "css_status": css.status_code,
    "css": css.get_data(as_text=True),
}))
"""


def build_tools_missing() -> str | None:
    """Why this run cannot build the wheel offline, or None when it can."""
    try:
        import build  # noqa: F401
        import setuptools
    except ImportError:
        return "`build` is not installed: pip install -e '.[test]'"
    if int(setuptools.__version__.split(".")[0]) < 77:
        return (
            f"setuptools {setuptools.__version__} predates SPDX licences: pip install -e '.[test]'"
        )
    return None


def outside(home: Path, **variables: str) -> dict:
    """An environment with nothing from this run: its PYTHONPATH would put the checkout first
    (and with it any solace.egg-info there, which pip takes for the installed project), its
    FLASK_APP would name the checkout's app.py."""
    return {"PATH": os.environ["PATH"], "HOME": str(home), **variables}


def run(args: list, cwd: Path, env: dict | None = None) -> str:
    """Run a command to completion; its output, or a failure that shows what it said."""
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"{args} exited with {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def site_packages(python: Path) -> Path:
    """Where `python` installs packages."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(run([python, "-c", code], cwd=python.parent, env=outside(python.parent)).strip())


@pytest.fixture
def installed(tmp_path) -> Path:
    """A fresh virtual environment with the wheel installed; its folder."""
    if reason := build_tools_missing():
        if os.environ.get("CI"):  # `make test` installs them: in CI their absence is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    work = tmp_path / "wheel"
    # Built from a copy without the checkout's leftovers: setuptools reads the file list of
    # an old solace.egg-info back in, which would ship files the configuration has dropped.
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    dist = work / "dist"
    # An sdist first, then the wheel from it: the sdist must hold everything the wheel needs.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source], cwd=source)
    (wheel,) = dist.glob("*.whl")

    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work)
    python = venv / "bin" / "python"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        cwd=work,
        env=outside(work),
    )
    dependencies = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (site_packages(python) / "dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    return venv


def test_the_installed_wheel_migrates_and_serves(installed, tmp_path):
    python = installed / "bin" / "python"
    database = tmp_path / "site.sqlite"
    # Only what an operator would set.
    env = outside(tmp_path, DATABASE_URL=f"sqlite:///{database}")

    run([python, "-m", "flask", "--app", "directory", "db", "upgrade"], cwd=tmp_path, env=env)
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"alembic_version", "therapist"} <= tables

    served = json.loads(run([python, "-c", SERVE], cwd=tmp_path, env=env))
    assert Path(served["package"]).is_relative_to(site_packages(python))
    # The instance folder (secret key, job queue, search index) lies under the environment's
    # prefix, not in site-packages and not in the checkout.
    assert Path(served["instance"]) == installed / "var" / "directory-instance"
    assert (Path(served["instance"]) / "secret_key").is_file()
    assert served["home_status"] == 200
    assert "Solace" in served["home"]
    assert served["css_status"] == 200
    assert served["css"] == (ROOT / "static" / "css" / "site.css").read_text()
