"""The agent loop over WebSocket with several clients on one thread.

Every agent-loop test in ``test_e2e_agent_loop.py`` already runs over ws as well as stdio;
these cover what only a multi-connection transport has: an approval request reaches every
connection subscribed to the thread, the first answer wins, and everyone is told it was
resolved. Run with ``SPINDLE_E2E_SERVER=reference`` to check them against the reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, StartServer
from tests.support.flows import start_thread, text_input
from tests.support.mock_provider import (
    FunctionCall,
    MockProvider,
    Scripted,
    TextReply,
    ToolCallsReply,
)

pytestmark = [pytest.mark.requirement("R21"), pytest.mark.requirement("R22")]

APPROVAL = "item/commandExecution/requestApproval"


def _client(server: ServerProcess) -> Connection:
    conn = server.connect()
    conn.initialize()
    return conn


def _turn_completed(conn: Connection, turn_id: str, since: int) -> dict[str, Any]:
    return conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn_id, since=since, timeout=60
    )


@pytest.mark.parametrize(
    ("answerer", "decision"), [("owner", "accept"), ("watcher", "accept"), ("watcher", "decline")]
)
def test_an_approval_reaches_every_subscriber_and_one_answer_settles_it(
    spindle_ws: StartServer, mock_provider: MockProvider, answerer: str, decision: str
) -> None:
    server = spindle_ws()
    owner = _client(server)
    thread = start_thread(owner, sandbox="danger-full-access", approvalPolicy="untrusted")
    mock_provider.set_default(TextReply.of("first", n=1))
    since = owner.mark()
    first = owner.call("turn/start", {"threadId": thread["id"], "input": text_input("hi")})
    _turn_completed(owner, first["turn"]["id"], since)
    # A second client joins the (now persisted) thread before the command turn.
    watcher = _client(server)
    watcher.call("thread/resume", {"threadId": thread["id"]})
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply(
                calls=(FunctionCall("exec_command", {"cmd": "touch other.txt"}, call_id="ws2"),)
            ),
            TextReply.of("done", n=1),
        )
    )
    owner_since, watcher_since = owner.mark(), watcher.mark()
    turn = owner.call("turn/start", {"threadId": thread["id"], "input": text_input("go")})["turn"]
    to_owner = owner.wait_for_request(APPROVAL, since=owner_since)
    to_watcher = watcher.wait_for_request(APPROVAL, since=watcher_since)
    assert to_owner["id"] == to_watcher["id"]
    assert to_owner["params"] == to_watcher["params"]
    (owner if answerer == "owner" else watcher).respond(to_owner["id"], {"decision": decision})
    done = _turn_completed(owner, turn["id"], owner_since)
    assert done["params"]["turn"]["status"] == "completed"
    _turn_completed(watcher, turn["id"], watcher_since)
    ran = (Path(thread["cwd"]) / "other.txt").exists()
    assert ran == (decision == "accept")
    for conn, since in ((owner, owner_since), (watcher, watcher_since)):
        resolved = [m["params"] for m in conn.notifications(since, "serverRequest/resolved")]
        assert resolved == [{"threadId": thread["id"], "requestId": to_owner["id"]}]
        (item,) = [
            m["params"]["item"]
            for m in conn.notifications(since, "item/completed")
            if m["params"]["item"]["type"] == "commandExecution"
        ]
        assert item["status"] == ("completed" if ran else "declined")
    output = mock_provider.response_requests[-1].function_call_outputs()["ws2"]
    if not ran:
        assert output == (
            'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }'
        )
