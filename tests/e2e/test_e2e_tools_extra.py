"""The agent loop's other tools end to end: request_user_input, view_image, web_search.

A real server per transport and the mock Responses provider scripting the model's calls;
every message is checked against the official schema by the client. The expected texts and
shapes were recorded from the reference 0.169.0 driven by the same scripts (run this module
with ``SPINDLE_E2E_SERVER=reference`` to check the tests against it).
"""

from __future__ import annotations

import base64
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.support.client import Connection, StartServer, spindle_only
from tests.support.flows import TurnRun, run_turn, start_thread, text_input
from tests.support.mock_provider import (
    FunctionCall,
    ItemsReply,
    MockProvider,
    Scripted,
    TextMessage,
    TextReply,
    ToolCallsReply,
    WebSearchCall,
)

pytestmark = pytest.mark.requirement("R21")

QUESTIONS = {
    "questions": [
        {
            "id": "color_pick",
            "header": "Color",
            "question": "Which color?",
            "options": [
                {"label": "Red (Recommended)", "description": "Warm."},
                {"label": "Blue", "description": "Cool."},
            ],
        }
    ]
}

PLAN: dict[str, Any] = {
    "collaborationMode": {
        "mode": "plan",
        "settings": {
            "model": "mock-model",
            "reasoning_effort": None,
            "developer_instructions": None,
        },
    }
}


def _tool_then_text(*calls: FunctionCall) -> Scripted:
    return Scripted.tool_round_trip(ToolCallsReply(calls=calls), TextReply.of("done", n=1))


def _connect(spindle: StartServer, **thread_params: Any) -> tuple[Connection, dict[str, Any]]:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    return conn, start_thread(conn, **thread_params)


def _outputs(provider: MockProvider) -> dict[str, Any]:
    return provider.response_requests[-1].function_call_outputs()


def _rollout(thread: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(thread["path"]).read_text().splitlines()]


def _items(run: TurnRun, method: str, kind: str) -> list[dict[str, Any]]:
    return [m["params"]["item"] for m in run.of(method) if m["params"]["item"]["type"] == kind]


def _flags(run: TurnRun) -> list[list[str] | None]:
    return [m["params"]["status"].get("activeFlags") for m in run.of("thread/status/changed")]


# --- request_user_input ------------------------------------------------------------------


def test_request_user_input_is_unavailable_in_default_mode(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("request_user_input", QUESTIONS, call_id="rui1"))
    )
    run = run_turn(conn, thread["id"], "go")
    assert run.status == "completed"
    assert _outputs(mock_provider)["rui1"] == "request_user_input is unavailable in Default mode"
    assert conn.server_requests(method="item/tool/requestUserInput") == []
    # The tool is offered all the same, in either mode.
    assert "request_user_input" in mock_provider.response_requests[0].tool_names()


def test_request_user_input_asks_the_client_in_plan_mode(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("request_user_input", QUESTIONS, call_id="rui2"))
    )
    conn.on_request(
        "item/tool/requestUserInput",
        lambda m: {"answers": {"color_pick": {"answers": ["Blue"]}}},
    )
    run = run_turn(conn, thread["id"], "go", **PLAN)
    assert run.status == "completed"
    (request,) = conn.server_requests(method="item/tool/requestUserInput")
    assert request["params"] == {
        "threadId": thread["id"],
        "turnId": run.turn_id,
        "itemId": "rui2",
        "questions": [
            {
                "id": "color_pick",
                "header": "Color",
                "question": "Which color?",
                "isOther": True,
                "isSecret": False,
                "options": [
                    {"label": "Red (Recommended)", "description": "Warm."},
                    {"label": "Blue", "description": "Cool."},
                ],
            }
        ],
        "isBlocking": True,
        "autoResolutionMs": None,
    }
    # The answer reaches the model as compact JSON.
    assert _outputs(mock_provider)["rui2"] == '{"answers":{"color_pick":{"answers":["Blue"]}}}'
    # While waiting the thread says so; the request is resolved before the flag clears.
    assert _flags(run) == [[], ["waitingOnUserInput"], [], None]
    methods = [m["method"] for m in run.notifications]
    waiting = next(
        i
        for i, m in enumerate(run.notifications)
        if m["method"] == "thread/status/changed"
        and m["params"]["status"].get("activeFlags") == ["waitingOnUserInput"]
    )
    assert methods[waiting + 1 : waiting + 3] == ["serverRequest/resolved", "thread/status/changed"]
    assert run.of("serverRequest/resolved")[0]["params"] == {
        "threadId": thread["id"],
        "requestId": request["id"],
    }


