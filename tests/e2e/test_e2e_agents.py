"""Sub-agents end to end: spawn, paths, messages, wait, cascade close and resume (R8).

A real server per transport and the mock Responses provider playing every agent: one
script answers each request by the agent's latest task (the last user message of the
thread the request is for), so the parent and its children are served by one model.
What the tools answered is read from the ``function_call_output`` items of later requests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.agents_golden import (
    AGENT_GOLDEN_DIR,
    AGENT_SCENARIOS,
    output_diff,
    run_agent_scenario,
)
from tests.support.client import Connection, StartServer, Transport, server_kind, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import (
    Behaviour,
    FunctionCall,
    HangingStream,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)
from tests.support.schema import OfficialSchema
from tests.support.tool_golden import shape_diff

pytestmark = pytest.mark.requirement("R8")

Message = dict[str, Any]
V1 = "multi_agent_v1"
V2 = "collaboration"


def _task(request: RecordedRequest) -> str:
    """The latest user task of the thread a request is for (context messages and the
    notifications of finished children skipped)."""
    texts = [
        text
        for role, text in request.conversation()
        if role == "user" and not text.startswith("<subagent_notification>")
    ]
    return texts[-1] if texts else ""


def _has_tool_output(request: RecordedRequest) -> bool:
    """Whether the model is called back in its turn (tool outputs since the user's task)."""
    task = _task(request)
    seen_task = False
    for item in request.input_items():
        content = item.get("content")
        if item.get("type", "message") == "message" and isinstance(content, list):
            texts = [part.get("text") for part in content if isinstance(part, dict)]
            if item.get("role") == "user" and task in texts:
                seen_task = True
        elif item.get("type") == "function_call_output" and seen_task:
            return True
    return False


Answer = Behaviour | Callable[[RecordedRequest], Behaviour]


def _script(first: dict[str, Answer], then: dict[str, Answer] | None = None) -> Scripted:
    """Answer by task prefix: ``first`` to a fresh turn, ``then`` once tool outputs come back
    (default: a short text)."""

    def pick(table: dict[str, Answer], request: RecordedRequest) -> Behaviour | None:
        task = _task(request)
        for prefix, answer in table.items():
            if task.startswith(prefix):
                return answer(request) if callable(answer) else answer
        return None

    def answer(request: RecordedRequest) -> Behaviour:
        if _has_tool_output(request):
            return pick(then or {}, request) or TextReply.of("ok.", n=1)
        return pick(first, request) or TextReply.of("done.", n=1)

    return Scripted(answer)


def _call(name: str, call_id: str, namespace: str = V1, **arguments: Any) -> FunctionCall:
    return FunctionCall(name, arguments, call_id=call_id, namespace=namespace)


def _calls(*calls: FunctionCall) -> ToolCallsReply:
    return ToolCallsReply(calls=calls)


def _outputs(provider: MockProvider) -> dict[str, Any]:
    outputs: dict[str, Any] = {}
    for request in provider.response_requests:
        outputs.update(request.function_call_outputs())
    return outputs


def _rollout(path: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def _connect(spindle: StartServer, **start: Any) -> tuple[Connection, dict[str, Any]]:
    conn = spindle(**start).connect()
    conn.initialize()
    return conn, start_thread(conn)


def _collab(notes: list[Message], method: str, call_id: str) -> Message:
    return next(
        m["params"]
        for m in notes
        if m["method"] == method
        and m["params"]["item"]["type"] == "collabAgentToolCall"
        and m["params"]["item"]["id"] == call_id
    )


def _turn_done(conn: Connection, thread_id: str, since: int = 0, timeout: float = 30) -> Message:
    return conn.wait_for(
        "turn/completed",
        lambda m: m["params"]["threadId"] == thread_id,
        since=since,
        timeout=timeout,
    )


# -- the transcript's spawn scenario -----------------------------------------------------------


def test_spawn_scenario_matches_the_reference_transcript(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    parent_id = thread["id"]
    mock_provider.set_default(
        _script(
            {
                "[spawn] go": _calls(
                    _call(
                        "spawn_agent",
                        "call_14",
                        message="[spawn-child] say hi",
                        agent_type="default",
                    )
                ),
                "[spawn-child]": TextReply.of("done.", n=1),
            },
            {"[spawn] go": TextReply.of("hi from the child.", n=1)},
        )
    )
    run = run_turn(conn, parent_id, "[spawn] go")
    assert run.status == "completed"
    started = _collab(run.notifications, "item/started", "call_14")
    completed = _collab(conn.notifications(), "item/completed", "call_14")
    child_id = completed["item"]["receiverThreadIds"][0]
    child_done = _turn_done(conn, child_id)
    notes = conn.notifications()

    # The transcript's spawn scenario, recorded from the reference into the agents goldens
    # (the same script; its spawn call is s1).
    golden = json.loads((AGENT_GOLDEN_DIR / "spawn.json").read_text())
    ref_parent, ref_child = golden["threads"]
    ref_started = _collab(ref_parent, "item/started", "s1")
    ref_completed = _collab(ref_parent, "item/completed", "s1")

    # Shape for shape: the same members, in the same order, with the same fixed values.
    for ours, theirs in ((started, ref_started), (completed, ref_completed)):
        assert list(ours) == list(theirs)
        assert list(ours["item"]) == list(theirs["item"])
        for key in ("type", "tool", "status", "prompt", "model", "reasoningEffort"):
            assert ours["item"][key] == theirs["item"][key], key
        assert ours["item"]["senderThreadId"] == parent_id
        assert ours["turnId"] == run.turn_id
    assert started["item"]["receiverThreadIds"] == [] and started["item"]["agentsStates"] == {}
    assert completed["item"]["agentsStates"] == {
        child_id: {"status": "pendingInit", "message": None}
    }

    # The child's notifications, in the reference's order for its first moments.
    def child_methods(messages: list[Message], thread_id: str) -> list[str]:
        return [
            m["method"]
            for m in messages
            if m["params"].get("threadId") == thread_id and m["method"] != "warning"
        ]

    assert (
        child_methods(notes, child_id)[:5]
        == [m["method"] for m in ref_child][:5]
        == [
            "thread/status/changed",
            "thread/status/changed",
            "turn/started",
            "item/started",
            "item/completed",
        ]
    )
    child_turn = child_done["params"]["turn"]
    assert child_turn["rootTurnId"] == run.turn_id != child_turn["id"]
    assert child_turn["status"] == "completed"
    # Item types per thread, as recorded.
    ref_types = sorted(
        m["params"]["item"]["type"]
        for m in [*ref_parent, *ref_child]
        if m["method"] in ("item/started", "item/completed")
    )
    ours_types = sorted(
        m["params"]["item"]["type"]
        for m in notes
        if m["method"] in ("item/started", "item/completed")
        and m["params"]["threadId"] in (parent_id, child_id)
    )
    assert ours_types == ref_types

    # What the model saw: the reference's compact result, then the child's own task.
    outputs = _outputs(mock_provider)
    assert json.loads(outputs["call_14"]) == {
        "agent_id": child_id,
        "nickname": json.loads(outputs["call_14"])["nickname"],
    }
    assert outputs["call_14"] == json.dumps(json.loads(outputs["call_14"]), separators=(",", ":"))
    child_requests = [
        r for r in mock_provider.response_requests if _task(r) == "[spawn-child] say hi"
    ]
    assert len(child_requests) == 1
    # A child at the depth limit (1 by default) is not offered the multi-agent tools.
    assert "multi_agent_v1" in mock_provider.response_requests[0].tool_names()
    assert "multi_agent_v1" not in child_requests[0].tool_names()
    assert child_requests[0].conversation() == [("user", "[spawn-child] say hi")]

    # The child is a real thread: its own rollout, threadSource, path and nickname.
    read = conn.call("thread/read", {"threadId": child_id})["thread"]
    assert read["threadSource"] == "subagent"
    # As the reference shows a child: its parent, the root's session, the role asked for.
    assert read["parentThreadId"] == parent_id
    assert read["sessionId"] == parent_id
    assert read["agentRole"] == "default"
    # A listing shows the user's threads only, as the reference's default.
    assert [t["id"] for t in conn.call("thread/list", {})["data"]] == [parent_id]
    # Asked for by kind, the child is listed (and only by the kinds that cover it).
    for kinds, expected in [
        (["subAgent"], [child_id]),
        (["subAgentThreadSpawn"], [child_id]),
        (["subAgentReview", "subAgentOther"], []),
        (["vscode", "subAgentThreadSpawn"], [child_id, parent_id]),
    ]:
        listed = conn.call("thread/list", {"sourceKinds": kinds})["data"]
        assert [t["id"] for t in listed] == expected, kinds
    assert read["agentNickname"] == json.loads(outputs["call_14"])["nickname"]
    spawn = read["source"]["subAgent"]["thread_spawn"]
    assert spawn["parent_thread_id"] == parent_id and spawn["depth"] == 1
    assert spawn["agent_path"] == "/root/" + read["agentNickname"].lower()
    meta = _rollout(read["path"])[0]
    assert meta["type"] == "session_meta"
    assert meta["payload"]["thread_source"] == "subagent"
    assert meta["payload"]["agent_path"] == spawn["agent_path"]


# -- a tree three levels deep: paths, messages, wait, close, restart, resume -----------------

SLEEP_MARK = "613.25"  # a sleep only this test starts, found again in /proc


def _sleepers() -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmdline[:1] == [b"sleep"] and SLEEP_MARK.encode() in cmdline:
            found.append(int(entry.name))
    return found


def _wait_until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def _thread_ids(conn: Connection) -> set[str]:
    return set(conn.call("thread/loaded/list", {})["data"])


def _tree_script() -> Scripted:
    """root -> a -> b -> c (max_depth 3); c starts a long process and may not spawn d."""
    return _script(
        {
            "[tree] go": _calls(_call("spawn_agent", "s_a", task_name="a", message="[a] go")),
            "[a] go": _calls(_call("spawn_agent", "s_b", task_name="b", message="[b] go")),
            "[b] go": _calls(_call("spawn_agent", "s_c", task_name="c", message="[c] go")),
            "[c] go": _calls(
                FunctionCall(
                    "exec_command",
                    {"cmd": f"exec sleep {SLEEP_MARK}", "yield_time_ms": 250},
                    call_id="c_sleep",
                ),
                _call("spawn_agent", "s_d", task_name="d", message="[d] go"),
            ),
            "[msg] go": _calls(
                _call("send_input", "m_abs", target="/root/a/b", message="[b] ping"),
                _call("send_input", "m_rel", target="a/b/c", message="[c] ping"),
                _call("wait_agent", "m_wait", targets=["/root/a/b", "a/b/c"], timeout_ms=60_000),
            ),
            "[b] ping": TextReply.of("pong from b", n=1),
            "[c] ping": TextReply.of("pong from c", n=1),
            "[close] go": _calls(
                _call("send_input", "k_hang", target="/root/a/b/c", message="[c] hang"),
                _call("wait_agent", "k_wait", targets=["/root/a/b/c"], timeout_ms=5),
                _call("close_agent", "k_close", target="/root/a/b"),
            ),
            "[c] hang": HangingStream(max_wait=30.0),
            "[bad] go": _calls(
                _call("spawn_agent", "x_upper", task_name="Bad", message="[x] go"),
                _call("spawn_agent", "x_root", task_name="root", message="[x] go"),
                _call("spawn_agent", "x_dots", task_name="..", message="[x] go"),
                _call("spawn_agent", "x_slash", task_name="a/b", message="[x] go"),
                _call("spawn_agent", "x_taken", task_name="a", message="[x] go"),
                _call("send_input", "x_above", target="../x", message="hi"),
                _call("send_input", "x_abs", target="/elsewhere/a", message="hi"),
                _call("send_input", "x_trailing", target="a/", message="hi"),
                _call("send_input", "x_unknown", target="/root/zz", message="hi"),
                _call("send_input", "x_closed", target="/root/a/b", message="hi"),
                _call("send_input", "x_empty", target="a", message="  "),
                _call("wait_agent", "x_timeout", targets=["a"], timeout_ms=0),
            ),
            "[after] go": _calls(
                _call("send_input", "r_a", target="/root/a", message="[a] again"),
                _call("wait_agent", "r_wait", targets=["a"], timeout_ms=60_000),
                _call("send_input", "r_b", target="/root/a/b", message="hi"),
            ),
            "[a] again": TextReply.of("a is back", n=1),
        },
        {"[a] go": TextReply.of("a done", n=1), "[b] go": TextReply.of("b done", n=1)},
    )


def test_tree_paths_wait_cascade_close_and_resume_after_restart(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle(config_extra="[agents]\nmax_depth = 3\n")
    conn = server.connect()
    conn.initialize()
    root = start_thread(conn)
    root_id = root["id"]
    mock_provider.set_default(_tree_script())

    # Three levels: each agent spawns the next; c's spawn is past the depth limit.
    run = run_turn(conn, root_id, "[tree] go")
    assert run.status == "completed"
    ids: dict[str, str] = {}
    spawn_items: dict[str, dict[str, Any]] = {}
    for call_id, name in (("s_a", "a"), ("s_b", "b"), ("s_c", "c")):
        spawn_items[name] = _wait_collab(conn, call_id)
        ids[name] = spawn_items[name]["receiverThreadIds"][0]
    for thread_id in ids.values():
        _turn_done(conn, thread_id)
    outputs = _outputs(mock_provider)
    assert outputs["s_d"] == "Agent depth limit reached. Solve the task yourself."
    assert _sleepers(), "c's process runs"
    for name, path in (("a", "/root/a"), ("b", "/root/a/b"), ("c", "/root/a/b/c")):
        read = conn.call("thread/read", {"threadId": ids[name]})["thread"]
        assert read["source"]["subAgent"]["thread_spawn"]["agent_path"] == path
        assert read["source"]["subAgent"]["thread_spawn"]["depth"] == path.count("/") - 1
    # Each child's turn is rooted at the user's turn.
    rooted = {
        m["params"]["threadId"]: m["params"]["turn"]["rootTurnId"]
        for m in conn.notifications(0, "turn/started")
    }
    assert all(rooted[thread_id] == run.turn_id for thread_id in ids.values())

    # Messages by absolute and by relative path; wait for both answers.
    messages_sent = conn.mark()
    run = run_turn(conn, root_id, "[msg] go", timeout=60)
    outputs = _outputs(mock_provider)
    assert set(json.loads(outputs["m_abs"])) == {"submission_id"}
    assert set(json.loads(outputs["m_rel"])) == {"submission_id"}
    waited = json.loads(outputs["m_wait"])
    assert waited["timed_out"] is False
    assert set(waited["status"]) <= {ids["b"], ids["c"]} and waited["status"]
    for thread_id, status in waited["status"].items():
        name = "b" if thread_id == ids["b"] else "c"
        assert status == {"completed": f"pong from {name}"}
    # The wait returns at the first answer: both ping turns are over before what follows
    # counts c's turns.
    for name in ("b", "c"):
        _turn_done(conn, ids[name], since=messages_sent)

    # Wait with a timeout (5 ms is clamped to the 10 s minimum), then close the middle node.
    since = conn.mark()
    run = run_turn(conn, root_id, "[close] go", timeout=60)
    outputs = _outputs(mock_provider)
    assert json.loads(outputs["k_wait"]) == {"status": {}, "timed_out": True}
    assert json.loads(outputs["k_close"]) == {"previous_status": {"completed": "pong from b"}}
    closed = [
        m["params"]["threadId"]
        for m in conn.notifications(since, "thread/status/changed")
        if m["params"]["status"] == {"type": "notLoaded"}
    ]
    assert closed == [ids["c"], ids["b"]]  # deepest first
    c_turns = [
        m["params"]["turn"]
        for m in conn.notifications(since, "turn/completed")
        if m["params"]["threadId"] == ids["c"]
    ]
    assert [t["status"] for t in c_turns] == ["interrupted"]
    _wait_until(lambda: not _sleepers())
    assert _thread_ids(conn) == {root_id, ids["a"]}
    for name in ("b", "c"):
        path = conn.call("thread/read", {"threadId": ids[name]})["thread"]["path"]
        assert _rollout(path)[-1]["payload"] == {"type": "shutdown_complete"}

    # Bad names and paths are tool errors; the turn goes on.
    run = run_turn(conn, root_id, "[bad] go")
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    assert outputs["x_upper"] == (
        "agent_name must use only lowercase letters, digits, and underscores"
    )
    assert outputs["x_root"] == "agent_name `root` is reserved"
    assert outputs["x_dots"] == "agent_name `..` is reserved"
    assert outputs["x_slash"] == "agent_name must not contain `/`"
    assert outputs["x_taken"] == "agent path `/root/a` already exists"
    assert outputs["x_above"] == "agent_name `..` is reserved"
    assert outputs["x_abs"] == "absolute agent paths must start with `/root` or be `/morpheus`"
    assert outputs["x_trailing"] == "relative agent path must not end with `/`"
    assert outputs["x_unknown"] == "live agent path `/root/zz` not found"
    assert outputs["x_closed"] == f"agent with id {ids['b']} not found"
    assert outputs["x_empty"] == "Empty message can't be sent to an agent"
    assert outputs["x_timeout"] == "timeout_ms must be greater than zero"

    # Restart and resume the root: the open subtree comes back under the same paths.
    server.restart()
    conn = server.connect()
    conn.initialize()
    conn.call("thread/resume", {"threadId": root_id, "excludeTurns": True})
    assert _thread_ids(conn) == {root_id, ids["a"]}
    # The collab items come back from the rollouts as they were notified.
    turns = conn.call("thread/read", {"threadId": root_id, "includeTurns": True})["thread"]
    replayed = [i for i in turns["turns"][0]["items"] if i["type"] == "collabAgentToolCall"]
    assert replayed == [spawn_items["a"]]
    a_read = conn.call("thread/read", {"threadId": ids["a"], "includeTurns": True})["thread"]
    assert spawn_items["b"] in a_read["turns"][0]["items"]
    run = run_turn(conn, root_id, "[after] go", timeout=60)
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    assert json.loads(outputs["r_wait"]) == {
        "status": {ids["a"]: {"completed": "a is back"}},
        "timed_out": False,
    }
    assert outputs["r_b"] == "live agent path `/root/a/b` not found"
    a_turn = _turn_done(conn, ids["a"])["params"]["turn"]
    assert a_turn["rootTurnId"] == run.turn_id


def _wait_collab(conn: Connection, call_id: str) -> dict[str, Any]:
    item: dict[str, Any] = conn.wait_for(
        "item/completed",
        lambda m: m["params"]["item"].get("id") == call_id,
    )["params"]["item"]
    return item


# -- the v2 tool set ------------------------------------------------------------------------


def _v2_server(spindle: StartServer, provider: MockProvider, tmp: Path) -> Connection:
    home = tmp / "v2" / "home"
    write_config(home, provider.base_url)
    config = home / "config.toml"
    text = config.read_text()
    assert text.count("[features]\n") == 1
    config.write_text(text.replace("[features]\n", "[features]\nmulti_agent_v2 = true\n"))
    conn = spindle(home=home).connect()
    conn.initialize()
    return conn


def test_collaboration_tools_when_multi_agent_v2_is_on(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    conn = _v2_server(spindle, mock_provider, tmp_path)
    root_id = start_thread(conn)["id"]

    def v2(name: str, call_id: str, **arguments: Any) -> FunctionCall:
        return _call(name, call_id, V2, **arguments)

    mock_provider.set_default(
        _script(
            {
                "[v2] go": _calls(
                    v2(
                        "spawn_agent",
                        "v_spawn",
                        task_name="worker",
                        message="[w] go",
                        fork_turns="none",
                    ),
                    v2("spawn_agent", "v_forked", task_name="forked", message="[f] go"),
                    v2("spawn_agent", "v_ctx", task_name="w2", message="x", fork_context=True),
                    v2("spawn_agent", "v_model", task_name="w3", message="x", model="other"),
                    v2("spawn_agent", "v_unknown", task_name="w4", message="x", extra=1),
                    v2("spawn_agent", "v_turns", task_name="w5", message="x", fork_turns="3"),
                    v2("send_message", "v_empty", target="worker", message=" "),
                    v2("followup_task", "v_root", target="/root", message="hi"),
                    v2("interrupt_agent", "v_int_root", target="/root"),
                    v2("wait_agent", "v_zero", timeout_ms=0),
                    v2("wait_agent", "v_wait", timeout_ms=60_000),
                    # For the other child, if it is still running: both may have ended
                    # before the first wait (then this one times out). The shortest wait.
                    v2("wait_agent", "v_wait2", timeout_ms=10_000),
                    v2("list_agents", "v_list"),
                    v2("list_agents", "v_list_prefix", path_prefix="/root/worker"),
                    v2("send_message", "v_note", target="worker", message="a note"),
                    v2("followup_task", "v_follow", target="/root/worker", message="[w] follow"),
                ),
                "[w] go": TextReply.of("worker done", n=1),
                "[f] go": TextReply.of("forked done", n=1),
                "[w] follow": TextReply.of("followed", n=1),
            }
        )
    )
    run = run_turn(conn, root_id, "[v2] go", timeout=180)
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    spawned = json.loads(outputs["v_spawn"])
    assert list(spawned) == ["task_name", "nickname"]
    assert spawned["task_name"] == "/root/worker"
    assert json.loads(outputs["v_forked"])["task_name"] == "/root/forked"
    assert outputs["v_ctx"] == (
        "fork_context is not supported in MultiAgentV2; use fork_turns instead"
    )
    assert outputs["v_model"].startswith("Full-history forked agents inherit")
    assert outputs["v_unknown"].startswith(
        "failed to parse function arguments: unknown field `extra`"
    )
    assert outputs["v_turns"] == "fork_turns must be `all` or `none`"
    assert outputs["v_empty"] == "Empty message can't be sent to an agent"
    assert outputs["v_root"] == "Follow-up tasks can't target the root agent"
    assert outputs["v_int_root"] == "interrupt_agent can't target the root agent"
    assert outputs["v_zero"] == "timeout_ms must be greater than zero"
    assert json.loads(outputs["v_wait"]) == {"message": "Wait completed.", "timed_out": False}
    listed = json.loads(outputs["v_list"])["agents"]
    assert [a["agent_name"] for a in listed] == ["/root", "/root/forked", "/root/worker"]
    assert listed[0]["agent_status"] == "running"
    prefixed = json.loads(outputs["v_list_prefix"])["agents"]
    assert [a["agent_name"] for a in prefixed] == ["/root/worker"]
    assert outputs["v_note"] == "" and outputs["v_follow"] == ""

    worker_id = next(
        m["params"]["item"]["receiverThreadIds"][0]
        for m in conn.notifications(0, "item/completed")
        if m["params"]["item"].get("id") == "v_spawn"
    )
    conn.wait_for(
        "turn/completed",
        lambda m: (
            m["params"]["threadId"] == worker_id
            and m["params"]["turn"]["items"][-1:] != []
            and m["params"]["turn"]["items"][-1].get("text") == "followed"
        ),
        timeout=30,
    )
    # The queued message reached the worker with its follow-up task, not as a turn of its own.
    follow = next(r for r in mock_provider.response_requests if _task(r) == "[w] follow")
    users = [text for role, text in follow.conversation() if role == "user"]
    assert users[-2:] == ["a note", "[w] follow"]
    # fork_turns none: the worker saw only its task; the default (all) forks the history.
    first = next(r for r in mock_provider.response_requests if _task(r) == "[w] go")
    assert [t for r, t in first.conversation() if r == "user"] == ["[w] go"]
    forked = next(r for r in mock_provider.response_requests if _task(r) == "[f] go")
    assert [t for r, t in forked.conversation() if r == "user"] == ["[v2] go", "[f] go"]
    # Every call but list_agents showed as a collabAgentToolCall item.
    tools = [
        m["params"]["item"]["tool"]
        for m in conn.notifications(0, "item/completed")
        if m["params"]["item"]["type"] == "collabAgentToolCall"
    ]
    assert set(tools) == {"spawnAgent", "wait", "sendMessage", "followupTask"}


# -- golden transcripts recorded from the reference ----------------------------------------


@pytest.mark.parametrize("scenario", list(AGENT_SCENARIOS))
def test_agent_scenario_matches_the_reference_shape(
    scenario: str, transport: Transport, tmp_path: Path, official_schema: OfficialSchema
) -> None:
    golden = json.loads((AGENT_GOLDEN_DIR / f"{scenario}.json").read_text())
    transcript, problems = run_agent_scenario(
        scenario,
        kind=server_kind(),
        transport=transport,
        root=tmp_path / scenario,
        schema=official_schema,
    )
    assert not problems, "\n".join(problems[:40])
    differences: list[str] = []
    assert len(transcript["threads"]) == len(golden["threads"])
    for index, (expected, actual) in enumerate(
        zip(golden["threads"], transcript["threads"], strict=True)
    ):
        found = shape_diff(
            {"notifications": expected, "server_requests": [], "model_saw": []},
            {"notifications": actual, "server_requests": [], "model_saw": []},
        )
        differences += [f"thread {index}: {d}" for d in found]
    differences += output_diff(golden["outputs"], transcript["outputs"])
    assert not differences, f"{scenario} differs from the reference:\n" + "\n".join(
        differences[:40]
    )


def test_goldens_exist_for_every_agent_scenario() -> None:
    assert sorted(p.stem for p in AGENT_GOLDEN_DIR.glob("*.json")) == sorted(AGENT_SCENARIOS)


# -- the open agents limit ------------------------------------------------------------------


def test_spawns_past_max_threads_fail_until_an_agent_is_closed(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle, config_extra="[agents]\nmax_threads = 2\n")
    mock_provider.set_default(
        _script(
            {
                "[limit] go": _calls(
                    _call("spawn_agent", "l1", task_name="one", message="[kid] 1"),
                    _call("spawn_agent", "l2", task_name="two", message="[kid] 2"),
                    _call("spawn_agent", "l3", task_name="three", message="[kid] 3"),
                    _call("close_agent", "l_close", target="one"),
                    _call("spawn_agent", "l4", task_name="four", message="[kid] 4"),
                ),
                "[kid]": TextReply.of("kid done", n=1),
            }
        )
    )
    run = run_turn(conn, thread["id"], "[limit] go", timeout=60)
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    assert outputs["l3"] == "collab spawn failed: agent thread limit reached"
    assert json.loads(outputs["l4"])["agent_id"]
    failed = _wait_collab(conn, "l3")
    # As recorded: a failed spawn item names no receiver and keeps the requested defaults.
    assert (failed["status"], failed["receiverThreadIds"], failed["agentsStates"]) == (
        "failed",
        [],
        {},
    )
    assert (failed["model"], failed["reasoningEffort"]) == ("", "medium")
