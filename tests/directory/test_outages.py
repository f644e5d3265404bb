"""A database or Redis that cannot be reached: 503 with Retry-After and a plain page,
one log line per outage, and forms that keep what the visitor typed."""

from __future__ import annotations

import logging
import re
import time
from contextlib import contextmanager

import pytest
import redis
from sqlalchemy import event

from directory import create_app, verification
from directory.extensions import db
from directory.models import Licence, Therapist, utcnow
from tests import services
from tests.account_fixtures import PASSWORD, page_text
from tests.conftest import make_config

UNAVAILABLE = "Solace is briefly unavailable; please try again in a minute"


@contextmanager
def database_unreachable(app):
    """Every new connection is refused, as by a stopped server, and the pool is emptied
    (a stopped server closes the connections it had)."""
    engine = db.engine
    dbapi = engine.dialect.dbapi

    def refuse(*_):
        raise dbapi.OperationalError("connection refused: the server is not running")

    db.session.remove()
    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)


def assert_unavailable(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    text = page_text(response)
    assert UNAVAILABLE in text
    assert "988" in text and "116 123" in text  # the crisis lines are still there
    assert "Traceback" not in text and "OperationalError" not in text


def outage_records(caplog):
    return [r for r in caplog.records if r.name == "directory.outages"]


def test_pages_answer_503_and_the_log_gets_one_line_per_outage(app, client, caplog):
    caplog.set_level(logging.INFO)
    assert client.get("/therapists/nobody").status_code == 404
    with database_unreachable(app):
        for path in ("/", "/search?q=grief", "/therapists/nobody", "/approaches"):
            assert_unavailable(client.get(path))
        # A page that needs no database still opens.
        assert client.get("/account/login").status_code == 200
    lines = outage_records(caplog)
    assert [r.levelname for r in lines] == ["ERROR"]
    assert "database unreachable" in lines[0].getMessage()
    assert not any(r.exc_info for r in caplog.records), "no traceback per request"
    # Back by itself: the next request is served, and the log says when.
    assert client.get("/approaches").status_code == 200
    assert "database reachable again" in outage_records(caplog)[-1].getMessage()


def test_a_logged_in_visitor_gets_the_plain_page_too(app, client, auth, make_user):
    user = make_user("client")
    auth.login(user.email)
    assert client.get("/account/").status_code == 200
    with database_unreachable(app):
        response = client.get("/account/")
    assert_unavailable(response)
    assert client.get("/account/").status_code == 200  # still logged in afterwards


def test_a_form_comes_back_with_what_was_typed_but_never_a_password(app, client, auth):
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/account/login").get_data(True)
    ).group(1)
    with database_unreachable(app):
        response = client.post(
            "/account/login",
            data={"email": "dana@example.org", "password": PASSWORD, "csrf_token": token},
        )
    assert_unavailable(response)
    html = response.get_data(as_text=True)
    assert 'name="email" value="dana@example.org"' in html
    assert PASSWORD not in html
    assert re.search(r'<input type="password"[^>]*name="password"', html)
    assert "type yours again" in page_text(response)


def test_a_therapists_unsaved_edit_can_be_sent_again(app, client, auth, make_user):
    user = make_user("therapist")
    auth.login(user.email)
    page = client.get("/manage/fees").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    typed = {"currency": "USD", "fee_min": "95", "fee_max": "140", "sliding_scale_min": ""}
    typed["csrf_token"] = token
    with database_unreachable(app):
        response = client.post("/manage/fees", data=typed)
    assert_unavailable(response)
    html = response.get_data(as_text=True)
    assert 'action="/manage/fees"' in html
    assert 'name="fee_min" value="95"' in html
    # Sent again once the database is back, it is saved.
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert client.post("/manage/fees", data=again).status_code in (302, 303)
    assert "95" in client.get("/manage/fees").get_data(as_text=True)


def test_a_database_server_that_refuses_connections(tmp_path):
    """A real PostgreSQL address with nothing listening (the driver's own error)."""
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{services.unused_port()}/nothing"
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    assert_unavailable(app.test_client().get("/approaches"))


# -- Redis -------------------------------------------------------------------------------------

QUICK = 1.5  # seconds: the timeouts (0.5 s) and a margin for a busy machine


def redis_app(tmp_path, url: str, **overrides):
    """An app whose rate limits and job queue use the Redis at `url`, limits on."""
    app = create_app(
        make_config(
            tmp_path,
            REDIS_URL=url,
            RATELIMIT_STORAGE_URI="memory://",
            RATELIMIT_ENABLED=True,
            RATELIMIT_KEY_PREFIX=f"outage-test-{tmp_path.name}",
            HUEY_NAME=f"outage-test-{tmp_path.name}",
            AUTH_RATE_LIMIT="3 per minute",
            **overrides,
        )
    )
    with app.app_context():
        db.create_all()
    return app


def timed(send):
    started = time.perf_counter()
    response = send()
    return response, time.perf_counter() - started


def log_in_attempts(client, n: int) -> list[str]:
    """Wrong-password attempts: "refused" (429) or "answered" (the form sent back)."""
    statuses = []
    for _ in range(n):
        token = re.search(
            r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/account/login").get_data(True)
        ).group(1)
        response, seconds = timed(
            lambda t=token: client.post(
                "/account/login",
                data={"email": "x@example.org", "password": "wrong", "csrf_token": t},
            )
        )
        assert seconds < QUICK, f"a login attempt waited {seconds:.1f} s for Redis"
        assert response.status_code in (400, 429)
        statuses.append("refused" if response.status_code == 429 else "answered")
    return statuses


def test_with_redis_unreachable_logins_are_still_limited_and_nothing_waits(tmp_path, caplog):
    app = redis_app(tmp_path, f"redis://127.0.0.1:{services.unused_port()}/0")
    client = app.test_client()
    # Counted in this process's memory: the fourth attempt in a minute is refused.
    assert log_in_attempts(client, 4) == ["answered"] * 3 + ["refused"]
    response, seconds = timed(lambda: client.get("/approaches"))
    assert response.status_code == 200 and seconds < QUICK


def test_with_redis_paused_pages_do_not_wait_and_jobs_stay_owed(tmp_path, make_therapist):
    with services.private_redis_server() as url:
        app = redis_app(tmp_path, url)
        client = app.test_client()
        assert log_in_attempts(client, 1) == ["answered"]  # counted in Redis
        # Paused for longer than the test takes (even CLIENT UNPAUSE waits for the end;
        # the server is stopped afterwards instead).
        redis.Redis.from_url(url).client_pause(10_000, all=True)
        # Counted in memory from here, still limited.
        attempts = log_in_attempts(client, 4)
        assert attempts[0] == "answered" and attempts[-1] == "refused"
        for path in ("/", "/search?q=grief", "/approaches"):
            response, seconds = timed(lambda p=path: client.get(p))
            assert response.status_code == 200 and seconds < QUICK, path
        with app.app_context():
            licence = Licence(
                therapist=Therapist(slug="t", first_name="T", last_name="P"),
                jurisdiction="US-TX",
                licence_type="LPC",
                number="1",
                queued_at=utcnow(),
            )
            db.session.add(licence)
            db.session.commit()
            started = time.perf_counter()
            verification.enqueue([licence.id])  # doesn't raise, doesn't wait long
            assert time.perf_counter() - started < QUICK
            assert db.session.get(Licence, licence.id).queued_at is not None