def test_plan_mode_settings_reach_the_client_the_model_and_the_rollout(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(TextReply.of("planned", n=1))
    run = run_turn(conn, thread["id"], "plan it", **PLAN)
    (updated,) = run.of("thread/settings/updated")
    mode = updated["params"]["threadSettings"]["collaborationMode"]
    assert mode["mode"] == "plan" and mode["settings"]["model"] == "mock-model"
    instructions = mode["settings"]["developer_instructions"]
    assert isinstance(instructions, str) and "request_user_input" in instructions
    # The developer message gains the mode's instructions after the permissions.
    developer = mock_provider.response_requests[0].input_items("message")[1]
    assert developer["role"] == "developer"
    parts = [p["text"] for p in developer["content"]]
    # (The reference trims a paragraph about a tool it does not offer; ours is verbatim.)
    assert parts[-1].startswith("<collaboration_mode># Plan Mode")
    assert parts[-1].endswith("</collaboration_mode>")
    assert any(p.startswith("<permissions instructions>") for p in parts[:-1])
    lines = _rollout(thread)
    (context,) = [line["payload"] for line in lines if line["type"] == "turn_context"]
    assert context["collaboration_mode"]["mode"] == "plan"
    started = [
        line["payload"]
        for line in lines
        if line["type"] == "event_msg" and line["payload"]["type"] == "task_started"
    ]
    assert started[0]["collaboration_mode_kind"] == "plan"


def test_request_user_input_odd_answers_and_missing_options(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    no_options = {"questions": [{"id": "a", "header": "H", "question": "Q?"}]}
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("request_user_input", no_options, call_id="bad"),
            FunctionCall("request_user_input", QUESTIONS, call_id="err"),
            FunctionCall("request_user_input", QUESTIONS, call_id="junk"),
        )
    )
    since = conn.mark()
    turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("go"), **PLAN})[
        "turn"
    ]
    first = conn.wait_for_request("item/tool/requestUserInput", since=since)
    assert first["params"]["itemId"] == "err"
    conn.respond_error(first["id"], -32000, "the user closed the dialog")
    second = conn.wait_for_request(
        "item/tool/requestUserInput", lambda m: m["params"]["itemId"] == "junk", since=since
    )
    conn.respond(second["id"], {"answers": "not a map"}, check=False)
    conn.wait_for("turn/completed", lambda m: m["params"]["turn"]["id"] == turn["id"], since=since)
    outputs = _outputs(mock_provider)
    assert outputs["bad"] == "request_user_input requires non-empty options for every question"
    # A JSON-RPC error or a malformed answer counts as no answers, as in the reference.
    assert outputs["err"] == '{"answers":{}}'
    assert outputs["junk"] == '{"answers":{}}'


def test_interrupt_while_waiting_for_the_user(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("request_user_input", QUESTIONS, call_id="ri"))
    )
    since = conn.mark()
    turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("go"), **PLAN})[
        "turn"
    ]
    conn.wait_for_request("item/tool/requestUserInput", since=since)
    conn.call("turn/interrupt", {"threadId": thread["id"], "turnId": turn["id"]})
    done = conn.wait_for(
        "turn/completed", lambda m: m["params"]["turn"]["id"] == turn["id"], since=since
    )
    assert done["params"]["turn"]["status"] == "interrupted"
    assert _rollout(thread)[-1]["payload"]["type"] == "turn_aborted"


