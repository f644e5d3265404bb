"""Backups: an archive taken while the site is written to, restored into another instance,
holds everything committed before the backup began (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import secrets
import tarfile
import threading
from pathlib import Path

import pytest
from flask_migrate import stamp
from sqlalchemy import select
from sqlalchemy.engine import make_url

from directory import audit, backup, create_app
from directory.extensions import db
from directory.mail import send_mail
from directory.models import (
    AuditEvent,
    Licence,
    Rating,
    Role,
    Therapist,
    User,
    VerificationCheck,
    utcnow,
)
from directory.ratings import moderation, rules
from directory.search import SearchRequest, search
from tests import services
from tests.conftest import make_config

MODELS = (Therapist, VerificationCheck, Rating, AuditEvent)


def seed(make_therapist) -> None:
    """Profiles with licences and their checks, approved ratings, audit events, a mail."""
    for n in range(6):
        therapist = make_therapist(
            licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": f"7000{n}"}
        )
        licence = therapist.licences[0]
        db.session.add(
            VerificationCheck(
                licence=licence, verifier="tx-bhec", kind="licence", status="verified",
                checked_at=utcnow(), registry_title="Texas BHEC",
                registry_url="http://127.0.0.1/csv/LPC.csv", summary="Active",
                name_on_record="TEST PERSON", registry_details={"number": licence.number},
                evidence="LPC,,7000,PERSON,TEST,,ACTIVE",
            )
        )  # fmt: skip
        audit.record("licence.check", therapist_id=therapist.id, licence_id=licence.id)
        db.session.commit()
    first = db.session.scalars(select(Therapist).order_by(Therapist.id)).first()
    for overall in (5, 4, 3):
        rater = User(
            email=f"rater-{secrets.token_hex(4)}@example.org", password_hash="!test",
            role=str(Role.CLIENT), email_confirmed_at=utcnow(),
        )  # fmt: skip
        db.session.add(rater)
        db.session.commit()
        scores = rules.Scores(overall, overall, overall, overall)
        rating = rules.submit_rating(rater, first, scores, "Replied the same day.", True)
        moderation.approve(rating, "admin:test@example.org")
    send_mail("someone@example.org", "Confirm your address", "A link.")


def ids() -> dict[str, set[int]]:
    """Every row id of the tables a restore must bring back."""
    db.session.remove()
    return {m.__name__: set(db.session.scalars(select(m.id))) for m in MODELS}


class Writer(threading.Thread):
    """Keeps committing audit events and profiles, as a busy site would, until stopped."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.stop, self.commits = app, threading.Event(), 0
        self.started_writing = threading.Event()

    def run(self):
        with self.app.app_context():
            while not self.stop.is_set():
                therapist = Therapist(
                    slug=f"written-{secrets.token_hex(4)}", first_name="Busy", last_name="Site"
                )
                db.session.add(therapist)
                db.session.flush()
                audit.record("profile.create", therapist_id=therapist.id)
                db.session.commit()
                self.commits += 1
                if self.commits >= 5:
                    self.started_writing.set()
            db.session.remove()


def restore_elsewhere(other, archive: Path):
    """`flask restore ARCHIVE` in the other instance (the CLI runner would reuse the
    source's app context, which the `app` fixture keeps pushed)."""
    with other.app_context():
        return other.test_cli_runner().invoke(args=["restore", str(archive)])


@pytest.fixture
def elsewhere(tmp_path, app):
    """Another, empty instance: its own folder, and its own empty database."""
    config = make_config(tmp_path / "elsewhere", SEARCH_INDEX_DIR=str(tmp_path / "other-index"))
    database = None
    if services.using_postgres():
        # The dump keeps the source's schema name: the copy goes to a new database.
        source = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        database = f"solace_restore_{secrets.token_hex(4)}"
        with services._admin_connection() as conn:
            conn.autocommit = True
            conn.execute(f'CREATE DATABASE "{database}"')
        config["SQLALCHEMY_DATABASE_URI"] = source.set(database=database).render_as_string(
            hide_password=False
        )
    other = create_app(config)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    if database:
        with services._admin_connection() as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_a_backup_taken_while_written_to_restores_elsewhere_with_everything_committed(
    app, runner, make_therapist, elsewhere, tmp_path
):
    stamp()  # as `flask db upgrade` leaves a production database
    seed(make_therapist)
    instance = Path(app.instance_path)
    (instance / "registries" / "tx-bhec").mkdir(parents=True)
    (instance / "registries" / "tx-bhec" / "LPC.csv").write_text("downloaded, rebuilt")
    (instance / "uploads").mkdir()
    (instance / "uploads" / "photo.jpg").write_bytes(b"\xff\xd8 not rebuilt")
    secret_key = "instance-secret-key-kept-by-the-backup"
    (instance / "secret_key").write_text(secret_key)

    writer = Writer(app)
    writer.start()
    try:
        assert writer.started_writing.wait(30)
        before = ids()  # committed before the backup began
        archive = tmp_path / "backups" / "solace.tar.gz"
        commits_at_start = writer.commits
        result = runner.invoke(args=["backup", str(archive)])
        commits_at_end = writer.commits
    finally:
        writer.stop.set()
        writer.join(30)
    assert result.exit_code == 0, result.output
    assert commits_at_end > commits_at_start  # the site was written to during the backup
    kind = "pg_dump" if services.using_postgres() else "SQLite's online backup API"
    assert kind in result.output
    assert "sha256 " in result.output and "Backup written" in result.output

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "files/secret_key" in names and "files/uploads/photo.jpg" in names
    assert any(name.startswith("files/outbox/") for name in names)
    assert not any("registries" in name or "search" in name for name in names)
    assert backup.checksum_path(archive).read_text().split()[1] == archive.name

    restored = restore_elsewhere(elsewhere, archive)
    assert restored.exit_code == 0, restored.output
    assert "checksum" in restored.output and "Restored the backup" in restored.output
    with elsewhere.app_context():
        after = ids()
        for model, wanted in before.items():
            assert wanted <= after[model], f"{model} rows lost: {sorted(wanted - after[model])}"
        assert db.session.scalar(select(Licence.number).where(Licence.number == "70003"))
        # The search index was rebuilt from the restored rows.
        assert search(SearchRequest()).total >= 6
    other = Path(elsewhere.instance_path)
    assert (other / "secret_key").read_text() == secret_key
    assert (other / "uploads" / "photo.jpg").read_bytes() == b"\xff\xd8 not rebuilt"
    assert len(list((other / "outbox").glob("*.eml"))) == 1
    assert not (other / "registries").exists()


def test_a_damaged_archive_or_a_used_database_restores_nothing(
    app, runner, make_therapist, elsewhere, tmp_path
):
    stamp()
    seed(make_therapist)
    archive = tmp_path / "solace.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0

    # The instance it came from is not empty: refused, and nothing there changes.
    before = ids()
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 1 and "only into an empty database" in result.output
    assert ids() == before

    damaged = tmp_path / "damaged.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    backup.checksum_path(damaged).write_text(backup.checksum_path(archive).read_text())
    result = restore_elsewhere(elsewhere, damaged)
    assert result.exit_code == 1 and "damaged or not the one that was written" in result.output
    missing = tmp_path / "copied.tar.gz"
    missing.write_bytes(archive.read_bytes())
    result = restore_elsewhere(elsewhere, missing)
    assert result.exit_code == 1 and "No checksum to compare" in result.output
    with elsewhere.app_context():
        assert backup.database_is_empty()
