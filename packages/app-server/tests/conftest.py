"""Fixtures for the app server's own tests: real ``spindle app-server`` processes.

``server`` starts a real server subprocess (stdio or ws, parametrised by ``transport``) on a
tmp home whose config.toml points at a local mock Responses server; only the model provider
is mocked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, Transport, write_config
from tests.support.mock_provider import MockProvider

StartServer = Callable[..., ServerProcess]

# A cold start imports pydantic, SQLAlchemy and Alembic; on a loaded 2-core machine that
# alone has taken tens of seconds, so the first answer gets a generous bound.
STARTUP_TIMEOUT = 180.0


@pytest.fixture
def provider() -> Iterator[MockProvider]:
    with MockProvider() as mock:
        yield mock


@pytest.fixture(params=["stdio", "ws"])
def transport(request: pytest.FixtureRequest) -> Transport:
    value: Transport = request.param
    return value


@pytest.fixture
def start_server(tmp_path: Path, provider: MockProvider) -> Iterator[StartServer]:
    """Start spindle processes; every one is stopped at teardown."""
    started: list[ServerProcess] = []

    def start(
        transport: Transport = "stdio",
        *,
        home: Path | None = None,
        config: bool = True,
        extra_config: str = "",
        env: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> ServerProcess:
        home = home or tmp_path / "home"
        if config:
            write_config(home, provider.base_url, extra=extra_config)
        else:
            home.mkdir(parents=True, exist_ok=True)
        server = ServerProcess(
            kind="spindle",
            home=home,
            transport=transport,
            cwd=tmp_path / "work",
            env=env or {},
            **kwargs,
        )
        started.append(server)
        server.start(wait_ready=False)
        if transport == "ws":
            server.wait_ready(timeout=STARTUP_TIMEOUT)
        return server

    yield start
    for server in started:
        if server.running:
            server.kill()


@pytest.fixture
def conn(start_server: StartServer, transport: Transport) -> Connection:
    """An initialized connection to a fresh server on ``transport``."""
    connection = start_server(transport).connect()
    result = connection.call(
        "initialize",
        {
            "clientInfo": {"name": "probe", "version": "0"},
            "capabilities": {"experimentalApi": True},
        },
        timeout=STARTUP_TIMEOUT,
    )
    assert "userAgent" in result
    connection.notify("initialized")
    return connection
