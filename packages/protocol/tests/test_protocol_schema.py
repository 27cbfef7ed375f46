"""schema/ rules, the drift check on generated files, and the dependency direction."""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "generate_protocol.py"
PACKAGE = ROOT / "packages" / "protocol" / "src" / "spindle_protocol"
OUR_PACKAGES = ("spindle_state", "spindle_memories", "spindle_app_server", "argument_comment_lint")


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("generate_protocol", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    result: dict[str, Any] = _generator().bundle()
    return result


def _refs(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value.rsplit("/", 1)[1])
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def _closure(defs: dict[str, Any], roots: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(_refs(defs[name], set()))
    return seen


def _nullable(prop: Any) -> bool:
    if not isinstance(prop, dict):
        return True
    kind = prop.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(_nullable(alt) for alt in prop.get("anyOf", []) + prop.get("oneOf", []))


def _objects(name: str, schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(name, schema)] if "properties" in schema else []
    for variant in schema.get("oneOf", []):
        if isinstance(variant, dict) and "properties" in variant:
            found.append((f"{name}.{variant.get('title', '?')}", variant))
    return found


@pytest.mark.requirement("R19")
def test_optional_and_nullable_members_appear_only_in_params_types(
    bundle: dict[str, Any],
) -> None:
    """A member that may be omitted AND may be null exists only on the way in.

    Allowed in ``*Params`` types and in types only reachable from them (like
    ``InitializeCapabilities``), as in the reference. Everything the server sends says
    either "always present, maybe null" or "maybe absent, never null".
    """
    defs: dict[str, Any] = bundle["$defs"]
    outgoing = _closure(defs, [n for n in defs if n.endswith(("Response", "Notification"))])
    incoming = _closure(defs, [n for n in defs if n.endswith("Params")])
    allowed = {n for n in defs if n.endswith("Params")} | (incoming - outgoing)
    offenders: list[str] = []
    checked = 0
    for name, schema in defs.items():
        for where, obj in _objects(name, schema):
            required = set(obj.get("required", []))
            for member, prop in obj["properties"].items():
                checked += 1
                optional = member not in required and not (
                    isinstance(prop, dict) and "default" in prop
                )
                if optional and _nullable(prop) and name not in allowed:
                    offenders.append(f"{where}.{member}")
    assert checked > 500
    # The reference's own exception: its externally configured gateway auth (modelProvider/list)
    # declares envKey optional and nullable in a response type.
    assert offenders == ["GatewayAuth.ExternallyConfiguredGatewayAuth.envKey"]
    # the rule has teeth: params types do use optional-and-nullable members
    assert "ThreadMetadataGitInfoUpdateParams" in allowed
    git = defs["ThreadMetadataGitInfoUpdateParams"]
    assert git.get("required", []) == [] and all(_nullable(p) for p in git["properties"].values())


def test_every_tagged_union_declares_its_discriminator(bundle: dict[str, Any]) -> None:
    missing = []
    for name, schema in bundle["$defs"].items():
        variants = schema.get("oneOf", [])
        tags = [
            v.get("properties", {}).get("type", {}).get("enum")
            for v in variants
            if isinstance(v, dict)
        ]
        tagged = bool(variants) and all(t and len(t) == 1 for t in tags)
        if tagged and schema.get("discriminator") != {"propertyName": "type"}:
            missing.append(name)
    assert missing == []


def test_split_schema_files_are_valid_2020_12_and_refer_across_files() -> None:
    import jsonschema

    cross_file = 0
    for path in sorted((ROOT / "schema").rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if "$schema" in document:
            assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
            jsonschema.Draft202012Validator.check_schema(document)
        cross_file += json.dumps(document).count(".json#/$defs/")
    assert cross_file > 50


@pytest.mark.requirement("R19")
def test_generated_files_start_with_the_do_not_edit_header() -> None:
    for path in [
        *sorted((PACKAGE / "generated").glob("*.py")),
        ROOT / "ts" / "spindle-protocol.d.ts",
    ]:
        head = path.read_text(encoding="utf-8")[:200]
        assert "generated — do not edit; source schema/, regenerate with `nox -s schema`" in head


@pytest.mark.requirement("R19")
def test_drift_check_catches_a_hand_edit_of_a_generated_file(tmp_path: Path) -> None:
    python_dir = tmp_path / "generated"
    ts_dir = tmp_path / "ts"
    shutil.copytree(PACKAGE / "generated", python_dir, ignore=shutil.ignore_patterns("__pycache__"))
    ts_dir.mkdir()
    shutil.copy2(ROOT / "ts" / "spindle-protocol.d.ts", ts_dir)
    cmd = [
        sys.executable,
        str(SCRIPT),
        "--check",
        "--python-dir",
        str(python_dir),
        "--ts-dir",
        str(ts_dir),
    ]

    # One generator run: the diff must hold the hand edit and nothing else, which also shows
    # that the untouched copy matched a fresh generation.
    models = python_dir / "models.py"
    text = models.read_text(encoding="utf-8")
    edited = text.replace("Field(alias='sessionId')", "Field(alias='session_id')", 1)
    assert edited != text
    models.write_text(edited, encoding="utf-8")
    drift = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    assert drift.returncode == 1
    changed = [
        line
        for line in drift.stdout.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-    session_id: Annotated[str, Field(alias='session_id')]",
        "+    session_id: Annotated[str, Field(alias='sessionId')]",
    ], drift.stdout
    assert "run `nox -s schema`" in drift.stderr


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_spindle_protocol_source_imports_nothing_of_ours() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        assert _imported_modules(path).isdisjoint(OUR_PACKAGES), path


def test_importing_spindle_protocol_loads_nothing_of_ours() -> None:
    code = (
        "import sys, spindle_protocol, spindle_protocol.models, spindle_protocol.methods, "
        "spindle_protocol.jsonrpc, spindle_protocol.errors\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {OUR_PACKAGES!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
