"""Start real servers for tests and stop them, failing on any official-schema violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.client import (
    Kind,
    ServerProcess,
    StartServer,
    Transport,
    server_kind,
    write_config,
)
from tests.support.mock_provider import MockProvider
from tests.support.postgres import PgCluster
from tests.support.schema import OfficialSchema

__all__ = ["start_servers", "stop_servers", "use_postgres"]

# Set for a session running the e2e suite on PostgreSQL (SPINDLE_E2E_DATABASE=postgresql).
_postgres: list[PgCluster] = []


def use_postgres(cluster: PgCluster | None) -> None:
    """Give every spindle server started from now on a database of ``cluster`` (None: SQLite)."""
    _postgres[:] = [] if cluster is None else [cluster]


def start_servers(
    root: Path,
    default_transport: Transport,
    default_provider: MockProvider,
    schema: OfficialSchema,
    started: list[ServerProcess],
) -> StartServer:
    counter = iter(range(1_000_000))

    def start(
        *,
        home: Path | None = None,
        transport: Transport | None = None,
        provider: MockProvider | None = None,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        kind: Kind | None = None,
        config_extra: str = "",
        wait_ready: bool = True,
    ) -> ServerProcess:
        n = next(counter)
        kind = kind or server_kind()
        if home is None:
            home = root / f"server{n}" / "home"
        if not (home / "config.toml").exists():
            write_config(home, (provider or default_provider).base_url, extra=config_extra)
        env = dict(env or {})
        if _postgres and kind == "spindle" and "SPINDLE_DATABASE_URL" not in env:
            env["SPINDLE_DATABASE_URL"] = _postgres[0].database_for(home)
        server = ServerProcess(
            kind=kind,
            home=home,
            transport=transport or default_transport,
            cwd=home.parent / "work",
            schema=schema,
            extra_args=extra_args,
            env=env,
        )
        started.append(server)
        return server.start(wait_ready=wait_ready)

    return start


def stop_servers(started: list[ServerProcess]) -> None:
    problems: list[str] = []
    for server in started:
        if server.running:
            try:
                server.shutdown(timeout=10)
            except RuntimeError:
                server.kill()
        problems.extend(server.iter_all_schema_errors())
    if problems:
        pytest.fail(
            "messages that do not match the official v2 schema:\n" + "\n".join(problems[:50]),
            pytrace=False,
        )
