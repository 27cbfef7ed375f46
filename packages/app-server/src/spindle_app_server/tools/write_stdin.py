"""``write_stdin``: write to (or poll) a running unified exec session.

The output since the previous read comes back in the same text format as
``exec_command``; a write emits ``item/commandExecution/terminalInteraction`` for the
session's original item. That item streams its own deltas and completes when the process
ends (see ``_exec_runtime``); a poll that sees the exit returns after the completion.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from .._threads import now_ms
from .._turn_events import TerminalInteraction
from . import _specs
from ._exec_output import format_exec_response, model_output_policy, new_chunk_id
from ._exec_runtime import CommandItem, DeltaStream, UnifiedExecError, process_manager
from ._tool_registry import REGISTRY, ToolContext, ToolError, ToolsConfig

__all__ = ["WriteStdinTool"]

JSON = dict[str, Any]


class WriteStdinTool:
    name = "write_stdin"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return _specs.write_stdin_spec()

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        session_id = args.get("session_id")
        if isinstance(session_id, bool) or not isinstance(session_id, int | float):
            raise ToolError("failed to parse function arguments: missing field `session_id`")
        session = int(session_id)
        chars = args.get("chars", "")
        if not isinstance(chars, str):
            raise ToolError("failed to parse function arguments: invalid type: expected a string")
        yield_time = args.get("yield_time_ms")
        max_tokens = args.get("max_output_tokens")
        item: CommandItem | None = ctx.thread.running_commands.get(session)
        if item is not None and chars:
            await ctx.emit(TerminalInteraction(item.item_id, str(session), chars))
        # A session started by exec_command streams on its own; only others stream per call.
        deltas = (
            DeltaStream(ctx, item.item_id) if item is not None and item.watcher is None else None
        )
        started = time.monotonic()
        try:
            result = await process_manager(ctx.thread).write_stdin(
                session,
                chars,
                yield_time_ms=int(yield_time) if isinstance(yield_time, int | float) else None,
                on_output=deltas.feed if deltas is not None else None,
            )
        except UnifiedExecError as exc:
            raise ToolError(f"write_stdin failed: {exc}") from exc
        if deltas is not None:
            await deltas.flush()
        if item is not None and item.watcher is not None and not result.running:
            await asyncio.shield(item.watcher)
        elif item is not None and not result.running and result.exit_code is not None:
            ctx.thread.running_commands.pop(session, None)
            await item.complete(
                ctx,
                status="completed" if result.exit_code == 0 else "failed",
                output=result.output.decode("utf-8", "replace"),
                exit_code=result.exit_code,
                duration_ms=max(0, now_ms() - item.started_ms),
            )
        return format_exec_response(
            chunk_id=new_chunk_id(),
            wall_time_s=time.monotonic() - started,
            exit_code=result.exit_code,
            session_id=session if result.running else None,
            output=result.output,
            omitted_bytes=result.omitted_bytes,
            max_tokens=model_output_policy(
                int(max_tokens) if isinstance(max_tokens, int | float) else None
            ),
        )


REGISTRY.register(WriteStdinTool())
