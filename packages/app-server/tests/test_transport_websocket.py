"""The WebSocket transport over real sockets on 127.0.0.1.

HTTP answers (health checks, plain-HTTP 400, Origin 403) were measured on the reference.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import http.client
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from spindle_app_server.transport import (
    Connection,
    ConnectionClosed,
    StartupError,
    WebSocketConnection,
    parse_listen,
    serve_websocket,
    websocket_banner,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed as WsConnectionClosed
from websockets.exceptions import InvalidStatus

from tests.support.reference import reference_ws_server

Handler = Callable[[Connection], Awaitable[None]]


async def echo(connection: Connection) -> None:
    async for text in connection.incoming():
        await connection.send(text)


class Served:
    """A running listener: its port, its stop event and the connections it accepted."""

    def __init__(self, port: int, stop: asyncio.Event, task: asyncio.Task[None]) -> None:
        self.port = port
        self.stop = stop
        self.task = task
        self.connections: list[Connection] = []

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


@contextlib.asynccontextmanager
async def running(handler: Handler = echo, **options: Any) -> AsyncIterator[Served]:
    stop = asyncio.Event()
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    served: Served | None = None

    async def recording(connection: Connection) -> None:
        assert served is not None
        served.connections.append(connection)
        await handler(connection)

    options.setdefault("banner", False)
    task = asyncio.create_task(
        serve_websocket(
            parse_listen("ws://127.0.0.1:0"),
            None,  # auth
            recording,
            stop,
            on_ready=ready.set_result,
            **options,
        )
    )
    url = await asyncio.wait_for(ready, 10)
    served = Served(int(url.rsplit(":", 1)[1]), stop, task)
    try:
        yield served
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def eventually(predicate: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait for a condition (a readiness wait, not a timing assertion)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def http_request(
    port: int, method: str, path: str, headers: Mapping[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, headers=dict(headers or {}))
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


async def http_call(
    port: int, method: str, path: str, headers: Mapping[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    return await asyncio.to_thread(http_request, port, method, path, headers)


# --- plain HTTP -----------------------------------------------------------------------------


def test_health_checks_answer_200_with_an_empty_body() -> None:
    async def scenario() -> None:
        async with running() as served:
            for path in ("/healthz", "/readyz", "/healthz?probe=1"):
                status, headers, body = await http_call(served.port, "GET", path)
                assert (status, body, headers["content-length"]) == (200, b"", "0")
            status, _, body = await http_call(served.port, "HEAD", "/readyz")
            assert (status, body) == (200, b"")

    asyncio.run(scenario())


def test_health_check_with_another_method_is_405() -> None:
    async def scenario() -> None:
        async with running() as served:
            status, headers, body = await http_call(served.port, "POST", "/healthz")
            assert (status, headers["allow"], body) == (405, "GET,HEAD", b"")

    asyncio.run(scenario())


@pytest.mark.parametrize("path", ["/", "/foo", "/ws", "/healthz/"])
def test_plain_http_on_other_paths_is_400_connection_header(path: str) -> None:
    async def scenario() -> None:
        async with running() as served:
            status, headers, body = await http_call(served.port, "GET", path)
            assert status == 400
            assert body == b"Connection header did not include 'upgrade'"
            assert headers["content-type"] == "text/plain; charset=utf-8"

    asyncio.run(scenario())


def test_upgrade_with_another_method_is_405() -> None:
    async def scenario() -> None:
        async with running() as served:
            status, _, body = await http_call(served.port, "POST", "/")
            assert (status, body) == (405, b"Request method must be `GET`")

    asyncio.run(scenario())


UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


@pytest.mark.parametrize(
    ("drop", "override", "message"),
    [
        ("Upgrade", {}, "`Upgrade` header did not include 'websocket'"),
        ("", {"Upgrade": "h2c"}, "`Upgrade` header did not include 'websocket'"),
        ("", {"Sec-WebSocket-Version": "8"}, "`Sec-WebSocket-Version` header did not include '13'"),
        ("Sec-WebSocket-Key", {}, "`Sec-WebSocket-Key` header missing"),
    ],
)
def test_broken_upgrade_requests_get_axum_messages(
    drop: str, override: dict[str, str], message: str
) -> None:
    headers = {k: v for k, v in UPGRADE.items() if k != drop} | override

    async def scenario() -> None:
        async with running() as served:
            status, _, body = await http_call(served.port, "GET", "/", headers)
            assert (status, body.decode()) == (400, message)

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/healthz", {}),
        ("GET", "/readyz", {}),
        ("GET", "/", {}),
        ("GET", "/", UPGRADE),
        ("GET", "/ws", UPGRADE),
    ],
)
@pytest.mark.parametrize("origin", ["http://127.0.0.1", "null", "https://example.com", ""])
def test_any_origin_header_is_403_with_an_empty_body(
    method: str, path: str, headers: dict[str, str], origin: str
) -> None:
    async def scenario() -> None:
        async with running() as served:
            status, found, body = await http_call(
                served.port, method, path, {**headers, "Origin": origin}
            )
            assert (status, body, found["content-length"]) == (403, b"", "0")

    asyncio.run(scenario())


def test_origin_rejection_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with running() as served:
            with pytest.raises(InvalidStatus) as info:
                async with connect(served.url, origin="http://127.0.0.1"):  # type: ignore[arg-type]
                    pass
            assert info.value.response.status_code == 403

    asyncio.run(scenario())
    assert "rejecting websocket listener request with Origin header" in caplog.text


# --- frames ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/ws", "/any/thing?x=1"])
def test_upgrade_is_accepted_on_any_path_and_frames_pass_through_raw(path: str) -> None:
    async def scenario() -> None:
        async with running() as served, connect(served.url + path) as ws:
            for text in ['{"id":1,"method":"initialize"}', "  {not json  ", ""]:
                await ws.send(text)
                assert await ws.recv() == text

    asyncio.run(scenario())


def test_binary_frames_are_dropped_and_the_connection_stays_usable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with running() as served, connect(served.url) as ws:
            await ws.send(b'{"id":1}')
            await ws.send('{"id":2}')
            assert await ws.recv() == '{"id":2}'

    asyncio.run(scenario())
    assert "dropping unsupported binary websocket message" in caplog.text


def test_multi_megabyte_frames_pass_both_ways() -> None:
    big_in = '{"pad":"' + "a" * (6 << 20) + '"}'
    big_out = '{"result":"' + "b" * (24 << 20) + '"}'

    async def handler(connection: Connection) -> None:
        async for text in connection.incoming():
            await connection.send(str(len(text)))
            await connection.send(big_out)

    async def scenario() -> None:
        async with running(handler) as served, connect(served.url, max_size=None) as ws:
            await ws.send(big_in)
            assert await ws.recv() == str(len(big_in))
            assert await ws.recv() == big_out

    asyncio.run(scenario())


def test_frame_over_the_limit_closes_with_1009() -> None:
    async def scenario() -> None:
        async with running(max_message_bytes=1024) as served, connect(served.url) as ws:
            await ws.send("x" * 1024)
            assert await ws.recv() == "x" * 1024
            await ws.send("x" * 1025)
            with pytest.raises(WsConnectionClosed) as info:
                await ws.recv()
            assert info.value.rcvd is not None
            assert info.value.rcvd.code == 1009

    asyncio.run(scenario())


# --- connections ----------------------------------------------------------------------------


def test_many_connections_each_get_their_own_stream() -> None:
    async def handler(connection: Connection) -> None:
        async for text in connection.incoming():
            await connection.send(f"{connection.connection_id}:{connection.description}:{text}")

    async def client(url: str, index: int) -> tuple[int, str]:
        async with connect(url) as ws:
            local = ws.local_address
            replies: list[str] = []
            for n in range(20):
                await ws.send(f"{index}-{n}")
                reply = await ws.recv()
                assert isinstance(reply, str)
                replies.append(reply)
            ids = {r.split(":", 1)[0] for r in replies}
            assert len(ids) == 1
            assert all(r.endswith(f":{index}-{n}") for n, r in enumerate(replies))
            assert all(f":127.0.0.1:{local[1]}:" in r for r in replies)
            return int(ids.pop()), replies[0]

    async def scenario() -> None:
        async with running(handler) as served:
            results = await asyncio.gather(*(client(served.url, i) for i in range(12)))
            assert len({conn_id for conn_id, _ in results}) == 12
            assert len(served.connections) == 12

    asyncio.run(scenario())


def test_incoming_hands_up_the_next_frame_while_earlier_work_is_pending() -> None:
    """A request blocked on later input must not stop the transport reading that input."""

    async def handler(connection: Connection) -> None:
        release = asyncio.Event()
        tasks: set[asyncio.Task[None]] = set()

        async def work(text: str) -> None:
            if text == "wait":
                await release.wait()
                await connection.send("wait done")
            else:
                release.set()
                await connection.send("released")

        async for text in connection.incoming():
            task = asyncio.create_task(work(text))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)

    async def scenario() -> None:
        async with running(handler) as served, connect(served.url) as ws:
            await ws.send("wait")
            await ws.send("release")
            assert [await ws.recv(), await ws.recv()] == ["released", "wait done"]

    asyncio.run(scenario())


def test_send_after_the_client_left_raises_connection_closed() -> None:
    ended = asyncio.Event()
    outcome: list[BaseException] = []

    async def handler(connection: Connection) -> None:
        async for _ in connection.incoming():
            pass
        try:
            for _ in range(1000):
                await connection.send("late")
                await asyncio.sleep(0)
        except ConnectionClosed as exc:
            outcome.append(exc)
        ended.set()

    async def scenario() -> None:
        async with running(handler) as served:
            async with connect(served.url) as ws:
                await ws.send("hello")
            await asyncio.wait_for(ended.wait(), 10)
            assert outcome and isinstance(outcome[0], ConnectionClosed)

    asyncio.run(scenario())


def test_send_after_close_raises_connection_closed() -> None:
    errors: list[BaseException] = []

    async def handler(connection: Connection) -> None:
        await connection.close()
        try:
            await connection.send("after close")
        except ConnectionClosed as exc:
            errors.append(exc)

    async def scenario() -> None:
        async with running(handler) as served, connect(served.url) as ws:
            with pytest.raises(WsConnectionClosed):
                await ws.recv()
        assert len(errors) == 1

    asyncio.run(scenario())


def test_a_client_that_does_not_read_gets_back_pressure_not_unbounded_memory() -> None:
    capacity = 8
    total = 3000
    payload = "p" * (16 << 10)
    progress = {"sent": 0}
    done = asyncio.Event()

    async def handler(connection: Connection) -> None:
        for n in range(total):
            await connection.send(f"{n}:{payload}")
            progress["sent"] = n + 1
        done.set()
        async for _ in connection.incoming():
            pass

    async def scenario() -> None:
        # max_queue=1: the client library stops reading the socket once one frame waits.
        async with (
            running(handler, outbound_capacity=capacity, slow_client_grace=-1) as served,
            connect(served.url, max_queue=1, max_size=None) as ws,
        ):
            await eventually(lambda: len(served.connections) == 1, "the connection")
            server_side = served.connections[0]
            assert isinstance(server_side, WebSocketConnection)
            queue = server_side.outbound
            await eventually(lambda: queue.pending == capacity, "a full outbound queue")
            # The producer is parked in send(): it is not done and has not run ahead.
            assert not done.is_set()
            assert progress["sent"] < total
            assert queue.high_water <= capacity
            # Reading resumes the flow; every message arrives, in order, none lost.
            for n in range(total):
                frame = await ws.recv()
                assert isinstance(frame, str)
                assert frame.startswith(f"{n}:")
            await asyncio.wait_for(done.wait(), 30)
            assert queue.high_water == capacity

    asyncio.run(scenario())


# --- lifecycle ------------------------------------------------------------------------------


def test_stop_ends_incoming_flushes_and_closes_going_away() -> None:
    async def handler(connection: Connection) -> None:
        async for text in connection.incoming():
            await connection.send(text)
        await connection.send("bye")

    async def scenario() -> None:
        async with running(handler) as served:
            clients: list[ClientConnection] = []
            for _ in range(3):
                ws = await connect(served.url)
                await ws.send("hi")
                assert await ws.recv() == "hi"
                clients.append(ws)
            served.stop.set()
            await asyncio.wait_for(served.task, 30)
            for ws in clients:
                assert await ws.recv() == "bye"
                with pytest.raises(WsConnectionClosed) as info:
                    await ws.recv()
                assert info.value.rcvd is not None
                assert info.value.rcvd.code == 1001
            with pytest.raises(OSError):
                await connect(served.url, open_timeout=5)

    asyncio.run(scenario())


def test_stop_cancels_a_handler_that_does_not_return() -> None:
    cancelled = asyncio.Event()

    async def stubborn(connection: Connection) -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def scenario() -> None:
        async with running(stubborn, shutdown_grace=0.2) as served:
            ws = await connect(served.url)
            await eventually(lambda: len(served.connections) == 1, "the connection")
            served.stop.set()
            await asyncio.wait_for(served.task, 30)
            assert cancelled.is_set()
            with pytest.raises(WsConnectionClosed):
                await ws.recv()

    asyncio.run(scenario())


def test_port_zero_reports_the_bound_url_and_prints_the_banner(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> str:
        async with running(banner=True) as served:
            return served.url

    url = asyncio.run(scenario())
    assert url.startswith("ws://127.0.0.1:") and not url.endswith(":0")
    assert capsys.readouterr().err == websocket_banner(url)
    port = url.rsplit(":", 1)[1]
    assert websocket_banner(url) == (
        "codex app-server (WebSockets)\n"
        f"  listening on: ws://127.0.0.1:{port}\n"
        f"  readyz: http://127.0.0.1:{port}/readyz\n"
        f"  healthz: http://127.0.0.1:{port}/healthz\n"
        "  note: binds localhost only (use SSH port-forwarding for remote access)\n"
    )


def test_a_port_in_use_is_a_startup_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        async def scenario() -> None:
            await serve_websocket(
                parse_listen(f"ws://127.0.0.1:{port}"),
                auth=None,
                handler=echo,
                stop=asyncio.Event(),
                banner=False,
            )

        with pytest.raises(StartupError) as info:
            asyncio.run(scenario())
    # Worded like the reference binary (musl's strerror), with the platform's errno.
    assert str(info.value).startswith("Address in use (os error ")
    if sys.platform != "win32":
        assert str(info.value) == f"Address in use (os error {errno.EADDRINUSE})"


def test_outbound_bytes_are_bounded_too_for_big_messages() -> None:
    max_bytes = 256 << 10
    message = "m" * (64 << 10)
    total = 400
    done = asyncio.Event()

    async def handler(connection: Connection) -> None:
        for n in range(total):
            await connection.send(f"{n:04d}{message}")
        done.set()
        async for _ in connection.incoming():
            pass

    async def scenario() -> None:
        async with (
            running(
                handler,
                outbound_capacity=10_000,
                outbound_max_bytes=max_bytes,
                slow_client_grace=-1,
            ) as served,
            connect(served.url, max_queue=1, max_size=None) as ws,
        ):
            await eventually(lambda: len(served.connections) == 1, "the connection")
            server_side = served.connections[0]
            assert isinstance(server_side, WebSocketConnection)
            queue = server_side.outbound
            # Full by size long before the (huge) message-count capacity.
            await eventually(
                lambda: queue.pending_bytes + len(message) + 4 > max_bytes, "a full byte budget"
            )
            assert not done.is_set()
            assert queue.pending < 10
            for n in range(total):
                frame = await ws.recv()
                assert isinstance(frame, str) and frame.startswith(f"{n:04d}")
            await asyncio.wait_for(done.wait(), 30)
            assert queue.high_water_bytes <= max_bytes

    asyncio.run(scenario())


def test_one_message_bigger_than_the_byte_budget_still_passes() -> None:
    async def handler(connection: Connection) -> None:
        async for _ in connection.incoming():
            await connection.send("x" * 5000)
            await connection.send("small")

    async def scenario() -> None:
        async with (
            running(handler, outbound_max_bytes=1000) as served,
            connect(served.url) as ws,
        ):
            await ws.send("go")
            assert await ws.recv() == "x" * 5000
            assert await ws.recv() == "small"

    asyncio.run(scenario())


# --- side by side with the reference --------------------------------------------------------

KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
UPGRADE_HEAD = "Connection: Upgrade\r\nUpgrade: websocket\r\n"
RAW_REQUESTS = [
    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n",
    "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /healthz?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
    "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /foo HTTP/1.1\r\nHost: x\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    f"GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n{KEY}\r\n",
    f"GET / HTTP/1.1\r\nHost: x\r\n{UPGRADE_HEAD}Sec-WebSocket-Version: 8\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    f"GET / HTTP/1.1\r\nHost: x\r\n{UPGRADE_HEAD}Sec-WebSocket-Version: 13\r\n\r\n",
    f"GET /healthz HTTP/1.1\r\nHost: x\r\n{UPGRADE_HEAD}{KEY}\r\n",
    "GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: http://a\r\n\r\n",
    f"GET / HTTP/1.1\r\nHost: x\r\nOrigin: null\r\n{UPGRADE_HEAD}{KEY}\r\n",
    f"GET /ws HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ignored\r\n{UPGRADE_HEAD}{KEY}\r\n",
]


async def raw_exchange(port: int, request: str) -> tuple[int, str, str, str]:
    """Status, content-type, allow and body of the answer to a hand-written request."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request.encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status_line, *lines = head.decode().split("\r\n")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines if h)
        }
        status = int(status_line.split()[1])
        body = b""
        if status != 101 and not request.startswith("HEAD"):
            body = await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), 30)
        return status, headers.get("content-type", ""), headers.get("allow", ""), body.decode()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


