"""Resumable backfill of <home>/sessions into the state database (R13, R16, R17)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from spindle_state import (
    GitInfo,
    NewThread,
    StateStore,
    ThreadListQuery,
    TurnListQuery,
    encode_rollout_line,
    format_rollout_timestamp,
    iter_rollouts,
    open_store,
    rollout_relative_path,
)
from spindle_state.state_cli import state as state_cli

BASE = 1_795_896_990_000


def tid(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def write_rollouts(
    home: Path, count: int, *, turns: int = 2, git: dict[str, str] | None = None
) -> list[Path]:
    """Small rollouts in the reference's format, spread over several day folders."""
    paths = []
    for n in range(count):
        created = BASE + n * 37_000_000  # ~10 hours apart: many day folders
        thread = tid(n)
        path = home / "sessions" / rollout_relative_path(created, thread)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta: dict[str, object] = {
            "id": thread, "timestamp": format_rollout_timestamp(created),
            "cwd": f"/work/{n % 3}", "originator": "probe", "cli_version": "0.169.0",
            "source": "vscode", "model_provider": "mock", "history_mode": "paginated",
        }  # fmt: skip
        if git is not None:
            meta["git"] = git
        lines = [encode_rollout_line(created, ordinal=0, type_="session_meta", payload=meta)]
        ordinal = 1
        for t in range(turns):
            turn = f"turn-{n}-{t}"
            stamp = created + 1000 * (t + 1)
            for payload in (
                {"type": "task_started", "turn_id": turn, "started_at": stamp // 1000},
                {"type": "item_completed", "turn_id": turn, "item": {"type": "UserMessage",
                 "id": f"u{t}", "content": [{"type": "text", "text": f"hello {n} {t}"}]}},
                {"type": "token_count", "info": {"total_token_usage": {"total_tokens": 10 * (t + 1)}}},
                {"type": "task_complete", "turn_id": turn, "duration_ms": 5},
            ):  # fmt: skip
                lines.append(encode_rollout_line(stamp, ordinal, "event_msg", payload))
                ordinal += 1
        path.write_text("".join(lines))
        paths.append(path)
    return paths


def counts(store: StateStore) -> tuple[int, int, int]:
    with store.engine.connect() as connection:
        threads = connection.execute(sa.text("SELECT COUNT(*) FROM threads")).scalar_one()
        turns = connection.execute(sa.text("SELECT COUNT(*) FROM turns")).scalar_one()
        distinct = connection.execute(
            sa.text("SELECT COUNT(*) FROM (SELECT DISTINCT thread_id, turn_id FROM turns) AS d")
        ).scalar_one()
    return int(threads), int(turns), int(distinct)


@pytest.mark.requirement("R17")
def test_backfill_indexes_every_rollout_in_batches_and_completes(store: StateStore) -> None:
    paths = write_rollouts(store.home, count=450)
    assert store.get_backfill_state() is None
    report = store.run_backfill()
    assert (report.status, report.processed, report.inserted, report.batches) == (
        "complete",
        450,
        450,
        3,
    )
    assert counts(store) == (450, 900, 900)
    state = store.get_backfill_state()
    assert state is not None and state.status == "complete" and state.last_success_at is not None
    last = sorted(paths, key=lambda p: p.relative_to(store.home / "sessions").parts)[-1]
    assert state.last_watermark == last.relative_to(store.home / "sessions").as_posix()
    thread = store.get_thread(tid(n=7))
    assert (thread.preview, thread.title, thread.cwd, thread.cli_version, thread.tokens_used) == (
        "hello 7 0", "hello 7 0", "/work/1", "0.169.0", 20,
    )  # fmt: skip
    assert [t.turn_id for t in store.list_turns(TurnListQuery(tid(n=7))).items] == [
        "turn-7-1",
        "turn-7-0",
    ]
    # Complete: a second call does nothing.
    assert store.run_backfill().processed == 0


@pytest.mark.requirement("R16")
def test_listing_after_backfill_needs_no_rollout(store: StateStore) -> None:
    write_rollouts(store.home, count=5)
    store.run_backfill()
    for path in (store.home / "sessions").rglob("*.jsonl"):
        path.unlink()
    page = store.list_threads(ThreadListQuery(limit=2))
    assert [t.preview for t in page.items] == ["hello 4 0", "hello 3 0"]


@pytest.mark.requirement("R17")
def test_watermark_order_is_by_path_components_and_resumes_after_a_checkpoint(
    store: StateStore,
) -> None:
    write_rollouts(store.home, count=30)
    order = [w for w, _ in iter_rollouts(store.home / "sessions")]
    assert order == sorted(order, key=lambda w: tuple(w.split("/")))
    assert len(order) == 30
    # A run that stopped after 12 files left its checkpoint; the next run does the rest.
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO backfill_state (id, status, last_watermark, updated_at) "
                "VALUES (1, 'running', :w, 0)"
            ),
            {"w": order[11]},
        )
    assert [w for w, _ in iter_rollouts(store.home / "sessions", order[11])] == order[12:]
    report = store.run_backfill(batch_size=7)
    assert (report.processed, report.inserted, report.resumed_after) == (18, 18, order[11])
    assert counts(store) == (18, 36, 36)


