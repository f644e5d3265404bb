"""docs/writing-a-verifier.md, followed literally: its example distribution is
written out, installed with pip (offline), and the application picks the verifier up
by what it is: listed, refreshable as file-backed, answering from its file."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from directory import verification
from tests.verifiers.registry_fixtures import query
from verifiers import Status, available_verifiers, is_file_backed, reload_plugins

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "writing-a-verifier.md"
REGISTER = "NUMBER,NAME,STATUS\nZ-100,Ana Lopez,ACTIVE\nZ-200,Ben Okafor,LAPSED\n"


def guide_files() -> dict[str, str]:
    """The files the guide's example is made of, by name, as the guide shows them."""
    blocks = re.findall(r"<!-- file: (\S+) -->\n```\w+\n(.*?)\n```", GUIDE.read_text(), re.S)
    return {name: text + "\n" for name, text in blocks}


def build_wheel(source: Path, folder: Path) -> Path:
    """A wheel of the distribution in `source`, as its pyproject.toml describes it.

    pip would build it with setuptools, but the setuptools of this environment
    needs the `wheel` package for that, which is not installed, and the test must
    run offline; so the wheel is put together here, and pip installs it as usual.
    """
    project = tomllib.loads((source / "pyproject.toml").read_text())
    name, version = project["project"]["name"], project["project"]["version"]
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    entry_points = "".join(
        f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in entries.items())
        for group, entries in project["project"]["entry-points"].items()
    )
    files = {
        f"{module}.py": (source / f"{module}.py").read_bytes()
        for module in project["tool"]["setuptools"]["py-modules"]
    }
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    )
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = entry_points.encode()
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in files.items()] + [
        f"{info}/RECORD,,"
    ]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The guide's distribution, installed by pip into a folder put on sys.path."""
    source = tmp_path / "solace-example-board"
    source.mkdir()
    for name, text in guide_files().items():
        (source / name).write_text(text)
    wheel = build_wheel(source, tmp_path)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    monkeypatch.syspath_prepend(str(target))  # also clears importlib's caches
    reload_plugins()
    yield target
    sys.modules.pop("solace_example_board", None)
    reload_plugins()


def test_the_guide_shows_both_files_of_its_example():
    assert set(guide_files()) == {"pyproject.toml", "solace_example_board.py"}


def test_the_application_takes_up_the_guide_s_verifier_by_capability(
    installed, app, runner, registry
):
    info = available_verifiers()["example-board"]
    assert info.source == "solace-example-board" and info.file_backed
    registry.expect_request("/register.csv").respond_with_data(REGISTER, content_type="text/csv")
    app.config["VERIFIER_BASE_URLS"] = {"example-board": registry.url_for("/register.csv")}

    listing = runner.invoke(args=["verifiers", "list"])
    assert re.search(r"^example-board .*solace-example-board +configured$", listing.output, re.M)
    refreshed = runner.invoke(args=["verifiers", "refresh", "example-board"])
    assert refreshed.exit_code == 0, refreshed.output
    assert "example-board: registry file refreshed." in refreshed.output

    verifier = verification.configured_verifiers()["example-board"]
    assert is_file_backed(verifier)
    copy = verification.registry_dir("example-board") / "example-board" / "register.csv"
    assert copy.read_text() == REGISTER  # kept where the application keeps registry files
    claim = query(jurisdiction="ZZ", number="Z-100", first_name="Ana", last_name="Lopez")
    assert verifier.verify(claim).status is Status.VERIFIED
    assert verifier.verify(query(jurisdiction="ZZ", number="Z-200", first_name="Ben",
                                 last_name="Okafor")).status is Status.INACTIVE  # fmt: skip
    assert verifier.verify(query(jurisdiction="ZZ", number="Z-999")).status is Status.NOT_FOUND
    assert len(registry.log) == 1  # answered from the file, not by asking again