def test_http_answers_match_the_reference_side_by_side(tmp_path: Path) -> None:
    async def ask(port: int) -> list[tuple[int, str, str, str]]:
        return [await raw_exchange(port, request) for request in RAW_REQUESTS]

    with reference_ws_server(tmp_path / "codex-home", tmp_path) as port:
        expected = asyncio.run(ask(port))

    async def ours() -> list[tuple[int, str, str, str]]:
        async with running() as served:
            return await ask(served.port)

    assert asyncio.run(ours()) == expected


def test_a_stalled_client_is_disconnected_after_the_grace() -> None:
    """As the reference: a peer whose outbound queue stays full is dropped, so the server
    never waits on it; a reader that is merely behind gets the grace to catch up."""
    payload = "p" * (16 << 10)
    outcome: dict[str, object] = {}

    async def handler(connection: Connection) -> None:
        sent = 0
        try:
            for n in range(100_000):
                await connection.send(f"{n}:{payload}")
                sent = n + 1
        except ConnectionClosed:
            outcome["closed_after"] = sent
        async for _ in connection.incoming():
            pass

    async def scenario() -> None:
        async with (
            running(handler, outbound_capacity=8, slow_client_grace=0.2) as served,
            connect(served.url, max_queue=1, max_size=None) as ws,
        ):
            await eventually(lambda: "closed_after" in outcome, "the stalled peer dropped")
            sent = outcome["closed_after"]
            assert isinstance(sent, int) and 8 <= sent < 100_000
            # What was already on the wire may still arrive; then the connection is gone.
            with pytest.raises(WsConnectionClosed):
                while True:
                    await asyncio.wait_for(ws.recv(), 10)

    asyncio.run(scenario())
