"""``--listen`` parsing, the non-loopback guard, and the transport package's public API."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spindle_app_server.transport as transport
from spindle_app_server.transport import (
    ListenTarget,
    ListenUrlError,
    StartupError,
    WsAuth,
    check_listen_allowed,
    parse_listen,
)
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect as ws_connect

from tests.support.client import spindle_command

UNSUPPORTED = (
    "unsupported --listen URL `{}`; expected `stdio://`, `unix://`, `unix://PATH`, "
    "`ws://IP:PORT`, or `off`"
)
INVALID_WS = "invalid websocket --listen URL `{}`; expected `ws://IP:PORT`"


def test_public_api_is_the_sorted_exported_set() -> None:
    assert transport.__all__ == sorted(transport.__all__)
    assert set(transport.__all__) == {
        "Connection",
        "ConnectionClosed",
        "ConnectionHandler",
        "ListenTarget",
        "ListenUrlError",
        "OutboundQueue",
        "StartupError",
        "StdioConnection",
        "WebSocketConnection",
        "WsAuth",
        "check_listen_allowed",
        "parse_listen",
        "serve_stdio",
        "serve_websocket",
        "websocket_banner",
    }
    for name in transport.__all__:
        assert hasattr(transport, name), name


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("stdio://", ListenTarget("stdio")),
        ("ws://127.0.0.1:0", ListenTarget("ws", "127.0.0.1", port=0)),
        ("ws://127.0.0.1:4500", ListenTarget("ws", "127.0.0.1", port=4500)),
        # The reference accepts leading zeros in the port.
        ("ws://127.0.0.1:00080", ListenTarget("ws", "127.0.0.1", port=80)),
        ("ws://0.0.0.0:47825", ListenTarget("ws", "0.0.0.0", port=47825)),
        ("ws://[::1]:9", ListenTarget("ws", "::1", port=9)),
        ("ws://[::]:9", ListenTarget("ws", "::", port=9)),
    ],
)
def test_parse_listen_accepts_what_the_reference_accepts(url: str, expected: ListenTarget) -> None:
    assert parse_listen(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo", UNSUPPORTED.format("foo")),
        ("http://127.0.0.1:1", UNSUPPORTED.format("http://127.0.0.1:1")),
        ("stdio://x", UNSUPPORTED.format("stdio://x")),
        ("", UNSUPPORTED.format("")),
        ("ws://localhost:0", INVALID_WS.format("ws://localhost:0")),
        ("ws://127.0.0.1", INVALID_WS.format("ws://127.0.0.1")),
        ("ws://127.0.0.1:0/path", INVALID_WS.format("ws://127.0.0.1:0/path")),
        ("ws://127.0.0.1:99999", INVALID_WS.format("ws://127.0.0.1:99999")),
        ("ws://127.0.0.1:+1", INVALID_WS.format("ws://127.0.0.1:+1")),
        ("ws://1.2.3:1", INVALID_WS.format("ws://1.2.3:1")),
        ("ws://127.1:0", INVALID_WS.format("ws://127.1:0")),
        ("ws://[::1]", INVALID_WS.format("ws://[::1]")),
        ("ws://::1:0", INVALID_WS.format("ws://::1:0")),
    ],
)
def test_parse_listen_rejects_with_the_reference_message(url: str, message: str) -> None:
    with pytest.raises(ListenUrlError) as info:
        parse_listen(url)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("url", "kind", "path"),
    [("unix://", "unix", ""), ("unix:///tmp/sock", "unix", "/tmp/sock"), ("off", "off", "")],
)
def test_parse_listen_accepts_unix_sockets_and_off(url: str, kind: str, path: str) -> None:
    target = parse_listen(url)
    assert (target.kind, target.path, target.url) == (kind, path, url)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("ws://0.0.0.0:47825", "0.0.0.0:47825"),
        ("ws://[::]:47825", "[::]:47825"),
        ("ws://10.1.2.3:1", "10.1.2.3:1"),
        # Like Rust's is_loopback, an IPv4-mapped IPv6 loopback is not loopback.
        ("ws://[::ffff:127.0.0.1]:0", "[::ffff:127.0.0.1]:0"),
    ],
)
def test_non_loopback_without_auth_refuses_to_start(url: str, address: str) -> None:
    with pytest.raises(StartupError) as info:
        check_listen_allowed(parse_listen(url), auth=None)
    assert str(info.value) == (
        f"refusing to start non-loopback websocket listener {address} without auth; "
        "configure `--ws-auth capability-token` or `--ws-auth signed-bearer-token`"
    )


@pytest.mark.parametrize(
    "url", ["stdio://", "ws://127.0.0.1:0", "ws://127.9.9.9:1", "ws://[::1]:0"]
)
def test_loopback_without_auth_is_allowed(url: str, tmp_path: Path) -> None:
    """Allowed means: the guard passes, and a real server starts there and serves."""
    check_listen_allowed(parse_listen(url), auth=None)
    with _serving(tmp_path, url) as server:
        if url == "stdio://":
            assert server.stdin is not None and server.stdout is not None
            server.stdin.write((json.dumps(INITIALIZE) + "\n").encode())
            server.stdin.flush()
            assert "userAgent" in json.loads(server.stdout.readline())["result"]
        else:
            assert "userAgent" in _initialize_over_ws(_bound_url(server))["result"]


def test_non_loopback_with_auth_is_allowed(tmp_path: Path) -> None:
    """Allowed means: it starts on all interfaces, and the token is required to connect."""
    token = "a capability token"
    digest = hashlib.sha256(token.encode()).hexdigest()
    auth = WsAuth.from_options("capability-token", token_sha256=digest)
    check_listen_allowed(parse_listen("ws://0.0.0.0:47825"), auth)
    args = ("--ws-auth", "capability-token", "--ws-token-sha256", digest)
    with _serving(tmp_path, "ws://0.0.0.0:0", *args) as server:
        url = _bound_url(server).replace("0.0.0.0", "127.0.0.1")
        reply = _initialize_over_ws(url, headers={"Authorization": f"Bearer {token}"})
        assert "userAgent" in reply["result"]
        with pytest.raises(InvalidStatus) as refused:
            _initialize_over_ws(url)
        assert refused.value.response.status_code == 401


INITIALIZE = {
    "id": 1,
    "method": "initialize",
    "params": {"clientInfo": {"name": "t", "version": "0"}},
}


@contextlib.contextmanager
def _serving(tmp_path: Path, url: str, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "SPINDLE_HOME": str(tmp_path / "home"), "NO_PROXY": "*"}
    command = [*spindle_command(), "app-server", "--listen", url]
    server = subprocess.Popen(
        [*command, *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield server
    finally:
        server.kill()
        server.wait(timeout=30)
        for stream in (server.stdin, server.stdout, server.stderr):
            if stream is not None:
                stream.close()


def _bound_url(server: subprocess.Popen[bytes]) -> str:
    """The URL of the server's startup banner (``listening on: ws://HOST:PORT``)."""
    assert server.stderr is not None
    for raw in server.stderr:
        line = raw.decode().strip()
        if line.startswith("listening on: "):
            return line.removeprefix("listening on: ")
    raise AssertionError(f"the server exited (code {server.wait(timeout=30)}) without a banner")


def _initialize_over_ws(url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    with ws_connect(url, additional_headers=headers, open_timeout=30) as ws:
        ws.send(json.dumps(INITIALIZE))
        reply: dict[str, Any] = json.loads(ws.recv(timeout=30))
        return reply


def test_listen_target_formats_its_url() -> None:
    assert parse_listen("ws://[::1]:9").url == "ws://[::1]:9"
    assert parse_listen("ws://127.0.0.1:9").url == "ws://127.0.0.1:9"
    assert parse_listen("stdio://").url == "stdio://"
