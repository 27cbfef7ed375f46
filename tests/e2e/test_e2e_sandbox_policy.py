"""The sandbox policy end to end: config.toml, thread/start, turn/start, resume, fail closed.

A real server, the mock model calling ``exec_command``, real sandboxed processes (bubblewrap
where installed, Landlock otherwise). Shapes and error messages are the reference's, recorded
from 0.169.0 (see the module's probes in the closing note of the sandbox issue).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
from tests.support.flows import TurnRun, run_turn, start_thread
from tests.support.mock_provider import (
    FunctionCall,
    MockProvider,
    Scripted,
    TextReply,
    ToolCallsReply,
)
from tests.support.sandbox import roots_outside_tmp, workspace_write_outside_tmp

pytestmark = pytest.mark.requirement("R21")


def _commands(*cmds: str, text: str = "done.") -> Scripted:
    calls = tuple(
        FunctionCall("exec_command", {"cmd": cmd}, call_id=f"c{i}") for i, cmd in enumerate(cmds)
    )
    return Scripted.tool_round_trip(ToolCallsReply(calls=calls), TextReply.of(text, n=1))


def _command_items(run: TurnRun) -> list[dict[str, Any]]:
    return [
        m["params"]["item"]
        for m in run.of("item/completed")
        if m["params"]["item"]["type"] == "commandExecution"
    ]


def _connect(spindle: StartServer, **kwargs: Any) -> tuple[Connection, Any]:
    server = spindle(**kwargs)
    conn = server.connect()
    conn.initialize()
    return conn, server


def _turn_contexts(rollout: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in rollout.read_text().splitlines() if line.strip()]
    return [line["payload"] for line in lines if line["type"] == "turn_context"]


def test_workspace_write_follows_the_config_section_and_request_overrides(
    spindle: StartServer, tmp_path: Path
) -> None:
    extra_root = tmp_path / "extra"
    conn, _ = _connect(
        spindle,
        config_extra=(
            "\n[sandbox_workspace_write]\n"
            f'writable_roots = ["{extra_root}"]\n'
            "network_access = true\n"
            "exclude_slash_tmp = true\n"
        ),
    )
    started = conn.call("thread/start", {"sandbox": "workspace-write"})
    assert started["sandbox"] == {
        "type": "workspaceWrite",
        "writableRoots": [str(extra_root)],
        "networkAccess": True,
        "excludeTmpdirEnvVar": False,
        "excludeSlashTmp": True,
    }
    # thread/start `config` overrides merge into the file's table, as the reference.
    other = tmp_path / "other"
    overridden = conn.call(
        "thread/start",
        {
            "sandbox": "workspace-write",
            "config": {"sandbox_workspace_write": {"writable_roots": [str(other)]}},
        },
    )
    assert overridden["sandbox"]["writableRoots"] == [str(other)]
    assert overridden["sandbox"]["networkAccess"] is True
    dotted = conn.call(
        "thread/start",
        {
            "sandbox": "workspace-write",
            "config": {"sandbox_workspace_write.network_access": False},
        },
    )
    assert dotted["sandbox"]["writableRoots"] == [str(extra_root)]
    assert dotted["sandbox"]["networkAccess"] is False
    # The config's default mode (read-only) is untouched by the section.
    assert conn.call("thread/start", {})["sandbox"] == {"type": "readOnly", "networkAccess": False}


def test_workspace_write_without_a_config_section_lists_no_roots(spindle: StartServer) -> None:
    conn, _ = _connect(spindle)
    started = conn.call("thread/start", {"sandbox": "workspace-write"})
    # The reference: the cwd, /tmp and $TMPDIR are writable implicitly, not listed.
    assert started["sandbox"] == {
        "type": "workspaceWrite",
        "writableRoots": [],
        "networkAccess": False,
        "excludeTmpdirEnvVar": False,
        "excludeSlashTmp": False,
    }


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            {"type": "bogus"},
            "Invalid request: unknown variant `bogus`, expected one of `dangerFullAccess`, "
            "`readOnly`, `externalSandbox`, `workspaceWrite`",
        ),
        (
            {"type": "workspaceWrite", "writableRoots": ["rel/path"]},
            "Invalid request: AbsolutePathBuf deserialized without a base path",
        ),
        (
            {"type": "readOnly", "networkAccess": "x"},
            'Invalid request: invalid type: string "x", expected a boolean',
        ),
    ],
)
def test_a_bad_sandbox_policy_is_refused_and_changes_nothing(
    spindle: StartServer, mock_provider: MockProvider, policy: dict[str, Any], message: str
) -> None:
    conn, _ = _connect(spindle)
    thread = start_thread(conn)
    reply = conn.request(
        "turn/start",
        {
            "threadId": thread["id"],
            "input": [{"type": "text", "text": "hi"}],
            "sandboxPolicy": policy,
        },
    )
    assert reply["error"] == {"code": -32600, "message": message}
    assert mock_provider.response_requests == []
    # The thread keeps its policy: a write is still refused by the read-only sandbox.
    work = Path(thread["cwd"])
    mock_provider.set_default(_commands("touch still-ro.txt"))
    run = run_turn(conn, thread["id"], "write")
    (item,) = _command_items(run)
    assert item["status"] == "failed" and "Read-only file system" in item["aggregatedOutput"]
    assert not (work / "still-ro.txt").exists()


def test_turn_policy_governs_commands_is_recorded_and_survives_a_restart(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    conn, server = _connect(spindle)
    thread = start_thread(conn)  # config: read-only, approval never
    work = Path(thread["cwd"])
    extra, outside = roots_outside_tmp(tmp_path)
    policy = workspace_write_outside_tmp(extra)
    mock_provider.set_default(
        _commands(
            f"touch {extra}/a.txt",
            "touch in-cwd.txt",
            f"touch {outside}/no.txt",
            'echo "net=$CODEX_SANDBOX_NETWORK_DISABLED"',
        )
    )
    since = conn.mark()
    run = run_turn(conn, thread["id"], "go", sandboxPolicy=policy)
    updated = conn.notifications(since=since, method="thread/settings/updated")
    assert updated and updated[-1]["params"]["threadSettings"]["sandboxPolicy"] == policy
    in_extra, in_cwd, out, net = _command_items(run)
    assert in_extra["status"] == "completed" and (extra / "a.txt").exists()
    assert in_cwd["status"] == "completed" and (work / "in-cwd.txt").exists()
    assert out["status"] == "failed" and "Read-only file system" in out["aggregatedOutput"]
    assert not (outside / "no.txt").exists()
    assert net["aggregatedOutput"].strip().endswith("net=1")

    # The rollout records the policy in the reference's turn_context form.
    rollout = Path(conn.call("thread/read", {"threadId": thread["id"]})["thread"]["path"])
    assert _turn_contexts(rollout)[-1]["sandbox_policy"] == {
        "type": "workspace-write",
        "writable_roots": [str(extra)],
        "network_access": False,
        "exclude_tmpdir_env_var": True,
        "exclude_slash_tmp": True,
    }

    # After a restart, resume brings the policy back and commands still obey it.
    server.restart()
    conn = server.connect()
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": thread["id"]})
    assert resumed["sandbox"] == policy
    mock_provider.set_default(_commands(f"touch {extra}/b.txt", f"touch {outside}/no2.txt"))
    run = run_turn(conn, thread["id"], "again")
    again, refused = _command_items(run)
    assert again["status"] == "completed" and (extra / "b.txt").exists()
    assert refused["status"] == "failed" and not (outside / "no2.txt").exists()


def test_accepted_command_still_runs_inside_the_sandbox(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    """The transcript's exec-accept scenario: approval never lifts the read-only sandbox."""
    conn, _ = _connect(spindle)
    thread = start_thread(conn, approvalPolicy="untrusted")
    work = Path(thread["cwd"])
    conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "accept"})
    mock_provider.set_default(_commands("touch accepted.txt", text="ok, accepted."))
    run = run_turn(conn, thread["id"], "[exec-accept] go")
    (item,) = _command_items(run)
    assert [r["method"] for r in conn.server_requests()] == [
        "item/commandExecution/requestApproval"
    ]
    assert item["status"] == "failed" and "Read-only file system" in item["aggregatedOutput"]
    assert not (work / "accepted.txt").exists()
    assert run.completed["params"]["turn"]["status"] == "completed"


