"""Running one command for the model: sandbox, process, live output, the item's lifecycle.

Shared by ``exec_command`` (which also decides approvals) and ``write_stdin``.

As in the reference, a command still running when its call yields goes on streaming its
output deltas, and its item completes (with all its output, 1 MiB head and tail) when the
process ends, whether or not the model polls it with ``write_stdin`` and even after the
turn has ended.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pwd
import shlex
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spindle_sandbox import SandboxError, prepare_command

from .._history import rollout_command_action, rollout_command_source
from .._threads import LoadedThread, now_ms
from .._turn_events import CommandOutputDelta, ItemCompleted, ItemStarted
from ._exec_output import HeadTailBuffer, Utf8Chunker
from ._shell_snapshot import without_login
from ._tool_registry import ToolContext
from ._unified_exec import ExecResult, ExecSpec, ProcessManager, UnifiedExecError

__all__ = [
    "MAX_DELTAS",
    "CommandItem",
    "DeltaStream",
    "RunOutcome",
    "SandboxError",
    "UnifiedExecError",
    "command_env",
    "default_shell",
    "is_sandbox_denial",
    "process_manager",
    "run_command",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]

# The reference stops streaming output deltas of one command after this many.
MAX_DELTAS = 10000

_SANDBOX_DENIAL_MARKERS = (
    "operation not permitted",
    "permission denied",
    "read-only file system",
    "seccomp",
    "sandbox",
    "landlock",
    "failed to write file",
)


def default_shell() -> str:
    """The user's login shell, as the reference launches commands with it."""
    try:
        shell = pwd.getpwuid(os.getuid()).pw_shell
    except KeyError:
        shell = ""
    return shell or os.environ.get("SHELL") or "/bin/bash"


