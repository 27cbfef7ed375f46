"""Generate the protocol models and TypeScript declarations from ``schema/``.

``schema/v2/*.json`` is the source of truth, split by protocol namespace with ``$ref``
between files. This script bundles those files into one document (the generator's
multi-module mode cannot cope with discriminated unions), then runs

1. datamodel-code-generator, writing ONE module
   ``packages/protocol/src/spindle_protocol/generated/models.py`` (plus ``__init__.py``);
2. json-schema-to-typescript (pinned in ``ts/package-lock.json``, installed with
   ``npm ci`` into ``ts/node_modules``), writing ``ts/spindle-protocol.d.ts``.

Every datamodel-codegen flag lives in :data:`DATAMODEL_CODEGEN_FLAGS`.

Usage::

    python scripts/generate_protocol.py           # regenerate in place
    python scripts/generate_protocol.py --check   # regenerate into a temp dir, diff, exit 1 on drift
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema" / "v2"
GENERATED_DIR = ROOT / "packages" / "protocol" / "src" / "spindle_protocol" / "generated"
TS_DIR = ROOT / "ts"
TS_OUTPUT = "spindle-protocol.d.ts"
# Files in schema/v2 that are data, not JSON Schema documents.
NON_SCHEMA_FILES = frozenset({"methods.json"})
METHODS_FILE = SCHEMA_DIR / "methods.json"
CONFIG_SCHEMA = ROOT / "schema" / "config.schema.json"

HEADER = (
    "generated — do not edit; source schema/, regenerate with `nox -s schema`\n"
    "(scripts/generate_protocol.py)"
)

# Every flag, in one list. Why each one is here:
DATAMODEL_CODEGEN_FLAGS: list[str] = [
    "--input-file-type=jsonschema",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    # Our base sets serialize_by_alias, so a plain model_dump() writes wire names.
    "--base-class=spindle_protocol._wire.WireModel",
    "--use-annotated",
    "--field-constraints",
    "--use-standard-collections",
    "--use-union-operator",
    # snake_case attributes, camelCase wire names through aliases; both accepted on input.
    "--snake-case-field",
    "--allow-population-by-field-name",
    # Variant classes of a tagged union are named after their tag (ThreadItemUserMessage).
    "--use-tag-as-union-variant-name",
    "--enum-field-as-literal=one",
    "--use-one-literal-as-default",
    "--deserialize-default-values=enum",
    # Named unions (ThreadItem, ThreadStatus, UserInput, ...) stay importable as type
    # aliases that carry their discriminator. --collapse-root-models would inline them.
    "--use-type-alias",
    "--strict-nullable",
    # An omitted optional member is MISSING, not None: omitted and null stay distinct.
    "--use-missing-sentinel",
    "--strict-types",
    "int",
    "bool",
    "--disable-timestamp",
    # Annotations as objects, not strings: pydantic then needs no eval of ~1,500 annotation
    # strings at import, which halves the import of the models (a server start waits for
    # it). The generator writes the classes in dependency order, so none needs a forward
    # reference.
    "--disable-future-imports",
    "--formatters=builtin",
    f"--custom-file-header=# {HEADER.replace(chr(10), chr(10) + '# ')}",
]

BUNDLE_TITLE = "SpindleProtocolSchema"

# Textual fixes applied to the generator's output, each with its reason. Part of the
# generation (so --check reproduces them), never a hand edit.
POST_PROCESS: list[tuple[str, str]] = [
    # pydantic 2.14 made MISSING public and warns on the old experimental import
    # (a test-suite error under filterwarnings=error); datamodel-codegen 0.89 still
    # writes the experimental path.
    (
        "from pydantic.experimental.missing_sentinel import MISSING\n",
        "from pydantic import MISSING\n",
    ),
]


class SchemaError(Exception):
    """The files in schema/ do not form one consistent set of definitions."""


def _rewrite_refs(node: Any, source: str) -> Any:
    """Point every ``$ref`` (``#/$defs/X`` or ``other.json#/$defs/X``) at ``#/$defs/X``."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref":
                if not isinstance(value, str) or "#/$defs/" not in value:
                    raise SchemaError(f"{source}: unsupported $ref {value!r}")
                out[key] = "#/$defs/" + value.split("#/$defs/", 1)[1]
            else:
                out[key] = _rewrite_refs(value, source)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(value, source) for value in node]
    return node


def _collect_refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value.rsplit("/", 1)[1])
            else:
                _collect_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect_refs(value, found)


def schema_files(schema_dir: Path = SCHEMA_DIR) -> list[Path]:
    """The JSON Schema documents of the protocol, in a stable order."""
    return sorted(p for p in schema_dir.glob("*.json") if p.name not in NON_SCHEMA_FILES)


