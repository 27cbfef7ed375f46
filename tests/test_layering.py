"""Dependencies between our packages point one way.

``spindle_protocol`` <- ``spindle_state`` <- ``spindle_memories`` <- ``spindle_app_server``,
``spindle_protocol`` <- ``spindle_sandbox`` <- ``spindle_app_server``, and
``argument_comment_lint`` imports none of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

OURS = {
    "spindle_protocol",
    "spindle_state",
    "spindle_memories",
    "spindle_sandbox",
    "spindle_app_server",
    "argument_comment_lint",
}

SOURCES = {
    "spindle_protocol": ROOT / "packages/protocol/src/spindle_protocol",
    "spindle_state": ROOT / "packages/state/src/spindle_state",
    "spindle_memories": ROOT / "packages/memories/src/spindle_memories",
    "spindle_sandbox": ROOT / "packages/sandbox/src/spindle_sandbox",
    "spindle_app_server": ROOT / "packages/app-server/src/spindle_app_server",
    "argument_comment_lint": ROOT / "tools/argument-comment-lint/src/argument_comment_lint",
}

ALLOWED = {
    "spindle_protocol": set(),
    "spindle_state": {"spindle_protocol"},
    "spindle_memories": {"spindle_protocol", "spindle_state"},
    "spindle_sandbox": {"spindle_protocol"},
    "spindle_app_server": {
        "spindle_protocol",
        "spindle_state",
        "spindle_memories",
        "spindle_sandbox",
    },
    "argument_comment_lint": set(),
}


def imported_packages(package_dir: Path) -> dict[str, set[str]]:
    """Map each of our packages imported under ``package_dir`` to the files importing it."""
    found: dict[str, set[str]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".", 1)[0]
                if top in OURS:
                    found.setdefault(top, set()).add(path.relative_to(package_dir).as_posix())
    return found


@pytest.mark.requirement("R20")
@pytest.mark.parametrize("package", sorted(SOURCES))
def test_package_imports_only_lower_layers(package: str) -> None:
    imports = imported_packages(SOURCES[package])
    imports.pop(package, None)
    forbidden = {name: files for name, files in imports.items() if name not in ALLOWED[package]}
    assert forbidden == {}, f"{package} imports packages above it: {forbidden}"


def test_layering_check_detects_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "spindle_state"
    bad.mkdir()
    (bad / "mod.py").write_text("from spindle_app_server import cli\nimport os\n")
    assert imported_packages(bad) == {"spindle_app_server": {"mod.py"}}
