"""Turns through a real server against the mock Responses provider (stdio and ws)."""

from __future__ import annotations

import pytest

from tests.support.client import API_KEY, Connection
from tests.support.flows import methods, run_turn, start_thread
from tests.support.mock_provider import (
    CutStream,
    FailedStream,
    HangingStream,
    HttpError,
    MockProvider,
    TextReply,
    Usage,
)


def test_turn_streams_the_reference_notification_sequence(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    shared_provider.reply("Hello from the mock", n=4)
    run = run_turn(conn, thread["id"], "Say hello")
    assert run.turn["status"] == "inProgress" and run.turn["items"] == []
    assert methods(run.notifications) == [
        "thread/status/changed",
        "turn/started",
        "item/started",
        "item/completed",
        "item/started",
        "item/agentMessage/delta",
        "item/agentMessage/delta",
        "item/agentMessage/delta",
        "item/agentMessage/delta",
        "item/completed",
        "thread/tokenUsage/updated",
        "account/rateLimits/updated",
        "thread/status/changed",
        "turn/completed",
    ]


def test_turn_items_text_and_ids(conn: Connection, shared_provider: MockProvider) -> None:
    thread = start_thread(conn)
    shared_provider.enqueue(TextReply(deltas=("Hel", "lo ", "there"), item_id="msg_fixed_7"))
    run = run_turn(conn, thread["id"], "Say hello")
    assert run.status == "completed"
    user_started, agent_started = (m["params"]["item"] for m in run.of("item/started"))
    assert user_started["type"] == "userMessage"
    assert user_started["content"] == [{"type": "text", "text": "Say hello", "text_elements": []}]
    assert agent_started["type"] == "agentMessage"
    assert agent_started["id"] == "msg_fixed_7", "the agent item id is the Responses item id"
    assert agent_started["text"] == ""
    assert [m["params"]["delta"] for m in run.of("item/agentMessage/delta")] == [
        "Hel",
        "lo ",
        "there",
    ]
    assert {m["params"]["itemId"] for m in run.of("item/agentMessage/delta")} == {"msg_fixed_7"}
    agent_done = run.of("item/completed")[-1]["params"]["item"]
    assert agent_done["text"] == "Hello there"
    final = run.completed["params"]["turn"]
    assert [item["id"] for item in final["items"]] == ["msg_fixed_7"]
    assert final["itemsView"] == "summary"
    assert isinstance(final["durationMs"], int)


def test_token_usage_comes_from_the_provider(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    shared_provider.enqueue(
        TextReply(usage=Usage(input_tokens=321, output_tokens=12, cached_tokens=20))
    )
    run = run_turn(conn, thread["id"], "count")
    (update,) = run.of("thread/tokenUsage/updated")
    last = update["params"]["tokenUsage"]["last"]
    assert last["inputTokens"] == 321
    assert last["outputTokens"] == 12
    assert last["cachedInputTokens"] == 20
    assert last["totalTokens"] == 333
    assert update["params"]["turnId"] == run.turn_id


def test_provider_request_uses_config_model_key_and_streaming(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    run_turn(conn, thread["id"], "hi")
    (request,) = shared_provider.response_requests
    assert request.path == "/v1/responses"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.json["model"] == "mock-model"
    assert request.json["stream"] is True


def test_multi_turn_sends_the_conversation_so_far(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    shared_provider.reply("first answer")
    shared_provider.reply("second answer")
    shared_provider.reply("third answer")
    for text in ("one", "two", "three"):
        assert run_turn(conn, thread["id"], text).status == "completed"
    bodies = shared_provider.response_requests
    assert len(bodies) == 3
    convo = [req.conversation() for req in bodies]
    # Context messages (environment, instructions) may come first; the conversation is the tail.
    assert convo[0][-1:] == [("user", "one")]
    assert convo[1][-3:] == [("user", "one"), ("assistant", "first answer"), ("user", "two")]
    assert convo[2][-5:] == [
        ("user", "one"),
        ("assistant", "first answer"),
        ("user", "two"),
        ("assistant", "second answer"),
        ("user", "three"),
    ]


def test_rate_limit_429_then_success_is_retried(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    shared_provider.enqueue(HttpError.rate_limited(0))
    shared_provider.reply("after the rate limit")
    run = run_turn(conn, thread["id"], "first")
    assert run.status == "completed"
    assert run.agent_text() == "after the rate limit"
    assert len(shared_provider.response_requests) == 2


def test_http_500_before_the_stream_is_retried(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    shared_provider.enqueue(HttpError(500))
    shared_provider.reply("recovered")
    run = run_turn(conn, thread["id"], "first")
    assert run.status == "completed"
    assert run.agent_text() == "recovered"


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(FailedStream(), id="response-failed-mid-stream"),
        pytest.param(CutStream(), id="connection-cut-mid-stream"),
        pytest.param(HttpError(500), id="http-500-every-attempt"),
    ],
)
def test_provider_failure_ends_the_turn_failed_with_an_error_notification(
    conn: Connection,
    shared_provider: MockProvider,
    failure: FailedStream | CutStream | HttpError,
) -> None:
    thread = start_thread(conn)
    shared_provider.set_default(failure)
    run = run_turn(conn, thread["id"], "doomed")
    assert run.status == "failed"
    turn = run.completed["params"]["turn"]
    assert isinstance(turn["error"], dict) and turn["error"]["message"]
    final_errors = [m for m in run.of("error") if m["params"]["willRetry"] is False]
    assert len(final_errors) == 1, [m["params"] for m in run.of("error")]
    assert final_errors[0]["params"]["turnId"] == run.turn_id
    statuses = [m["params"]["status"] for m in run.of("thread/status/changed")]
    assert statuses[-1] == {"type": "systemError"}, "the reference reports systemError, not active"
    # The thread still works afterwards: a failed turn never leaves it hung.
    shared_provider.set_default(TextReply())
    assert run_turn(conn, thread["id"], "again").status == "completed"


def test_interrupt_a_streaming_turn(conn: Connection, shared_provider: MockProvider) -> None:
    thread = start_thread(conn)
    shared_provider.enqueue(HangingStream(deltas=("thinking ",)))
    since = conn.mark()
    turn = conn.call(
        "turn/start", {"threadId": thread["id"], "input": [{"type": "text", "text": "wait"}]}
    )["turn"]
    conn.wait_for("item/agentMessage/delta", since=since)
    assert conn.call("turn/interrupt", {"threadId": thread["id"], "turnId": turn["id"]}) == {}
    done = conn.wait_for("turn/completed", since=since)
    shared_provider.release()
    assert done["params"]["turn"]["id"] == turn["id"]
    assert done["params"]["turn"]["status"] == "interrupted"
    again = conn.request("turn/interrupt", {"threadId": thread["id"], "turnId": turn["id"]})
    assert again["error"] == {"code": -32600, "message": "no active turn to interrupt"}


def test_a_running_turn_does_not_block_other_requests(
    conn: Connection, shared_provider: MockProvider
) -> None:
    thread = start_thread(conn)
    shared_provider.enqueue(HangingStream())
    since = conn.mark()
    conn.call("turn/start", {"threadId": thread["id"], "input": [{"type": "text", "text": "x"}]})
    shared_provider.wait_hanging()
    assert "data" in conn.call("thread/list", {})
    assert conn.call("thread/read", {"threadId": thread["id"]})["thread"]["id"] == thread["id"]
    assert shared_provider.hanging_count() == 1, "answered while the model stream was still open"
    shared_provider.release()
    conn.wait_for("turn/completed", since=since)


def test_empty_input_is_accepted(conn: Connection, shared_provider: MockProvider) -> None:
    thread = start_thread(conn)
    since = conn.mark()
    result = conn.call("turn/start", {"threadId": thread["id"], "input": []})
    assert result["turn"]["status"] == "inProgress"
    conn.wait_for("turn/completed", since=since)