def command_env(thread_id: str, login_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a model command: ours, then the login shell's snapshot if any,
    then the reference's overrides."""
    env = dict(os.environ)
    if login_env is not None:
        env.update(login_env)
    env.update(
        {
            "NO_COLOR": "1",
            "TERM": "dumb",
            "LANG": "C.UTF-8",
            "LC_CTYPE": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "COLORTERM": "",
            "PAGER": "cat",
            "GIT_PAGER": "cat",
            "GH_PAGER": "cat",
            "CODEX_CI": "1",
            "CODEX_THREAD_ID": thread_id,
        }
    )
    return env


def process_manager(thread: LoadedThread) -> ProcessManager:
    if thread.processes is None:
        thread.processes = ProcessManager()
    return thread.processes


def is_sandbox_denial(sandboxed: bool, exit_code: int | None, output: bytes) -> bool:
    """A sandboxed command that failed with a sandbox-looking error (the reference's test)."""
    if not sandboxed or exit_code in (None, 0):
        return False
    text = output.decode("utf-8", "replace").lower()
    return any(marker in text for marker in _SANDBOX_DENIAL_MARKERS)


@dataclass
class CommandItem:
    """The ``commandExecution`` item of one call, as it evolves."""

    item_id: str
    argv: list[str]
    cwd: str
    actions: list[JSON]
    started_ms: int = field(default_factory=now_ms)
    process_id: str | None = None
    source: str = "unifiedExecStartup"
    announced: bool = False
    completed: bool = False
    # Set while the process outlives its first call: its live output and the task that
    # completes the item when it ends.
    deltas: DeltaStream | None = None
    watcher: asyncio.Task[None] | None = None

    def wire(
        self,
        *,
        status: str,
        output: str | None = None,
        exit_code: int | None = None,
        duration_ms: int | None = None,
        completed_ms: int | None = None,
    ) -> JSON:
        return {
            "type": "commandExecution",
            "id": self.item_id,
            "pluginId": None,
            "scriptPath": None,
            "command": shlex.join(self.argv),
            "cwd": self.cwd,
            "processId": self.process_id,
            "source": self.source,
            "status": status,
            "commandActions": self.actions,
            # As the reference: a command that printed nothing has no output at all.
            "aggregatedOutput": output or None,
            "exitCode": exit_code,
            "durationMs": duration_ms,
            "startedAtMs": self.started_ms,
            "completedAtMs": completed_ms,
        }

    async def start(self, ctx: ToolContext) -> None:
        if not self.announced:
            self.announced = True
            await ctx.emit(ItemStarted(self.wire(status="inProgress")))

    async def complete(
        self,
        ctx: ToolContext,
        *,
        status: str,
        output: str | None = None,
        exit_code: int | None = None,
        duration_ms: int | None = None,
    ) -> None:
        """Emit item/completed, once: later calls do nothing."""
        if self.completed:
            return
        self.completed = True
        await self.start(ctx)
        completed = now_ms()
        item = self.wire(
            status=status,
            output=output,
            exit_code=exit_code,
            duration_ms=duration_ms,
            completed_ms=completed,
        )
        await ctx.emit(ItemCompleted(item, rollout=_rollout_item(ctx, item, self.argv)))


def _rollout_item(ctx: ToolContext, item: JSON, argv: list[str]) -> JSON:
    """The rollout's ``item_completed`` line of a finished command (the reference's shape)."""
    duration_ms = item.get("durationMs")
    body: JSON = {
        "type": "CommandExecution",
        "id": item["id"],
        "process_id": item.get("processId"),
        "command": argv,
        "cwd": Path(str(item["cwd"])).as_uri(),
        "parsed_cmd": [rollout_command_action(a) for a in item.get("commandActions") or []],
        "source": rollout_command_source(item.get("source")),
        "status": item["status"],
        "aggregated_output": item.get("aggregatedOutput"),
        "exit_code": item.get("exitCode"),
        "duration": None
        if duration_ms is None
        else {"secs": duration_ms // 1000, "nanos": (duration_ms % 1000) * 1_000_000},
    }
    return {
        "type": "item_completed",
        "thread_id": ctx.thread.id,
        "turn_id": ctx.turn_id,
        "item": body,
        "started_at_ms": item["startedAtMs"],
        "completed_at_ms": item["completedAtMs"],
    }


class DeltaStream:
    """Live output of one command as ``item/commandExecution/outputDelta`` notifications."""

    def __init__(self, ctx: ToolContext, item_id: str) -> None:
        self._ctx = ctx
        self._item_id = item_id
        self._chunker = Utf8Chunker()
        self._sent = 0
        # Everything the command printed, for the item's aggregatedOutput.
        self.output = HeadTailBuffer()

    async def _send(self, chunks: list[str]) -> None:
        for chunk in chunks:
            if self._sent >= MAX_DELTAS or not chunk:
                continue
            self._sent += 1
            await self._ctx.emit(CommandOutputDelta(self._item_id, chunk))

    async def feed(self, data: bytes) -> None:
        self.output.append(data)
        await self._send(self._chunker.feed(data))

    async def flush(self) -> None:
        await self._send(self._chunker.flush())


@dataclass
class RunOutcome:
    result: ExecResult
    sandboxed: bool
    wall_time_s: float


async def run_command(
    ctx: ToolContext,
    item: CommandItem,
    argv: list[str],
    *,
    tty: bool,
    yield_time_ms: int | None,
    bypass_sandbox: bool,
) -> RunOutcome:
    """Spawn ``argv`` under the thread's sandbox policy and wait for the first yield.

    Raises :class:`SandboxError` when the policy needs a sandbox that cannot be set up
    (nothing runs) and :class:`UnifiedExecError` when the process cannot start.
    """
    settings = ctx.thread.settings
    policy = settings.policy
    manager = process_manager(ctx.thread)
    env = command_env(ctx.thread.id)
    plain_argv = without_login(argv)
    if plain_argv is not None:
        # The reference's shell snapshot: the login profile runs once per thread and cwd.
        login_env = await manager.login_environments.get(argv[0], item.cwd, os.environ)
        if login_env is not None:
            argv, env = plain_argv, command_env(ctx.thread.id, login_env)
    sandboxed = False
    restriction = None
    if not bypass_sandbox and policy["type"] not in ("dangerFullAccess", "externalSandbox"):
        prepared = prepare_command(argv, policy, cwd=item.cwd, env=env)
        argv, env = list(prepared.argv), dict(prepared.env)
        restriction = prepared.restriction
        sandboxed = prepared.backend != "none"
    process_id = manager.allocate_process_id()
    item.process_id = str(process_id)
    item.source = "unifiedExecStartup"
    await item.start(ctx)
    deltas = DeltaStream(ctx, item.item_id)
    started = time.monotonic()
    result = await manager.exec_command(
        ExecSpec(argv=argv, cwd=item.cwd, env=env, tty=tty, restriction=restriction),
        yield_time_ms=yield_time_ms,
        on_output=deltas.feed,
        process_id=process_id,
        keep_listening=True,
    )
    if result.running:
        item.deltas = deltas
        item.watcher = asyncio.get_running_loop().create_task(
            _complete_when_ended(ctx, item, manager.wait_ended(process_id), process_id)
        )
    else:
        await deltas.flush()
    return RunOutcome(result, sandboxed, time.monotonic() - started)


async def _complete_when_ended(
    ctx: ToolContext, item: CommandItem, ended: Awaitable[int | None], process_id: int
) -> None:
    """Complete the item of a command that outlived its first call, once it ends."""
    exit_code = await ended
    ctx.thread.running_commands.pop(process_id, None)
    if exit_code is None or item.deltas is None:
        return  # killed with its thread: nothing left to tell
    try:
        await item.deltas.flush()
        output, _ = item.deltas.output.take_marked()
        await item.complete(
            ctx,
            status="completed" if exit_code == 0 else "failed",
            output=output.decode("utf-8", "replace"),
            exit_code=exit_code,
            duration_ms=max(0, now_ms() - item.started_ms),
        )
    except Exception:
        log.exception("completing command item %s failed", item.item_id)
