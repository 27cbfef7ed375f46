"""Memories benchmarks: parallel phase 1 through the server's model client, and the phase-2
workspace diff.

Printed, never asserted. Targets from issue 13:

- phase 1 over 64 rollouts against a mock model answering in 200 ms: wall time at most
  1.3x the ideal 64/8 x 200 ms (eight jobs at once). The calls go through the app server's
  own ``StageOneModel`` (the Responses client turns use) to the mock provider on 127.0.0.1;
  the single-call latency measured first is the baseline of the ratio. The mock provider
  runs in a process of its own, as a real model is remote (in this process its threads
  would take the GIL from the client), and the same pass with an in-process model that
  only sleeps 200 ms shows the pipeline's own overhead;
- the diff of a memories workspace holding 1,000 summary files: at most 1 s (clean, and
  with a few files added, changed and deleted).

``SPINDLE_BENCH_SCALE`` (default 1.0) shrinks the sizes.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spindle_memories import (  # noqa: E402
    STAGE_ONE_SCHEMA_NAME,
    MemoriesConfig,
    StageOneRequest,
    prepare_workspace,
    reset_baseline,
    run_phase1,
    workspace_diff,
)
from spindle_state import NewThread, StateStore, open_memory_store, open_store  # noqa: E402

from tests.support.client import API_KEY, API_KEY_ENV, write_config  # noqa: E402
from tests.support.mock_provider import (  # noqa: E402
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
)

SCALE = float(os.environ.get("SPINDLE_BENCH_SCALE", "1.0"))
ROLLOUTS = max(8, int(64 * SCALE))
CONCURRENCY = 8
LATENCY_S = 0.2
SUMMARY_FILES = max(10, int(1_000 * SCALE))
HOUR_MS = 3_600_000

ANSWER = json.dumps(
    {"raw_memory": "The user likes teal.", "rollout_summary": "Teal.", "rollout_slug": "teal"}
)


def _slow_answer(request: RecordedRequest) -> TextReply:
    del request
    time.sleep(LATENCY_S)  # each request has its own mock server thread
    return TextReply.of(ANSWER, n=1)


_MOCK_PROCESS = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from bench_memories import serve_slow_mock
serve_slow_mock()
"""


def serve_slow_mock() -> None:
    """The mock provider of the phase-1 bench, in a process of its own: prints its base URL,
    then serves until its standard input closes."""
    with MockProvider() as provider:
        provider.set_default(Scripted(_slow_answer))
        print(provider.base_url, flush=True)
        sys.stdin.read()


def _client_cpu() -> float:
    """CPU seconds of this process and of the model worker process it sends the model
    requests through (read from ``/proc`` on Linux)."""
    total = time.process_time()
    tasks = Path(f"/proc/{os.getpid()}/task")
    for task in tasks.iterdir() if tasks.exists() else ():
        for child in (task / "children").read_text().split():
            proc = Path("/proc") / child
            with suppress(OSError):
                if b"spindle_app_server._model_worker" in (proc / "cmdline").read_bytes():
                    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                    total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@contextmanager
def _mock_process() -> Iterator[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _MOCK_PROCESS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        yield child.stdout.readline().strip()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def _make_threads(state: StateStore, home: Path, count: int) -> None:
    now = int(time.time() * 1000)
    for n in range(count):
        tid = f"01a2241e-0000-7000-8000-{n:012d}"
        rollout = home / "sessions" / f"rollout-{tid}.jsonl"
        rollout.parent.mkdir(parents=True, exist_ok=True)
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": f"task {n}: " + "words " * 200}],
        }
        lines = [
            {"timestamp": "2026-01-01T00:00:00.000Z", "type": "session_meta", "payload": {}},
            {"timestamp": "2026-01-01T00:00:01.000Z", "type": "response_item", "payload": item},
        ]
        rollout.write_text("".join(json.dumps(line) + "\n" for line in lines))
        stamp = now - 7 * HOUR_MS - n * 1000
        state.create_thread(
            NewThread(
                id=tid,
                rollout_path=str(rollout),
                preview=f"task {n}",
                cwd="/work",
                created_at_ms=stamp,
                updated_at_ms=stamp,
            )
        )


async def _sleeping_model(request: StageOneRequest) -> str:
    del request
    await asyncio.sleep(LATENCY_S)
    return ANSWER


async def _phase1_without_http(home: Path) -> float:
    state = open_store(home)
    memories = open_memory_store(home)
    try:
        _make_threads(state, home, ROLLOUTS)
        start = time.perf_counter()
        await run_phase1(
            state,
            memories,
            _sleeping_model,
            worker_id="bench",
            current_thread_id=None,
            config=MemoriesConfig(max_rollouts_per_startup=ROLLOUTS, max_rollout_age_days=30),
            concurrency=CONCURRENCY,
        )
        return time.perf_counter() - start
    finally:
        memories.close()
        state.close()


