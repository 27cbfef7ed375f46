"""``thread/shellCommand``: a command the user runs in the thread, recorded for the model.

As the reference, it runs in a turn of its own: a ``commandExecution`` item with source
``userShell`` streams its output, and the model later reads a ``<user_shell_command>``
message with the command, its exit code, duration and output. Unlike the reference (which
runs it with full access), spindle runs it under the thread's sandbox policy, like the
model's commands: a sandboxed policy never runs anything unsandboxed. The process gets its
own process group, killed on timeout, interrupt or shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import uuid
from typing import Any

from spindle_sandbox import (
    PreparedCommand,
    SandboxError,
    SpawnedProcess,
    create_subprocess_exec,
    prepare_command,
)

from .._threads import input_message
from ..tools import ToolContext
from ..tools._command_actions import parse_command_actions
from ..tools._exec_runtime import CommandItem, DeltaStream, command_env, default_shell
from ._state import TurnState

__all__ = ["DEFAULT_TIMEOUT_MS", "run_user_shell"]

JSON = dict[str, Any]

DEFAULT_TIMEOUT_MS = 3_600_000
"""The reference's default: one hour."""

OUTPUT_CAP = 1024 * 1024


def _model_message(command: str, exit_code: int, duration_s: float, output: str) -> JSON:
    text = (
        "<user_shell_command>\n"
        f"<command>\n{command}\n</command>\n"
        "<result>\n"
        f"Exit code: {exit_code}\n"
        f"Duration: {duration_s:.4f} seconds\n"
        f"Output:\n{output}\n"
        "</result>\n"
        "</user_shell_command>"
    )
    return input_message(text)


async def _kill_group(process: SpawnedProcess) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        await process.wait()


async def run_user_shell(
    state: TurnState, ctx: ToolContext, command: str, timeout_ms: int | None
) -> None:
    """Run ``command`` through the thread's shell under its sandbox policy, to the end."""
    thread = state.thread
    settings = state.settings
    argv = [default_shell(), "-lc", command]
    item = CommandItem(
        item_id=str(uuid.uuid4()),
        argv=argv,
        cwd=settings.cwd,
        actions=parse_command_actions(argv, settings.cwd),
        source="userShell",
    )
    await item.start(ctx)
    env = command_env(thread.id)
    policy = settings.policy
    started = time.monotonic()
    try:
        prepared = (
            PreparedCommand(argv=argv, env=env, backend="none")
            if policy["type"] in ("dangerFullAccess", "externalSandbox")
            else prepare_command(argv, policy, cwd=settings.cwd, env=env)
        )
        process = await create_subprocess_exec(
            *prepared.argv,
            restriction=prepared.restriction,
            cwd=settings.cwd,
            env=prepared.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
    except SandboxError as exc:
        # Fail closed: nothing runs, the user and the model are told why.
        message = f"sandbox unavailable, command not run: {exc}"
        await item.complete(ctx, status="failed", output=message, exit_code=-1, duration_ms=0)
        await _record_for_model(state, command, exit_code=-1, duration_s=0.0, output=message)
        return
    deltas = DeltaStream(ctx, item.item_id)
    kept = bytearray()
    timeout_s = (DEFAULT_TIMEOUT_MS if timeout_ms is None else max(0, timeout_ms)) / 1000

    async def pump() -> None:
        assert process.stdout is not None
        while chunk := await process.stdout.read(8192):
            if len(kept) < OUTPUT_CAP:
                kept.extend(chunk[: OUTPUT_CAP - len(kept)])
            await deltas.feed(chunk)
        await process.wait()

    timed_out = False
    try:
        await asyncio.wait_for(pump(), timeout=timeout_s)
    except TimeoutError:
        timed_out = True
    finally:
        # Interrupt, shutdown or timeout: the whole group goes, no child survives.
        await _kill_group(process)
    await deltas.flush()
    duration = time.monotonic() - started
    output = kept.decode("utf-8", "replace")
    exit_code = 124 if timed_out else (process.returncode or 0)
    if process.returncode is not None and process.returncode < 0 and not timed_out:
        exit_code = 128 - process.returncode
    status = "completed" if exit_code == 0 else "failed"
    await item.complete(
        ctx, status=status, output=output, exit_code=exit_code, duration_ms=int(duration * 1000)
    )
    await _record_for_model(state, command, exit_code, duration, output)


async def _record_for_model(
    state: TurnState, command: str, exit_code: int, duration_s: float, output: str
) -> None:
    message = _model_message(command, exit_code, duration_s, output)
    state.thread.add_history_item(message, state.turn_id, content_item_kinds=["shell.user_command"])
