"""Rollout reading helpers on the reference's format (codex_rollout_example.jsonl)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from spindle_state import (
    CorruptRollout,
    GitInfo,
    RolloutError,
    encode_rollout_line,
    find_rollout_path,
    format_rollout_timestamp,
    iter_rollout_lines,
    read_session_meta,
    rollout_relative_path,
    summarize_rollout,
)

THREAD = "01a223cd-5cee-7543-9146-2bdcced283a5"
TURN = "01a223cd-6ab9-73c3-bcff-dd67bfff3ad5"

# A trimmed copy of the reference's one-turn rollout (same line types, keys and order).
EXAMPLE = [
    {"timestamp": "2026-11-28T20:16:32.774Z", "ordinal": 0, "type": "session_meta", "payload": {
        "account_scoped": True, "session_id": THREAD, "id": THREAD,
        "timestamp": "2026-11-28T20:16:30.960Z", "cwd": "/work", "runtime_workspace_roots": ["/work"],
        "originator": "probe", "cli_version": "0.169.0", "source": "vscode", "thread_source": "probe",
        "model_provider": "mock", "base_instructions": {"text": "You are a coding agent." * 50},
        "history_mode": "paginated", "context_window": {"window_id": "w"}}},
    {"timestamp": "2026-11-28T20:16:34.494Z", "ordinal": 1, "type": "event_msg", "payload": {
        "type": "task_started", "turn_id": TURN, "root_turn_id": TURN, "started_at": 1795896994,
        "model_context_window": 258400, "collaboration_mode_kind": "default"}},
    {"timestamp": "2026-11-28T20:16:34.500Z", "ordinal": 2, "type": "response_item", "payload": {
        "type": "message", "role": "developer", "content": [{"type": "input_text", "text": "skills"}]}},
    {"timestamp": "2026-11-28T20:16:34.501Z", "ordinal": 5, "type": "turn_context", "payload": {
        "turn_id": TURN, "cwd": "/work", "model": "mock-model",
        "collaboration_mode": {"mode": "default", "settings": {"model": "mock-model", "reasoning_effort": "high"}}}},
    {"timestamp": "2026-11-28T20:16:34.504Z", "ordinal": 7, "type": "response_item", "payload": {
        "type": "message", "role": "user", "content": [{"type": "input_text", "text": "Say hello"}]}},
    {"timestamp": "2026-11-28T20:16:34.504Z", "ordinal": 8, "type": "event_msg", "payload": {
        "type": "item_completed", "thread_id": THREAD, "turn_id": TURN,
        "item": {"type": "UserMessage", "id": "u1", "content": [{"type": "text", "text": "Say hello", "text_elements": []}]},
        "started_at_ms": 1795896994504, "completed_at_ms": 1795896994504}},
    {"timestamp": "2026-11-28T20:16:34.532Z", "ordinal": 9, "type": "event_msg", "payload": {
        "type": "item_completed", "thread_id": THREAD, "turn_id": TURN,
        "item": {"type": "AgentMessage", "id": "msg_mock_1", "content": [{"type": "Text", "text": "Hello from the mock model."}]},
        "started_at_ms": 1795896994531, "completed_at_ms": 1795896994532}},
    {"timestamp": "2026-11-28T20:16:34.535Z", "ordinal": 12, "type": "event_msg", "payload": {
        "type": "token_count", "info": {"total_token_usage": {"total_tokens": 110}}}},
    {"timestamp": "2026-11-28T20:16:34.538Z", "ordinal": 13, "type": "event_msg", "payload": {
        "type": "task_complete", "root_turn_id": TURN, "turn_id": TURN,
        "last_agent_message": "Hello from the mock model.", "started_at": 1795896994,
        "completed_at": 1795896994, "duration_ms": 45, "time_to_first_token_ms": 39}},
]  # fmt: skip


def write(path: Path, lines: list[dict[str, object]], tail: str = "") -> Path:
    path.write_text(
        "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines) + tail
    )
    return path


def test_session_meta_is_parsed(tmp_path: Path) -> None:
    meta = read_session_meta(write(tmp_path / "r.jsonl", EXAMPLE))
    assert (meta.id, meta.timestamp_ms, meta.cwd, meta.originator) == (
        THREAD, 1_795_896_990_960, "/work", "probe",
    )  # fmt: skip
    assert (meta.cli_version, meta.source, meta.thread_source, meta.model_provider) == (
        "0.169.0", "vscode", "probe", "mock",
    )  # fmt: skip
    assert (meta.history_mode, meta.git) == ("paginated", GitInfo())


def test_session_meta_git_and_missing_thread_source(tmp_path: Path) -> None:
    first = dict(EXAMPLE[0])
    payload = dict(first["payload"])  # type: ignore[call-overload]
    payload.pop("thread_source")
    payload["git"] = {
        "commit_hash": "abc",
        "branch": "main",
        "repository_url": "https://x.invalid/r",
    }
    first["payload"] = payload
    meta = read_session_meta(write(tmp_path / "r.jsonl", [first]))
    assert meta.thread_source is None
    assert meta.git == GitInfo("abc", "main", "https://x.invalid/r")


def test_summary_derives_turns_preview_tokens_and_latest_model(tmp_path: Path) -> None:
    summary = summarize_rollout(write(tmp_path / "r.jsonl", EXAMPLE))
    assert (summary.first_user_message, summary.preview, summary.tokens_used) == (
        "Say hello",
        "Say hello",
        110,
    )
    assert (summary.model, summary.reasoning_effort) == ("mock-model", "high")
    assert summary.last_timestamp_ms == 1_795_896_994_538
    [turn] = summary.turns
    assert (turn.turn_id, turn.rollout_ordinal, turn.status, turn.started_at, turn.duration_ms) == (
        TURN, 1, "completed", 1795896994, 45,
    )  # fmt: skip
    assert [item["type"] for item in turn.items] == ["UserMessage", "AgentMessage"]
    new = summary.to_new_thread()
    assert (new.created_at_ms, new.updated_at_ms, new.title) == (
        1_795_896_990_960,
        1_795_896_994_538,
        "Say hello",
    )


def test_unfinished_and_aborted_turns(tmp_path: Path) -> None:
    lines = [EXAMPLE[0]]
    for n, kind in enumerate(["task_started", "task_started", "turn_aborted", "task_started"]):
        turn = "b" if kind == "turn_aborted" else f"{'abc'[min(n, 2)]}"
        lines.append({"timestamp": "2026-11-28T20:16:35.000Z", "ordinal": n + 1, "type": "event_msg",
                      "payload": {"type": kind, "turn_id": turn}})  # fmt: skip
    summary = summarize_rollout(write(tmp_path / "r.jsonl", lines))
    assert [(t.turn_id, t.status) for t in summary.turns] == [
        ("a", "interrupted"), ("b", "interrupted"), ("c", "inProgress"),
    ]  # fmt: skip


def test_goal_objective_is_the_preview_without_user_input(tmp_path: Path) -> None:
    goal = {"timestamp": "2026-11-28T20:16:35.000Z", "ordinal": 1, "type": "event_msg",
            "payload": {"type": "thread_goal_updated", "goal": {"objective": "ship it"}}}  # fmt: skip
    summary = summarize_rollout(write(tmp_path / "r.jsonl", [EXAMPLE[0], goal]))
    assert (summary.preview, summary.first_user_message) == ("ship it", "")


def test_torn_last_line_is_ignored_and_reported_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(
        tmp_path / "r.jsonl", EXAMPLE, tail='{"timestamp":"2026-11-28T20:16:35.000Z","ordi'
    )
    with caplog.at_level(logging.WARNING, logger="spindle_state.rollout"):
        lines = list(iter_rollout_lines(path))
        summary = summarize_rollout(path)
    assert len(lines) == len(EXAMPLE)
    assert summary.turns[0].status == "completed"
    torn = [r for r in caplog.records if "torn last line" in r.getMessage()]
    assert len(torn) == 2  # once per read, never per line


def test_complete_last_line_without_newline_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "r.jsonl", EXAMPLE[:-1], tail=json.dumps(EXAMPLE[-1]))
    assert [line.ordinal for line in iter_rollout_lines(path)][-1] == 13


def test_corrupt_middle_line_raises(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(EXAMPLE[0]) + "\n{not json\n" + json.dumps(EXAMPLE[1]) + "\n")
    with pytest.raises(CorruptRollout, match="line 1"):
        list(iter_rollout_lines(path))


def test_rollout_without_session_meta_is_corrupt(tmp_path: Path) -> None:
    path = write(tmp_path / "r.jsonl", EXAMPLE[1:])
    with pytest.raises(CorruptRollout, match="session_meta"):
        read_session_meta(path)
    with pytest.raises(CorruptRollout):
        summarize_rollout(path)
    with pytest.raises(RolloutError, match="cannot open"):
        summarize_rollout(tmp_path / "missing.jsonl")


def test_type_filter_skips_lines_without_parsing_them(tmp_path: Path) -> None:
    path = write(tmp_path / "r.jsonl", EXAMPLE)
    kept = list(iter_rollout_lines(path, types={"event_msg"}, event_types={"task_complete"}))
    assert [line.payload["type"] for line in kept] == ["task_complete"]


def test_encode_line_matches_the_reference_layout() -> None:
    line = encode_rollout_line(
        timestamp_ms=1_795_896_992_774, ordinal=0, type_="session_meta", payload={"id": THREAD}
    )
    assert line == (
        '{"timestamp":"2026-11-28T20:16:32.774Z","ordinal":0,"type":"session_meta",'
        f'"payload":{{"id":"{THREAD}"}}}}\n'
    )
    assert format_rollout_timestamp(ms=1_795_896_992_000) == "2026-11-28T20:16:32.000Z"


def test_rollout_paths(tmp_path: Path) -> None:
    relative = rollout_relative_path(created_at_ms=1_795_896_990_960, thread_id=THREAD)
    assert relative == Path(f"2026/11/28/rollout-2026-11-28T20-16-30-{THREAD}.jsonl")
    assert find_rollout_path(tmp_path, THREAD) is None
    target = tmp_path / "sessions" / relative
    target.parent.mkdir(parents=True)
    target.write_text("")
    assert find_rollout_path(tmp_path, THREAD) == target
    target.unlink()
    archived = tmp_path / "archived_sessions" / relative.name
    archived.parent.mkdir()
    archived.write_text("")
    assert find_rollout_path(tmp_path, THREAD) == archived
