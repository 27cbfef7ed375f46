"""Agent loop benchmarks, spindle side by side with the reference ``codex app-server`` 0.169.0.

Both servers run at once, over WebSocket, each against its own mock Responses provider on
127.0.0.1 that scripts an ``exec_command`` call and then a final text:

- tool turn latency: ``turn/start`` sent to ``turn/completed`` received for a turn with one
  ``exec_command("true")`` call, p50 and p90, with approval policy ``never`` under
  ``danger-full-access`` and under ``read-only`` (sandboxed). Turns alternate between the
  two servers so that load on the machine weighs on both alike. Goal: at most 1.0x. Also
  the CPU time the server spent per turn (spindle's model worker process included, the
  commands not), which load on a shared machine moves much less than latency. The first turn of each thread
  (for the first figure, also the first of the server process) is reported on its own.
- streaming: a command printing 50 MB. Output delta bytes received, time to completion,
  delta throughput, server RSS growth (peak ``VmHWM`` reset through ``clear_refs``, minus
  ``VmRSS`` before; goal under 64 MB), and the size of the text the model was sent back.
- concurrency: 16 threads, one WebSocket connection each, start a tool turn at the same
  moment. Every turn must complete, and each connection must receive the notifications a
  serial tool turn produces on that server (no drops). Wall time from the first
  ``turn/start`` to the last ``turn/completed``.

Server homes live under ``~/.cache/spindle/bench`` rather than the system temp dir: the
reference does not install its sandbox helper under a temp dir. Nothing is asserted.
Settings (environment variables): ``SPINDLE_BENCH_TOOL_TURNS`` (default 20 per policy),
``SPINDLE_BENCH_STREAM_BYTES`` (default 50000000), ``SPINDLE_BENCH_CONCURRENT`` (default 16),
``SPINDLE_BENCH_REFERENCE=0`` to skip the reference.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.client import Connection, ServerProcess, write_config  # noqa: E402
from tests.support.flows import run_turn, start_thread  # noqa: E402
from tests.support.mock_provider import (  # noqa: E402
    FunctionCall,
    MockProvider,
    Scripted,
    TextReply,
    ToolCallsReply,
)

Kind = Literal["spindle", "reference"]
JSON = dict[str, Any]

BENCH_HOME = Path.home() / ".cache" / "spindle" / "bench"
FULL_ACCESS = {"approvalPolicy": "never", "sandbox": "danger-full-access"}
READ_ONLY = {"approvalPolicy": "never", "sandbox": "read-only"}
DELTA = "item/commandExecution/outputDelta"
MB = 1_000_000


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _tool_turn(cmd: str, call_id: str | None = None) -> Scripted:
    call = FunctionCall("exec_command", {"cmd": cmd}, call_id=call_id)
    return Scripted.tool_round_trip(ToolCallsReply(calls=(call,)), TextReply.of("done.", n=1))


# --- process memory -------------------------------------------------------------------------

MODEL_WORKER = b"spindle_app_server._model_worker"


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
                found.extend(int(child) for child in text.split())
    return found


def _exe_name(pid: int) -> str:
    try:
        return Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:
        return ""


def server_pid(kind: Kind, launcher: int) -> int:
    """The process that serves: spindle's own, or the Rust binary the reference's npm
    launcher (node) starts as its child."""
    if kind == "spindle":
        return launcher
    queue = [launcher]
    while queue:
        pid = queue.pop(0)
        if _exe_name(pid) == "codex":
            return pid
        queue.extend(_children(pid))
    return launcher


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _process_cpu_ms(pid: int) -> float:
    """CPU time the process itself has used (user + system, children excluded), in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _cpu_ms(pid: int) -> float:
    """CPU time the server has used, in ms: its process and, for spindle, its model worker
    process (which sends the model requests for it); the commands it runs not included."""
    total = _process_cpu_ms(pid)
    for child in _children(pid):
        with contextlib.suppress(OSError):
            if MODEL_WORKER in Path(f"/proc/{child}/cmdline").read_bytes():
                total += _process_cpu_ms(child)
    return total


