"""The shape of the hand-written modules of the app server and state (issue 17).

A module's file name is unique across ``packages/app-server/src`` and
``packages/state/src``, so a name in a traceback, a review or a grep points at one file.
``__init__.py`` is left out (every package has one), as are the Alembic ``env.py`` files
under ``migrations/`` (Alembic looks for that exact name in each stream) and generated code.

Each hand-written module of every package and tool stays under :data:`MAX_LINES` lines, or
says why it does not: its module docstring then holds a paragraph whose first line starts
with ``Length:`` and gives the reason (STYLE.md rule 3), for example ``Length: one class,
``_Review``, carries a review across its two turns ...``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [ROOT / "packages/app-server/src", ROOT / "packages/state/src"]
ALL_SOURCES = sorted([*ROOT.glob("packages/*/src"), *ROOT.glob("tools/*/src")])
MAX_LINES = 600


def hand_written_modules(roots: list[Path]) -> list[Path]:
    modules = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).parts
            if path.name == "__init__.py" or "generated" in parts:
                continue
            if path.name == "env.py" and "migrations" in parts:
                continue
            modules.append(path)
    return modules


def shared_module_names(roots: list[Path]) -> dict[str, list[str]]:
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in hand_written_modules(roots):
        root = next(r for r in roots if path.is_relative_to(r))
        by_name[path.name].append(str(path.relative_to(root)))
    return {name: paths for name, paths in sorted(by_name.items()) if len(paths) > 1}


def test_no_two_modules_share_a_file_name() -> None:
    assert len(hand_written_modules(SOURCES)) > 100
    assert shared_module_names(SOURCES) == {}


def test_the_check_finds_a_shared_name(tmp_path: Path) -> None:
    for rel in ("a/_threads.py", "b/sub/_threads.py", "a/__init__.py", "b/__init__.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    for rel in (
        "a/migrations/env.py",
        "b/migrations/env.py",
        "a/generated/m.py",
        "b/generated/m.py",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    assert shared_module_names([tmp_path]) == {
        "_threads.py": ["a/_threads.py", "b/sub/_threads.py"]
    }


def long_modules_without_a_reason(roots: list[Path]) -> list[str]:
    found = []
    for path in hand_written_modules(roots):
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines <= MAX_LINES:
            continue
        doc = ast.get_docstring(ast.parse(source, filename=str(path))) or ""
        if not any(line.startswith("Length: ") for line in doc.splitlines()):
            root = next(r for r in roots if path.is_relative_to(r))
            found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_a_long_module_says_why_in_its_docstring() -> None:
    assert ROOT / "packages/protocol/src" in ALL_SOURCES
    assert ROOT / "tools/argument-comment-lint/src" in ALL_SOURCES
    assert long_modules_without_a_reason(ALL_SOURCES) == []


def test_the_check_finds_a_long_module_without_a_reason(tmp_path: Path) -> None:
    body = "x = 1\n" * MAX_LINES
    (tmp_path / "short.py").write_text('"""Short."""\n' + "x = 1\n" * (MAX_LINES - 1))
    (tmp_path / "long.py").write_text('"""Long."""\n' + body)
    (tmp_path / "said.py").write_text(
        '"""Long.\n\nLength: one table, read as a whole.\n"""\n' + body
    )
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "models.py").write_text(body * 2)
    assert long_modules_without_a_reason([tmp_path]) == [f"long.py: {MAX_LINES + 1} lines"]
