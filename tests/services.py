"""Which database and Redis the tests use, and how each test gets a clean one.

By default every test gets its own SQLite file in its tmp_path and no Redis: the
in-process defaults a newcomer runs with. Two environment variables switch to the
production shape, as `make test-postgres` (and CI) do:

    SOLACE_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test
        every test gets a fresh PostgreSQL schema, named in the database URL itself
        (`options=-csearch_path=...`), so processes a test spawns with a copy of the
        URL land in the same schema; the schema is dropped when the test ends.
    SOLACE_TEST_REDIS_URL=redis://127.0.0.1:6379/0
        every test's job queue and rate-limit counters live in Redis under a key
        prefix of their own, deleted when the test ends.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from directory.config import normalise_database_url

DATABASE_URL = os.environ.get("SOLACE_TEST_DATABASE_URL", "").strip()
REDIS_URL = os.environ.get("SOLACE_TEST_REDIS_URL", "").strip()
# Where the Redis-only tests look when SOLACE_TEST_REDIS_URL is not set.
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"
SCHEMA_PREFIX = "solace_test_"
# Schemas left by a run that was killed are dropped by a later run once this old.
STALE_SCHEMA_SECONDS = 6 * 3600

# tmp_path -> the schema / key prefix made for it, so that several make_config calls
# in one test share one database, as they would share one SQLite file.
_schemas: dict[str, str] = {}
_redis_prefixes: dict[str, str] = {}


def using_postgres() -> bool:
    """Whether this run tests against PostgreSQL."""
    return bool(DATABASE_URL)


def _admin_connection(database: str | None = None):
    import psycopg

    url = DATABASE_URL.replace("postgresql+psycopg://", "postgresql://")
    if database:
        url = url.rsplit("/", 1)[0] + "/" + database
    return psycopg.connect(url)


def second_database() -> str:
    """Another database on the test server (made once, with pg_trgm in `public`): where a
    "read replica" lives when a test routes searches away from the primary."""
    name = DATABASE_URL.rsplit("/", 1)[1].split("?")[0] + "_second"
    with _admin_connection() as conn:
        conn.autocommit = True
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    with _admin_connection(name) as conn:
        conn.autocommit = True
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    return name


def schema_url(schema: str, database: str | None = None) -> str:
    """The SQLAlchemy URL of `schema` in the test database (or another `database` on the
    same server): the search path rides along, ending in `public`, where the extensions
    live (create_shared_extensions)."""
    base = normalise_database_url(DATABASE_URL)
    if database:
        base = base.rsplit("/", 1)[0] + "/" + database
    separator = "&" if "?" in base else "?"
    options = quote(f"-csearch_path={schema},public", safe="")
    return f"{base}{separator}options={options}&application_name={schema}"


def create_schema(database: str | None = None) -> str:
    """A new, empty schema for one test (in the test database, or in `database`)."""
    schema = f"{SCHEMA_PREFIX}{int(time.time())}_{secrets.token_hex(4)}"
    with _admin_connection(database) as conn:
        conn.autocommit = True
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema


def create_shared_extensions() -> None:
    """pg_trgm (the postgres search backend's suggestions) in `public`, once for every
    test schema: made inside a test's schema, it would vanish with that schema."""
    with _admin_connection() as conn:
        conn.autocommit = True
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")


def drop_schema(schema: str, database: str | None = None) -> None:
    """Drop a test's schema, first closing connections the test left open to it."""
    with _admin_connection(database) as conn:
        conn.autocommit = True
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (schema,),
        )
        conn.execute("SET lock_timeout = '20s'")
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def drop_stale_schemas() -> None:
    """Drop schemas that runs killed long ago left behind (never a running one's)."""
    cutoff = time.time() - STALE_SCHEMA_SECONDS
    with _admin_connection() as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
                (SCHEMA_PREFIX.replace("_", r"\_") + "%",),
            )
        ]
    for name in names:
        stamp = name[len(SCHEMA_PREFIX) :].split("_")[0]
        if stamp.isdigit() and int(stamp) < cutoff:
            drop_schema(name)


def database_config(tmp_path: Path) -> dict:
    """The database settings for a test whose files live in tmp_path."""
    if not using_postgres():
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}"}
    key = str(tmp_path)
    if key not in _schemas:
        _schemas[key] = create_schema()
    return {"SQLALCHEMY_DATABASE_URI": schema_url(_schemas[key])}


