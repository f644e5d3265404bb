"""Backups: one archive holding what cannot be rebuilt, and putting it back.

An archive (a gzipped tar) holds a consistent copy of the database -- SQLite's online
backup API, or `pg_dump` on PostgreSQL, which dumps from one snapshot -- and the
instance files nothing else can recreate: the secret key (sessions, mailed links and
reporters' address hashes depend on it), the instance configuration, mail waiting in
the outbox folder, and uploaded files. It leaves out what is derived and rebuilt: the
search index, downloaded registry files, the job queue (the database records every
check that is owed). A manifest lists every member with its SHA-256, and a
`<archive>.sha256` file beside it holds the archive's own checksum.

Restoring needs an empty database. It checks both checksums before it writes
anything; the caller then migrates the database and rebuilds the search index.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from flask import current_app
from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.engine import make_url

from .extensions import db
from .mail import outbox_dir
from .models import AuditEvent, Rating, Therapist, VerificationCheck, utcnow

FORMAT = "solace-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024
# Row counts put in the manifest and said after a restore: what a reader checks first.
COUNTED = {
    "therapists": Therapist,
    "licence checks": VerificationCheck,
    "ratings": Rating,
    "audit events": AuditEvent,
}

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    """What `create_backup` wrote."""

    path: Path
    size: int
    sha256: str
    database: str
    files: int
    counts: dict[str, int]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_path(archive: Path) -> Path:
    """Where an archive's checksum file lives (`sha256sum -c` reads it)."""
    return archive.with_name(archive.name + ".sha256")


# -- what is kept -------------------------------------------------------------------------------


def kept_files() -> dict[str, Path]:
    """The instance files a backup keeps, as archive names under files/ -> where they live."""
    instance = Path(current_app.instance_path)
    kept: dict[str, Path] = {}
    for name in ("secret_key", "config.py"):
        if (instance / name).is_file():
            kept[name] = instance / name
    for folder_name, folder in (("outbox", outbox_dir()), ("uploads", instance / "uploads")):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    kept[f"{folder_name}/{path.relative_to(folder).as_posix()}"] = path
    return kept


def _destination(name: str) -> Path:
    instance = Path(current_app.instance_path)
    top, _, rest = name.partition("/")
    if top == "outbox" and rest:
        return outbox_dir() / rest
    if top == "uploads" and rest:
        return instance / "uploads" / rest
    if name in ("secret_key", "config.py"):
        return instance / name
    raise BackupError(f"The archive holds a file Solace does not know ({name}); not restored.")


def row_counts() -> dict[str, int]:
    """How many therapists, licence checks, ratings and audit events the database holds."""
    return {
        label: db.session.scalar(select(func.count()).select_from(model)) or 0
        for label, model in COUNTED.items()
    }


def _revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    version = table("alembic_version", column("version_num")).c.version_num
    return db.session.execute(select(func.max(version))).scalar()


# -- PostgreSQL through its client programs ------------------------------------------------------

# Connection settings in a SQLAlchemy URL's query, and the libpq variables that carry them.
_LIBPQ_QUERY = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def libpq_environment(uri: str) -> dict[str, str]:
    """The environment for pg_dump and psql: the password never on a command line."""
    url = make_url(uri)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[key] = str(value)
    for key, value in url.query.items():
        if key in _LIBPQ_QUERY:
            env[_LIBPQ_QUERY[key]] = value if isinstance(value, str) else value[-1]
    return env


def _search_path_schema(uri: str) -> str | None:
    """The schema a `-csearch_path=...` option in the URL selects, if any."""
    options = make_url(uri).query.get("options") or ""
    options = unquote(options if isinstance(options, str) else options[-1])
    for part in options.replace("-c ", "-c").split():
        if part.startswith("-csearch_path="):
            schema = part.split("=", 1)[1].split(",")[0].strip().strip('"')
            return schema if schema not in ("", "public", "$user") else None
    return None


def _run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client) and run this again."
        )
    done = subprocess.run(  # noqa: S603 - a fixed program with arguments we built
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else 'no message'}")
    return done


def _pg_version() -> str:
    program = shutil.which("pg_dump")
    if program is None:
        return "pg_dump"
    done = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "pg_dump"


# -- backup -------------------------------------------------------------------------------------


def _copy_sqlite(source_path: str, target: Path, progress: Progress) -> None:
    # One step (pages=-1) copies under a single read transaction: a consistent copy even
    # while other processes write (they wait for the read lock, for at most the copy).
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=-1)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
    finally:
        copy.close()
        source.close()
    progress(f"database: {pages:,} pages copied with SQLite's online backup API")


def _dump_postgres(uri: str, target: Path, progress: Progress) -> str:
    version = _pg_version()
    progress(f"database: PostgreSQL, dumped with {version} (one consistent snapshot)")
    command = ["pg_dump", "--no-owner", "--no-privileges", "--file", str(target)]
    schema = _search_path_schema(uri)
    if schema:
        command += ["--schema", schema]
    _run(command, libpq_environment(uri), "pg_dump")
    return version


