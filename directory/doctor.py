"""`flask doctor`: check this deployment's configuration and say, in plain words, what
is missing or unsafe and what to do about it.

Each check returns findings; a finding is one line an operator can act on. Anything
UNSAFE makes the command exit non-zero, so a deploy script can stop on it:

    flask doctor            # exit 1 when something is unsafe
    flask doctor --strict   # exit 1 on warnings too

The doctor assumes the production shape of docs/operations.md: gunicorn starts
`web_concurrency()` web processes (WEB_CONCURRENCY, or its default for this machine)
beside one `flask worker`. Tell it otherwise with `--web-workers`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from .config import web_concurrency

UNSAFE = "unsafe"
WARNING = "warning"
OK = "ok"
LABELS = {UNSAFE: "UNSAFE ", WARNING: "WARNING", OK: "ok     "}

# Outbox rows older than this mean no indexer is draining them.
INDEXER_GRACE = timedelta(minutes=1)
# Values seen in tutorials and our own tests: never a production key.
KNOWN_KEYS = {"dev", "development", "secret", "changeme", "change-me", "test-secret", "x"}
MIN_KEY_LENGTH = 32
# A SITE_URL on these hosts is a developer's machine, not the site's public address.
LOCAL_HOSTS = {"localhost", "::1", "0.0.0.0"}  # noqa: S104 - names compared, nothing bound


@dataclass(frozen=True)
class Finding:
    """One line of the report: how serious, and what is wrong and what to do."""

    severity: str
    text: str

    def line(self) -> str:
        """The finding as printed."""
        return f"{LABELS[self.severity]}  {self.text}"


@dataclass(frozen=True)
class Deployment:
    """What the doctor assumes about how the app is run."""

    web_workers: int
    workers_source: str


def deployment_from(environ: Mapping[str, str], web_workers: int | None = None) -> Deployment:
    """The web process count from --web-workers, WEB_CONCURRENCY or gunicorn.conf.py's default."""
    if web_workers is not None:
        return Deployment(web_workers, "--web-workers")
    count = web_concurrency(environ)
    if (environ.get("WEB_CONCURRENCY") or "").strip():
        return Deployment(count, "WEB_CONCURRENCY")
    return Deployment(count, "gunicorn.conf.py's default for this machine")


# -- the checks ---------------------------------------------------------------------------


def check_secret_key(app: Flask, deployment: Deployment) -> list[Finding]:
    """An operator-chosen, long, unguessable SECRET_KEY; the instance key only for one host."""
    key = app.config.get("SECRET_KEY") or ""
    if key.lower() in KNOWN_KEYS or len(key) < MIN_KEY_LENGTH:
        return [
            Finding(
                UNSAFE,
                f"SECRET_KEY is {'a well-known value' if key.lower() in KNOWN_KEYS else 'short'}"
                f" ({len(key)} characters): anyone could forge session cookies. Set SECRET_KEY "
                "to the output of `python -c 'import secrets; print(secrets.token_hex(32))'`.",
            )
        ]
    generated = Path(app.instance_path) / "secret_key"
    if generated.exists() and generated.read_text().strip() == key:
        return [
            Finding(
                WARNING,
                f"SECRET_KEY was generated on this machine ({generated}): fine for one machine; "
                "with several web hosts set the same SECRET_KEY on all of them, or a login made "
                "on one host is refused by the others.",
            )
        ]
    return [Finding(OK, "SECRET_KEY is set by the operator.")]


def check_debug(app: Flask, deployment: Deployment) -> list[Finding]:
    """Debug and testing switches belong on a developer's machine only."""
    findings = []
    if app.debug or app.extensions.get("configured_debug"):
        findings.append(
            Finding(
                UNSAFE,
                "Debug mode is on: its debugger lets whoever reaches an error page run code "
                "on this server. Unset SOLACE_DEBUG and FLASK_DEBUG, and DEBUG in "
                "instance/config.py.",
            )
        )
    if app.config.get("TESTING"):
        findings.append(
            Finding(UNSAFE, "TESTING is on: errors reach visitors unhandled. Unset SOLACE_TESTING.")
        )
    if not app.config.get("WTF_CSRF_ENABLED", True):
        findings.append(
            Finding(
                UNSAFE,
                "CSRF protection is off: other sites could submit forms as a logged-in user. "
                "Unset SOLACE_WTF_CSRF_ENABLED.",
            )
        )
    return findings or [Finding(OK, "Debug, testing and CSRF settings are safe.")]


