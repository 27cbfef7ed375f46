"""The mock Responses provider itself: the openai SDK and the reference codex accept it.

If these fail, every e2e result is suspect, so they run first in the e2e folder."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import openai
import pytest
from openai.types.responses import (
    ResponseCompletedEvent,
    ResponseCustomToolCall,
    ResponseFunctionToolCall,
    ResponseFunctionWebSearch,
    ResponseOutputItem,
    ResponseOutputMessage,
)

from tests.support.client import ServerProcess, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import (
    CustomToolCall,
    CutStream,
    ErrorEvent,
    FailedStream,
    FunctionCall,
    HttpError,
    ItemsReply,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextMessage,
    TextReply,
    ToolCallsReply,
    WebSearchCall,
)
from tests.support.schema import OfficialSchema


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


def _output(events: list[Any]) -> list[ResponseOutputItem]:
    """The output items listed by the stream's final ``response.completed``."""
    final = events[-1]
    assert isinstance(final, ResponseCompletedEvent)
    return final.response.output


async def _stream_async(provider: MockProvider, **params: Any) -> list[Any]:
    client = openai.AsyncOpenAI(base_url=provider.base_url, api_key="sk-test", max_retries=0)
    try:
        stream = await client.responses.create(model="mock-model", stream=True, **params)
        return [event async for event in stream]
    finally:
        await client.close()


def test_async_sdk_parses_streamed_function_calls(mock_provider: MockProvider) -> None:
    mock_provider.enqueue(
        ToolCallsReply(
            calls=(
                FunctionCall("exec_command", {"cmd": "echo hi"}, chunks=3),
                FunctionCall("wait_agent", '{"targets":["a"]}', namespace="multi_agent_v1"),
            ),
            text="Let me run it.",
        )
    )
    events = asyncio.run(_stream_async(mock_provider, input="hi"))
    types = [e.type for e in events]
    assert types == [
        "response.created",
        "response.in_progress",
        *("response.output_item.added", "response.content_part.added"),
        *("response.output_text.delta", "response.output_text.done"),
        *("response.content_part.done", "response.output_item.done"),
        "response.output_item.added",
        *["response.function_call_arguments.delta"] * 3,
        *("response.function_call_arguments.done", "response.output_item.done"),
        "response.output_item.added",
        "response.function_call_arguments.delta",
        *("response.function_call_arguments.done", "response.output_item.done"),
        "response.completed",
    ]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    added = [e.item for e in events if e.type == "response.output_item.added"]
    assert isinstance(added[1], ResponseFunctionToolCall)
    assert (added[1].id, added[1].call_id, added[1].arguments) == ("fc_1", "call_1", "")
    deltas = [e for e in events if e.type == "response.function_call_arguments.delta"]
    assert {e.item_id for e in deltas[:3]} == {"fc_1"}
    assert [e.output_index for e in deltas] == [1, 1, 1, 2]
    assert "".join(e.delta for e in deltas[:3]) == '{"cmd": "echo hi"}'
    done = [e for e in events if e.type == "response.function_call_arguments.done"]
    assert [e.arguments for e in done] == ['{"cmd": "echo hi"}', '{"targets":["a"]}']
    message, call, namespaced = _output(events)
    assert isinstance(message, ResponseOutputMessage)
    assert message.content[0].type == "output_text"
    assert message.content[0].text == "Let me run it."
    assert isinstance(call, ResponseFunctionToolCall)
    assert (call.name, call.call_id, call.status) == ("exec_command", "call_1", "completed")
    assert json.loads(call.arguments) == {"cmd": "echo hi"}
    assert isinstance(namespaced, ResponseFunctionToolCall)
    assert (namespaced.namespace, namespaced.name, namespaced.call_id) == (
        "multi_agent_v1",
        "wait_agent",
        "call_2",
    )
    (request,) = mock_provider.response_requests
    assert [item["type"] for item in request.output] == [
        "message",
        "function_call",
        "function_call",
    ]


def test_sdk_parses_custom_tool_calls_and_web_searches(mock_provider: MockProvider) -> None:
    patch = "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch"
    mock_provider.enqueue(
        ToolCallsReply(calls=(CustomToolCall("apply_patch", patch, call_id="p1", chunks=2),)),
        ItemsReply(items=(WebSearchCall("weather in Paris"), TextMessage("Sunny.", n=2))),
    )
    with _client(mock_provider) as client:
        custom = list(client.responses.create(model="m", input="x", stream=True))
        searched = list(client.responses.create(model="m", input="x", stream=True))
    deltas = [e.delta for e in custom if e.type == "response.custom_tool_call_input.delta"]
    assert "".join(deltas) == patch and len(deltas) == 2
    (item,) = _output(custom)
    assert isinstance(item, ResponseCustomToolCall)
    assert (item.name, item.call_id, item.input) == ("apply_patch", "p1", patch)
    assert [e.type for e in searched][2:7] == [
        "response.output_item.added",
        "response.web_search_call.in_progress",
        "response.web_search_call.searching",
        "response.web_search_call.completed",
        "response.output_item.done",
    ]
    search, answer = _output(searched)
    assert isinstance(search, ResponseFunctionWebSearch)
    assert search.status == "completed" and search.action.type == "search"
    assert search.action.query == "weather in Paris"
    assert isinstance(answer, ResponseOutputMessage) and answer.content[0].type == "output_text"
    assert answer.content[0].text == "Sunny."


