"""Start-up benchmarks, spindle side by side with the reference ``codex app-server`` 0.169.0.

Measured in one run, on stdio, with the mock Responses provider on 127.0.0.1:

- spawn to ``initialize`` answered (a warm restart: the home and its databases exist);
- spawn to the first ``thread/start`` answered, sent as a client does: right after the
  ``initialize`` answer (and the ``initialized`` notification);
- exit after stdin EOF on an idle server;
- the first turn of a fresh process (spawn, initialize, thread/start, turn/start, then
  ``turn/completed``) against the median of the turns that follow it, the median over
  ``SPINDLE_BENCH_STARTS`` processes; and the turn p50/p99 over the first process's
  ``SPINDLE_BENCH_STARTUP_TURNS`` turns;
- a first start over ``SPINDLE_BENCH_ROLLOUTS`` (3,000) existing rollouts whose database
  is gone: spawn until ``thread/list`` (paged by 100) returns every one of them. spindle
  answers once its backfill has indexed them; the reference lists by scanning files.
  Before that, a spindle start over the same rollouts is stopped (stdin EOF) while its
  backfill runs: that exit is timed too.

Homes live under ``~/.cache/spindle/bench-startup`` (not /tmp). Nothing is asserted.
Settings: ``SPINDLE_BENCH_STARTS`` (default 7), ``SPINDLE_BENCH_STARTUP_TURNS`` (50),
``SPINDLE_BENCH_ROLLOUTS`` (3000), ``SPINDLE_BENCH_REFERENCE=0`` to skip the reference.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benches._side_by_side import (  # noqa: E402
    Figures,
    Kind,
    env_int,
    percentile,
    print_table,
    side_by_side,
)

INITIALIZE = json.dumps(
    {"id": 0, "method": "initialize", "params": {"clientInfo": {"name": "bench", "version": "0"}}}
).encode()


def _bench_root() -> Path:
    root = Path.home() / ".cache" / "spindle" / "bench-startup"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _spawn(server: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        server.command(),
        env=server.environment(),
        cwd=server.cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _initialize_and_exit(server: Any) -> tuple[float, float]:
    """(ms from spawn to the initialize answer, ms from stdin EOF to exit)."""
    started = time.perf_counter()
    proc = _spawn(server)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(INITIALIZE + b"\n")
    proc.stdin.flush()
    while True:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{server.kind} exited before answering initialize")
        if json.loads(line).get("id") == 0:
            break
    answered = time.perf_counter()
    # The answer's follow-up notifications may still come; EOF now, as an IDE closing.
    proc.stdin.close()
    proc.stdout.read()
    proc.wait(timeout=60)
    exited = time.perf_counter()
    proc.stdout.close()
    return (answered - started) * 1000, (exited - answered) * 1000


def _read_answer(proc: subprocess.Popen[bytes], request_id: int, kind: str) -> dict[str, Any]:
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{kind} exited before answering request {request_id}")
        message: dict[str, Any] = json.loads(line)
        if message.get("id") == request_id:
            return message


def _first_thread_start(server: Any) -> float:
    """ms from spawn to the answer of a thread/start sent right after initialize's answer."""
    started = time.perf_counter()
    proc = _spawn(server)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(INITIALIZE + b"\n")
    proc.stdin.flush()
    _read_answer(proc, request_id=0, kind=server.kind)
    thread_start = {"id": 1, "method": "thread/start", "params": {"cwd": str(server.cwd)}}
    proc.stdin.write(b'{"method":"initialized"}\n' + json.dumps(thread_start).encode() + b"\n")
    proc.stdin.flush()
    answer = _read_answer(proc, request_id=1, kind=server.kind)
    answered = time.perf_counter()
    if "result" not in answer:
        raise RuntimeError(f"{server.kind} thread/start failed: {answer}")
    proc.stdin.close()
    proc.stdout.read()
    proc.wait(timeout=60)
    proc.stdout.close()
    return (answered - started) * 1000


def _turns_of_one_start(server: Any, turns: int) -> tuple[float, list[float]]:
    """One fresh process: (ms from spawn to thread/start answered, each turn's ms)."""
    from tests.support.flows import run_turn, start_thread

    started = time.perf_counter()
    server.start()
    try:
        conn = server.connect()
        conn.initialize("bench")
        thread = start_thread(conn)
        ready = time.perf_counter()
        samples = []
        for i in range(turns + 1):
            t0 = time.perf_counter()
            run_turn(conn, thread["id"], f"turn {i}", timeout=120)
            samples.append((time.perf_counter() - t0) * 1000)
        return (ready - started) * 1000, samples
    finally:
        server.shutdown(timeout=60)