_template: Path | None = None


def copy_empty_database(config: dict) -> bool:
    """Put an empty SQLite database, its tables made and vocabularies loaded, where
    `config` says, copied from one built once per process; True when it did. Making the
    tables afresh costs a test 140 ms (one write to disk per table), the copy 1 ms. A
    PostgreSQL schema, or a file that exists already, is left to db.create_all."""
    global _template
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        return False
    target = Path(uri.removeprefix("sqlite:///"))
    if target.exists():
        return False
    if _template is None:
        _template = _build_template(config)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template, target)
    return True


def _build_template(config: dict) -> Path:
    from directory import create_app
    from directory.extensions import db
    from directory.vocabulary import load_vocabularies

    folder = Path(tempfile.mkdtemp(prefix="solace-test-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "empty.sqlite"
    app = create_app(
        {
            **config,
            "INSTANCE_PATH": str(folder / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SEARCH_INDEX_DIR": str(folder / "search"),
        }
    )
    with app.app_context():
        db.create_all()
        load_vocabularies(db.session)
        db.session.remove()
        db.engine.dispose()
    return path


_ddl_scripts: dict[str, str] = {}


def create_tables() -> None:
    """`db.create_all()` in the current app's empty database. On PostgreSQL the same
    statements run as one script, compiled once per process, without asking first which
    tables exist: 60-80 ms less for each of the suite's 1,700 apps."""
    from sqlalchemy import create_mock_engine

    from directory.extensions import db

    dialect = db.engine.dialect
    if dialect.name != "postgresql":
        db.create_all()
        return
    if dialect.name not in _ddl_scripts:
        statements = []
        mock = create_mock_engine(
            f"{dialect.name}+{dialect.driver}://",
            lambda ddl, *args, **kwargs: statements.append(str(ddl.compile(dialect=dialect))),
        )
        db.metadata.create_all(mock, checkfirst=False)
        _ddl_scripts[dialect.name] = ";\n".join(statements)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(_ddl_scripts[dialect.name])


def redis_config(tmp_path: Path) -> dict:
    """Redis settings for a test: none unless SOLACE_TEST_REDIS_URL is set."""
    if not REDIS_URL:
        return {}
    key = str(tmp_path)
    if key not in _redis_prefixes:
        _redis_prefixes[key] = f"solace-test-{secrets.token_hex(6)}"
    prefix = _redis_prefixes[key]
    return {"REDIS_URL": REDIS_URL, "HUEY_NAME": prefix, "RATELIMIT_KEY_PREFIX": prefix}


def delete_redis_keys(url: str, prefix: str) -> int:
    """Delete every key whose name contains `prefix`; returns how many."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        return len(keys)
    finally:
        client.close()


def dispose_engines() -> None:
    """Close the pooled connections of every app a test built and left for the garbage
    collector, which would otherwise close them at some later test, with a warning."""
    from directory.extensions import db

    for engines in list(db._app_engines.values()):
        for engine in engines.values():
            engine.dispose()


def forget_rate_limit_prefix() -> None:
    """Flask-Limiter keeps the first key prefix it was given for every later app; let the
    next test's app set its own, or its counters would pile up under an old prefix."""
    from directory.extensions import limiter

    limiter._key_prefix = ""


def unused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on just now: for a server to start on,
    or for an address that must refuse connections."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def private_redis_server() -> Iterator[str]:
    """A redis-server of our own on a free port, for tests that pause or stop Redis
    (CLIENT PAUSE pauses a whole server, and the shared one serves everyone's tests);
    yields its URL. Skips the test when there is no redis-server on this machine."""
    import pytest
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server on this machine to pause")
    port = unused_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started (gunicorn's web processes), none once it has gone."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def clean_up_after_test() -> None:
    """Close the test's connections; drop the schemas and Redis keys it made."""
    dispose_engines()
    forget_rate_limit_prefix()
    while _schemas:
        _, schema = _schemas.popitem()
        drop_schema(schema)
    while _redis_prefixes:
        _, prefix = _redis_prefixes.popitem()
        delete_redis_keys(REDIS_URL, prefix)
