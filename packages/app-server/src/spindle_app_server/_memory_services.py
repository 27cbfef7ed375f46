"""What the memory pipeline runs on in this server: its model call and its agent runner.

``spindle_memories`` never imports the server; it is handed two small callables:

- :class:`ServerStageOneModel` (a ``StageOneModel``): one phase-1 request through the same
  Responses client and provider as the triggering thread's turns, with the request's
  instructions, its single user message and a strict JSON-schema output format named by the
  request; returns the output text. Retryable provider failures are retried a few times before the job fails.
- :class:`ServerConsolidationAgent` (a ``ConsolidationAgent``): a real, ephemeral spindle
  thread with ``threadSource: "memory_consolidation"``, cwd the memories folder, approval
  ``never`` and the request's sandbox policy (write access to the memories folder only, no
  network, no temporary folders). It never gets a memory block, and the multi-agent tools are
  off for it (see ``agents.offers_multi_agent``); goal tools are hidden because it is
  ephemeral. The prompt is its first user input and the turn is awaited to its end. When the
  pipeline cancels the call (a lost lease, shutdown), the running turn is interrupted and the
  thread closed before the cancellation propagates.

Both read the triggering thread's live settings (provider, model, originator) from a
:class:`MemoryRunSettings` the trigger sets before each run.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spindle_memories import ConsolidationRequest, ConsolidationResult, StageOneRequest
from spindle_protocol import to_wire

from ._ids import uuid7
from ._model_client import ModelError, ModelRequest, TextItemDone
from ._threads import ActiveTurn, LoadedThread, ThreadSettings, now_ms
from ._version import CLI_VERSION
from ._wire import ThreadView

if TYPE_CHECKING:
    from ._server import AppServer

__all__ = [
    "MemoryRunSettings",
    "MemoryRunSlot",
    "ServerConsolidationAgent",
    "ServerStageOneModel",
]

log = logging.getLogger("spindle_app_server.memory")

# Phase-1 calls retried on a retryable provider failure (429, 5xx, a broken stream).
STAGE_ONE_ATTEMPTS = 3
STAGE_ONE_BACKOFF_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class MemoryRunSettings:
    """The triggering thread's live settings at the moment a pipeline run started."""

    thread_id: str | None
    model: str
    model_provider: str
    originator: str = "spindle"


class MemoryRunSlot:
    """The settings of the run in progress (at most one run per process at a time)."""

    def __init__(self, settings: MemoryRunSettings) -> None:
        self.current = settings


class ServerStageOneModel:
    """One phase-1 model call through the server's Responses client."""

    def __init__(self, server: AppServer, run: MemoryRunSlot) -> None:
        self._server = server
        self._run = run

    async def __call__(self, request: StageOneRequest) -> str:
        run = self._run.current
        client = self._server.model_client(run.model_provider, run.originator)
        model = request.model or run.model
        items: list[dict[str, Any]] = [
            {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": request.input_text}],
            }
        ]
        headers = {"session-id": request.thread_id, "x-client-request-id": request.thread_id}
        for attempt in range(1, STAGE_ONE_ATTEMPTS + 1):
            texts: list[str] = []
            try:
                async for event in client.stream(
                    model=model,
                    input_items=items,
                    reasoning_effort=request.reasoning_effort,
                    headers=headers,
                    output_schema=request.output_schema,
                    output_schema_name=request.schema_name,
                    request=ModelRequest(instructions=request.instructions),
                ):
                    if isinstance(event, TextItemDone):
                        texts.append(event.text)
            except ModelError as error:
                if not error.retryable or attempt == STAGE_ONE_ATTEMPTS:
                    raise
                log.info(
                    "memory phase 1 model call for %s failed (%s); retry %d/%d",
                    request.thread_id,
                    error.message,
                    attempt,
                    STAGE_ONE_ATTEMPTS - 1,
                )
                await asyncio.sleep(STAGE_ONE_BACKOFF_SECONDS * 2 ** (attempt - 1))
                continue
            return "".join(texts)
        raise AssertionError("unreachable")  # pragma: no cover


class ServerConsolidationAgent:
    """Runs the consolidation agent as an ephemeral spindle thread of this server."""

    def __init__(self, server: AppServer, run: MemoryRunSlot) -> None:
        self._server = server
        self._run = run
        # Consolidation threads running now (closed when their call ends, however it ends).
        self.running: dict[str, LoadedThread] = {}

    def new_thread(self, request: ConsolidationRequest) -> LoadedThread:
        """The consolidation thread the request describes (not started)."""
        run = self._run.current
        root = str(request.memory_root)
        policy = to_wire(request.sandbox_policy())
        settings = ThreadSettings(
            model=request.model or run.model,
            model_provider=run.model_provider,
            reasoning_effort=request.reasoning_effort,
            cwd=root,
            approval_policy=request.approval_policy,
            sandbox_mode="workspace-write",
            explicit_sandbox=True,
            sandbox_policy=policy,
        )
        created = now_ms()
        thread_id = uuid7()
        view = ThreadView(
            id=thread_id,
            created_at=created // 1000,
            updated_at=created // 1000,
            recency_at=created // 1000,
            cwd=root,
            model_provider=settings.model_provider,
            model=settings.model,
            reasoning_effort=settings.reasoning_effort,
            path=None,
            cli_version=CLI_VERSION,
            originator=run.originator,
            thread_source=request.thread_source,
            ephemeral=request.ephemeral,
            status={"type": "idle"},
            loaded=True,
        )
        return LoadedThread(
            view=view,
            settings=settings,
            created_at_ms=created,
            rollout_path=Path(root) / ".consolidation-rollout.jsonl",  # never written
            materialized=False,
        )

    async def __call__(self, request: ConsolidationRequest) -> ConsolidationResult:
        server = self._server
        thread = self.new_thread(request)
        active = ActiveTurn.starting_now()
        thread.active = active
        self.running[thread.id] = thread
        content = [{"type": "text", "text": request.prompt, "text_elements": []}]
        log.info(
            "memory consolidation agent started thread_id=%s model=%s cwd=%s",
            thread.id,
            thread.settings.model,
            thread.settings.cwd,
        )
        try:
            server.start_turn(thread, active, content, None)
            task = active.task
            assert task is not None
            # asyncio.wait, not await: a cancellation of this call must not reach the turn
            # as a foreign cancellation; it is turned into an interrupt below.
            await asyncio.wait({task})
        except asyncio.CancelledError:
            await self._interrupt(thread, active)
            raise
        finally:
            await self._close(thread)
        record = thread.turns[-1] if thread.turns else None
        status = record.status if record is not None else "failed"
        error = None
        if record is not None and record.error is not None:
            error = str(record.error.get("message") or record.error)
        log.info("memory consolidation agent thread_id=%s ended: %s", thread.id, status)
        return ConsolidationResult(
            completed=status == "completed",
            thread_id=thread.id,
            error=error if status != "completed" else None,
        )

    async def _interrupt(self, thread: LoadedThread, active: ActiveTurn) -> None:
        task = active.task
        if task is None or task.done():
            return
        log.info("memory consolidation agent thread_id=%s interrupted", thread.id)
        active.interrupt_requested = True
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _close(self, thread: LoadedThread) -> None:
        self.running.pop(thread.id, None)
        try:
            await thread.kill_processes()
        finally:
            thread.close_writer()
            thread.view.status = {"type": "notLoaded"}

    async def stop_all(self) -> None:
        """Interrupt and close every consolidation thread still running (shutdown)."""
        for thread in list(self.running.values()):
            active = thread.active
            if active is not None:
                await self._interrupt(thread, active)
            await self._close(thread)
