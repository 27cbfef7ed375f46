"""The test client's side of server-to-client requests, against an in-process fake server.

The e2e suite relies on :class:`tests.support.client.Connection` to see, validate and answer
approval and user-input requests; these tests pin that down without starting a server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.client import INTERNAL_ERROR, Connection, Message
from tests.support.schema import OfficialSchema

APPROVAL = "item/commandExecution/requestApproval"
USER_INPUT = "item/tool/requestUserInput"


class FakeServer:
    """The server end of a :class:`Connection`: it reads what the client sends."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.received: list[Any] = []
        self._cond = threading.Condition()
        conn._write = self._receive

    def _receive(self, text: str) -> None:
        try:
            frame: Any = json.loads(text)
        except ValueError:
            frame = text
        with self._cond:
            self.received.append(frame)
            self._cond.notify_all()

    def send(self, msg: Message) -> None:
        self.conn._deliver(json.dumps(msg))

    def wait_received(self, n: int, timeout: float = 10.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.received) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"expected {n} frames, got {self.received}")
                self._cond.wait(remaining)
            return list(self.received)


def approval_request(request_id: Any, item_id: str = "call_1") -> Message:
    return {
        "id": request_id,
        "method": APPROVAL,
        "params": {
            "kind": "command",
            "threadId": "thr_1",
            "turnId": "turn_1",
            "itemId": item_id,
            "startedAtMs": 1,
            "environmentId": "local",
            "command": "/bin/bash -lc 'touch a.txt'",
            "cwd": "/work",
            "commandActions": [{"type": "unknown", "command": "touch a.txt"}],
            "proposedExecpolicyAmendment": ["touch", "a.txt"],
            "availableDecisions": [
                "accept",
                {"acceptWithExecpolicyAmendment": {"execpolicy_amendment": ["touch", "a.txt"]}},
                "cancel",
            ],
        },
    }


def user_input_request(request_id: Any) -> Message:
    question = {
        "id": "color",
        "header": "Color",
        "question": "Which color?",
        "isOther": True,
        "isSecret": False,
        "options": [{"label": "Red", "description": "Warm."}],
    }
    params = {
        "threadId": "thr_1",
        "turnId": "turn_1",
        "itemId": "call_2",
        "questions": [question],
        "isBlocking": True,
    }
    return {"id": request_id, "method": USER_INPUT, "params": params}


@pytest.fixture
def conn(official_schema: OfficialSchema) -> Iterator[Connection]:
    connection = Connection(name="fake", schema=official_schema)
    yield connection
    connection._mark_closed()


def test_server_requests_are_listed_validated_and_answered(conn: Connection) -> None:
    server = FakeServer(conn)
    server.send({"method": "thread/status/changed", "params": {"threadId": "t", "status": {}}})
    mark = conn.mark()
    threading.Timer(0.05, server.send, args=(approval_request(request_id=7),)).start()
    request = conn.wait_for_request(APPROVAL, lambda m: m["params"]["itemId"] == "call_1")
    assert request["id"] == 7
    assert conn.server_requests() == [request] == conn.server_requests(mark, APPROVAL)
    assert conn.server_requests(method=USER_INPUT) == []
    assert conn.server_requests(pending=True) == [request]
    conn.respond(7, {"decision": "accept"})
    assert server.wait_received(1) == [{"id": 7, "result": {"decision": "accept"}}]
    assert conn.server_requests(pending=True) == []
    assert [p for p in conn.schema_errors if APPROVAL in p] == []
    with pytest.raises(AssertionError, match="answered twice"):
        conn.respond(7, {"decision": "accept"})


def test_notifications_and_server_requests_do_not_mix(conn: Connection) -> None:
    server = FakeServer(conn)
    server.send(approval_request("a"))
    with pytest.raises(TimeoutError):
        conn.wait_for(APPROVAL, timeout=0.1)
    assert conn.notifications() == []
    server.send({"method": "serverRequest/resolved", "params": {"threadId": "t", "requestId": 1}})
    with pytest.raises(TimeoutError):
        conn.wait_for_request("serverRequest/resolved", timeout=0.1)
    assert [m["method"] for m in conn.server_requests()] == [APPROVAL]


