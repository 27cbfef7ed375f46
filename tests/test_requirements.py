"""Requirement coverage: which DESIGN.md requirements have tests marked for them.

Tests carry ``@pytest.mark.requirement("R<n>")``. This module scans the test sources and
prints the coverage table; it fails when a requirement we claim to have built has no test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST_DIRS = [
    ROOT / "tests",
    ROOT / "packages/protocol/tests",
    ROOT / "packages/state/tests",
    ROOT / "packages/memories/tests",
    ROOT / "packages/sandbox/tests",
    ROOT / "packages/app-server/tests",
    ROOT / "tools/argument-comment-lint/tests",
]
ALL = [f"R{n}" for n in range(1, 29)]

# Requirements whose capability is built; each must be proven by at least one test.
CLAIMED = {
    "R1", "R5", "R6", "R9", "R10", "R11", "R12", "R13", "R14", "R16", "R17", "R18", "R19", "R20",
}  # fmt: skip


def marked_requirements() -> dict[str, set[str]]:
    """Requirement id -> test files that mark a test with it."""
    found: dict[str, set[str]] = {}
    for base in TEST_DIRS:
        for path in sorted(base.rglob("test_*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "requirement"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, set()).add(
                        path.relative_to(ROOT).as_posix()
                    )
    return found


def test_marked_ids_are_known_requirements() -> None:
    unknown = set(marked_requirements()) - set(ALL)
    assert unknown == set()


def test_claimed_requirements_have_tests(capsys: pytest.CaptureFixture[str]) -> None:
    found = marked_requirements()
    with capsys.disabled():
        print("\nrequirement coverage:")
        for rid in ALL:
            files = sorted(found.get(rid, ()))
            print(f"  {rid:>3}: {len(files)} file(s) {', '.join(files[:3])}")
    missing = sorted(CLAIMED - set(found))
    assert missing == [], f"claimed requirements without a test: {missing}"
