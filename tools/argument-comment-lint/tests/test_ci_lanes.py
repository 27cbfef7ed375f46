"""The per-OS lanes of .github/workflows/ci.yml call the argument-comment-lint wrapper
the way the issue asks: macOS with no arguments (all targets), Linux and Windows with
``-- --lib --bins``, Windows through bash."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
WRAPPER = "tools/argument-comment-lint/run.sh"
RUNNER_OS = {"ubuntu": "Linux", "macos": "macOS", "windows": "Windows"}


def _runner_os(image: str) -> str:
    return RUNNER_OS[image.split("-")[0]]


def _evaluate(condition: object, matrix: dict[str, Any]) -> bool:
    """The subset of GitHub expressions lanes use: runner.os / matrix.X compared to
    literals, joined with && and ||."""
    if condition is None:
        return True
    if isinstance(condition, bool):
        return condition
    text = str(condition).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    values = {"runner.os": _runner_os(str(matrix["os"]))}
    values.update({f"matrix.{k}": str(v) for k, v in matrix.items()})

    def compare(term: str) -> bool:
        term = term.strip().strip("()").strip()
        match = re.fullmatch(r"([\w.\-]+)\s*(==|!=)\s*'([^']*)'", term)
        if match is None:
            raise AssertionError(f"unsupported condition {term!r} in {WORKFLOW}")
        left = values.get(match[1])
        assert left is not None, f"unknown context {match[1]!r}"
        equal = left.lower() == match[3].lower()
        return equal if match[2] == "==" else not equal

    return any(all(compare(t) for t in part.split("&&")) for part in text.split("||"))


def _expand(text: str, matrix: dict[str, Any]) -> str:
    def sub(match: re.Match[str]) -> str:
        return str(matrix.get(match[1], ""))

    return re.sub(r"\$\{\{\s*matrix\.([\w\-]+)\s*\}\}", sub, text)


def _wrapper_invocations(command: str) -> list[list[str]]:
    """Argument lists reaching run.sh, directly or through ``nox -s argument-comment-lint -- ...``."""
    found = []
    for line in command.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line)
        for i, word in enumerate(words):
            if word.endswith(WRAPPER) or word == f"./{WRAPPER}":
                found.append(words[i + 1 :])
                break
        else:
            if "nox" in words and "argument-comment-lint" in words:
                rest = words[words.index("--") + 1 :] if "--" in words else []
                found.append(rest)
    return found


def _lanes() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    doc = yaml.safe_load(WORKFLOW.read_text())
    lanes = []
    for job in doc["jobs"].values():
        matrix = job.get("strategy", {}).get("matrix", {})
        oses = matrix.get("os") or [job.get("runs-on")]
        includes = matrix.get("include", [])
        for image in oses:
            entry: dict[str, Any] = {"os": image}
            for extra in includes:
                if extra.get("os") == image:
                    entry.update(extra)
            lanes.append((job, entry))
    return lanes


def _lane_calls(image_prefix: str) -> tuple[list[list[str]], list[str]]:
    calls: list[list[str]] = []
    shells: list[str] = []
    for job, matrix in _lanes():
        if not str(matrix["os"]).startswith(image_prefix):
            continue
        default_shell = job.get("defaults", {}).get("run", {}).get("shell", "")
        for step in job.get("steps", []):
            if "run" not in step or not _evaluate(step.get("if"), matrix):
                continue
            invocations = _wrapper_invocations(_expand(str(step["run"]), matrix))
            calls.extend(invocations)
            if invocations:
                shells.append(str(step.get("shell", default_shell)))
    return calls, shells


@pytest.mark.requirement("R20")
@pytest.mark.parametrize("image", ["ubuntu", "macos", "windows"])
def test_each_lane_runs_the_wrapper_once_with_its_targets(image: str) -> None:
    calls, _ = _lane_calls(image)
    expected = [] if image == "macos" else ["--", "--lib", "--bins"]
    assert calls == [expected], f"{image} lane wrapper invocations: {calls}"


@pytest.mark.requirement("R20")
def test_windows_lane_runs_the_wrapper_through_bash() -> None:
    _, shells = _lane_calls("windows")
    assert shells and all(shell == "bash" for shell in shells), shells
