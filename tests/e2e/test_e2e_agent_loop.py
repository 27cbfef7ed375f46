"""The agent loop end to end: the model calls tools, spindle runs them, the turn goes on.

A real server per transport, the mock Responses provider scripting function calls, real
processes (sandboxed by bubblewrap under read-only), every message checked against the
official schema by the client.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
from tests.support.flows import TurnRun, run_turn, start_thread
from tests.support.mock_provider import (
    FunctionCall,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)

pytestmark = pytest.mark.requirement("R21")

OUTPUT_RE = re.compile(
    r"Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n"
    r"Process exited with code (?P<code>-?\d+)\nOriginal token count: (?P<tokens>\d+)\n"
    r"Output:\n(?P<output>.*)\Z",
    re.S,
)

REFERENCE_TOOL_NAMES = [
    "exec_command",
    "write_stdin",
    "request_user_input",
    "view_image",
    "multi_agent_v1",
    "get_goal",
    "create_goal",
    "update_goal",
    "web_search",
]


def _tool_then_text(call: FunctionCall, text: str = "done.") -> Scripted:
    return Scripted.tool_round_trip(ToolCallsReply(calls=(call,)), TextReply.of(text, n=1))


def _items(run: TurnRun, method: str, kind: str) -> list[dict[str, Any]]:
    return [m["params"]["item"] for m in run.of(method) if m["params"]["item"]["type"] == kind]


def _last_output(provider: MockProvider, call_id: str) -> Any:
    for request in reversed(provider.response_requests):
        outputs = request.function_call_outputs()
        if call_id in outputs:
            return outputs[call_id]
    raise AssertionError(f"no function_call_output for {call_id} was sent to the model")


def _connect(spindle: StartServer, **thread_params: Any) -> tuple[Connection, dict[str, Any]]:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    return conn, start_thread(conn, **thread_params)


FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}


def test_exec_command_runs_and_the_model_gets_the_reference_text(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("exec_command", {"cmd": "echo hello-from-tool"}, call_id="call_1")
        )
    )
    run = run_turn(conn, thread["id"], "[exec-never] go")
    assert run.status == "completed"
    (started,) = _items(run, "item/started", "commandExecution")
    (done,) = _items(run, "item/completed", "commandExecution")
    assert started["id"] == done["id"] == "call_1"
    assert started["source"] == "unifiedExecStartup" and started["status"] == "inProgress"
    assert started["command"].endswith(" -lc 'echo hello-from-tool'")
    assert started["commandActions"] == [{"type": "unknown", "command": "echo hello-from-tool"}]
    assert re.fullmatch(r"\d+", started["processId"])
    assert done["status"] == "completed" and done["exitCode"] == 0
    assert done["aggregatedOutput"].endswith("hello-from-tool\n")
    deltas = "".join(m["params"]["delta"] for m in run.of("item/commandExecution/outputDelta"))
    assert deltas == done["aggregatedOutput"]
    output = _last_output(mock_provider, "call_1")
    match = OUTPUT_RE.match(output)
    assert match is not None, output
    assert match["code"] == "0" and match["output"] == done["aggregatedOutput"]
    # The turn ends with the model's text once the tool output went back.
    final = run.completed["params"]["turn"]["items"]
    assert [i["text"] for i in final] == ["done."]
    # The model's function call and our output were both sent back on the second request.
    second = mock_provider.response_requests[-1]
    assert [c["call_id"] for c in second.function_calls()] == ["call_1"]


def test_the_request_carries_the_reference_tools_instructions_and_context(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(TextReply.of("ok", n=1))
    run_turn(conn, thread["id"], "hello")
    body = mock_provider.response_requests[-1].json
    assert [t.get("name", t["type"]) for t in body["tools"]] == REFERENCE_TOOL_NAMES
    assert body["tool_choice"] == "auto" and body["parallel_tool_calls"] is True
    assert body["prompt_cache_key"] == thread["id"]
    assert body["include"] == ["reasoning.encrypted_content"]
    assert body["reasoning"] == {"summary": "auto"}
    assert "instructions" not in body
    first, permissions, environment, user = body["input"]
    assert first["role"] == "developer" and len(first["content"][0]["text"]) > 500
    assert permissions["role"] == "developer"
    assert "<permissions instructions>" in permissions["content"][0]["text"]
    assert "`read-only`" in permissions["content"][0]["text"]
    assert environment["role"] == "user"
    env_text = environment["content"][0]["text"]
    assert (
        env_text.startswith("<environment_context>") and f"<cwd>{thread['cwd']}</cwd>" in env_text
    )
    assert user["content"] == [{"type": "input_text", "text": "hello"}]
    # The rollout records exactly the context that was sent.
    lines = [json.loads(line) for line in Path(thread["path"]).read_text().splitlines()]
    recorded = [
        {
            k: v
            for k, v in line["payload"].items()
            if k != "internal_chat_message_metadata_passthrough"
        }
        for line in lines
        if line["type"] == "response_item" and line["payload"].get("type") == "message"
    ]
    assert recorded[:3] == [permissions, environment, user]
    meta = lines[0]["payload"]
    assert meta["base_instructions"] == {"text": first["content"][0]["text"]}


def test_unknown_tool_and_bad_arguments_go_back_to_the_model(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply(
                calls=(
                    FunctionCall("no_such_tool", {}, call_id="c_unknown"),
                    FunctionCall("exec_command", "{not json", call_id="c_json"),
                    FunctionCall("exec_command", {"cmd": 5}, call_id="c_type"),
                )
            ),
            TextReply.of("recovered", n=1),
        )
    )
    run = run_turn(conn, thread["id"], "go")
    assert run.status == "completed"
    outputs = mock_provider.response_requests[-1].function_call_outputs()
    assert outputs["c_unknown"] == "unsupported call: no_such_tool"
    assert outputs["c_json"].startswith("failed to parse function arguments:")
    assert outputs["c_type"].startswith("failed to parse function arguments:")
    assert _items(run, "item/started", "commandExecution") == []


def test_a_failing_command_is_a_failed_item_and_the_turn_goes_on(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("exec_command", {"cmd": "echo oops >&2; exit 3"}, call_id="c1")
        )
    )
    run = run_turn(conn, thread["id"], "go")
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["status"] == "failed" and done["exitCode"] == 3
    assert done["aggregatedOutput"] == "oops\n"
    match = OUTPUT_RE.match(_last_output(mock_provider, "c1"))
    assert match is not None and match["code"] == "3"
    assert run.status == "completed"


def test_read_only_sandbox_blocks_writes_and_allows_reads(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)  # config default: never + read-only
    work = Path(thread["cwd"])
    (work / "seed.txt").write_text("seed-content-42\n")
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply(
                calls=(
                    FunctionCall("exec_command", {"cmd": "touch ro.txt"}, call_id="w"),
                    FunctionCall("exec_command", {"cmd": "cat seed.txt"}, call_id="r"),
                )
            ),
            TextReply.of("ok, read-only.", n=1),
        )
    )
    run = run_turn(conn, thread["id"], "[readonly] go")
    assert not (work / "ro.txt").exists()
    write, read = _items(run, "item/completed", "commandExecution")
    assert write["status"] == "failed" and write["exitCode"] != 0
    assert "Read-only file system" in write["aggregatedOutput"]
    assert read["status"] == "completed" and read["aggregatedOutput"].endswith("seed-content-42\n")
    assert read["commandActions"] == [
        {
            "type": "read",
            "command": "cat seed.txt",
            "name": "seed.txt",
            "path": str(work / "seed.txt"),
        }
    ]
    denied = _last_output(mock_provider, "w")
    assert "Wall time: 0.0000 seconds" in denied and "Read-only file system" in denied


def _approval_thread(spindle: StartServer) -> tuple[Connection, dict[str, Any]]:
    return _connect(spindle, sandbox="danger-full-access", approvalPolicy="untrusted")


def test_declined_command_is_not_run_and_the_model_is_told(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _approval_thread(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "touch declined.txt"}, call_id="c3"))
    )
    conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "decline"})
    run = run_turn(conn, thread["id"], "[exec-decline] go")
    assert not (Path(thread["cwd"]) / "declined.txt").exists()
    (request,) = conn.server_requests(method="item/commandExecution/requestApproval")
    params = request["params"]
    assert params["itemId"] == "c3" and params["kind"] == "command"
    assert params["proposedExecpolicyAmendment"] == ["touch", "declined.txt"]
    assert params["availableDecisions"][0] == "accept"
    assert params["availableDecisions"][-1] == "cancel"
    flags = [m["params"]["status"].get("activeFlags") for m in run.of("thread/status/changed")]
    assert ["waitingOnApproval"] in flags
    resolved = run.of("serverRequest/resolved")
    assert [m["params"]["requestId"] for m in resolved] == [request["id"]]
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["status"] == "declined" and done["exitCode"] is None
    assert _last_output(mock_provider, "c3") == (
        'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }'
    )
    assert run.status == "completed"


def test_accepted_command_runs(spindle: StartServer, mock_provider: MockProvider) -> None:
    conn, thread = _approval_thread(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "touch accepted.txt"}, call_id="c5"))
    )
    conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "accept"})
    run = run_turn(conn, thread["id"], "[exec-accept] go")
    assert (Path(thread["cwd"]) / "accepted.txt").exists()
    (started,) = _items(run, "item/started", "commandExecution")
    assert started["source"] == "agent" and started["processId"] is None
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["status"] == "completed" and done["source"] == "unifiedExecStartup"


def test_untrusted_asks_even_for_read_only_commands(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    # Recorded from 0.169.0: under `untrusted` every command without an allow rule prompts,
    # `ls` included (its known-safe list no longer skips the prompt).
    conn, thread = _approval_thread(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "ls"}, call_id="c"))
    )
    conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "accept"})
    run = run_turn(conn, thread["id"], "go")
    (request,) = conn.server_requests(method="item/commandExecution/requestApproval")
    assert request["params"]["proposedExecpolicyAmendment"] == ["ls"]
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["status"] == "completed"


def test_execpolicy_amendment_is_persisted_and_honoured(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn, sandbox="danger-full-access", approvalPolicy="untrusted")
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "touch amended.txt"}, call_id="a1"))
    )

    def amend(message: dict[str, Any]) -> Any:
        decisions = message["params"]["availableDecisions"]
        (offer,) = [d for d in decisions if isinstance(d, dict)]
        return {"decision": offer}

    conn.on_request("item/commandExecution/requestApproval", amend)
    run_turn(conn, thread["id"], "first")
    assert len(conn.server_requests(method="item/commandExecution/requestApproval")) == 1
    rules = (server.home / "rules" / "default.rules").read_text()
    assert 'prefix_rule(pattern=["touch", "amended.txt"], decision="allow")' in rules
    # The same command again, even after a restart: the rule allows it without asking.
    server.restart()
    conn = server.connect()
    conn.initialize()
    conn.call("thread/resume", {"threadId": thread["id"]})
    (Path(thread["cwd"]) / "amended.txt").unlink()
    run = run_turn(conn, thread["id"], "second")
    assert conn.server_requests(method="item/commandExecution/requestApproval") == []
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["status"] == "completed"
    assert (Path(thread["cwd"]) / "amended.txt").exists()


def test_garbage_approval_answer_is_a_decline(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _approval_thread(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "touch g.txt"}, call_id="cg"))
    )
    since = conn.mark()
    turn = conn.call(
        "turn/start", {"threadId": thread["id"], "input": [{"type": "text", "text": "go"}]}
    )
    request = conn.wait_for_request("item/commandExecution/requestApproval", since=since)
    conn.respond(request["id"], {"decision": "maybe?"}, check=False)
    conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn["turn"]["id"], since=since
    )
    assert not (Path(thread["cwd"]) / "g.txt").exists()
    assert _last_output(mock_provider, "cg").startswith("exec_command failed: CreateProcess")


def test_cancel_interrupts_the_turn(spindle: StartServer, mock_provider: MockProvider) -> None:
    conn, thread = _approval_thread(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "touch c.txt"}, call_id="cc"))
    )
    conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "cancel"})
    run = run_turn(conn, thread["id"], "go")
    assert run.status == "interrupted"
    assert not (Path(thread["cwd"]) / "c.txt").exists()
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["status"] == "declined"


def test_client_vanishing_mid_approval_never_hangs_the_turn(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn, sandbox="danger-full-access", approvalPolicy="untrusted")
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "touch v.txt"}, call_id="cv"))
    )
    conn.call("turn/start", {"threadId": thread["id"], "input": [{"type": "text", "text": "go"}]})
    conn.wait_for_request("item/commandExecution/requestApproval")
    conn.close()
    if server.transport == "stdio":
        # On stdio the client going away is the end of input: the server ends the turn
        # (interrupted, nothing ran) and exits cleanly instead of waiting for an answer.
        assert server.wait(timeout=30) == 0
    else:
        # Over ws the server stays up: another client sees the thread idle again.
        other = server.connect()
        other.initialize()
        deadline = time.monotonic() + 30
        while True:
            status = other.call("thread/read", {"threadId": thread["id"]})["thread"]["status"]
            if status["type"] != "active":
                break
            assert time.monotonic() < deadline, f"turn still active: {status}"
            time.sleep(0.1)
    assert not (Path(thread["cwd"]) / "v.txt").exists()
    lines = [json.loads(line) for line in Path(thread["path"]).read_text().splitlines()]
    assert lines[-1]["payload"]["type"] == "turn_aborted"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_interrupt_kills_the_whole_process_group(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)
    pids = tmp_path / "pids"
    cmd = f"sleep 300 & echo $! > {pids}; sleep 300"
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("exec_command", {"cmd": cmd, "yield_time_ms": 30000}, call_id="cl")
        )
    )
    since = conn.mark()
    turn = conn.call(
        "turn/start", {"threadId": thread["id"], "input": [{"type": "text", "text": "go"}]}
    )
    conn.wait_for(
        "item/started", lambda m: m["params"]["item"]["type"] == "commandExecution", since=since
    )
    deadline = time.monotonic() + 10
    while not pids.exists() or not pids.read_text().strip():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pids.read_text())
    assert _pid_alive(child)
    conn.call("turn/interrupt", {"threadId": thread["id"], "turnId": turn["turn"]["id"]})
    done = conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn["turn"]["id"], since=since
    )
    assert done["params"]["turn"]["status"] == "interrupted"
    deadline = time.monotonic() + 10
    while _pid_alive(child):
        assert time.monotonic() < deadline, "the background child survived the interrupt"
        time.sleep(0.05)
    # As the reference, the next request tells the model the user interrupted that turn.
    mock_provider.set_default(TextReply.of("ok", n=1))
    run_turn(conn, thread["id"], "next")
    texts = [
        "".join(c.get("text", "") for c in item["content"])
        for item in mock_provider.response_requests[-1].json["input"]
        if item.get("type") == "message"
    ]
    aborted = [t for t in texts if t.startswith("<turn_aborted>")]
    assert len(aborted) == 1
    assert texts.index(aborted[0]) < texts.index("next")


def test_ten_megabytes_of_output(spindle: StartServer, mock_provider: MockProvider) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)
    cmd = "head -c 10000000 /dev/zero | tr '\\0' 'a'"
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": cmd}, call_id="big"))
    )
    run = run_turn(conn, thread["id"], "go", timeout=120)
    (done,) = _items(run, "item/completed", "commandExecution")
    assert done["exitCode"] == 0
    deltas = run.of("item/commandExecution/outputDelta")
    assert all(len(m["params"]["delta"].encode()) <= 8192 for m in deltas)
    output = _last_output(mock_provider, "big")
    # The retained output is capped at 1 MiB (head and tail, the dropped middle marked), and
    # the token counts cover every byte written, as the reference reports them.
    assert "Original token count: 2500000\n" in output
    assert "\n... 8951424 bytes omitted ...\n" in output
    assert "truncated" in output and len(output) < 20000
    assert done["aggregatedOutput"].count(" bytes omitted ...") == 1


def test_a_command_outliving_its_call_streams_and_completes_after_the_turn(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)
    gate = tmp_path / "gate"
    cmd = f"echo first; while [ ! -e {gate} ]; do sleep 0.02; done; echo second"
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("exec_command", {"cmd": cmd, "yield_time_ms": 250}, call_id="bg")
        )
    )
    run = run_turn(conn, thread["id"], "go")
    assert run.status == "completed"
    assert "Process running with session ID" in _last_output(mock_provider, "bg")
    assert _items(run, "item/completed", "commandExecution") == []
    since = conn.mark()
    gate.touch()
    # As the reference: the item keeps its deltas coming and completes, with all its
    # output, once the process ends, though the turn is over and nobody polled.
    done = conn.wait_for("item/completed", lambda m: m["params"]["item"]["id"] == "bg", since=since)
    item = done["params"]["item"]
    assert item["status"] == "completed" and item["exitCode"] == 0
    assert item["aggregatedOutput"] == "first\nsecond\n"
    assert done["params"]["turnId"] == run.turn_id
    deltas = [
        m["params"]["delta"]
        for m in conn.notifications(method="item/commandExecution/outputDelta")
        if m["params"]["itemId"] == "bg"
    ]
    assert "".join(deltas) == "first\nsecond\n"


def test_long_running_session_and_write_stdin_through_a_pty(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle, **FULL_ACCESS)

    def script(request: RecordedRequest) -> Any:
        outputs = request.function_call_outputs()
        if "s1" not in outputs:
            return ToolCallsReply(
                calls=(
                    FunctionCall(
                        "exec_command",
                        {"cmd": "cat", "tty": True, "yield_time_ms": 300},
                        call_id="s1",
                    ),
                )
            )
        if "s2" not in outputs:
            session = re.search(r"session ID (\d+)", outputs["s1"])
            assert session is not None, outputs["s1"]
            return ToolCallsReply(
                calls=(
                    FunctionCall(
                        "write_stdin",
                        {"session_id": int(session[1]), "chars": "ping\n", "yield_time_ms": 500},
                        call_id="s2",
                    ),
                )
            )
        return TextReply.of("done", n=1)

    mock_provider.set_default(Scripted(script))
    run = run_turn(conn, thread["id"], "go")
    assert run.status == "completed"
    first = _last_output(mock_provider, "s1")
    assert "Process running with session ID" in first
    assert "ping" in _last_output(mock_provider, "s2")
    (interaction,) = run.of("item/commandExecution/terminalInteraction")
    assert interaction["params"]["itemId"] == "s1" and interaction["params"]["stdin"] == "ping\n"


def test_resume_sends_the_whole_tool_history(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn, **FULL_ACCESS)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("exec_command", {"cmd": "echo remembered"}, call_id="h1"))
    )
    run_turn(conn, thread["id"], "first")
    sent = mock_provider.response_requests[-1].json["input"]
    server.restart()
    conn = server.connect()
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": thread["id"]})["thread"]
    kinds = [item["type"] for turn in resumed["turns"] for item in turn["items"]]
    assert "commandExecution" in kinds
    mock_provider.set_default(TextReply.of("again", n=1))
    run_turn(conn, thread["id"], "second")
    again = mock_provider.response_requests[-1].json["input"]
    strip = ("id",)

    def norm(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in i.items() if k not in strip} for i in items]

    # Everything the model saw in the first turn comes back, in order, before the new turn.
    assert norm(again[: len(sent)])[1:] == norm(sent)[1:]
    assert any(i.get("type") == "function_call_output" and i["call_id"] == "h1" for i in again)