def _reset_peak(pid: int) -> bool:
    """Reset ``VmHWM`` to the current RSS (``clear_refs`` 5), so a peak is this run's."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# --- the side-by-side servers -------------------------------------------------------------


@dataclass
class Side:
    kind: Kind
    provider: MockProvider
    server: ServerProcess
    pid: int = 0
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def connect(self) -> Connection:
        conn = self.server.connect()
        conn.initialize("bench")
        return conn


@contextlib.contextmanager
def open_side(kind: Kind, root: Path) -> Iterator[Side]:
    with MockProvider() as provider:
        home = root / kind / "home"
        write_config(home, provider.base_url)
        server = ServerProcess(kind=kind, home=home, transport="ws", cwd=root / kind / "work")
        with server:
            assert server.proc is not None
            side = Side(kind, provider, server)
            side.pid = server_pid(kind, server.proc.pid)
            yield side


def _stamp_arrivals(conn: Connection) -> list[float]:
    """Record the arrival time of every message the connection receives, in order."""
    arrivals: list[float] = []
    deliver = conn._deliver

    def stamped(raw: str | bytes) -> None:
        arrivals.append(time.perf_counter())
        deliver(raw)

    conn._deliver = stamped  # type: ignore[method-assign]
    return arrivals


# --- 1. tool turn latency -----------------------------------------------------------------


def bench_latency(sides: list[Side], label: str, thread_params: JSON, turns: int) -> None:
    runs: dict[Kind, tuple[Connection, str]] = {}
    for side in sides:
        side.provider.set_default(_tool_turn("true"))
        conn = side.connect()
        thread = start_thread(conn, **thread_params)
        started = time.perf_counter()
        warm = run_turn(conn, thread["id"], "warm up", timeout=120)
        side.figures[f"{label} first turn ms"] = (time.perf_counter() - started) * 1000
        done = [
            m["params"]["item"]
            for m in warm.of("item/completed")
            if m["params"]["item"]["type"] == "commandExecution"
        ]
        if warm.status != "completed" or not done or done[0]["exitCode"] != 0:
            side.notes.append(f"{label}: warm-up turn {warm.status}, command items {done}")
        runs[side.kind] = (conn, thread["id"])
    samples: dict[Kind, list[float]] = {side.kind: [] for side in sides}
    cpu_before = {side.kind: _cpu_ms(side.pid) for side in sides}
    for i in range(turns):
        # Alternate who goes first, so neither always follows the other's cleanup.
        for side in sides if i % 2 == 0 else sides[::-1]:
            conn, thread_id = runs[side.kind]
            started = time.perf_counter()
            run = run_turn(conn, thread_id, f"turn {i}", timeout=120)
            samples[side.kind].append((time.perf_counter() - started) * 1000)
            if run.status != "completed":
                side.notes.append(f"{label}: turn {i} {run.status}")
    for side in sides:
        side.figures[f"{label} p50 ms"] = statistics.median(samples[side.kind])
        side.figures[f"{label} p90 ms"] = _percentile(samples[side.kind], q=0.9)
        # Load on a shared machine moves latencies; the server's own CPU per turn less so.
        cpu = _cpu_ms(side.pid) - cpu_before[side.kind]
        side.figures[f"{label} server CPU ms/turn"] = cpu / turns
        runs[side.kind][0].close()


# --- 2. streaming -------------------------------------------------------------------------


def bench_streaming(side: Side, n_bytes: int) -> None:
    cmd = f"head -c {n_bytes} /dev/zero | tr '\\0' a"
    side.provider.set_default(_tool_turn(cmd, call_id="stream"))
    conn = side.connect()
    arrivals = _stamp_arrivals(conn)
    thread = start_thread(conn, **FULL_ACCESS)
    rss_before = _status_kb(side.pid, "VmRSS")
    if not _reset_peak(side.pid):
        side.notes.append("streaming: could not reset VmHWM; the peak may predate the run")
    since = conn.mark()
    cpu_before = _cpu_ms(side.pid)
    started = time.perf_counter()
    run = run_turn(conn, thread["id"], "stream", timeout=600)
    elapsed = time.perf_counter() - started
    cpu = _cpu_ms(side.pid) - cpu_before
    peak = _status_kb(side.pid, "VmHWM")
    rss_after = _status_kb(side.pid, "VmRSS")
    deltas = run.of(DELTA)
    sizes = [len(m["params"]["delta"].encode()) for m in deltas]
    total = sum(sizes)
    index = {id(m): i for i, m in enumerate(conn.messages[since:], start=since)}
    times = [arrivals[index[id(m)]] for m in deltas]
    side.figures["stream delta MB received"] = total / MB
    side.figures["stream deltas (count)"] = len(deltas)
    side.figures["stream largest delta bytes"] = max(sizes, default=0)
    side.figures["stream turn s"] = elapsed
    side.figures["stream server CPU s"] = cpu / 1000
    if len(times) > 1 and times[-1] > times[0]:
        side.figures["stream delta MB/s"] = total / MB / (times[-1] - times[0])
        side.figures["stream first delta s"] = times[0] - started
    side.figures["stream RSS peak growth MB"] = (peak - rss_before) / 1000
    side.figures["stream RSS kept MB"] = (rss_after - rss_before) / 1000
    completed = [
        m["params"]["item"]
        for m in run.of("item/completed")
        if m["params"]["item"]["type"] == "commandExecution"
    ]
    if run.status != "completed" or not completed:
        side.notes.append(f"streaming: turn {run.status}, command items {completed}")
    else:
        aggregated = completed[0].get("aggregatedOutput") or ""
        side.figures["stream aggregatedOutput MB"] = len(aggregated.encode()) / MB
    outputs = [r.function_call_outputs().get("stream") for r in side.provider.response_requests]
    sent = [o for o in outputs if isinstance(o, str)]
    if not sent:
        side.notes.append("streaming: the model never got the command's output")
    else:
        text = sent[-1]
        side.figures["stream model output chars"] = len(text)
        if "truncated" not in text:
            side.notes.append("streaming: the model's output text is not truncated")
        token_line = next((ln for ln in text.splitlines() if ln.startswith("Original token")), "")
        side.notes.append(f"streaming: model text {token_line!r}, {len(text)} chars")
    conn.close()


# --- 3. concurrent threads ----------------------------------------------------------------


def _thread_of(message: JSON) -> str | None:
    params = message.get("params") or {}
    thread = params.get("thread")
    return params.get("threadId") or (thread.get("id") if isinstance(thread, dict) else None)


def _methods(conn: Connection, since: int, thread_id: str) -> tuple[Counter[str], int]:
    """Methods of the notifications about ``thread_id`` (or no thread), and how many were
    about other threads (the reference tells every connection of other threads' status)."""
    own: Counter[str] = Counter()
    others = 0
    for message in conn.notifications(since):
        if _thread_of(message) in (None, thread_id):
            own[str(message["method"])] += 1
        else:
            others += 1
    return own, others


def bench_concurrency(side: Side, n_threads: int) -> None:
    side.provider.set_default(_tool_turn("echo concurrent-tool-turn"))
    # What one tool turn on a connection of its own produces, run alone.
    conn = side.connect()
    thread = start_thread(conn, **FULL_ACCESS)
    since = conn.mark()
    run_turn(conn, thread["id"], "serial", timeout=120)
    expected, _ = _methods(conn, since, thread["id"])
    conn.close()

    conns = [side.connect() for _ in range(n_threads)]
    threads = [start_thread(c, **FULL_ACCESS)["id"] for c in conns]
    marks = [c.mark() for c in conns]
    barrier = threading.Barrier(n_threads + 1)
    statuses: list[str] = ["not started"] * n_threads

    def drive(i: int) -> None:
        barrier.wait()
        try:
            statuses[i] = run_turn(conns[i], threads[i], f"parallel {i}", timeout=300).status
        except Exception as exc:  # a turn that never completes is the finding
            statuses[i] = f"error: {exc}"[:200]

    workers = [threading.Thread(target=drive, args=(i,)) for i in range(n_threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - started
    # Late notifications (e.g. after turn/completed) still count against the baseline.
    time.sleep(0.5)
    counted = [_methods(c, m, t) for c, m, t in zip(conns, marks, threads, strict=True)]
    got = [own for own, _ in counted]
    completed = sum(status == "completed" for status in statuses)
    side.figures["concurrent wall s"] = wall
    side.figures["concurrent turns completed"] = completed
    side.figures["concurrent notifications expected"] = sum(expected.values()) * n_threads
    side.figures["concurrent notifications received"] = sum(sum(c.values()) for c in got)
    mismatched = [i for i, counts in enumerate(got) if counts != expected]
    side.figures["concurrent threads off baseline"] = len(mismatched)
    side.figures["concurrent notes on other threads"] = sum(n for _, n in counted)
    for i in mismatched[:3]:
        diff = {
            method: got[i][method] - expected[method]
            for method in sorted(set(got[i]) | set(expected))
            if got[i][method] != expected[method]
        }
        side.notes.append(f"concurrency: thread {i} ({statuses[i]}) received minus expected {diff}")
    for conn in conns:
        conn.close()


# --- report -------------------------------------------------------------------------------


def _report(sides: list[Side]) -> None:
    spindle = sides[0]
    reference = sides[1] if len(sides) > 1 else None
    print("transport: ws; mock provider on 127.0.0.1; approval policy never")
    header = f"{'metric':38} {'spindle':>12} {'reference':>12} {'spindle/ref':>12}"
    print(header)
    print("-" * len(header))
    for metric, value in spindle.figures.items():
        ref = reference.figures.get(metric) if reference else None
        ratio = f"{value / ref:12.2f}" if ref else f"{'n/a':>12}"
        ref_text = f"{ref:12.2f}" if ref is not None else f"{'n/a':>12}"
        print(f"{metric:38} {value:12.2f} {ref_text} {ratio}")
    print("(ms and s: lower is better; goals: tool turn p50 <= 1.0x, RSS peak growth < 64 MB)")
    for side in sides:
        for note in side.notes:
            print(f"note [{side.kind}]: {note}")


def main() -> None:
    turns = _env_int("SPINDLE_BENCH_TOOL_TURNS", default=20)
    stream_bytes = _env_int("SPINDLE_BENCH_STREAM_BYTES", default=50 * MB)
    n_threads = _env_int("SPINDLE_BENCH_CONCURRENT", default=16)
    kinds: list[Kind] = ["spindle"]
    if os.environ.get("SPINDLE_BENCH_REFERENCE", "1") != "0":
        from tests.support.reference import ReferenceUnavailable, codex_binary

        try:
            codex_binary()
        except ReferenceUnavailable as exc:
            print(f"reference not available, spindle figures only: {exc}")
        else:
            kinds.append("reference")
    BENCH_HOME.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="agent-loop-", dir=BENCH_HOME))
    try:
        with contextlib.ExitStack() as stack:
            sides = [stack.enter_context(open_side(kind, root)) for kind in kinds]
            bench_latency(sides, "tool turn full-access", FULL_ACCESS, turns)
            bench_latency(sides, "tool turn read-only", READ_ONLY, turns)
            for side in sides:
                bench_streaming(side, stream_bytes)
            for side in sides:
                bench_concurrency(side, n_threads)
        _report(sides)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
