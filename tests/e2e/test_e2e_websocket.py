"""WebSocket sessions end to end: per-connection initialize, notification routing, auth in
front of a real session, large frames. Transport-level details (every auth rejection, health
checks, frame limits) are covered by packages/app-server/tests/test_transport_*.py."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import jwt
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect as ws_connect

from tests.support.client import Connection, ServerProcess, StartServer
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider, TextReply

SECRET = "e2e-shared-secret-" + "x" * 32


def _initialized(server: ServerProcess, headers: dict[str, str] | None = None) -> Connection:
    conn = server.connect(headers=headers)
    conn.initialize()
    return conn


def _rejection(server: ServerProcess, headers: dict[str, str]) -> tuple[int, str]:
    with pytest.raises(InvalidStatus) as caught:
        server.connect(headers=headers)
    response = caught.value.response
    return response.status_code, (response.body or b"").decode()


def test_each_connection_initializes_on_its_own(spindle_ws: StartServer) -> None:
    server = spindle_ws()
    first = _initialized(server)
    second = server.connect()
    reply = second.request("thread/list", {})
    assert reply["error"] == {"code": -32600, "message": "Not initialized"}
    assert "data" in first.call("thread/list", {})
    second.initialize()
    assert "data" in second.call("thread/list", {})


def test_a_turn_stream_goes_to_subscribed_connections_only(
    spindle_ws: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle_ws()
    owner = _initialized(server)
    other = _initialized(server)
    thread = start_thread(owner)
    other_since = other.mark()
    run_turn(owner, thread["id"], "private")
    # thread/status/changed is broadcast to every connection by the reference; the turn's
    # own stream is not.
    assert [
        m["method"]
        for m in other.notifications(other_since)
        if m["method"].startswith(("turn/", "item/", "thread/tokenUsage"))
    ] == [], "a connection that did not start/resume the thread gets none of its turn stream"
    other.call("thread/resume", {"threadId": thread["id"]})
    since = other.mark()
    run_turn(owner, thread["id"], "shared now")
    completed = other.wait_for("turn/completed", since=since)
    assert completed["params"]["threadId"] == thread["id"]


def test_thread_lifecycle_notifications_reach_every_connection(
    spindle_ws: StartServer, mock_provider: MockProvider
) -> None:
    # As the reference (0.169.0, probed with two ws connections): a thread's start, status,
    # name, goal and archive go to every initialized connection, subscribed or not.
    server = spindle_ws()
    owner = _initialized(server)
    other = _initialized(server)
    since = other.mark()
    thread = start_thread(owner)
    tid = thread["id"]
    run_turn(owner, tid, "hello")
    owner.call("thread/name/set", {"threadId": tid, "name": "renamed"})
    owner.call("thread/goal/set", {"threadId": tid, "objective": "ship", "status": "paused"})
    owner.call("thread/archive", {"threadId": tid})
    other.wait_for("thread/archived", since=since)
    seen = [m for m in other.notifications(since) if m["method"].startswith("thread/")]
    assert [m["method"] for m in seen] == [
        "thread/started",
        "thread/status/changed",
        "thread/status/changed",
        "thread/name/updated",
        "thread/goal/updated",
        "thread/status/changed",
        "thread/archived",
    ]
    assert seen[0]["params"]["thread"]["id"] == tid
    assert [m["params"]["status"] for m in seen if m["method"] == "thread/status/changed"] == [
        {"type": "active", "activeFlags": []},
        {"type": "idle"},
        {"type": "notLoaded"},
    ]
    assert seen[3]["params"] == {"threadId": tid, "threadName": "renamed"}
    assert seen[4]["params"]["goal"]["objective"] == "ship"
    assert all(m["params"].get("threadId", tid) == tid for m in seen[1:])


def test_every_connection_hears_remote_control_is_disabled(
    spindle_ws: StartServer, tmp_path: Path
) -> None:
    server = spindle_ws()
    statuses = []
    for _ in range(2):
        conn = server.connect()
        since = conn.mark()
        conn.initialize()
        statuses.append(conn.wait_for("remoteControl/status/changed", since=since)["params"])
    installation = statuses[0]["installationId"]
    assert (
        statuses
        == [
            {
                "status": "disabled",
                "serverName": socket.gethostname(),
                "installationId": installation,
                "environmentId": None,
            }
        ]
        * 2
    )
    # The id is the home's, kept in <home>/installation_id as the reference keeps it.
    assert (server.home / "installation_id").read_text().strip() == installation
    server.restart()
    again = server.connect()
    since = again.mark()
    again.initialize()
    note = again.wait_for("remoteControl/status/changed", since=since)
    assert note["params"]["installationId"] == installation


def test_closing_one_connection_leaves_the_others_working(spindle_ws: StartServer) -> None:
    server = spindle_ws()
    first = _initialized(server)
    second = _initialized(server)
    first.close()
    assert "data" in second.call("thread/list", {})


def test_capability_token_guards_a_real_session(spindle_ws: StartServer, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("e2e-capability-token\n")
    server = spindle_ws(
        extra_args=("--ws-auth", "capability-token", "--ws-token-file", str(token_file)),
    )
    assert _rejection(server, {}) == (401, "missing websocket bearer token")
    assert _rejection(server, {"Authorization": "Bearer wrong"}) == (
        401,
        "invalid websocket bearer token",
    )
    good = {"Authorization": "bearer e2e-capability-token"}
    status, _ = _rejection(server, {**good, "Origin": "http://127.0.0.1"})
    assert status == 403
    conn = _initialized(server, good)
    thread = start_thread(conn)
    assert run_turn(conn, thread["id"], "authorised").status == "completed"


def test_signed_bearer_token_guards_a_real_session(spindle_ws: StartServer, tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET)
    server = spindle_ws(
        extra_args=(
            "--ws-auth",
            "signed-bearer-token",
            "--ws-shared-secret-file",
            str(secret_file),
            "--ws-audience",
            "spindle-e2e",
        ),
    )
    now = int(time.time())
    expired = jwt.encode({"exp": now - 3600, "aud": "spindle-e2e"}, SECRET, algorithm="HS256")
    wrong_aud = jwt.encode({"exp": now + 600, "aud": "other"}, SECRET, algorithm="HS256")
    valid = jwt.encode({"exp": now + 600, "aud": "spindle-e2e"}, SECRET, algorithm="HS256")
    assert _rejection(server, {"Authorization": f"Bearer {expired}"}) == (
        401,
        "expired websocket jwt",
    )
    assert _rejection(server, {"Authorization": f"Bearer {wrong_aud}"}) == (
        401,
        "websocket jwt audience mismatch",
    )
    conn = _initialized(server, {"Authorization": f"Bearer {valid}"})
    assert "data" in conn.call("thread/list", {})


def test_large_thread_read_over_websocket(
    spindle_ws: StartServer, mock_provider: MockProvider
) -> None:
    """A multi-megabyte thread/read result goes through one ws frame (STYLE.md, stdio hygiene)."""
    server = spindle_ws()
    conn = _initialized(server)
    thread = start_thread(conn)
    big = "0123456789abcdef" * (3 * 1024 * 1024 // 16)
    mock_provider.enqueue(
        TextReply(deltas=tuple(big[i : i + 65536] for i in range(0, len(big), 65536)))
    )
    assert run_turn(conn, thread["id"], "send me a lot", timeout=120).status == "completed"
    read = conn.call("thread/read", {"threadId": thread["id"], "includeTurns": True}, timeout=60)
    texts = [
        item["text"]
        for turn in read["thread"]["turns"]
        for item in turn["items"]
        if item["type"] == "agentMessage"
    ]
    assert texts == [big]


def test_a_stalled_client_is_disconnected_and_never_delays_the_others(
    spindle_ws: StartServer, mock_provider: MockProvider
) -> None:
    """As the reference: a WebSocket whose outbound queue fills up is disconnected; the
    other connections of the thread get every notification without waiting for it."""
    server = spindle_ws()
    owner = _initialized(server)
    thread = start_thread(owner)
    raw = socket.create_connection(("127.0.0.1", server.port))
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fill up sooner
    with ws_connect(f"ws://127.0.0.1:{server.port}", sock=raw, max_size=None) as stalled:
        stalled.send(
            json.dumps(
                {
                    "id": 1,
                    "method": "initialize",
                    "params": {"clientInfo": {"name": "stalled", "version": "0"}},
                }
            )
        )
        stalled.send(
            json.dumps({"id": 2, "method": "thread/resume", "params": {"threadId": thread["id"]}})
        )
        while json.loads(stalled.recv(timeout=30)).get("id") != 2:
            pass
        # From here on the stalled client reads nothing. A long streamed answer (far more than
        # the socket buffers and the 128-message queue hold) goes to both connections.
        chunk = "x" * 16384
        mock_provider.set_default(TextReply(deltas=[chunk] * 500))
        run = run_turn(owner, thread["id"], "talk a lot", timeout=120)
        assert run.status == "completed"
        deltas = [m for m in run.notifications if m["method"] == "item/agentMessage/delta"]
        assert len(deltas) == 500
        # The server dropped the stalled connection: after what was buffered, it is closed.
        with pytest.raises(ConnectionClosed):
            while True:
                stalled.recv(timeout=30)
    # The owner's connection still works.
    assert owner.call("thread/read", {"threadId": thread["id"]})["thread"]["id"] == thread["id"]
