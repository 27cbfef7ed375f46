"""Request throughput, spindle side by side with the reference ``codex app-server`` 0.169.0.

Measured in one run, with the mock Responses provider on 127.0.0.1, on a thread with a few
turns:

- ``thread/read`` latency p50 (one request at a time, stdio);
- stdio throughput: ``SPINDLE_BENCH_THROUGHPUT_REQUESTS`` (default 5,000) ``thread/read``
  requests kept 64 in flight on one connection;
- WebSocket throughput: the same number of requests spread over 4 connections, 16 in
  flight on each.

A throughput counts the requests answered with a result per second of the whole run; the
share answered with an error (the reference sheds load with "Server overloaded; retry
later.") is printed beside it. Nothing is asserted. ``SPINDLE_BENCH_REFERENCE=0`` skips the
reference.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benches._side_by_side import (  # noqa: E402
    Figures,
    Kind,
    bench_home,
    env_int,
    print_table,
    side_by_side,
)

IN_FLIGHT = 64
WS_CONNECTIONS = 4
# Seconds a fresh server is left alone before a run: its start-up work is not measured.
SETTLE_SECONDS = 4.0


class _Window:
    """Keeps at most ``size`` requests in flight on one connection and counts answers."""

    def __init__(self, size: int, total: int) -> None:
        self.slots = threading.Semaphore(size)
        self.total = total
        self.ok = 0
        self.errors = 0
        self.done = threading.Event()
        self.first_error: Any = None

    def answered(self, message: dict[str, Any]) -> None:
        if "result" in message:
            self.ok += 1
        else:
            self.errors += 1
            if self.first_error is None:
                self.first_error = message.get("error")
        self.slots.release()
        if self.ok + self.errors >= self.total:
            self.done.set()


def _thread_read(request_id: int, thread_id: str) -> str:
    return json.dumps(
        {"id": request_id, "method": "thread/read", "params": {"threadId": thread_id}}
    )


def _open(
    send: Callable[[str], None], receive: Callable[[], str | bytes], name: str, thread_id: str
) -> None:
    """initialize, then thread/read one at a time: the first requests of a fresh process
    wait for its start."""

    def answer(request_id: int) -> None:
        while json.loads(receive()).get("id") != request_id:
            pass

    send(
        json.dumps(
            {
                "id": 0,
                "method": "initialize",
                "params": {"clientInfo": {"name": name, "version": "0"}},
            }
        )
    )
    answer(0)
    send(json.dumps({"method": "initialized"}))
    for n in range(1, 51):
        send(_thread_read(n, thread_id))
        answer(n)


def _pump(send: Callable[[str], None], window: _Window, thread_id: str) -> None:
    for n in range(window.total):
        window.slots.acquire()
        send(_thread_read(1_000_000 + n, thread_id))


def _count(messages: Iterable[str | bytes], window: _Window) -> None:
    """Counts the answers among ``messages`` until ``window`` has them all."""
    for raw in messages:
        message = json.loads(raw)
        if "id" in message and ("result" in message or "error" in message):
            window.answered(message)
            if window.done.is_set():
                return


def _stdio_run(proc: Any, thread_id: str, total: int) -> tuple[float, _Window]:
    def send(text: str) -> None:
        proc.stdin.write(text.encode() + b"\n")
        proc.stdin.flush()

    _open(send, proc.stdout.readline, "b", thread_id)
    # ...and a fresh spindle imports the model SDK in the background after its start.
    time.sleep(SETTLE_SECONDS)
    window = _Window(IN_FLIGHT, total)
    threading.Thread(target=_count, args=(proc.stdout, window), daemon=True).start()
    started = time.perf_counter()
    _pump(send, window, thread_id)
    window.done.wait(600)
    return time.perf_counter() - started, window


def _ws_run(port: int, thread_id: str, total: int) -> tuple[float, list[_Window]]:
    from websockets.sync.client import connect

    sockets = [
        connect(f"ws://127.0.0.1:{port}", max_size=None, proxy=None) for _ in range(WS_CONNECTIONS)
    ]
    for n, ws in enumerate(sockets):
        _open(ws.send, ws.recv, f"b{n}", thread_id)
    windows = [_Window(IN_FLIGHT // WS_CONNECTIONS, total // WS_CONNECTIONS) for _ in sockets]
    time.sleep(SETTLE_SECONDS)
    started = time.perf_counter()
    for ws, window in zip(sockets, windows, strict=True):
        threading.Thread(target=_count, args=(ws, window), daemon=True).start()
        threading.Thread(target=_pump, args=(ws.send, window, thread_id), daemon=True).start()
    for window in windows:
        window.done.wait(600)
    elapsed = time.perf_counter() - started
    for ws in sockets:
        ws.close()
    return elapsed, windows


def bench_kind(kind: Kind, total: int) -> Figures:
    from tests.support.client import ServerProcess
    from tests.support.flows import run_turn, start_thread

    figures = Figures(kind)
    with bench_home(kind, "bench-throughput") as (root, home):
        server = ServerProcess(kind=kind, home=home, transport="ws", cwd=root / "work")
        with server:
            conn = server.connect()
            conn.initialize("bench")
            thread = start_thread(conn)
            for i in range(3):
                run_turn(conn, thread["id"], f"turn {i}")
            params = {"threadId": thread["id"]}
            for _ in range(20):
                conn.call("thread/read", params)
            samples = []
            for _ in range(300):
                started = time.perf_counter()
                conn.call("thread/read", params)
                samples.append((time.perf_counter() - started) * 1000)
            figures.values["thread/read p50 ms"] = statistics.median(samples)
        # Raw pipes: the test client's bookkeeping per message would cost more than the
        # server's work.
        stdio = ServerProcess(kind=kind, home=home, transport="stdio", cwd=root / "work")
        proc = subprocess.Popen(
            stdio.command(),
            env=stdio.environment(),
            cwd=stdio.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            elapsed, window = _stdio_run(proc, thread["id"], total)
        finally:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(60)
        figures.values["stdio 64 in flight ok req/s"] = window.ok / elapsed
        figures.values["stdio answered with error %"] = 100 * window.errors / total
        if window.first_error is not None:
            figures.notes.append(f"stdio error: {window.first_error}")
        server = ServerProcess(kind=kind, home=home, transport="ws", cwd=root / "work")
        with server:
            assert server.port is not None
            elapsed, windows = _ws_run(server.port, thread["id"], total)
            ok = sum(w.ok for w in windows)
            errors = sum(w.errors for w in windows)
            figures.values["ws 4 conns ok req/s"] = ok / elapsed
            figures.values["ws answered with error %"] = 100 * errors / (ok + errors)
            first = next((w.first_error for w in windows if w.first_error is not None), None)
            if first is not None:
                figures.notes.append(f"ws error: {first}")
    return figures


def main() -> None:
    total = env_int("SPINDLE_BENCH_THROUGHPUT_REQUESTS", default=5000)
    results = side_by_side(lambda kind: bench_kind(kind, total))
    print(f"{total} thread/read requests per transport; mock provider on 127.0.0.1")
    print_table(
        results,
        metric_width=30,
        value_width=10,
        decimals=1,
        footer="(ms: lower is better; req/s: higher is better)",
    )


if __name__ == "__main__":
    main()
