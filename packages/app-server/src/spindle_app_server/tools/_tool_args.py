"""Reading the arguments of the model's tool calls, with the reference's refusals.

The model's arguments arrive as a JSON object; each reader checks one field the way the
reference's serde does and fails with its text (``failed to parse function arguments:
invalid type: ...``, ``missing field ...``, ``unknown field ...``), which the model reads as
a tool error. :func:`parse_error` and :func:`json_type` serve the goal tools too; the rest
reads the multi-agent tools' fields (:func:`parse_collab_input` turns ``message`` or
``items`` into user content).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from ._tool_registry import ToolError

__all__ = [
    "DEFAULT_WAIT_TIMEOUT_MS",
    "EMPTY_MESSAGE",
    "MAX_WAIT_TIMEOUT_MS",
    "MIN_WAIT_TIMEOUT_MS",
    "input_preview",
    "json_type",
    "opt_bool",
    "opt_effort",
    "opt_str",
    "opt_timeout",
    "parse_collab_input",
    "parse_error",
    "reject_unknown",
    "req_str",
]

JSON = dict[str, Any]

MIN_WAIT_TIMEOUT_MS: Final = 10_000
DEFAULT_WAIT_TIMEOUT_MS: Final = 30_000
MAX_WAIT_TIMEOUT_MS: Final = 3_600_000

EMPTY_MESSAGE: Final = "Empty message can't be sent to an agent"
_EFFORTS: Final = ("none", "minimal", "low", "medium", "high", "xhigh")


def parse_error(message: str) -> ToolError:
    return ToolError(f"failed to parse function arguments: {message}")


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean `{str(value).lower()}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, str):
        return f"string {json.dumps(value)}"
    return "sequence" if isinstance(value, list) else "map"


def opt_str(args: JSON, name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise parse_error(f"invalid type: {json_type(value)}, expected a string")
    return value


def req_str(args: JSON, name: str) -> str:
    if name not in args:
        raise parse_error(f"missing field `{name}`")
    value = opt_str(args, name)
    if value is None:
        raise parse_error("invalid type: null, expected a string")
    return value


def opt_bool(args: JSON, name: str) -> bool:
    value = args.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise parse_error(f"invalid type: {json_type(value)}, expected a boolean")
    return value


def opt_effort(args: JSON) -> str | None:
    value = opt_str(args, "reasoning_effort")
    if value is not None and value not in _EFFORTS:
        expected = ", ".join(f"`{e}`" for e in _EFFORTS)
        raise parse_error(f"unknown variant `{value}`, expected one of {expected}")
    return value


def opt_timeout(args: JSON) -> int:
    value = args.get("timeout_ms")
    if value is None:
        return DEFAULT_WAIT_TIMEOUT_MS
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise parse_error(f"invalid type: {json_type(value)}, expected i64")
    if value <= 0:
        raise ToolError("timeout_ms must be greater than zero")
    return int(min(max(value, MIN_WAIT_TIMEOUT_MS), MAX_WAIT_TIMEOUT_MS))


def reject_unknown(args: JSON, known: Sequence[str]) -> None:
    for name in args:
        if name not in known:
            expected = ", ".join(f"`{k}`" for k in known)
            raise parse_error(f"unknown field `{name}`, expected one of {expected}")


def _input_item(raw: Any) -> JSON:
    if not isinstance(raw, dict):
        raise parse_error(f"invalid type: {json_type(raw)}, expected an input item")
    kind = raw.get("type")
    if kind == "text":
        return {"type": "text", "text": str(raw.get("text", "")), "text_elements": []}
    if kind == "image":
        return {"type": "image", "url": str(raw.get("image_url", ""))}
    if kind == "local_image":
        return {"type": "localImage", "path": str(raw.get("path", ""))}
    if kind in ("skill", "mention"):
        return {"type": kind, "name": str(raw.get("name", "")), "path": str(raw.get("path", ""))}
    raise parse_error(f"unknown variant `{kind}`")


def parse_collab_input(args: JSON) -> list[JSON]:
    """``message`` or ``items`` as user content, with the reference's refusals."""
    message = opt_str(args, "message")
    items = args.get("items")
    if message is not None and items is not None:
        raise ToolError("Provide either message or items, but not both")
    if message is None and items is None:
        raise ToolError("Provide one of: message or items")
    if message is not None:
        if not message.strip():
            raise ToolError(EMPTY_MESSAGE)
        return [{"type": "text", "text": message, "text_elements": []}]
    if not isinstance(items, list):
        raise parse_error(f"invalid type: {json_type(items)}, expected a sequence")
    if not items:
        raise ToolError("Items can't be empty")
    return [_input_item(item) for item in items]


def input_preview(content: list[JSON]) -> str:
    """The ``prompt`` an item shows for some user content."""
    parts: list[str] = []
    for item in content:
        if item.get("type") == "text":
            parts.append(str(item.get("text", "")))
        elif item.get("type") in ("image", "localImage"):
            parts.append("[image]")
        else:
            parts.append(f"[{item.get('type')}: {item.get('name', '')}]")
    return "\n".join(parts)
