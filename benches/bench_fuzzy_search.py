"""``fuzzyFileSearch`` on a 100k-file tree, spindle side by side with the reference.

Builds a git work tree of ``SPINDLE_BENCH_FUZZY_FILES`` files (default 100000) in
``SPINDLE_BENCH_FUZZY_DIRS`` directories (default 2000) with a ``.gitignore`` that hides a
tenth of them, starts ``spindle app-server`` and ``codex app-server`` (0.169.0) on stdio,
and times the same queries on both, round-robin, ``SPINDLE_BENCH_FUZZY_RUNS`` times each
(default 5). Prints p50 per query and overall, and spindle's time as a multiple of the
reference's (the issue's goal: at most 1.0x). The first request of each server (a cold
tree, after ``SPINDLE_BENCH_FUZZY_SETTLE_S`` seconds (default 10) for the servers' start-up work)
is reported apart: each server is started ``SPINDLE_BENCH_FUZZY_COLD_RUNS`` times (default 5)
and the median of its first requests is compared (spindle's saved walks removed before
each start). Then spindle alone is restarted and its first request timed again: the walk
its previous server saved under the home is read back (the reference keeps nothing
between starts, so its cold figure stands for it). Nothing is asserted.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.client import Connection, Kind, ServerProcess, write_config  # noqa: E402
from tests.support.mock_provider import MockProvider  # noqa: E402

QUERIES = ["main", "utl", "srcmod", "test_handler", "cfg", "zz9", "readme", "a"]
WORDS = [
    "app", "core", "util", "main", "handler", "service", "model", "view", "config", "test",
    "client", "server", "module", "widget", "parser", "render", "store", "index", "types",
    "helpers", "api", "auth", "cache", "db", "event", "file", "graph", "http", "io", "log",
]  # fmt: skip
EXTENSIONS = [".py", ".rs", ".ts", ".md", ".json", ".txt", ".go", ".c"]


def _build_tree(base: Path, files: int, dirs: int) -> Path:
    rng = random.Random(7)
    repo = base / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / ".gitignore").write_text("*.log\nbuild/\n")
    directories = []
    for i in range(dirs):
        depth = rng.randint(1, 4)
        parts = [rng.choice(WORDS) + (str(i) if k == depth - 1 else "") for k in range(depth)]
        if i % 10 == 0:
            parts[0] = "build"
        directories.append(repo.joinpath("src", *parts))
    for directory in directories:
        directory.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        directory = directories[i % dirs]
        name = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{i}"
        ext = ".log" if i % 17 == 0 else rng.choice(EXTENSIONS)
        (directory / f"{name}{ext}").touch()
    return repo


def _start(kind: Kind, base: Path, provider: MockProvider) -> tuple[ServerProcess, Connection]:
    home = base / f"{kind}-home"
    write_config(home, provider.base_url)
    server = ServerProcess(kind=kind, home=home, cwd=base / f"{kind}-work").start()
    conn = server.connect()
    conn.initialize("bench")
    return server, conn


def _time(conn: Connection, query: str, repo: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result: dict[str, Any] = conn.call(
        "fuzzyFileSearch", {"query": query, "roots": [str(repo)]}, timeout=300
    )
    return (time.perf_counter() - started) * 1000, len(result["files"])


def main() -> None:
    files = int(os.environ.get("SPINDLE_BENCH_FUZZY_FILES", "100000"))
    dirs = int(os.environ.get("SPINDLE_BENCH_FUZZY_DIRS", "2000"))
    runs = int(os.environ.get("SPINDLE_BENCH_FUZZY_RUNS", "5"))
    cold_runs = int(os.environ.get("SPINDLE_BENCH_FUZZY_COLD_RUNS", "5"))
    # Not under a temp dir: the reference refuses to set up its helpers there.
    base = Path(tempfile.mkdtemp(prefix="bench-fuzzy-", dir=os.environ.get("SPINDLE_BENCH_DIR")))
    try:
        started = time.perf_counter()
        repo = _build_tree(base, files, dirs)
        print(
            f"  tree: {files} files in {dirs} dirs, built in {time.perf_counter() - started:.1f} s"
        )
        settle = float(os.environ.get("SPINDLE_BENCH_FUZZY_SETTLE_S", "10"))
        with MockProvider() as provider:
            # The first request of a fresh server walks the tree: one sample per start, so
            # several starts, each server's first request timed (round-robin).
            colds: dict[Kind, list[float]] = {"reference": [], "spindle": []}
            # spindle's first request again after a restart, the walk its previous server
            # saved under the home being read back (the reference keeps nothing).
            restarted: list[float] = []
            saved = base / "spindle-home" / "cache" / "fuzzy-file-search"
            for round_ in range(cold_runs):
                # Cold: nothing saved by a previous spindle server.
                shutil.rmtree(saved, ignore_errors=True)
                servers = {kind: _start(kind, base, provider) for kind in colds}
                # Both servers do start-up work in their first seconds; let it finish first.
                time.sleep(settle)
                # Alternate who goes first: the first walk also warms the kernel's caches.
                order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                for kind in order:
                    cold, count = _time(servers[kind][1], QUERIES[0], repo)
                    colds[kind].append(cold)
                    print(
                        f"  start {round_ + 1}: {kind:<9} first request {cold:8.1f} ms ({count} results)"
                    )
                # The walk is saved after the answer, on a thread: give it time.
                time.sleep(1.0)
                servers["spindle"][0].shutdown()
                servers["spindle"] = _start("spindle", base, provider)
                time.sleep(settle)
                again, count = _time(servers["spindle"][1], QUERIES[0], repo)
                restarted.append(again)
                print(
                    f"  start {round_ + 1}: spindle restarted, first request {again:8.1f} ms "
                    f"({count} results)"
                )
                if round_ < cold_runs - 1:
                    for server, _ in servers.values():
                        server.shutdown()
            ref_cold = statistics.median(colds["reference"])
            ours_cold = statistics.median(colds["spindle"])
            ours_again = statistics.median(restarted)
            print(
                f"  first request p50 over {cold_runs} starts: reference {ref_cold:.1f} ms, "
                f"spindle {ours_cold:.1f} ms, ratio {ours_cold / ref_cold:.2f}x"
            )
            print(
                f"  first request of a restarted server p50: reference {ref_cold:.1f} ms "
                f"(nothing kept), spindle {ours_again:.1f} ms (saved walk), "
                f"ratio {ours_again / ref_cold:.2f}x"
            )
            try:
                samples: dict[str, dict[str, list[float]]] = {k: {} for k in servers}
                for _ in range(runs):
                    for query in QUERIES:
                        for kind, (_, conn) in servers.items():
                            elapsed, _count = _time(conn, query, repo)
                            samples[kind].setdefault(query, []).append(elapsed)
                overall: dict[str, float] = {}
                for query in QUERIES:
                    ref = statistics.median(samples["reference"][query])
                    ours = statistics.median(samples["spindle"][query])
                    print(
                        f"  {query!r:<16} reference p50 {ref:8.1f} ms  spindle p50 {ours:8.1f} ms"
                        f"  ratio {ours / ref:5.2f}x"
                    )
                for kind in servers:
                    overall[kind] = statistics.median(
                        [t for times in samples[kind].values() for t in times]
                    )
                print(
                    f"  overall p50: reference {overall['reference']:.1f} ms, spindle "
                    f"{overall['spindle']:.1f} ms, ratio "
                    f"{overall['spindle'] / overall['reference']:.2f}x (goal <= 1.0x)"
                )
            finally:
                for server, _ in servers.values():
                    server.shutdown()
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
