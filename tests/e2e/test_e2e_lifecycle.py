"""Session lifecycle through a real server process, over stdio and WebSocket."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.support.client import Connection, ServerProcess, StartServer, Transport
from tests.support.mock_provider import MockProvider
from tests.support.schema import OfficialSchema
from tests.support.servers import start_servers, stop_servers

CLIENT = {"name": "e2e-client", "version": "1.2"}


@pytest.fixture(scope="module")
def ws_server(
    tmp_path_factory: pytest.TempPathFactory, official_schema: OfficialSchema
) -> Iterator[ServerProcess]:
    """Over ws every new connection is a fresh session, so one server serves them all."""
    started: list[ServerProcess] = []
    with MockProvider() as provider:
        root = tmp_path_factory.mktemp("lifecycle-ws")
        yield start_servers(root, "ws", provider, official_schema, started)()
        stop_servers(started)


@pytest.fixture
def fresh(
    request: pytest.FixtureRequest, transport: Transport, spindle: StartServer
) -> tuple[ServerProcess, Connection]:
    """A server and a connection that has not initialized yet."""
    server: ServerProcess = request.getfixturevalue("ws_server") if transport == "ws" else spindle()
    return server, server.connect()


def test_request_before_initialize_gets_not_initialized(
    fresh: tuple[ServerProcess, Connection],
) -> None:
    _, conn = fresh
    reply = conn.request("thread/list", {})
    assert reply == {"error": {"code": -32600, "message": "Not initialized"}, "id": reply["id"]}


def test_initialize_returns_user_agent_home_and_platform(
    fresh: tuple[ServerProcess, Connection],
) -> None:
    server, conn = fresh
    result = conn.call("initialize", {"clientInfo": CLIENT})
    assert list(result) == ["userAgent", "codexHome", "platformFamily", "platformOs"]
    # <name>/<version> (<os> <os-version>; <arch>) <terminal> (<name>; <client version>)
    assert re.fullmatch(
        r"e2e-client/\S+ \([^;]+; [^)]+\) \S+ \(e2e-client; 1\.2\)", result["userAgent"]
    )
    assert result["codexHome"] == str(server.home)
    assert (result["platformFamily"], result["platformOs"]) == ("unix", "linux")


def test_capabilities_may_be_omitted(fresh: tuple[ServerProcess, Connection]) -> None:
    _, conn = fresh
    conn.call("initialize", {"clientInfo": CLIENT})
    assert "data" in conn.call("thread/list", {})


def test_second_initialize_gets_already_initialized(
    fresh: tuple[ServerProcess, Connection],
) -> None:
    _, conn = fresh
    conn.initialize()
    reply = conn.request("initialize", {"clientInfo": CLIENT})
    assert reply["error"] == {"code": -32600, "message": "Already initialized"}


def test_initialized_notification_is_not_required(fresh: tuple[ServerProcess, Connection]) -> None:
    _, conn = fresh
    conn.call("initialize", {"clientInfo": CLIENT})
    assert list(conn.call("thread/list", {})) == [
        "data",
        "readStates",
        "nextCursor",
        "backwardsCursor",
    ]


def test_client_name_becomes_thread_originator(spindle: StartServer) -> None:
    # Own process: the reference keeps the first connection's client name process-wide.
    conn = spindle().connect()
    conn.initialize("my-ide")
    thread = conn.call("thread/start", {})["thread"]
    assert thread["originator"] == "my-ide"
    assert thread["source"] == "vscode"


def test_notifications_carry_emitted_at_ms_outside_params(
    fresh: tuple[ServerProcess, Connection],
) -> None:
    _, conn = fresh
    conn.initialize()
    since = conn.mark()
    conn.call("thread/start", {})
    started = conn.wait_for("thread/started", since=since)
    assert list(started) == ["method", "params", "emittedAtMs"]
    assert isinstance(started["emittedAtMs"], int) and started["emittedAtMs"] > 1_600_000_000_000
    assert "emittedAtMs" not in started["params"]


def test_responses_have_no_jsonrpc_member_and_reference_member_order(
    fresh: tuple[ServerProcess, Connection],
) -> None:
    _, conn = fresh
    error = conn.request("thread/list", {})
    assert list(error) == ["error", "id"]
    assert list(error["error"]) == ["code", "message"]
    conn.initialize()
    ok = conn.request("thread/list", {})
    assert list(ok) == ["id", "result"]


def test_clean_shutdown_exits_zero(spindle: StartServer) -> None:
    """stdin EOF (stdio) or SIGTERM (ws) on an idle server exits with code 0."""
    server = spindle()
    conn = server.connect()
    conn.initialize()
    conn.call("thread/start", {})
    assert server.shutdown() == 0
