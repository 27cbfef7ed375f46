"""Unique millisecond stamps with several processes writing at once (R6)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import open_store

PROCESSES = 4
PER_PROCESS = 250

# Each writer inserts PER_PROCESS threads (half with the same explicit millisecond in every
# process, half "now"), then updates every one of them, all starting at the same instant.
WRITER = """
import sys, time
from spindle_state import NewThread, open_store

home, url, worker, count, start = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
with open_store(home, url) as store:
    while time.time() < start:
        time.sleep(0.001)
    for i in range(count):
        store.create_thread(NewThread(
            id=f"00000000-0000-7000-{worker:04d}-{i:012d}",
            preview=f"w{worker} i{i}",
            created_at_ms=1_800_000_000_000 if i % 2 else None,
            updated_at_ms=1_800_000_000_000 if i % 4 == 1 else None,
        ))
    for i in range(count):
        store.update_thread(f"00000000-0000-7000-{worker:04d}-{i:012d}",
                            {"title": f"final w{worker} i{i}", "tokens_used": i})
"""


@pytest.mark.requirement("R6")
def test_four_processes_keep_stamps_unique_and_lose_no_write(
    home: Path, db_url: str | None
) -> None:
    with open_store(home, db_url):
        pass  # migrate once up front so the writers only write
    start = time.time() + 3.0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def spawn(worker: int) -> subprocess.Popen[str]:
        command = [sys.executable, "-c", WRITER, str(home), db_url or "", str(worker)]
        command += [str(PER_PROCESS), repr(start)]
        return subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )

    writers = [spawn(worker) for worker in range(PROCESSES)]
    failures = []
    for writer in writers:
        _, err = writer.communicate(timeout=600)
        if writer.returncode != 0:
            failures.append(err)
    assert failures == []
    with open_store(home, db_url) as store, store.engine.connect() as connection:
        total, created, updated = connection.execute(
            sa.text(
                "SELECT COUNT(*), COUNT(DISTINCT created_at_ms), COUNT(DISTINCT updated_at_ms) "
                "FROM threads"
            )
        ).one()
        assert total == created == updated == PROCESSES * PER_PROCESS
        rows = connection.execute(sa.text("SELECT id, title, tokens_used FROM threads")).all()
        collided = connection.execute(
            sa.text(
                "SELECT COUNT(*) FROM threads WHERE created_at_ms >= 1800000000000 "
                f"AND created_at_ms < {1_800_000_000_000 + PROCESSES * PER_PROCESS}"
            )
        ).scalar_one()
    # Every process asked for the same millisecond for half its rows: all were bumped apart.
    assert collided >= PROCESSES * PER_PROCESS // 2
    expected = {
        f"00000000-0000-7000-{w:04d}-{i:012d}": (f"final w{w} i{i}", i)
        for w in range(PROCESSES)
        for i in range(PER_PROCESS)
    }
    assert {row[0]: (row[1], row[2]) for row in rows} == expected