def test_scripted_answers_from_what_the_model_was_sent(mock_provider: MockProvider) -> None:
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply.call("exec_command", {"cmd": "ls"}), TextReply.of("all done")
        )
    )
    tools: Any = [{"type": "function", "name": "exec_command", "parameters": {"type": "object"}}]
    with _client(mock_provider) as client:
        first = list(client.responses.create(model="m", input="go", tools=tools, stream=True))
        (call,) = _output(first)
        assert isinstance(call, ResponseFunctionToolCall)
        history: Any = [
            {"type": "message", "role": "user", "content": "go"},
            {
                "type": "function_call",
                "call_id": call.call_id,
                "name": call.name,
                "arguments": call.arguments,
            },
            {"type": "function_call_output", "call_id": call.call_id, "output": "a.txt\n"},
        ]
        second = list(client.responses.create(model="m", input=history, stream=True))
    texts = [e.delta for e in second if e.type == "response.output_text.delta"]
    assert "".join(texts) == "all done"
    one, two = mock_provider.response_requests
    assert one.tools() == tools and one.tool_names() == ["exec_command"]
    assert not one.ends_with_tool_output() and two.ends_with_tool_output()
    assert one.function_call_outputs() == {}
    assert mock_provider.function_call_outputs(1) == {call.call_id: "a.txt\n"}
    assert [c["call_id"] for c in two.function_calls()] == [call.call_id]
    assert isinstance(one.behaviour, ToolCallsReply) and isinstance(two.behaviour, TextReply)


def test_a_failing_script_answers_500_and_is_kept(mock_provider: MockProvider) -> None:
    def script(request: RecordedRequest) -> TextReply:
        raise ValueError(f"unexpected input {request.input_texts()}")

    mock_provider.enqueue(Scripted(script))
    with _client(mock_provider) as client, pytest.raises(openai.InternalServerError):
        client.responses.create(model="m", input="x", stream=True)
    (error,) = mock_provider.script_errors
    assert isinstance(error, ValueError) and "unexpected input" in str(error)


def test_reference_codex_runs_exec_command_from_the_mock(
    tmp_path: Path, mock_provider: MockProvider
) -> None:
    home = tmp_path / "home"
    write_config(home, mock_provider.base_url)
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply.call("exec_command", {"cmd": "echo hello-from-tool"}),
            TextReply.of("ran it"),
        )
    )
    with ServerProcess("reference", home, "stdio", cwd=tmp_path / "work") as server:
        conn = server.connect()
        conn.initialize()
        # No sandbox: the reference does not install its sandbox helper under /tmp.
        thread = start_thread(conn, approvalPolicy="never", sandbox="danger-full-access")
        run = run_turn(conn, thread["id"], "run it")
    assert run.status == "completed" and run.agent_text() == "ran it"
    (command,) = [
        m["params"]["item"]
        for m in run.of("item/completed")
        if m["params"]["item"]["type"] == "commandExecution"
    ]
    assert command["id"] == "call_1" and command["aggregatedOutput"] == "hello-from-tool\n"
    first, second = mock_provider.response_requests
    assert "exec_command" in first.tool_names()
    output = second.function_call_outputs()["call_1"]
    assert "Process exited with code 0" in output and output.endswith("hello-from-tool\n")


def test_reference_approval_request_is_answered_by_the_client(
    tmp_path: Path, mock_provider: MockProvider, official_schema: OfficialSchema
) -> None:
    home = tmp_path / "home"
    write_config(home, mock_provider.base_url)
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply.call("exec_command", {"cmd": "touch declined.txt"}),
            TextReply.of("ok"),
        )
    )
    work = tmp_path / "work"
    with ServerProcess("reference", home, "stdio", cwd=work, schema=official_schema) as server:
        conn = server.connect()
        conn.initialize()
        thread = start_thread(conn, approvalPolicy="untrusted")
        conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "decline"})
        run = run_turn(conn, thread["id"], "touch it")
    (request,) = conn.server_requests(method="item/commandExecution/requestApproval")
    assert request["params"]["itemId"] == "call_1"
    assert conn.server_requests(pending=True) == []
    assert run.status == "completed" and not (work / "declined.txt").exists()
    assert [m["params"]["requestId"] for m in run.of("serverRequest/resolved")] == [request["id"]]
    assert conn.schema_errors == [] and conn.responder_errors == []
    assert "rejected by user" in mock_provider.function_call_outputs(1)["call_1"]
