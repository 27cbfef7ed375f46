"""The Responses client against the mock provider on 127.0.0.1: the request it sends (a
structured-output format under the caller's name) and how it reads the event stream
(parsed by the client itself, not by the SDK's models)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from spindle_app_server._config import ProviderConfig
from spindle_app_server._model_client import (
    OUTPUT_SCHEMA_NAME,
    Completed,
    ModelClient,
    ModelError,
    ModelRequest,
    OtherItemAdded,
    OtherItemDone,
    StreamEvent,
    TextDelta,
    TextItemAdded,
    TextItemDone,
)

from tests.support.client import API_KEY, API_KEY_ENV
from tests.support.mock_provider import (
    ErrorEvent,
    FailedStream,
    FunctionCall,
    HttpError,
    MockProvider,
    TextReply,
    ToolCallsReply,
    Usage,
    WebSearchCall,
)

SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string"}},
    "required": ["answer"],
    "additionalProperties": False,
}


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[MockProvider]:
    monkeypatch.setenv(API_KEY_ENV, API_KEY)
    with MockProvider() as mock:
        yield mock


def _collect(provider: MockProvider, **kwargs: Any) -> list[StreamEvent]:
    async def run() -> list[StreamEvent]:
        config = ProviderConfig(
            id="mock", name="mock", base_url=provider.base_url, env_key=API_KEY_ENV
        )
        client = ModelClient(config)
        try:
            return [
                event
                async for event in client.stream(
                    model="mock-model",
                    input_items=[{"type": "message", "role": "user", "content": "hi"}],
                    reasoning_effort="low",
                    headers={},
                    **kwargs,
                )
            ]
        finally:
            await client.close()

    return asyncio.run(run())


def test_the_output_schema_is_sent_strict_under_the_callers_name(
    provider: MockProvider,
) -> None:
    provider.enqueue(TextReply.of('{"answer": "yes"}'), TextReply.of('{"answer": "no"}'))
    _collect(provider, output_schema=SCHEMA, output_schema_name="memory_answer")
    _collect(provider, output_schema=SCHEMA)
    named, default = (request.json for request in provider.response_requests)
    assert named["text"] == {
        "format": {"type": "json_schema", "name": "memory_answer", "schema": SCHEMA, "strict": True}
    }
    # Unnamed, it is the reference's one name for structured output.
    assert default["text"]["format"]["name"] == OUTPUT_SCHEMA_NAME == "codex_output_schema"


def test_a_text_reply_streams_its_deltas_the_text_and_the_usage(provider: MockProvider) -> None:
    provider.enqueue(TextReply(deltas=("Hel", "lo"), usage=Usage(input_tokens=7, cached_tokens=2)))
    events = _collect(provider, request=ModelRequest(instructions="Be brief."))
    assert provider.response_requests[0].json["instructions"] == "Be brief."
    item_id = next(e.item_id for e in events if isinstance(e, TextItemAdded))
    assert [e for e in events if not isinstance(e, Completed)] == [
        TextItemAdded(item_id),
        TextDelta(item_id, "Hel"),
        TextDelta(item_id, "lo"),
        TextItemDone(item_id, "Hello"),
    ]
    completed = events[-1]
    assert isinstance(completed, Completed) and completed.response_id
    assert completed.usage == {
        "input_tokens": 7,
        "cached_input_tokens": 2,
        "cache_write_input_tokens": 0,
        "output_tokens": 10,
        "reasoning_output_tokens": 0,
        "total_tokens": 17,
    }


def test_other_items_come_as_the_json_the_api_sent(provider: MockProvider) -> None:
    provider.enqueue(
        ToolCallsReply(
            calls=(
                WebSearchCall(query="weather", item_id="ws_1"),
                FunctionCall("exec_command", {"cmd": "ls"}, call_id="call_9", item_id="fc_9"),
            )
        )
    )
    events = _collect(provider)
    done = [e.item for e in events if isinstance(e, OtherItemDone)]
    assert [item["type"] for item in done] == ["web_search_call", "function_call"]
    call = done[1]
    assert (call["call_id"], call["name"], call["arguments"]) == (
        "call_9",
        "exec_command",
        '{"cmd": "ls"}',
    )
    assert done[0]["action"] == {"type": "search", "query": "weather"}
    added = [e.item for e in events if isinstance(e, OtherItemAdded)]
    assert [item["id"] for item in added] == ["ws_1", "fc_9"]
    # No member is null: absent values are left out, as the SDK's models dumped them.
    assert all(value is not None for item in done + added for value in item.values())


def test_a_failed_response_is_a_retryable_error_after_the_stream_started(
    provider: MockProvider,
) -> None:
    provider.enqueue(FailedStream(message="overloaded (mock)"))
    with pytest.raises(ModelError) as failed:
        _collect(provider)
    error = failed.value
    assert error.message == "stream disconnected before completion: overloaded (mock)"
    assert error.retryable and error.stream_started


def test_an_error_event_is_a_retryable_error(provider: MockProvider) -> None:
    provider.enqueue(ErrorEvent(message="mock stream error"))
    with pytest.raises(ModelError) as failed:
        _collect(provider)
    assert "mock stream error" in failed.value.message
    assert failed.value.retryable and failed.value.stream_started


def test_an_http_error_before_the_stream_keeps_its_status(provider: MockProvider) -> None:
    provider.enqueue(HttpError.rate_limited())
    with pytest.raises(ModelError) as failed:
        _collect(provider)
    assert failed.value.http_status == 429 and failed.value.retryable
    assert not failed.value.stream_started
