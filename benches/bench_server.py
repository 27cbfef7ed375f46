"""Server benchmarks, spindle side by side with the reference ``codex app-server`` 0.169.0.

Measured in the same run, over WebSocket, with the mock Responses provider on 127.0.0.1:

- ``thread/list`` latency p50/p99 at N stored threads (first page and a deep page);
- ``thread/read`` requests per second (sequential and pipelined);
- turn overhead: ``turn/start`` to ``turn/completed`` with the instant mock model.

The N threads are seeded by cloning rows of a few real threads in each server's own SQLite
threads table while the server is stopped (the reference lists them with
``useStateDbOnly``; spindle lists from SQLite anyway). Figures are printed with the ratio
spindle/reference; nothing is asserted. Settings (environment variables):
``SPINDLE_BENCH_THREADS`` (default 100000), ``SPINDLE_BENCH_REQUESTS`` (default 200),
``SPINDLE_BENCH_TURNS`` (default 20), ``SPINDLE_BENCH_REFERENCE=0`` to skip the reference.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
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
    percentile,
    print_table,
    side_by_side,
)


def _uuid7(ms: int) -> str:
    raw = bytearray(uuid.uuid4().bytes)
    raw[0:6] = ms.to_bytes(6, "big")
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return str(uuid.UUID(bytes=bytes(raw)))


def _state_db(kind: str, home: Path) -> Path:
    return home / ("state_5.sqlite" if kind == "reference" else "state.sqlite")


def seed_threads(db: Path, n: int) -> tuple[str, int]:
    """Clone the newest thread row ``n`` times (new ids, unique ms timestamps, new previews).

    Returns the (id, created_at_ms) of the clone in the middle, for a deep-page cursor.
    """
    con = sqlite3.connect(db)
    try:
        con.row_factory = sqlite3.Row
        template = con.execute(
            "SELECT * FROM threads ORDER BY created_at_ms DESC LIMIT 1"
        ).fetchone()
        if template is None:
            raise RuntimeError(f"no thread row to clone in {db}")
        columns = list(template.keys())
        start_ms = int(con.execute("SELECT MAX(created_at_ms) FROM threads").fetchone()[0]) + 1000
        start_ms -= n * 2  # keep every clone in the past
        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO threads ({', '.join(columns)}) VALUES ({placeholders})"
        middle: tuple[str, int] = ("", 0)

        def row(i: int) -> list[Any]:
            nonlocal middle
            ms = start_ms + i
            thread_id = _uuid7(ms)
            if i == n // 2:
                middle = (thread_id, ms)
            values: list[Any] = []
            for col in columns:
                value = template[col]
                if col == "id":
                    value = thread_id
                elif col in ("created_at_ms", "updated_at_ms", "recency_at_ms"):
                    value = ms
                elif col in ("created_at", "updated_at", "recency_at"):
                    value = ms // 1000
                elif col in ("preview", "title", "first_user_message"):
                    value = f"bench thread {i}"
                values.append(value)
            return values

        with con:
            for chunk in range(0, n, 5000):
                con.executemany(sql, (row(i) for i in range(chunk, min(n, chunk + 5000))))
        return middle
    finally:
        con.close()


def _cursor(ms: int, thread_id: str) -> str:
    stamp = datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
    return f"{stamp}Z|{thread_id}"


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def bench_kind(kind: Kind, n_threads: int, requests: int, turns: int) -> Figures:
    from tests.support.client import ServerProcess
    from tests.support.flows import run_turn, start_thread

    figures = Figures(kind)
    with bench_home(kind, "bench-server") as (root, home):
        server = ServerProcess(kind=kind, home=home, transport="ws", cwd=root / "work")
        with server:
            conn = server.connect()
            conn.initialize("bench")
            thread = start_thread(conn)
            run_turn(conn, thread["id"], "warm up")
            overhead = []
            for i in range(turns):
                started = time.perf_counter()
                run_turn(conn, thread["id"], f"turn {i}")
                overhead.append((time.perf_counter() - started) * 1000)
            figures.values["turn p50 ms"] = statistics.median(overhead)
            figures.values["turn p99 ms"] = percentile(overhead, q=0.99)

            read_params = {"threadId": thread["id"]}
            sequential = _timed(lambda: conn.call("thread/read", read_params), requests)
            figures.values["thread/read seq req/s"] = 1000 / statistics.mean(sequential)
            started = time.perf_counter()
            ids = [conn.request_async("thread/read", read_params) for _ in range(requests * 5)]
            for rid in ids:
                conn.response(rid, timeout=120)
            elapsed = time.perf_counter() - started
            figures.values["thread/read pipelined req/s"] = len(ids) / elapsed
            server.shutdown()

        middle = seed_threads(_state_db(kind, home), n_threads)
        server.start()
        with server:
            conn = server.connect()
            conn.initialize("bench")
            params: dict[str, Any] = {"limit": 25, "useStateDbOnly": True}
            first = conn.call("thread/list", params, timeout=300)
            if len(first["data"]) < 25:
                figures.notes.append(f"thread/list returned only {len(first['data'])} entries")
            first_page = _timed(lambda: conn.call("thread/list", params, timeout=300), requests)
            deep = {**params, "cursor": _cursor(middle[1], middle[0])}
            deep_page = _timed(lambda: conn.call("thread/list", deep, timeout=300), requests)
            figures.values["thread/list p50 ms"] = statistics.median(first_page)
            figures.values["thread/list p99 ms"] = percentile(first_page, q=0.99)
            figures.values["thread/list deep p50 ms"] = statistics.median(deep_page)
            figures.values["thread/list deep p99 ms"] = percentile(deep_page, q=0.99)
    return figures


def main() -> None:
    n_threads = env_int("SPINDLE_BENCH_THREADS", default=100_000)
    requests = env_int("SPINDLE_BENCH_REQUESTS", default=200)
    turns = env_int("SPINDLE_BENCH_TURNS", default=20)
    results = side_by_side(lambda kind: bench_kind(kind, n_threads, requests, turns))
    print(f"threads seeded: {n_threads}; transport: ws; mock provider on 127.0.0.1")
    print_table(
        results,
        metric_width=32,
        value_width=12,
        decimals=2,
        footer="(ms: lower is better; req/s: higher is better)",
    )


if __name__ == "__main__":
    main()
