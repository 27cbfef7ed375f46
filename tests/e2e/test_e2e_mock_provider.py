"""The mock Responses provider itself: the openai SDK and the reference codex accept it.

If these fail, every e2e result is suspect, so they run first in the e2e folder."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from tests.support.client import ServerProcess, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import (
    CutStream,
    ErrorEvent,
    FailedStream,
    HttpError,
    MockProvider,
    TextReply,
)


def _client(provider: MockProvider) -> openai.OpenAI:
    return openai.OpenAI(base_url=provider.base_url, api_key="sk-test", max_retries=0)


def test_sdk_streams_a_text_reply_with_usage(mock_provider: MockProvider) -> None:
    mock_provider.reply("Hello from the mock", n=4)
    with _client(mock_provider) as client:
        events = list(client.responses.create(model="mock-model", input="hi", stream=True))
    types = [e.type for e in events]
    assert types[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert types[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert "".join(deltas) == "Hello from the mock" and len(deltas) == 4
    final = events[-1]
    assert final.type == "response.completed"
    assert final.response.usage is not None and final.response.usage.total_tokens == 110
    assert [e.sequence_number for e in events] == list(range(len(events)))
    (request,) = mock_provider.response_requests
    assert request.json["input"] == "hi" and request.headers["authorization"] == "Bearer sk-test"


def test_sdk_sees_http_errors_and_mid_stream_failures(mock_provider: MockProvider) -> None:
    mock_provider.enqueue(
        HttpError.rate_limited(0), HttpError(500), FailedStream(), ErrorEvent(), CutStream()
    )
    with _client(mock_provider) as client:
        with pytest.raises(openai.RateLimitError):
            client.responses.create(model="m", input="x", stream=True)
        with pytest.raises(openai.InternalServerError):
            client.responses.create(model="m", input="x", stream=True)
        failed = list(client.responses.create(model="m", input="x", stream=True))
        assert failed[-1].type == "response.failed"
        errored = list(client.responses.create(model="m", input="x", stream=True))
        assert errored[-1].type == "error"
        with pytest.raises(openai.APIError):
            list(client.responses.create(model="m", input="x", stream=True))
    assert len(mock_provider.response_requests) == 5


def test_default_behaviour_and_reset(mock_provider: MockProvider) -> None:
    mock_provider.set_default(TextReply(deltas=("x",)))
    with _client(mock_provider) as client:
        for _ in range(2):
            events = list(client.responses.create(model="m", input="x", stream=True))
            assert [e.delta for e in events if e.type == "response.output_text.delta"] == ["x"]
    mock_provider.reset()
    assert mock_provider.requests == [] and mock_provider.pending() == 0


def test_reference_codex_completes_a_turn_against_the_mock(
    tmp_path: Path, mock_provider: MockProvider
) -> None:
    home = tmp_path / "home"
    write_config(home, mock_provider.base_url)
    mock_provider.reply("Hello from the mock", n=4)
    with ServerProcess("reference", home, "stdio", cwd=tmp_path / "work") as server:
        conn = server.connect()
        conn.initialize()
        thread = start_thread(conn)
        run = run_turn(conn, thread["id"], "Say hello")
    assert run.status == "completed"
    assert run.agent_text() == "Hello from the mock"
    assert mock_provider.response_requests[0].input_texts()[-1] == ("user", "Say hello")