def bundle(schema_dir: Path = SCHEMA_DIR) -> dict[str, Any]:
    """Merge the split schema files into one document with local ``$ref``s only."""
    defs: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for path in schema_files(schema_dir):
        document = json.loads(path.read_text(encoding="utf-8"))
        for name, definition in document.get("$defs", {}).items():
            if name in defs:
                raise SchemaError(f"{name} is defined in both {origin[name]} and {path.name}")
            defs[name] = _rewrite_refs(definition, path.name)
            origin[name] = path.name
    referenced: set[str] = set()
    _collect_refs(defs, referenced)
    dangling = sorted(referenced - defs.keys())
    if dangling:
        raise SchemaError(f"$ref to undefined types: {', '.join(dangling)}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": BUNDLE_TITLE,
        "description": "All spindle protocol definitions, bundled from schema/v2.",
        "$defs": dict(sorted(defs.items())),
    }


def _generate_python(bundle_path: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # datamodel-codegen warns about integer formats it does not map (uint32, int64);
    # the formats stay in the schema for readers and for error messages.
    env["PYTHONWARNINGS"] = "ignore::UserWarning"
    cmd = [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(bundle_path),
        "--output",
        str(out_dir / "models.py"),
        *DATAMODEL_CODEGEN_FLAGS,
    ]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    models = out_dir / "models.py"
    text = models.read_text(encoding="utf-8")
    for old, new in POST_PROCESS:
        if old not in text:
            raise SchemaError(f"post-processing step no longer applies: {old!r}")
        text = text.replace(old, new)
    models.write_text(text, encoding="utf-8")
    (out_dir / "__init__.py").write_text(
        f'"""{HEADER}.\n\nEvery protocol model lives in :mod:`.models`; import them from\n'
        '``spindle_protocol.models``, which re-exports this module."""\n',
        encoding="utf-8",
    )


def method_constant(method: str) -> str:
    """``thread/goal/set`` -> ``THREAD_GOAL_SET``; ``item/agentMessage/delta`` -> ``ITEM_AGENT_MESSAGE_DELTA``."""
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", method)
    return re.sub(r"[^A-Za-z0-9]+", "_", snake).strip("_").upper()


def _generate_methods(out_dir: Path, methods_file: Path = METHODS_FILE) -> None:
    """Write ``generated/methods.py``: method-name constants and the method tables."""
    data = json.loads(methods_file.read_text(encoding="utf-8"))
    requests = data["clientRequests"]
    notifications = data["serverNotifications"]
    client_notifications = data["clientNotifications"]
    server_requests = data["serverRequests"]
    seen: dict[str, str] = {}
    for method in [
        e["method"] for e in requests + notifications + server_requests
    ] + client_notifications:
        name = method_constant(method)
        if seen.setdefault(name, method) != method:
            raise SchemaError(f"{method!r} and {seen[name]!r} map to the same constant {name}")
    lines = [
        f"# {HEADER.replace(chr(10), chr(10) + '# ')}",
        "# (method tables from schema/v2/methods.json)",
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "# Client -> server requests, in the reference's order.",
    ]
    lines += [f'{method_constant(e["method"])}: Final = "{e["method"]}"' for e in requests]
    lines += ["", "# Server -> client notifications, in the reference's order."]
    lines += [f'{method_constant(e["method"])}: Final = "{e["method"]}"' for e in notifications]
    lines += ["", "# Server -> client requests, in the reference's order."]
    lines += [f'{method_constant(e["method"])}: Final = "{e["method"]}"' for e in server_requests]
    lines += ["", "# Client -> server notifications."]
    lines += [f'{method_constant(m)}: Final = "{m}"' for m in client_notifications]
    lines += [
        "",
        "# The stable client request methods (without the experimentalApi capability).",
        "STABLE_CLIENT_METHODS: Final[tuple[str, ...]] = (",
        *[f'    "{e["method"]}",' for e in requests if not e["experimental"]],
        ")",
        "",
        "# Every client request method, experimental ones included, in the reference's order.",
        "CLIENT_METHODS_WITH_EXPERIMENTAL: Final[tuple[str, ...]] = (",
        *[f'    "{e["method"]}",' for e in requests],
        ")",
        "",
        "# Method names in the order the reference lists them in its unknown-method error.",
        "UNKNOWN_METHOD_ERROR_ORDER: Final[tuple[str, ...]] = (",
        *[f'    "{m}",' for m in data["unknownMethodErrorOrder"]],
        ")",
        "",
        "# method -> (params type name, result type name, experimental); None when the",
        "# method takes no params or its result type is not named by the reference.",
        "CLIENT_REQUEST_TYPES: Final[dict[str, tuple[str | None, str | None, bool]]] = {",
        *[
            f'    "{e["method"]}": ({_py(e["params"])}, {_py(e["result"])}, {e["experimental"]}),'
            for e in requests
        ],
        "}",
        "",
        "# notification method -> (params type name, experimental).",
        "SERVER_NOTIFICATION_TYPES: Final[dict[str, tuple[str | None, bool]]] = {",
        *[
            f'    "{e["method"]}": ({_py(e["params"])}, {e["experimental"]}),'
            for e in notifications
        ],
        "}",
        "",
        "# server request method -> (params type name, result type name).",
        "SERVER_REQUEST_TYPES: Final[dict[str, tuple[str | None, str | None]]] = {",
        *[
            f'    "{e["method"]}": ({_py(e["params"])}, {_py(e["result"])}),'
            for e in server_requests
        ],
        "}",
        "",
    ]
    (out_dir / "methods.py").write_text("\n".join(lines), encoding="utf-8")


def _py(value: str | None) -> str:
    return "None" if value is None else f'"{value}"'


def _ensure_ts_generator() -> Path:
    json2ts = TS_DIR / "node_modules" / ".bin" / ("json2ts.cmd" if os.name == "nt" else "json2ts")
    if json2ts.exists():
        return json2ts
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "generate_protocol: npm is not installed; it is needed to install the pinned "
            "json-schema-to-typescript (ts/package-lock.json) that writes the TypeScript declarations"
        )
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], check=True, cwd=TS_DIR)
    return json2ts


