"""A throwaway PostgreSQL cluster for end-to-end tests, and databases in it.

``initdb`` + ``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` start a cluster on 127.0.0.1 (as
the ``postgres`` user through ``runuser`` when running as root, since PostgreSQL refuses
root). With ``SPINDLE_REQUIRE_POSTGRES=1`` (CI) a missing PostgreSQL fails instead of
skipping.

``SPINDLE_E2E_DATABASE=postgresql`` runs the end-to-end suite's spindle servers on
PostgreSQL: each server home gets its own fresh database (a restarted server on the same
home finds its database again), so tests stay as isolated as with SQLite files.
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
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

__all__ = ["PgCluster", "e2e_on_postgres", "missing_postgres", "pg_cluster"]


def e2e_on_postgres() -> bool:
    """Whether the e2e suite's servers use PostgreSQL (``SPINDLE_E2E_DATABASE``)."""
    value = os.environ.get("SPINDLE_E2E_DATABASE", "sqlite")
    if value not in ("sqlite", "postgresql"):
        raise ValueError(f"SPINDLE_E2E_DATABASE must be sqlite or postgresql, not {value!r}")
    return value == "postgresql"


def missing_postgres(reason: str) -> None:
    if os.environ.get("SPINDLE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (SPINDLE_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


@dataclass
class PgCluster:
    """A running cluster reachable on 127.0.0.1 with trust authentication."""

    port: int
    user: str = "postgres"
    _by_home: dict[Path, str] = field(default_factory=dict)

    def create_database(self) -> str:
        """A new empty database; its URL (plain ``postgresql://``, as a user writes it)."""
        name = f"e2e_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def database_for(self, home: Path) -> str:
        """The database of a server home, created on first use."""
        key = home.resolve()
        if key not in self._by_home:
            self._by_home[key] = self.create_database()
        return self._by_home[key]


@contextlib.contextmanager
def pg_cluster() -> Iterator[PgCluster]:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        missing_postgres("no /usr/lib/postgresql/*/bin/pg_ctl")
    bindir = Path(candidates[-1]).parent
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="spindle-e2e-pg-"))
    if os.geteuid() == 0:
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, user="postgres", group="postgres")
    data = base / "data"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    try:
        subprocess.run(
            [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(base / "log"), "-w", "-t", "60", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(base, ignore_errors=True)
        detail = getattr(error, "stderr", b"") or b""
        missing_postgres(f"{error}: {detail.decode(errors='replace')}")
    try:
        yield PgCluster(port)
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)
