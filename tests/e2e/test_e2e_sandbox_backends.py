"""Both Linux sandbox backends end to end: every place the server spawns a command.

One real server per backend (``SPINDLE_SANDBOX_BACKEND=bwrap`` or ``landlock``, as a user
would narrow it), real sandboxed processes, the mock model calling ``exec_command``. Each
spawn site is covered: the model's ``exec_command`` with and without a tty, ``command/exec``
with pipes and with a tty, and ``thread/shellCommand``. A write outside the writable roots
fails with the backend's own error (bubblewrap: a read-only bind mount, "Read-only file
system", as the reference; Landlock: "Permission denied") and leaves no file.
"""

from __future__ import annotations

import base64
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, StartServer, spindle_only
from tests.support.flows import TurnRun, run_turn, start_thread
from tests.support.mock_provider import (
    FunctionCall,
    MockProvider,
    Scripted,
    TextReply,
    ToolCallsReply,
)
from tests.support.sandbox import DENIED, roots_outside_tmp, workspace_write_outside_tmp

pytestmark = [
    pytest.mark.requirement("R21"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux backends"),
]


@pytest.fixture(params=["bwrap", "landlock"])
def backend(request: pytest.FixtureRequest) -> str:
    spindle_only("narrows spindle's sandbox to one backend")
    name: str = request.param
    return name


@pytest.fixture
def transport() -> str:
    return "stdio"  # the spawn paths do not depend on the transport


@pytest.fixture
def server(spindle: StartServer, backend: str) -> ServerProcess:
    return spindle(env={"SPINDLE_SANDBOX_BACKEND": backend})


@pytest.fixture
def conn(server: ServerProcess) -> Connection:
    conn = server.connect()
    conn.initialize()
    return conn


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP listener on 127.0.0.1, outside any sandbox."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


def _calls(*calls: FunctionCall) -> Scripted:
    return Scripted.tool_round_trip(ToolCallsReply(calls=calls), TextReply.of("done.", n=1))


def _exec(cmd: str, call_id: str, **extra: Any) -> FunctionCall:
    return FunctionCall("exec_command", {"cmd": cmd, **extra}, call_id=call_id)


def _items(run: TurnRun) -> dict[str, dict[str, Any]]:
    """The turn's completed commandExecution items, by the model's call id."""
    return {
        m["params"]["item"]["id"]: m["params"]["item"]
        for m in run.of("item/completed")
        if m["params"]["item"]["type"] == "commandExecution"
    }


def _connect_code(port: int) -> str:
    code = (
        "import socket\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=5).close()\n"
        "    print('connected')\n"
        "except OSError as exc:\n"
        "    print('refused:', exc)\n"
    )
    return f"{sys.executable} -I -S -c {json.dumps(code)}"


def test_the_startup_log_names_the_backend(server: ServerProcess, backend: str) -> None:
    conn = server.connect()
    conn.initialize()
    start_thread(conn)  # a round trip: the probe has run and been logged by now
    log = server.stderr_text()
    assert f"sandbox backend: {backend}: " in log
    landlock_note = "Landlock rules only add access, so under the Landlock backend .git"
    assert (landlock_note in log) == (backend == "landlock")
    # Narrowed on purpose: no configWarning either way.
    assert conn.notifications(method="configWarning") == []


def test_agent_commands_obey_the_policy_on_each_backend(
    conn: Connection,
    mock_provider: MockProvider,
    backend: str,
    tmp_path: Path,
    listener: int,
) -> None:
    thread = start_thread(conn)
    work = Path(thread["cwd"])
    (work / ".git").mkdir()
    extra, outside = roots_outside_tmp(tmp_path)
    policy = workspace_write_outside_tmp(extra)
    mock_provider.set_default(
        _calls(
            _exec(f"touch {extra}/a.txt", "in-root"),
            _exec("touch in-cwd.txt", "in-cwd"),
            _exec(f"touch {outside}/no.txt", "outside"),
            _exec(f"touch {outside}/tty.txt", "outside-tty", tty=True),
            _exec("touch .git/hooked", "git"),
            _exec(_connect_code(listener), "network"),
            _exec('echo "net=$CODEX_SANDBOX_NETWORK_DISABLED"', "network-env"),
        )
    )
    items = _items(run_turn(conn, thread["id"], "go", sandboxPolicy=policy))
    assert items["in-root"]["status"] == "completed" and (extra / "a.txt").exists()
    assert items["in-cwd"]["status"] == "completed" and (work / "in-cwd.txt").exists()
    for call_id, name in (("outside", "no.txt"), ("outside-tty", "tty.txt")):
        assert items[call_id]["status"] == "failed", items[call_id]
        assert DENIED[backend] in items[call_id]["aggregatedOutput"]
        assert not (outside / name).exists()
    if backend == "bwrap":
        assert items["git"]["status"] == "failed"
        assert "Read-only file system" in items["git"]["aggregatedOutput"]
        assert not (work / ".git" / "hooked").exists()
    else:
        # Landlock cannot keep .git read-only inside a writable root (README, startup log).
        assert items["git"]["status"] == "completed" and (work / ".git" / "hooked").exists()
    assert "refused:" in items["network"]["aggregatedOutput"], items["network"]
    assert items["network-env"]["aggregatedOutput"].strip().endswith("net=1")


def test_restricted_reads_through_the_agent_loop_on_each_backend(
    conn: Connection, mock_provider: MockProvider, tmp_path: Path
) -> None:
    thread = start_thread(conn)
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (allowed / "notes.txt").write_text("readable\n")
    (outside / "secret.txt").write_text("top secret\n")
    policy = {
        "type": "readOnly",
        "access": {
            "type": "restricted",
            "includePlatformDefaults": True,
            "readableRoots": [str(allowed)],
        },
    }
    mock_provider.set_default(
        _calls(
            _exec(f"cat {allowed}/notes.txt", "inside"),
            _exec(f"cat {outside}/secret.txt", "outside"),
        )
    )
    items = _items(run_turn(conn, thread["id"], "read", sandboxPolicy=policy))
    assert items["inside"]["status"] == "completed"
    assert "readable" in items["inside"]["aggregatedOutput"]
    assert items["outside"]["status"] == "failed"
    assert "top secret" not in items["outside"]["aggregatedOutput"]


def test_command_exec_obeys_the_policy_on_each_backend(
    conn: Connection, backend: str, tmp_path: Path
) -> None:
    target = tmp_path / "written"
    piped = conn.call(
        "command/exec",
        {"command": ["touch", str(target)], "sandboxPolicy": {"type": "readOnly"}},
    )
    assert piped["exitCode"] == 1 and DENIED[backend] in piped["stderr"]
    assert not target.exists()

    since = conn.mark()
    with_tty = conn.call(
        "command/exec",
        {
            "command": ["touch", str(target)],
            "processId": "tty-1",
            "tty": True,
            "sandboxPolicy": {"type": "readOnly"},
        },
    )
    assert with_tty["exitCode"] == 1
    output = b"".join(
        base64.b64decode(m["params"]["deltaBase64"])
        for m in conn.notifications(since=since, method="command/exec/outputDelta")
    )
    assert DENIED[backend].encode() in output
    assert not target.exists()

    # Piped stdin reaches a sandboxed command, and a write inside the writable root works.
    rid = conn.request_async(
        "command/exec",
        {
            "command": ["sh", "-c", 'read line; echo "$line" > in-root.txt'],
            "cwd": str(tmp_path),
            "processId": "stdin-1",
            "streamStdin": True,
            "sandboxPolicy": {"type": "workspaceWrite", "writableRoots": [str(tmp_path)]},
        },
    )
    conn.call(
        "command/exec/write",
        {
            "processId": "stdin-1",
            "deltaBase64": base64.b64encode(b"hello\n").decode(),
            "closeStdin": True,
        },
    )
    assert conn.response(rid)["result"]["exitCode"] == 0
    assert (tmp_path / "in-root.txt").read_text() == "hello\n"


def test_a_shell_command_obeys_the_thread_policy_on_each_backend(
    conn: Connection, backend: str
) -> None:
    thread = start_thread(conn)  # config: read-only
    since = conn.mark()
    conn.call("thread/shellCommand", {"threadId": thread["id"], "command": "touch escaped.txt"})
    conn.wait_for("turn/completed", since=since)
    (item,) = [
        m["params"]["item"]
        for m in conn.notifications(since=since, method="item/completed")
        if m["params"]["item"]["type"] == "commandExecution"
    ]
    assert item["status"] == "failed" and DENIED[backend] in item["aggregatedOutput"]
    assert not (Path(thread["cwd"]) / "escaped.txt").exists()


def test_an_accepted_command_still_runs_inside_the_sandbox_on_each_backend(
    conn: Connection, mock_provider: MockProvider, backend: str
) -> None:
    """The transcript's `exec-accept`: under read-only with approval `untrusted`, the user
    accepts `touch accepted.txt`; it runs, still sandboxed, and fails with exit code 1."""
    thread = start_thread(conn, approvalPolicy="untrusted")
    work = Path(thread["cwd"])
    conn.on_request("item/commandExecution/requestApproval", lambda m: {"decision": "accept"})
    mock_provider.set_default(_calls(_exec("touch accepted.txt", "accept")))
    run = run_turn(conn, thread["id"], "[exec-accept] go")
    assert [r["method"] for r in conn.server_requests()] == [
        "item/commandExecution/requestApproval"
    ]
    item = _items(run)["accept"]
    assert (item["status"], item["exitCode"]) == ("failed", 1)
    assert f"touch: cannot touch 'accepted.txt': {DENIED[backend]}" in item["aggregatedOutput"]
    assert not (work / "accepted.txt").exists()
    assert run.status == "completed"


# Run the server inside 16 nested Landlock sandboxes, the kernel's limit (each grants
# everything, so the server itself is unaffected): a spawner thread cannot add the 17th.
NESTED_SITECUSTOMIZE = """
from spindle_sandbox._landlock_sys import build_restriction

for _ in range(16):
    _layer = build_restriction(read=[], write=["/"], devices=[], no_network=False)
    _layer.apply()
    _layer.close()
"""


def test_when_landlock_cannot_be_applied_every_spawn_site_fails_closed(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    spindle_only("runs spindle inside nested Landlock sandboxes")
    site = tmp_path / "nested-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NESTED_SITECUSTOMIZE)
    server = spindle(env={"SPINDLE_SANDBOX_BACKEND": "landlock", "PYTHONPATH": str(site)})
    conn = server.connect()
    conn.initialize()
    reason = "landlock_restrict_self: Argument list too long (16 Landlock sandboxes"
    thread = start_thread(conn, sandbox="workspace-write")
    work = Path(thread["cwd"])

    mock_provider.set_default(_calls(_exec("touch agent.txt", "agent")))
    item = _items(run_turn(conn, thread["id"], "go"))["agent"]
    assert item["status"] == "failed" and reason in item["aggregatedOutput"]

    reply = conn.request(
        "command/exec",
        {"command": ["touch", str(work / "exec.txt")], "sandboxPolicy": {"type": "workspaceWrite"}},
    )
    assert reply["error"]["code"] == -32603
    assert reply["error"]["message"].startswith("exec failed: the Landlock sandbox could not be")
    assert reason in reply["error"]["message"]

    since = conn.mark()
    conn.call("thread/shellCommand", {"threadId": thread["id"], "command": "touch shell.txt"})
    conn.wait_for("turn/completed", since=since)
    (shell,) = [
        m["params"]["item"]
        for m in conn.notifications(since=since, method="item/completed")
        if m["params"]["item"]["type"] == "commandExecution"
    ]
    assert shell["status"] == "failed" and reason in shell["aggregatedOutput"]
    assert sorted(p.name for p in work.iterdir()) == [], "nothing ran"
