"""Phase 2 against real stores (SQLite and PostgreSQL), a real dulwich workspace and a fake
consolidation agent that edits files: init, diff content, skip when clean, hand edits,
baseline reset, cooldown, failures, the ownership check before the reset, heartbeats."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from dulwich.repo import Repo
from spindle_memories import (
    CONSOLIDATION_THREAD_SOURCE,
    WORKSPACE_DIFF_FILENAME,
    MemoriesConfig,
    Phase2Report,
    Phase2Status,
    run_phase1,
    run_phase2,
)
from spindle_state import (
    DEFAULT_RETRY_REMAINING,
    JOB_KIND_PHASE2,
    PHASE2_JOB_KEY,
    PHASE2_SUCCESS_COOLDOWN_SECONDS,
    ClaimOutcome,
    MemoryStore,
    StateStore,
)
from sqlalchemy import text

from packages.memories.tests._support import (
    NOW_MS,
    FakeAgent,
    FakeModel,
    cancel_once_started,
    make_thread,
)

pytestmark = pytest.mark.requirement("R4")

NOW = NOW_MS // 1000


def extract(state: StateStore, mem: MemoryStore, home: Path, count: int = 2) -> list[str]:
    ids = [make_thread(state, home, n, age_hours=6 + n) for n in range(1, count + 1)]
    asyncio.run(
        run_phase1(
            state, mem, FakeModel(), worker_id="w", current_thread_id=None,
            config=MemoriesConfig(max_rollouts_per_startup=count), now_ms=NOW_MS,
        )
    )  # fmt: skip
    return ids


def phase2(
    state: StateStore,
    mem: MemoryStore,
    home: Path,
    agent: FakeAgent,
    *,
    now: int = NOW,
    heartbeat: float = 90.0,
    worker: str = "w1",
) -> Phase2Report:
    return asyncio.run(
        run_phase2(
            state, mem, agent, root=home / "memories", worker_id=worker,
            config=MemoriesConfig(), heartbeat_seconds=heartbeat, now=now,
        )
    )  # fmt: skip


def commit_count(root: Path) -> int:
    with Repo(str(root)) as repo:
        return len(list(repo.get_walker()))


def test_first_run_initialises_diffs_runs_the_agent_and_resets_the_baseline(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    ids = extract(state, mem, home)
    root = home / "memories"
    agent = FakeAgent()
    report = phase2(state, mem, home, agent)
    assert (report.outcome, report.status) == (ClaimOutcome.CLAIMED, Phase2Status.SUCCEEDED)
    assert report.selected == sorted(ids)
    # The agent got the diff file: every generated input shows up as added.
    (request,) = agent.requests
    assert request.memory_root == root and request.writable_roots == (root,)
    assert request.thread_source == CONSOLIDATION_THREAD_SOURCE
    assert (request.approval_policy, request.network_access, request.ephemeral) == (
        "never",
        False,
        True,
    )
    assert request.reasoning_effort == "medium"
    policy = request.sandbox_policy().model_dump(by_alias=True, mode="json")
    assert policy == {
        "type": "workspaceWrite",
        "writableRoots": [str(root)],
        "networkAccess": False,
        "excludeTmpdirEnvVar": True,
        "excludeSlashTmp": True,
    }
    assert WORKSPACE_DIFF_FILENAME in request.prompt and str(root) in request.prompt
    diff_text = agent.diffs[0]
    assert diff_text.startswith("# Memory Workspace Diff\n")
    assert "- A raw_memories.md\n" in diff_text
    summaries = sorted(p.name for p in (root / "rollout_summaries").iterdir())
    assert len(summaries) == 2
    for name in summaries:
        assert f"- A rollout_summaries/{name}\n" in diff_text
    assert f"+## Thread `{ids[0]}`" in diff_text
    # Baseline: one commit holding the agent's edits; the diff file is gone.
    assert commit_count(root) == 1
    assert not (root / WORKSPACE_DIFF_FILENAME).exists()
    assert (root / "memory_summary.md").read_text().startswith("v1\n")
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status.value == "done" and job.last_error is None
    # max(claimed watermark, newest selected version); enqueueing bumps old values by one.
    assert job.last_success_watermark == job.input_watermark
    assert job.input_watermark is not None
    assert job.input_watermark >= max(state.get_thread(t).updated_at_ms // 1000 for t in ids)
    flags = {o.thread_id: o.selected_for_phase2 for o in mem.list_stage1_outputs()}
    assert flags == dict.fromkeys(ids, True)


def test_phase2_global_lock_respects_success_cooldown(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    assert phase2(state, mem, home, FakeAgent()).status is Phase2Status.SUCCEEDED
    agent = FakeAgent()
    report = phase2(state, mem, home, agent, now=NOW + 60)
    assert (report.outcome, report.status) == (ClaimOutcome.SKIPPED_COOLDOWN, Phase2Status.SKIPPED)
    assert agent.requests == []


def test_a_clean_workspace_records_success_without_the_agent(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    assert phase2(state, mem, home, FakeAgent()).status is Phase2Status.SUCCEEDED
    later = NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS
    agent = FakeAgent()
    report = phase2(state, mem, home, agent, now=later)
    assert report.outcome is ClaimOutcome.SKIPPED_NOT_DIRTY
    assert report.status is Phase2Status.SUCCEEDED_NO_WORKSPACE_CHANGES
    assert agent.requests == []
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status.value == "done" and job.finished_at is not None


def test_hand_edits_reach_the_agent_in_the_next_diff(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    assert phase2(state, mem, home, FakeAgent()).status is Phase2Status.SUCCEEDED
    root = home / "memories"
    with (root / "MEMORY.md").open("a") as handle:
        handle.write("- the user prefers tabs\n")
    agent = FakeAgent()
    report = phase2(state, mem, home, agent, now=NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS)
    assert report.status is Phase2Status.SUCCEEDED
    assert "- M MEMORY.md\n" in agent.diffs[0]
    assert "+- the user prefers tabs\n" in agent.diffs[0]
    assert "raw_memories.md" not in agent.diffs[0].split("## Diff")[0]


def test_deleted_inputs_show_up_as_deletions(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    ids = extract(state, mem, home)
    assert phase2(state, mem, home, FakeAgent()).status is Phase2Status.SUCCEEDED
    state.delete_thread(ids[0])
    agent = FakeAgent()
    report = phase2(state, mem, home, agent, now=NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS)
    assert report.selected == [ids[1]]
    assert "- D rollout_summaries/" in agent.diffs[0]
    assert "- M raw_memories.md\n" in agent.diffs[0]


def test_an_agent_that_does_not_complete_is_a_recorded_failure(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    root = home / "memories"
    report = phase2(state, mem, home, FakeAgent(completed=False))
    assert report.status is Phase2Status.FAILED_AGENT
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status.value == "error" and job.last_error == "failed_agent"
    assert job.retry_remaining == DEFAULT_RETRY_REMAINING - 1
    # The baseline was not reset: the next run still sees everything as new.
    assert commit_count(root) == 1
    again = phase2(state, mem, home, FakeAgent(), now=NOW + 1)
    assert again.outcome is ClaimOutcome.SKIPPED_RETRY_UNAVAILABLE
    agent = FakeAgent()
    assert phase2(state, mem, home, agent, now=NOW + 3600).status is Phase2Status.SUCCEEDED
    assert "- A raw_memories.md\n" in agent.diffs[0]
    assert "- A MEMORY.md\n" in agent.diffs[0]  # the failed run's edits are part of it


def test_an_agent_that_raises_is_a_recorded_failure(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)

    async def boom(request: Any) -> None:
        raise RuntimeError("thread crashed")

    report = phase2(state, mem, home, FakeAgent(hook=boom))
    assert report.status is Phase2Status.FAILED_AGENT
    assert report.error is not None and "thread crashed" in report.error


def test_memory_summary_must_start_with_v1(state: StateStore, mem: MemoryStore, home: Path) -> None:
    extract(state, mem, home)
    report = phase2(state, mem, home, FakeAgent(summary_first_line="# Summary"))
    assert report.status is Phase2Status.FAILED_INVALID_ARTIFACTS
    assert report.error == "memory_summary.md must start with the line v1"
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.last_error == "failed_invalid_artifacts"


class AgentWithoutMemoryFile(FakeAgent):
    """Completes, but leaves no MEMORY.md behind."""

    async def __call__(self, request: Any) -> Any:
        result = await super().__call__(request)
        (request.memory_root / "MEMORY.md").unlink()
        return result


def test_memory_md_must_be_written(state: StateStore, mem: MemoryStore, home: Path) -> None:
    extract(state, mem, home)
    report = phase2(state, mem, home, AgentWithoutMemoryFile())
    assert report.status is Phase2Status.FAILED_INVALID_ARTIFACTS
    assert report.error == "MEMORY.md was not written"


def test_a_fresh_home_runs_the_agent_even_without_inputs(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    # As the reference 0.169.0 on a fresh home: the first claim creates the lock, the
    # new workspace's generated files are all "added", so the agent runs.
    agent = FakeAgent()
    report = phase2(state, mem, home, agent)
    assert (report.outcome, report.status) == (ClaimOutcome.CLAIMED, Phase2Status.SUCCEEDED)
    assert report.selected == []
    assert "- A raw_memories.md\n" in agent.diffs[0]
    assert "No raw memories yet." in (home / "memories" / "raw_memories.md").read_text()
    # The next run after the cooldown has nothing new: no agent.
    later = phase2(state, mem, home, FakeAgent(), now=NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS)
    assert later.outcome is ClaimOutcome.SKIPPED_NOT_DIRTY


def test_a_cancelled_run_records_a_failure_of_its_agent(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    started = asyncio.Event()

    async def wait_forever(request: Any) -> None:
        del request
        started.set()
        await asyncio.Event().wait()

    agent = FakeAgent(hook=wait_forever)

    run = run_phase2(
        state, mem, agent, root=home / "memories", worker_id="w1",
        config=MemoriesConfig(), now=NOW,
    )  # fmt: skip
    cancel_once_started(run, started)
    assert agent.cancelled
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None
    assert (job.status.value, job.last_error, job.lease_until) == ("error", "failed_agent", None)
    assert job.retry_remaining == DEFAULT_RETRY_REMAINING - 1
    assert phase2(state, mem, home, FakeAgent(), now=NOW + 1).outcome is (
        ClaimOutcome.SKIPPED_RETRY_UNAVAILABLE
    )


def test_ownership_is_checked_before_the_baseline_reset(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    root = home / "memories"

    async def steal(request: Any) -> None:
        # While the agent runs, its lease expires and another worker takes the lock.
        with mem.engine.begin() as connection:
            connection.execute(text("UPDATE jobs SET lease_until = 0 WHERE job_key = 'global'"))
        claim = mem.try_claim_phase2_job(worker_id="w2", lease_seconds=3600, now=NOW)
        assert claim.claimed

    report = phase2(state, mem, home, FakeAgent(hook=steal))
    assert report.status is Phase2Status.LOST_LEASE
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.worker_id == "w2" and job.status.value == "running"
    # No reset: the empty first commit is still the baseline, the agent's files are new.
    with Repo(str(root)) as repo:
        head = repo[repo.head()]
        assert len(repo[head.tree]) == 0  # type: ignore[attr-defined, arg-type]
    assert not any(o.selected_for_phase2 for o in mem.list_stage1_outputs())


def test_the_lease_is_heartbeated_while_the_agent_runs(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)
    seen: list[int | None] = []

    async def watch(request: Any) -> None:
        for _ in range(3):
            with mem.engine.begin() as connection:
                connection.execute(text("UPDATE jobs SET lease_until = 1 WHERE job_key = 'global'"))
            await asyncio.sleep(0.15)
            job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
            seen.append(None if job is None else job.lease_until)

    report = phase2(state, mem, home, FakeAgent(hook=watch), heartbeat=0.03)
    assert report.status is Phase2Status.SUCCEEDED
    # Each time the lease was cut short, a heartbeat extended it again.
    assert seen == [NOW + 3600] * 3


def test_losing_the_lease_during_a_heartbeat_stops_the_agent(
    state: StateStore, mem: MemoryStore, home: Path
) -> None:
    extract(state, mem, home)

    async def steal_then_wait(request: Any) -> None:
        with mem.engine.begin() as connection:
            connection.execute(text("UPDATE jobs SET ownership_token = 'someone-else'"))
        await asyncio.sleep(30)

    agent = FakeAgent(hook=steal_then_wait)
    report = phase2(state, mem, home, agent, heartbeat=0.05)
    assert report.status is Phase2Status.LOST_LEASE
    assert agent.cancelled
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status.value == "running" and job.last_error is None


def test_the_lock_is_not_taken_twice(state: StateStore, mem: MemoryStore, home: Path) -> None:
    extract(state, mem, home)
    inner: list[Phase2Report] = []

    async def second_worker(request: Any) -> None:
        inner.append(
            await run_phase2(
                state, mem, FakeAgent(), root=home / "memories", worker_id="w2",
                config=MemoriesConfig(), now=NOW,
            )
        )  # fmt: skip

    assert phase2(state, mem, home, FakeAgent(hook=second_worker)).status is Phase2Status.SUCCEEDED
    assert inner[0].outcome is ClaimOutcome.SKIPPED_RUNNING


def test_a_failing_heartbeat_stops_the_agent_and_records_a_failure(
    state: StateStore, mem: MemoryStore, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract(state, mem, home)

    def broken(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("database gone")

    async def wait(request: Any) -> None:
        monkeypatch.setattr(mem, "heartbeat_phase2_job", broken)
        await asyncio.sleep(30)

    agent = FakeAgent(hook=wait)
    report = phase2(state, mem, home, agent, heartbeat=0.05)
    assert report.status is Phase2Status.FAILED_AGENT and agent.cancelled
    assert report.error is not None and "database gone" in report.error
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status.value == "error"
