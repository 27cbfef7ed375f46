"""Shared helpers for the argument-comment-lint tests: throwaway projects and runs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

TOOL_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_project(root: Path, files: Mapping[str, str]) -> Path:
    """Write dedented ``files`` under ``root``; add a minimal pyproject.toml if none is given."""
    root.mkdir(parents=True, exist_ok=True)
    if "pyproject.toml" not in files:
        (root / "pyproject.toml").write_text("[project]\nname = 'snippet'\nversion = '0'\n")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def run_cli(*args: str | Path, cwd: Path, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console entry point in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "argument_comment_lint", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else None,
        timeout=300,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return tmp_path / "project"
