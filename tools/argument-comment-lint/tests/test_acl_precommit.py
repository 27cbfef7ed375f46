"""The published hook, through ``pre-commit try-repo`` from another repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

TOOL_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_project(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


REPO = TOOL_DIR.parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def _git(*args: str, cwd: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_hook_manifest_passes_filenames_serially() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "argument-comment-lint"
    assert hook.get("pass_filenames", True) is True
    assert hook["require_serial"] is True
    assert hook["types"] == ["python"]
    assert (REPO / hook["entry"]).is_file()


@pytest.mark.slow
def test_try_repo_from_another_repository(tmp_path: Path) -> None:
    user = tmp_path / "user-repo"
    # The project sits in a subfolder: its config must be found upward from each file.
    write_project(
        user / "service",
        {
            "pyproject.toml": "[project]\nname = 'service'\nversion = '0'\n\n[tool.argument-comment-lint]\nfirst-party = ['svc']\n",
            "svc/__init__.py": "",
            "svc/net.py": "def connect(base_url, timeout=5):\n    return base_url\n",
            "svc/app.py": "from svc.net import connect\n\nconnect(None)\n",
            "svc/ok.py": "from svc.net import connect\n\nconnect(base_url=None)\n",
        },
    )
    _git("init", "-q", cwd=user)
    _git("add", ".", cwd=user)
    _git("commit", "-qm", "init", cwd=user)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(REPO),
                "argument-comment-lint",
                "--files",
                *files,
            ],
            cwd=user,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    failing = try_repo("service/svc/app.py", "service/svc/ok.py")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "service/svc/app.py:3:9: uncommented-anonymous-literal-argument" in failing.stdout
    assert "ok.py:" not in failing.stdout
    passing = try_repo("service/svc/ok.py")
    assert passing.returncode == 0, passing.stdout + passing.stderr
