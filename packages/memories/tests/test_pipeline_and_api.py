"""The whole pipeline for one startup (prune, phase 1, phase 2) on SQLite and PostgreSQL,
the memory block for new threads, and the package's public surface and layering."""

from __future__ import annotations

import asyncio
import inspect
import time
from pathlib import Path

import pytest
import spindle_memories
from spindle_memories import (
    MEMORY_SUMMARY_TOKEN_LIMIT,
    MemoriesConfig,
    MemoryServices,
    Phase2Status,
    build_memory_instructions,
    memory_status,
    pipeline_report_json,
    run_memory_pipeline,
)
from spindle_state import ClaimOutcome, MemoryStore, StateStore

from packages.memories.tests._support import FakeAgent, FakeModel, make_thread, thread_id

CURRENT = thread_id(999)


@pytest.mark.requirement("R4")
def test_the_pipeline_extracts_consolidates_and_then_cools_down(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    make_thread(state, home, 999, age_hours=0)
    # Real wall-clock ages: the pipeline runs on the current time.
    now_ms = time.time_ns() // 1_000_000
    ids = [make_thread(state, home, n, age_hours=6 + n, now_ms=now_ms) for n in range(1, 4)]
    services = MemoryServices(state, mem, FakeModel(), FakeAgent(), home)
    report = asyncio.run(
        run_memory_pipeline(services, current_thread_id=CURRENT, config=MemoriesConfig())
    )
    assert report.pruned == 0
    assert [a.thread_id for a in report.phase1.attempts] == ids[:2]
    assert report.phase2.status is Phase2Status.SUCCEEDED
    assert report.phase2.selected == sorted(ids[:2])
    root = services.root
    assert (root / "MEMORY.md").is_file() and (root / "raw_memories.md").is_file()
    data = pipeline_report_json(report)
    assert [c["outcome"] for c in data["phase1"]["claims"]] == ["Claimed", "Claimed"]
    assert data["phase2"]["status"] == "succeeded" and data["phase2"]["outcome"] == "Claimed"
    assert {"status": "A", "path": "raw_memories.md"} in data["phase2"]["changes"]
    status = memory_status(mem)
    assert status["stage1Outputs"] == 2 and status["selectedForPhase2"] == 2
    assert {(j["kind"], j["status"], j["lease"]) for j in status["jobs"]} == {
        ("memory_stage1", "done", None),
        ("memory_consolidate_global", "done", None),
    }
    again = asyncio.run(run_memory_pipeline(services, current_thread_id=CURRENT))
    assert [a.thread_id for a in again.phase1.attempts if a.outcome is ClaimOutcome.CLAIMED] == [
        ids[2]
    ]
    assert again.phase2.outcome is ClaimOutcome.SKIPPED_COOLDOWN


@pytest.mark.requirement("R4")
def test_new_threads_get_the_memory_summary_block(tmp_path: Path) -> None:
    root = tmp_path / "memories"
    assert build_memory_instructions(root) is None
    root.mkdir()
    (root / "memory_summary.md").write_text("   \n")
    assert build_memory_instructions(root) is None
    (root / "memory_summary.md").write_text("v1\nThe user builds with uv.\n")
    block = build_memory_instructions(root)
    assert block is not None and block.startswith("## Memory\n")
    assert "MEMORY_SUMMARY BEGINS\nv1\nThe user builds with uv.\nMEMORY_SUMMARY ENDS" in block
    assert "<oai-mem-citation>" in block and str(root) in block
    (root / "memory_summary.md").write_text("v1\n" + "word " * 10_000 + "END")
    capped = build_memory_instructions(root)
    assert capped is not None and "tokens truncated" in capped and "END" in capped
    summary = capped.split("MEMORY_SUMMARY BEGINS\n")[1].split("\nMEMORY_SUMMARY ENDS")[0]
    assert len(summary.encode()) <= MEMORY_SUMMARY_TOKEN_LIMIT * 4 + 40


def test_all_is_sorted_unique_and_importable() -> None:
    names = spindle_memories.__all__

    def isort_style(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert names == sorted(names, key=isort_style)
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(spindle_memories, name), name


def test_the_server_facing_api_is_exported() -> None:
    assert {
        "MemoryServices", "StageOneModel", "StageOneRequest", "ConsolidationAgent",
        "ConsolidationRequest", "ConsolidationResult", "run_memory_pipeline",
        "build_memory_instructions", "record_citations", "MemoriesConfig",
        "run_memory_startup", "MemoryStartupConfig",
    } <= set(spindle_memories.__all__)  # fmt: skip
    assert inspect.iscoroutinefunction(spindle_memories.run_memory_pipeline)


def test_no_import_of_the_app_server() -> None:
    source_root = Path(spindle_memories.__file__).parent
    for path in source_root.rglob("*.py"):
        text = path.read_text()
        assert "spindle_app_server" not in text, path
        assert "import subprocess" not in text, path  # git goes through dulwich only
