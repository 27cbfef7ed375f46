"""Threads through a real server: threadSource round trips, lazy persistence, rollouts, fork,
resume. One shared server per transport; restarts are in test_e2e_restart.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider

ROLLOUT_NAME = re.compile(
    r"sessions/\d{4}/\d\d/\d\d/rollout-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-"
    r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl"
)


def _connect(server: ServerProcess) -> Connection:
    conn = server.connect()
    conn.initialize()
    return conn


def _session_meta(path: Path) -> dict[str, Any]:
    first = json.loads(path.read_text().splitlines()[0])
    assert first["type"] == "session_meta", first
    payload: dict[str, Any] = first["payload"]
    return payload


def _listed(conn: Connection) -> set[str]:
    return {t["id"] for t in conn.call("thread/list", {"limit": 100})["data"]}


def _rollouts(home: Path) -> list[Path]:
    return sorted((home / "sessions").rglob("rollout-*.jsonl"))


@pytest.mark.requirement("R1")
def test_thread_source_omitted_is_null_everywhere_at_start(conn: Connection) -> None:
    since = conn.mark()
    thread = conn.call("thread/start", {})["thread"]
    started = conn.wait_for("thread/started", since=since)["params"]["thread"]
    assert thread["threadSource"] is None
    assert started["threadSource"] is None
    assert thread["source"] == "vscode", (
        "source is the client surface, never copied into threadSource"
    )


@pytest.mark.requirement("R1")
def test_thread_source_round_trip_start_read_list_resume(conn: Connection) -> None:
    since = conn.mark()
    thread = conn.call("thread/start", {"threadSource": "probe"})["thread"]
    assert thread["threadSource"] == "probe"
    started = conn.wait_for("thread/started", since=since)["params"]["thread"]
    assert started["threadSource"] == "probe"
    run_turn(conn, thread["id"], "hello")
    read = conn.call("thread/read", {"threadId": thread["id"]})["thread"]
    assert read["threadSource"] == "probe"
    listed = {t["id"]: t for t in conn.call("thread/list", {"limit": 100})["data"]}[thread["id"]]
    assert listed["threadSource"] is None, "thread/list entries carry null, as the reference"
    resumed = conn.call("thread/resume", {"threadId": thread["id"]})["thread"]
    assert resumed["threadSource"] == "probe"


@pytest.mark.requirement("R1")
def test_thread_source_is_persisted_in_the_rollout_session_meta(conn: Connection) -> None:
    with_source = start_thread(conn, threadSource="probe")
    without = start_thread(conn)
    run_turn(conn, with_source["id"], "one")
    run_turn(conn, without["id"], "two")
    meta_with = _session_meta(Path(with_source["path"]))
    meta_without = _session_meta(Path(without["path"]))
    assert meta_with["id"] == with_source["id"]
    assert meta_with["thread_source"] == "probe"
    assert "thread_source" not in meta_without, "omitted when not set, as the reference writes it"
    assert meta_with["source"] == "vscode"
    assert meta_with["originator"] == "spindle-e2e"


@pytest.mark.requirement("R1")
def test_fork_takes_its_own_thread_source(conn: Connection) -> None:
    source = start_thread(conn, threadSource="probe")
    run_turn(conn, source["id"], "hello")
    forked = conn.call("thread/fork", {"threadId": source["id"], "threadSource": "forked"})
    assert forked["thread"]["threadSource"] == "forked"
    plain = conn.call("thread/fork", {"threadId": source["id"]})
    assert plain["thread"]["threadSource"] is None, "omitted means null, not inherited"
    read = conn.call("thread/read", {"threadId": forked["thread"]["id"]})["thread"]
    assert read["threadSource"] == "forked"
    assert _session_meta(Path(forked["thread"]["path"]))["thread_source"] == "forked"


def test_no_rollout_and_no_listing_before_the_first_turn(
    conn: Connection, shared_spindle: ServerProcess
) -> None:
    home = shared_spindle.home
    before = _rollouts(home)
    thread = start_thread(conn)
    path = Path(thread["path"])
    assert path.is_relative_to(home)
    assert ROLLOUT_NAME.search(thread["path"]) and thread["id"] in path.name
    assert not path.exists(), "no rollout file before the first turn"
    assert _rollouts(home) == before
    assert thread["id"] not in _listed(conn)
    assert conn.call("thread/read", {"threadId": thread["id"]})["thread"]["id"] == thread["id"]
    reply = conn.request("thread/turns/list", {"threadId": thread["id"]})
    # Measured on 0.169.0 with this config (codex_behavior.md saw -32601 "list_turns is not
    # supported yet" in another setup; the recorded golden thread_start.json has this one).
    assert reply["error"] == {
        "code": -32600,
        "message": f"thread {thread['id']} is not materialized yet; "
        "thread/turns/list is unavailable before first user message",
    }
    run_turn(conn, thread["id"], "materialise")
    assert path.exists()
    assert sorted([*before, path]) == _rollouts(home)
    assert _session_meta(path)["id"] == thread["id"]
    assert thread["id"] in _listed(conn)


def test_rollout_lines_are_whole_json_objects(conn: Connection) -> None:
    thread = start_thread(conn)
    run_turn(conn, thread["id"], "one")
    run_turn(conn, thread["id"], "two")
    lines = Path(thread["path"]).read_text().splitlines()
    parsed = [json.loads(line) for line in lines]
    assert parsed[0]["type"] == "session_meta"
    assert all({"timestamp", "type", "payload"} <= set(p) for p in parsed)
    user_texts = [
        p["payload"]["content"][0]["text"]
        for p in parsed
        if p["type"] == "response_item"
        and p["payload"].get("type") == "message"
        and p["payload"].get("role") == "user"
        and p["payload"]["content"][0].get("text") in ("one", "two")
    ]
    assert user_texts == ["one", "two"]


def test_fork_copies_history_and_links_the_source(
    conn: Connection, shared_provider: MockProvider
) -> None:
    mock_provider = shared_provider
    source = start_thread(conn)
    mock_provider.reply("source answer")
    run_turn(conn, source["id"], "source question")
    since = conn.mark()
    fork = conn.call("thread/fork", {"threadId": source["id"]})["thread"]
    started = conn.wait_for("thread/started", since=since)["params"]["thread"]
    assert started["id"] == fork["id"] != source["id"]
    assert fork["forkedFromId"] == source["id"]
    assert fork["preview"] == "source question"
    assert [t["status"] for t in fork["turns"]] == ["completed"]
    assert Path(fork["path"]).exists(), "a fork's rollout is written immediately"
    assert {source["id"], fork["id"]} <= _listed(conn)
    mock_provider.reset()
    run_turn(conn, fork["id"], "fork question")
    convo = mock_provider.response_requests[0].conversation()
    assert convo[-3:] == [
        ("user", "source question"),
        ("assistant", "source answer"),
        ("user", "fork question"),
    ]


def test_resume_of_a_loaded_thread_succeeds_again(conn: Connection) -> None:
    thread = start_thread(conn)
    run_turn(conn, thread["id"], "hello")
    first = conn.call("thread/resume", {"threadId": thread["id"]})
    second = conn.call("thread/resume", {"threadId": thread["id"]})
    assert first["thread"]["id"] == second["thread"]["id"] == thread["id"]
