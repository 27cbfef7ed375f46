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
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.client import (
    Connection,
    Kind,
    ServerProcess,
    StartServer,
    Transport,
    server_kind,
    write_config,
)
from tests.support.mock_provider import MockProvider
from tests.support.reference import ReferenceUnavailable, generate_schema
from tests.support.schema import OfficialSchema

TRANSPORTS: tuple[Transport, ...] = ("stdio", "ws")


@pytest.fixture(scope="session")
def official_schema(tmp_path_factory: pytest.TempPathFactory) -> OfficialSchema:
    """The official v2 schema, generated now by the reference (never a committed copy)."""
    out = tmp_path_factory.mktemp("official-schema")
    try:
        return OfficialSchema(generate_schema(out))
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required for this test: {exc}", pytrace=False)


@pytest.fixture
def mock_provider() -> Iterator[MockProvider]:
    with MockProvider() as provider:
        yield provider


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> Transport:
    value: Transport = request.param
    return value


def _factory(
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
        server = ServerProcess(
            kind=kind,
            home=home,
            transport=transport or default_transport,
            cwd=home.parent / "work",
            schema=schema,
            extra_args=extra_args,
            env=dict(env or {}),
        )
        started.append(server)
        return server.start(wait_ready=wait_ready)

    return start


def _teardown(started: list[ServerProcess]) -> None:
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


@pytest.fixture
def spindle(
    tmp_path: Path,
    transport: Transport,
    mock_provider: MockProvider,
    official_schema: OfficialSchema,
) -> Iterator[StartServer]:
    """Start real spindle servers (per test); fails at teardown on any schema violation."""
    started: list[ServerProcess] = []
    yield _factory(tmp_path, transport, mock_provider, official_schema, started)
    _teardown(started)


@pytest.fixture
def spindle_ws(
    tmp_path: Path, mock_provider: MockProvider, official_schema: OfficialSchema
) -> Iterator[StartServer]:
    """Like ``spindle`` but WebSocket only (for ws-specific tests; not parametrised)."""
    started: list[ServerProcess] = []
    yield _factory(tmp_path, "ws", mock_provider, official_schema, started)
    _teardown(started)


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
    start = _factory(root, request.param, shared_provider, official_schema, started)
    yield start()
    _teardown(started)


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
