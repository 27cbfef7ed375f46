"""Method names are written once, in spindle_protocol (STYLE.md rule 5).

Every JSON-RPC method (client requests, server requests, notifications) is a generated
constant in ``spindle_protocol.methods``; code elsewhere uses the constant. This test fails
on any string literal spelling a method name with a ``/`` outside ``spindle_protocol``
(one-word names such as ``error`` or ``warning`` are ordinary words too, so they are left out).
"""

from __future__ import annotations

import ast
from pathlib import Path

from spindle_protocol.generated import methods as generated

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    ROOT / "packages/app-server/src",
    ROOT / "packages/state/src",
    ROOT / "packages/memories/src",
    ROOT / "packages/sandbox/src",
]


def _method_names() -> set[str]:
    return {
        value
        for name, value in vars(generated).items()
        if name.isupper() and isinstance(value, str) and "/" in value
    }


def method_literals(paths: list[Path], names: set[str]) -> list[str]:
    found = []
    for root in paths:
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and node.value in names:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value!r}")
    return found


def test_no_method_name_literal_outside_the_protocol_package() -> None:
    names = _method_names()
    assert "thread/start" in names and "item/commandExecution/requestApproval" in names
    assert method_literals(SOURCES, names) == []


def test_the_check_finds_a_literal(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text('NOTIFY = "thread/status/changed"\nOTHER = "not/a-method"\n')
    assert method_literals([tmp_path], _method_names()) == ["mod.py:1: 'thread/status/changed'"]