def _generate_typescript(bundle_data: Mapping[str, Any], out_dir: Path) -> None:
    json2ts = _ensure_ts_generator()
    out_dir.mkdir(parents=True, exist_ok=True)
    # json-schema-to-typescript reads `definitions`; give it a root that refers to every type
    # so each one is emitted once under its own name.
    defs = {
        name: _rewrite_defs_to_definitions(schema) for name, schema in bundle_data["$defs"].items()
    }
    ts_input = {
        "title": BUNDLE_TITLE,
        "type": "object",
        "additionalProperties": False,
        "properties": {name: {"$ref": f"#/definitions/{name}"} for name in defs},
        "definitions": defs,
    }
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bundle.json"
        src.write_text(json.dumps(ts_input, indent=1), encoding="utf-8")
        banner = f"/* {HEADER} */"
        subprocess.run(
            [
                str(json2ts),
                "--input",
                str(src),
                "--output",
                str(out_dir / TS_OUTPUT),
                "--bannerComment",
                banner,
                "--unreachableDefinitions",
                "--no-additionalProperties",
                "--format",
                "true",
            ],
            check=True,
            cwd=ROOT,
        )


def _rewrite_defs_to_definitions(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                value.replace("#/$defs/", "#/definitions/")
                if key == "$ref"
                else _rewrite_defs_to_definitions(value)
            )
            for key, value in node.items()
            if key != "discriminator"
        }
    if isinstance(node, list):
        return [_rewrite_defs_to_definitions(value) for value in node]
    return node


def generate(python_dir: Path, ts_dir: Path) -> None:
    """Write the generated Python package and TypeScript declarations."""
    data = bundle()
    with tempfile.TemporaryDirectory() as tmp:
        bundle_path = Path(tmp) / "spindle_protocol_bundle.json"
        bundle_path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        _generate_python(bundle_path, python_dir)
    _generate_methods(python_dir)
    # The config.toml schema ships inside the package (spindle_protocol.config_schema()).
    shutil.copyfile(CONFIG_SCHEMA, python_dir / "config.schema.json")
    _generate_typescript(data, ts_dir)


def _outputs(python_dir: Path, ts_dir: Path) -> dict[str, Path]:
    return {
        "packages/protocol/src/spindle_protocol/generated/__init__.py": python_dir / "__init__.py",
        "packages/protocol/src/spindle_protocol/generated/models.py": python_dir / "models.py",
        "packages/protocol/src/spindle_protocol/generated/methods.py": python_dir / "methods.py",
        "packages/protocol/src/spindle_protocol/generated/config.schema.json": python_dir
        / "config.schema.json",
        f"ts/{TS_OUTPUT}": ts_dir / TS_OUTPUT,
    }


def check(python_dir: Path = GENERATED_DIR, ts_dir: Path = TS_DIR) -> int:
    """Regenerate into a temporary folder and diff against the committed files."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh_py = Path(tmp) / "generated"
        fresh_ts = Path(tmp) / "ts"
        generate(fresh_py, fresh_ts)
        committed = _outputs(python_dir, ts_dir)
        fresh = _outputs(fresh_py, fresh_ts)
        drift = False
        for name, path in committed.items():
            old = (
                path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
            )
            new = fresh[name].read_text(encoding="utf-8").splitlines(keepends=True)
            if old != new:
                drift = True
                sys.stdout.writelines(
                    difflib.unified_diff(old, new, f"a/{name} (committed)", f"b/{name} (fresh)")
                )
        extra = sorted(
            p.name
            for p in python_dir.glob("*.py")
            if p.name not in {"__init__.py", "models.py", "methods.py"}
        )
        for name in extra:
            drift = True
            print(f"unexpected file in generated/: {name}")
    if drift:
        print(
            "\ngenerated files differ from schema/: run `nox -s schema` and commit the result "
            "(never edit generated files by hand)",
            file=sys.stderr,
        )
        return 1
    print("generated files match schema/")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="diff a fresh generation against the committed files"
    )
    parser.add_argument("--python-dir", type=Path, default=GENERATED_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--ts-dir", type=Path, default=TS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        return check(args.python_dir, args.ts_dir)
    generate(args.python_dir, args.ts_dir)
    print(f"wrote {args.python_dir} and {args.ts_dir / TS_OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
