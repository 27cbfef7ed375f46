"""Helpers for the memories suite: threads with rollout files in a real state store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spindle_state import NewThread, StateStore

HOUR_MS = 60 * 60 * 1000
DAY_MS = 24 * HOUR_MS
NOW_MS = 1_800_000_000_000


def thread_id(n: int) -> str:
    return f"01a2241e-0000-7000-8000-{n:012d}"


def message(role: str, text: str) -> dict[str, Any]:
    kind = "output_text" if role == "assistant" else "input_text"
    return {"type": "message", "role": role, "content": [{"type": kind, "text": text}]}


def write_rollout(path: Path, tid: str, items: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        {
            "timestamp": "2026-01-01T00:00:00.000Z",
            "ordinal": 0,
            "type": "session_meta",
            "payload": {"id": tid, "cwd": "/work", "source": "vscode"},
        }
    ]
    for ordinal, item in enumerate(items, start=1):
        lines.append(
            {
                "timestamp": "2026-01-01T00:00:01.000Z",
                "ordinal": ordinal,
                "type": "response_item",
                "payload": item,
            }
        )
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def make_thread(
    state: StateStore,
    home: Path,
    n: int,
    *,
    age_hours: float,
    items: list[dict[str, Any]] | None = None,
    now_ms: int = NOW_MS,
    **fields: Any,
) -> str:
    """A listed thread updated ``age_hours`` before ``now_ms``, with a rollout file."""
    tid = thread_id(n)
    rollout = home / "sessions" / f"rollout-{tid}.jsonl"
    write_rollout(rollout, tid, items if items is not None else [message("user", f"task {n}")])
    stamp = now_ms - int(age_hours * HOUR_MS)
    values: dict[str, Any] = {
        "rollout_path": str(rollout),
        "preview": f"task {n}",
        "cwd": f"/work/{n}",
        "created_at_ms": stamp,
        "updated_at_ms": stamp,
    }
    values.update(fields)
    state.create_thread(NewThread(id=tid, **values))
    return tid


class FakeModel:
    """A StageOneModel: answers each request with JSON (or raises), records requests, and
    tracks how many calls run at once."""

    def __init__(
        self,
        answers: dict[str, Any] | None = None,
        *,
        delay: float = 0.0,
        hook: Any = None,
    ) -> None:
        self.answers = answers or {}
        self.delay = delay
        self.hook = hook
        self.requests: list[Any] = []
        self.running = 0
        self.max_running = 0

    async def __call__(self, request: Any) -> str:
        import asyncio

        self.requests.append(request)
        self.running += 1
        self.max_running = max(self.max_running, self.running)
        try:
            if self.hook is not None:
                await self.hook(request)
            if self.delay:
                await asyncio.sleep(self.delay)
            answer = self.answers.get(request.thread_id)
            if isinstance(answer, BaseException):
                raise answer
            if isinstance(answer, str):
                return answer
            if answer is None:
                answer = {
                    "raw_memory": f"## Task\n- raw for {request.thread_id}",
                    "rollout_summary": f"summary of {request.thread_id}",
                    "rollout_slug": "some_task",
                }
            return json.dumps(answer)
        finally:
            self.running -= 1


class FakeAgent:
    """A ConsolidationAgent that edits the memories folder like the real one would: it
    reads the diff file it was pointed at, then writes MEMORY.md and memory_summary.md."""

    def __init__(
        self,
        *,
        summary_first_line: str = "v1",
        completed: bool = True,
        delay: float = 0.0,
        hook: Any = None,
    ) -> None:
        self.summary_first_line = summary_first_line
        self.completed = completed
        self.delay = delay
        self.hook = hook
        self.requests: list[Any] = []
        self.diffs: list[str] = []
        self.cancelled = False

    async def __call__(self, request: Any) -> Any:
        import asyncio

        from spindle_memories import WORKSPACE_DIFF_FILENAME, ConsolidationResult

        self.requests.append(request)
        root: Path = request.memory_root
        self.diffs.append((root / WORKSPACE_DIFF_FILENAME).read_text())
        try:
            if self.hook is not None:
                await self.hook(request)
            if self.delay:
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        raw = (root / "raw_memories.md").read_text()
        (root / "MEMORY.md").write_text(f"# Task Group: all\n\n{raw}")
        (root / "memory_summary.md").write_text(f"{self.summary_first_line}\nUser likes uv.\n")
        return ConsolidationResult(completed=self.completed, thread_id="agent-thread")


def cancel_once_started(run: Any, started: Any) -> None:
    """Run the coroutine ``run``; once the event ``started`` is set (within 30 s), cancel
    it and check that the cancellation propagated out of it."""
    import asyncio

    async def go() -> None:
        task = asyncio.ensure_future(run)
        await asyncio.wait_for(started.wait(), 30)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return
        raise AssertionError("the cancelled run returned normally")

    asyncio.run(go())
