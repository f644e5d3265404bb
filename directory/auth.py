"""Who is logged in, and what they may open: Flask-Login's set-up and `role_required`.

A session stores the user's id and session version (`User.get_id()`); the loader
refuses a session whose version is no longer the account's, so logging out, changing
the password or disabling the account ends every copy of the old cookie.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g
from flask_login import LoginManager, current_user

from .extensions import db
from .models import Role, User

login_manager = LoginManager()
login_manager.login_view = "account.login"
login_manager.login_message = "Please log in to open that page."
login_manager.login_message_category = "info"

_SESSION_TOKEN = re.compile(r"(\d{1,18}):(\d{1,9})", re.ASCII)

__all__ = ["Role", "init_app", "login_manager", "role_required", "safe_next"]


def init_app(app: Flask) -> None:
    """Bind Flask-Login. "Remember me" cookies are never issued (see account.login)."""
    login_manager.init_app(app)
    app.before_request(_forget_loaded_user)


def _forget_loaded_user() -> None:
    # Flask-Login caches the user, and Flask-WTF the CSRF token, in `g`, which lives as
    # long as the app context. A request pushed inside an existing app context (as in
    # tests) would otherwise see the previous request's user and token.
    g.pop("_login_user", None)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


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
