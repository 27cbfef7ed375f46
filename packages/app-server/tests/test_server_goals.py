"""Thread goals through the real ``spindle app-server`` process (R5).

Each test starts a real server on a tmp home whose model provider is the mock Responses
server on 127.0.0.1; every message the server sends is checked against the official v2
schema (generated from the reference at test time). Results, notifications and error
texts are the ones observed on codex 0.169.0 (codex_behavior.md §8). The goals database is
also read directly through the state API to check what was stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spindle_state import GoalStatus, open_goal_store

from tests.support.client import Connection, RpcError, ServerProcess, Transport, write_config
from tests.support.mock_provider import HangingStream, MockProvider, TextReply, Usage
from tests.support.reference import ReferenceUnavailable, generate_schema
from tests.support.schema import OfficialSchema

pytestmark = pytest.mark.requirement("R5")

UNKNOWN = "01a22428-1eca-7fe1-95a3-0dacb0f57100"
CONTINUE_MARKER = "Continue working toward the active thread goal."
Message = dict[str, Any]
Start = Callable[..., ServerProcess]


@pytest.fixture(scope="module")
def official_schema(tmp_path_factory: pytest.TempPathFactory) -> OfficialSchema:
    try:
        return OfficialSchema(generate_schema(tmp_path_factory.mktemp("official-schema")))
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required for this test: {exc}", pytrace=False)


@pytest.fixture
def provider() -> Iterator[MockProvider]:
    with MockProvider() as mock:
        yield mock


@pytest.fixture
def start(
    tmp_path: Path, provider: MockProvider, official_schema: OfficialSchema
) -> Iterator[Start]:
    """Start spindle servers: ``start(goals=None|True|False, transport=..., home=...)``."""
    started: list[ServerProcess] = []

    def run(
        *, goals: bool | None = None, transport: Transport = "stdio", home: Path | None = None
    ) -> ServerProcess:
        home = home or tmp_path / f"server{len(started)}" / "home"
        if not (home / "config.toml").exists():
            path = write_config(home, provider.base_url)
            if goals is not None:
                text = path.read_text().replace(
                    "[features]\n", f"[features]\ngoals = {str(goals).lower()}\n"
                )
                path.write_text(text)
        server = ServerProcess(
            kind="spindle",
            home=home,
            transport=transport,
            cwd=home.parent / "work",
            schema=official_schema,
        )
        started.append(server)
        return server.start()

    yield run
    problems: list[str] = []
    for server in started:
        if server.running:
            try:
                server.shutdown(timeout=15)
            except RuntimeError:
                server.kill()
        problems.extend(server.iter_all_schema_errors())
    assert problems == [], "messages not matching the official schema:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def shared_provider() -> Iterator[MockProvider]:
    with MockProvider() as mock:
        yield mock


@pytest.fixture(scope="module")
def shared_server(
    tmp_path_factory: pytest.TempPathFactory,
    shared_provider: MockProvider,
    official_schema: OfficialSchema,
) -> Iterator[tuple[ServerProcess, Connection]]:
    """One server (stdio, default config) for the tests that do not need their own."""
    home = tmp_path_factory.mktemp("shared") / "home"
    write_config(home, shared_provider.base_url)
    server = ServerProcess(
        kind="spindle", home=home, transport="stdio", cwd=home.parent / "work",
        schema=official_schema,
    )  # fmt: skip
    server.start()
    try:
        yield server, _client(server)
    finally:
        if server.running:
            server.shutdown(timeout=15)
    problems = list(server.iter_all_schema_errors())
    assert problems == [], "messages not matching the official schema:\n" + "\n".join(problems)


@pytest.fixture
def shared(
    shared_server: tuple[ServerProcess, Connection], shared_provider: MockProvider
) -> Iterator[tuple[ServerProcess, Connection, MockProvider]]:
    """The shared server, its connection and a provider reset for this test."""
    shared_provider.reset()
    server, conn = shared_server
    yield server, conn, shared_provider
    shared_provider.release()
    shared_provider.reset()


def _client(server: ServerProcess) -> Connection:
    conn = server.connect()
    conn.initialize()
    return conn


def _new_thread(conn: Connection, **params: Any) -> str:
    return str(conn.call("thread/start", params)["thread"]["id"])


def _error(conn: Connection, method: str, params: Any) -> tuple[int, str]:
    with pytest.raises(RpcError) as caught:
        conn.call(method, params)
    return caught.value.code, caught.value.message


def _goal_updates(conn: Connection, since: int, thread_id: str) -> list[Message]:
    return [
        m["params"]
        for m in conn.notifications(since, "thread/goal/updated")
        if m["params"]["threadId"] == thread_id
    ]


def _wait_goal(
    conn: Connection, since: int, predicate: Callable[[Message], bool], timeout: float = 30.0
) -> Message:
    message = conn.wait_for(
        "thread/goal/updated", lambda m: predicate(m["params"]), since=since, timeout=timeout
    )
    params: Message = message["params"]
    return params


# -- set / get / clear --------------------------------------------------------------------------


def test_set_get_clear_round_trip_with_notifications(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _round_trip(shared[1])


def test_set_get_clear_round_trip_over_websocket(start: Start) -> None:
    _round_trip(_client(start(transport="ws")))


def _round_trip(conn: Connection) -> None:
    thread_id = _new_thread(conn)
    assert conn.call("thread/goal/get", {"threadId": thread_id}) == {"goal": None}

    mark = conn.mark()
    result = conn.call(
        "thread/goal/set",
        {"threadId": thread_id, "objective": "  ship the release  ", "status": "paused"},
    )
    goal = result["goal"]
    assert list(goal) == [
        "threadId",
        "objective",
        "status",
        "tokenBudget",
        "tokensUsed",
        "timeUsedSeconds",
        "createdAt",
        "updatedAt",
    ]
    assert goal["threadId"] == thread_id
    assert (goal["objective"], goal["status"], goal["tokenBudget"]) == (
        "ship the release",
        "paused",
        None,
    )
    assert (goal["tokensUsed"], goal["timeUsedSeconds"]) == (0, 0)
    assert goal["createdAt"] == goal["updatedAt"] and goal["createdAt"] > 1_700_000_000
    update = conn.wait_for("thread/goal/updated", since=mark)
    assert update["params"] == {"threadId": thread_id, "turnId": None, "goal": goal}
    assert "emittedAtMs" in update

    assert conn.call("thread/goal/get", {"threadId": thread_id}) == {"goal": goal}

    mark = conn.mark()
    assert conn.call("thread/goal/clear", {"threadId": thread_id}) == {"cleared": True}
    cleared = conn.wait_for("thread/goal/cleared", since=mark)
    assert cleared["params"] == {"threadId": thread_id}
    assert conn.call("thread/goal/get", {"threadId": thread_id}) == {"goal": None}

    mark = conn.mark()
    assert conn.call("thread/goal/clear", {"threadId": thread_id}) == {"cleared": False}
    conn.call("thread/loaded/list", {})  # a later response: anything due has arrived
    assert conn.notifications(mark, "thread/goal/cleared") == []


def test_patches_keep_usage_and_budget_null_removes_the_budget(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _server, conn, _provider = shared
    thread_id = _new_thread(conn)
    first = conn.call(
        "thread/goal/set",
        {"threadId": thread_id, "objective": "a", "status": "paused", "tokenBudget": 50},
    )["goal"]
    renamed = conn.call("thread/goal/set", {"threadId": thread_id, "objective": "b"})["goal"]
    # An objective on an existing goal patches it: status, budget and creation time stay.
    assert (renamed["objective"], renamed["status"], renamed["tokenBudget"]) == ("b", "paused", 50)
    assert renamed["createdAt"] == first["createdAt"]
    blocked = conn.call("thread/goal/set", {"threadId": thread_id, "status": "blocked"})["goal"]
    assert (blocked["status"], blocked["tokenBudget"]) == ("blocked", 50)
    unbounded = conn.call("thread/goal/set", {"threadId": thread_id, "tokenBudget": None})["goal"]
    assert (unbounded["status"], unbounded["tokenBudget"]) == ("blocked", None)
    same = conn.call("thread/goal/set", {"threadId": thread_id})["goal"]
    assert (same["objective"], same["status"]) == ("b", "blocked")


def test_budget_limited_stays_budget_limited_when_paused(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _server, conn, _provider = shared
    thread_id = _new_thread(conn)
    conn.call("thread/goal/set", {"threadId": thread_id, "objective": "x", "status": "paused"})
    limited = conn.call("thread/goal/set", {"threadId": thread_id, "status": "budgetLimited"})[
        "goal"
    ]
    mark = conn.mark()
    paused = conn.call("thread/goal/set", {"threadId": thread_id, "status": "paused"})["goal"]
    assert paused["status"] == "budgetLimited"
    assert paused["updatedAt"] >= limited["updatedAt"]
    assert {k: v for k, v in paused.items() if k != "updatedAt"} == {
        k: v for k, v in limited.items() if k != "updatedAt"
    }
    assert _wait_goal(conn, mark, lambda p: True)["goal"] == paused
    blocked = conn.call("thread/goal/set", {"threadId": thread_id, "status": "blocked"})["goal"]
    assert blocked["status"] == "budgetLimited"
    complete = conn.call("thread/goal/set", {"threadId": thread_id, "status": "complete"})["goal"]
    assert complete["status"] == "complete"


# -- errors -------------------------------------------------------------------------------------


def test_errors_match_the_reference(shared: tuple[ServerProcess, Connection, MockProvider]) -> None:
    _server, conn, _provider = shared
    thread_id = _new_thread(conn)
    ephemeral = _new_thread(conn, ephemeral=True)
    bad_id = (
        -32600,
        "invalid thread id: invalid character: expected an optional prefix of `urn:uuid:` "
        "followed by [0-9a-fA-F-], found `n` at 1",
    )
    for method in ("thread/goal/get", "thread/goal/set", "thread/goal/clear"):
        params: dict[str, Any] = {"objective": "x"} if method == "thread/goal/set" else {}
        assert _error(conn, method, {"threadId": "nope", **params}) == bad_id
        assert _error(conn, method, {"threadId": UNKNOWN, **params}) == (
            -32600,
            f"thread not found: {UNKNOWN}",
        )
        assert _error(conn, method, {"threadId": ephemeral, **params}) == (
            -32600,
            f"ephemeral thread does not support goals: {ephemeral}",
        )
    # The thread is checked before the objective.
    assert _error(conn, "thread/goal/set", {"threadId": UNKNOWN, "objective": ""}) == (
        -32600,
        f"thread not found: {UNKNOWN}",
    )
    empty = (-32600, "goal objective must not be empty")
    assert _error(conn, "thread/goal/set", {"threadId": thread_id, "objective": ""}) == empty
    assert _error(conn, "thread/goal/set", {"threadId": thread_id, "objective": " \n "}) == empty
    # The objective is checked before the budget.
    assert (
        _error(conn, "thread/goal/set", {"threadId": thread_id, "objective": "", "tokenBudget": 0})
        == empty
    )
    assert _error(conn, "thread/goal/set", {"threadId": thread_id, "objective": "é" * 4001}) == (
        -32600,
        "goal objective must be at most 4000 characters",
    )
    budget = (-32600, "goal budgets must be positive when provided")
    for value in (0, -5):
        assert (
            _error(
                conn,
                "thread/goal/set",
                {"threadId": thread_id, "objective": "ok", "tokenBudget": value},
            )
            == budget
        )
    # The budget is checked before the goal's existence.
    assert _error(conn, "thread/goal/set", {"threadId": thread_id, "tokenBudget": 0}) == budget
    missing = (-32600, f"cannot update goal for thread {thread_id}: no goal exists")
    assert _error(conn, "thread/goal/set", {"threadId": thread_id, "status": "paused"}) == missing
    assert _error(conn, "thread/goal/set", {"threadId": thread_id}) == missing
    assert _error(conn, "thread/goal/get", {}) == (
        -32600,
        "Invalid request: missing field `threadId`",
    )
    # Nothing was stored by the refused calls, and 4000 characters are accepted.
    assert conn.call("thread/goal/get", {"threadId": thread_id}) == {"goal": None}
    longest = conn.call(
        "thread/goal/set", {"threadId": thread_id, "objective": "é" * 4000, "status": "paused"}
    )
    assert len(longest["goal"]["objective"]) == 4000


def test_goals_feature_is_on_by_default(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _feature_flag(shared[1], goals=None)


@pytest.mark.parametrize("goals", [True, False])
def test_goals_feature_flag(start: Start, goals: bool) -> None:
    _feature_flag(_client(start(goals=goals)), goals)


def _feature_flag(conn: Connection, goals: bool | None) -> None:
    thread_id = _new_thread(conn)
    calls: list[tuple[str, dict[str, Any]]] = [
        ("thread/goal/get", {"threadId": thread_id}),
        ("thread/goal/set", {"threadId": thread_id, "objective": "x", "status": "paused"}),
        ("thread/goal/clear", {"threadId": thread_id}),
        ("thread/goal/get", {"threadId": "nope"}),
    ]
    if goals is False:
        for method, params in calls:
            assert _error(conn, method, params) == (-32600, "goals feature is disabled")
    else:  # on by default, as in the reference
        assert conn.call(*calls[0]) == {"goal": None}
        assert conn.call(*calls[1])["goal"]["objective"] == "x"
        assert conn.call(*calls[2]) == {"cleared": True}


# -- persistence --------------------------------------------------------------------------------


def test_set_on_a_new_thread_persists_it_with_the_objective_as_preview(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    server, conn, _provider = shared
    thread = conn.call("thread/start", {})["thread"]
    path = Path(thread["path"])
    assert not path.exists()
    goal = conn.call(
        "thread/goal/set",
        {"threadId": thread["id"], "objective": "index the docs", "status": "paused"},
    )["goal"]
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["type"] == "session_meta"
    assert lines[1]["type"] == "event_msg"
    assert lines[1]["payload"] == {
        "type": "thread_goal_updated",
        "threadId": thread["id"],
        "goal": {k: v for k, v in goal.items() if k != "tokenBudget"},
    }
    listed = conn.call("thread/list", {})["data"]
    assert [t["preview"] for t in listed if t["id"] == thread["id"]] == ["index the docs"]
    # The goals database (its own file) holds the row, status in snake_case.
    with open_goal_store(server.home) as store:
        stored = store.get_goal(thread["id"])
    assert stored is not None
    assert (stored.objective, stored.status) == ("index the docs", GoalStatus.PAUSED)
    assert (server.home / "goals.sqlite").is_file()


def test_goals_of_unloaded_threads_after_a_restart(start: Start) -> None:
    server = start()
    conn = _client(server)
    thread_id = _new_thread(conn)
    goal = conn.call(
        "thread/goal/set", {"threadId": thread_id, "objective": "survive", "status": "paused"}
    )["goal"]
    server.restart()
    conn = _client(server)
    assert conn.call("thread/loaded/list", {})["data"] == []
    assert conn.call("thread/goal/get", {"threadId": thread_id}) == {"goal": goal}
    mark = conn.mark()
    blocked = conn.call("thread/goal/set", {"threadId": thread_id, "status": "blocked"})["goal"]
    assert blocked["status"] == "blocked"
    # The caller is told even though nobody is subscribed to the unloaded thread.
    assert _wait_goal(conn, mark, lambda p: True) == {
        "threadId": thread_id,
        "turnId": None,
        "goal": blocked,
    }
    assert conn.call("thread/goal/clear", {"threadId": thread_id}) == {"cleared": True}
    assert conn.call("thread/loaded/list", {})["data"] == []


def test_resume_ends_with_the_goal_or_cleared(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _server, conn, _provider = shared
    with_goal = _new_thread(conn)
    goal = conn.call(
        "thread/goal/set", {"threadId": with_goal, "objective": "g", "status": "paused"}
    )["goal"]
    without = _new_thread(conn)
    conn.call("thread/name/set", {"threadId": without, "name": "persisted"})
    for thread_id, expected in [
        (with_goal, ("thread/goal/updated", {"threadId": with_goal, "turnId": None, "goal": goal})),
        (without, ("thread/goal/cleared", {"threadId": without})),
    ]:
        mark = conn.mark()
        conn.call("thread/resume", {"threadId": thread_id})
        last = conn.wait_for(expected[0], since=mark)
        assert last["params"] == expected[1]
        conn.call("thread/loaded/list", {})
        goal_methods = [
            m["method"] for m in conn.notifications(mark) if m["method"].startswith("thread/goal/")
        ]
        assert goal_methods == [expected[0]]


def test_resume_sends_no_goal_notification_when_goals_are_disabled(start: Start) -> None:
    conn = _client(start(goals=False))
    thread_id = _new_thread(conn)
    conn.call("thread/name/set", {"threadId": thread_id, "name": "persisted"})
    mark = conn.mark()
    conn.call("thread/resume", {"threadId": thread_id})
    conn.wait_quiet(0.5)  # the resume's follow-up notifications have all arrived
    assert conn.notifications(mark)  # (it did send some)
    assert [m for m in conn.notifications(mark) if m["method"].startswith("thread/goal/")] == []


# -- usage accounting and continuation ----------------------------------------------------------


def test_a_paused_goal_is_not_charged_for_turns(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _server, conn, provider = shared
    thread_id = _new_thread(conn)
    conn.call("thread/goal/set", {"threadId": thread_id, "objective": "x", "status": "paused"})
    mark = conn.mark()
    conn.call("turn/start", {"threadId": thread_id, "input": [{"type": "text", "text": "hi"}]})
    conn.wait_for("turn/completed", since=mark)
    assert _goal_updates(conn, mark, thread_id) == []
    goal = conn.call("thread/goal/get", {"threadId": thread_id})["goal"]
    assert (goal["status"], goal["tokensUsed"]) == ("paused", 0)
    assert len(provider.requests) == 1


def test_turn_usage_is_charged_then_continuation_runs_until_the_budget(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _server, conn, provider = shared
    thread_id = _new_thread(conn)
    conn.call("thread/goal/set", {"threadId": thread_id, "objective": "o2", "status": "paused"})
    # The user's turn hangs until the goal is active, so it works for that goal.
    provider.enqueue(
        HangingStream(usage=Usage(input_tokens=100, cached_tokens=40, output_tokens=10))
    )
    mark = conn.mark()
    user_turn = conn.call(
        "turn/start", {"threadId": thread_id, "input": [{"type": "text", "text": "go"}]}
    )["turn"]["id"]
    conn.wait_for("item/agentMessage/delta", since=mark)
    active = conn.call(
        "thread/goal/set", {"threadId": thread_id, "status": "active", "tokenBudget": 150}
    )["goal"]
    assert active["status"] == "active"
    provider.release()

    # The user turn is charged 70 (100 input - 40 cached + 10 output), notified with its id.
    charged = _wait_goal(conn, mark, lambda p: p["turnId"] == user_turn)
    assert (charged["goal"]["status"], charged["goal"]["tokensUsed"]) == ("active", 70)
    # Still active, so a continuation turn follows; its 110 tokens reach the budget.
    limited = _wait_goal(conn, mark, lambda p: p["goal"]["status"] == "budgetLimited")
    continuation = limited["turnId"]
    assert continuation not in (None, user_turn)
    assert limited["goal"]["tokensUsed"] == 180
    done = conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == continuation, since=mark
    )
    assert done["params"]["turn"]["status"] == "completed"
    conn.call("thread/loaded/list", {})

    # The continuation turn had no user item, and the model was told to continue the goal.
    started = [m["params"]["item"]["type"] for m in conn.notifications(mark, "item/started")]
    assert started.count("userMessage") == 1
    assert len(provider.requests) == 2
    last_role, last_text = provider.requests[1].input_texts()[-1]
    assert CONTINUE_MARKER in last_text and "o2" in last_text and "Token budget: 150" in last_text
    assert last_role == "user"
    # Goal updates arrive before the turn's completion, after its usage.
    order = [
        m["method"]
        for m in conn.notifications(mark)
        if m["method"] in ("account/rateLimits/updated", "thread/goal/updated", "turn/completed")
        and m["params"].get("turnId", m["params"].get("turn", {}).get("id")) in (None, continuation)
    ]
    # (The reference's order of the goal update and the rate-limit notice varies between
    # runs; both come before the turn's completion, which is last.)
    assert order[-1] == "turn/completed"
    assert {"account/rateLimits/updated", "thread/goal/updated"} <= set(order[-3:-1])
    final = conn.call("thread/goal/get", {"threadId": thread_id})["goal"]
    assert (final["status"], final["tokensUsed"]) == ("budgetLimited", 180)


def test_setting_an_active_goal_on_an_idle_thread_starts_continuation(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    _server, conn, provider = shared
    thread_id = _new_thread(conn)
    mark = conn.mark()
    set_goal = conn.call(
        "thread/goal/set", {"threadId": thread_id, "objective": "obj", "tokenBudget": 100}
    )["goal"]
    assert set_goal["status"] == "active"  # the default status of a new goal
    limited = _wait_goal(conn, mark, lambda p: p["goal"]["status"] == "budgetLimited")
    assert limited["goal"]["tokensUsed"] == 110
    turn_id = limited["turnId"]
    conn.wait_for("turn/completed", lambda m: m["params"]["turn"]["id"] == turn_id, since=mark)
    conn.call("thread/loaded/list", {})
    assert [u["turnId"] for u in _goal_updates(conn, mark, thread_id)] == [None, turn_id]
    assert conn.notifications(mark, "item/started")[0]["params"]["item"]["type"] == "agentMessage"
    assert len(provider.requests) == 1
    assert CONTINUE_MARKER in provider.requests[0].input_texts()[-1][1]


def test_a_turn_is_not_charged_to_a_goal_replaced_by_another_process(
    shared: tuple[ServerProcess, Connection, MockProvider],
) -> None:
    server, conn, provider = shared
    thread_id = _new_thread(conn)
    conn.call("thread/goal/set", {"threadId": thread_id, "objective": "old", "status": "paused"})
    # Activating the goal starts a continuation turn; hold its model reply.
    provider.set_default(HangingStream())
    mark = conn.mark()
    conn.call("thread/goal/set", {"threadId": thread_id, "status": "active", "tokenBudget": 100})
    turn = conn.wait_for("turn/started", since=mark)["params"]["turn"]["id"]
    conn.wait_for("item/agentMessage/delta", since=mark)
    with open_goal_store(server.home) as store:
        old = store.get_goal(thread_id)
        assert old is not None
        # Another process (here: the state API) replaces the goal while the turn runs.
        new = store.replace_goal(thread_id, "new", status=GoalStatus.ACTIVE, token_budget=50)
    provider.set_default(TextReply())
    provider.release()
    conn.wait_for("turn/completed", lambda m: m["params"]["turn"]["id"] == turn, since=mark)
    # The turn worked for the old goal: its usage is not charged to the new one. The new
    # goal is active, so a continuation turn works for it and reaches its budget.
    limited = _wait_goal(conn, mark, lambda p: p["goal"]["status"] == "budgetLimited")
    assert limited["turnId"] not in (None, turn)
    assert (limited["goal"]["objective"], limited["goal"]["tokensUsed"]) == ("new", 110)
    conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == limited["turnId"], since=mark
    )
    conn.call("thread/loaded/list", {})
    assert [u for u in _goal_updates(conn, mark, thread_id) if u["turnId"] == turn] == []
    with open_goal_store(server.home) as store:
        stored = store.get_goal(thread_id)
    assert stored is not None
    assert stored.goal_id == new.goal_id != old.goal_id
    assert (stored.tokens_used, stored.status) == (110, GoalStatus.BUDGET_LIMITED)
