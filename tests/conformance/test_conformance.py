"""Our schema/ against the official schema of @openai/codex@0.169.0 (schema/REFERENCE.json).

The reference is installed outside the repository (``~/.cache/spindle/reference``, reused
when present, otherwise ``npm install @openai/codex@0.169.0`` there). When it cannot be
installed these tests FAIL with the reason; they never skip. The official schema and
TypeScript declarations are generated now, with ``--experimental`` (spindle emits the
experimental Thread members the reference sends to experimental clients), plus the plain
schema for the stable method list.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spindle_protocol import errors, methods

from tests.conformance import compat, ts_decls
from tests.support.reference import ReferenceUnavailable, codex_binary

ROOT = Path(__file__).resolve().parents[2]
PIN = json.loads((ROOT / "schema" / "REFERENCE.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Official:
    """The official artefacts, generated at test time."""

    binary: Path
    defs: dict[str, Any]
    ts: dict[str, ts_decls.TsType]
    stable_methods: list[str]
    all_methods: list[str]
    notifications: list[str]


def _run(binary: Path, *args: str, home: Path) -> None:
    env = {**os.environ, "CODEX_HOME": str(home)}
    result = subprocess.run(
        [str(binary), *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{binary} {' '.join(args)} failed:\n{result.stderr[-2000:]}", pytrace=False)


def _methods(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [v["properties"]["method"]["enum"][0] for v in data["oneOf"]]


@pytest.fixture(scope="session")
def official(tmp_path_factory: pytest.TempPathFactory) -> Official:
    try:
        binary = codex_binary()
    except ReferenceUnavailable as exc:
        pytest.fail(
            f"conformance needs the reference {PIN['package']}@{PIN['version']}: {exc}",
            pytrace=False,
        )
    home = tmp_path_factory.mktemp("codex-home")
    exp_schema = tmp_path_factory.mktemp("official-schema-experimental")
    stable_schema = tmp_path_factory.mktemp("official-schema")
    exp_ts = tmp_path_factory.mktemp("official-ts-experimental")
    version = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    assert version == PIN["cliVersion"], f"{binary} is {version!r}, pinned {PIN['cliVersion']!r}"
    _run(
        binary,
        "app-server",
        "generate-json-schema",
        "--experimental",
        "--out",
        str(exp_schema),
        home=home,
    )
    _run(binary, "app-server", "generate-json-schema", "--out", str(stable_schema), home=home)
    _run(binary, "app-server", "generate-ts", "--experimental", "--out", str(exp_ts), home=home)
    v2 = json.loads((exp_schema / "codex_app_server_protocol.v2.schemas.json").read_text("utf-8"))
    root = json.loads((exp_schema / "codex_app_server_protocol.schemas.json").read_text("utf-8"))
    defs: dict[str, Any] = dict(v2["definitions"])
    # v1-era handshake types live only in the combined bundle, under definitions/v2 refs
    for name, schema in root["definitions"].items():
        if name != "v2" and name not in defs:
            defs[name] = json.loads(
                json.dumps(schema).replace("#/definitions/v2/", "#/definitions/")
            )
    server_notes = _methods(exp_schema / "ServerNotification.json")
    return Official(
        binary=binary,
        defs=defs,
        ts=ts_decls.load_directory(exp_ts),
        stable_methods=_methods(stable_schema / "ClientRequest.json"),
        all_methods=_methods(exp_schema / "ClientRequest.json"),
        notifications=server_notes,
    )


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_protocol", ROOT / "scripts" / "generate_protocol.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ours() -> dict[str, Any]:
    defs: dict[str, Any] = _generator().bundle()["$defs"]
    return defs


def _implemented_methods() -> tuple[set[str], str]:
    """What the server registers; our registry when the server is not importable yet."""
    try:
        import spindle_app_server.handlers  # noqa: F401  (registers every handler)
        from spindle_app_server._registry import REGISTRY
    except Exception as exc:  # the server is another team's work in progress
        return set(
            methods.CLIENT_REQUESTS
        ), f"spindle_protocol registry (server not importable: {exc!r})"
    return set(REGISTRY.methods()), "spindle_app_server handler registry"


def _table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows)


@pytest.mark.requirement("R19")
def test_every_type_we_define_is_compatible_with_the_official_one(
    official: Official, ours: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    comparator = compat.Comparator(
        ours=ours, theirs=official.defs, ts=official.ts, incoming_only=compat.incoming_only(ours)
    )
    report = comparator.compare_all()
    implemented, source = _implemented_methods()
    stable = official.stable_methods
    ours_official = sorted(set(ours) & set(official.defs))
    rows = [
        ("reference", f"{PIN['package']}@{PIN['version']} ({official.binary})"),
        ("official types (with experimental)", str(len(official.defs))),
        ("types in schema/", str(len(ours))),
        ("  of them official, compared", str(len(ours_official))),
        ("  spindle extensions", ", ".join(report.extensions) or "-"),
        ("  members compared", str(report.compared_members)),
        ("  narrowed (always sent as null)", ", ".join(report.narrowed) or "-"),
        ("  left out instead of null", ", ".join(report.omitted_when_null) or "-"),
        ("  incompatibilities", str(len(report.problems))),
        (
            f"methods implemented ({source})",
            f"{len(implemented & set(stable))} of {len(stable)} stable client methods",
        ),
        (
            "  with params+result types in schema/",
            f"{len(set(methods.CLIENT_REQUESTS) & set(stable))} of {len(stable)}",
        ),
        ("  implemented", ", ".join(m for m in stable if m in implemented)),
        ("  implemented, experimental", ", ".join(sorted(implemented - set(stable))) or "-"),
        (
            "server notifications with types",
            f"{len(methods.SERVER_NOTIFICATIONS)} of {len(official.notifications)}",
        ),
    ]
    with capsys.disabled():
        print("\n\nconformance coverage\n" + _table(rows))
        for member in report.narrowed:
            print(f"  narrowed     {member}")
        for problem in report.problems:
            print(f"  INCOMPATIBLE {problem}")
    assert report.compared_members > 1000
    assert report.problems == []
    # Only where the reference's serde leaves out a None its TypeScript calls `T | null`.
    assert report.omitted_when_null == ["ConfigLayer.disabledReason", "ConfigReadResponse.layers"]


def test_method_lists_match_the_reference(official: Official) -> None:
    assert list(methods.ALL_CLIENT_METHODS) == official.stable_methods
    assert len(official.stable_methods) == PIN["stableClientRequestCount"]
    assert list(methods.CLIENT_METHODS_WITH_EXPERIMENTAL) == official.all_methods
    assert len(official.all_methods) == PIN["clientRequestCountWithExperimental"]
    assert list(methods.SERVER_NOTIFICATION_TYPES) == official.notifications


def test_registry_types_are_the_ones_the_reference_names(official: Official) -> None:
    exp = json.loads(json.dumps(official.defs))  # names only
    for method, spec in methods.CLIENT_REQUESTS.items():
        if spec.params is not None:
            assert spec.params.__name__ in exp, method
        assert spec.result.__name__ in exp, method


def test_unknown_method_error_matches_the_live_reference(
    official: Official, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        'model = "mock-model"\nmodel_provider = "mock"\n'
        '[model_providers.mock]\nname = "mock"\nbase_url = "http://127.0.0.1:9/v1"\n'
        'wire_api = "responses"\nenv_key = "SPINDLE_UNUSED_KEY"\n'
        "[features]\nplugins = false\nremote_plugin = false\napps = false\n"
        "plugin_sharing = false\ntool_suggest = false\n[analytics]\nenabled = false\n",
        encoding="utf-8",
    )
    lines: list[dict[str, Any]] = [
        {
            "id": 1,
            "method": "initialize",
            "params": {"clientInfo": {"name": "conformance", "version": "0"}},
        },
        {"id": 2, "method": "foo/bar", "params": {}},
        {"id": 3, "method": "thread/list", "params": {"limit": "x"}},
    ]
    proc = subprocess.Popen(
        [str(official.binary), "app-server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "CODEX_HOME": str(home)},
        cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stdout is not None
    answers: dict[int, Any] = {}
    try:
        for line in lines:
            proc.stdin.write(json.dumps(line) + "\n")
            proc.stdin.flush()
            while True:
                reply = json.loads(proc.stdout.readline())
                if reply.get("id") == line["id"]:
                    answers[line["id"]] = reply
                    break
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
        proc.stdout.close()
    assert answers[2] == {
        "error": {
            "code": errors.INVALID_REQUEST,
            "message": errors.unknown_method_message("foo/bar"),
        },
        "id": 2,
    }
    with pytest.raises(errors.InvalidRequest) as caught:
        methods.parse_params("thread/list", {"limit": "x"})
    assert answers[3]["error"] == caught.value.to_error_object()


def test_the_comparison_catches_incompatible_edits(
    official: Official, ours: dict[str, Any]
) -> None:
    """The checker is not vacuous: typical schema mistakes each produce a finding."""
    tampered = json.loads(json.dumps(ours))
    thread = tampered["Thread"]
    thread["properties"]["forkedFromId"] = {"type": "string"}  # lost its null
    thread["required"].remove("preview")  # no longer always sent
    thread["properties"]["extraMember"] = {"type": "string"}  # not in the reference
    tampered["SortDirection"]["enum"] = ["asc", "descending"]  # wrong enum value
    status = tampered["ThreadStatus"]["oneOf"]
    status[:] = [v for v in status if compat.tag_of(v) != "systemError"]  # a lost variant
    params = tampered["ThreadListParams"]["properties"]
    params["limit"] = {"type": ["string", "null"]}  # wrong type
    thread["properties"]["gitInfo"]["x-omitted-when-null"] = True  # but still always sent
    report = compat.Comparator(
        ours=tampered,
        theirs=official.defs,
        ts=official.ts,
        incoming_only=compat.incoming_only(tampered),
    ).compare_all()
    text = "\n".join(report.problems)
    assert "Thread.forkedFromId: nullability differs" in text
    assert "Thread.preview: always-present differs" in text
    assert "only ours ['extraMember']" in text
    assert "SortDirection: type differs" in text
    assert "ThreadStatus: tags differ" in text
    assert "ThreadListParams.limit: type differs" in text
    assert "Thread.gitInfo: x-omitted-when-null needs" in text