@pytest.mark.requirement("R17")
def test_backfill_runs_whenever_not_complete(store: StateStore) -> None:
    write_rollouts(store.home, count=3)
    with store.engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO backfill_state (id, status, updated_at) VALUES (1, 'pending', 0)")
        )
    assert store.run_backfill().inserted == 3
    write_rollouts(store.home, count=5)
    assert store.run_backfill().processed == 0  # complete now
    report = store.run_backfill(force=True)
    assert (report.processed, report.inserted, report.reconciled) == (5, 2, 3)
    assert counts(store) == (5, 10, 10)


@pytest.mark.requirement("R17")
def test_corrupt_and_truncated_rollouts_are_logged_and_skipped(
    store: StateStore, caplog: pytest.LogCaptureFixture
) -> None:
    paths = write_rollouts(store.home, count=6)
    paths[1].write_text("{not json at all\n" + paths[1].read_text())
    paths[3].write_text(paths[3].read_text().split("\n", 1)[1])  # no session_meta
    torn = paths[4].read_text()
    paths[4].write_text(torn + '{"timestamp":"2026-11-28T20:1')  # torn tail: still indexed
    with caplog.at_level(logging.WARNING):
        report = store.run_backfill()
    assert (report.processed, report.failed, report.inserted) == (6, 2, 4)
    skipped = [r.getMessage() for r in caplog.records if r.name == "spindle_state.backfill"]
    assert len(skipped) == 2 and all("skipping rollout" in m for m in skipped)
    assert store.find_thread(tid(n=1)) is None and store.find_thread(tid(n=4)) is not None
    state = store.get_backfill_state()
    assert state is not None and state.status == "complete"


@pytest.mark.requirement("R13")
def test_backfill_keeps_sqlite_git_values_and_fills_only_gaps(store: StateStore) -> None:
    write_rollouts(
        store.home, count=2, git={"commit_hash": "rollout-sha", "branch": "rollout-branch"}
    )
    store.create_thread(
        NewThread(
            id=tid(n=0),
            preview="",
            cwd="/mine",
            git=GitInfo("sqlite-sha", branch=None, origin_url=None),
        )
    )
    store.update_thread_git_info(tid(n=0), {"origin_url": "sqlite-origin"})
    report = store.run_backfill()
    assert (report.inserted, report.reconciled) == (1, 1)
    kept = store.get_thread(tid(n=0))
    assert kept.git == GitInfo("sqlite-sha", "rollout-branch", "sqlite-origin")
    assert kept.cwd == "/mine"  # stored values win
    assert kept.preview == "hello 0 0"  # an empty column is a gap and is filled
    assert store.get_thread(tid(n=1)).git == GitInfo(
        "rollout-sha", "rollout-branch", origin_url=None
    )
    assert counts(store) == (2, 4, 4)


def _state_row(url: str) -> tuple[str, str | None] | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT status, last_watermark FROM backfill_state")
            ).first()
            return None if row is None else (row[0], row[1])
    except sa.exc.DBAPIError:  # not created yet by the child process
        return None
    finally:
        engine.dispose()


@pytest.mark.requirement("R17")
def test_backfill_killed_with_sigkill_resumes_without_duplicates_or_misses(
    home: Path, db_url: str | None
) -> None:
    total = 1200
    write_rollouts(home, total, turns=3)
    env = {**os.environ, "SPINDLE_HOME": str(home)}
    if db_url is not None:
        env["SPINDLE_DATABASE_URL"] = db_url
    url = db_url or f"sqlite:///{home / 'state.sqlite'}"
    process = subprocess.Popen(
        # Small batches: many checkpoints, so one is seen (and the kill lands) mid-run
        # even when a loaded machine polls slowly.
        [sys.executable, "-m", "spindle_state.state_cli", "backfill", "--no-progress",
         "--batch-size", "25"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    checkpoint = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        row = _state_row(url)
        if row is not None and row[1] is not None:
            checkpoint = row
            break
        time.sleep(0.005)
    assert process.poll() is None, "backfill finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert checkpoint is not None and checkpoint[0] == "running"
    with open_store(home, db_url) as store:
        threads_before, _, _ = counts(store)
        assert 0 < threads_before < total
        state = store.get_backfill_state()
        assert state is not None and state.status == "running"
        report = store.run_backfill()
        assert report.resumed_after == state.last_watermark
        assert report.inserted == total - threads_before
        assert report.reconciled == 0
        assert counts(store) == (total, total * 3, total * 3)
        with store.engine.connect() as connection:
            ids = set(connection.execute(sa.text("SELECT id FROM threads")).scalars())
        assert ids == {tid(n) for n in range(total)}


def test_cli_backfill_reports_and_shows_progress(home: Path) -> None:
    write_rollouts(home, count=4)
    runner = CliRunner()
    result = runner.invoke(state_cli, ["backfill", "--home", str(home), "--progress"])
    assert result.exit_code == 0, result.output
    assert "backfill complete: 4 rollouts processed, 4 inserted" in result.output
    again = runner.invoke(state_cli, ["backfill", "--home", str(home), "--no-progress"])
    assert "0 rollouts processed" in again.output
    info = runner.invoke(state_cli, ["info", "--home", str(home)])
    assert info.exit_code == 0
    assert "threads: 4" in info.output and "backfill: complete" in info.output
