"""Who is logged in, and what they may open: Flask-Login's set-up and `role_required`.

A session stores the user's id and session version (`User.get_id()`); the loader
refuses a session whose version is no longer the account's, so logging out, changing
the password or disabling the account ends every copy of the old cookie.

A login also ends by itself: after SESSION_IDLE_TIMEOUT without a request, and
SESSION_MAX_AGE after it began (ADMIN_SESSION_* for admins), however the cookie was
kept or copied. The session holds when it began and when it was last used, signed
with the rest of the cookie.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, g, session
from flask_login import LoginManager, current_user, logout_user, user_logged_in

from .extensions import db
from .models import Role, User

login_manager = LoginManager()
login_manager.login_view = "account.login"
login_manager.login_message = "Please log in to open that page."
login_manager.login_message_category = "info"

_SESSION_TOKEN = re.compile(r"(\d{1,18}):(\d{1,9})", re.ASCII)

__all__ = ["Role", "init_app", "login_clock", "login_manager", "role_required", "safe_next"]


def init_app(app: Flask) -> None:
    """Bind Flask-Login. "Remember me" cookies are never issued (see account.login)."""
    login_manager.init_app(app)
    app.before_request(_forget_loaded_user)
    app.before_request(_end_expired_login)
    user_logged_in.connect(_start_login_clock, app)


def _forget_loaded_user() -> None:
    # Flask-Login caches the user, and Flask-WTF the CSRF token, in `g`, which lives as
    # long as the app context. A request pushed inside an existing app context (as in
    # tests) would otherwise see the previous request's user and token.
    g.pop("_login_user", None)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


# Session keys: when this login began, when it was last used, and whether it is an
# admin's (which decides its limits; a change of role ends the session anyway).
LOGIN_STARTED = "login_started"
LOGIN_SEEN = "login_seen"
LOGIN_ADMIN = "login_admin"


def _now() -> float:
    return time.time()


def login_clock(user: User) -> dict:
    """What a new login of `user` adds to its session: when it began and was last used."""
    now = _now()
    return {LOGIN_STARTED: now, LOGIN_SEEN: now, LOGIN_ADMIN: user.role == Role.ADMIN}


def _start_login_clock(app: Flask, user: User, **extra) -> None:
    session.update(login_clock(user))


def session_limits(admin: bool) -> tuple[int, int]:
    """(idle timeout, absolute lifetime) in seconds for an admin's or anyone else's login."""
    config = current_app.config
    if admin:
        return config["ADMIN_SESSION_IDLE_TIMEOUT"], config["ADMIN_SESSION_MAX_AGE"]
    return config["SESSION_IDLE_TIMEOUT"], config["SESSION_MAX_AGE"]


def _end_expired_login() -> None:
    if "_user_id" not in session:
        return
    now = _now()
    started, seen = session.get(LOGIN_STARTED), session.get(LOGIN_SEEN)
    idle, max_age = session_limits(session.get(LOGIN_ADMIN) is not False)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        reason = "Please log in again."  # a session from before these limits
    elif now - seen > idle:
        reason = f"You were logged out after {_duration(idle)} without activity."
    elif now - started > max_age:
        reason = f"You were logged out {_duration(max_age)} after logging in."
    else:
        # Written at most every minute (or tenth of the idle time): the cookie is
        # re-sent then, not on every request.
        if now - seen >= min(60, idle / 10):
            session[LOGIN_SEEN] = now
        return
    logout_user()
    session.clear()
    flash(f"{reason} Log in again to go on.", "info")


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "an hour" if hours == 1 else f"{hours} hours"
    minutes = max(seconds // 60, 1)
    return "a minute" if minutes == 1 else f"{minutes} minutes"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The account a session belongs to, or None when the session has been ended."""
    match = _SESSION_TOKEN.fullmatch(token or "")
    if match is None:
        return None
    user = db.session.get(User, int(match.group(1)))
    if user is None or not user.is_active or user.session_version != int(match.group(2)):
        return None
    return user


def role_required(*roles: str) -> Callable:
    """Let only logged-in users with one of `roles` in: others get a login page or 403."""
    allowed = {str(role) for role in roles}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None.

    Refuses absolute URLs, scheme-relative `//host`, backslashes (browsers read `/\\host`
    as `//host`) and any whitespace or control character (browsers drop tabs and
    newlines, so `/\\t/host` becomes `//host`).
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
