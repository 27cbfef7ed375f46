"""The real ``spindle app-server`` process: internals visible from outside.

Memory trigger, analytics, SQLite rows written by the turn engine, background backfill at
startup, experimental gating and subscriptions. The broad wire comparison with the reference
lives in tests/e2e.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spindle_state import TurnListQuery, open_store

from tests.support.client import Connection, ServerProcess, Transport
from tests.support.mock_provider import HangingStream, MockProvider

StartServer = Callable[..., ServerProcess]
# Same bound as the conftest: a cold start on a loaded machine can take tens of seconds.
STARTUP_TIMEOUT = 180.0


def initialize(connection: Connection, name: str = "probe", *, experimental: bool = True) -> Any:
    """``initialize`` + ``initialized`` with a startup-sized timeout."""
    result = connection.call(
        "initialize",
        {
            "clientInfo": {"name": name, "version": "0"},
            "capabilities": {"experimentalApi": experimental},
        },
        timeout=STARTUP_TIMEOUT,
    )
    connection.notify("initialized")
    return result


TEXT = [{"type": "text", "text": "Say hello"}]


def _turn(
    conn: Connection, thread_id: str, text: str = "Say hello", **extra: Any
) -> dict[str, Any]:
    since = conn.mark()
    params = {"threadId": thread_id, "input": [{"type": "text", "text": text}], **extra}
    turn: dict[str, Any] = conn.call("turn/start", params)["turn"]
    done = conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn["id"], since=since
    )
    completed: dict[str, Any] = done["params"]["turn"]
    return completed


def _memory_starts(server: ServerProcess) -> list[str]:
    return [line for line in server.stderr_text().splitlines() if "memory startup started" in line]


def _wait_for_stderr(server: ServerProcess, needle: str, count: int = 1) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.stderr_text().count(needle) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not logged {count}x:\n{server.stderr_text()[-2000:]}")


@pytest.mark.requirement("R2")
def test_memory_startup_runs_only_after_non_empty_turn_start(
    start_server: StartServer, provider: MockProvider
) -> None:
    server = start_server("stdio")
    conn = server.connect()
    initialize(conn, "probe")
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    conn.call("turn/start", {"threadId": thread_id, "input": []})
    conn.wait_for("turn/completed")
    forked = conn.call("thread/fork", {"threadId": thread_id})["thread"]["id"]
    conn.call("thread/resume", {"threadId": thread_id})
    conn.call("thread/read", {"threadId": forked})
    # Start, empty turn, fork, resume and read: none of them starts memory startup. A run is
    # a background task, so this is checked once a later run has been started and has
    # finished: a run started by any of them would show as a second start line, or make
    # the later trigger skip ("already running"), or add a selection line.
    _turn(conn, thread_id, model="mock-model-live", effort="high")
    _wait_for_stderr(server, "memory startup selected")
    log = server.stderr_text()
    assert "memory startup already running" not in log
    assert log.count("memory startup selected") == 1
    starts = _memory_starts(server)
    assert len(starts) == 1
    # It used the thread's live settings at that moment (the turn's overrides).
    assert f"thread_id={thread_id}" in starts[0]
    assert "model=mock-model-live" in starts[0] and "reasoning_effort=high" in starts[0]


@pytest.mark.requirement("R2")
def test_memory_startup_runs_once_the_turn_that_started_it_is_over(
    start_server: StartServer, provider: MockProvider
) -> None:
    """The run takes the settings of the turn/start at once, and does its work (here the
    selection) only after that turn: never competing with it."""
    server = start_server("stdio")
    conn = server.connect()
    initialize(conn, "probe")
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    provider.enqueue(HangingStream())
    since = conn.mark()
    params = {"threadId": thread_id, "input": TEXT, "model": "mock-model-live"}
    turn = conn.call("turn/start", params)["turn"]
    provider.wait_hanging()
    _wait_for_stderr(server, "memory startup started")
    # The selection takes milliseconds: a second leaves it every chance to show, were it
    # not waiting for the turn.
    time.sleep(1.0)
    assert "memory startup selected" not in server.stderr_text()
    provider.release()
    done = conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn["id"], since=since
    )
    assert done["params"]["turn"]["status"] == "completed"
    _wait_for_stderr(server, "memory startup selected")
    [start] = _memory_starts(server)
    assert "model=mock-model-live" in start


@pytest.mark.requirement("R1")
def test_thread_initialized_analytics_carry_thread_source_as_given(
    start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server("stdio")
    conn = server.connect()
    initialize(conn, "probe")
    plain = conn.call("thread/start", {})["thread"]["id"]
    sourced = conn.call("thread/start", {"threadSource": "my-ide"})["thread"]["id"]
    _turn(conn, sourced)
    forked = conn.call("thread/fork", {"threadId": sourced, "threadSource": "forker"})["thread"]
    events = [
        json.loads(line)
        for line in (server.home / "analytics.jsonl").read_text().splitlines()
        if line.strip()
    ]
    by_thread = {e["thread_id"]: e for e in events if e["event_type"] == "thread_initialized"}
    assert by_thread[plain]["thread_source"] is None  # omitted stays null, never "vscode"
    assert by_thread[sourced]["thread_source"] == "my-ide"
    assert by_thread[forked["id"]]["thread_source"] == "forker"
    assert by_thread[forked["id"]]["initialization_mode"] == "forked"
    for event in by_thread.values():
        assert event["model"] == "mock-model"
        assert event["source"] == "vscode"
        assert isinstance(event["timestamp_ms"], int)
    assert "analytics event thread_initialized" in server.stderr_text()


@pytest.mark.requirement("R12")
@pytest.mark.requirement("R16")
def test_turn_engine_updates_the_sqlite_row_and_turns_index(start_server: StartServer) -> None:
    server = start_server("stdio")
    conn = server.connect()
    initialize(conn, "probe")
    thread_id = conn.call("thread/start", {"threadSource": "probe"})["thread"]["id"]
    _turn(conn, thread_id, "first question")
    _turn(conn, thread_id, "second", model="mock-model-2", effort="low")
    with open_store(server.home) as store:
        row = store.get_thread(thread_id)
        turns = store.list_turns(TurnListQuery(thread_id, sort_direction="asc")).items
    assert (row.preview, row.first_user_message) == ("first question", "first question")
    assert (row.model, row.reasoning_effort) == ("mock-model-2", "low")
    assert row.thread_source == "probe"
    assert row.tokens_used == 220  # two default mock replies of 110 tokens
    assert row.cli_version == "0.169.0"
    assert [t.status for t in turns] == ["completed", "completed"]
    assert [t.model for t in turns] == ["mock-model", "mock-model-2"]
    assert [i["type"] for i in turns[1].items] == ["UserMessage", "AgentMessage"]


@pytest.mark.requirement("R17")
def test_backfill_runs_at_startup_and_indexes_existing_rollouts(
    start_server: StartServer, tmp_path: Path
) -> None:
    # A first server writes a thread; its database is then removed, as if the rollouts came
    # from elsewhere. The next server backfills them in the background.
    home = tmp_path / "home"
    server = start_server("stdio", home=home)
    conn = server.connect()
    initialize(conn, "probe")
    thread_id = conn.call("thread/start", {"threadSource": "probe"})["thread"]["id"]
    _turn(conn, thread_id, "indexed later")
    assert server.shutdown() == 0
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        (home / name).unlink(missing_ok=True)

    server = start_server("stdio", home=home)
    conn = server.connect()
    initialize(conn, "probe")
    deadline = time.monotonic() + 30
    listed: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not listed:
        listed = conn.call("thread/list", {})["data"]
        time.sleep(0.1)
    assert [t["id"] for t in listed] == [thread_id]
    assert listed[0]["preview"] == "indexed later"
    assert conn.call("thread/read", {"threadId": thread_id})["thread"]["threadSource"] == "probe"


def test_experimental_methods_need_the_capability(
    start_server: StartServer, transport: Transport
) -> None:
    server = start_server(transport)
    plain = server.connect()
    initialize(plain, "probe", experimental=False)
    reply = plain.request("thread/memoryMode/set", {"threadId": "x", "mode": "enabled"})
    assert reply["error"] == {
        "code": -32600,
        "message": "thread/memoryMode/set requires experimentalApi capability",
    }
    reply = plain.request("thread/start", {"mockExperimentalField": "x"})
    assert reply["error"] == {
        "code": -32600,
        "message": "thread/start.mockExperimentalField requires experimentalApi capability",
    }
    if transport == "ws":  # a second connection on the same server, with the capability
        experimental = server.connect()
        initialize(experimental, "probe", experimental=True)
        assert experimental.call("thread/start", {"mockExperimentalField": "x"})["thread"]["id"]


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("plugin/list", {}),
        ("app/list", {}),
        ("marketplace/add", {}),
    ],
)
def test_unimplemented_methods_are_method_not_found(
    conn: Connection, method: str, params: dict[str, Any]
) -> None:
    reply = conn.request(method, params)
    assert reply["error"]["code"] == -32601
    assert reply["error"]["message"] == f"{method} is not supported yet"


def test_params_are_checked_before_the_handshake(start_server: StartServer) -> None:
    conn = start_server("stdio").connect()
    # As the reference: deserialization comes first, then "Not initialized".
    assert conn.request("thread/read", {}, timeout=STARTUP_TIMEOUT)["error"]["message"] == (
        "Invalid request: missing field `threadId`"
    )
    assert conn.request("thread/list", {})["error"] == {
        "code": -32600,
        "message": "Not initialized",
    }


def test_notifications_follow_subscriptions(start_server: StartServer) -> None:
    server = start_server("ws")
    owner = server.connect()
    initialize(owner, "owner")
    other = server.connect()
    initialize(other, "other")
    thread_id = owner.call("thread/start", {})["thread"]["id"]
    _turn(owner, thread_id)
    assert other.notifications(method="turn/completed") == []

    other.call("thread/resume", {"threadId": thread_id})
    assert owner.call("thread/unsubscribe", {"threadId": thread_id}) == {"status": "unsubscribed"}
    assert owner.call("thread/unsubscribe", {"threadId": thread_id}) == {"status": "notSubscribed"}
    before_owner = owner.mark()
    _turn(other, thread_id, "from the other client")
    assert owner.notifications(since=before_owner, method="turn/completed") == []
    assert owner.call("thread/loaded/list", {}) == {"data": [thread_id], "nextCursor": None}


def test_a_slow_turn_does_not_delay_other_requests(
    conn: Connection, provider: MockProvider
) -> None:
    from tests.support.mock_provider import HangingStream

    provider.enqueue(HangingStream(deltas=("thinking ",)))
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    since = conn.mark()
    conn.call("turn/start", {"threadId": thread_id, "input": TEXT})
    conn.wait_for("item/agentMessage/delta", since=since)
    # The turn is still streaming; list, read and loaded/list answer meanwhile.
    assert conn.call("thread/list", {})["data"][0]["id"] == thread_id
    assert conn.call("thread/read", {"threadId": thread_id})["thread"]["status"]["type"] == "active"
    assert conn.notifications(since=since, method="turn/completed") == []
    provider.release()
    conn.wait_for("turn/completed", since=since)


def test_items_list_pages_a_threads_items(conn: Connection) -> None:
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    _turn(conn, thread_id, "one")
    _turn(conn, thread_id, "two")
    first = conn.call("thread/items/list", {"threadId": thread_id, "limit": 3})
    assert [e["item"]["type"] for e in first["data"]] == [
        "agentMessage",
        "userMessage",
        "agentMessage",
    ]
    assert first["data"][1]["item"]["content"][0]["text"] == "two"
    rest = conn.call(
        "thread/items/list", {"threadId": thread_id, "limit": 3, "cursor": first["nextCursor"]}
    )
    assert [e["item"]["content"][0]["text"] for e in rest["data"]] == ["one"]
    assert rest["nextCursor"] is None
    back = conn.call(
        "thread/items/list",
        {"threadId": thread_id, "sortDirection": "asc", "cursor": rest["backwardsCursor"]},
    )
    assert len(back["data"]) == 4  # the anchor item is included going back
    bad = conn.request("thread/items/list", {"threadId": thread_id, "cursor": "zzz"})
    assert bad["error"] == {"code": -32600, "message": "invalid cursor: zzz"}
    missing = conn.request("thread/items/list", {})
    assert missing["error"]["message"] == "Invalid request: missing field `threadId`"


def test_ephemeral_threads_never_touch_disk(start_server: StartServer) -> None:
    server = start_server("stdio")
    conn = server.connect()
    initialize(conn, "probe")
    thread = conn.call("thread/start", {"ephemeral": True, "threadSource": "thread_title"})[
        "thread"
    ]
    assert thread["path"] is None
    completed = _turn(conn, thread["id"], "title please")
    assert completed["status"] == "completed"
    sessions = server.home / "sessions"
    assert not sessions.exists() or list(sessions.rglob("*.jsonl")) == []
    assert conn.call("thread/list", {})["data"] == []
    assert _memory_starts(server) == []


def test_starts_without_any_config_and_logs_malformed_frames(start_server: StartServer) -> None:
    server = start_server("stdio", config=False)
    conn = server.connect()
    result = initialize(conn, "probe")
    assert result["codexHome"] == str(server.home)
    conn.send_raw("{not json")
    # No reply to the bad line; the connection keeps working.
    assert conn.call("thread/list", {}) == {
        "data": [],
        "readStates": {},
        "nextCursor": None,
        "backwardsCursor": None,
    }
    thread = conn.call("thread/start", {})["thread"]
    assert (thread["modelProvider"], thread["threadSource"]) == ("openai", None)
    assert "Failed to deserialize JSONRPCMessage: key must be a string" in server.stderr_text()
    assert all("id" not in m or m["id"] in (1, 2, 3) for m in conn.messages)


@pytest.mark.requirement("R13")
def test_metadata_update_before_the_first_turn_creates_the_row_not_the_rollout(
    start_server: StartServer,
) -> None:
    server = start_server("stdio")
    conn = server.connect()
    initialize(conn, "probe")
    thread = conn.call("thread/start", {})["thread"]
    updated = conn.call(
        "thread/metadata/update", {"threadId": thread["id"], "gitInfo": {"branch": " main "}}
    )["thread"]
    assert updated["gitInfo"] == {"sha": None, "branch": "main", "originUrl": None}
    assert not Path(thread["path"]).exists()
    with open_store(server.home) as store:
        assert store.get_thread(thread["id"]).preview == ""
    assert conn.call("thread/list", {})["data"] == []  # an empty preview is never listed

    _turn(conn, thread["id"], "now it is real")
    assert Path(thread["path"]).exists()
    read = conn.call("thread/read", {"threadId": thread["id"]})["thread"]
    assert read["gitInfo"] == {"sha": None, "branch": "main", "originUrl": None}
    assert [t["id"] for t in conn.call("thread/list", {})["data"]] == [thread["id"]]
