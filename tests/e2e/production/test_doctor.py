"""`flask doctor` names what is missing or unsafe in a deployment, and what to do."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from directory import create_app, doctor
from directory.extensions import db
from directory.models import ProfileStatus, SearchOutbox, Therapist, utcnow
from directory.search import backend
from tests import services
from tests.conftest import make_config

STRONG_KEY = "d" * 64

# What an operator of one machine sets: a key, a contact address, a mail server.
READY = {
    "TESTING": False,
    "SECRET_KEY": STRONG_KEY,
    "VERIFIERS_ALLOW": ["manual"],
    "VERIFIER_CONTACT_EMAIL": "ops@example.org",
    "MAIL_SERVER": "smtp.example.org",
    "SITE_URL": "https://solace.example.org",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "REDIS_URL": None,
}
ONE_PROCESS = {"WEB_CONCURRENCY": "1"}


def stamp(app, revision: str = "heads") -> None:
    """Mark the database as migrated to `revision`, as `flask db upgrade` leaves it."""
    config = app.extensions["migrate"].migrate.get_config()
    with db.engine.begin() as connection:
        MigrationContext.configure(connection).stamp(ScriptDirectory.from_config(config), revision)


def deployment(tmp_path: Path, migrated="heads", index=True, **settings):
    """An app with its tables, stamped at `migrated`, and (unless index=False) an index."""
    app = create_app(make_config(tmp_path, **{**READY, **settings}))
    with app.app_context():
        db.create_all()
        if migrated:
            stamp(app, migrated)
        if index:
            backend().rebuild(db.session)
        db.session.remove()
    return app


def lines(findings, severity) -> list[str]:
    return [f.text for f in findings if f.severity == severity]


def test_a_ready_single_machine_has_nothing_to_report(tmp_path):
    app = deployment(tmp_path)
    findings = doctor.run_checks(app, environ=ONE_PROCESS)
    assert lines(findings, doctor.UNSAFE) == []
    assert lines(findings, doctor.WARNING) == []
    assert any("Search index" in text for text in lines(findings, doctor.OK))


@pytest.mark.skipif(not services.using_postgres(), reason="needs PostgreSQL: make test-postgres")
def test_postgresql_and_redis_make_several_web_processes_safe(tmp_path, shared_redis):
    app = deployment(tmp_path, **shared_redis)
    findings = doctor.run_checks(app, environ={"WEB_CONCURRENCY": "4"})
    assert lines(findings, doctor.UNSAFE) == []
    assert any("Redis at" in text and "shared" in text for text in lines(findings, doctor.OK))


def test_sqlite_and_memory_rate_limits_are_unsafe_for_several_web_processes(tmp_path):
    app = deployment(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite'}")
    unsafe = lines(doctor.run_checks(app, environ={"WEB_CONCURRENCY": "4"}), doctor.UNSAFE)
    assert len(unsafe) == 2
    assert "SQLite" in unsafe[0] and "4 web processes" in unsafe[0]
    assert "DATABASE_URL" in unsafe[0]
    assert "4 times looser" in unsafe[1] and "Set REDIS_URL" in unsafe[1]
    # gunicorn.conf.py starts several workers by default: the doctor assumes the same.
    unsafe = lines(doctor.run_checks(app, environ={}), doctor.UNSAFE)
    assert "gunicorn.conf.py's default" in unsafe[0]


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"DEBUG": True}, "Debug mode is on"),
        ({"TESTING": True}, "TESTING is on"),
        ({"WTF_CSRF_ENABLED": False}, "CSRF protection is off"),
        ({"SECRET_KEY": "dev"}, "SECRET_KEY is a well-known value"),
        ({"SECRET_KEY": "short-but-not-known"}, "SECRET_KEY is short"),
    ],
)
def test_switches_that_expose_the_site_are_unsafe(tmp_path, settings, words):
    app = deployment(tmp_path, **settings)
    unsafe = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.UNSAFE)
    assert len(unsafe) == 1 and words in unsafe[0]


def test_a_key_generated_on_this_machine_is_only_fine_for_one_machine(tmp_path):
    app = deployment(tmp_path, SECRET_KEY=None)
    warnings = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.WARNING)
    assert len(warnings) == 1
    assert "generated on this machine" in warnings[0] and "several web hosts" in warnings[0]


def test_servers_that_do_not_answer_are_unsafe_and_passwords_stay_hidden(tmp_path):
    port = services.unused_port()
    app = deployment(tmp_path, REDIS_URL=f"redis://:hunter2@127.0.0.1:{port}/0")
    unsafe = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.UNSAFE)
    assert len(unsafe) == 1
    assert f"Cannot reach Redis at redis://:***@127.0.0.1:{port}/0" in unsafe[0]

    url = f"postgresql+psycopg://ops:hunter2@127.0.0.1:{port}/solace"
    offline = create_app(make_config(tmp_path, **{**READY, "SQLALCHEMY_DATABASE_URI": url}))
    unsafe = lines(doctor.run_checks(offline, environ=ONE_PROCESS), doctor.UNSAFE)
    assert f"Cannot reach the database postgresql+psycopg://ops:***@127.0.0.1:{port}" in unsafe[0]
    assert not any("hunter2" in text for text in unsafe)


def test_a_database_behind_the_code_must_be_migrated(tmp_path):
    never = deployment(tmp_path / "never", migrated=None)
    unsafe = lines(doctor.run_checks(never, environ=ONE_PROCESS), doctor.UNSAFE)
    assert len(unsafe) == 1 and "never been migrated" in unsafe[0]

    behind = deployment(tmp_path / "behind", migrated="0002")
    unsafe = lines(doctor.run_checks(behind, environ=ONE_PROCESS), doctor.UNSAFE)
    assert len(unsafe) == 1
    assert "at revision 0002" in unsafe[0] and "run `flask db upgrade`" in unsafe[0]


def test_no_index_is_unsafe(tmp_path):
    app = deployment(tmp_path, index=False)
    unsafe = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.UNSAFE)
    assert len(unsafe) == 1 and "no search index" in unsafe[0]
    assert "flask search rebuild" in unsafe[0]


def test_an_index_built_by_an_older_version_is_unsafe(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    from directory.search.whoosh import storage

    app = deployment(tmp_path, index=False)
    root = Path(app.config["SEARCH_INDEX_DIR"])
    # An index whose fields are not this code's: what an upgrade leaves behind.
    path = root / "built-by-an-older-version"
    path.mkdir(parents=True)
    whoosh_index.create_in(str(path), Schema(pk=ID(unique=True, stored=True), reviews=TEXT()))
    storage.swap_in(root, path)
    unsafe = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.UNSAFE)
    assert any("older version" in text and "flask search rebuild" in text for text in unsafe)


def _publish_one(app, outbox_age: timedelta | None) -> None:
    with app.app_context():
        n = db.session.scalar(db.select(db.func.count()).select_from(Therapist))
        db.session.add(
            Therapist(
                slug=f"ana-{n}", first_name="Ana", last_name="Lopez", status=ProfileStatus.PUBLISHED
            )
        )
        db.session.commit()
        if outbox_age is None:
            db.session.execute(db.delete(SearchOutbox))
        else:
            db.session.execute(db.update(SearchOutbox).values(created_at=utcnow() - outbox_age))
        db.session.commit()


def test_changes_waiting_more_than_a_minute_mean_no_indexer_runs(tmp_path):
    app = deployment(tmp_path)
    _publish_one(app, outbox_age=timedelta(seconds=5))
    findings = doctor.run_checks(app, environ=ONE_PROCESS)
    assert lines(findings, doctor.UNSAFE) == []
    assert any("1 changes waiting" in text for text in lines(findings, doctor.OK))

    _publish_one(app, outbox_age=timedelta(minutes=3))
    unsafe = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.UNSAFE)
    assert len(unsafe) == 1
    assert "2 profile changes have waited 3 minutes" in unsafe[0]
    assert "Start `flask worker`" in unsafe[0]


def test_an_index_that_drifted_from_the_database_is_reported(tmp_path):
    app = deployment(tmp_path)
    _publish_one(app, outbox_age=None)  # published, but nothing queued for the indexer
    warnings = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.WARNING)
    assert warnings == [
        "The search index holds 0 profiles but 1 are published: run `flask search check --repair`."
    ]


def test_verifiers_that_cannot_run_and_a_missing_contact_address_are_named(tmp_path, monkeypatch):
    monkeypatch.delenv("SOLACE_NY_OP_API_KEY", raising=False)
    app = deployment(tmp_path, VERIFIERS_ALLOW=["manual", "ny-op"], VERIFIER_CONTACT_EMAIL="")
    warnings = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.WARNING)
    assert len(warnings) == 2
    assert warnings[0].startswith("Verifier ny-op is not configured: it needs a NYSED API key")
    assert "SOLACE_VERIFIER_CONTACT_EMAIL" in warnings[1]


def test_no_mail_server_means_nobody_gets_mail(tmp_path):
    app = deployment(tmp_path, MAIL_SERVER=None)
    warnings = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.WARNING)
    assert len(warnings) == 1
    assert "No MAIL_SERVER" in warnings[0] and "password resets" in warnings[0]


def test_the_command_exits_non_zero_when_something_is_unsafe(tmp_path):
    runner = deployment(tmp_path).test_cli_runner()
    result = runner.invoke(args=["doctor", "--web-workers", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("0 unsafe, 0 warnings, ")

    runner = deployment(tmp_path / "mail", MAIL_SERVER=None).test_cli_runner()
    assert runner.invoke(args=["doctor", "--web-workers", "1"]).exit_code == 0
    assert runner.invoke(args=["doctor", "--web-workers", "1", "--strict"]).exit_code == 1

    runner = deployment(tmp_path / "debug", DEBUG=True).test_cli_runner()
    result = runner.invoke(args=["doctor", "--web-workers", "1"])
    assert result.exit_code == 1, result.output
    assert any(line.startswith("UNSAFE   Debug mode is on") for line in result.output.splitlines())


@pytest.mark.parametrize("site_url", ["http://localhost:5000", "", "http://127.0.0.1:8000"])
def test_an_unset_site_url_is_a_warning(tmp_path, site_url):
    app = deployment(tmp_path, SITE_URL=site_url)
    (warning,) = lines(doctor.run_checks(app, environ=ONE_PROCESS), doctor.WARNING)
    assert "SITE_URL" in warning and "Set SOLACE_SITE_URL" in warning
