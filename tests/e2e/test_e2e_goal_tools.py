"""The model's goal tools end to end: get_goal, create_goal, update_goal, continuation turns.

A real server per transport and the mock Responses provider scripting the model's calls
(each response reports 100 input + 10 output tokens, so a goal is charged 110 per response
it is active for). What the tools answered is read from the next request's
``function_call_output`` items, as the model would see it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import (
    Behaviour,
    FunctionCall,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)

pytestmark = pytest.mark.requirement("R24")

CONTINUE_MARKER = "Continue working toward the active thread goal."
EXISTING_GOAL = (
    "cannot create a new goal because this thread already has a goal; "
    "use update_goal only when the existing goal is complete"
)
GOAL_KEYS = [
    "threadId",
    "objective",
    "status",
    "tokenBudget",
    "tokensUsed",
    "timeUsedSeconds",
    "createdAt",
    "updatedAt",
]
GOAL_TOOLS = ("get_goal", "create_goal", "update_goal")
RESPONSE_TOKENS = 110  # the mock's default usage: 100 input + 10 output, nothing cached
Message = dict[str, Any]


def _connect(spindle: StartServer, **start: Any) -> tuple[Connection, dict[str, Any]]:
    conn = spindle(**start).connect()
    conn.initialize()
    return conn, start_thread(conn)


def _calls(*calls: FunctionCall) -> ToolCallsReply:
    return ToolCallsReply(calls=calls)


def _is_continuation(request: RecordedRequest) -> bool:
    texts = request.input_texts()
    return bool(texts) and CONTINUE_MARKER in texts[-1][1]


CONTINUING = TextReply.of("continuing", n=1)


def _script(first: Behaviour, continuation: Behaviour = CONTINUING) -> Scripted:
    """``first`` answers the user's turn, ``continuation`` a goal-continuation turn, and a
    short text every request that brings tool outputs back."""

    def answer(request: RecordedRequest) -> Behaviour:
        if request.ends_with_tool_output() or _after_budget_limit(request):
            return TextReply.of("ok.", n=1)
        return continuation if _is_continuation(request) else first

    return Scripted(answer)


def _after_budget_limit(request: RecordedRequest) -> bool:
    """The request carries the budget-limit message right after a tool's output."""
    items = request.json["input"]
    return (
        len(items) >= 2
        and items[-2].get("type") == "function_call_output"
        and any(BUDGET_MARKER in c.get("text", "") for c in items[-1].get("content") or [])
    )


def _outputs(provider: MockProvider) -> dict[str, Any]:
    """Every tool output the model was sent, by call id."""
    outputs: dict[str, Any] = {}
    for request in provider.response_requests:
        outputs.update(request.function_call_outputs())
    return outputs


def _parsed(output: Any) -> dict[str, Any]:
    """A goal tool's output: compact JSON of the reference's shape."""
    assert isinstance(output, str), output
    value: dict[str, Any] = json.loads(output)
    assert output == json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    assert list(value) == ["goal", "remainingTokens", "completionBudgetReport"]
    goal = value["goal"]
    if goal is not None:
        keys = [k for k in GOAL_KEYS if k != "tokenBudget" or "tokenBudget" in goal]
        assert list(goal) == keys
        assert goal.get("tokenBudget", 1) is not None  # left out rather than null
    return value


def _goal_updates(conn: Connection, since: int, thread_id: str) -> list[dict[str, Any]]:
    return [
        m["params"]
        for m in conn.notifications(since, "thread/goal/updated")
        if m["params"]["threadId"] == thread_id
    ]


def _turn_ids(conn: Connection, since: int, thread_id: str) -> list[str]:
    return [
        m["params"]["turn"]["id"]
        for m in conn.notifications(since, "turn/started")
        if m["params"]["threadId"] == thread_id
    ]


def _wait_turn_done(conn: Connection, since: int, turn_id: str) -> Message:
    return conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn_id, since=since
    )


