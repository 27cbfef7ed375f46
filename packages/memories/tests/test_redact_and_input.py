"""Phase-1 input: what is dropped from a rollout, what is redacted, how it is trimmed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spindle_memories import (
    filter_item_for_memories,
    redact_secrets,
    rollout_items_for_memories,
    rollout_token_budget,
    truncate_middle,
)
from spindle_memories._rollout_input import serialize_items

from packages.memories.tests._support import message, write_rollout

pytestmark = pytest.mark.requirement("R15")

REDACTED = [
    ("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx", "OPENAI_API_KEY=[REDACTED]"),
    ("use sk-abcdefghijklmnopqrstuvwxyz now", "use [REDACTED] now"),
    ("password: hunter2hunter2", "password: [REDACTED]"),
    ('{"api_key": "abcdefgh12345"}', '{"api_key": "[REDACTED]"}'),
    ('{\\"client_secret\\": \\"abcdefgh12345\\"}', '{\\"client_secret\\": \\"[REDACTED]\\"}'),
    ("Authorization: Bearer abc.def.ghijklmnop", "Authorization: Bearer [REDACTED]"),
    (
        "git clone https://bob:pa55word99@example.com/r",
        "git clone https://bob:[REDACTED]@example.com/r",
    ),
    ("key AKIAABCDEFGHIJKLMNOP here", "key [REDACTED] here"),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "[REDACTED]"),
    ("xoxb-1234567890-abcdefghij", "[REDACTED]"),
    (
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6y",
        "[REDACTED]",
    ),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----", "[REDACTED]"),
    ('export GITHUB_TOKEN="ghtokenvalue123"', 'export GITHUB_TOKEN="[REDACTED]"'),
]
KEPT = [
    "max_tokens=4096",
    "tokens_used: 12345678",
    "author: John Smith",
    "the password policy is documented in SECURITY.md",
    "run `uv run pytest -x`",
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_secrets_are_redacted(text: str, expected: str) -> None:
    assert redact_secrets(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_is_kept(text: str) -> None:
    assert redact_secrets(text) == text


def test_developer_messages_reasoning_and_instruction_fragments_are_dropped(
    tmp_path: Path,
) -> None:
    agents = {
        "type": "input_text",
        "text": "# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>\nbe nice\n</INSTRUCTIONS>",
    }
    skill = {"type": "input_text", "text": "  <skill>\nname: x\n</skill>\n"}
    typed = {"type": "input_text", "text": "fix the login test"}
    items = [
        message("developer", "sandbox rules"),
        {"type": "message", "role": "user", "content": [agents, skill]},
        {"type": "message", "role": "user", "content": [agents, typed]},
        {"type": "reasoning", "summary": [], "encrypted_content": "x"},
        {"type": "function_call", "name": "exec_command", "arguments": "{}", "call_id": "c1"},
        {"type": "function_call_output", "call_id": "c1", "output": "ok"},
        {"type": "compaction", "encrypted_content": "y"},
        message("assistant", "done"),
    ]
    path = tmp_path / "r.jsonl"
    write_rollout(path, "t", items)
    kept = rollout_items_for_memories(path)
    assert kept == [
        {"type": "message", "role": "user", "content": [typed]},
        items[4],
        items[5],
        items[7],
    ]
    assert filter_item_for_memories(message("developer", "x")) is None


def test_serialized_items_are_compact_json_with_secrets_redacted() -> None:
    text = serialize_items([message("user", "my key is sk-abcdefghijklmnopqrstuvwxyz")])
    assert "sk-abc" not in text and "[REDACTED]" in text
    assert json.loads(text)[0]["content"][0]["text"] == "my key is [REDACTED]"
    assert ", " not in text


def test_truncation_keeps_head_and_tail_within_budget() -> None:
    text = "HEAD" + "x" * 10_000 + "TAIL"
    cut = truncate_middle(text, max_tokens=100)
    assert cut.startswith("HEAD") and cut.endswith("TAIL")
    assert "tokens truncated" in cut
    assert len(cut.encode()) <= 100 * 4 + len("…2400 tokens truncated…".encode())
    assert truncate_middle("short", max_tokens=100) == "short"
    # Never splits a multi-byte character.
    assert truncate_middle("é" * 1000, max_tokens=10).count("\ufffd") == 0


def test_token_budget_is_seventy_percent_of_the_usable_window() -> None:
    assert rollout_token_budget(context_window=None) == 150_000
    assert rollout_token_budget(context_window=0) == 150_000
    assert (
        rollout_token_budget(context_window=200_000, effective_context_window_percent=95)
        == 200_000 * 95 // 100 * 70 // 100
    )
