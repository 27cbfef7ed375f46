"""Shared fixtures for the cross-package and end-to-end tests.

- ``official_schema``: the official v2 JSON schema, generated from the reference
  ``codex`` 0.169.0 at test time (FAILS, never skips, when the reference is unavailable).
- ``mock_provider``: a fresh mock Responses API server on 127.0.0.1.
- ``transport``: ``"stdio"`` and ``"ws"`` (STYLE.md #14); every e2e test using
  ``spindle``/``shared_spindle`` runs once per transport.
- ``spindle``: a factory that starts real ``spindle app-server`` processes (or the reference
  with ``SPINDLE_E2E_SERVER=reference``, to check the tests themselves) on a tmp home
  whose config.toml points at the mock provider; every received message is validated against
  the official schema and teardown fails if any was invalid.
- ``shared_spindle`` / ``shared_provider``: one server per test module and transport, for
  tests whose state does not interfere.
- ``pg_cluster``: a throwaway PostgreSQL cluster. With ``SPINDLE_E2E_DATABASE=postgresql``
  every spindle server of the session runs on it (a fresh database per server home).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.client import (
    Connection,
    ServerProcess,
    StartServer,
    Transport,
)
from tests.support.mock_provider import MockProvider
from tests.support.postgres import PgCluster, e2e_on_postgres
from tests.support.postgres import pg_cluster as start_pg_cluster
from tests.support.reference import ReferenceUnavailable, generate_schema
from tests.support.schema import OfficialSchema
from tests.support.servers import start_servers, stop_servers, use_postgres

TRANSPORTS: tuple[Transport, ...] = ("stdio", "ws")


@pytest.fixture(scope="session")
def official_schema(tmp_path_factory: pytest.TempPathFactory) -> OfficialSchema:
    """The official v2 schema, generated now by the reference (never a committed copy)."""
    out = tmp_path_factory.mktemp("official-schema")
    try:
        return OfficialSchema(generate_schema(out))
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required for this test: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL cluster for the session (skips, or fails in CI, without PostgreSQL)."""
    with start_pg_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session", autouse=True)
def _e2e_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """SPINDLE_E2E_DATABASE=postgresql: every spindle server gets a PostgreSQL database."""
    if not e2e_on_postgres():
        yield
        return
    use_postgres(request.getfixturevalue("pg_cluster"))
    yield
    use_postgres(None)


@pytest.fixture
def mock_provider() -> Iterator[MockProvider]:
    with MockProvider() as provider:
        yield provider


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> Transport:
    value: Transport = request.param
    return value


@pytest.fixture
def spindle(
    tmp_path: Path,
    transport: Transport,
    mock_provider: MockProvider,
    official_schema: OfficialSchema,
) -> Iterator[StartServer]:
    """Start real spindle servers (per test); fails at teardown on any schema violation."""
    started: list[ServerProcess] = []
    yield start_servers(tmp_path, transport, mock_provider, official_schema, started)
    stop_servers(started)


@pytest.fixture
def spindle_ws(
    tmp_path: Path, mock_provider: MockProvider, official_schema: OfficialSchema
) -> Iterator[StartServer]:
    """Like ``spindle`` but WebSocket only (for ws-specific tests; not parametrised)."""
    started: list[ServerProcess] = []
    yield start_servers(tmp_path, "ws", mock_provider, official_schema, started)
    stop_servers(started)


@pytest.fixture(scope="module")
def shared_provider() -> Iterator[MockProvider]:
    with MockProvider() as provider:
        yield provider


@pytest.fixture(scope="module", params=TRANSPORTS)
def shared_spindle(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    shared_provider: MockProvider,
    official_schema: OfficialSchema,
) -> Iterator[ServerProcess]:
    """One spindle server per module and transport."""
    started: list[ServerProcess] = []
    root = tmp_path_factory.mktemp(f"shared-{request.param}")
    start = start_servers(root, request.param, shared_provider, official_schema, started)
    yield start()
    stop_servers(started)


@pytest.fixture
def conn(shared_spindle: ServerProcess, shared_provider: MockProvider) -> Iterator[Connection]:
    """An initialized connection to the module's shared server (fresh socket over ws)."""
    shared_provider.reset()
    connection = shared_spindle.connect()
    if not connection.initialized:
        connection.initialize()
    yield connection
    if shared_spindle.transport == "ws":
        connection.close()
