"""Configuration: defaults in code, then `instance/config.py`, then the environment.

Every setting an operator may change is listed here with its default. Environment
variables use the setting's name with a `SOLACE_` prefix (`SOLACE_SEARCH_INDEX_DIR`),
except the conventional `DATABASE_URL`, `REDIS_URL` and `SECRET_KEY`. A prefixed value
is read as JSON when it parses (`SOLACE_VERIFIERS_ALLOW='["tx-bhec"]'`, `..._X_FOR=1`).
docs/operations.md lists what a production operator sets.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class Defaults:
    """Settings that hold when nothing overrides them: a single-machine setup."""

    # Secrets: a random key per instance, kept in instance/secret_key (see load_secret_key).
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # SQLite under instance/ unless DATABASE_URL
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Seconds to wait for a database server to accept a connection: when it is away, pages
    # answer 503 after this long rather than hanging (directory/outages.py).
    DATABASE_CONNECT_TIMEOUT = 3
    REDIS_URL: str | None = None
    # Seconds every Redis client (rate limits, job queue) waits to connect and for an
    # answer, with no retry: a stalled Redis must not stall pages (docs/operations.md).
    REDIS_CONNECT_TIMEOUT = 0.5
    REDIS_SOCKET_TIMEOUT = 0.5

    # Search: which backend answers ("whoosh": an index in files on this host; "postgres":
    # full-text search in the database, for several web hosts), where the Whoosh index
    # lives, and how many results a page shows.
    SEARCH_BACKEND = "whoosh"
    # A read replica for searches (postgres backend only): writes, the outbox and the
    # indexer stay on DATABASE_URL.
    DATABASE_READ_URL: str | None = None
    SEARCH_INDEX_DIR: str | None = None  # instance/search unless set
    SEARCH_PER_PAGE = 20
    SEARCH_MAX_PAGE = 500
    # mmap keeps queries fast but costs private memory per process; see docs/design.md.
    SEARCH_USE_MMAP = True
    SEARCH_OUTBOX_BATCH = 500
    # A change reaches search results within about the sum of these two: how often the
    # worker applies queued changes, and how long a web process keeps an index view
    # before looking for a newer one.
    SEARCH_WORKER_POLL_SECONDS = 1.0
    SEARCH_REFRESH_SECONDS = 1.0
    # Each process reads the approaches and specialties at most this often: they change
    # only with `flask seed-vocabulary`, and every page and search needs them.
    VOCABULARY_CACHE_SECONDS = 60

    # Forms and sessions.
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # False: Secure whenever the request came over HTTPS (directly or, with
    # PROXY_FIX_X_PROTO, through the proxy); True: always (web.SessionCookies).
    SESSION_COOKIE_SECURE = False
    # A login ends after this long without a request (idle) and this long after it began
    # (absolute), whatever the browser does with the cookie; admins' sooner. Seconds.
    SESSION_IDLE_TIMEOUT = 3600
    SESSION_MAX_AGE = 12 * 3600
    ADMIN_SESSION_IDLE_TIMEOUT = 15 * 60
    ADMIN_SESSION_MAX_AGE = 4 * 3600
    # Strict-Transport-Security on responses to HTTPS requests: browsers then refuse
    # plain HTTP to this host for HSTS_MAX_AGE seconds. 0 sends no header.
    HSTS_MAX_AGE = 365 * 24 * 3600
    HSTS_INCLUDE_SUBDOMAINS = False  # only when every subdomain serves HTTPS
    HSTS_PRELOAD = False  # only with HSTS_INCLUDE_SUBDOMAINS and a max-age of a year or more
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    # Rate limits (Flask-Limiter): memory by default, Redis when REDIS_URL is set. While
    # Redis can't be reached each process counts in its own memory: every limit stays on.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STORAGE_OPTIONS: dict = {}  # given Redis timeouts below, unless set
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # "10 per minute" means at most 10 in any 60 seconds. The default fixed window starts
    # afresh a minute after its first hit: one try, nine at 59 s and ten more at 61 s pass.
    RATELIMIT_STRATEGY = "moving-window"

    # Ratings: per account, submitting, editing and deleting ratings; per client address,
    # reports of ratings.
    RATING_RATE_LIMIT = "5 per minute; 30 per day"
    REPORT_RATE_LIMIT = "5 per minute; 20 per day"
    # A report of someone's personal details or a threat, from a confirmed account, hides
    # the rating at once; one account may do that this many times a day (later reports
    # wait for a moderator with the rating still shown, like every other report).
    RATING_REPORT_HIDES_PER_DAY = 3

    # Verification: which verifiers, where their registries are, how often to re-check.
    VERIFIERS_ALLOW: list[str] | None = None  # None: every installed verifier
    VERIFIER_BASE_URLS: dict = {}  # name -> registry address (mirrors, tests)
    VERIFIER_OPTIONS: dict = {}  # name -> options, e.g. {"ny-op": {"api_key": "..."}}
    VERIFIER_CONTACT_EMAIL = ""  # shown to registries in our User-Agent
    VERIFIER_SESSION_OPTIONS: dict = {}  # timeouts, retries: see verifiers.RegistrySession
    VERIFICATION_RECHECK_DAYS = 30
    # How long a registry's last "verified" stands while it cannot be asked (two re-checks).
    VERIFICATION_OUTAGE_GRACE_DAYS = 60
    VERIFICATION_EXPIRY_WARNING_DAYS = 30
    VERIFICATION_MAX_ATTEMPTS = 3  # registry errors in a row before a person looks

    # Public checks (/check): anyone may ask the registries about a therapist they found
    # online. Per client address, and for the whole site (every visitor together), how
    # often a check may be asked for; how many may wait for the worker at once, past
    # which the page asks people to try later rather than queue without bound; how long
    # an answer is reused for the same identifiers (rows are deleted after it); and how
    # long a check may wait before its page gives up on it.
    PUBLIC_CHECK_RATE_LIMIT = "10 per minute; 60 per day"
    PUBLIC_CHECK_GLOBAL_LIMIT = "600 per minute"
    PUBLIC_CHECK_MAX_WAITING = 200
    PUBLIC_CHECK_CACHE_SECONDS = 24 * 3600
    PUBLIC_CHECK_TIMEOUT_SECONDS = 300
    # How long browsers and proxies may keep a badge or a short-link page: a lapse found
    # by a re-check shows within this.
    BADGE_MAX_AGE_SECONDS = 300
    # Verified links: a therapist's website and social accounts, checked in the worker
    # for a link back to their profile, again after this many days; at most this many
    # links per profile.
    LINK_RECHECK_DAYS = 30
    MAX_PROFILE_LINKS = 10
    # Per account: links added or checked again, each of which sends the worker to
    # someone's site, so Solace cannot be used to hammer one.
    LINK_CHECK_RATE_LIMIT = "20 per hour; 60 per day"

    # Background jobs (Huey): SQLite under instance/ by default, Redis when REDIS_URL is set.
    HUEY_IMMEDIATE = False  # run jobs inline (tests only)
    HUEY_WORKERS = 2
    HUEY_NAME = "solace"  # the queue's key names: sites sharing one Redis need their own

    # Behind a reverse proxy: how many proxies set each X-Forwarded-* header (werkzeug's
    # ProxyFix). 0 trusts none. Rate limits count per client address, so behind a proxy
    # PROXY_FIX_X_FOR must be 1 or every visitor shares the proxy's address and its limit.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PORT = 0
    PROXY_FIX_X_PREFIX = 0

    # Accounts (accounts.py).
    # The address links in mail point to. Set it in production: links never use the
    # request's Host header, which an attacker controls.
    SITE_URL = "http://localhost:5000"
    # werkzeug's scrypt, n=32768 r=8 p=1; tests use a cheaper one.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hash method's name, not a password
    # Per client address, on log-in, sign-up, confirmation and password-reset requests.
    AUTH_RATE_LIMIT = "10 per minute; 50 per hour"
    CONFIRM_TOKEN_MAX_AGE = 3 * 24 * 3600  # seconds
    RESET_TOKEN_MAX_AGE = 3600  # seconds
    # Per recipient, whoever asks and from wherever: the account mails one address gets
    # (confirmation links, reset links, "you already have an account"). Empty: no limit.
    MAIL_RECIPIENT_LIMIT = "3 per hour; 10 per day"
    # Per account, from however many client addresses: wrong passwords (or an unknown
    # address) tried before log-in is refused for a while. Empty: no limit.
    # A reset link opened by the owner starts the count afresh.
    LOGIN_FAILURE_LIMIT = "10 per 15 minutes"

    # Outgoing mail (mail.py), with Flask-Mail's names so that they read familiar.
    MAIL_SERVER: str | None = None  # unset: write to the outbox folder instead of sending
    MAIL_PORT = 587
    MAIL_USE_TLS = True  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the first byte (usually port 465)
    MAIL_USERNAME: str | None = None  # unset: no login
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Solace <no-reply@localhost>"
    MAIL_TIMEOUT = 10  # seconds
    MAIL_OUTBOX_DIR: str | None = None  # instance/outbox unless set

    # Therapists' photos (photos.py): the largest upload, in bytes, and the largest image,
    # in pixels and on its longest side. Bigger images are refused before any pixel is
    # decoded (decompression bombs); uploads per account are rate-limited.
    PHOTO_MAX_BYTES = 5 * 1024 * 1024
    PHOTO_MAX_PIXELS = 40_000_000
    PHOTO_MAX_SIDE = 10_000
    PHOTO_UPLOAD_RATE_LIMIT = "10 per minute; 50 per day"

    # The shortlist a visitor keeps in a signed cookie (views/shortlist.py): how many
    # profiles it holds at most, and for how many days the browser keeps it.
    SHORTLIST_MAX = 30
    SHORTLIST_DAYS = 90

    # Seed data.
    DEMO_SEED = 20261126


ENV_PREFIX = "SOLACE_"


def load_config(app, test_config: dict | None) -> None:
    """Fill `app.config` from defaults, the instance folder and the environment, in order."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env(ENV_PREFIX.rstrip("_"))
        for name in ("SECRET_KEY", "REDIS_URL"):
            if os.environ.get(name):
                app.config[name] = os.environ[name]
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
                os.environ["DATABASE_URL"]
            )
        if os.environ.get("DATABASE_READ_URL"):
            app.config["DATABASE_READ_URL"] = os.environ["DATABASE_READ_URL"]
    else:
        app.config.update(test_config)
    if app.config["DATABASE_READ_URL"]:
        app.config["DATABASE_READ_URL"] = normalise_database_url(app.config["DATABASE_READ_URL"])

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'solace.sqlite'}"
    if not app.config["SEARCH_INDEX_DIR"]:
        app.config["SEARCH_INDEX_DIR"] = str(instance / "search")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = load_secret_key(instance)
    if app.config["REDIS_URL"] and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {
            **redis_client_options(app.config),
            **app.config["RATELIMIT_STORAGE_OPTIONS"],
        }
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Several processes (web, worker) share the file: wait for locks, don't fail.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"timeout": 30},
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    else:
        # A server database: drop connections the server (or a restart) closed, before use.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"]},
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    trust_proxies(app)
    # `flask ...` commands replace DEBUG with FLASK_DEBUG once the app is built; keep
    # what the configuration says, which is what gunicorn's processes run with.
    app.extensions["configured_debug"] = bool(app.config.get("DEBUG"))


