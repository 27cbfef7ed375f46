"""Fixtures for the sandbox suite: real bubblewrap and real Landlock, never mocks.

On Linux both backends must work (CI installs bubblewrap; Landlock needs only the
kernel), so a missing one fails its tests instead of skipping them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from spindle_sandbox import PreparedCommand, SandboxProbe, clear_probe_cache, prepare_command
from spindle_sandbox import probe_sandbox as _probe_sandbox

LINUX = sys.platform.startswith("linux")
BACKENDS = ["bwrap", "landlock"]


@pytest.fixture(autouse=True)
def _fresh_probes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test probes for itself, unaffected by the caller's SPINDLE_SANDBOX_BACKEND."""
    monkeypatch.delenv("SPINDLE_SANDBOX_BACKEND", raising=False)
    clear_probe_cache()
    yield
    clear_probe_cache()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> SandboxProbe:
    """A probe that selects one real backend; fails (never skips) when it is missing."""
    if not LINUX:
        pytest.skip("bubblewrap and Landlock are Linux backends")
    name: str = request.param
    probe = _probe_sandbox(force_backend=name)
    assert probe.backend == name, f"the {name} backend is not usable here: {probe.reason}"
    return probe


def command_env(**extra: str) -> dict[str, str]:
    """A small, explicit environment for sandboxed commands."""
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C", "HOME": "/nonexistent"}
    env.update(extra)
    return env


Run = Callable[..., tuple[PreparedCommand, "subprocess.CompletedProcess[str]"]]


def run_sandboxed(
    argv: Sequence[str],
    policy: Mapping[str, Any],
    *,
    cwd: Path,
    probe: SandboxProbe,
    env: Mapping[str, str] | None = None,
) -> tuple[PreparedCommand, subprocess.CompletedProcess[str]]:
    """Prepare ``argv`` under ``policy`` and run it for real, as the app server spawns it."""
    prepared = prepare_command(argv, policy, cwd=str(cwd), env=env or command_env(), probe=probe)
    with prepared.popen(
        cwd=str(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        stdout, stderr = process.communicate(timeout=60)
    done = subprocess.CompletedProcess(prepared.argv, process.returncode, stdout, stderr)
    return prepared, done


@pytest.fixture
def run() -> Run:
    """``run(argv, policy, cwd=..., probe=..., env=None)``: prepare and really run a command."""
    return run_sandboxed