# --- view_image --------------------------------------------------------------------------


def _png(size: tuple[int, int], color: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def _decode(url: str) -> Image.Image:
    head, _, data = url.partition(",")
    assert head == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(data)))


def test_view_image_sends_the_image_to_the_model(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    work = Path(thread["cwd"])
    small = _png((3, 2))
    (work / "red.png").write_bytes(small)
    (work / "wide.png").write_bytes(_png((3000, 100), (0, 0, 255)))
    (work / "pic.gif").write_bytes(_gif())
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("view_image", {"path": "red.png"}, call_id="v1"),
            FunctionCall("view_image", {"path": str(work / "wide.png")}, call_id="v2"),
            FunctionCall("view_image", {"path": "pic.gif"}, call_id="v3"),
        )
    )
    run = run_turn(conn, thread["id"], "look")
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    # A small PNG goes byte for byte, inside the function_call_output, detail high.
    assert outputs["v1"] == [
        {
            "type": "input_image",
            "image_url": "data:image/png;base64," + base64.b64encode(small).decode(),
            "detail": "high",
        }
    ]
    # A larger one is scaled down to fit 2048 wide, keeping its aspect ratio.
    (wide,) = outputs["v2"]
    assert wide["detail"] == "high" and _decode(wide["image_url"]).size == (2048, 68)
    # Other formats are re-encoded as PNG.
    (gif,) = outputs["v3"]
    assert _decode(gif["image_url"]).size == (4, 4)
    # Each view is an imageView item, started then completed, with the absolute path.
    started = _items(run, "item/started", "imageView")
    completed = _items(run, "item/completed", "imageView")
    assert [i["id"] for i in started] == [i["id"] for i in completed] == ["v1", "v2", "v3"]
    assert completed[0]["path"] == str(work / "red.png")
    assert completed[0]["completedAtMs"] >= completed[0]["startedAtMs"]
    # The rollout keeps the item (the path as a file URL) and the image output.
    events = [
        line["payload"]["item"]
        for line in _rollout(thread)
        if line["payload"].get("type") == "item_completed"
        and line["payload"]["item"]["type"] == "ImageView"
    ]
    assert events[0] == {"type": "ImageView", "id": "v1", "path": (work / "red.png").as_uri()}


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 255, 0)).save(buffer, format="GIF")
    return buffer.getvalue()


