"""Rollouts with tool history move between spindle and the reference, both ways.

spindle records a turn in which the model ran ``exec_command``; the reference 0.169.0,
pointed at a copy of spindle's ``sessions`` folder, resumes that thread and runs a turn, and
the request it sends the model carries our ``function_call`` and ``function_call_output``.
The other way round, spindle resumes a rollout the reference wrote and sends the model the
reference's tool history.

Both servers run for real against the mock provider, every message checked against the
official schema. The reference is required: without it these tests fail (the official
schema fixture and :func:`tests.support.reference.codex_binary` raise), they never skip.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.support.client import ServerProcess, StartServer
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import (
    FunctionCall,
    ItemsReply,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
    WebSearchCall,
)

pytestmark = pytest.mark.requirement("R21")

FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (0, 128, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def _run_tool_turn(
    server: ServerProcess, provider: MockProvider, call_id: str, marker: str
) -> tuple[dict[str, Any], RecordedRequest]:
    """A thread whose first turn runs ``echo <marker>``; returns it and the model's second
    request (the one carrying the call and its output)."""
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn, **FULL_ACCESS)
    provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply(
                calls=(FunctionCall("exec_command", {"cmd": f"echo {marker}"}, call_id=call_id),)
            ),
            TextReply.of("ran it", n=1),
        )
    )
    run = run_turn(conn, thread["id"], "run it", timeout=60)
    assert run.status == "completed"
    second = provider.response_requests[-1]
    assert call_id in second.function_call_outputs()
    server.shutdown()
    return thread, second


def _copy_sessions(source: ServerProcess, home: Path) -> None:
    shutil.copytree(source.home / "sessions", home / "sessions")


def _tool_items(request: RecordedRequest, call_id: str) -> list[dict[str, Any]]:
    return [
        item
        for item in request.input_items()
        if item.get("type") in ("function_call", "function_call_output")
        and item.get("call_id") == call_id
    ]


def _strip_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != "id"} for item in items]


def _resume_and_ask_again(
    server: ServerProcess, provider: MockProvider, thread_id: str
) -> tuple[dict[str, Any], RecordedRequest]:
    conn = server.connect()
    conn.initialize()
    resumed: dict[str, Any] = conn.call("thread/resume", {"threadId": thread_id})["thread"]
    provider.set_default(TextReply.of("again", n=1))
    before = len(provider.response_requests)
    run = run_turn(conn, thread_id, "and now?", timeout=60)
    assert run.status == "completed"
    assert len(provider.response_requests) == before + 1
    return resumed, provider.response_requests[-1]


def _command_items(thread: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        item
        for turn in thread["turns"]
        for item in turn["items"]
        if item["type"] == "commandExecution"
    ]


def test_the_reference_resumes_a_spindle_rollout_with_tool_history(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    ours = spindle(kind="spindle")
    thread, sent = _run_tool_turn(ours, mock_provider, "sp_call", "from-spindle")
    home = tmp_path / "reference" / "home"
    _copy_sessions(ours, home)
    reference = spindle(kind="reference", home=home)
    resumed, request = _resume_and_ask_again(reference, mock_provider, thread["id"])
    # The reference rebuilt the command item from our rollout...
    (command,) = _command_items(resumed)
    assert command["id"] == "sp_call" and command["status"] == "completed"
    assert command["aggregatedOutput"].endswith("from-spindle\n")
    # ...and sent the model our call and its output, as we sent them.
    history = _tool_items(request, "sp_call")
    assert [item["type"] for item in history] == ["function_call", "function_call_output"]
    assert _strip_ids(history) == _strip_ids(_tool_items(sent, "sp_call"))
    assert "from-spindle" in history[1]["output"]
    assert request.conversation()[-1] == ("user", "and now?")


def test_spindle_resumes_a_reference_rollout_with_tool_history(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    theirs = spindle(kind="reference")
    thread, sent = _run_tool_turn(theirs, mock_provider, "ref_call", "from-reference")
    home = tmp_path / "spindle" / "home"
    _copy_sessions(theirs, home)
    ours = spindle(kind="spindle", home=home)
    resumed, request = _resume_and_ask_again(ours, mock_provider, thread["id"])
    (command,) = _command_items(resumed)
    assert command["id"] == "ref_call" and command["status"] == "completed"
    assert command["aggregatedOutput"].endswith("from-reference\n")
    assert command["command"].endswith(" -lc 'echo from-reference'")
    history = _tool_items(request, "ref_call")
    assert [item["type"] for item in history] == ["function_call", "function_call_output"]
    assert _strip_ids(history) == _strip_ids(_tool_items(sent, "ref_call"))
    assert "from-reference" in history[1]["output"]
    assert request.conversation()[-1] == ("user", "and now?")


def test_the_reference_resumes_spindle_image_and_search_history(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    ours = spindle(kind="spindle")
    conn = ours.connect()
    conn.initialize()
    thread = start_thread(conn, **FULL_ACCESS)
    (Path(thread["cwd"]) / "dot.png").write_bytes(_png())
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ItemsReply(
                items=(
                    WebSearchCall("spindle interop", item_id="ws_i"),
                    FunctionCall("view_image", {"path": "dot.png"}, call_id="img_i"),
                )
            ),
            TextReply.of("seen", n=1),
        )
    )
    assert run_turn(conn, thread["id"], "look", timeout=60).status == "completed"
    sent = mock_provider.response_requests[-1]
    ours.shutdown()
    home = tmp_path / "reference" / "home"
    _copy_sessions(ours, home)
    resumed, request = _resume_and_ask_again(
        spindle(kind="reference", home=home), mock_provider, thread["id"]
    )
    kinds = {item["id"]: item["type"] for turn in resumed["turns"] for item in turn["items"]}
    assert kinds["ws_i"] == "webSearch" and kinds["img_i"] == "imageView"
    assert _strip_ids(_tool_items(request, "img_i")) == _strip_ids(_tool_items(sent, "img_i"))
    assert request.function_call_outputs()["img_i"][0]["type"] == "input_image"
    assert request.input_items("web_search_call") == sent.input_items("web_search_call")


def test_spindle_resumes_reference_image_and_search_history(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    theirs = spindle(kind="reference")
    conn = theirs.connect()
    conn.initialize()
    thread = start_thread(conn, **FULL_ACCESS)
    (Path(thread["cwd"]) / "dot.png").write_bytes(_png())
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ItemsReply(
                items=(
                    WebSearchCall("reference interop", item_id="ws_r"),
                    FunctionCall("view_image", {"path": "dot.png"}, call_id="img_r"),
                )
            ),
            TextReply.of("seen", n=1),
        )
    )
    run = run_turn(conn, thread["id"], "look", timeout=60)
    assert run.status == "completed"
    live = {m["params"]["item"]["id"]: m["params"]["item"] for m in run.of("item/completed")}
    sent = mock_provider.response_requests[-1]
    theirs.shutdown()
    home = tmp_path / "spindle" / "home"
    _copy_sessions(theirs, home)
    resumed, request = _resume_and_ask_again(
        spindle(kind="spindle", home=home), mock_provider, thread["id"]
    )
    items = {item["id"]: item for turn in resumed["turns"] for item in turn["items"]}
    # The items the reference notified come back from its rollout as they were.
    assert items["ws_r"] == live["ws_r"]
    assert items["img_r"] == live["img_r"]
    assert _strip_ids(_tool_items(request, "img_r")) == _strip_ids(_tool_items(sent, "img_r"))
    assert request.input_items("web_search_call") == sent.input_items("web_search_call")
