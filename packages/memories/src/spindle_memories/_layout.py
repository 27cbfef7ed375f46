"""The files phase 2 writes into the memories folder before the consolidation agent runs.

Layout of ``<home>/memories/``::

    raw_memories.md               every selected phase-1 raw memory, by thread id
    rollout_summaries/<stem>.md   one summary per selected thread (stale files pruned)
    MEMORY.md, memory_summary.md  written by the consolidation agent
    extensions/<name>/            optional sources: instructions.md, resources/
    extensions/ad_hoc/notes/      notes the user asked to keep
    phase2_workspace_diff.md      the diff handed to the agent (never committed)

A summary's file stem is ``<%Y-%m-%dT%H-%M-%S>-<4 base62 chars>[-<slug>]``: the time comes
from the thread id when it is a UUIDv7 (else from the rollout version), the four characters
from the id's low 32 bits, the slug from the model (lowercase alphanumerics, everything
else ``_``, at most 60 characters, trailing ``_`` removed).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from spindle_state import Stage1Output

log = logging.getLogger("spindle_memories.layout")

RAW_MEMORIES_FILENAME: Final = "raw_memories.md"
ROLLOUT_SUMMARIES_DIR: Final = "rollout_summaries"
EXTENSIONS_DIR: Final = "extensions"
MEMORY_FILENAME: Final = "MEMORY.md"
MEMORY_SUMMARY_FILENAME: Final = "memory_summary.md"
EXTENSION_RESOURCE_RETENTION_DAYS: Final = 7

_STEM_TIME_FORMAT: Final = "%Y-%m-%dT%H-%M-%S"
_BASE62: Final = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SHORT_HASH_SPACE: Final = 62**4
_SLUG_MAX: Final = 60


@dataclass(frozen=True, slots=True)
class ConsolidationInput:
    """One selected phase-1 output with the thread facts its files show."""

    output: Stage1Output
    cwd: str
    rollout_path: str
    git_branch: str | None = None

    @property
    def thread_id(self) -> str:
        return self.output.thread_id

    @property
    def summary_file(self) -> str:
        """``<stem>.md`` under ``rollout_summaries/``."""
        return f"{rollout_summary_file_stem(self.output)}.md"


@dataclass(frozen=True, slots=True)
class RemovedResource:
    extension: str
    resource_path: str


def rfc3339(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def _stem_time_and_seed(thread_id: str, source_updated_at: int) -> tuple[datetime, int]:
    try:
        parsed = uuid.UUID(thread_id)
    except ValueError:
        seed = 0
        for byte in thread_id.encode():
            seed = (seed * 31 + byte) & 0xFFFFFFFF
        return datetime.fromtimestamp(source_updated_at, UTC), seed
    seed = parsed.int & 0xFFFFFFFF
    if parsed.version == 7:
        return datetime.fromtimestamp((parsed.int >> 80) / 1000, UTC), seed
    return datetime.fromtimestamp(source_updated_at, UTC), seed


def rollout_summary_file_stem(output: Stage1Output) -> str:
    """The summary file stem of an output (see the module docstring)."""
    moment, seed = _stem_time_and_seed(output.thread_id, output.source_updated_at)
    value = seed % _SHORT_HASH_SPACE
    chars = []
    for _ in range(4):
        chars.append(_BASE62[value % 62])
        value //= 62
    prefix = f"{moment.strftime(_STEM_TIME_FORMAT)}-{''.join(reversed(chars))}"
    if not output.rollout_slug:
        return prefix
    slug = "".join(
        ch.lower() if ch.isascii() and ch.isalnum() else "_" for ch in output.rollout_slug
    )[:_SLUG_MAX].rstrip("_")
    return f"{prefix}-{slug}" if slug else prefix


def ensure_layout(root: Path) -> None:
    (root / ROLLOUT_SUMMARIES_DIR).mkdir(parents=True, exist_ok=True)


def sync_rollout_summaries(root: Path, inputs: Sequence[ConsolidationInput]) -> None:
    """Write one summary file per input and delete every other ``*.md`` summary."""
    ensure_layout(root)
    directory = root / ROLLOUT_SUMMARIES_DIR
    keep = {item.summary_file for item in inputs}
    for path in directory.iterdir():
        if path.name.endswith(".md") and path.name not in keep:
            path.unlink(missing_ok=True)
    for item in inputs:
        lines = [
            f"thread_id: {item.thread_id}",
            f"updated_at: {rfc3339(item.output.source_updated_at)}",
            f"rollout_path: {item.rollout_path}",
            f"cwd: {item.cwd}",
        ]
        if item.git_branch:
            lines.append(f"git_branch: {item.git_branch}")
        body = "\n".join(lines) + "\n\n" + item.output.rollout_summary + "\n"
        _write_if_changed(directory / item.summary_file, body)


def rebuild_raw_memories(root: Path, inputs: Sequence[ConsolidationInput]) -> None:
    """Rewrite ``raw_memories.md`` from the inputs, in ascending thread-id order."""
    ensure_layout(root)
    body = "# Raw Memories\n\n"
    if not inputs:
        body += "No raw memories yet.\n"
    else:
        body += "Merged stage-1 raw memories (stable ascending thread-id order):\n\n"
        for item in sorted(inputs, key=lambda entry: entry.thread_id):
            body += (
                f"## Thread `{item.thread_id}`\n"
                f"updated_at: {rfc3339(item.output.source_updated_at)}\n"
                f"cwd: {item.cwd}\n"
                f"rollout_path: {item.rollout_path}\n"
                f"rollout_summary_file: {item.summary_file}\n\n"
                f"{item.output.raw_memory.strip()}\n\n"
            )
    _write_if_changed(root / RAW_MEMORIES_FILENAME, body)


def prune_extension_resources(root: Path, *, now: datetime | None = None) -> list[RemovedResource]:
    """Delete ``extensions/<name>/resources/<timestamp>*.md`` files at least 7 days old
    (only in extensions that have an ``instructions.md``); returns what was removed."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=EXTENSION_RESOURCE_RETENTION_DAYS)
    removed: list[RemovedResource] = []
    extensions = root / EXTENSIONS_DIR
    if not extensions.is_dir():
        return removed
    for extension in sorted(extensions.iterdir()):
        if not extension.is_dir() or not (extension / "instructions.md").exists():
            continue
        resources = extension / "resources"
        if not resources.is_dir():
            continue
        for resource in sorted(resources.iterdir()):
            if not resource.is_file() or not resource.name.endswith(".md"):
                continue
            try:
                stamp = datetime.strptime(resource.name[:19], _STEM_TIME_FORMAT).replace(tzinfo=UTC)
            except ValueError:
                continue
            if stamp > cutoff:
                continue
            try:
                resource.unlink()
            except OSError as error:
                log.warning("could not prune memory extension resource %s: %s", resource, error)
                continue
            removed.append(RemovedResource(extension.name, f"resources/{resource.name}"))
    return removed


def _write_if_changed(path: Path, body: str) -> None:
    # Rewriting identical bytes is harmless for the diff; skipping it keeps mtimes stable.
    try:
        if path.read_bytes() == body.encode():
            return
    except OSError:
        pass
    path.write_text(body, encoding="utf-8", newline="")
