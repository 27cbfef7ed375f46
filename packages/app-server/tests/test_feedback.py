"""feedback/save and feedback/upload through the real ``spindle app-server`` process.

Error codes and texts are the ones codex 0.169.0 answers (probed with the reference): a
relative savePath is -32600, an existing path, a missing folder or an unreadable attachment
are -32603 "failed to save feedback: ...", and feedback/upload is the "disabled by
configuration" error, because spindle sends feedback nowhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, RpcError, ServerProcess

Start = Callable[..., ServerProcess]
LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z (TRACE|DEBUG| INFO| WARN|ERROR) ")

pytestmark = pytest.mark.requirement("R9")


@pytest.fixture
def client(start_server: Start) -> Connection:
    connection = start_server("stdio").connect()
    connection.initialize("probe")
    return connection


def _error(conn: Connection, method: str, params: dict[str, Any]) -> tuple[int, str]:
    with pytest.raises(RpcError) as caught:
        conn.call(method, params)
    return caught.value.code, caught.value.message


def test_upload_answers_disabled_and_sends_nothing(client: Connection) -> None:
    assert _error(client, "feedback/upload", {"classification": "bug", "includeLogs": True}) == (
        -32600,
        "sending feedback is disabled by configuration",
    )


def test_save_refuses_a_relative_path(client: Connection, tmp_path: Path) -> None:
    assert _error(client, "feedback/save", {"classification": "bug", "savePath": "out.zip"}) == (
        -32600,
        "feedback savePath must be an absolute host path",
    )


def test_save_never_overwrites_an_existing_file(client: Connection, tmp_path: Path) -> None:
    existing = tmp_path / "existing.zip"
    existing.write_bytes(b"keep me")

    code, message = _error(
        client, "feedback/save", {"classification": "bug", "savePath": str(existing)}
    )

    assert (code, message) == (-32603, "failed to save feedback: feedback save path already exists")
    assert existing.read_bytes() == b"keep me"


def test_save_errors_for_a_missing_folder_a_bad_thread_and_a_missing_attachment(
    client: Connection, tmp_path: Path
) -> None:
    code, message = _error(
        client,
        "feedback/save",
        {"classification": "bug", "savePath": str(tmp_path / "nodir" / "x.zip")},
    )
    assert code == -32603
    assert message.startswith(
        f'failed to save feedback: No such file or directory (os error 2) at path "{tmp_path / "nodir"}{os.sep}.tmp'
    )

    code, message = _error(
        client,
        "feedback/save",
        {"classification": "bug", "savePath": str(tmp_path / "a.zip"), "threadId": "not-a-uuid"},
    )
    assert code == -32600
    assert message.startswith("invalid thread id: invalid character")

    missing = tmp_path / "missing.log"
    code, message = _error(
        client,
        "feedback/save",
        {
            "classification": "bug",
            "savePath": str(tmp_path / "b.zip"),
            "extraLogFiles": [str(missing)],
        },
    )
    assert (code, message) == (
        -32603,
        f"failed to save feedback: failed to read selected attachment {missing}: "
        "No such file or directory (os error 2)",
    )
    assert not (tmp_path / "a.zip").exists() and not (tmp_path / "b.zip").exists()


def _zip(path: Path) -> tuple[dict[str, Any], list[dict[str, str]], dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        report = json.loads(archive.read("report.json"))
        manifest = json.loads(archive.read("manifest.json"))
        files = {entry["filename"]: archive.read(entry["entry"]) for entry in manifest}
    return report, manifest, files


def test_save_without_a_thread_holds_this_server_process_logs(
    client: Connection, tmp_path: Path
) -> None:
    # The server logs its startup (state backfill) in the background; save until those
    # thread-less rows of its process are in the archive.
    deadline = time.monotonic() + 60
    attempt = 0
    while True:
        target = tmp_path / f"no-thread-{attempt}.zip"
        result = client.call(
            "feedback/save",
            {"classification": "bug", "savePath": str(target), "includeLogs": True},
        )
        report, manifest, files = _zip(target)
        lines = files["codex-logs.log"].decode().splitlines()
        if lines or time.monotonic() > deadline:
            break
        attempt += 1
        time.sleep(0.5)

    assert result["savedPath"] == str(target)
    assert re.fullmatch(r"no-active-thread-[0-9a-f-]{36}", result["threadId"])
    assert result["promptHash"] is None
    if sys.platform != "win32":  # POSIX modes only
        assert target.stat().st_mode & 0o777 == 0o600
    assert report["message"] == f"[Bug]: spindle session {result['threadId']}"
    assert report["tags"]["thread_id"] == result["threadId"]
    assert manifest == [
        {
            "entry": "attachments/0000/codex-logs.log",
            "filename": "codex-logs.log",
            "contentType": "text/plain",
        }
    ]
    assert lines, "the server's own thread-less log rows are exported"
    assert LINE.match(lines[0])
    assert all(LINE.match(line) for line in lines if line[:1].isdigit())


def test_save_with_a_thread_holds_rollout_extra_files_and_metadata(
    client: Connection, tmp_path: Path
) -> None:
    thread_id = client.call("thread/start", {})["thread"]["id"]
    mark = client.mark()
    client.call("turn/start", {"threadId": thread_id, "input": [{"type": "text", "text": "hi"}]})
    client.wait_for("turn/completed", since=mark)
    extra = tmp_path / "extra.log"
    extra.write_text("extra line\n")
    target = tmp_path / "thread.zip"

    result = client.call(
        "feedback/save",
        {
            "classification": "bad_result",
            "savePath": str(target),
            "threadId": thread_id,
            "includeLogs": True,
            "reason": "wrong answer",
            "tags": {"team": "core"},
            "extraLogFiles": [str(extra)],
        },
    )

    assert result["threadId"] == thread_id
    assert set(result) == {"savedPath", "threadId", "promptHash"}
    report, manifest, files = _zip(target)
    assert report["message"] == f"[Bad Result]: spindle session {thread_id}"
    assert report["exception"] == {"values": [{"type": report["message"], "value": "wrong answer"}]}
    tags = report["tags"]
    assert tags["classification"] == "bad_result"
    assert tags["reason"] == "wrong answer"
    assert tags["team"] == "core"
    assert tags["thread_id"] == thread_id
    assert tags["cli_version"] == "0.169.0"
    assert "spindle_version" in tags
    names = [entry["filename"] for entry in manifest]
    assert names[0] == "codex-logs.log"
    assert names[1].startswith("rollout-") and names[1].endswith(f"{thread_id}.jsonl")
    assert names[2] == "extra.log"
    assert files["extra.log"] == b"extra line\n"
    first = json.loads(files[names[1]].splitlines()[0])
    assert first["type"] == "session_meta"
    log_text = files["codex-logs.log"].decode()
    assert all(LINE.match(line) for line in log_text.splitlines() if line[:1].isdigit())


def test_rows_logged_while_a_thread_request_runs_carry_its_thread_id(
    start_server: Start, tmp_path: Path
) -> None:
    server = start_server("stdio")
    conn = server.connect()
    conn.initialize("probe")
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    mark = conn.mark()
    conn.call("turn/start", {"threadId": thread_id, "input": [{"type": "text", "text": "hi"}]})
    conn.wait_for("turn/completed", since=mark)

    # The turn task's own rows ("turn started", "turn finished") are written by the batched
    # handler; read them back with the log CLI, filtered on the thread.
    deadline = time.monotonic() + 60
    while True:
        result = subprocess.run(
            [
                *(sys.executable, "-m", "spindle_state.logs_cli"),
                *("--home", str(server.home), "--thread-id", thread_id, "--json"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        if any("turn finished" in row["body"] for row in rows) or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    assert rows, "no log row was stamped with the thread id"
    assert {row["thread_id"] for row in rows} == {thread_id}
    bodies = [row["body"] for row in rows]
    assert any(body.startswith("turn started turn_id=") for body in bodies), bodies
    assert any(body.startswith("turn finished turn_id=") for body in bodies), bodies
