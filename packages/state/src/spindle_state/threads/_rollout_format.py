"""Reading (and naming) rollout JSONL files, in the reference's line format.

Each line is ``{"timestamp":"<RFC3339 ms>","ordinal":N,"type":T,"payload":{...}}``. Line 0 is
``session_meta``; turns are delimited by ``event_msg`` payloads ``task_started`` and
``task_complete`` (or ``turn_aborted``); ``item_completed`` carries the turn's items.

A torn last line (no trailing newline and not valid JSON, as left by a crash mid-write) is
reported once through the ``spindle_state.rollout`` logger and ignored. Any other bad line
raises CorruptRollout.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spindle_state._exceptions import CorruptRollout, RolloutError
from spindle_state.threads._cursor import parse_timestamp_ms
from spindle_state.threads._records import GitInfo, NewThread, TurnRecord, TurnStatus

logger = logging.getLogger("spindle_state.rollout")

SESSIONS_DIR = "sessions"
ARCHIVED_SESSIONS_DIR = "archived_sessions"

# Lines we write (and the reference writes) start with these keys in this order, which lets
# readers skip large uninteresting lines (instructions, model responses) without parsing.
_PREFIX = re.compile(
    rb'\{"timestamp":"[^"]*","ordinal":\d+,"type":"(\w+)"(?:,"payload":\{"type":"(\w+)")?'
)

# event_msg payload types that shape the thread summary and the turns index.
SUMMARY_EVENTS = frozenset(
    {
        "task_started",
        "task_complete",
        "turn_aborted",
        "item_completed",
        "user_message",
        "token_count",
        "thread_goal_updated",
        "thread_name_updated",
        "error",
    }
)


@dataclass(frozen=True, slots=True)
class RolloutLine:
    """One parsed rollout line. ``ordinal`` is the line's own ordinal (its index if absent)."""

    ordinal: int
    timestamp: str
    type: str
    payload: dict[str, Any]

    @property
    def timestamp_ms(self) -> int | None:
        return parse_timestamp_ms(self.timestamp)


@dataclass(frozen=True, slots=True)
class SessionMeta:
    """The fields of a rollout's ``session_meta`` line that the threads table needs."""

    id: str
    timestamp_ms: int | None
    cwd: str
    originator: str | None
    cli_version: str
    source: str
    thread_source: str | None
    model_provider: str
    git: GitInfo
    history_mode: str
    forked_from_id: str | None
    agent_path: str | None
    agent_nickname: str | None
    agent_role: str | None


@dataclass(slots=True)
class RolloutSummary:
    """Everything backfill derives from one rollout file."""

    path: Path
    meta: SessionMeta
    turns: list[TurnRecord] = field(default_factory=list)
    first_user_message: str = ""
    goal_objective: str = ""
    name: str | None = None
    tokens_used: int = 0
    model: str | None = None
    reasoning_effort: str | None = None
    last_timestamp_ms: int | None = None

    @property
    def preview(self) -> str:
        """The first user message, else the goal objective (as the reference shows it)."""
        return self.first_user_message or self.goal_objective

    def to_new_thread(self) -> NewThread:
        """The thread row this rollout describes (historical stamps kept)."""
        meta = self.meta
        return NewThread(
            id=meta.id,
            rollout_path=str(self.path),
            created_at_ms=meta.timestamp_ms or self.last_timestamp_ms,
            updated_at_ms=self.last_timestamp_ms or meta.timestamp_ms,
            source=meta.source,
            thread_source=meta.thread_source,
            originator=meta.originator,
            model_provider=meta.model_provider,
            model=self.model,
            reasoning_effort=self.reasoning_effort,
            cwd=meta.cwd,
            title=self.first_user_message,
            preview=self.preview,
            first_user_message=self.first_user_message,
            name=self.name,
            cli_version=meta.cli_version,
            git=meta.git,
            tokens_used=self.tokens_used,
            archived=self.path.parent.name == ARCHIVED_SESSIONS_DIR,
            forked_from_id=meta.forked_from_id,
            agent_path=meta.agent_path,
            agent_nickname=meta.agent_nickname,
            agent_role=meta.agent_role,
            history_mode=meta.history_mode,
        )


def format_rollout_timestamp(ms: int) -> str:
    """``2026-11-28T20:16:32.774Z``: the rollout's timestamp format (always 3 digits)."""
    seconds, millis = divmod(ms, 1000)
    base = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{millis:03d}Z"


