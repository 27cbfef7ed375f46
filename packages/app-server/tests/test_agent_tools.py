"""Multi-agent tool pieces without a server: input parsing, statuses, the depth gate on the
offered tools (R8)."""

from __future__ import annotations

import pytest
from spindle_app_server.agents._status import AgentState, collab_item
from spindle_app_server.tools import ToolError
from spindle_app_server.tools._specs import default_tool_specs
from spindle_app_server.tools.multi_agents import input_preview, parse_collab_input

pytestmark = pytest.mark.requirement("R8")


def _names(specs: list[dict[str, object]]) -> list[object]:
    return [spec.get("name", spec.get("type")) for spec in specs]


def test_the_namespace_is_left_out_at_the_depth_limit() -> None:
    full = default_tool_specs(goals_enabled=True, multi_agent_v2=False)
    capped = default_tool_specs(goals_enabled=True, multi_agent_v2=False, multi_agent=False)
    assert "multi_agent_v1" in _names(full)
    assert _names(capped) == [n for n in _names(full) if n != "multi_agent_v1"]
    v2 = default_tool_specs(goals_enabled=True, multi_agent_v2=True)
    assert "collaboration" in _names(v2) and "multi_agent_v1" not in _names(v2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "Provide one of: message or items"),
        ({"message": "a", "items": []}, "Provide either message or items, but not both"),
        ({"message": " \n"}, "Empty message can't be sent to an agent"),
        ({"items": []}, "Items can't be empty"),
        (
            {"message": 3},
            "failed to parse function arguments: invalid type: integer `3`, expected a string",
        ),
    ],
)
def test_collab_input_refusals(args: dict[str, object], message: str) -> None:
    with pytest.raises(ToolError) as caught:
        parse_collab_input(args)
    assert str(caught.value) == message


def test_collab_input_and_preview() -> None:
    content = parse_collab_input(
        {"items": [{"type": "text", "text": "look"}, {"type": "image", "image_url": "u"}]}
    )
    assert content == [
        {"type": "text", "text": "look", "text_elements": []},
        {"type": "image", "url": "u"},
    ]
    assert input_preview(content) == "look\n[image]"
    assert parse_collab_input({"message": "hi"}) == [
        {"type": "text", "text": "hi", "text_elements": []}
    ]


def test_status_spellings() -> None:
    done = AgentState("completed", "ok")
    assert done.tool_json() == {"completed": "ok"} and done.is_final
    assert done.wire_json() == {"status": "completed", "message": "ok"}
    assert AgentState("pending_init").tool_json() == "pending_init"
    assert AgentState("pending_init").wire_json() == {"status": "pendingInit", "message": None}
    assert not AgentState("running").is_final
    assert AgentState("not_found").wire_json()["status"] == "notFound"
    item = collab_item(
        "call_1", "wait", status="completed", sender="t", receivers=["c"], prompt=None,
        model=None, reasoning_effort=None, states={"c": done}, started_ms=1, completed_ms=2,
    )  # fmt: skip
    assert list(item) == [
        "type", "id", "tool", "status", "senderThreadId", "receiverThreadIds", "prompt",
        "model", "reasoningEffort", "agentsStates", "startedAtMs", "completedAtMs",
    ]  # fmt: skip
