"""Sub-agent benchmarks, spindle side by side with the reference ``codex app-server`` 0.169.0.

Each server runs over WebSocket against its own mock Responses provider on 127.0.0.1, with
the same script: one user turn whose first response spawns N children
(``multi_agent_v1.spawn_agent``, one call each, in one response), whose second response
waits for all of them (``wait_agent``), then a final text; every child answers at once.

- total: ``turn/start`` sent to the last of the N child ``turn/completed`` and the parent's
  ``turn/completed`` received;
- spawn latency: per spawn call, its ``collabAgentToolCall`` ``item/started`` to its
  ``item/completed`` as received by the client, p50 and p90;
- memory per idle child: server RSS after the children went idle, minus RSS before the turn
  (after a warm-up turn), divided by N. Goal: at most 256 KB per child.

``[agents] max_threads`` is raised for the reference (its default caps concurrent agents).
Settings: ``SPINDLE_BENCH_AGENTS`` (default 32), ``SPINDLE_BENCH_REFERENCE=0`` to skip the
reference. Nothing is asserted.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
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
    Behaviour,
    FunctionCall,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)

Kind = Literal["spindle", "reference"]
JSON = dict[str, Any]

BENCH_HOME = Path.home() / ".cache" / "spindle" / "bench"
CHILD_TASK = "[child] hi"
PARENT_TASK = "[spawn-many] go"
AGENTS_CONFIG = "[agents]\nmax_threads = 1000\n"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
                found.extend(int(child) for child in text.split())
    return found


def server_pid(kind: Kind, launcher: int) -> int:
    """spindle's own process, or the Rust binary the reference's npm launcher starts."""
    if kind == "spindle":
        return launcher
    queue = [launcher]
    while queue:
        pid = queue.pop(0)
        with contextlib.suppress(OSError):
            if Path(os.readlink(f"/proc/{pid}/exe")).name == "codex":
                return pid
        queue.extend(_children(pid))
    return launcher


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise KeyError("VmRSS")


def _task(request: RecordedRequest) -> str:
    texts = [text for role, text in request.conversation() if role == "user"]
    return texts[-1] if texts else ""


def _script(n: int) -> Scripted:
    def answer(request: RecordedRequest) -> Behaviour:
        task = _task(request)
        if task == CHILD_TASK:
            return TextReply.of("child done", n=1)
        if task != PARENT_TASK:
            return TextReply.of("warm", n=1)
        outputs = request.function_call_outputs()
        spawned = [
            json.loads(out)["agent_id"]
            for call_id, out in outputs.items()
            if call_id.startswith("spawn_") and isinstance(out, str) and out.startswith("{")
        ]
        if not outputs:
            calls = [
                FunctionCall(
                    "spawn_agent",
                    {"message": CHILD_TASK},
                    call_id=f"spawn_{i}",
                    namespace="multi_agent_v1",
                )
                for i in range(n)
            ]
            return ToolCallsReply(calls=calls)
        if "wait_all" not in outputs:
            return ToolCallsReply(
                calls=(
                    FunctionCall(
                        "wait_agent",
                        {"targets": spawned, "timeout_ms": 60_000},
                        call_id="wait_all",
                        namespace="multi_agent_v1",
                    ),
                )
            )
        return TextReply.of("all spawned", n=1)

    return Scripted(answer)


@dataclass
class Side:
    kind: Kind
    provider: MockProvider
    server: ServerProcess
    pid: int = 0
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@contextlib.contextmanager
def open_side(kind: Kind, root: Path) -> Iterator[Side]:
    with MockProvider() as provider:
        home = root / kind / "home"
        write_config(home, provider.base_url, extra=AGENTS_CONFIG)
        server = ServerProcess(kind=kind, home=home, transport="ws", cwd=root / kind / "work")
        with server:
            assert server.proc is not None
            yield Side(kind, provider, server, server_pid(kind, server.proc.pid))


def _stamp_arrivals(conn: Connection) -> list[float]:
    arrivals: list[float] = []
    deliver = conn._deliver

    def stamped(raw: str | bytes) -> None:
        arrivals.append(time.perf_counter())
        deliver(raw)

    conn._deliver = stamped  # type: ignore[method-assign]
    return arrivals


def bench_spawn(side: Side, n: int) -> None:
    conn = side.server.connect()
    arrivals = _stamp_arrivals(conn)
    conn.initialize("bench")
    side.provider.set_default(_script(n))
    thread_id = start_thread(conn, approvalPolicy="never", sandbox="read-only")["id"]
    run_turn(conn, thread_id, "warm up", timeout=60)
    gc.collect()
    time.sleep(0.5)
    rss_before = _rss_kb(side.pid)
    since = conn.mark()
    started = time.perf_counter()
    turn = conn.call(
        "turn/start",
        {"threadId": thread_id, "input": [{"type": "text", "text": PARENT_TASK}]},
    )["turn"]
    conn.wait_for(
        "turn/completed",
        lambda m: m["params"]["turn"]["id"] == turn["id"],
        since=since,
        timeout=300,
    )
    deadline = time.monotonic() + 120
    while True:
        notes = conn.notifications(since)
        done = {
            m["params"]["threadId"]
            for m in notes
            if m["method"] == "turn/completed" and m["params"]["threadId"] != thread_id
        }
        if len(done) >= n or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    last = max(
        (arrivals[i] for i in range(since, len(conn.messages)) if i < len(arrivals)),
        default=time.perf_counter(),
    )
    side.figures["total for all children (s)"] = last - started
    if len(done) < n:
        side.notes.append(f"only {len(done)} of {n} children completed")
    starts: dict[str, float] = {}
    latencies: list[float] = []
    for index in range(since, len(conn.messages)):
        message = conn.messages[index]
        params = message.get("params") or {}
        item = params.get("item") if isinstance(params, dict) else None
        if not isinstance(item, dict) or item.get("tool") != "spawnAgent":
            continue
        if message.get("method") == "item/started":
            starts[str(item["id"])] = arrivals[index]
        elif message.get("method") == "item/completed" and str(item["id"]) in starts:
            latencies.append((arrivals[index] - starts[str(item["id"])]) * 1000)
    if latencies:
        side.figures["spawn latency p50 (ms)"] = statistics.median(latencies)
        side.figures["spawn latency p90 (ms)"] = _percentile(latencies, q=0.9)
    time.sleep(1.0)
    rss_after = _rss_kb(side.pid)
    side.figures["RSS per idle child (KB)"] = (rss_after - rss_before) / n
    side.notes.append(f"{len(latencies)} spawn items, {len(done)} child turns completed")
    conn.close()


def _report(sides: list[Side]) -> None:
    spindle = sides[0]
    reference = sides[1] if len(sides) > 1 else None
    print("transport: ws; mock provider on 127.0.0.1; children answer at once")
    header = f"{'metric':32} {'spindle':>12} {'reference':>12} {'spindle/ref':>12}"
    print(header)
    print("-" * len(header))
    for metric, value in spindle.figures.items():
        ref = reference.figures.get(metric) if reference else None
        ratio = f"{value / ref:12.2f}" if ref else f"{'n/a':>12}"
        ref_text = f"{ref:12.2f}" if ref is not None else f"{'n/a':>12}"
        print(f"{metric:32} {value:12.2f} {ref_text} {ratio}")
    print("(lower is better; goal: RSS per idle child <= 256 KB)")
    for side in sides:
        for note in side.notes:
            print(f"note [{side.kind}]: {note}")


def main() -> None:
    n = _env_int("SPINDLE_BENCH_AGENTS", default=32)
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
    root = Path(tempfile.mkdtemp(prefix="agents-", dir=BENCH_HOME))
    try:
        sides: list[Side] = []
        for kind in kinds:
            with open_side(kind, root) as side:
                bench_spawn(side, n)
                sides.append(side)
        _report(sides)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