def test_view_image_errors_go_back_to_the_model(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    work = Path(thread["cwd"])
    (work / "notimage.txt").write_text("hello\n")
    (work / "adir").mkdir()
    damaged = bytearray(_png((2, 2)))
    damaged[-13] ^= 0xFF  # the last IDAT chunk's checksum (Pillow alone would not notice)
    (work / "damaged.png").write_bytes(bytes(damaged))
    mock_provider.set_default(
        _tool_then_text(
            FunctionCall("view_image", {"path": "missing.png"}, call_id="e1"),
            FunctionCall("view_image", {"path": "notimage.txt"}, call_id="e2"),
            FunctionCall("view_image", {"path": "adir"}, call_id="e3"),
            FunctionCall("view_image", {"path": "damaged.png"}, call_id="e4"),
        )
    )
    run = run_turn(conn, thread["id"], "look")
    assert run.status == "completed"
    outputs = _outputs(mock_provider)
    assert outputs == {
        "e1": f"unable to locate image at `{work / 'missing.png'}`: "
        "No such file or directory (os error 2)",
        "e2": "unable to process image: invalid or unsupported image data",
        "e3": f"image path `{work / 'adir'}` is not a file",
        "e4": "unable to process image: invalid or unsupported image data",
    }
    assert _items(run, "item/started", "imageView") == []


# --- web_search --------------------------------------------------------------------------


@pytest.mark.parametrize(("sandbox", "live"), [("read-only", False), ("danger-full-access", True)])
def test_web_search_is_offered_as_the_hosted_tool(
    spindle: StartServer, mock_provider: MockProvider, sandbox: str, live: bool
) -> None:
    conn, thread = _connect(spindle, sandbox=sandbox, approvalPolicy="never")
    mock_provider.set_default(TextReply.of("ok", n=1))
    run_turn(conn, thread["id"], "hi")
    hosted = [t for t in mock_provider.response_requests[-1].tools() if "name" not in t]
    assert hosted == [{"type": "web_search", "external_web_access": live}]


def test_web_search_calls_become_web_search_items(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ItemsReply(
                items=(
                    WebSearchCall("weather in paris", item_id="ws_a"),
                    WebSearchCall(
                        item_id="ws_b", action={"type": "open_page", "url": "https://example.com"}
                    ),
                    WebSearchCall(
                        item_id="ws_c",
                        action={
                            "type": "find_in_page",
                            "url": "https://example.com",
                            "pattern": "foo",
                        },
                    ),
                    FunctionCall("view_image", {"path": "nope.png"}, call_id="after"),
                )
            ),
            ItemsReply(items=(TextMessage("searched"),)),
        )
    )
    run = run_turn(conn, thread["id"], "search")
    assert run.status == "completed"
    started = _items(run, "item/started", "webSearch")
    assert [(i["id"], i["query"], i["action"]) for i in started] == [
        (item_id, "", {"type": "other"}) for item_id in ("ws_a", "ws_b", "ws_c")
    ]
    completed = _items(run, "item/completed", "webSearch")
    assert [(i["id"], i["query"], i["action"]) for i in completed] == [
        (
            "ws_a",
            "weather in paris",
            {"type": "search", "query": "weather in paris", "queries": None},
        ),
        ("ws_b", "https://example.com", {"type": "openPage", "url": "https://example.com"}),
        (
            "ws_c",
            "'foo' in https://example.com",
            {"type": "findInPage", "url": "https://example.com", "pattern": "foo"},
        ),
    ]
    assert all(i["results"] is None for i in completed)
    # The searches go back to the model as they came, before the function call.
    second = mock_provider.response_requests[-1]
    kinds = [i["type"] for i in second.input_items() if i.get("type") != "message"]
    assert kinds == [
        "web_search_call",
        "web_search_call",
        "web_search_call",
        "function_call",
        "function_call_output",
    ]
    assert second.input_items("web_search_call")[1] == {
        "type": "web_search_call",
        "id": "ws_b",
        "status": "completed",
        "action": {"type": "open_page", "url": "https://example.com"},
    }
    # The rollout records each search as an item, then as the response item.
    lines = [
        (line["type"], line["payload"].get("type"), line["payload"].get("id"))
        for line in _rollout(thread)
        if line["type"] in ("event_msg", "response_item")
    ]
    first = lines.index(("event_msg", "item_completed", None))  # the user message
    searches = [entry for entry in lines[first + 1 :] if entry[1] != "token_count"][:6]
    assert [entry[:2] for entry in searches] == [
        ("event_msg", "item_completed"),
        ("response_item", "web_search_call"),
    ] * 3
    recorded = [
        line["payload"]["item"]
        for line in _rollout(thread)
        if line["payload"].get("type") == "item_completed"
        and line["payload"]["item"]["type"] == "WebSearch"
    ]
    assert recorded[2] == {
        "type": "WebSearch",
        "id": "ws_c",
        "query": "'foo' in https://example.com",
        "action": {"type": "find_in_page", "url": "https://example.com", "pattern": "foo"},
    }


