"""Context compaction: thread/compact/start and automatic compaction, as the reference.

Recorded from 0.169.0: thread/compact/start answers ``{}`` and runs a turn whose only item is
a ``contextCompaction``; the model is sent the conversation plus a compaction prompt with no
tools and no parallel calls; its answer is the summary. Afterwards the conversation is the
context, the user's recent messages and the summary (a user message); the old answers are
gone. The rollout's ``compacted`` line makes a resume (ours or the reference's) send the same.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, StartServer
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider, RecordedRequest, Scripted, TextReply

pytestmark = pytest.mark.requirement("R21")

FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}
COMPACTION_MARKER = "Your context window is about to be replaced by a summary"
SUMMARY_TEXT = "SUMMARY: the user asked two questions; both answered."


def _texts(request: RecordedRequest) -> list[str]:
    texts = []
    for item in request.json["input"]:
        if item.get("type") == "message":
            texts.append("".join(c.get("text", "") for c in item["content"]))
    return texts


def _answers(request: RecordedRequest) -> Any:
    """The summary to a compaction request, a numbered answer to anything else."""
    if any(COMPACTION_MARKER in text for text in _texts(request)):
        return TextReply.of(SUMMARY_TEXT, n=1)
    users = [t for t in _texts(request) if t.startswith("question")]
    return TextReply.of(f"answer to {users[-1] if users else 'nothing'}", n=1)


def _two_turns(server: ServerProcess, provider: MockProvider) -> tuple[Connection, str]:
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn, **FULL_ACCESS)
    provider.set_default(Scripted(_answers))
    for text in ("question one", "question two"):
        assert run_turn(conn, thread["id"], text).status == "completed"
    return conn, thread["id"]


def _compact(conn: Connection, thread_id: str) -> list[dict[str, Any]]:
    since = conn.mark()
    assert conn.call("thread/compact/start", {"threadId": thread_id}) == {}
    conn.wait_for("turn/completed", since=since)
    return conn.notifications(since=since)


def _assert_compacted_conversation(request: RecordedRequest, last_user: str) -> None:
    texts = _texts(request)
    summaries = [t for t in texts if SUMMARY_TEXT in t]
    assert len(summaries) == 1
    # The user's messages survive, the old answers do not, and the summary follows them.
    assert "question one" in texts and "question two" in texts
    assert not any(t.startswith("answer to") for t in texts)
    assert texts.index("question two") < texts.index(summaries[0]) < texts.index(last_user)
    assert not any(COMPACTION_MARKER in t for t in texts)


def test_compact_start_summarises_and_replaces_the_history(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle()
    conn, thread_id = _two_turns(server, mock_provider)
    notes = _compact(conn, thread_id)
    methods = [m["method"] for m in notes if m["method"].startswith(("turn/", "item/"))]
    assert methods == ["turn/started", "item/started", "item/completed", "turn/completed"]
    started = next(m for m in notes if m["method"] == "item/started")["params"]["item"]
    assert started["type"] == "contextCompaction"
    turn = next(m for m in notes if m["method"] == "turn/completed")["params"]["turn"]
    assert turn["status"] == "completed"

    request = mock_provider.response_requests[-1]
    assert COMPACTION_MARKER in _texts(request)[-1]
    assert request.json["input"][-1]["role"] == "user"
    assert not request.json.get("tools")
    assert request.json["parallel_tool_calls"] is False
    # The model saw the whole conversation before the prompt.
    assert "answer to question two" in _texts(request)

    assert run_turn(conn, thread_id, "question three").status == "completed"
    _assert_compacted_conversation(mock_provider.response_requests[-1], "question three")

    turns = conn.call("thread/turns/list", {"threadId": thread_id, "sortDirection": "asc"})["data"]
    kinds = [[item["type"] for item in t["items"]] for t in turns]
    assert kinds[2] == ["contextCompaction"]
    assert kinds[3] == ["userMessage", "agentMessage"]

    rollout = Path(conn.call("thread/read", {"threadId": thread_id})["thread"]["path"])
    lines = [json.loads(line) for line in rollout.read_text().splitlines()]
    (compacted,) = [line["payload"] for line in lines if line["type"] == "compacted"]
    assert compacted["message"].endswith(SUMMARY_TEXT)
    assert compacted["replacement_history"][-1]["content"][0]["text"] == compacted["message"]


def test_a_compacted_thread_resumes_with_its_summary_in_spindle_and_the_reference(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    ours = spindle(kind="spindle")
    conn, thread_id = _two_turns(ours, mock_provider)
    _compact(conn, thread_id)
    ours.restart()
    conn = ours.connect()
    conn.initialize()
    conn.call("thread/resume", {"threadId": thread_id})
    assert run_turn(conn, thread_id, "question three").status == "completed"
    _assert_compacted_conversation(mock_provider.response_requests[-1], "question three")
    ours.shutdown()

    # The reference, pointed at a copy of our sessions, rebuilds the same conversation.
    home = tmp_path / "reference" / "home"
    shutil.copytree(ours.home / "sessions", home / "sessions")
    reference = spindle(kind="reference", home=home)
    rconn = reference.connect()
    rconn.initialize()
    rconn.call("thread/resume", {"threadId": thread_id})
    assert run_turn(rconn, thread_id, "question four", timeout=60).status == "completed"
    texts = _texts(mock_provider.response_requests[-1])
    assert any(SUMMARY_TEXT in t for t in texts)
    assert "answer to question one" not in texts
    assert texts[-1] == "question four"


def test_auto_compaction_runs_inside_the_turn_when_the_context_passes_the_limit(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    # Every mock response reports 110 tokens of context: the second turn passes 100.
    server = spindle(config_extra="")
    config = server.home / "config.toml"
    config.write_text("model_auto_compact_token_limit = 100\n" + config.read_text())
    server.restart()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn, **FULL_ACCESS)
    mock_provider.set_default(Scripted(_answers))
    assert run_turn(conn, thread["id"], "question one").status == "completed"
    assert len(mock_provider.response_requests) == 1
    run = run_turn(conn, thread["id"], "question two")
    assert run.status == "completed"
    # One compaction request, then the turn's own request built on the summary.
    assert len(mock_provider.response_requests) == 3
    assert COMPACTION_MARKER in _texts(mock_provider.response_requests[1])[-1]
    after = _texts(mock_provider.response_requests[2])
    assert any(SUMMARY_TEXT in t for t in after)
    assert "answer to question one" not in after
    kinds = [m["params"]["item"]["type"] for m in run.of("item/completed")]
    assert kinds == ["userMessage", "contextCompaction", "agentMessage"]


def test_compact_start_errors(spindle: StartServer, mock_provider: MockProvider) -> None:
    conn = spindle().connect()
    conn.initialize()
    unknown = "01a24c46-53e4-7553-8788-faf69990376c"
    reply = conn.request("thread/compact/start", {"threadId": unknown})
    assert reply["error"] == {"code": -32600, "message": f"thread not found: {unknown}"}
    reply = conn.request("thread/compact/start", {})
    assert reply["error"]["code"] == -32600
    assert "threadId" in reply["error"]["message"]