PROXY_HEADERS = ("X_FOR", "X_PROTO", "X_HOST", "X_PORT", "X_PREFIX")


def trust_proxies(app) -> None:
    """Read the client's address and scheme from X-Forwarded-* when PROXY_FIX_* says so."""
    counts = {name.lower(): int(app.config[f"PROXY_FIX_{name}"] or 0) for name in PROXY_HEADERS}
    if any(counts.values()):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)


def redis_client_options(config) -> dict:
    """Keyword arguments for every Redis client: short timeouts, and no retry (redis-py
    otherwise retries three times with backoff, holding a request for seconds)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_connect_timeout": config["REDIS_CONNECT_TIMEOUT"],
        "socket_timeout": config["REDIS_SOCKET_TIMEOUT"],
        "retry": Retry(NoBackoff(), 0),
    }


def web_concurrency(environ=os.environ) -> int:
    """How many web processes gunicorn starts (gunicorn.conf.py) and `flask doctor`
    assumes: WEB_CONCURRENCY, else two per core plus one, at most 8."""
    value = (environ.get("WEB_CONCURRENCY") or "").strip()
    if value:
        return max(int(value), 1)
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` spellings hosts hand out; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_secret_key(instance: Path) -> str:
    """Read the instance's secret key, creating it (readable by the owner only) on first use."""
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
