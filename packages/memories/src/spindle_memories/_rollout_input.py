"""Turning a rollout into the phase-1 model input: filter, serialize, redact, trim.

Only ``response_item`` lines are used, and of those only what the conversation was about:
user and assistant messages and tool calls with their outputs. Developer messages,
reasoning, compaction records and images are dropped, and so are the user-message parts
that are injected instructions rather than what the user typed (an ``AGENTS.md``
instructions block, a ``<skill>`` block). The kept items are serialized to compact JSON,
secrets are redacted, and the text is cut to a token budget keeping its head and its tail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from spindle_state import iter_rollout_lines

from spindle_memories._redact import redact_secrets

APPROX_BYTES_PER_TOKEN: Final = 4
DEFAULT_ROLLOUT_TOKEN_LIMIT: Final = 150_000
"""Token budget of the rollout text when the model's context window is unknown."""
CONTEXT_WINDOW_PERCENT: Final = 70
"""Share of the model's usable context window given to the rollout text."""

_KEPT_ITEM_TYPES: Final = frozenset(
    {
        "message",
        "agent_message",
        "local_shell_call",
        "function_call",
        "function_call_output",
        "custom_tool_call",
        "custom_tool_call_output",
        "tool_search_call",
        "tool_search_output",
        "web_search_call",
    }
)
_EXCLUDED_FRAGMENTS: Final = (
    ("# AGENTS.md instructions for ", "</INSTRUCTIONS>"),
    ("<skill>", "</skill>"),
)


def _is_instruction_fragment(part: object) -> bool:
    if not isinstance(part, dict) or part.get("type") != "input_text":
        return False
    text = part.get("text")
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    lowered = stripped.lower()
    return any(
        lowered.startswith(start.lower()) and lowered.endswith(end.lower())
        for start, end in _EXCLUDED_FRAGMENTS
    )


def filter_item_for_memories(item: dict[str, Any]) -> dict[str, Any] | None:
    """The item as the memory model should see it, or None to drop it."""
    kind = item.get("type")
    if kind not in _KEPT_ITEM_TYPES:
        return None
    if kind != "message":
        return item
    role = item.get("role")
    if role == "developer":
        return None
    if role != "user":
        return item
    content = item.get("content")
    if not isinstance(content, list):
        return item
    kept = [part for part in content if not _is_instruction_fragment(part)]
    if not kept:
        return None
    return {**item, "content": kept}


def rollout_items_for_memories(path: Path) -> list[dict[str, Any]]:
    """The filtered response items of a rollout, in order."""
    items: list[dict[str, Any]] = []
    for line in iter_rollout_lines(path, types=("response_item",)):
        kept = filter_item_for_memories(line.payload)
        if kept is not None:
            items.append(kept)
    return items


def serialize_items(items: list[dict[str, Any]]) -> str:
    """Compact JSON of the items with secrets redacted."""
    return redact_secrets(json.dumps(items, ensure_ascii=False, separators=(",", ":")))


def rollout_token_budget(
    context_window: int | None, effective_context_window_percent: int = 95
) -> int:
    """Tokens of rollout text for a model: 70% of its usable window, or the fallback."""
    if context_window is None or context_window <= 0:
        return DEFAULT_ROLLOUT_TOKEN_LIMIT
    usable = context_window * effective_context_window_percent // 100
    return max(usable * CONTEXT_WINDOW_PERCENT // 100, 1)


def approx_tokens(text: str) -> int:
    """A byte-based token estimate (4 bytes a token, rounded up)."""
    return -(-len(text.encode()) // APPROX_BYTES_PER_TOKEN)


def truncate_middle(text: str, max_tokens: int) -> str:
    """``text`` cut to about ``max_tokens`` tokens, keeping the head and the tail halves and
    naming what was removed in the middle; unchanged when it fits."""
    data = text.encode()
    budget = max(max_tokens, 0) * APPROX_BYTES_PER_TOKEN
    if len(data) <= budget:
        return text
    head_bytes = budget // 2
    tail_bytes = budget - head_bytes
    head = data[:head_bytes].decode(errors="ignore")
    tail = data[len(data) - tail_bytes :].decode(errors="ignore") if tail_bytes else ""
    removed = len(data) - len(head.encode()) - len(tail.encode())
    marker = f"…{-(-removed // APPROX_BYTES_PER_TOKEN)} tokens truncated…"
    return f"{head}{marker}{tail}"
