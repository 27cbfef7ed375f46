"""What the memory pipeline needs from the app server, as small typed interfaces.

``spindle_memories`` never imports the server. The server hands the pipeline:

- a :class:`StageOneModel`: one model call through the same Responses client turns use,
  with strict-schema JSON output; it returns the output text;
- a :class:`ConsolidationAgent`: runs one consolidation agent thread to its end.

The consolidation thread must be what :class:`ConsolidationRequest` describes: a real,
ephemeral spindle thread with ``threadSource`` ``memory_consolidation``, cwd the memories
folder, approval policy ``never``, a workspace-write sandbox whose only writable root is the
memories folder (no network, no temp folders), memories and collaboration tools off, and
the prompt sent as its first user input. The pipeline heartbeats its lease while the agent
runs; when the lease is lost it cancels the awaiting task, and the implementation must then
interrupt and close the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol

from spindle_protocol import models as m

CONSOLIDATION_THREAD_SOURCE: Final = "memory_consolidation"


@dataclass(frozen=True, slots=True, kw_only=True)
class StageOneRequest:
    """One phase-1 model call.

    ``model`` is ``[memories] extract_model`` (None: the provider's choice for memory
    extraction, e.g. the thread's model); ``instructions`` go in the request's
    ``instructions``, ``input_text`` is the single user message, and ``output_schema`` is
    sent as a strict JSON-schema text format named ``schema_name``.
    """

    thread_id: str
    model: str | None
    reasoning_effort: str
    instructions: str
    input_text: str
    output_schema: dict[str, Any]
    schema_name: str


class StageOneModel(Protocol):
    """Runs one phase-1 request and returns the model's output text (the JSON object).
    Raising is a job failure (backoff and retry)."""

    async def __call__(self, request: StageOneRequest) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsolidationRequest:
    """One consolidation agent run (see the module docstring for the thread it must be)."""

    memory_root: Path
    prompt: str
    model: str | None
    reasoning_effort: str
    thread_source: str = CONSOLIDATION_THREAD_SOURCE
    writable_roots: tuple[Path, ...] = field(default_factory=tuple)
    network_access: bool = False
    approval_policy: str = "never"
    ephemeral: bool = True

    def sandbox_policy(self) -> m.SandboxPolicyWorkspaceWrite:
        """The thread's sandbox: write access to the memories folder only, no network,
        neither ``$TMPDIR`` nor ``/tmp`` writable."""
        return m.SandboxPolicyWorkspaceWrite(
            writable_roots=[str(root) for root in self.writable_roots or (self.memory_root,)],
            network_access=self.network_access,
            exclude_tmpdir_env_var=True,
            exclude_slash_tmp=True,
        )


@dataclass(frozen=True, slots=True)
class ConsolidationResult:
    """How the agent run ended: ``completed`` only when its turn completed normally."""

    completed: bool
    thread_id: str | None = None
    error: str | None = None


class ConsolidationAgent(Protocol):
    """Runs the consolidation agent thread until its turn ends, then closes it."""

    async def __call__(self, request: ConsolidationRequest) -> ConsolidationResult: ...
