"""``skills/list``, ``hooks/list`` and ``collaborationMode/list`` on the real server process.

spindle has no skills and runs no hooks, so each requested cwd gets an entry with empty
lists; ``collaborationMode/list`` answers the reference's two presets. Every result is also
checked against the official schema (generated with ``--experimental``, as
``collaborationMode/list`` is experimental).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, RpcError, ServerProcess
from tests.support.reference import ReferenceUnavailable, codex_binary
from tests.support.schema import OfficialSchema

StartServer = Callable[..., ServerProcess]
STARTUP_TIMEOUT = 180.0


@pytest.fixture(scope="module")
def official_schema(tmp_path_factory: pytest.TempPathFactory) -> OfficialSchema:
    out = tmp_path_factory.mktemp("official-schema-experimental")
    try:
        binary = codex_binary()
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required for this test: {exc}", pytrace=False)
    result = subprocess.run(
        [str(binary), "app-server", "generate-json-schema", "--experimental", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"CODEX_HOME": str(out.parent / "codex-home"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return OfficialSchema(out)


def _connect(start_server: StartServer, *, experimental: bool = True) -> Connection:
    conn = start_server("stdio").connect()
    conn.call(
        "initialize",
        {
            "clientInfo": {"name": "probe", "version": "0"},
            "capabilities": {"experimentalApi": experimental},
        },
        timeout=STARTUP_TIMEOUT,
    )
    conn.notify("initialized")
    return conn


def _checked(official: OfficialSchema, method: str, result: Any) -> Any:
    assert official.check_result(method, result) == []
    return result


def test_skills_list_gives_one_empty_entry_per_requested_cwd(
    start_server: StartServer, official_schema: OfficialSchema
) -> None:
    conn = _connect(start_server)
    params = {"cwds": ["/tmp", "/tmp/tui"], "forceReload": True}
    result = _checked(official_schema, "skills/list", conn.call("skills/list", params))
    assert result == {
        "data": [
            {"cwd": "/tmp", "skills": [], "errors": []},
            {"cwd": "/tmp/tui", "skills": [], "errors": []},
        ]
    }


def test_skills_list_without_cwds_uses_the_server_cwd(
    start_server: StartServer, official_schema: OfficialSchema
) -> None:
    server = start_server("stdio")
    conn = server.connect()
    conn.call(
        "initialize",
        {"clientInfo": {"name": "probe", "version": "0"}},
        timeout=STARTUP_TIMEOUT,
    )
    conn.notify("initialized")
    assert server.cwd is not None
    expected = {"data": [{"cwd": str(server.cwd), "skills": [], "errors": []}]}
    assert _checked(official_schema, "skills/list", conn.call("skills/list", {})) == expected
    assert _checked(official_schema, "skills/list", conn.call("skills/list", {"cwds": []})) == (
        expected
    )


def test_skills_list_rejects_a_non_list_cwds(start_server: StartServer) -> None:
    conn = _connect(start_server)
    with pytest.raises(RpcError) as excinfo:
        conn.call("skills/list", {"cwds": "/tmp"})
    assert excinfo.value.code == -32600
    assert excinfo.value.message.startswith("Invalid request: invalid type: string")


def test_hooks_list_gives_one_empty_entry_per_requested_cwd(
    start_server: StartServer, official_schema: OfficialSchema
) -> None:
    conn = _connect(start_server)
    result = conn.call("hooks/list", {"cwds": ["/tmp"], "threadId": None})
    assert _checked(official_schema, "hooks/list", result) == {
        "data": [{"cwd": "/tmp", "hooks": [], "warnings": [], "errors": []}]
    }


def test_hooks_list_for_a_loaded_thread_uses_its_cwd(
    start_server: StartServer, official_schema: OfficialSchema, tmp_path: Path
) -> None:
    conn = _connect(start_server)
    cwd = tmp_path / "project"
    cwd.mkdir()
    thread_id = conn.call("thread/start", {"cwd": str(cwd)})["thread"]["id"]
    result = conn.call("hooks/list", {"threadId": thread_id})
    assert _checked(official_schema, "hooks/list", result) == {
        "data": [{"cwd": str(cwd), "hooks": [], "warnings": [], "errors": []}]
    }


def test_collaboration_mode_list_gives_the_plan_and_default_presets(
    start_server: StartServer, official_schema: OfficialSchema
) -> None:
    conn = _connect(start_server)
    result = conn.call("collaborationMode/list", {})
    assert _checked(official_schema, "collaborationMode/list", result) == {
        "data": [
            {"name": "Plan", "mode": "plan", "model": None, "reasoning_effort": "medium"},
            {"name": "Default", "mode": "default", "model": None, "reasoning_effort": None},
        ]
    }


def test_collaboration_mode_list_needs_the_experimental_capability(
    start_server: StartServer,
) -> None:
    conn = _connect(start_server, experimental=False)
    with pytest.raises(RpcError) as excinfo:
        conn.call("collaborationMode/list", {})
    assert (excinfo.value.code, excinfo.value.message) == (
        -32600,
        "collaborationMode/list requires experimentalApi capability",
    )
