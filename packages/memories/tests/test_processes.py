"""Phase 1 across real processes on one database (SQLite and PostgreSQL): two workers at
once never process the same rollout, and a worker killed with SIGKILL mid-job leaves a job
that another worker reclaims after the lease, ending in exactly one output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from spindle_state import JOB_KIND_STAGE1, MemoryStore, StateStore

from packages.memories.tests._support import NOW_MS, make_thread

pytestmark = pytest.mark.requirement("R15")

WORKER = r"""
import asyncio, json, sys
from pathlib import Path
from spindle_memories import MemoriesConfig, run_phase1
from spindle_state import open_memory_store, open_store

home, url, worker, mode, log, now_ms, count = sys.argv[1:8]
url = url or None

class Model:
    async def __call__(self, request):
        with open(log, "a") as handle:
            handle.write(f"{worker} {request.thread_id}\n")
        if mode == "hang":
            print("IN-MODEL", flush=True)
            await asyncio.sleep(3600)
        await asyncio.sleep(0.2)
        return json.dumps({"raw_memory": f"raw by {worker}", "rollout_summary": "s",
                           "rollout_slug": None})

async def main():
    with open_store(Path(home), url) as state, open_memory_store(Path(home), url) as mem:
        report = await run_phase1(
            state, mem, Model(), worker_id=worker, current_thread_id=None,
            config=MemoriesConfig(max_rollouts_per_startup=int(count)), now_ms=int(now_ms))
    print(json.dumps([[job.thread_id, job.status.value] for job in report.jobs]), flush=True)

asyncio.run(main())
"""


def start(
    home: Path, url: str | None, worker: str, mode: str, log: Path, now_ms: int, count: int
) -> subprocess.Popen[str]:
    args = [str(home), url or "", worker, mode, str(log), str(now_ms), str(count)]
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_never_process_the_same_rollout(
    state: StateStore, mem: MemoryStore, home: Path, db_url: str | None, tmp_path: Path
) -> None:
    ids = [make_thread(state, home, n, age_hours=6 + n) for n in range(1, 11)]
    log = tmp_path / "calls.log"
    workers = [start(home, db_url, f"p{i}", "run", log, NOW_MS, count=10) for i in range(2)]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    calls = [line.split() for line in log.read_text().splitlines()]
    processed = [thread for _, thread in calls]
    assert sorted(processed) == sorted(ids)  # every rollout exactly once
    assert {o.thread_id for o in mem.list_stage1_outputs()} == set(ids)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_worker_is_reclaimed_after_its_lease_with_one_output(
    state: StateStore, mem: MemoryStore, home: Path, db_url: str | None, tmp_path: Path
) -> None:
    (tid,) = [make_thread(state, home, 1, age_hours=7)]
    log = tmp_path / "calls.log"
    crashed = start(home, db_url, "crasher", "hang", log, NOW_MS, count=1)
    assert crashed.stdout is not None
    assert crashed.stdout.readline().strip() == "IN-MODEL"
    os.kill(crashed.pid, signal.SIGKILL)
    crashed.wait(timeout=30)
    crashed.stdout.close()
    assert crashed.stderr is not None
    crashed.stderr.close()
    job = mem.get_job(JOB_KIND_STAGE1, tid)
    assert job is not None and job.status.value == "running" and job.worker_id == "crasher"
    # Before the lease expires nobody else takes it; after, another worker reclaims it.
    early = start(home, db_url, "early", "run", log, NOW_MS + 60_000, count=1)
    out, err = early.communicate(timeout=120)
    assert early.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1]) == []
    late = start(home, db_url, "rescuer", "run", log, NOW_MS + 3_601_000, count=1)
    out, err = late.communicate(timeout=120)
    assert late.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1]) == [[tid, "succeeded_with_output"]]
    outputs = mem.list_stage1_outputs()
    assert [(o.thread_id, o.raw_memory) for o in outputs] == [(tid, "raw by rescuer")]
    job = mem.get_job(JOB_KIND_STAGE1, tid)
    assert job is not None and job.status.value == "done" and job.worker_id == "rescuer"
