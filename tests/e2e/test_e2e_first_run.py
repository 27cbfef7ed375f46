"""What a new user meets first (issue 14): the TUI's trust flow through config writes, read
receipts that survive a restart, config mistakes that never kill the server, the CLI's
config flags and listen modes, and the model provider's first-turn checks.

Every message is validated against the official schema by the fixtures. Run with
``SPINDLE_E2E_SERVER=reference`` to check the shared expectations against the reference.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import unix_connect

from tests.support.client import (
    API_KEY_ENV,
    Connection,
    ServerProcess,
    StartServer,
    Transport,
    server_kind,
    spindle_command,
    spindle_only,
    write_config,
)
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import HangingStream, MockProvider
from tests.support.reference import ReferenceUnavailable, codex_binary
from tests.support.schema import OfficialSchema
from tests.support.servers import start_servers, stop_servers

pytestmark = pytest.mark.requirement("R25")

INVALID_REQUEST = -32600
USER_COMMENT = "# my settings, keep this comment\n"


def _default_config(home: Path, base_url: str, *, extra: str = "") -> Path:
    """The mock-provider config without approval_policy and sandbox_mode (a default config,
    the case where the TUI asks whether to trust the folder), plus a user comment."""
    path = write_config(home, base_url, extra=extra)
    text = path.read_text()
    text = text.replace('approval_policy = "never"\n', "").replace(
        'sandbox_mode = "read-only"\n', ""
    )
    path.write_text(USER_COMMENT + text.replace("[features]", "[features]  # offline", 1))
    return path


@pytest.fixture(scope="module")
def experimental_schema(tmp_path_factory: pytest.TempPathFactory) -> OfficialSchema:
    """The official schema with experimental methods (thread/readState/update is one)."""
    out = tmp_path_factory.mktemp("official-experimental")
    try:
        binary = codex_binary()
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required for this test: {exc}", pytrace=False)
    subprocess.run(
        [str(binary), "app-server", "generate-json-schema", "--experimental", "--out", str(out)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return OfficialSchema(out)


@pytest.fixture
def experimental_spindle(
    tmp_path: Path,
    transport: Transport,
    mock_provider: MockProvider,
    experimental_schema: OfficialSchema,
) -> Iterator[StartServer]:
    """Like ``spindle``, checking messages against the schema with experimental methods."""
    started: list[ServerProcess] = []
    yield start_servers(tmp_path, transport, mock_provider, experimental_schema, started)
    stop_servers(started)


@pytest.fixture
def stdio_spindle(
    tmp_path: Path, mock_provider: MockProvider, official_schema: OfficialSchema
) -> Iterator[StartServer]:
    """Servers over stdio only, for behaviour that does not depend on the transport."""
    started: list[ServerProcess] = []
    yield start_servers(tmp_path, "stdio", mock_provider, official_schema, started)
    stop_servers(started)


def _config_warnings(conn: Connection, since: int) -> list[dict[str, Any]]:
    """The configWarning notifications pushed after initialize (all of them)."""
    conn.wait_for("configWarning", since=since)
    conn.wait_quiet()
    return conn.notifications(since, "configWarning")


def _error(conn: Connection, method: str, params: dict[str, Any]) -> dict[str, Any]:
    response = conn.request(method, params)
    assert "error" in response, response
    error: dict[str, Any] = response["error"]
    return error


# -- the trust flow --------------------------------------------------------------------------


def test_trust_and_continue_is_written_kept_and_remembered_after_a_restart(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "trust" / "home"
    path = _default_config(home, mock_provider.base_url)
    server = spindle(home=home)
    conn = server.connect()
    conn.initialize("codex-tui")
    assert server.cwd is not None
    cwd = str(server.cwd.resolve())
    before = conn.call("thread/start", {})
    assert before["sandbox"] == {"type": "readOnly", "networkAccess": False}
    assert before["approvalPolicy"] == "on-request"

    # Exactly what the TUI sends for "Trust and continue".
    key = f'projects."{cwd}".trust_level'
    result = conn.call(
        "config/batchWrite",
        {
            "edits": [{"keyPath": key, "value": "trusted", "mergeStrategy": "replace"}],
            "filePath": None,
            "expectedVersion": None,
            "reloadUserConfig": True,
        },
    )
    assert result["status"] == "ok"
    assert result["filePath"] == str(path)
    assert result["overriddenMetadata"] is None
    text = path.read_text()
    assert text.startswith(USER_COMMENT)
    assert "[features]  # offline" in text
    assert text.endswith(f'[projects."{cwd}"]\ntrust_level = "trusted"\n')

    read = conn.call("config/read", {"includeLayers": False, "cwd": cwd})
    assert read["config"]["projects"] == {cwd: {"trust_level": "trusted"}}
    origin = read["origins"][f"projects.{cwd}.trust_level"]
    assert origin["version"] == result["version"]
    assert origin["name"] == {"type": "user", "file": str(path), "profile": None}
    layers = conn.call("config/read", {"includeLayers": True, "cwd": cwd})["layers"]
    assert [layer["name"]["type"] for layer in layers] == ["user", "system"]
    assert layers[0]["version"] == result["version"]
    assert layers[0]["config"]["projects"] == {cwd: {"trust_level": "trusted"}}
    assert "layers" not in read
    after = conn.call("thread/start", {})
    assert after["sandbox"]["type"] == "workspaceWrite"
    assert after["activePermissionProfile"] == {"id": ":workspace", "extends": None}

    server.restart()
    again = server.connect()
    again.initialize("codex-tui")
    assert again.call("config/read", {"cwd": cwd})["config"]["projects"] == {
        cwd: {"trust_level": "trusted"}
    }
    assert again.call("thread/start", {})["sandbox"]["type"] == "workspaceWrite"


def test_a_write_keeps_a_backup_and_replaces_the_file_whole(
    stdio_spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    spindle_only("the reference keeps no config.toml.bak")
    home = tmp_path / "bak" / "home"
    path = _default_config(home, mock_provider.base_url)
    original = path.read_text()
    conn = stdio_spindle(home=home).connect()
    conn.initialize()
    conn.call(
        "config/value/write", {"keyPath": "model", "value": "other", "mergeStrategy": "replace"}
    )
    assert (home / "config.toml.bak").read_text() == original
    assert path.read_text() == original.replace('model = "mock-model"', 'model = "other"')
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".config.toml")) == []


def test_value_write_strategies_versions_and_errors(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "writes" / "home"
    path = _default_config(
        home, mock_provider.base_url, extra="\n[tui]\nanimations = true  # mine\n"
    )
    conn = spindle(home=home).connect()
    conn.initialize()
    version = conn.call("config/read", {})["origins"]["model"]["version"]

    def write(key: str, value: Any, strategy: str = "replace", **extra: Any) -> dict[str, Any]:
        params = {"keyPath": key, "value": value, "mergeStrategy": strategy, **extra}
        result: dict[str, Any] = conn.call("config/value/write", params)
        return result

    first = write("model", "gpt-5.5", expectedVersion=version)
    assert first["version"] != version
    assert 'model = "gpt-5.5"' in path.read_text()
    assert conn.call("config/read", {})["config"]["model"] == "gpt-5.5"

    stale = _error(
        conn,
        "config/value/write",
        {"keyPath": "model", "value": "x", "mergeStrategy": "replace", "expectedVersion": version},
    )
    assert stale == {
        "code": INVALID_REQUEST,
        "data": {"config_write_error_code": "configVersionConflict"},
        "message": "Configuration was modified since last read. Fetch latest version and retry.",
    }

    write("model_providers.mock", {"name": "renamed"}, "upsert")
    provider = conn.call("config/read", {})["config"]["model_providers"]["mock"]
    assert (provider["name"], provider["base_url"]) == ("renamed", mock_provider.base_url)
    write("tui.animations", False)
    assert "animations = false  # mine" in path.read_text()
    write("tui", None)
    assert "[tui]" not in path.read_text()
    unchanged = write("tui", None)
    assert unchanged["version"] == conn.call("config/read", {})["origins"]["model"]["version"]

    before = path.read_text()
    cases = [
        ({"keyPath": "", "value": 1}, "keyPath must not be empty"),
        ({"keyPath": "model..x", "value": 1}, "keyPath segments must not be empty"),
        ({"keyPath": "model.x", "value": 1}, "cannot set value on non-table parent"),
        (
            {"keyPath": "model", "value": 5},
            "Invalid configuration: invalid type: integer `5`, expected a string\nin `model`\n",
        ),
    ]
    for params, message in cases:
        error = _error(conn, "config/value/write", {**params, "mergeStrategy": "replace"})
        assert error == {
            "code": INVALID_REQUEST,
            "data": {"config_write_error_code": "configValidationError"},
            "message": message,
        }
    readonly = _error(
        conn,
        "config/value/write",
        {"keyPath": "model", "value": "x", "mergeStrategy": "replace", "filePath": "/etc/x.toml"},
    )
    assert readonly == {
        "code": INVALID_REQUEST,
        "data": {"config_write_error_code": "configLayerReadonly"},
        "message": "Only writes to the user config are allowed",
    }
    assert path.read_text() == before


def test_batch_write_is_all_or_nothing(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "batch" / "home"
    path = _default_config(home, mock_provider.base_url)
    conn = spindle(home=home).connect()
    conn.initialize()
    before = path.read_text()
    error = _error(
        conn,
        "config/batchWrite",
        {
            "edits": [
                {"keyPath": "model_reasoning_effort", "value": "high", "mergeStrategy": "replace"},
                {"keyPath": "model", "value": 5, "mergeStrategy": "replace"},
            ]
        },
    )
    assert error["data"] == {"config_write_error_code": "configValidationError"}
    assert path.read_text() == before
    empty = conn.call("config/batchWrite", {"edits": []})
    assert empty["version"] == conn.call("config/read", {})["origins"]["model"]["version"]
    conn.call(
        "config/batchWrite",
        {
            "edits": [
                {"keyPath": "model_reasoning_effort", "value": "high", "mergeStrategy": "replace"},
                {"keyPath": "features.goals", "value": True, "mergeStrategy": "upsert"},
            ]
        },
    )
    config = conn.call("config/read", {})["config"]
    assert config["model_reasoning_effort"] == "high"
    assert config["features"]["goals"] is True


# -- read receipts ---------------------------------------------------------------------------


def test_read_state_follows_turns_and_updates_and_survives_a_restart(
    experimental_spindle: StartServer,
) -> None:
    server = experimental_spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    tid = thread["id"]
    unavailable = _error(
        conn,
        "thread/readState/update",
        {"threadId": tid, "expectedRevision": "x", "operation": {"type": "read"}},
    )
    assert unavailable == {"code": INVALID_REQUEST, "message": "thread read state unavailable"}

    first = run_turn(conn, tid, "one")
    changed = first.of("thread/readState/changed")
    assert len(changed) == 1
    state = changed[0]["params"]
    assert state["threadId"] == tid
    assert state["readState"]["firstUnread"] == {"type": "turn", "turnId": first.turn_id}
    # As the reference: announced before the thread goes idle, then turn/completed.
    methods = [m["method"] for m in first.notifications]
    assert methods[-3:] == ["thread/readState/changed", "thread/status/changed", "turn/completed"]
    second = run_turn(conn, tid, "two")
    newer = second.of("thread/readState/changed")[0]["params"]["readState"]
    assert newer["firstUnread"] == {"type": "turn", "turnId": first.turn_id}
    assert newer["revision"] != state["readState"]["revision"]
    assert conn.call("thread/read", {"threadId": tid})["readState"] == newer

    since = conn.mark()
    read = conn.call(
        "thread/readState/update",
        {"threadId": tid, "expectedRevision": newer["revision"], "operation": {"type": "read"}},
    )["readState"]
    assert read["firstUnread"] is None and read["revision"] != newer["revision"]
    note = conn.wait_for("thread/readState/changed", since=since)
    assert note["params"] == {"threadId": tid, "readState": read}
    conflict = _error(
        conn,
        "thread/readState/update",
        {"threadId": tid, "expectedRevision": newer["revision"], "operation": {"type": "unread"}},
    )
    assert conflict == {
        "code": INVALID_REQUEST,
        "data": {"reason": "readStateConflict", "readState": read},
        "message": "read state changed",
    }
    unread = conn.call(
        "thread/readState/update",
        {"threadId": tid, "expectedRevision": read["revision"], "operation": {"type": "unread"}},
    )["readState"]
    assert unread["firstUnread"] == {"type": "threadStart"}

    server.restart()
    again = server.connect()
    again.initialize()
    assert again.call("thread/list", {})["readStates"] == {tid: unread}
    assert again.call("thread/read", {"threadId": tid})["readState"] == unread


def test_an_interrupted_turn_is_not_left_unread(
    experimental_spindle: StartServer, mock_provider: MockProvider
) -> None:
    # As the reference: only a turn that ran to its end is announced (and kept) as unread; a
    # turn the user stopped changes nothing.
    conn = experimental_spindle().connect()
    conn.initialize()
    tid = start_thread(conn)["id"]
    first = run_turn(conn, tid, "one")
    before = first.of("thread/readState/changed")[0]["params"]["readState"]
    mock_provider.enqueue(HangingStream(deltas=("thinking ",)))
    since = conn.mark()
    turn = conn.call("turn/start", {"threadId": tid, "input": [{"type": "text", "text": "two"}]})
    conn.wait_for("item/agentMessage/delta", since=since)
    conn.call("turn/interrupt", {"threadId": tid, "turnId": turn["turn"]["id"]})
    done = conn.wait_for("turn/completed", since=since)
    mock_provider.release()
    assert done["params"]["turn"]["status"] == "interrupted"
    methods = [m["method"] for m in conn.notifications(since)]
    assert "thread/readState/changed" not in methods
    # The interrupted model request still reports the limits, then the thread goes idle.
    assert methods[-3:] == ["account/rateLimits/updated", "thread/status/changed", "turn/completed"]
    assert conn.call("thread/read", {"threadId": tid})["readState"] == before


def test_read_state_update_on_unknown_or_malformed_ids(
    experimental_spindle: StartServer,
) -> None:
    conn = experimental_spindle().connect()
    conn.initialize()
    unknown = "01a24c43-d731-7161-b4e1-af98e4f91579"
    params = {"expectedRevision": "x", "operation": {"type": "read"}}
    assert _error(conn, "thread/readState/update", {"threadId": unknown, **params}) == {
        "code": INVALID_REQUEST,
        "message": f"thread not loaded: {unknown}",
    }
    malformed = _error(conn, "thread/readState/update", {"threadId": "nope", **params})
    assert malformed["code"] == -32602
    assert malformed["message"].startswith("invalid thread id: invalid character")


# -- config mistakes -------------------------------------------------------------------------


def _broken(kind: str, path: Path) -> tuple[str, dict[str, Any]]:
    """Break config.toml one way; the configWarning params the reference sends for it."""
    text = path.read_text()
    summary = "Invalid configuration; using defaults."
    if kind == "unknown_provider":
        path.write_text(text.replace('model_provider = "mock"', 'model_provider = "nope"'))
        return "Model provider `nope` not found", {"summary": summary}
    if kind == "wrong_type":
        path.write_text(text.replace('model = "mock-model"', "model = 5"))
        details = f"{path}:1:9: invalid type: integer `5`, expected a string"
        position = {"line": 1, "column": 9}
    else:
        path.write_text(
            text.replace('model_provider = "mock"', 'model_provider = "mock"\nmodel = = 3')
        )
        details = f"{path}:3:9: "
        position = {"line": 3, "column": 9}
    return details, {
        "summary": summary,
        "path": str(path),
        "range": {"start": position, "end": position},
    }


@pytest.mark.parametrize("kind", ["malformed", "unknown_provider", "wrong_type"])
def test_a_config_mistake_is_a_warning_and_thread_start_fails(
    kind: str, spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / kind / "home"
    details, expected = _broken(kind, write_config(home, mock_provider.base_url))
    server = spindle(home=home)
    conn = server.connect()
    since = conn.mark()
    conn.initialize()
    warnings = [
        m["params"]
        for m in _config_warnings(conn, since)
        if m["params"]["summary"] == expected["summary"]
    ]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning["details"].startswith(details)
    for key, value in expected.items():
        assert warning[key] == value
    if kind == "unknown_provider":
        assert "path" not in warning and "range" not in warning
    error = _error(conn, "thread/start", {})
    assert error == {
        "code": INVALID_REQUEST,
        "message": f"failed to load configuration: {warning['details']}",
    }
    read_errors = {
        "malformed": f"failed to read configuration layers: {warning['details']}",
        "unknown_provider": (
            f"failed to resolve feature override precedence: {warning['details']}"
        ),
        "wrong_type": "invalid configuration: invalid type: integer `5`, expected a string\n"
        "in `model`\n",
    }
    assert _error(conn, "config/read", {}) == {"code": -32603, "message": read_errors[kind]}
    assert server.running
    assert conn.call("thread/list", {})["data"] == []


def test_the_warning_comes_before_the_answer_to_the_next_request(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    """A client that sends thread/start right after initialize's answer, as the TUI does,
    hears about the broken config.toml first (spindle reads the file only after it has
    answered initialize)."""
    home = tmp_path / "home"
    _details, expected = _broken("wrong_type", write_config(home, mock_provider.base_url))
    conn = spindle(home=home).connect()
    since = conn.mark()
    conn.initialize()
    request_id = conn.request_async("thread/start", {})
    answer = conn.response(request_id)
    assert answer["error"]["code"] == INVALID_REQUEST
    seen = conn.messages[since:]  # everything up to the answer, in arrival order
    order = [
        "warning" if m.get("method") == "configWarning" else "answer"
        for m in seen
        if m.get("method") == "configWarning" or m.get("id") == request_id
    ]
    assert order == ["warning", "answer"]
    assert conn.notifications(since, "configWarning")[0]["params"]["summary"] == expected["summary"]


def test_unknown_keys_are_warned_about_once(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "unknown" / "home"
    path = write_config(home, mock_provider.base_url)
    path.write_text(
        "totally_unknown = 1\n"
        + path.read_text().replace("[features]\n", "[features]\nnot_a_feature = true\n")
        + "[tui]\nfree_form = 1\n"
    )
    server = spindle(home=home)
    conn = server.connect()
    since = conn.mark()
    conn.initialize()
    summary = (
        "Codex is ignoring 2 unrecognized configuration settings. Check for typos or deprecated "
        f"settings.\n  user ({path}): `features.not_a_feature` is ignored."
        f"\n  user ({path}): `totally_unknown` is ignored."
    )
    warnings = [m["params"] for m in _config_warnings(conn, since)]
    assert {"summary": summary, "details": None} in warnings
    assert conn.call("thread/start", {})["model"] == "mock-model"
    assert server.stderr_text().count("unrecognized configuration setting") == 1
    assert server.stderr_text().count("`totally_unknown` is ignored") == 1


# -- CLI flags and listen modes -------------------------------------------------------------


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    spindle_only("runs the spindle command line")
    return subprocess.run(
        [*spindle_command(), "app-server", *args],
        env={"SPINDLE_HOME": str(home), "PATH": "/usr/bin:/bin", API_KEY_ENV: "k"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_config_overrides_and_feature_flags(
    stdio_spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "flags" / "home"
    write_config(home, mock_provider.base_url)
    server = stdio_spindle(
        home=home,
        extra_args=(
            "-c",
            'model="gpt-5.5"',
            "-c",
            "model_reasoning_effort=low",
            "--enable",
            "goals",
        ),
    )
    conn = server.connect()
    conn.initialize()
    config = conn.call("config/read", {})["config"]
    assert (config["model"], config["model_reasoning_effort"]) == ("gpt-5.5", "low")
    assert config["features"]["goals"] is True
    assert conn.call("thread/start", {})["model"] == "gpt-5.5"
    origins = conn.call("config/read", {})["origins"]
    session = {"name": {"type": "sessionFlags"}, "version": origins["model"]["version"]}
    assert origins["model"] == session
    assert origins["features.goals"] == session
    assert origins["model_provider"]["name"]["type"] == "user"
    written = conn.call(
        "config/value/write", {"keyPath": "model", "value": "mine", "mergeStrategy": "replace"}
    )
    assert written["status"] == "okOverridden"
    assert written["overriddenMetadata"] == {
        "message": "Overridden by session flags",
        "overridingLayer": session,
        "effectiveValue": "gpt-5.5",
    }
    assert (
        written["version"] == conn.call("config/read", {})["origins"]["model_provider"]["version"]
    )
    plain = conn.call(
        "config/value/write",
        {"keyPath": "model_reasoning_summary", "value": "auto", "mergeStrategy": "replace"},
    )
    assert (plain["status"], plain["overriddenMetadata"]) == ("ok", None)


def test_strict_config_and_bad_overrides_stop_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "strict"
    home.mkdir()
    (home / "config.toml").write_text('model = "m"\nbogus_key = 1\n')
    strict = _cli(home, "--strict-config")
    assert strict.returncode == 1
    assert strict.stderr.strip() == (
        f"Error: {home / 'config.toml'}:2:1: unknown configuration field `bogus_key`"
    )
    wrong = _cli(home, "-c", "model=5")
    assert wrong.returncode == 1
    assert "Error: invalid type: integer `5`, expected a string\nin `model`" in wrong.stderr
    no_eq = _cli(home, "-c", "justkey")
    assert no_eq.returncode == 1
    assert "Invalid override (missing '='): justkey" in no_eq.stderr
    unknown = _cli(home, "--enable", "no_such_feature")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "Error: Unknown feature flag: no_such_feature"
    off = _cli(home, "--listen", "off")
    assert off.returncode == 1
    assert "Error: no transport configured; use --listen or enable remote control" in off.stderr


def test_listen_on_a_unix_socket(
    mock_provider: MockProvider, official_schema: OfficialSchema, tmp_path: Path
) -> None:
    home = tmp_path / "unix" / "home"
    write_config(home, mock_provider.base_url)
    socket_path = tmp_path / "unix" / "s.sock"
    # Not a ServerProcess: that one owns stdin/stdout as a stdio client would.
    spec = ServerProcess(
        kind=server_kind(), home=home, extra_args=("--listen", f"unix://{socket_path}")
    )
    (tmp_path / "unix" / "work").mkdir()
    proc = subprocess.Popen(
        spec.command(),
        env=spec.environment(),
        cwd=tmp_path / "unix" / "work",
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        # The socket file appears at bind, a moment before the server listens on it: a
        # refused connection until then is the start, not a failure.
        while True:
            try:
                ws = unix_connect(str(socket_path), uri="ws://localhost/")
                break
            except ConnectionRefusedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        with ws:
            initialize = {"clientInfo": {"name": "u", "version": "0"}}
            ws.send(json.dumps({"id": 1, "method": "initialize", "params": initialize}))
            reply = json.loads(ws.recv(timeout=30))
            assert reply["id"] == 1 and reply["result"]["codexHome"] == str(home)
            ws.send(json.dumps({"id": 2, "method": "thread/list", "params": {}}))
            while True:
                message = json.loads(ws.recv(timeout=30))
                if message.get("id") == 2:
                    break
            assert official_schema.check_result("thread/list", message["result"]) == []
            assert message["result"]["data"] == []
    finally:
        proc.kill()
        proc.wait(timeout=30)
        assert proc.stdin is not None
        proc.stdin.close()


# -- the model provider ----------------------------------------------------------------------


def test_an_unset_env_key_fails_the_turn_without_a_request(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "envkey" / "home"
    path = write_config(home, mock_provider.base_url)
    path.write_text(path.read_text().replace(API_KEY_ENV, "SPINDLE_UNSET_KEY_FOR_TEST"))
    conn = spindle(home=home).connect()
    conn.initialize()
    thread = start_thread(conn)
    run = run_turn(conn, thread["id"], "hi")
    error = {
        "message": "Missing environment variable: `SPINDLE_UNSET_KEY_FOR_TEST`.",
        "codexErrorInfo": "other",
        "additionalDetails": None,
        "misalignment": None,
    }
    assert run.status == "failed"
    assert run.completed["params"]["turn"]["error"] == error
    [note] = run.of("error")
    assert note["params"] == {
        "error": error,
        "willRetry": False,
        "threadId": thread["id"],
        "turnId": run.turn_id,
    }
    statuses = [m["params"]["status"] for m in run.of("thread/status/changed")]
    assert statuses[-1] == {"type": "systemError"}
    methods = [m["method"] for m in run.notifications]
    assert methods[-4:] == [
        "thread/status/changed",
        "error",
        "thread/readState/changed",
        "turn/completed",
    ]
    assert mock_provider.requests == []


def test_an_unknown_model_is_warned_about_at_each_turn_start(
    spindle: StartServer,
) -> None:
    conn = spindle().connect()
    conn.initialize()
    thread = start_thread(conn)
    message = (
        "Model metadata for `mock-model` not found. Defaulting to fallback metadata; this can "
        "degrade performance and cause issues."
    )
    for text in ("one", "two"):
        run = run_turn(conn, thread["id"], text)
        methods = [m["method"] for m in run.notifications]
        assert run.of("warning") == [
            {
                "method": "warning",
                "params": {"threadId": thread["id"], "message": message},
                "emittedAtMs": run.of("warning")[0]["emittedAtMs"],
            }
        ]
        assert methods.index("warning") < methods.index("turn/started")
    known = start_thread(conn, model="gpt-5.5")
    assert run_turn(conn, known["id"], "three").of("warning") == []
