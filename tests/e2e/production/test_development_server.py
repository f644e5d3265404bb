"""`make run`'s server (Procfile.dev's `flask run`) logs requests as gunicorn does: no
client address and no query string, so no search ever reaches a log."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests import services

ROOT = Path(__file__).resolve().parents[3]
SEARCH = "panic attacks after my divorce"


def procfile_command(name: str) -> list[str]:
    """The Procfile.dev line, run by a shell as honcho runs it (it expands ${RUN_PORT...})."""
    for line in (ROOT / "Procfile.dev").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return ["bash", "-c", "exec " + line.split(":", 1)[1].strip()]
    raise AssertionError(f"no {name} line in Procfile.dev")


def test_the_development_server_logs_neither_addresses_nor_queries(tmp_path):
    port = services.unused_port()
    command = procfile_command("web")
    env = {
        **os.environ,
        "RUN_HOST": "127.0.0.1",
        "RUN_PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "FLASK_APP": "app.py",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": secrets.token_hex(16),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'solace.sqlite'}",
        "SOLACE_SEARCH_INDEX_DIR": str(tmp_path / "search"),
    }
    env.pop("FLASK_DEBUG", None)
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(base + "/account/login", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        for path in ("/account/login", "/about", "/no-such-page"):
            response = requests.get(base + path, params={"q": SEARCH, "near": "SW1A 1AA"})
            assert response.status_code in (200, 404)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text())  # the colours of 4xx lines
    assert '"GET /account/login HTTP/1.1" 200' in text, text  # requests are still logged
    assert '"GET /no-such-page HTTP/1.1" 404' in text, text
    assert "127.0.0.1 - -" not in text, text
    for secret in ("panic", "divorce", "SW1A", "near=", "q="):
        assert secret not in text, f"{secret!r} is in the development server's log:\n{text}"
