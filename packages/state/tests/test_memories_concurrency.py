"""Racing claimers on one database (SQLite and PostgreSQL): separate engines in threads and
separate processes never both own a job, and the running cap holds under contention."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from pathlib import Path

import pytest
from spindle_state import ClaimOutcome, open_memory_store

pytestmark = pytest.mark.requirement("R15")

NOW = 1_800_000_000
THREADS = [f"01a22428-1eca-7fe1-95a3-0dacb0f571{n:02d}" for n in range(12)]


def _race(
    home: Path, url: str | None, worker: str, barrier: threading.Barrier, out: list[str]
) -> None:
    with open_memory_store(home, url) as store:
        barrier.wait()
        for thread_id in THREADS:
            claim = store.try_claim_stage1_job(
                thread_id, worker_id=worker, source_updated_at=100, lease_seconds=3600,
                max_running_jobs=64, now=NOW,
            )  # fmt: skip
            if claim.claimed:
                out.append(thread_id)
        phase2 = store.try_claim_phase2_job(worker_id=worker, lease_seconds=3600, now=NOW)
        if phase2.claimed:
            out.append("global")


def test_two_workers_racing_never_claim_the_same_job(home: Path, db_url: str | None) -> None:
    with open_memory_store(home, db_url):
        pass  # migrate once up front; the race is about claims
    barrier = threading.Barrier(4)
    results: list[list[str]] = [[] for _ in range(4)]
    workers = [
        threading.Thread(target=_race, args=(home, db_url, f"w{i}", barrier, results[i]))
        for i in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    counts = Counter(job for result in results for job in result)
    assert counts == Counter({**dict.fromkeys(THREADS, 1), "global": 1})


def _claim_with_cap(
    home: Path, url: str | None, worker: str, barrier: threading.Barrier, out: list[str]
) -> None:
    with open_memory_store(home, url) as store:
        barrier.wait()
        for thread_id in THREADS:
            claim = store.try_claim_stage1_job(
                thread_id, worker_id=worker, source_updated_at=100, lease_seconds=3600,
                max_running_jobs=5, now=NOW,
            )  # fmt: skip
            if claim.claimed:
                out.append(thread_id)
            else:
                assert claim.outcome is ClaimOutcome.SKIPPED_RUNNING


def test_the_running_cap_holds_under_contention(home: Path, db_url: str | None) -> None:
    with open_memory_store(home, db_url):
        pass
    barrier = threading.Barrier(3)
    results: list[list[str]] = [[] for _ in range(3)]
    workers = [
        threading.Thread(target=_claim_with_cap, args=(home, db_url, f"w{i}", barrier, results[i]))
        for i in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    claimed = [job for result in results for job in result]
    assert len(claimed) == 5 and len(set(claimed)) == 5


def _process_claims(
    home: str, url: str | None, worker: str, queue: multiprocessing.Queue[list[str]]
) -> None:
    claimed: list[str] = []
    with open_memory_store(Path(home), url) as store:
        for thread_id in THREADS:
            claim = store.try_claim_stage1_job(
                thread_id, worker_id=worker, source_updated_at=100, lease_seconds=3600,
                max_running_jobs=64, now=NOW,
            )  # fmt: skip
            if claim.claimed:
                claimed.append(thread_id)
    queue.put(claimed)


def test_two_processes_racing_never_claim_the_same_job(home: Path, db_url: str | None) -> None:
    with open_memory_store(home, db_url):
        pass
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[str]] = context.Queue()
    processes = [
        context.Process(target=_process_claims, args=(str(home), db_url, f"p{i}", queue))
        for i in range(2)
    ]
    for process in processes:
        process.start()
    claimed = [job for _ in processes for job in queue.get(timeout=120)]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert sorted(claimed) == sorted(THREADS)