def _first_turns(server: Any, starts: int, turns: int) -> dict[str, float]:
    """The first turn of ``starts`` fresh processes (medians: one start is one sample), the
    turns after it, and the turn p50/p99 over the ``turns`` turns of the first start."""
    ready, samples = _turns_of_one_start(server, turns)
    rest = samples[1:]
    readies, firsts, extras = [ready], [samples[0]], [samples[0] - statistics.median(rest)]
    for _ in range(starts - 1):
        # A few turns each: enough for a median of the turns after the first.
        ready, others = _turns_of_one_start(server, turns=5)
        readies.append(ready)
        firsts.append(others[0])
        extras.append(others[0] - statistics.median(others[1:]))
    return {
        "spawn to thread/start ms": statistics.median(readies),
        "first turn ms": statistics.median(firsts),
        "first turn extra ms": statistics.median(extras),
        "turn p50 ms": statistics.median(rest),
        "turn p99 ms": percentile(rest, q=0.99),
    }


def _rollout_start(kind: Kind, root: Path, provider: Any, count: int, figures: Figures) -> float:
    """ms from spawn until thread/list returns all ``count`` + 1 rollouts of a first start."""
    from tests.support.client import ServerProcess, write_config
    from tests.support.flows import run_turn, start_thread
    from tests.support.rollouts import clone_rollouts, find_rollout

    home = root / "rollouts" / "home"
    shutil.rmtree(home.parent, ignore_errors=True)
    write_config(home, provider.base_url)
    (root / "rollouts" / "w").mkdir(parents=True, exist_ok=True)
    server = ServerProcess(kind=kind, home=home, transport="stdio", cwd=root / "rollouts" / "w")
    server.start()
    conn = server.connect()
    conn.initialize("bench")
    thread_id = start_thread(conn)["id"]
    run_turn(conn, thread_id, "an old conversation", timeout=120)
    server.shutdown(timeout=60)
    clone_rollouts(find_rollout(home, thread_id), thread_id, count)
    for name in ("state.sqlite", "state_5.sqlite", "thread_history_1.sqlite"):
        for path in home.glob(f"{name}*"):
            path.unlink()
    if kind == "spindle":
        # Exit while the backfill runs (spindle's log says when it is under way).
        server.start()
        since = len(server.stderr_text())
        server.connect().initialize("bench")
        deadline = time.monotonic() + 120
        while True:
            log = server.stderr_text()[since:]
            # A few rollouts are indexed before the first progress line: nothing to stop.
            if "rollouts indexed so far" in log or "state backfill complete" in log:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the backfill never logged its progress")
            time.sleep(0.01)
        t0 = time.perf_counter()
        server.shutdown(timeout=60)
        if "state backfill complete" not in log:
            exit_ms = (time.perf_counter() - t0) * 1000
            figures.values["exit after EOF during a backfill ms"] = exit_ms
        else:
            figures.notes.append(
                f"the backfill of {count} rollouts ended before its first progress line: "
                "no exit during a backfill to time"
            )
        for path in home.glob("state.sqlite*"):  # the timed start below starts from scratch
            path.unlink()
    started = time.perf_counter()
    server.start()
    try:
        conn = server.connect()
        conn.initialize("bench")
        while True:
            listed: set[str] = set()
            cursor = None
            while True:
                params: dict[str, Any] = {"limit": 100, "cursor": cursor}
                page = conn.call("thread/list", params, timeout=600)
                listed.update(t["id"] for t in page["data"])
                cursor = page["nextCursor"]
                if cursor is None:
                    break
            if len(listed) >= count + 1:
                return (time.perf_counter() - started) * 1000
            time.sleep(0.05)
    finally:
        server.shutdown(timeout=60)


def bench_kind(kind: Kind, starts: int, turns: int, rollouts: int) -> Figures:
    from tests.support.client import ServerProcess, write_config
    from tests.support.mock_provider import MockProvider

    figures = Figures(kind)
    root = _bench_root() / kind
    shutil.rmtree(root, ignore_errors=True)
    with MockProvider() as provider:
        home = root / "home"
        write_config(home, provider.base_url)
        (root / "work").mkdir(parents=True, exist_ok=True)
        server = ServerProcess(kind=kind, home=home, transport="stdio", cwd=root / "work")
        _initialize_and_exit(server)  # creates the home and its databases: warm from here
        init, exit_ = zip(*(_initialize_and_exit(server) for _ in range(starts)), strict=True)
        figures.values["spawn to initialize ms"] = statistics.median(init)
        figures.values["exit after EOF (idle) ms"] = statistics.median(exit_)
        firsts = [_first_thread_start(server) for _ in range(starts)]
        figures.values["spawn to first thread/start answered ms"] = statistics.median(firsts)
        figures.values.update(_first_turns(server, starts, turns))
        listed = _rollout_start(kind, root, provider, rollouts, figures)
        figures.values[f"first start, {rollouts} rollouts listed ms"] = listed
    return figures


def main() -> None:
    starts = env_int("SPINDLE_BENCH_STARTS", default=7)
    turns = env_int("SPINDLE_BENCH_STARTUP_TURNS", default=50)
    rollouts = env_int("SPINDLE_BENCH_ROLLOUTS", default=3000)
    results = side_by_side(lambda kind: bench_kind(kind, starts, turns, rollouts))
    print("transport: stdio; mock provider on 127.0.0.1; medians unless noted")
    print_table(results, metric_width=40, value_width=10, decimals=1)


if __name__ == "__main__":
    main()