def test_invalid_server_requests_are_schema_errors(conn: Connection) -> None:
    server = FakeServer(conn)
    broken = approval_request(request_id=1)
    del broken["params"]["turnId"]
    server.send(broken)
    server.send({"id": 2, "method": "item/made/up", "params": {}})
    server.send({**approval_request(request_id=3), "id": 1.5})
    assert any(APPROVAL in p and "turnId" in p for p in conn.schema_errors)
    assert any("'item/made/up' is not an official server request" in p for p in conn.schema_errors)
    assert any("1.5 is not a RequestId" in p for p in conn.schema_errors)


def test_our_answers_are_checked_unless_told_otherwise(conn: Connection) -> None:
    server = FakeServer(conn)
    server.send(approval_request(request_id=1))
    with pytest.raises(AssertionError, match="does not match the official schema"):
        conn.respond(1, {"decision": "maybe"})
    assert server.received == []
    conn.respond(1, {"decision": "maybe"}, check=False)
    assert server.wait_received(1) == [{"id": 1, "result": {"decision": "maybe"}}]


def test_error_and_raw_answers(conn: Connection) -> None:
    server = FakeServer(conn)
    server.send(approval_request(request_id=1))
    server.send(approval_request(request_id=2))
    conn.respond_error(1, -32000, "no thanks", data={"why": "test"})
    conn.respond_raw('{"id": 2, "result": ', request_id=2)
    assert server.wait_received(2) == [
        {"id": 1, "error": {"code": -32000, "message": "no thanks", "data": {"why": "test"}}},
        '{"id": 2, "result": ',
    ]
    assert conn.server_requests(pending=True) == []


def test_auto_responder_answers_pending_and_new_requests(conn: Connection) -> None:
    server = FakeServer(conn)
    server.send(approval_request(request_id=1, item_id="early"))
    seen: list[str] = []

    def decide(msg: Message) -> Any:
        seen.append(msg["params"]["itemId"])
        return {"decision": "decline" if msg["params"]["itemId"] == "early" else "accept"}

    conn.on_request(APPROVAL, decide)
    server.send(approval_request(request_id=2, item_id="late"))
    server.send(user_input_request(request_id=3))  # no responder for this one
    assert server.wait_received(2) == [
        {"id": 1, "result": {"decision": "decline"}},
        {"id": 2, "result": {"decision": "accept"}},
    ]
    assert seen == ["early", "late"]
    assert [m["id"] for m in conn.server_requests(pending=True)] == [3]
    conn.on_request(USER_INPUT, lambda m: {"answers": {"color": {"answers": ["Red"]}}})
    assert server.wait_received(3)[2] == {
        "id": 3,
        "result": {"answers": {"color": {"answers": ["Red"]}}},
    }
    conn.on_request(APPROVAL, None)
    server.send(approval_request(request_id=4))
    time.sleep(0.1)
    assert [m["id"] for m in conn.server_requests(pending=True)] == [4]
    assert conn.responder_errors == [] and conn.schema_errors == []


def test_auto_responder_failures_are_reported(conn: Connection) -> None:
    server = FakeServer(conn)

    def explode(msg: Message) -> Any:
        raise RuntimeError("responder bug")

    conn.on_request(APPROVAL, explode)
    server.send(approval_request(request_id=1))
    (answer,) = server.wait_received(1)
    assert answer["id"] == 1 and answer["error"]["code"] == INTERNAL_ERROR
    assert "responder bug" in answer["error"]["message"]
    (error,) = conn.responder_errors
    assert isinstance(error, RuntimeError)
    conn.on_request(APPROVAL, lambda m: {"decision": "sure"})
    server.send(approval_request(request_id=2))
    assert server.wait_received(2)[1] == {"id": 2, "result": {"decision": "sure"}}
    assert any(f"answer to server request {APPROVAL}" in p for p in conn.schema_errors)
