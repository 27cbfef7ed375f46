"""argument-comment-lint tests: the fixtures they share.

Test modules cannot import each other, so a helper more than one of them needs is a fixture
here.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# The fixture workspace is data for the linter (its tests/ folder is a lint target),
# not part of this suite.
collect_ignore = ["fixtures"]


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_cli(*args, cwd=..., env=None)`` runs ``python -m argument_comment_lint`` in a real
    subprocess and returns the finished process (never raises on a non-zero exit)."""

    def run(
        *args: str | Path, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "argument_comment_lint", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    return run
