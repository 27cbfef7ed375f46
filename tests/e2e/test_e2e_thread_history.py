"""thread/inject_items, thread/shellCommand and thread/delete, as recorded from 0.169.0.

* inject_items: raw Responses items join the history the model sees next (and the rollout);
  an item without ``type`` is refused with the reference's message.
* shellCommand: answers ``{}`` and runs a turn with one ``commandExecution`` item (source
  ``userShell``), streamed; the model later reads a ``<user_shell_command>`` message. spindle
  runs it under the thread's sandbox policy (the reference runs it with full access).
* delete: the rollout and rows go, ``thread/status/changed`` (notLoaded) and
  ``thread/deleted`` are sent, and the thread is unknown afterwards.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider, TextReply

pytestmark = pytest.mark.requirement("R21")

FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}
UNKNOWN = "01a24c49-aee1-7342-9bb8-6cbc29e63840"


def _connect(spindle: StartServer) -> Connection:
    conn = spindle().connect()
    conn.initialize()
    return conn


def _texts(request: Any) -> list[str]:
    return [
        "".join(c.get("text", "") for c in item["content"])
        for item in request.json["input"]
        if item.get("type") == "message"
    ]


def _shell(conn: Connection, thread_id: str, command: str, **extra: Any) -> list[dict[str, Any]]:
    since = conn.mark()
    assert (
        conn.call("thread/shellCommand", {"threadId": thread_id, "command": command, **extra}) == {}
    )
    conn.wait_for("turn/completed", since=since)
    return conn.notifications(since=since)


def test_injected_items_reach_the_model_and_the_rollout(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn = _connect(spindle)
    thread = start_thread(conn, **FULL_ACCESS)
    bad = conn.request("thread/inject_items", {"threadId": thread["id"], "items": [{"foo": 1}]})
    assert bad["error"] == {
        "code": -32600,
        "message": "items[0] is not a valid response item: missing field `type`",
    }
    unknown = conn.request("thread/inject_items", {"threadId": UNKNOWN, "items": []})
    assert unknown["error"] == {"code": -32600, "message": f"thread not found: {UNKNOWN}"}
    items = [
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "INJECTED"}],
        },
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "ASSIST"}],
        },
    ]
    since = conn.mark()
    assert conn.call("thread/inject_items", {"threadId": thread["id"], "items": items}) == {}
    mock_provider.set_default(TextReply.of("ok", n=1))
    run_turn(conn, thread["id"], "hi")
    assert next(m["method"] for m in conn.notifications(since=since)) != "item/started"
    texts = _texts(mock_provider.response_requests[-1])
    assert texts.count("INJECTED") == texts.count("ASSIST") == 1
    assert texts.index("INJECTED") < texts.index("ASSIST") < texts.index("hi") == len(texts) - 1
    rollout = Path(conn.call("thread/read", {"threadId": thread["id"]})["thread"]["path"])
    assert "INJECTED" in rollout.read_text() and "ASSIST" in rollout.read_text()


def test_a_shell_command_runs_in_its_own_turn_and_the_model_reads_it(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn = _connect(spindle)
    thread = start_thread(conn, **FULL_ACCESS)
    work = Path(thread["cwd"])
    notes = _shell(conn, thread["id"], "echo shell-out; touch made.txt")
    assert (work / "made.txt").exists()
    methods = [m["method"] for m in notes if m["method"].startswith(("turn/", "item/"))]
    assert methods[:3] == ["turn/started", "item/started", "item/commandExecution/outputDelta"]
    assert methods[-2:] == ["item/completed", "turn/completed"]
    item = next(m for m in notes if m["method"] == "item/completed")["params"]["item"]
    assert item["source"] == "userShell" and item["status"] == "completed"
    assert item["exitCode"] == 0 and item["aggregatedOutput"] == "shell-out\n"
    assert item["command"].endswith("-lc 'echo shell-out; touch made.txt'")

    mock_provider.set_default(TextReply.of("ok", n=1))
    run_turn(conn, thread["id"], "after shell")
    texts = _texts(mock_provider.response_requests[-1])
    (shell_text,) = [t for t in texts if t.startswith("<user_shell_command>")]
    assert shell_text.startswith(
        "<user_shell_command>\n<command>\necho shell-out; touch made.txt\n"
    )
    assert "Exit code: 0\n" in shell_text and "Output:\nshell-out\n" in shell_text
    assert texts[-1] == "after shell"
    turns = conn.call("thread/turns/list", {"threadId": thread["id"], "sortDirection": "asc"})[
        "data"
    ]
    assert next([i["type"] for i in t["items"]] for t in turns) == ["commandExecution"]


def test_a_shell_command_obeys_the_thread_sandbox(spindle: StartServer) -> None:
    conn = _connect(spindle)
    thread = start_thread(conn)  # config: read-only
    notes = _shell(conn, thread["id"], "touch escaped.txt")
    item = next(m for m in notes if m["method"] == "item/completed")["params"]["item"]
    assert item["status"] == "failed" and "Read-only file system" in item["aggregatedOutput"]
    assert not (Path(thread["cwd"]) / "escaped.txt").exists()


def test_a_shell_command_past_its_timeout_is_killed_with_its_children(
    spindle: StartServer, tmp_path: Path
) -> None:
    conn = _connect(spindle)
    thread = start_thread(conn, **FULL_ACCESS)
    pid_file = tmp_path / "child.pid"
    notes = _shell(conn, thread["id"], f"sleep 30 & echo $! > {pid_file}; wait", timeoutMs=3000)
    item = next(m for m in notes if m["method"] == "item/completed")["params"]["item"]
    assert item["status"] == "failed" and item["exitCode"] == 124
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the command's child {child} survived the timeout")


def test_delete_removes_the_thread_everywhere(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn = _connect(spindle)
    thread = start_thread(conn, **FULL_ACCESS)
    mock_provider.set_default(TextReply.of("ok", n=1))
    run_turn(conn, thread["id"], "hi")
    path = Path(conn.call("thread/read", {"threadId": thread["id"]})["thread"]["path"])
    assert path.exists()
    since = conn.mark()
    assert conn.call("thread/delete", {"threadId": thread["id"]}) == {}
    deleted = conn.wait_for("thread/deleted", since=since)
    assert deleted["params"] == {"threadId": thread["id"]}
    statuses = conn.notifications(since=since, method="thread/status/changed")
    assert statuses[-1]["params"]["status"] == {"type": "notLoaded"}
    assert not path.exists()
    read = conn.request("thread/read", {"threadId": thread["id"]})
    assert read["error"] == {"code": -32600, "message": f"thread not loaded: {thread['id']}"}
    assert conn.call("thread/list", {})["data"] == []
    again = conn.request("thread/delete", {"threadId": thread["id"]})
    assert again["error"] == {
        "code": -32600,
        "message": f"no rollout found for thread id {thread['id']}",
    }
    assert json.dumps(conn.call("thread/loaded/list", {})).find(thread["id"]) == -1
