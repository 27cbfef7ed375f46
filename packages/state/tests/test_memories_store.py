"""The memory job state machine on SQLite and PostgreSQL: every claim outcome, leases,
ownership tokens (a worker that lost its lease writes nothing), retries, backoff, the
phase-2 cooldown and retry-exhaustion rules, enqueueing, selection, pruning and usage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spindle_state import (
    DEFAULT_RETRY_REMAINING,
    JOB_KIND_PHASE2,
    JOB_KIND_STAGE1,
    PHASE2_JOB_KEY,
    PHASE2_SUCCESS_COOLDOWN_SECONDS,
    ClaimOutcome,
    JobClaim,
    JobStatus,
    MemoryMode,
    MemoryStore,
    open_memory_store,
)

pytestmark = pytest.mark.requirement("R15")

NOW = 1_800_000_000
LEASE = 3600
DAY = 24 * 60 * 60
T1 = "01a22428-1eca-7fe1-95a3-0dacb0f57101"
T2 = "01a22428-1eca-7fe1-95a3-0dacb0f57102"
T3 = "01a22428-1eca-7fe1-95a3-0dacb0f57103"


@pytest.fixture
def mem(home: Path, db_url: str | None) -> Iterator[MemoryStore]:
    with open_memory_store(home, db_url) as store:
        yield store


def claim1(
    store: MemoryStore,
    thread_id: str = T1,
    *,
    src: int = 100,
    now: int = NOW,
    worker: str = "w1",
    max_running: int = 8,
    lease: int = LEASE,
) -> JobClaim:
    return store.try_claim_stage1_job(
        thread_id,
        worker_id=worker,
        source_updated_at=src,
        lease_seconds=lease,
        max_running_jobs=max_running,
        now=now,
    )


def token_of(claim: JobClaim) -> str:
    assert claim.outcome is ClaimOutcome.CLAIMED and claim.ownership_token is not None
    return claim.ownership_token


def succeed1(
    store: MemoryStore, token: str, thread_id: str = T1, *, src: int = 100, now: int = NOW
) -> bool:
    return store.mark_stage1_succeeded(
        thread_id,
        token,
        source_updated_at=src,
        raw_memory=f"raw {thread_id} {src}",
        rollout_summary=f"summary {thread_id}",
        rollout_slug="slug",
        now=now,
    )


def fail1(store: MemoryStore, token: str, thread_id: str = T1, *, now: int = NOW) -> bool:
    return store.mark_stage1_failed(
        thread_id, token, reason="boom", retry_delay_seconds=LEASE, now=now
    )


def claim2(store: MemoryStore, *, now: int = NOW, worker: str = "w1") -> JobClaim:
    return store.try_claim_phase2_job(worker_id=worker, lease_seconds=LEASE, now=now)


def fail2(store: MemoryStore, token: str, *, now: int = NOW, delay: int = LEASE) -> bool:
    return store.mark_phase2_failed(
        token, reason="failed_agent", retry_delay_seconds=delay, now=now
    )


# -- stage 1 -------------------------------------------------------------------------------


def test_stage1_claim_creates_a_running_row_with_lease_and_token(mem: MemoryStore) -> None:
    claim = claim1(mem)
    assert claim.claimed and claim.input_watermark == 100
    job = mem.get_job(JOB_KIND_STAGE1, T1)
    assert job is not None
    assert job.status is JobStatus.RUNNING
    assert (job.worker_id, job.ownership_token) == ("w1", claim.ownership_token)
    assert (job.started_at, job.lease_until, job.input_watermark) == (NOW, NOW + LEASE, 100)
    assert job.retry_remaining == DEFAULT_RETRY_REMAINING


def test_stage1_live_lease_gives_skipped_running_and_expired_lease_is_reclaimed(
    mem: MemoryStore,
) -> None:
    first = token_of(claim1(mem))
    assert claim1(mem, now=NOW + LEASE - 1, worker="w2").outcome is ClaimOutcome.SKIPPED_RUNNING
    # The first worker crashed: once its lease expires another worker takes the job over.
    second = token_of(claim1(mem, now=NOW + LEASE, worker="w2"))
    assert second != first
    # The crashed worker comes back: every write with its token is refused and writes nothing.
    assert not succeed1(mem, first, now=NOW + LEASE + 1)
    assert not fail1(mem, first, now=NOW + LEASE + 1)
    assert not mem.mark_stage1_succeeded_no_output(T1, first, now=NOW + LEASE + 1)
    assert not mem.heartbeat_stage1_job(T1, first, lease_seconds=LEASE)
    assert mem.get_stage1_output(T1) is None
    assert mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY) is None
    job = mem.get_job(JOB_KIND_STAGE1, T1)
    assert job is not None and job.status is JobStatus.RUNNING and job.ownership_token == second
    assert succeed1(mem, second, now=NOW + LEASE + 2)
    output = mem.get_stage1_output(T1)
    assert output is not None and output.generated_at == NOW + LEASE + 2


def test_stage1_success_stores_output_marks_done_and_enqueues_phase2(mem: MemoryStore) -> None:
    token = token_of(claim1(mem))
    assert succeed1(mem, token)
    job = mem.get_job(JOB_KIND_STAGE1, T1)
    assert job is not None
    assert (job.status, job.lease_until, job.last_success_watermark) == (JobStatus.DONE, None, 100)
    output = mem.get_stage1_output(T1)
    assert output is not None
    assert (output.source_updated_at, output.raw_memory, output.rollout_slug) == (
        100,
        f"raw {T1} 100",
        "slug",
    )
    glob = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert glob is not None and glob.status is JobStatus.PENDING and glob.input_watermark == 100


def test_stage1_up_to_date_by_output_or_by_last_success(mem: MemoryStore) -> None:
    assert succeed1(mem, token_of(claim1(mem, src=100)))
    assert claim1(mem, src=100).outcome is ClaimOutcome.SKIPPED_UP_TO_DATE
    assert claim1(mem, src=99).outcome is ClaimOutcome.SKIPPED_UP_TO_DATE
    assert not mem.stage1_needs_update(T1, 100)
    # No output stored (the model found nothing), but the last success covers it.
    assert mem.mark_stage1_succeeded_no_output(T2, token_of(claim1(mem, T2, src=50)))
    assert mem.get_stage1_output(T2) is None
    assert claim1(mem, T2, src=50).outcome is ClaimOutcome.SKIPPED_UP_TO_DATE
    assert claim1(mem, T2, src=51).claimed


def test_stage1_no_output_deletes_a_stale_output_and_enqueues_only_then(mem: MemoryStore) -> None:
    assert mem.mark_stage1_succeeded_no_output(T1, token_of(claim1(mem, src=10)))
    assert mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY) is None
    assert succeed1(mem, token_of(claim1(mem, T2, src=10)), T2, src=10)
    glob = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert glob is not None and glob.input_watermark == 10
    assert mem.mark_stage1_succeeded_no_output(T2, token_of(claim1(mem, T2, src=20)))
    assert mem.get_stage1_output(T2) is None
    glob = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert glob is not None and glob.input_watermark == 20


def test_stage1_failure_backs_off_then_exhausts_retries(mem: MemoryStore) -> None:
    now = NOW
    for spent in range(1, DEFAULT_RETRY_REMAINING + 1):
        assert fail1(mem, token_of(claim1(mem, now=now)), now=now)
        job = mem.get_job(JOB_KIND_STAGE1, T1)
        assert job is not None
        assert (job.status, job.retry_remaining) == (
            JobStatus.ERROR,
            DEFAULT_RETRY_REMAINING - spent,
        )
        assert (job.retry_at, job.last_error, job.lease_until) == (now + LEASE, "boom", None)
        if spent < DEFAULT_RETRY_REMAINING:
            assert claim1(mem, now=now + LEASE - 1).outcome is ClaimOutcome.SKIPPED_RETRY_BACKOFF
        now += LEASE
    # Exhaustion wins over backoff, and stays after the backoff passed.
    assert claim1(mem, now=now - 1).outcome is ClaimOutcome.SKIPPED_RETRY_EXHAUSTED
    assert claim1(mem, now=now + 10 * LEASE).outcome is ClaimOutcome.SKIPPED_RETRY_EXHAUSTED
    # A newer rollout version lifts both gates and resets the budget.
    claim = claim1(mem, src=101, now=now)
    assert claim.claimed
    job = mem.get_job(JOB_KIND_STAGE1, T1)
    assert job is not None and job.retry_remaining == DEFAULT_RETRY_REMAINING
    assert job.retry_at is None and job.last_error is None


def test_stage1_newer_version_skips_backoff(mem: MemoryStore) -> None:
    assert fail1(mem, token_of(claim1(mem, src=100)))
    assert claim1(mem, src=100, now=NOW + 1).outcome is ClaimOutcome.SKIPPED_RETRY_BACKOFF
    assert claim1(mem, src=200, now=NOW + 1).claimed


def test_stage1_running_cap_counts_only_live_leases_of_other_jobs(mem: MemoryStore) -> None:
    token_of(claim1(mem, T1, max_running=2))
    token_of(claim1(mem, T2, max_running=2))
    assert claim1(mem, T3, max_running=2).outcome is ClaimOutcome.SKIPPED_RUNNING
    assert mem.get_job(JOB_KIND_STAGE1, T3) is None
    # Expired leases do not count.
    assert claim1(mem, T3, max_running=2, now=NOW + LEASE).claimed


def test_stage1_success_never_overwrites_a_newer_output(mem: MemoryStore) -> None:
    old = token_of(claim1(mem, src=100))
    # The lease expired; a newer version was claimed and finished meanwhile.
    newer = token_of(claim1(mem, src=200, now=NOW + LEASE, worker="w2"))
    assert succeed1(mem, newer, src=200, now=NOW + LEASE)
    assert not succeed1(mem, old, src=100, now=NOW + LEASE + 1)
    output = mem.get_stage1_output(T1)
    assert output is not None and output.source_updated_at == 200


def test_stage1_heartbeat_extends_an_owned_lease(mem: MemoryStore) -> None:
    token = token_of(claim1(mem))
    assert mem.heartbeat_stage1_job(T1, token, lease_seconds=LEASE, now=NOW + 100)
    job = mem.get_job(JOB_KIND_STAGE1, T1)
    assert job is not None and job.lease_until == NOW + 100 + LEASE
    assert claim1(mem, now=NOW + LEASE + 50, worker="w2").outcome is ClaimOutcome.SKIPPED_RUNNING


def test_stage1_failure_clamps_retry_budget_at_zero(mem: MemoryStore) -> None:
    now = NOW
    for _ in range(DEFAULT_RETRY_REMAINING):
        assert fail1(mem, token_of(claim1(mem, now=now)), now=now)
        now += LEASE
    job = mem.get_job(JOB_KIND_STAGE1, T1)
    assert job is not None and job.retry_remaining == 0


# -- enqueue ---------------------------------------------------------------------------------


def test_enqueue_creates_pending_and_advances_the_watermark(mem: MemoryStore) -> None:
    mem.enqueue_global_consolidation(50)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None
    assert (job.status, job.input_watermark, job.retry_remaining) == (
        JobStatus.PENDING,
        50,
        DEFAULT_RETRY_REMAINING,
    )
    assert job.last_success_watermark == 0
    mem.enqueue_global_consolidation(70)
    mem.enqueue_global_consolidation(60)  # older: still counts as new input (old + 1)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.input_watermark == 71


def test_enqueue_keeps_a_running_job_running_and_clears_backoff_otherwise(
    mem: MemoryStore,
) -> None:
    token = token_of(claim2(mem))
    mem.enqueue_global_consolidation(10)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status is JobStatus.RUNNING and job.ownership_token == token
    assert fail2(mem, token)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status is JobStatus.ERROR and job.retry_at is not None
    mem.enqueue_global_consolidation(11)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None
    assert (job.status, job.retry_at) == (JobStatus.PENDING, None)
    assert job.retry_remaining == DEFAULT_RETRY_REMAINING


# -- phase 2 ---------------------------------------------------------------------------------


def test_phase2_first_claim_creates_the_running_row(mem: MemoryStore) -> None:
    claim = claim2(mem)
    assert claim.claimed and claim.input_watermark == 0
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status is JobStatus.RUNNING
    assert (job.lease_until, job.ownership_token) == (NOW + LEASE, claim.ownership_token)


def test_phase2_claim_returns_the_enqueued_watermark(mem: MemoryStore) -> None:
    mem.enqueue_global_consolidation(123)
    claim = claim2(mem)
    assert claim.claimed and claim.input_watermark == 123


def test_phase2_live_lease_gives_skipped_running_and_expired_lease_is_reclaimed(
    mem: MemoryStore,
) -> None:
    first = token_of(claim2(mem))
    assert claim2(mem, now=NOW + LEASE - 1, worker="w2").outcome is ClaimOutcome.SKIPPED_RUNNING
    second = token_of(claim2(mem, now=NOW + LEASE, worker="w2"))
    assert not mem.heartbeat_phase2_job(first, lease_seconds=LEASE, now=NOW + LEASE)
    assert not mem.mark_phase2_succeeded(first, completed_watermark=5, selected=[], now=NOW + LEASE)
    assert not fail2(mem, first, now=NOW + LEASE)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.status is JobStatus.RUNNING and job.ownership_token == second


def test_phase2_global_lock_respects_success_cooldown(mem: MemoryStore) -> None:
    token = token_of(claim2(mem))
    assert mem.mark_phase2_succeeded(token, completed_watermark=7, selected=[], now=NOW)
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None
    assert (job.status, job.last_success_watermark, job.finished_at) == (JobStatus.DONE, 7, NOW)
    assert claim2(mem, now=NOW + 1).outcome is ClaimOutcome.SKIPPED_COOLDOWN
    edge = NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS - 1
    assert claim2(mem, now=edge).outcome is ClaimOutcome.SKIPPED_COOLDOWN
    # New phase-1 output does not lift the cooldown.
    mem.enqueue_global_consolidation(99)
    assert claim2(mem, now=edge).outcome is ClaimOutcome.SKIPPED_COOLDOWN
    assert claim2(mem, now=NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS).claimed


def test_phase2_claim_never_compares_watermarks(mem: MemoryStore) -> None:
    # As the reference 0.169.0: whether there is work is the workspace diff's call, made
    # after the claim; nothing enqueued since the last success is no reason to skip.
    token = token_of(claim2(mem))
    assert mem.mark_phase2_succeeded(token, completed_watermark=50, selected=[], now=NOW)
    later = NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and (job.input_watermark, job.last_success_watermark) == (0, 50)
    assert claim2(mem, now=later).claimed


def test_phase2_failure_sets_backoff_only_gate(mem: MemoryStore) -> None:
    assert fail2(mem, token_of(claim2(mem)))
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None
    assert (job.status, job.retry_at, job.last_error) == (
        JobStatus.ERROR,
        NOW + LEASE,
        "failed_agent",
    )
    assert job.retry_remaining == DEFAULT_RETRY_REMAINING - 1
    # A failure does not start the cooldown; only the backoff holds the lock.
    assert claim2(mem, now=NOW + 1).outcome is ClaimOutcome.SKIPPED_RETRY_UNAVAILABLE
    assert claim2(mem, now=NOW + LEASE).claimed


def test_phase2_global_lock_can_be_claimed_after_retry_budget_is_exhausted(
    mem: MemoryStore,
) -> None:
    now = NOW
    for _ in range(DEFAULT_RETRY_REMAINING + 2):
        assert fail2(mem, token_of(claim2(mem, now=now)), now=now)
        now += LEASE
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.retry_remaining == 0  # clamped, never negative
    assert claim2(mem, now=now - LEASE + 1).outcome is ClaimOutcome.SKIPPED_RETRY_UNAVAILABLE
    assert claim2(mem, now=now).claimed


def test_phase2_backoff_wins_over_a_running_lease(mem: MemoryStore) -> None:
    token = token_of(claim2(mem))
    assert fail2(mem, token, delay=10 * LEASE)
    assert claim2(mem, now=NOW + LEASE).outcome is ClaimOutcome.SKIPPED_RETRY_UNAVAILABLE


def test_phase2_failed_if_unowned_recovers_a_running_row_without_owner(
    mem: MemoryStore,
) -> None:
    token_of(claim2(mem))
    with mem.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(text("UPDATE jobs SET ownership_token = NULL"))
    assert not fail2(mem, "other")
    assert mem.mark_phase2_failed_if_unowned(
        "other", reason="failed_claim", retry_delay_seconds=LEASE, now=NOW
    )


def test_phase2_success_rewrites_the_selection_flags(mem: MemoryStore) -> None:
    for thread_id, src in ((T1, 10), (T2, 20), (T3, 30)):
        assert succeed1(mem, token_of(claim1(mem, thread_id, src=src)), thread_id, src=src)
    token = token_of(claim2(mem))
    assert mem.mark_phase2_succeeded(
        token, completed_watermark=30, selected=[(T1, 10), (T2, 999)], now=NOW
    )
    flags = {o.thread_id: (o.selected_for_phase2, o.selected_for_phase2_source_updated_at)
             for o in mem.list_stage1_outputs()}  # fmt: skip
    assert flags == {T1: (True, 10), T2: (False, None), T3: (False, None)}
    token = token_of(claim2(mem, now=NOW + PHASE2_SUCCESS_COOLDOWN_SECONDS))
    assert mem.mark_phase2_succeeded(token, completed_watermark=5, selected=[(T3, 30)], now=NOW)
    picked = {o.thread_id: o.selected_for_phase2 for o in mem.list_stage1_outputs()}
    assert picked == {T1: False, T2: False, T3: True}
    job = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert job is not None and job.last_success_watermark == 30  # max(old, new)
    # A new stage-1 output for a selected thread keeps its flag until the next phase 2.
    assert succeed1(mem, token_of(claim1(mem, T3, src=40)), T3, src=40)
    output = mem.get_stage1_output(T3)
    assert output is not None and output.selected_for_phase2
    assert output.selected_for_phase2_source_updated_at == 30


# -- selection, retention, usage, modes ------------------------------------------------------


def _store_output(mem: MemoryStore, thread_id: str, src: int, raw: str = "r") -> None:
    token = token_of(claim1(mem, thread_id, src=src))
    assert mem.mark_stage1_succeeded(
        thread_id, token, source_updated_at=src, raw_memory=raw, rollout_summary="s",
        rollout_slug=None, now=NOW,
    )  # fmt: skip


def test_phase2_selection_ranks_by_usage_then_recency_and_returns_by_thread_id(
    mem: MemoryStore,
) -> None:
    _store_output(mem, T1, NOW - 3 * DAY)
    _store_output(mem, T2, NOW - 2 * DAY)
    _store_output(mem, T3, NOW - 1 * DAY)
    old = "01a22428-1eca-7fe1-95a3-0dacb0f57100"
    _store_output(mem, old, NOW - 40 * DAY)
    empty = "01a22428-1eca-7fe1-95a3-0dacb0f57109"
    token = token_of(claim1(mem, empty, src=NOW))
    assert mem.mark_stage1_succeeded(
        empty, token, source_updated_at=NOW, raw_memory="  ", rollout_summary=" ",
        rollout_slug=None, now=NOW,
    )  # fmt: skip
    assert mem.record_stage1_usage([T1, T1, "missing"], now=NOW - DAY) == 2
    # Most used first (T1), then the most recent (T3); never the stale or the empty one.
    picked = mem.phase2_input_selection(2, max_unused_days=30, now=NOW)
    assert [o.thread_id for o in picked] == [T1, T3]
    assert picked[0].usage_count == 2 and picked[0].last_usage == NOW - DAY
    every = mem.phase2_input_selection(10, max_unused_days=30, now=NOW)
    assert [o.thread_id for o in every] == [T1, T2, T3]
    # A stale output that was used recently qualifies again.
    mem.record_stage1_usage([old], now=NOW)
    assert old in {o.thread_id for o in mem.phase2_input_selection(10, max_unused_days=30, now=NOW)}
    # Threads that are not enabled, or that the caller rejects, are skipped.
    mem.set_memory_mode(T1, MemoryMode.DISABLED, now=NOW)
    picked = mem.phase2_input_selection(
        2, max_unused_days=30, now=NOW, is_eligible=lambda t: t != T3
    )
    assert [o.thread_id for o in picked] == [old, T2]


def test_prune_deletes_only_stale_unselected_outputs(mem: MemoryStore) -> None:
    _store_output(mem, T1, NOW - 40 * DAY)
    _store_output(mem, T2, NOW - 50 * DAY)
    _store_output(mem, T3, NOW - 1 * DAY)
    token = token_of(claim2(mem))
    assert mem.mark_phase2_succeeded(
        token, completed_watermark=0, selected=[(T2, NOW - 50 * DAY)], now=NOW
    )
    assert mem.prune_stage1_outputs(max_unused_days=30, limit=200, now=NOW) == 1
    assert {o.thread_id for o in mem.list_stage1_outputs()} == {T2, T3}
    assert mem.prune_stage1_outputs(max_unused_days=30, limit=0, now=NOW) == 0


def test_memory_modes_default_to_enabled_and_pollution_enqueues_forgetting(
    mem: MemoryStore,
) -> None:
    assert mem.get_memory_mode(T1) is MemoryMode.ENABLED
    mem.set_memory_mode(T2, MemoryMode.DISABLED)
    assert mem.memory_modes([T1, T2]) == {T1: MemoryMode.ENABLED, T2: MemoryMode.DISABLED}
    _store_output(mem, T1, src=10)
    token = token_of(claim2(mem))
    assert mem.mark_phase2_succeeded(token, completed_watermark=10, selected=[(T1, 10)], now=NOW)
    before = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert before is not None and before.status is JobStatus.DONE
    assert mem.mark_thread_memory_polluted(T1, now=NOW)
    assert not mem.mark_thread_memory_polluted(T1, now=NOW)
    assert mem.get_memory_mode(T1) is MemoryMode.POLLUTED
    after = mem.get_job(JOB_KIND_PHASE2, PHASE2_JOB_KEY)
    assert after is not None and after.status is JobStatus.PENDING


def test_delete_thread_memory_data_and_clear(mem: MemoryStore) -> None:
    _store_output(mem, T1, src=10)
    _store_output(mem, T2, src=10)
    mem.delete_thread_memory_data(T1)
    assert mem.get_stage1_output(T1) is None and mem.get_job(JOB_KIND_STAGE1, T1) is None
    mem.clear_memory_data()
    assert mem.list_stage1_outputs() == [] and mem.list_jobs() == []
