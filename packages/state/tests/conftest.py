"""Fixtures for the state suite: every store test runs on SQLite and on PostgreSQL.

PostgreSQL: a throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql/*/bin) is started
once per session, and each test gets its own database. PostgreSQL refuses to run as root,
so as root the cluster runs as the ``postgres`` user through ``runuser``. When
``SPINDLE_REQUIRE_POSTGRES=1`` (CI) a missing PostgreSQL fails the tests instead of skipping.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from spindle_state import StateStore, open_store
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@dataclass(frozen=True)
class PgServer:
    """A running throwaway PostgreSQL cluster reachable on 127.0.0.1."""

    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _missing_postgres(reason: str) -> None:
    if os.environ.get("SPINDLE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (SPINDLE_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Start a PostgreSQL cluster for the session (as ``postgres`` when running as root)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        _missing_postgres("no /usr/lib/postgresql/*/bin/pg_ctl")
    bindir = Path(candidates[-1]).parent
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="spindle-pg-"))
    if os.geteuid() == 0:
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, user="postgres", group="postgres")
    data = base / "data"
    port = _free_port()
    try:
        subprocess.run(
            [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(base / "log"), "-w", "-t", "60", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(base, ignore_errors=True)
        detail = getattr(error, "stderr", b"") or b""
        _missing_postgres(f"{error}: {detail.decode(errors='replace')}")
    try:
        yield PgServer("127.0.0.1", port, "postgres")
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; yields its SQLAlchemy URL."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with pg_server.admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_server.url(name)
    finally:
        with pg_server.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    """None for SQLite (the default file in the test's home), else a fresh PostgreSQL URL."""
    if backend == "sqlite":
        return None
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def store(home: Path, db_url: str | None) -> Iterator[StateStore]:
    with open_store(home, db_url) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Dispose every engine a test connected with (Windows locks open SQLite files)."""
    engines: set[Engine] = set()

    def remember(connection: Connection) -> None:
        engines.add(connection.engine)

    event.listen(Engine, "engine_connect", remember)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", remember)
        for engine in engines:
            with contextlib.suppress(Exception):
                engine.dispose()
