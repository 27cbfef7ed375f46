"""Sandbox overhead per command, per backend, side by side with no sandbox.

For each backend that works here (bubblewrap, Landlock), spawn ``true`` under ``readOnly``
(and under restricted reads) and compare the wall time with spawning ``true`` unsandboxed;
then ``/bin/bash -lc 'touch ro.txt'`` under ``readOnly``, the command of the reference's
``readonly`` transcript scenario, next to the ``durationMs`` the reference recorded for it.
Sandboxed commands are spawned as the app server spawns them, through
``PreparedCommand.popen`` (Landlock: from the restricted spawner thread for the rules, with
``vfork``, so the figure does not grow with the server's size as a ``fork`` would). Also
the time ``prepare_command`` itself takes. ``SPINDLE_BENCH_SANDBOX_RUNS`` sets the
runs per figure (default 60). Goals from the issue: at most 15 ms added at p50 with
bubblewrap, 2 ms with Landlock. Nothing is asserted.
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spindle_sandbox import PreparedCommand, clear_probe_cache, prepare_command, probe_sandbox

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPT_NAME = "reference/codex_tool_transcript.json"
READ_ONLY = {"type": "readOnly"}
RESTRICTED = {"type": "readOnly", "access": {"type": "restricted", "includePlatformDefaults": True}}


def _runs() -> int:
    return int(os.environ.get("SPINDLE_BENCH_SANDBOX_RUNS", "60"))


def _spawn(
    argv: Sequence[str], env: Mapping[str, str], cwd: str, prepared: PreparedCommand | None = None
) -> Callable[[], object]:
    """Spawn as the app server does: through the prepared command (Landlock: from its
    restricted spawner thread), or plainly for the unsandboxed baseline."""

    def run() -> object:
        if prepared is None:
            return subprocess.run(argv, env=dict(env), cwd=cwd, capture_output=True, check=False)
        with prepared.popen(cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
            return process.communicate()

    return run


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1] if len(samples) > 1 else samples[0]


def _row(label: str, samples: list[float], base: float | None) -> None:
    p50 = statistics.median(samples)
    added = "" if base is None else f"  added p50 {p50 - base:+7.2f} ms"
    print(f"  {label:<44} p50 {p50:7.2f} ms  p90 {_p(samples, 90):7.2f} ms{added}")


def _transcript() -> Path:
    """The shared reference transcript: ``$SPINDLE_SHARED``, else the first ``shared/``
    beside this checkout or one of its parents (a worktree sits one level deeper)."""
    if "SPINDLE_SHARED" in os.environ:
        return Path(os.environ["SPINDLE_SHARED"]) / TRANSCRIPT_NAME
    candidates = [parent / "shared" / TRANSCRIPT_NAME for parent in ROOT.parents]
    return next((path for path in candidates if path.exists()), candidates[0])


def _reference_duration_ms() -> int | None:
    try:
        recorded: dict[str, Any] = json.loads(_transcript().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for result in recorded.get("results", []):
        if result.get("scenario") != "readonly":
            continue
        for note in result.get("notifications", []):
            item = note.get("params", {}).get("item", {})
            if note.get("method") == "item/completed" and item.get("type") == "commandExecution":
                duration = item.get("durationMs")
                return int(duration) if isinstance(duration, int) else None
    return None


def main() -> None:
    runs = _runs()
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"}
    true_argv = ["true"]
    bash_argv = ["/bin/bash", "-lc", "touch ro.txt"]
    with tempfile.TemporaryDirectory(prefix="spindle-bench-sandbox-") as cwd:
        # (label, action, baseline label): run round-robin so that load on the machine
        # weighs on every figure alike.
        cases: list[tuple[str, Callable[[], object], str | None]] = [
            ("true, unsandboxed", _spawn(true_argv, env, cwd), None),
            ("bash -lc 'touch ro.txt', unsandboxed", _spawn(bash_argv, env, cwd), None),
        ]
        for backend in ("bwrap", "landlock"):
            clear_probe_cache()
            probe = probe_sandbox(force_backend=backend)
            print(f"{backend}: {probe.describe()}")
            if probe.backend != backend:
                continue
            for label, policy in (("readOnly", READ_ONLY), ("restricted reads", RESTRICTED)):
                prepared = prepare_command(true_argv, policy, cwd=cwd, env=env, probe=probe)
                cases.append(
                    (
                        f"{backend}: true, {label}",
                        _spawn(prepared.argv, prepared.env, cwd, prepared),
                        "true, unsandboxed",
                    )
                )
            prepared = prepare_command(bash_argv, READ_ONLY, cwd=cwd, env=env, probe=probe)
            cases.append(
                (
                    f"{backend}: bash -lc 'touch ro.txt', readOnly",
                    _spawn(prepared.argv, prepared.env, cwd, prepared),
                    "bash -lc 'touch ro.txt', unsandboxed",
                )
            )
            cases.append(
                (
                    f"{backend}: prepare_command alone",
                    functools.partial(
                        prepare_command, true_argv, READ_ONLY, cwd=cwd, env=env, probe=probe
                    ),
                    None,
                )
            )
        samples: dict[str, list[float]] = {label: [] for label, _, _ in cases}
        for _, action, _ in cases:
            action()  # warm caches (page cache, dentries) once
        for _ in range(runs):
            for label, action, _ in cases:
                start = time.perf_counter()
                action()
                samples[label].append((time.perf_counter() - start) * 1000)
        print(f"{runs} runs per figure, round-robin; load average {os.getloadavg()[0]:.1f}")
        for label, _, base in cases:
            base_p50 = None if base is None else statistics.median(samples[base])
            _row(label, samples[label], base_p50)

    reference = _reference_duration_ms()
    if reference is None:
        print("reference: no recorded durationMs found (transcript not available)")
    else:
        print(
            f"reference: durationMs {reference} ms recorded for bash -lc 'touch ro.txt' under "
            "readOnly (transcript `readonly`; one run, includes its process bookkeeping)"
        )


if __name__ == "__main__":
    main()
