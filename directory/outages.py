"""When the database or Redis cannot be reached: a plain 503 page, and one log line.

While a service the request needs is away (stopped, restarting, failing over), every
request that needs it answers 503 with `Retry-After` and a page that says Solace is
briefly unavailable, with the crisis numbers every page carries (base.html). A form that
could not be saved comes back on that page with what the visitor typed, ready to send
again; passwords are never written into a page, so those are asked for afresh.

The log gets one line when a service is first found away, and one when it answers again,
per process: not a traceback per request.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import redis.exceptions
from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf import FlaskForm
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from wtforms import PasswordField

from .extensions import db

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# A failure this long after the last one starts a new outage in the log.
QUIET_SECONDS = 60

# What the driver raises when the server is away or overloaded (refused, reset, timed out,
# no connection free in the pool): worth a retry in a minute. Other database errors are
# bugs, and stay 500s with their traceback.
DATABASE_UNREACHABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)
REDIS_UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# SQLite says "no such table" with an OperationalError: a missed migration, not an outage.
_SCHEMA_PROBLEMS = ("no such table", "no such column", "has no column")


class OutageLog:
    """Per process: when each service was last found away, to log an outage once."""

    def __init__(self):
        self._lock = threading.Lock()
        self._first: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def failed(self, service: str, error: BaseException, meanwhile: str = "answering 503") -> None:
        """Note a failure; log it, and what happens `meanwhile`, when it begins an outage."""
        now = time.monotonic()
        with self._lock:
            began = now - self._last.get(service, float("-inf")) > QUIET_SECONDS
            if began:
                self._first[service] = now
            self._last[service] = now
        if began:
            log.error(
                "%s unreachable (%s); %s until it is back", service, _summary(error), meanwhile
            )

    def answered(self, service: str) -> None:
        """Note that the service answered; log the end of an outage, if one was going on."""
        with self._lock:
            first = self._first.pop(service, None)
            self._last.pop(service, None)
        if first is not None:
            log.warning("%s reachable again after %.1f s", service, time.monotonic() - first)


def init_app(app: Flask) -> None:
    """Answer unreachable-service errors with the 503 page; watch the database reconnect."""
    outages = app.extensions["outages"] = OutageLog()
    for error in DATABASE_UNREACHABLE:
        app.register_error_handler(error, _database_unreachable)
    for error in REDIS_UNREACHABLE:
        app.register_error_handler(error, _redis_unreachable)
    with app.app_context():
        # A new connection made is the database answering again (after an outage the
        # pool's old connections are gone, so the first success is always a new one).
        event.listen(db.engine, "connect", lambda *_: outages.answered("database"))


def _database_unreachable(error: Exception):
    if isinstance(error, sa_exc.OperationalError) and any(
        words in str(error.orig) for words in _SCHEMA_PROBLEMS
    ):
        raise error
    # The connection may be gone already, and then there is nothing to undo.
    with contextlib.suppress(Exception):
        db.session.rollback()
    return unavailable("database", error)


def _redis_unreachable(error: Exception):
    return unavailable("Redis", error)


def unavailable(service: str, error: BaseException):
    """The 503 page, and a log line if this failure begins an outage."""
    from flask import current_app

    current_app.extensions["outages"].failed(service, error)
    # The page must not ask the database who is logged in: it may be the one away.
    g._login_user = AnonymousUserMixin()
    typed, secrets = _typed_fields() if request.method == "POST" else ([], [])
    body = render_template(
        "errors/unavailable.html", typed=typed, secrets=secrets, action=request.path
    )
    return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}


def _typed_fields() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What the visitor sent, to send again: (name, value) pairs, and (name, label) of the
    password fields, which are left out and asked for again."""
    secret = password_fields()
    typed = [(k, v) for k, v in request.form.items(multi=True) if k not in secret]
    return typed, [(name, secret[name]) for name in request.form if name in secret]


def password_fields() -> dict[str, str]:
    """Name -> label of every PasswordField on the site's forms."""
    fields: dict[str, str] = {}
    forms = [FlaskForm]
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        for name in dir(form):
            field = getattr(form, name, None)
            if getattr(field, "field_class", None) is PasswordField:
                label = field.args[0] if field.args else field.kwargs.get("label")
                fields[name] = str(label or "Password")
    return fields


def _summary(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:200]