def create_backup(destination: Path, progress: Progress = lambda line: None) -> BackupSummary:
    """Write one archive at `destination` (and its checksum file beside it)."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} exists already; choose a new name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    dialect = make_url(uri).get_backend_name()
    counts, revision = row_counts(), _revision()
    db.session.remove()
    members: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="solace-backup-") as work:
        if dialect == "sqlite":
            database_member, method = "database/solace.sqlite", "SQLite online backup API"
            _copy_sqlite(make_url(uri).database, Path(work) / "database", progress)
        elif dialect == "postgresql":
            database_member = "database/postgresql.sql"
            method = _dump_postgres(uri, Path(work) / "database", progress)
        else:
            raise BackupError(f"Backing up a {dialect} database is not supported.")
        files = kept_files()
        progress(
            f"files: {len(files)} kept (secret key, configuration, outbox mail, uploads); "
            "search index and registry files left out (they are rebuilt)"
        )
        partial = destination.with_name(f".{destination.name}.part")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                members[database_member] = sha256_of(Path(work) / "database")
                archive.add(Path(work) / "database", arcname=database_member)
                for name, path in files.items():
                    members[f"files/{name}"] = sha256_of(path)
                    archive.add(path, arcname=f"files/{name}")
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "created_at": utcnow().isoformat(),
                    "database": {
                        "kind": dialect,
                        "member": database_member,
                        "method": method,
                        "revision": revision,
                    },
                    "counts": counts,
                    "members": members,
                }
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(utcnow().timestamp())
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
    digest = sha256_of(destination)
    checksum_path(destination).write_text(f"{digest}  {destination.name}\n")
    return BackupSummary(
        destination, destination.stat().st_size, digest, method, len(files), counts
    )


# -- restore ------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    """The archive's manifest, or BackupError when this is no Solace backup."""
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError):
        raise BackupError("This is not a Solace backup: it has no readable manifest.") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("This backup was written in a format this version cannot read.")
    return manifest


def verify_archive(path: Path, expected: str | None = None) -> str:
    """Check the archive against its checksum file (or `expected`); return its SHA-256."""
    digest = sha256_of(path)
    if expected is None and checksum_path(path).is_file():
        expected = checksum_path(path).read_text().split()[0]
    if expected is None:
        raise BackupError(
            f"No checksum to compare: {checksum_path(path).name} is not beside the archive. "
            "Copy it there, or give the checksum with --sha256."
        )
    if digest != expected.strip().lower():
        raise BackupError(
            f"The archive's checksum is {digest}, not {expected}: it is damaged or not the "
            "one that was written. Nothing was restored."
        )
    return digest


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def database_is_empty() -> bool:
    """Whether the configured database holds no tables (where a restore may go)."""
    db.session.remove()
    return not inspect(db.engine).get_table_names()


def restore_backup(
    path: Path, expected: str | None = None, progress: Progress = lambda line: None
) -> dict:
    """Put an archive back into this (empty) instance; returns its manifest.

    Checks the archive's checksum and every member's before writing anything. The
    caller migrates the database and rebuilds the search index afterwards.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no archive at {path}.")
    digest = verify_archive(path, expected)
    progress(f"checksum: {digest} matches")
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    dialect = make_url(uri).get_backend_name()
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        members = manifest["members"]
        kind = manifest["database"]["kind"]
        if kind != dialect:
            raise BackupError(
                f"This backup holds a {kind} database and this instance uses {dialect}; "
                f"point DATABASE_URL at an empty {kind} database and run this again."
            )
        if not database_is_empty():
            raise BackupError(
                "The database already holds tables: a backup is restored only into an "
                "empty database. Create a new one, point DATABASE_URL at it, and run again."
            )
        extracted: dict[str, Path] = {}
        for number, (name, expected_member) in enumerate(members.items()):
            if not _safe_member(name):
                raise BackupError(f"The archive names an unsafe path ({name}); not restored.")
            source = archive.extractfile(name)
            if source is None:
                raise BackupError(f"The archive lacks {name}, which its manifest lists.")
            target = Path(work) / str(number)
            with target.open("wb") as sink:
                shutil.copyfileobj(source, sink, _CHUNK)
            if sha256_of(target) != expected_member:
                raise BackupError(f"{name} in the archive is damaged; nothing was restored.")
            extracted[name] = target
        progress(f"members: {len(members)} checked against the manifest")

        database = extracted[manifest["database"]["member"]]
        if dialect == "sqlite":
            db.engine.dispose()
            copy = sqlite3.connect(make_url(uri).database)
            source = sqlite3.connect(database)
            try:
                source.backup(copy)
            finally:
                source.close()
                copy.close()
        else:
            db.engine.dispose()
            _run(
                ["psql", "--quiet", "--no-psqlrc", "--single-transaction",
                 "--set", "ON_ERROR_STOP=1", "--file", str(database)],
                libpq_environment(uri),
                "psql",
            )  # fmt: skip
        progress(f"database: restored ({manifest['database']['method']})")

        restored = 0
        for name, source in extracted.items():
            if not name.startswith("files/"):
                continue
            target = _destination(name.removeprefix("files/"))
            if name == "files/config.py" and target.exists():
                # The operator configured this instance (its database, to begin with):
                # theirs stays, the backup's is put beside it to compare.
                target = target.with_name("config.py.from-backup")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            if name == "files/secret_key":
                target.chmod(0o600)
            restored += 1
        progress(f"files: {restored} restored")
    return manifest
