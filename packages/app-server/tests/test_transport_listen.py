"""``--listen`` parsing, the non-loopback guard, and the transport package's public API."""

from __future__ import annotations

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
def test_loopback_without_auth_is_allowed(url: str) -> None:
    check_listen_allowed(parse_listen(url), auth=None)


def test_non_loopback_with_auth_is_allowed() -> None:
    auth = WsAuth.from_options("capability-token", token_sha256="ab" * 32)
    check_listen_allowed(parse_listen("ws://0.0.0.0:47825"), auth)


def test_listen_target_formats_its_url() -> None:
    assert parse_listen("ws://[::1]:9").url == "ws://[::1]:9"
    assert parse_listen("ws://127.0.0.1:9").url == "ws://127.0.0.1:9"
    assert parse_listen("stdio://").url == "stdio://"