def encode_rollout_line(
    timestamp_ms: int, ordinal: int, type_: str, payload: dict[str, Any]
) -> str:
    """One rollout line (with its newline), keys in the reference's order."""
    body = json.dumps(
        {
            "timestamp": format_rollout_timestamp(timestamp_ms),
            "ordinal": ordinal,
            "type": type_,
            "payload": payload,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return body + "\n"


def rollout_relative_path(created_at_ms: int, thread_id: str) -> Path:
    """``YYYY/MM/DD/rollout-YYYY-MM-DDTHH-MM-SS-<id>.jsonl`` under ``<home>/sessions`` (UTC)."""
    when = datetime.fromtimestamp(created_at_ms / 1000, tz=UTC)
    name = f"rollout-{when.strftime('%Y-%m-%dT%H-%M-%S')}-{thread_id}.jsonl"
    return Path(when.strftime("%Y"), when.strftime("%m"), when.strftime("%d"), name)


def find_rollout_path(home: Path, thread_id: str) -> Path | None:
    """The rollout of ``thread_id`` under ``sessions/`` or ``archived_sessions/``, if any."""
    pattern = f"rollout-*-{thread_id}.jsonl"
    for candidate in sorted((home / SESSIONS_DIR).glob(f"*/*/*/{pattern}")):
        return candidate
    for candidate in sorted((home / ARCHIVED_SESSIONS_DIR).glob(pattern)):
        return candidate
    return None


def iter_rollout_lines(
    path: Path,
    *,
    types: Collection[str] | None = None,
    event_types: Collection[str] | None = None,
) -> Iterator[RolloutLine]:
    """Yield the lines of a rollout, tolerating a torn last line.

    ``types`` keeps only lines of those types and ``event_types`` only those ``event_msg``
    payload types; lines filtered out by their prefix are not parsed (nor validated).
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise RolloutError(path, f"cannot open: {error.strerror}") from None
    with handle:
        index = -1
        for raw in handle:
            index += 1
            if not raw.strip():
                continue
            if types is not None or event_types is not None:
                match = _PREFIX.match(raw)
                if match is not None:
                    outer = match.group(1).decode()
                    if types is not None and outer not in types:
                        continue
                    inner = match.group(2)
                    if (
                        outer == "event_msg"
                        and event_types is not None
                        and inner is not None
                        and inner.decode() not in event_types
                    ):
                        continue
            try:
                data = json.loads(raw.decode())
            except ValueError:
                if not raw.endswith(b"\n"):
                    logger.warning("%s: ignoring torn last line %d", path, index)
                    return
                raise CorruptRollout(path, f"line {index} is not valid JSON") from None
            if not isinstance(data, dict) or not isinstance(data.get("type"), str):
                raise CorruptRollout(path, f"line {index} is not a rollout line")
            line_type = data["type"]
            if types is not None and line_type not in types:
                continue
            payload = data.get("payload")
            if not isinstance(payload, dict):
                payload = {}
            if (
                line_type == "event_msg"
                and event_types is not None
                and payload.get("type") not in event_types
            ):
                continue
            ordinal = data.get("ordinal")
            yield RolloutLine(
                ordinal if isinstance(ordinal, int) else index,
                str(data.get("timestamp", "")),
                line_type,
                payload,
            )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _source(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value)))
    return "vscode"


def parse_session_meta(payload: dict[str, Any], path: Path | None = None) -> SessionMeta:
    """A SessionMeta from a ``session_meta`` payload."""
    thread_id = payload.get("id") or payload.get("session_id")
    if not isinstance(thread_id, str) or not thread_id:
        raise CorruptRollout(path or Path("?"), "session_meta has no id")
    git = payload.get("git")
    git_info = GitInfo()
    if isinstance(git, dict):
        git_info = GitInfo(
            _text(git.get("commit_hash", git.get("sha"))),
            _text(git.get("branch")),
            _text(git.get("repository_url", git.get("origin_url"))),
        )
    timestamp = payload.get("timestamp")
    return SessionMeta(
        id=thread_id,
        timestamp_ms=parse_timestamp_ms(timestamp) if isinstance(timestamp, str) else None,
        cwd=_text(payload.get("cwd")) or "",
        originator=_text(payload.get("originator")),
        cli_version=_text(payload.get("cli_version")) or "",
        source=_source(payload.get("source")),
        thread_source=_text(payload.get("thread_source")),
        model_provider=_text(payload.get("model_provider")) or "",
        git=git_info,
        history_mode=_text(payload.get("history_mode")) or "legacy",
        forked_from_id=_text(payload.get("forked_from_id")),
        agent_path=_text(payload.get("agent_path")),
        agent_nickname=_text(payload.get("agent_nickname")),
        agent_role=_text(payload.get("agent_role")),
    )


def read_session_meta(path: Path) -> SessionMeta:
    """The session_meta of a rollout (its first line); CorruptRollout when missing."""
    for line in iter_rollout_lines(path):
        if line.type != "session_meta":
            break
        return parse_session_meta(line.payload, path)
    raise CorruptRollout(path, "the first line is not session_meta")


def _user_text(item: dict[str, Any]) -> str:
    parts = item.get("content")
    if not isinstance(parts, list):
        return ""
    texts = [
        part["text"]
        for part in parts
        if isinstance(part, dict) and isinstance(part.get("text"), str)
    ]
    return "\n".join(texts)


def _reasoning_effort(payload: dict[str, Any]) -> str | None:
    for key in ("reasoning_effort", "effort"):
        value = payload.get(key)
        if isinstance(value, str):
            return value
    mode = payload.get("collaboration_mode")
    if isinstance(mode, dict):
        settings = mode.get("settings")
        if isinstance(settings, dict):
            return _text(settings.get("reasoning_effort"))
    return None


class _TurnBuilder:
    """Mutable accumulator for one turn while a rollout is read."""

    __slots__ = ("completed_at", "duration_ms", "error", "items", "model", "ordinal",
                 "reasoning_effort", "root_turn_id", "started_at", "status", "turn_id")  # fmt: skip

    def __init__(
        self, turn_id: str, root_turn_id: str | None, ordinal: int, started_at: int | None
    ):
        self.turn_id = turn_id
        self.root_turn_id = root_turn_id
        self.ordinal = ordinal
        self.started_at = started_at
        self.status: TurnStatus = "inProgress"
        self.error: dict[str, Any] | None = None
        self.completed_at: int | None = None
        self.duration_ms: int | None = None
        self.model: str | None = None
        self.reasoning_effort: str | None = None
        self.items: list[dict[str, Any]] = []

    def build(self, thread_id: str) -> TurnRecord:
        return TurnRecord(
            thread_id=thread_id,
            turn_id=self.turn_id,
            root_turn_id=self.root_turn_id,
            rollout_ordinal=self.ordinal,
            status=self.status,
            error=self.error,
            started_at=self.started_at,
            completed_at=self.completed_at,
            duration_ms=self.duration_ms,
            model=self.model,
            reasoning_effort=self.reasoning_effort,
            items=self.items,
        )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def summarize_rollout(path: Path) -> RolloutSummary:
    """Read a rollout once and derive its thread summary and turns."""
    lines = iter_rollout_lines(
        path, types={"session_meta", "event_msg", "turn_context"}, event_types=SUMMARY_EVENTS
    )
    first = next(lines, None)
    if first is None or first.type != "session_meta":
        raise CorruptRollout(path, "the first line is not session_meta")
    summary = RolloutSummary(path=path, meta=parse_session_meta(first.payload, path))
    last_timestamp = first.timestamp
    turns: dict[str, _TurnBuilder] = {}
    current: _TurnBuilder | None = None
    for line in lines:
        if line.timestamp:
            last_timestamp = line.timestamp
        payload = line.payload
        if line.type == "turn_context":
            summary.model = _text(payload.get("model")) or summary.model
            summary.reasoning_effort = _reasoning_effort(payload)
            target = turns.get(_text(payload.get("turn_id")) or "")
            if target is not None:
                target.model = summary.model
                target.reasoning_effort = summary.reasoning_effort
            continue
        kind = payload.get("type")
        turn = turns.get(_text(payload.get("turn_id")) or "")
        if kind == "task_started":
            turn_id = _text(payload.get("turn_id"))
            if not turn_id:
                continue
            if current is not None and current.status == "inProgress":
                current.status = "interrupted"
            current = _TurnBuilder(
                turn_id,
                _text(payload.get("root_turn_id")),
                line.ordinal,
                _int(payload.get("started_at")),
            )
            turns[turn_id] = current
        elif kind in ("task_complete", "turn_aborted") and turn is not None:
            if turn.status != "failed":
                turn.status = "completed" if kind == "task_complete" else "interrupted"
            turn.completed_at = _int(payload.get("completed_at"))
            turn.duration_ms = _int(payload.get("duration_ms"))
        elif kind == "error" and turn is not None:
            turn.status = "failed"
            turn.error = {"message": _text(payload.get("message")) or ""}
        elif kind == "item_completed":
            item = payload.get("item")
            if not isinstance(item, dict):
                continue
            if item.get("type") == "UserMessage" and not summary.first_user_message:
                summary.first_user_message = _user_text(item)
            if turn is not None:
                turn.items.append(item)
        elif kind == "user_message" and not summary.first_user_message:
            summary.first_user_message = _text(payload.get("message")) or ""
        elif kind == "token_count":
            info = payload.get("info")
            if isinstance(info, dict):
                total = info.get("total_token_usage")
                if isinstance(total, dict) and isinstance(total.get("total_tokens"), int):
                    summary.tokens_used = total["total_tokens"]
        elif kind == "thread_goal_updated" and not summary.goal_objective:
            goal = payload.get("goal")
            if isinstance(goal, dict):
                summary.goal_objective = _text(goal.get("objective")) or ""
        elif kind == "thread_name_updated":
            summary.name = _text(payload.get("thread_name"))
    summary.last_timestamp_ms = parse_timestamp_ms(last_timestamp)
    summary.turns = [builder.build(summary.meta.id) for builder in turns.values()]
    return summary
