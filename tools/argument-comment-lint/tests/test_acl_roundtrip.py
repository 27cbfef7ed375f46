"""--fix round trip on a copy of a real open-source project from PyPI (requests sdist)."""

from __future__ import annotations

import compileall
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

TOOL_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The ``run_cli`` fixture of conftest.py.
RunCli = Callable[..., subprocess.CompletedProcess[str]]


PROJECT = "requests"
VERSION = "2.32.3"


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "argument-comment-lint-tests"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _download() -> Path:
    cache = _cache_dir()
    sdist = cache / f"{PROJECT}-{VERSION}.tar.gz"
    if sdist.is_file():
        return sdist
    spec = f"{PROJECT}=={VERSION}"
    args = ["download", "--no-deps", "--no-binary", ":all:", spec, "-d", str(cache)]
    if shutil.which("uvx"):
        command = ["uvx", "--quiet", "pip", *args]
    else:
        command = [sys.executable, "-m", "pip", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    assert sdist.is_file(), sorted(p.name for p in cache.iterdir())
    return sdist


@pytest.mark.slow
def test_fix_round_trip_on_requests(run_cli: RunCli, tmp_path: Path) -> None:
    with tarfile.open(_download()) as archive:
        archive.extractall(tmp_path, filter="data")
    root = tmp_path / f"{PROJECT}-{VERSION}"

    before = run_cli("--no-cache", "--format", "json", cwd=root)
    assert before.returncode == 1, before.stderr
    fixed = run_cli("--fix", "--all-targets", cwd=root)
    match = re.search(r"Fixed (\d+) finding\(s\) in (\d+) file\(s\)\.", fixed.stderr)
    assert match is not None, fixed.stderr
    count = int(match[1])
    print(f"{PROJECT} {VERSION}: {count} fixes in {match[2]} files")
    assert count > 0
    assert fixed.returncode == 0, fixed.stdout
    # The fixed code still compiles.
    assert compileall.compile_dir(root / "src", quiet=1, force=True)
    assert compileall.compile_dir(root / "tests", quiet=1, force=True)
    # A second run finds nothing, and a second --fix changes nothing.
    assert run_cli(cwd=root).returncode == 0
    snapshot = {p: p.read_bytes() for p in root.rglob("*.py")}
    again = run_cli("--fix", "--all-targets", cwd=root)
    assert again.returncode == 0
    assert "Fixed" not in again.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.py")} == snapshot
    # A keyword rewrite, exactly.
    utils = (root / "src" / "requests" / "utils.py").read_text()
    assert "_validate_header_part(header, name, header_validator_index=0)" in utils
