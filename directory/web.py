"""What every page shares: security headers, error pages, template helpers."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime

from flask import Flask, abort, current_app, g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from . import geography
from .geography import jurisdiction_name, region_name
from .vocabulary_names import LANGUAGE_NAMES, language_name

# No inline scripts or styles, nothing from another host (privacy: docs/design.md).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


# Pages that show or change one person's data: never stored by a browser or proxy cache.
PRIVATE_BLUEPRINTS = {"account", "manage", "admin", "moderation"}


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over HTTPS.

    SESSION_COOKIE_SECURE = True marks it Secure always (set it in production when TLS
    ends at a proxy that doesn't send X-Forwarded-Proto, see PROXY_FIX_X_PROTO).
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


# The largest id an INTEGER column holds on SQLite and PostgreSQL alike. A larger number
# in a path can name nothing, and would overflow the database driver: it is a 404.
LARGEST_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that matches only numbers an id column can hold (0 to LARGEST_ID,
    unless the rule says otherwise)."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Register headers, error handlers and template helpers on the app."""
    app.session_interface = SessionCookies()
    refuse_crafted_requests(app)
    keep_development_log_private()
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.jinja_env.filters.update(
        region_name=region_name,
        jurisdiction_name=jurisdiction_name,
        language_name=language_name,
        money=money,
        nice_date=nice_date,
        paragraphs=paragraphs,
        counted=counted,
    )
    app.jinja_env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES)


class PrivateRequestLog(logging.Filter):
    """The development server's request log (`flask run`, `make run`) in the shape of
    gunicorn's (gunicorn.conf.py): no client address, no query string. What someone
    searched for is nobody's business, our logs included (docs/design.md)."""

    ADDRESS = re.compile(r"^\S+ - - (?=\[)")
    QUERY = re.compile(r"\?[^ \x1b\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and self.ADDRESS.match(record.msg):
            record.msg = self.ADDRESS.sub("", record.msg)
            record.args = tuple(
                self.QUERY.sub("", arg) if isinstance(arg, str) else arg
                for arg in (record.args or ())
            )
        return True


def keep_development_log_private() -> None:
    """Put PrivateRequestLog on werkzeug's logger, once per process."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, PrivateRequestLog) for f in logger.filters):
        logger.addFilter(PrivateRequestLog())


def refuse_crafted_requests(app: Flask) -> None:
    """Answer requests no page of ours sends with a 400 or 404, before any view reads them.

    Ids in paths are bounded (BoundedIntegerConverter; call this before blueprints are
    registered). No form takes a file: a field sent as a file part is refused, rather
    than handed to form code that expects text. NUL never occurs in text a person types,
    and PostgreSQL can neither store nor compare it: a query string loses it, and the
    forms' own checks refuse it at the field (tests/test_hostile_requests.py walks both).
    """
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_refuse_crafted_input)


def takes_files(view):
    """Mark a view whose form takes a file (the photo upload); every other refuses them."""
    view.takes_files = True
    return view


def _takes_files() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "takes_files", False))


def _refuse_crafted_input():
    if "\x00" in request.path:
        abort(404)
    if request.method == "POST" and request.files and not _takes_files():
        abort(400, "This form doesn't take files. Go back, reload the page and try again.")
    # A search or a link with a NUL in it is answered without it, as if never typed.
    if any("\x00" in name or "\x00" in value for name, value in request.args.items(multi=True)):
        request.args = ImmutableMultiDict(
            (name.replace("\x00", ""), value.replace("\x00", ""))
            for name, value in request.args.items(multi=True)
        )


# What a web process serves once, to itself, before it takes visitors (gunicorn.conf.py):
# the templates compile, the search index opens and warms, the vocabularies, the place
# tables (geography.warm) and a database connection are ready. Otherwise the first
# visitors each new process meets, after a deploy, a restart or a crash, wait for all
# of that.
WARM_UP_PATHS = ("/", "/search", "/search?q=anxiety")


def warm_up(app: Flask) -> None:
    """Serve WARM_UP_PATHS inside this process; a failure is logged, never raised, so a
    process whose database or index is briefly away still starts."""
    geography.warm()
    client = app.test_client()
    for path in WARM_UP_PATHS:
        try:
            status = client.get(path).status_code
        except Exception:  # noqa: BLE001 - warming up must never stop a process starting
            app.logger.exception("warm-up request %s failed", path)
            continue
        if status >= 500:
            app.logger.warning("warm-up request %s answered %s", path, status)


def strict_transport_security() -> str:
    """The Strict-Transport-Security value the HSTS_* settings ask for.

    Sent only on responses to HTTPS requests (request.is_secure: directly, or through a
    proxy trusted by PROXY_FIX_X_PROTO): browsers ignore it over plain HTTP, and a
    development server on http://localhost must not pin itself to HTTPS.
    """
    config = current_app.config
    value = f"max-age={int(config['HSTS_MAX_AGE'])}"
    if config["HSTS_INCLUDE_SUBDOMAINS"]:
        value += "; includeSubDomains"
    if config["HSTS_PRELOAD"]:
        value += "; preload"
    return value


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    if request.is_secure and current_app.config["HSTS_MAX_AGE"]:
        response.headers.setdefault("Strict-Transport-Security", strict_transport_security())
    user = g.get("_login_user")  # set by Flask-Login once anything asked who is logged in
    if request.blueprint in PRIVATE_BLUEPRINTS or (user is not None and user.is_authenticated):
        response.headers["Cache-Control"] = "no-store"
    return response


def _csrf_error(error: CSRFError):
    error.description = (
        "This form was open too long, or in another window where you logged in or out. "
        "Go back, reload the page and try again."
    )
    return _http_error(error)


def _http_error(error: HTTPException):
    if error.code and error.code < 400:
        return error
    return (
        render_template("errors/error.html", error=error, path=request.path),
        error.code or 500,
    )


def _unexpected_error(error: Exception):
    # Logged with its traceback; the visitor sees a plain page, never the stack trace.
    current_app.logger.exception("unhandled error on %s", request.path)
    return render_template("errors/error.html", error=None, path=request.path), 500


def money(amount: int | None, currency: str = "USD") -> str:
    """`120, "USD"` -> `$120`."""
    if amount is None:
        return ""
    symbol = {"USD": "$", "GBP": "£", "EUR": "€"}.get(currency, currency + " ")
    return f"{symbol}{amount:,}"


def counted(number: int, noun: str, plural: str = "") -> str:
    """A count with its noun, singular for one: "1 day", "3 days", "1 search"."""
    if number == 1:
        return f"1 {noun}"
    return f"{number:,} {plural or noun + ('es' if noun.endswith(('s', 'sh', 'ch')) else 's')}"


def nice_date(value: datetime | date | None) -> str:
    """`2026-03-05` -> `5 March 2026`."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value.day} {value:%B %Y}"


def paragraphs(text: str) -> Markup:
    """Plain text with blank lines -> escaped <p> paragraphs (user text stays inert)."""
    parts = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(part) for part in parts)
