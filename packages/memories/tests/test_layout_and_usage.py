"""Summary file names, raw_memories.md and rollout_summaries/ layouts, extension-resource
retention, and citations counted as uses."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from spindle_memories import (
    ConsolidationInput,
    cited_summary_files,
    prune_extension_resources,
    rebuild_raw_memories,
    record_citations,
    rollout_summary_file_stem,
    sync_rollout_summaries,
)
from spindle_state import MemoryStore, Stage1Output

pytestmark = pytest.mark.requirement("R4")

UUID7 = "0194f5a6-89ab-7cde-8123-456789abcdef"


def output(
    thread_id: str = UUID7, slug: str | None = None, src: int = 1_700_000_000
) -> Stage1Output:
    return Stage1Output(
        thread_id=thread_id, source_updated_at=src, raw_memory="  raw notes \n",
        rollout_summary="What happened.", rollout_slug=slug, generated_at=src,
    )  # fmt: skip


def _base62(value: int) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    value %= 62**4
    out = ""
    for _ in range(4):
        out = alphabet[value % 62] + out
        value //= 62
    return out


def test_stem_uses_the_uuid7_time_and_a_base62_hash() -> None:
    millis = int(UUID7.replace("-", "")[:12], 16)
    moment = datetime.fromtimestamp(millis / 1000, UTC).strftime("%Y-%m-%dT%H-%M-%S")
    suffix = _base62(int(UUID7.replace("-", ""), 16) & 0xFFFFFFFF)
    assert rollout_summary_file_stem(output()) == f"{moment}-{suffix}"


def test_stem_slug_rules() -> None:
    stem = rollout_summary_file_stem(output(slug="Fix Flaky/Login Test!!__"))
    assert stem.endswith("-fix_flaky_login_test")
    long = rollout_summary_file_stem(output(slug="a" * 100))
    assert long.endswith("-" + "a" * 60)
    assert rollout_summary_file_stem(output(slug="___")) == rollout_summary_file_stem(output())
    assert rollout_summary_file_stem(output(slug="café")).endswith("-caf")


def test_stem_of_a_non_v7_id_uses_the_rollout_version() -> None:
    stem = rollout_summary_file_stem(output("not-a-uuid", src=0))
    assert stem.startswith("1970-01-01T00-00-00-")


def test_summaries_are_synced_and_stale_ones_pruned(tmp_path: Path) -> None:
    first = ConsolidationInput(output(), cwd="/w", rollout_path="/r.jsonl", git_branch="main")
    sync_rollout_summaries(tmp_path, [first])
    path = tmp_path / "rollout_summaries" / first.summary_file
    assert path.read_text() == (
        f"thread_id: {UUID7}\nupdated_at: 2023-11-14T22:13:20+00:00\n"
        "rollout_path: /r.jsonl\ncwd: /w\ngit_branch: main\n\nWhat happened.\n"
    )
    (tmp_path / "rollout_summaries" / "keep.txt").write_text("not a summary")
    renamed = ConsolidationInput(output(slug="new"), cwd="/w", rollout_path="/r.jsonl")
    sync_rollout_summaries(tmp_path, [renamed])
    assert sorted(p.name for p in (tmp_path / "rollout_summaries").iterdir()) == sorted(
        [renamed.summary_file, "keep.txt"]
    )


def test_raw_memories_layout(tmp_path: Path) -> None:
    rebuild_raw_memories(tmp_path, [])
    assert (tmp_path / "raw_memories.md").read_text() == "# Raw Memories\n\nNo raw memories yet.\n"
    b = ConsolidationInput(output("b-thread"), cwd="/b", rollout_path="/b.jsonl")
    a = ConsolidationInput(output("a-thread"), cwd="/a", rollout_path="/a.jsonl")
    rebuild_raw_memories(tmp_path, [b, a])
    text = (tmp_path / "raw_memories.md").read_text()
    assert text.startswith(
        "# Raw Memories\n\nMerged stage-1 raw memories (stable ascending thread-id order):\n\n"
        "## Thread `a-thread`\nupdated_at: 2023-11-14T22:13:20+00:00\ncwd: /a\n"
        f"rollout_path: /a.jsonl\nrollout_summary_file: {a.summary_file}\n\nraw notes\n\n"
        "## Thread `b-thread`\n"
    )


def test_extension_resources_older_than_seven_days_are_pruned(tmp_path: Path) -> None:
    now = datetime(2026, 4, 14, 12, tzinfo=UTC)
    resources = tmp_path / "extensions" / "tele" / "resources"
    resources.mkdir(parents=True)
    (tmp_path / "extensions" / "tele" / "instructions.md").write_text("x")
    names = ["2026-04-06T11-59-59-old.md", "2026-04-07T12-00-00-cutoff.md",
             "2026-04-08T12-00-00-recent.md", "not-a-timestamp.md"]  # fmt: skip
    for name in names:
        (resources / name).write_text("r")
    ignored = tmp_path / "extensions" / "ignored" / "resources"
    ignored.mkdir(parents=True)
    (ignored / names[0]).write_text("r")
    removed = prune_extension_resources(tmp_path, now=now)
    assert [(r.extension, r.resource_path) for r in removed] == [
        ("tele", f"resources/{names[0]}"),
        ("tele", f"resources/{names[1]}"),
    ]
    assert sorted(os.listdir(resources)) == names[2:]
    assert (ignored / names[0]).exists()


def test_citations_count_as_uses(tmp_path: Path, mem: MemoryStore) -> None:
    claim = mem.try_claim_stage1_job(
        UUID7, worker_id="w", source_updated_at=10, lease_seconds=60, max_running_jobs=8
    )
    assert claim.ownership_token is not None
    assert mem.mark_stage1_succeeded(
        UUID7, claim.ownership_token, source_updated_at=10, raw_memory="r",
        rollout_summary="s", rollout_slug=None,
    )  # fmt: skip
    item = ConsolidationInput(output(src=10), cwd="/w", rollout_path="/r")
    sync_rollout_summaries(tmp_path, [item])
    text = (
        f"As before <oai-mem-citation>rollout_summaries/{item.summary_file}</oai-mem-citation> "
        "and <oai-mem-citation>rollout_summaries/gone.md</oai-mem-citation>."
    )
    assert cited_summary_files(text) == [item.summary_file, "gone.md"]
    assert record_citations(mem, text, tmp_path, now=123) == [UUID7]
    stored = mem.get_stage1_output(UUID7)
    assert stored is not None and (stored.usage_count, stored.last_usage) == (1, 123)
    assert record_citations(mem, "no citations", tmp_path) == []
