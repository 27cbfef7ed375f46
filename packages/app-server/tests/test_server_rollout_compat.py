"""Rollout compatibility both ways, with the reference ``codex app-server`` 0.169.0.

A thread written by spindle is resumed by the reference (same home folder), and a thread
written by the reference is resumed by spindle; in both cases the history, the
``threadSource`` and the conversation sent to the model survive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, write_config
from tests.support.mock_provider import MockProvider
from tests.support.reference import ReferenceUnavailable, codex_binary

STARTUP_TIMEOUT = 180.0


def _server(kind: str, home: Path, work: Path) -> ServerProcess:
    server = ServerProcess(kind=kind, home=home, transport="stdio", cwd=work)  # type: ignore[arg-type]
    return server.start(wait_ready=False)


def _initialize(conn: Connection) -> None:
    conn.call(
        "initialize",
        {
            "clientInfo": {"name": "probe", "version": "0"},
            "capabilities": {"experimentalApi": True},
        },
        timeout=STARTUP_TIMEOUT,
    )


def _turn(conn: Connection, thread_id: str, text: str) -> dict[str, Any]:
    since = conn.mark()
    conn.call("turn/start", {"threadId": thread_id, "input": [{"type": "text", "text": text}]})
    done = conn.wait_for("turn/completed", since=since, timeout=120)
    turn: dict[str, Any] = done["params"]["turn"]
    return turn


@pytest.fixture
def reference_available() -> None:
    try:
        codex_binary()
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required: {exc}", pytrace=False)


def _last_input_texts(provider: MockProvider) -> list[tuple[str, str]]:
    """The conversation messages of the last request (instructions and turn context left out)."""
    body = provider.requests[-1].body
    out = []
    for item in body["input"]:
        if item.get("type", "message") != "message" or item["role"] == "developer":
            continue
        if str(item["content"][0].get("text", "")).startswith("<environment_context>"):
            continue
        content = item.get("content")
        text = content if isinstance(content, str) else " ".join(c.get("text", "") for c in content)
        out.append((item["role"], text))
    return out


@pytest.mark.requirement("R1")
@pytest.mark.usefixtures("reference_available")
def test_reference_resumes_a_spindle_rollout(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    with MockProvider() as provider:
        provider.reply("Hi from spindle", 2)
        write_config(home, provider.base_url)
        spindle = _server("spindle", home, work)
        try:
            conn = spindle.connect()
            _initialize(conn)
            thread_id = conn.call("thread/start", {"threadSource": "probe"})["thread"]["id"]
            assert _turn(conn, thread_id, "Say hello")["status"] == "completed"
        finally:
            assert spindle.shutdown() == 0

        reference = _server("reference", home, work)
        try:
            conn = reference.connect()
            _initialize(conn)
            thread = conn.call("thread/resume", {"threadId": thread_id})["thread"]
            assert thread["threadSource"] == "probe"
            assert thread["preview"] == "Say hello"
            items = [i["type"] for i in thread["turns"][0]["items"]]
            assert items == ["userMessage", "agentMessage"]
            provider.reply("again", 1)
            assert _turn(conn, thread_id, "And again")["status"] == "completed"
            texts = _last_input_texts(provider)
            assert ("user", "Say hello") in texts
            assert ("assistant", "Hi from spindle") in texts
        finally:
            reference.shutdown()


@pytest.mark.requirement("R1")
@pytest.mark.usefixtures("reference_available")
def test_spindle_resumes_a_reference_rollout(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    with MockProvider() as provider:
        provider.reply("Hi from codex", 2)
        write_config(home, provider.base_url)
        reference = _server("reference", home, work)
        try:
            conn = reference.connect()
            _initialize(conn)
            thread_id = conn.call("thread/start", {"threadSource": "probe"})["thread"]["id"]
            assert _turn(conn, thread_id, "Say hello")["status"] == "completed"
        finally:
            reference.shutdown()

        spindle = _server("spindle", home, work)
        try:
            conn = spindle.connect()
            _initialize(conn)
            thread = conn.call("thread/resume", {"threadId": thread_id})["thread"]
            assert thread["threadSource"] == "probe"
            turns = thread["turns"]
            assert [i["type"] for i in turns[0]["items"]] == ["userMessage", "agentMessage"]
            assert turns[0]["items"][1]["text"] == "Hi from codex"
            provider.reply("again", 1)
            assert _turn(conn, thread_id, "And again")["status"] == "completed"
            texts = _last_input_texts(provider)
            assert texts[-3:] == [
                ("user", "Say hello"),
                ("assistant", "Hi from codex"),
                ("user", "And again"),
            ]
        finally:
            assert spindle.shutdown() == 0