def test_resume_shows_image_and_search_items(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    (Path(thread["cwd"]) / "red.png").write_bytes(_png((2, 2)))
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ItemsReply(
                items=(
                    WebSearchCall("spindle", item_id="ws_r"),
                    FunctionCall("view_image", {"path": "red.png"}, call_id="img_r"),
                )
            ),
            TextReply.of("seen", n=1),
        )
    )
    run = run_turn(conn, thread["id"], "go")
    live = {m["params"]["item"]["id"]: m["params"]["item"] for m in run.of("item/completed")}
    server.restart()
    conn = server.connect()
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": thread["id"]})["thread"]
    items = {item["id"]: item for turn in resumed["turns"] for item in turn["items"]}
    assert items["ws_r"] == live["ws_r"]
    assert items["img_r"] == live["img_r"]
    # The image output is in the history the model gets on the next turn.
    mock_provider.set_default(TextReply.of("again", n=1))
    run_turn(conn, thread["id"], "again")
    outputs = _outputs(mock_provider)
    assert outputs["img_r"][0]["type"] == "input_image"
    assert mock_provider.response_requests[-1].input_items("web_search_call")[0]["id"] == "ws_r"


def _ask_each_turn() -> Scripted:
    """Every user turn: the model asks its question, then answers with text."""
    return _tool_then_text(FunctionCall("request_user_input", QUESTIONS))


def _answered(provider: MockProvider) -> str:
    """The output of the latest tool call sent to the model."""
    output = provider.response_requests[-1].input_items("function_call_output")[-1]["output"]
    assert isinstance(output, str)
    return output