def test_no_sandbox_backend_fails_closed_with_a_warning(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server = spindle(env={"SPINDLE_SANDBOX_BACKEND": "unavailable"})
    conn = server.connect()
    since = conn.mark()
    conn.initialize()
    warning = conn.wait_for("configWarning", since=since)
    assert "cannot sandbox commands here" in warning["params"]["summary"]
    assert warning["params"]["details"] is None
    thread = start_thread(conn)
    work = Path(thread["cwd"])
    mock_provider.set_default(_commands("touch escaped.txt"))
    run = run_turn(conn, thread["id"], "write")
    (item,) = _command_items(run)
    assert item["status"] == "failed"
    assert not (work / "escaped.txt").exists()
    sent = mock_provider.response_requests[-1].function_call_outputs()["c0"]
    assert "SPINDLE_SANDBOX_BACKEND=unavailable" in json.dumps(sent)
    # dangerFullAccess is the one policy that runs without spindle's sandbox.
    full = start_thread(conn, sandbox="danger-full-access")
    mock_provider.set_default(_commands("touch allowed.txt"))
    run = run_turn(conn, full["id"], "write")
    (item,) = _command_items(run)
    assert item["status"] == "completed" and (Path(full["cwd"]) / "allowed.txt").exists()


def test_a_healthy_machine_sends_no_sandbox_warning(spindle: StartServer) -> None:
    server = spindle()
    conn = server.connect()
    conn.initialize()
    start_thread(conn)  # a round trip after initialize: any warning would have arrived
    assert conn.notifications(method="configWarning") == []