async def _phase1(home: Path, base_url: str) -> tuple[float, float, float, int]:
    from spindle_app_server._config import load_config
    from spindle_app_server._memory_services import (
        MemoryRunSettings,
        MemoryRunSlot,
        ServerStageOneModel,
    )
    from spindle_app_server._server import AppServer

    write_config(home, base_url)
    config = load_config(home)
    state = open_store(home)
    memories = open_memory_store(home)
    server = AppServer(config)
    server.finish_loading(state)
    try:
        _make_threads(state, home, ROLLOUTS)
        slot = MemoryRunSlot(
            MemoryRunSettings(thread_id=None, model="mock-model", model_provider="mock")
        )
        model = ServerStageOneModel(server, slot)
        request = StageOneRequest(
            thread_id="baseline",
            model=None,
            reasoning_effort="low",
            instructions="Extract.",
            input_text="hello",
            output_schema={"type": "object"},
            schema_name=STAGE_ONE_SCHEMA_NAME,
        )
        await model(request)  # warm the client and its connection pool
        singles = []
        for _ in range(5):
            start = time.perf_counter()
            await model(request)
            singles.append(time.perf_counter() - start)
        single = statistics.median(singles)
        start = time.perf_counter()
        cpu = _client_cpu()
        report = await run_phase1(
            state,
            memories,
            model,
            worker_id="bench",
            current_thread_id=None,
            config=MemoriesConfig(max_rollouts_per_startup=ROLLOUTS, max_rollout_age_days=30),
            concurrency=CONCURRENCY,
        )
        wall = time.perf_counter() - start
        return single, wall, _client_cpu() - cpu, len(report.jobs)
    finally:
        await server.shutdown()
        memories.close()
        state.close()


def _diff_bench(root: Path) -> dict[str, float]:
    summaries = root / "rollout_summaries"
    summaries.mkdir(parents=True)
    for n in range(SUMMARY_FILES):
        (summaries / f"2026-01-01T00-00-{n:05d}-abcd-task_{n}.md").write_text(
            f"thread_id: {n}\nupdated_at: 2026-01-01T00:00:00Z\n\n" + "A summary line.\n" * 30
        )
    (root / "raw_memories.md").write_text("# Raw Memories\n\n" + "memory\n" * 5_000)
    prepare_workspace(root)
    reset_baseline(root)
    figures: dict[str, float] = {}
    start = time.perf_counter()
    clean = workspace_diff(root)
    figures["clean"] = time.perf_counter() - start
    assert not clean.has_changes
    for n in range(10):
        path = summaries / f"2026-01-01T00-00-{n:05d}-abcd-task_{n}.md"
        path.write_text(path.read_text() + "An edit.\n")
    for n in range(10, 15):
        (summaries / f"2026-01-01T00-00-{n:05d}-abcd-task_{n}.md").unlink()
    for n in range(5):
        (summaries / f"2026-02-01T00-00-{n:05d}-wxyz-new_{n}.md").write_text("thread_id: x\n")
    start = time.perf_counter()
    dirty = workspace_diff(root)
    figures["dirty"] = time.perf_counter() - start
    figures["changes"] = float(len(dirty.changes))
    return figures


def main() -> None:
    os.environ[API_KEY_ENV] = API_KEY
    tmp = Path(tempfile.mkdtemp(prefix="spindle-bench-memories-"))
    try:
        with _mock_process() as base_url:
            single, wall, cpu, jobs = asyncio.run(_phase1(tmp / "home", base_url))
        ideal = ROLLOUTS / CONCURRENCY * single
        print(f"phase 1 single call (mock {LATENCY_S * 1000:.0f} ms): {single * 1000:.0f} ms")
        print(
            f"phase 1 over {ROLLOUTS} rollouts, {CONCURRENCY} at once: {wall:.2f} s "
            f"({jobs} jobs); ideal {ROLLOUTS}/{CONCURRENCY} x single = {ideal:.2f} s; "
            f"ratio {wall / ideal:.2f} (target <= 1.3); "
            f"client CPU (its model worker included) {cpu * 1000 / jobs:.1f} ms per job"
        )
        bare = asyncio.run(_phase1_without_http(tmp / "bare"))
        bare_ideal = ROLLOUTS / CONCURRENCY * LATENCY_S
        print(
            f"phase 1 over {ROLLOUTS} rollouts, model sleeping {LATENCY_S * 1000:.0f} ms "
            f"in process (no HTTP): {bare:.2f} s; ratio {bare / bare_ideal:.2f}"
        )
        figures = _diff_bench(tmp / "memories")
        print(
            f"phase 2 diff, {SUMMARY_FILES} summary files: clean {figures['clean'] * 1000:.0f} ms,"
            f" with {figures['changes']:.0f} changes {figures['dirty'] * 1000:.0f} ms "
            "(target <= 1000 ms)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