def check_database(app: Flask, deployment: Deployment) -> list[Finding]:
    """A reachable database, PostgreSQL when several processes write, migrated to head."""
    from .extensions import db

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    where = url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as connection:
            current = _current_revisions(connection)
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        return [
            Finding(
                UNSAFE,
                f"Cannot reach the database {where}: {_first_line(error)}. Check DATABASE_URL "
                "and that the server is running.",
            )
        ]
    findings = []
    if url.get_backend_name() == "sqlite":
        if deployment.web_workers > 1:
            findings.append(
                Finding(
                    UNSAFE,
                    f"The database is SQLite ({url.database}) while {deployment.web_workers} web "
                    f"processes serve ({deployment.workers_source}): every write waits for one "
                    "file lock, so requests stall under load, and no second host can share it. "
                    "Set DATABASE_URL to PostgreSQL, or WEB_CONCURRENCY=1 on one machine.",
                )
            )
        else:
            findings.append(
                Finding(OK, f"The database is SQLite ({url.database}): fine for one web process.")
            )
    else:
        findings.append(Finding(OK, f"The database {where} answers."))
    findings.append(_migration_finding(current))
    return findings


def _current_revisions(connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())


def _migration_finding(current: set[str]) -> Finding:
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    if current == heads:
        return Finding(OK, f"The database schema is up to date (revision {', '.join(heads)}).")
    if not current:
        return Finding(
            UNSAFE,
            "The database has never been migrated: pages fail with missing tables. "
            "Run `flask db upgrade`.",
        )
    return Finding(
        UNSAFE,
        f"The database schema is at revision {', '.join(sorted(current))} but this code needs "
        f"{', '.join(sorted(heads))}: run `flask db upgrade` (back up first).",
    )


def check_shared_state(app: Flask, deployment: Deployment) -> list[Finding]:
    """Redis for what several processes share: rate-limit counters and the job queue."""
    redis_url = app.config.get("REDIS_URL")
    limits_uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    findings = []
    if not app.config.get("RATELIMIT_ENABLED", True):
        findings.append(
            Finding(
                WARNING,
                "Rate limiting is switched off (RATELIMIT_ENABLED): logins and forms can be "
                "tried without limit. Unset SOLACE_RATELIMIT_ENABLED.",
            )
        )
    elif limits_uri.startswith("memory://") and deployment.web_workers > 1:
        findings.append(
            Finding(
                UNSAFE,
                f"Rate limits are counted in each process's memory while "
                f"{deployment.web_workers} web processes serve: every limit is up to "
                f"{deployment.web_workers} times looser than configured. Set REDIS_URL.",
            )
        )
    if redis_url:
        where = make_url(redis_url).render_as_string(hide_password=True)
        try:
            import redis

            client = redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3)
            try:
                client.ping()
            finally:
                client.close()
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            findings.append(
                Finding(
                    UNSAFE,
                    f"Cannot reach Redis at {where}: {_first_line(error)}. Jobs cannot be "
                    "queued and rate-limited pages fail. Check REDIS_URL and the server.",
                )
            )
        else:
            findings.append(
                Finding(OK, f"Redis at {where} answers: job queue and rate limits are shared.")
            )
    elif deployment.web_workers <= 1:
        findings.append(
            Finding(
                OK,
                "No Redis: rate limits in memory and jobs in instance/jobs.sqlite; fine for one "
                "web process on one machine.",
            )
        )
    return findings


def check_verifiers(app: Flask, deployment: Deployment) -> list[Finding]:
    """Every switched-on verifier configured, and a contact address for registries."""
    from verifiers import available_verifiers

    from .verification import configured_verifiers

    findings = []
    allowed = available_verifiers(app.config["VERIFIERS_ALLOW"])
    ready = configured_verifiers()
    if not allowed:
        findings.append(
            Finding(
                UNSAFE,
                "No verifier is switched on: no licence can be checked. "
                "Check SOLACE_VERIFIERS_ALLOW.",
            )
        )
    for name in sorted(allowed.keys() - ready.keys()):
        findings.append(
            Finding(
                UNSAFE,
                f"Verifier {name} could not be set up (the worker's log says why): its licences "
                "stay unchecked. Check SOLACE_VERIFIER_OPTIONS for it, or leave it out of "
                "SOLACE_VERIFIERS_ALLOW.",
            )
        )
    for name, verifier in sorted(ready.items()):
        reason = getattr(verifier, "not_configured_reason", None)
        if reason:
            findings.append(
                Finding(
                    WARNING,
                    f"Verifier {name} is not configured: {reason} Until then its licences "
                    "wait for an admin.",
                )
            )
    if not app.config.get("VERIFIER_CONTACT_EMAIL"):
        findings.append(
            Finding(
                WARNING,
                "No SOLACE_VERIFIER_CONTACT_EMAIL: registries see no contact address in our "
                "requests, and some block anonymous clients. Set it to an address you read.",
            )
        )
    if not findings:
        findings.append(Finding(OK, f"Verifiers ready: {', '.join(sorted(ready))}."))
    return findings


