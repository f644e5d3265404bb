"""No log holds a password-reset token: a whole reset flow, from asking for the link to
logging in with the new password, through the development server (`make run`) and
through gunicorn with gunicorn.conf.py's access log, as a browser running site.js
makes it (the token after `#` stays in the browser, the page posts it)."""

from __future__ import annotations

import email
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.serving import make_server

from directory import accounts, create_app
from directory.extensions import db
from directory.models import utcnow
from tests.conftest import make_config
from tests.services import unused_port

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NEW_PASSWORD = "a brand new passphrase"  # noqa: S105


def reset_flow(base: str, outbox: Path) -> str:
    """Ask for a reset link, open it, set a password, log in; returns the token used."""
    browser = requests.Session()

    def form_post(path: str, data: dict) -> requests.Response:
        page = browser.get(base + path, timeout=10)
        token = _CSRF.search(page.text).group(1)
        return browser.post(base + path, data={**data, "csrf_token": token}, timeout=10)

    assert form_post("/account/forgot", {"email": "kim@example.org"}).ok
    (mail,) = outbox.glob("*.eml")
    body = email.message_from_bytes(mail.read_bytes()).get_payload(decode=True).decode()
    link = urlsplit(re.search(r"https?://\S+", body).group(0))
    token = link.fragment
    assert len(token) > 40
    # The browser requests the page without the fragment; site.js posts the token.
    opened = form_post(link.path, {"link": token})
    assert opened.url == base + "/account/new-password"
    assert "Choose a new password" in opened.text
    done = form_post("/account/new-password", {"password": NEW_PASSWORD})
    assert done.url == base + "/account/login"
    logged_in = form_post("/account/login", {"email": "kim@example.org", "password": NEW_PASSWORD})
    assert logged_in.url == base + "/account/"
    return token


@pytest.fixture
def instance(tmp_path):
    """A database with Kim's account; the configuration both servers use."""
    port = unused_port()
    config = make_config(
        tmp_path,
        SITE_URL=f"http://127.0.0.1:{port}",
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        WTF_CSRF_ENABLED=True,
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        user = accounts.create_user("kim@example.org", "the old passphrase")
        user.email_confirmed_at = utcnow()
        db.session.commit()
        db.session.remove()
    return app, config, port


class Captured(logging.Handler):
    """Every log record, formatted as its handler would print the message."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_the_development_server_log_holds_no_token(instance):
    app, config, port = instance
    captured = Captured()
    root = logging.getLogger()
    werkzeug_log = logging.getLogger("werkzeug")
    old_levels = root.level, werkzeug_log.level
    root.addHandler(captured)
    root.setLevel(logging.DEBUG)
    werkzeug_log.setLevel(logging.INFO)
    # What `flask run` serves with: werkzeug's server and its request handler.
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        token = reset_flow(f"http://127.0.0.1:{port}", Path(config["MAIL_OUTBOX_DIR"]))
    finally:
        server.shutdown()
        root.removeHandler(captured)
        root.setLevel(old_levels[0])
        werkzeug_log.setLevel(old_levels[1])
    requests_logged = [line for line in captured.lines if '"POST /account/' in line]
    assert len(requests_logged) >= 4, captured.lines  # the log did record the flow
    assert not [line for line in captured.lines if token in line]


def test_the_gunicorn_access_log_holds_no_token(instance, tmp_path):
    app, config, port = instance
    access_log = tmp_path / "access.log"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": config["SECRET_KEY"] * 4,
        "SOLACE_SITE_URL": config["SITE_URL"],
        "SOLACE_MAIL_OUTBOX_DIR": config["MAIL_OUTBOX_DIR"],
        "SOLACE_SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"],
        "SOLACE_PASSWORD_HASH_METHOD": config["PASSWORD_HASH_METHOD"],
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(access_log),
    }
    for name in ("REDIS_URL", "FLASK_DEBUG", "SOLACE_REDIS_URL"):
        env.pop(name, None)
    if config.get("REDIS_URL"):
        env["REDIS_URL"] = config["REDIS_URL"]
        env["SOLACE_RATELIMIT_KEY_PREFIX"] = config["RATELIMIT_KEY_PREFIX"]
        env["SOLACE_HUEY_NAME"] = config["HUEY_NAME"]
    error_log = tmp_path / "error.log"
    with error_log.open("w") as out:
        web = subprocess.Popen(
            ["gunicorn", "-c", "gunicorn.conf.py", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/account/login", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, error_log.read_text()[-2000:]
            time.sleep(0.2)
        token = reset_flow(base, Path(config["MAIL_OUTBOX_DIR"]))
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=60)
    lines = access_log.read_text().splitlines() + error_log.read_text().splitlines()
    assert len([line for line in lines if '"POST /account/' in line]) >= 4, lines
    assert not [line for line in lines if token in line]
