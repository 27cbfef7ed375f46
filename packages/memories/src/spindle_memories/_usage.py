"""Memory citations in a turn's output, turned into usage counts.

The memory instructions ask the model to cite a past conversation as
``<oai-mem-citation>rollout_summaries/FILE.md</oai-mem-citation>``. After a turn the server
passes the assistant text here; every cited summary file names its thread (its
``thread_id:`` header line), and each cited thread's stage-1 output gets
``usage_count + 1`` and ``last_usage = now``, which ranks it higher in the next
consolidation and keeps it from being pruned.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from spindle_state import MemoryStore

from spindle_memories._layout import ROLLOUT_SUMMARIES_DIR

_CITATION: Final = re.compile(r"<oai-mem-citation>(.*?)</oai-mem-citation>", re.DOTALL)
_SUMMARY_FILE: Final = re.compile(rf"{ROLLOUT_SUMMARIES_DIR}/([A-Za-z0-9_.-]+\.md)")


def cited_summary_files(text: str) -> list[str]:
    """Summary file names cited in ``text``, in order of first citation."""
    found: list[str] = []
    for block in _CITATION.findall(text):
        for name in _SUMMARY_FILE.findall(block):
            if name not in found:
                found.append(name)
    return found


def cited_thread_ids(text: str, root: Path) -> list[str]:
    """Thread ids of the summary files cited in ``text`` (files that no longer exist, or
    have no ``thread_id:`` header, are skipped)."""
    ids: list[str] = []
    for name in cited_summary_files(text):
        try:
            with (root / ROLLOUT_SUMMARIES_DIR / name).open(
                encoding="utf-8", errors="replace"
            ) as handle:
                first = handle.readline()
        except OSError:
            continue
        if first.startswith("thread_id:"):
            thread_id = first.split(":", 1)[1].strip()
            if thread_id and thread_id not in ids:
                ids.append(thread_id)
    return ids


def record_citations(
    memories: MemoryStore, text: str, root: Path, *, now: int | None = None
) -> list[str]:
    """Count the citations in ``text`` as uses; returns the cited thread ids."""
    ids = cited_thread_ids(text, root)
    if ids:
        memories.record_stage1_usage(ids, now=now)
    return ids