def check_search_index(app: Flask, deployment: Deployment) -> list[Finding]:
    """An index exists, the indexer keeps up, and it holds what the database publishes."""
    from .extensions import db
    from .models import ProfileStatus, SearchOutbox, Therapist, utcnow
    from .search import backend

    try:
        state = backend().state(db.session)
    except Exception as error:  # noqa: BLE001 - a database check_database reports too
        db.session.rollback()
        return [Finding(UNSAFE, f"Could not read the search index: {error!s:.120}")]
    if state.missing:
        return [
            Finding(
                UNSAFE,
                f"There is no search index ({state.where}): visitors see 'search is "
                "unavailable'. Run `flask search rebuild`.",
            )
        ]
    if state.outdated:
        return [
            Finding(
                UNSAFE,
                f"The search index ({state.where}) was built by an older version of Solace: "
                "the indexer cannot update it. Run `flask search rebuild` before starting "
                "`flask worker`.",
            )
        ]
    try:
        oldest = db.session.scalar(select(func.min(SearchOutbox.created_at)))
        waiting = db.session.scalar(select(func.count()).select_from(SearchOutbox)) or 0
        published = db.session.scalar(
            select(func.count()).where(Therapist.status == ProfileStatus.PUBLISHED)
        )
    except Exception as error:  # noqa: BLE001 - reported by check_database as well
        db.session.rollback()
        return [Finding(WARNING, f"Could not compare the index with the database: {error!s:.120}")]
    finally:
        db.session.remove()
    if oldest is not None:
        age = utcnow() - oldest
        if age > INDEXER_GRACE:
            return [
                Finding(
                    UNSAFE,
                    f"{waiting} profile changes have waited {_duration(age)} for the search "
                    "indexer: searches show old results. Start `flask worker` (exactly one "
                    "process runs the indexer).",
                )
            ]
    indexed = state.indexed
    if not waiting and indexed != published:
        return [
            Finding(
                WARNING,
                f"The search index holds {indexed} profiles but {published} are published: "
                "run `flask search check --repair`.",
            )
        ]
    return [
        Finding(
            OK,
            f"Search index ({state.where}): {indexed} profiles, {waiting} changes waiting for the "
            "indexer.",
        )
    ]


def check_mail(app: Flask, deployment: Deployment) -> list[Finding]:
    """A mail server, or every message stays in a folder on this machine."""
    if app.config.get("MAIL_SERVER"):
        return [Finding(OK, f"Mail goes out through {app.config['MAIL_SERVER']}.")]
    folder = app.config.get("MAIL_OUTBOX_DIR") or str(Path(app.instance_path) / "outbox")
    return [
        Finding(
            WARNING,
            f"No MAIL_SERVER: mail is written to {folder} instead of being sent, so nobody "
            "receives sign-up confirmations or password resets. Set SOLACE_MAIL_SERVER "
            "(and SOLACE_MAIL_USERNAME, SOLACE_MAIL_PASSWORD, SOLACE_MAIL_DEFAULT_SENDER).",
        )
    ]


def check_site_url(app: Flask, deployment: Deployment) -> list[Finding]:
    """Links in mail are built on SITE_URL: unset, they point at a developer's machine."""
    site_url = app.config.get("SITE_URL") or ""
    host = (urlsplit(site_url).hostname or "").lower()
    if not host or host in LOCAL_HOSTS or host.startswith("127."):
        return [
            Finding(
                WARNING,
                f"SITE_URL is {site_url or 'empty'}: confirmation and password links in mail "
                "point there, so nobody else can open them. Set SOLACE_SITE_URL to the "
                "site's public address, e.g. https://solace.example.org.",
            )
        ]
    return [Finding(OK, f"Links in mail point to {site_url}.")]


CHECKS: list[Callable[[Flask, Deployment], list[Finding]]] = [
    check_secret_key,
    check_debug,
    check_database,
    check_shared_state,
    check_search_index,
    check_verifiers,
    check_mail,
    check_site_url,
]


def run_checks(
    app: Flask, environ: Mapping[str, str] | None = None, web_workers: int | None = None
) -> list[Finding]:
    """Every finding for `app`, run inside its application context."""
    deployment = deployment_from(os.environ if environ is None else environ, web_workers)
    findings: list[Finding] = []
    with app.app_context():
        for check in CHECKS:
            findings.extend(check(app, deployment))
    return findings


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{minutes // 60} hours"
