"""turn/steer: input added to the running turn reaches the model at its next request.

Recorded from 0.169.0 with a scripted model whose first answer runs ``sleep`` through
exec_command: the steered text becomes a ``userMessage`` item (with its ``clientId``) after
the tool's output, the next request carries it after the ``function_call_output``, and the
rollout records it like any user message. Errors are the reference's, word for word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
from tests.support.flows import start_thread, text_input
from tests.support.mock_provider import (
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)

FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}


def _sleep_then_answer(request: RecordedRequest) -> Any:
    if request.function_call_outputs():
        return TextReply.of("final", n=1)
    return ToolCallsReply.call("exec_command", {"cmd": "sleep 1; echo slept"})


def _connect(spindle: StartServer) -> tuple[Connection, dict[str, Any]]:
    conn = spindle().connect()
    conn.initialize()
    return conn, start_thread(conn, **FULL_ACCESS)


def _steer(conn: Connection, thread_id: str, expected: str, items: list[Any], **extra: Any) -> Any:
    return conn.request(
        "turn/steer",
        {"threadId": thread_id, "expectedTurnId": expected, "input": items, **extra},
    )


def test_steered_input_joins_the_running_turn(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(Scripted(_sleep_then_answer))
    since = conn.mark()
    turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("hi")})["turn"]
    conn.wait_for(
        "item/started",
        lambda m: m["params"]["item"]["type"] == "commandExecution",
        since=since,
    )
    reply = _steer(
        conn, thread["id"], turn["id"], text_input("also do X"), clientUserMessageId="cm-1"
    )
    assert reply.get("result") == {"turnId": turn["id"]}, reply
    completed = conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn["id"], since=since
    )
    assert completed["params"]["turn"]["status"] == "completed"

    # One turn, two model requests: the second carries the steer after the tool output.
    assert len(mock_provider.response_requests) == 2
    last = mock_provider.response_requests[-1].json["input"]
    assert last[-2]["type"] == "function_call_output"
    assert last[-1]["role"] == "user"
    assert last[-1]["content"] == [{"type": "input_text", "text": "also do X"}]

    # The steer is a userMessage item after the command, before the answer.
    kinds = [
        (m["params"]["item"]["type"], m["params"]["item"].get("clientId"))
        for m in conn.notifications(since=since, method="item/completed")
    ]
    assert kinds == [
        ("userMessage", None),
        ("commandExecution", None),
        ("userMessage", "cm-1"),
        ("agentMessage", None),
    ]
    turns = conn.call("thread/turns/list", {"threadId": thread["id"]})["data"]
    assert [t["id"] for t in turns] == [turn["id"]]

    # The rollout records it as the reference does: message + UserMessage with client_id.
    rollout = Path(conn.call("thread/read", {"threadId": thread["id"]})["thread"]["path"])
    lines = [json.loads(line) for line in rollout.read_text().splitlines()]
    steered = [
        line["payload"]["item"]
        for line in lines
        if line["type"] == "event_msg"
        and line["payload"].get("type") == "item_completed"
        and line["payload"]["item"]["type"] == "UserMessage"
    ]
    assert [item.get("client_id") for item in steered] == [None, "cm-1"]
    assert "client_id" not in steered[0]
    assert steered[1]["content"][0]["text"] == "also do X"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("idle", "no active turn to steer"),
        ("wrong-id", "expected active turn id `nope` but found `{turn}`"),
        ("empty", "input must not be empty"),
        ("unknown-thread", "thread not found: {unknown}"),
    ],
)
def test_steer_errors_are_the_references(
    spindle: StartServer, mock_provider: MockProvider, case: str, message: str
) -> None:
    conn, thread = _connect(spindle)
    unknown = "01a24c42-c944-71a3-9489-1bb39133b2e3"
    if case == "idle":
        reply = _steer(conn, thread["id"], "x", text_input("a"))
        assert reply["error"] == {"code": -32600, "message": message}
        return
    mock_provider.set_default(Scripted(_sleep_then_answer))
    since = conn.mark()
    turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("hi")})["turn"]
    conn.wait_for(
        "item/started", lambda m: m["params"]["item"]["type"] == "commandExecution", since=since
    )
    target = unknown if case == "unknown-thread" else thread["id"]
    expected = "nope" if case == "wrong-id" else turn["id"]
    items = [] if case == "empty" else text_input("a")
    reply = _steer(conn, target, expected, items)
    assert reply["error"] == {
        "code": -32600,
        "message": message.format(turn=turn["id"], unknown=unknown),
    }
    conn.wait_for("turn/completed", since=since)
    # Nothing was added: the model's second request ends with the tool output.
    assert mock_provider.response_requests[-1].json["input"][-1]["type"] == ("function_call_output")