def _wait_update(
    conn: Connection, since: int, predicate: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    params: dict[str, Any] = conn.wait_for(
        "thread/goal/updated", lambda m: predicate(m["params"]), since=since
    )["params"]
    return params


def _settle(conn: Connection) -> None:
    """Wait until the server has gone quiet (no continuation turn is still on its way)."""
    conn.wait_quiet(1.0, timeout=30.0)


def _rollout(thread: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(thread["path"]).read_text().splitlines()]


def _item_types(run_notes: list[Message], turn_id: str) -> list[str]:
    return [
        m["params"]["item"]["type"]
        for m in run_notes
        if m["method"] == "item/started" and m["params"]["turnId"] == turn_id
    ]


# -- the tools' answers --------------------------------------------------------------------


def test_get_create_and_update_answer_the_reference_json(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    thread_id = thread["id"]
    mock_provider.set_default(
        _script(
            _calls(
                FunctionCall("get_goal", {}, call_id="c_get_none"),
                FunctionCall(
                    "create_goal",
                    {"objective": "  ship the parser  ", "token_budget": 100_000},
                    call_id="c_create",
                ),
                FunctionCall("get_goal", {}, call_id="c_get"),
                FunctionCall("update_goal", {"status": "blocked"}, call_id="c_block"),
            )
        )
    )
    run = run_turn(conn, thread_id, "[goal] go")
    assert run.status == "completed"
    outputs = _outputs(mock_provider)

    assert _parsed(outputs["c_get_none"]) == {
        "goal": None,
        "remainingTokens": None,
        "completionBudgetReport": None,
    }
    created = _parsed(outputs["c_create"])
    goal = created["goal"]
    assert goal["threadId"] == thread_id
    assert goal["objective"] == "ship the parser"  # trimmed
    assert (goal["status"], goal["tokenBudget"], goal["tokensUsed"]) == ("active", 100_000, 0)
    assert created["remainingTokens"] == 100_000 - goal["tokensUsed"]
    assert created["completionBudgetReport"] is None
    read = _parsed(outputs["c_get"])
    assert read["goal"]["objective"] == "ship the parser"
    assert read["goal"]["status"] == "active"
    blocked = _parsed(outputs["c_block"])
    assert blocked["goal"]["status"] == "blocked"
    assert blocked["goal"]["createdAt"] == goal["createdAt"]
    assert blocked["completionBudgetReport"] is None  # only a complete goal reports
    # As the reference: the next request also carries the objective, as an output of the
    # agent namespace's goal_objective without a call id, after the create_goal output.
    follow_up = mock_provider.response_requests[-1].json["input"]
    objectives = [i for i in follow_up if i.get("name") == "goal_objective"]
    assert [(i["type"], i["namespace"], i["output"], "call_id" in i) for i in objectives] == [
        ("function_call_output", "agent", "ship the parser", False)
    ]
    created_at = next(i for i, x in enumerate(follow_up) if x.get("call_id") == "c_create")
    assert follow_up.index(objectives[0]) > created_at

    # Create and update were each notified with the turn's id, full ThreadGoal on the wire.
    updates = [
        u for u in _goal_updates(conn, since=0, thread_id=thread_id) if u["turnId"] == run.turn_id
    ]
    statuses = [u["goal"]["status"] for u in updates]
    assert statuses[0] == "active" and statuses[-1] == "blocked"
    assert updates[0]["goal"]["tokenBudget"] == 100_000
    assert set(statuses) <= {"active", "blocked"}
    # Blocked: no continuation turn.
    _settle(conn)
    assert _turn_ids(conn, since=0, thread_id=thread_id) == [run.turn_id]
    assert len(mock_provider.response_requests) == 2
    stored = conn.call("thread/goal/get", {"threadId": thread_id})["goal"]
    assert (stored["objective"], stored["status"], stored["tokenBudget"]) == (
        "ship the parser",
        "blocked",
        100_000,
    )
    # Both changes are in the rollout.
    logged = [
        line["payload"]["goal"]["status"]
        for line in _rollout(thread)
        if line["type"] == "event_msg" and line["payload"].get("type") == "thread_goal_updated"
    ]
    assert logged[0] == "active" and logged[-1] == "blocked"


def test_refused_values_and_calls_go_back_to_the_model(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    thread_id = thread["id"]
    mock_provider.set_default(
        _script(
            _calls(
                FunctionCall("create_goal", {"objective": "   "}, call_id="c_empty"),
                FunctionCall("create_goal", {"objective": "x" * 4001}, call_id="c_long"),
                FunctionCall(
                    "create_goal", {"objective": "ok", "token_budget": 0}, call_id="c_zero"
                ),
                FunctionCall("create_goal", {}, call_id="c_missing"),
                FunctionCall("create_goal", {"objective": 7}, call_id="c_type"),
                FunctionCall("update_goal", {"status": "complete"}, call_id="c_no_goal"),
                FunctionCall("update_goal", {"status": "active"}, call_id="c_status"),
                FunctionCall("create_goal", {"objective": "x" * 4000}, call_id="c_first"),
                FunctionCall("create_goal", {"objective": "second"}, call_id="c_second"),
                FunctionCall("update_goal", {"status": "complete"}, call_id="c_done"),
                FunctionCall("create_goal", {"objective": "third"}, call_id="c_replace"),
                FunctionCall("update_goal", {"status": "paused"}, call_id="c_pause"),
            )
        )
    )
    run = run_turn(conn, thread_id, "go")
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    assert outputs["c_empty"] == "goal objective must not be empty"
    assert outputs["c_long"] == "goal objective must be at most 4000 characters"
    assert outputs["c_zero"] == "goal budgets must be positive when provided"
    assert outputs["c_missing"] == "failed to parse function arguments: missing field `objective`"
    assert outputs["c_type"].startswith("failed to parse function arguments: invalid type")
    assert outputs["c_no_goal"] == f"cannot update goal for thread {thread_id}: no goal exists"
    assert outputs["c_status"].startswith(
        "failed to parse function arguments: unknown variant `active`"
    )
    first = _parsed(outputs["c_first"])["goal"]
    assert len(first["objective"]) == 4000
    assert outputs["c_second"] == EXISTING_GOAL  # the first goal is not complete
    done = _parsed(outputs["c_done"])
    assert done["goal"]["status"] == "complete"
    assert done["remainingTokens"] is None
    # A complete goal without a budget reports only when time was spent on it.
    assert (done["completionBudgetReport"] is None) == (done["goal"]["timeUsedSeconds"] == 0)
    # A complete goal is replaced: new objective, usage from zero.
    replaced = _parsed(outputs["c_replace"])["goal"]
    assert (replaced["objective"], replaced["status"], replaced["tokensUsed"]) == (
        "third",
        "active",
        0,
    )
    assert _parsed(outputs["c_pause"])["goal"]["status"] == "paused"
    _settle(conn)
    assert _turn_ids(conn, since=0, thread_id=thread_id) == [run.turn_id]  # paused: no continuation
    stored = conn.call("thread/goal/get", {"threadId": thread_id})["goal"]
    assert (stored["objective"], stored["status"]) == ("third", "paused")


def test_a_completed_goal_reports_its_budget_use(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(
        _script(
            _calls(
                FunctionCall(
                    "create_goal", {"objective": "small", "token_budget": 5000}, call_id="c1"
                ),
                FunctionCall("update_goal", {"status": "complete"}, call_id="c2"),
            )
        )
    )
    assert run_turn(conn, thread["id"], "go").status == "completed"
    done = _parsed(_outputs(mock_provider)["c2"])
    assert done["goal"]["status"] == "complete"
    assert done["remainingTokens"] == 5000 - done["goal"]["tokensUsed"]
    report = done["completionBudgetReport"]
    assert isinstance(report, str) and report.startswith("Goal achieved.")
    assert f"{done['goal']['tokensUsed']} of 5000" in report


def test_creating_a_goal_fills_an_empty_thread_preview(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    thread_id = thread["id"]
    mock_provider.set_default(
        _script(
            _calls(
                FunctionCall("create_goal", {"objective": "describe the picture"}, call_id="c1"),
                FunctionCall("update_goal", {"status": "complete"}, call_id="c2"),
            )
        )
    )
    mark = conn.mark()
    # An image only: the turn brings no text to preview the thread with.
    turn = conn.call(
        "turn/start",
        {
            "threadId": thread_id,
            "input": [{"type": "image", "url": "https://example.com/cat.png"}],
        },
    )["turn"]
    done = _wait_turn_done(conn, mark, turn["id"])
    assert done["params"]["turn"]["status"] == "completed"
    read = conn.call("thread/read", {"threadId": thread_id})["thread"]
    assert read["preview"] == "describe the picture"
    listed = conn.call("thread/list", {})["data"]
    assert [t["preview"] for t in listed if t["id"] == thread_id] == ["describe the picture"]


# -- continuation and accounting -----------------------------------------------------------


def test_an_active_goal_continues_without_user_input_until_update_goal_completes_it(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    thread_id = thread["id"]
    mock_provider.set_default(
        _script(
            _calls(FunctionCall("create_goal", {"objective": "say hi twice"}, call_id="c_new")),
            continuation=_calls(
                FunctionCall("update_goal", {"status": "complete"}, call_id="c_done")
            ),
        )
    )
    mark = conn.mark()
    first = run_turn(conn, thread_id, "[goal] go")
    assert first.status == "completed"
    created = _parsed(_outputs(mock_provider)["c_new"])["goal"]
    assert (created["objective"], created["status"]) == ("say hi twice", "active")
    assert "tokenBudget" not in created
    assert _goal_updates(conn, mark, thread_id)[0] == {
        "threadId": thread_id,
        "turnId": first.turn_id,
        "goal": {**created, "tokenBudget": None},
    }

    # The goal is active, so a continuation turn follows on its own.
    completed = _wait_update(conn, mark, lambda p: p["goal"]["status"] == "complete")
    continuation = completed["turnId"]
    assert continuation not in (None, first.turn_id)
    done = _wait_turn_done(conn, mark, continuation)
    assert done["params"]["turn"]["status"] == "completed"
    _settle(conn)
    # Complete: the chain stops after that one continuation turn.
    assert _turn_ids(conn, mark, thread_id) == [first.turn_id, continuation]
    notes = conn.notifications(mark)
    assert _item_types(notes, first.turn_id)[0] == "userMessage"
    assert "userMessage" not in _item_types(notes, continuation)
    assert len(mock_provider.response_requests) == 4

    # The continuation request ends with the goal's continuation message.
    continued = mock_provider.response_requests[2]
    role, text = continued.input_texts()[-1]
    assert role == "user" and CONTINUE_MARKER in text and "say hi twice" in text
    completion = _parsed(_outputs(mock_provider)["c_done"])
    assert completion["goal"]["status"] == "complete"
    # Tokens were charged only while the goal was active, never after it completed.
    used = completion["goal"]["tokensUsed"]
    assert used > 0 and used % RESPONSE_TOKENS == 0
    stored = conn.call("thread/goal/get", {"threadId": thread_id})["goal"]
    assert (stored["status"], stored["tokensUsed"]) == ("complete", used)

    # The rollout holds the continuation message inside the continuation turn, after its
    # context, so a resumed thread replays what the model saw.
    lines = _rollout(thread)
    starts = [
        i
        for i, line in enumerate(lines)
        if line["type"] == "event_msg"
        and line["payload"].get("type") == "task_started"
        and line["payload"]["turn_id"] == continuation
    ]
    assert len(starts) == 1
    messages = [
        (i, line["payload"])
        for i, line in enumerate(lines)
        if line["type"] == "response_item"
        and line["payload"].get("type") == "message"
        and any(CONTINUE_MARKER in c.get("text", "") for c in line["payload"]["content"])
    ]
    assert len(messages) == 1
    index, recorded = messages[0]
    assert index > starts[0] and recorded["role"] == "user"
    assert recorded["content"][0]["text"] == text


BUDGET_MARKER = "has used up its token budget"


def test_a_budget_reached_in_the_turn_ends_budget_limited_with_no_continuation(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    thread_id = thread["id"]
    mock_provider.set_default(
        _script(
            _calls(
                FunctionCall(
                    "create_goal", {"objective": "tiny", "token_budget": 100}, call_id="c1"
                )
            )
        )
    )
    mark = conn.mark()
    run = run_turn(conn, thread_id, "go")
    assert run.status == "completed"
    # The response after create_goal costs 110 tokens: the budget of 100 is reached.
    limited = _wait_update(conn, mark, lambda p: p["goal"]["status"] == "budgetLimited")
    assert limited["turnId"] == run.turn_id
    assert limited["goal"]["tokensUsed"] == RESPONSE_TOKENS
    _settle(conn)
    assert _turn_ids(conn, mark, thread_id) == [run.turn_id]
    assert len(mock_provider.response_requests) == 2
    stored = conn.call("thread/goal/get", {"threadId": thread_id})["goal"]
    assert (stored["status"], stored["tokensUsed"]) == ("budgetLimited", RESPONSE_TOKENS)


def test_continuation_turns_run_until_the_budget_is_reached(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    thread_id = thread["id"]
    mock_provider.set_default(
        _script(
            _calls(
                FunctionCall(
                    "create_goal", {"objective": "long", "token_budget": 200}, call_id="c1"
                )
            ),
            continuation=_calls(FunctionCall("get_goal", {}, call_id="c_get")),
        )
    )
    mark = conn.mark()
    run = run_turn(conn, thread_id, "go")
    assert run.status == "completed"
    limited = _wait_update(conn, mark, lambda p: p["goal"]["status"] == "budgetLimited")
    continuation = limited["turnId"]
    assert continuation not in (None, run.turn_id)
    _wait_turn_done(conn, mark, continuation)
    _settle(conn)
    assert _turn_ids(conn, mark, thread_id) == [run.turn_id, continuation]
    # Turn 1: 110 after create_goal; the continuation's first response: 220 >= 200.
    assert limited["goal"]["tokensUsed"] == 2 * RESPONSE_TOKENS
    # get_goal in the continuation already saw the goal budget-limited, nothing remaining.
    seen = _parsed(_outputs(mock_provider)["c_get"])
    assert seen["goal"]["status"] == "budgetLimited" and seen["remainingTokens"] == 0
    assert len(mock_provider.response_requests) == 4
    # The first time the budget runs out, the turn's next request tells the model to wrap
    # up, once, after the tool output that followed the costly response.
    budget_texts = [
        [
            (index, item)
            for index, item in enumerate(request.json["input"])
            if item.get("type") == "message"
            and any(BUDGET_MARKER in c.get("text", "") for c in item["content"])
        ]
        for request in mock_provider.response_requests
    ]
    assert [len(found) for found in budget_texts] == [0, 0, 0, 1]
    ((index, message),) = budget_texts[3]
    last = mock_provider.response_requests[3].json["input"]
    output_at = next(
        i
        for i, item in enumerate(last)
        if item.get("call_id") == "c_get" and item["type"] == "function_call_output"
    )
    assert index > output_at and message["role"] == "user"
    text = message["content"][0]["text"]
    assert "Do not call update_goal unless the goal is actually complete" in text
    assert "- Tokens used: 220" in text and "- Token budget: 200" in text
    rollout = Path(conn.call("thread/read", {"threadId": thread_id})["thread"]["path"])
    recorded = [
        line
        for line in map(json.loads, rollout.read_text().splitlines())
        if line["type"] == "response_item"
        and any(BUDGET_MARKER in c.get("text", "") for c in line["payload"].get("content") or [])
    ]
    assert len(recorded) == 1


# -- the feature flag ----------------------------------------------------------------------


def test_with_goals_disabled_the_tools_are_not_offered_and_calls_are_unsupported(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "no-goals" / "home"
    config = write_config(home, mock_provider.base_url)
    text = config.read_text()
    assert "[features]\n" in text
    config.write_text(text.replace("[features]\n", "[features]\ngoals = false\n", 1))
    conn, thread = _connect(spindle, home=home)
    mock_provider.set_default(
        _script(
            _calls(
                *(FunctionCall(name, {}, call_id=f"c_{name}") for name in GOAL_TOOLS),
            )
        )
    )
    run = run_turn(conn, thread["id"], "go")
    assert run.status == "completed"
    first = mock_provider.response_requests[0]
    assert not set(GOAL_TOOLS) & set(first.tool_names())
    outputs = _outputs(mock_provider)
    assert {name: outputs[f"c_{name}"] for name in GOAL_TOOLS} == {
        name: f"unsupported call: {name}" for name in GOAL_TOOLS
    }
    assert run.of("thread/goal/updated") == []