def test_plan_mode_sticks_until_the_client_switches_back(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    conn, thread = _connect(spindle)
    mock_provider.set_default(_ask_each_turn())
    conn.on_request(
        "item/tool/requestUserInput", lambda m: {"answers": {"color_pick": {"answers": ["Red"]}}}
    )
    run_turn(conn, thread["id"], "one", **PLAN)
    # A later turn without collaborationMode stays in Plan mode.
    second = run_turn(conn, thread["id"], "two")
    assert second.of("thread/settings/updated") == []
    assert _answered(mock_provider) == '{"answers":{"color_pick":{"answers":["Red"]}}}'
    assert len(conn.server_requests(method="item/tool/requestUserInput")) == 2
    # Back to Default: the mode's own instructions replace Plan mode's.
    default: dict[str, Any] = {
        "collaborationMode": {
            "mode": "default",
            "settings": {
                "model": "mock-model",
                "reasoning_effort": None,
                "developer_instructions": None,
            },
        }
    }
    third = run_turn(conn, thread["id"], "three", **default)
    (updated,) = third.of("thread/settings/updated")
    mode = updated["params"]["threadSettings"]["collaborationMode"]
    assert mode["mode"] == "default"
    assert mode["settings"]["developer_instructions"].startswith("# Collaboration Mode: Default")
    assert _answered(mock_provider) == "request_user_input is unavailable in Default mode"
    developer = [
        part["text"]
        for item in mock_provider.response_requests[-1].input_items("message")
        if item["role"] == "developer"
        for part in item["content"]
    ]
    modes = [text for text in developer if text.startswith("<collaboration_mode>")]
    assert modes[-1].startswith("<collaboration_mode># Collaboration Mode: Default")


def test_a_resumed_thread_keeps_its_plan_mode(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    mock_provider.set_default(TextReply.of("planning", n=1))
    run_turn(conn, thread["id"], "one", **PLAN)
    server.restart()
    conn = server.connect()
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": thread["id"]})
    assert resumed["collaborationMode"]["mode"] == "plan"
    assert (
        "request_user_input" in resumed["collaborationMode"]["settings"]["developer_instructions"]
    )
    mock_provider.set_default(_ask_each_turn())
    conn.on_request("item/tool/requestUserInput", lambda m: {"answers": {}})
    run_turn(conn, thread["id"], "two")
    assert _answered(mock_provider) == '{"answers":{}}'


def test_a_client_vanishing_mid_question_never_hangs_the_turn(
    spindle_ws: StartServer, mock_provider: MockProvider
) -> None:
    # R22 over the reference: 0.169.0 keeps the turn waiting on an answer that can no longer
    # come; spindle tells the model the question was cancelled and the turn goes on.
    spindle_only("the reference waits forever for the vanished client's answer")
    server = spindle_ws()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    mock_provider.set_default(
        _tool_then_text(FunctionCall("request_user_input", QUESTIONS, call_id="gone"))
    )
    conn.call("turn/start", {"threadId": thread["id"], "input": text_input("go"), **PLAN})
    conn.wait_for_request("item/tool/requestUserInput")
    conn.close()
    other = server.connect()
    other.initialize()
    deadline = time.monotonic() + 30
    while other.call("thread/read", {"threadId": thread["id"]})["thread"]["status"]["type"] == (
        "active"
    ):
        assert time.monotonic() < deadline, "the turn still waits for the vanished client"
        time.sleep(0.1)
    assert _outputs(mock_provider)["gone"] == (
        "request_user_input was cancelled before receiving a response"
    )
    assert _rollout(thread)[-1]["payload"]["type"] == "task_complete"


# -- tools a thread's configuration switches off -----------------------------------------------

ALL_TOOLS = [
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
# What the Codex TUI sends for its temporary structured threads (title and summary requests).
TEMPORARY_STRUCTURED: dict[str, Any] = {
    "approvalPolicy": "never",
    "sandbox": "read-only",
    "ephemeral": True,
    "environments": [],
    "dynamicTools": [],
    "config": {
        "features.shell_tool": False,
        "features.unified_exec": False,
        "features.view_image": False,
        "features.goals": False,
        "features.multi_agent": False,
        "tools.experimental_request_user_input.enabled": False,
        "web_search": "disabled",
    },
}
NO_ENVIRONMENT = (
    "No usable execution environment is available. Wait for an environment to become "
    "available before using this tool."
)


@pytest.mark.parametrize(
    ("start", "offered", "exec_output"),
    [
        pytest.param(
            TEMPORARY_STRUCTURED, [], "unsupported call: exec_command", id="tui-temporary"
        ),
        pytest.param(
            {"config": {"features.shell_tool": False}},
            [t for t in ALL_TOOLS if t not in ("exec_command", "write_stdin")],
            "unsupported call: exec_command",
            id="no-shell",
        ),
        pytest.param(
            {"config": {"features.view_image": False, "web_search": "disabled"}},
            [t for t in ALL_TOOLS if t not in ("view_image", "web_search")],
            None,
            id="no-image-no-search",
        ),
        pytest.param({"environments": []}, ALL_TOOLS, NO_ENVIRONMENT, id="no-environment"),
    ],
)
def test_thread_config_switches_tools_off(
    spindle: StartServer,
    mock_provider: MockProvider,
    start: dict[str, Any],
    offered: list[str],
    exec_output: str | None,
) -> None:
    # As the reference: a switched-off tool is not offered and a call to it is unsupported;
    # a thread without an environment is offered the shell tools but cannot run them.
    conn = spindle().connect()
    conn.initialize()
    thread = start_thread(conn, **start)
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply(calls=(FunctionCall("exec_command", {"cmd": "echo ran"}, call_id="x"),)),
            TextReply.of('{"title":"t"}', n=1),
        )
    )
    run = run_turn(conn, thread["id"], "hi")
    assert run.status == "completed"
    first, second = mock_provider.response_requests[-2:]
    assert first.tool_names() == offered
    output = second.function_call_outputs()["x"]
    if exec_output is None:
        # The command ran through exec_command (its output header; a reference home under
        # the temp dir lacks its sandbox helper, so only the header is common to both).
        assert str(output).startswith("Chunk ID: ")
    else:
        assert output == exec_output
    if exec_output is not None:
        # Nothing ran: no command item and no approval request reached the client.
        commands = [
            m for m in run.of("item/started") if m["params"]["item"]["type"] == "commandExecution"
        ]
        assert commands == []
        assert conn.server_requests() == []
