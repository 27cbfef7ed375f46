"""The IDE surface end to end (R27): command/exec, fs/*, fuzzyFileSearch on a real server.

The reference's exact responses and errors are compared in the golden scenarios
(``ide_fs``, ``ide_watch``, ``ide_exec``, ``ide_search`` in ``test_e2e_golden.py``); these
tests cover behaviour a transcript cannot pin: interaction with running processes, a
closed connection, the sandbox failing closed, watches over time and the search index
following the tree. Every message is validated against the official schema.
"""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import (
    API_KEY_ENV,
    Connection,
    RpcError,
    ServerProcess,
    StartServer,
    spindle_only,
)
from tests.support.mock_provider import MockProvider

pytestmark = pytest.mark.requirement("R27")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _deltas(conn: Connection, since: int, process_id: str) -> bytes:
    out = b""
    for msg in conn.notifications(since, "command/exec/outputDelta"):
        if msg["params"]["processId"] == process_id:
            out += base64.b64decode(msg["params"]["deltaBase64"])
    return out


def _wait_until(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


# -- command/exec ------------------------------------------------------------------------------


def test_exec_stdin_streams_in_and_output_streams_out(conn: Connection) -> None:
    since = conn.mark()
    rid = conn.request_async(
        "command/exec",
        {
            "command": ["sh", "-c", "while read line; do echo got:$line; done; echo bye >&2"],
            "processId": "io",
            "streamStdin": True,
            "streamStdoutStderr": True,
        },
    )
    conn.call("command/exec/write", {"processId": "io", "deltaBase64": _b64(b"one\n")})
    conn.wait_for("command/exec/outputDelta", since=since)
    conn.call(
        "command/exec/write",
        {"processId": "io", "deltaBase64": _b64(b"two\n"), "closeStdin": True},
    )
    result = conn.response(rid)["result"]
    assert result == {"exitCode": 0, "stdout": "", "stderr": ""}, "streamed, not buffered"
    assert _deltas(conn, since, "io") == b"got:one\ngot:two\nbye\n"
    streams = {m["params"]["stream"] for m in conn.notifications(since, "command/exec/outputDelta")}
    assert streams == {"stdout", "stderr"}
    after = conn.request("command/exec/write", {"processId": "io", "closeStdin": True})
    assert after["error"] == {
        "code": -32600,
        "message": 'no active command/exec for process id "io"',
    }


def test_exec_pty_resize_reaches_the_terminal(conn: Connection) -> None:
    since = conn.mark()
    rid = conn.request_async(
        "command/exec",
        {
            "command": ["sh", "-c", "stty size; read x; stty size"],
            "processId": "pty",
            "tty": True,
            "size": {"rows": 10, "cols": 40},
        },
    )
    _wait_until(lambda: b"10 40" in _deltas(conn, since, "pty"))
    conn.call("command/exec/resize", {"processId": "pty", "size": {"rows": 33, "cols": 120}})
    conn.call("command/exec/write", {"processId": "pty", "deltaBase64": _b64(b"go\n")})
    assert conn.response(rid)["result"]["exitCode"] == 0
    output = _deltas(conn, since, "pty")
    assert output.startswith(b"10 40\r\n") and output.endswith(b"33 120\r\n")


def test_exec_terminate_and_timeout_and_caps(conn: Connection, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    rid = conn.request_async(
        "command/exec",
        {
            "command": ["sh", "-c", f"echo started; touch {marker}; sleep 30"],
            "processId": "long",
            "sandboxPolicy": {"type": "dangerFullAccess"},
        },
    )
    # Terminated once it has written its output (however slow the machine is).
    _wait_until(marker.exists)
    conn.call("command/exec/terminate", {"processId": "long"})
    assert conn.response(rid)["result"] == {"exitCode": 137, "stdout": "started\n", "stderr": ""}
    timed_out = conn.call("command/exec", {"command": ["sleep", "5"], "timeoutMs": 100})
    assert timed_out["exitCode"] == 124
    big = conn.call(
        "command/exec",
        {"command": ["sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"], "outputBytesCap": 1000},
    )
    assert big["stdout"] == "x" * 1000
    uncapped = conn.call(
        "command/exec",
        {
            "command": ["sh", "-c", "head -c 300000 /dev/zero | tr '\\0' y"],
            "disableOutputCap": True,
        },
    )
    assert len(uncapped["stdout"]) == 300000


def test_exec_process_ids_are_per_connection(spindle_ws: StartServer, tmp_path: Path) -> None:
    # Two connections to one server: WebSocket only.
    server = spindle_ws()
    first, second = server.connect(), server.connect()
    first.initialize()
    second.initialize()
    pidfile = tmp_path / "pid"
    rid = first.request_async(
        "command/exec",
        {
            "command": ["sh", "-c", f"echo $$ > {pidfile}; exec sleep 30"],
            "processId": "shared-name",
            "sandboxPolicy": {"type": "dangerFullAccess"},
        },
    )
    _wait_until(lambda: pidfile.exists() and pidfile.read_text().strip() != "")
    pid = int(pidfile.read_text())
    # The same id on another connection is another process namespace.
    other = second.request("command/exec/terminate", {"processId": "shared-name"})
    assert other["error"]["message"] == 'no active command/exec for process id "shared-name"'
    assert second.call("command/exec", {"command": ["true"], "processId": "shared-name"}) == {
        "exitCode": 0,
        "stdout": "",
        "stderr": "",
    }
    del rid
    first.close()  # a closed connection kills what it started

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    _wait_until(gone)


def test_exec_fails_closed_without_a_sandbox(spindle: StartServer, tmp_path: Path) -> None:
    spindle_only("forces spindle's sandbox probe to find no backend")
    server = spindle(env={"SPINDLE_SANDBOX_BACKEND": "unavailable"})
    conn = server.connect()
    conn.initialize()
    marker = tmp_path / "ran"
    reply = conn.request("command/exec", {"command": ["touch", str(marker)]})
    assert reply["error"]["code"] == -32603
    assert reply["error"]["message"].startswith("exec failed: cannot run this command under the")
    assert not marker.exists(), "nothing ran"
    workspace = conn.request(
        "command/exec",
        {"command": ["touch", str(marker)], "sandboxPolicy": {"type": "workspaceWrite"}},
    )
    assert workspace["error"]["code"] == -32603 and not marker.exists()
    full = conn.call(
        "command/exec",
        {"command": ["touch", str(marker)], "sandboxPolicy": {"type": "dangerFullAccess"}},
    )
    assert full["exitCode"] == 0 and marker.exists(), "an unsandboxed policy still runs"


def test_exec_sandbox_policy_is_enforced(conn: Connection, tmp_path: Path) -> None:
    target = tmp_path / "written"
    denied = conn.call(
        "command/exec",
        {"command": ["sh", "-c", f"echo x > {target}"], "sandboxPolicy": {"type": "readOnly"}},
    )
    assert denied["exitCode"] != 0 and not target.exists()
    allowed = conn.call(
        "command/exec",
        {
            "command": ["sh", "-c", f"echo x > {target}"],
            "cwd": str(tmp_path),
            "sandboxPolicy": {"type": "workspaceWrite", "writableRoots": [str(tmp_path)]},
        },
    )
    assert allowed["exitCode"] == 0 and target.read_text() == "x\n"
    bad = conn.request(
        "command/exec",
        {
            "command": ["true"],
            "sandboxPolicy": {"type": "workspaceWrite", "writableRoots": ["rel"]},
        },
    )
    assert bad["error"]["code"] == -32600


# -- fs ----------------------------------------------------------------------------------------


def test_fs_round_trip_and_listing(conn: Connection, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    conn.call("fs/createDirectory", {"path": str(root / "a" / "b")})
    payload = bytes(range(256)) * 10
    conn.call("fs/writeFile", {"path": str(root / "blob"), "dataBase64": _b64(payload)})
    read = conn.call("fs/readFile", {"path": str(root / "blob")})
    assert base64.b64decode(read["dataBase64"]) == payload
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "to-a").symlink_to(root / "a")
    entries = conn.call("fs/readDirectory", {"path": str(root)})["entries"]
    assert sorted(entries, key=lambda e: e["fileName"]) == [
        {"fileName": "a", "isDirectory": True, "isFile": False},
        {"fileName": "blob", "isDirectory": False, "isFile": True},
        {"fileName": "to-a", "isDirectory": True, "isFile": False},
    ], "dangling symlinks are left out; others resolve"
    meta = conn.call("fs/getMetadata", {"path": str(root / "blob")})
    assert meta["isFile"] and not meta["isSymlink"]
    assert abs(meta["modifiedAtMs"] - (root / "blob").stat().st_mtime_ns // 1_000_000) <= 1
    conn.call(
        "fs/copy",
        {"sourcePath": str(root), "destinationPath": str(tmp_path / "copy"), "recursive": True},
    )
    assert (tmp_path / "copy" / "blob").read_bytes() == payload
    assert os.readlink(tmp_path / "copy" / "dangling") == str(root / "nowhere")
    conn.call("fs/remove", {"path": str(root)})
    assert not root.exists()


def test_fs_watch_over_time(conn: Connection, tmp_path: Path) -> None:
    later = tmp_path / "later"
    watched = conn.call("fs/watch", {"watchId": "later", "path": f"{later}/./"})
    assert watched == {"path": str(later)}
    since = conn.mark()
    later.mkdir()
    first = conn.wait_for("fs/changed", since=since)
    assert first["params"] == {"watchId": "later", "changedPaths": [str(later)]}

    directory = tmp_path / "dir"
    (directory / "sub").mkdir(parents=True)
    conn.call("fs/watch", {"watchId": "dir", "path": str(directory)})
    since = conn.mark()
    for name in ("b", "a"):
        (directory / name).write_text("x")
    batch = conn.wait_for("fs/changed", lambda m: m["params"]["watchId"] == "dir", since=since)
    paths = batch["params"]["changedPaths"]
    assert paths == sorted(paths) and set(paths) <= {str(directory / "a"), str(directory / "b")}
    conn.wait_quiet(quiet=0.5)
    since = conn.mark()
    (directory / "sub" / "deep").write_text("x")
    conn.wait_quiet(quiet=0.6)
    assert conn.notifications(since, "fs/changed") == [], "watches are not recursive"
    conn.call("fs/unwatch", {"watchId": "dir"})
    since = conn.mark()
    (directory / "c").write_text("x")
    conn.wait_quiet(quiet=0.6)
    assert conn.notifications(since, "fs/changed") == [], "nothing after fs/unwatch"
    conn.call("fs/unwatch", {"watchId": "later"})


# -- fuzzyFileSearch ---------------------------------------------------------------------------


def _search(conn: Connection, query: str, root: Path) -> list[str]:
    files = conn.call("fuzzyFileSearch", {"query": query, "roots": [str(root)]})["files"]
    return [f["path"] for f in files]


def test_search_follows_gitignore_and_the_tree(conn: Connection, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "pkg" / "gen").mkdir(parents=True)
    (repo / ".gitignore").write_text("*.log\n")
    (repo / "pkg" / ".gitignore").write_text("gen/\n!keep.log\n")
    for rel in ["widget.py", "widget.log", "pkg/keep.log", "pkg/gen/widget_gen.py"]:
        (repo / rel).write_text("x")
    assert _search(conn, "widget", repo) == ["widget.py"]
    assert _search(conn, "keep", repo) == ["pkg/keep.log"], "a nested negation re-includes"
    (repo / "pkg" / "widget2.py").write_text("x")
    assert "pkg/widget2.py" in _search(conn, "widget", repo), "a new file is found"
    (repo / ".gitignore").write_text("*.log\nwidget*\n")
    assert _search(conn, "widget", repo) == [], "an edited .gitignore applies"
    # A pattern without a slash matches a path by its last component, as in git (and the
    # reference): a re-included directory named like it does not re-include its files.
    # A pattern with one matches from the .gitignore's directory; one file mixes both.
    (repo / ".gitignore").write_text("*.log\n!dir.log/\n/anchored.txt\n")
    for rel in ["dir.log/inner.log", "dir.log/inner.txt", "anchored.txt", "pkg/anchored.txt"]:
        (repo / rel).parent.mkdir(exist_ok=True)
        (repo / rel).write_text("x")
    assert sorted(_search(conn, "inner", repo)) == ["dir.log/inner.txt"]
    assert sorted(_search(conn, "anchored", repo)) == ["pkg/anchored.txt"]
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / ".gitignore").write_text("*\n")
    (outside / "widget.txt").write_text("x")
    assert _search(conn, "widget", outside) == ["widget.txt"], ".gitignore needs a git repo"
    (outside / ".ignore").write_text("*.txt\n")
    assert _search(conn, "widget", outside) == [], ".ignore applies everywhere"


def test_search_ranks_name_matches_first(conn: Connection, tmp_path: Path) -> None:
    root = tmp_path / "rank"
    for rel in [
        "docs/parser/notes.md",
        "src/parser.rs",
        "lib/xparsery.c",
        "parser",
        "vendor/x/parser/a.c",
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    files = conn.call("fuzzyFileSearch", {"query": "parser", "roots": [str(root)]})["files"]
    by_path = {f["path"]: f for f in files}
    assert [f["path"] for f in files][:4] == [
        "parser",  # a file named like the query
        "docs/parser",  # a directory named like the query
        "src/parser.rs",  # the query inside a file name
        "lib/xparsery.c",
    ]
    assert by_path["parser"]["score"] > 3 * 65536
    assert 2 * 65536 < by_path["docs/parser"]["score"] < 3 * 65536
    # As the reference: one directory named like the query ranks so, the shallowest (then
    # the first by path); the others rank by their paths alone.
    assert by_path["vendor/x/parser"]["score"] < 65536
    assert by_path["docs/parser/notes.md"]["score"] < 65536, "a directory match ranks last"
    assert by_path["src/parser.rs"]["indices"] == [4, 5, 6, 7, 8, 9]
    assert by_path["docs/parser"]["match_type"] == "directory"
    assert by_path["docs/parser"]["file_name"] == "parser"
    with pytest.raises(RpcError) as missing:
        conn.call("fuzzyFileSearch", {"query": "x"})
    assert missing.value.code == -32600


def test_search_sessions(conn: Connection, tmp_path: Path) -> None:
    """The experimental session methods, with the reference's notifications and errors.

    The official (stable) schema has no request or result types for these methods, only
    for their notifications; the checker's complaint about the unknown results is dropped.
    """
    root = tmp_path / "sessions"
    (root / "src").mkdir(parents=True)
    for rel in ["src/main.py", "src/util.py", "README.md"]:
        (root / rel).write_text("x")

    def step(method: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        since = conn.mark()
        assert conn.request(method, params)["result"] == {}
        conn.wait_for("fuzzyFileSearch/sessionCompleted", since=since)
        return [
            m["params"]
            for m in conn.notifications(since)
            if m["method"].startswith("fuzzyFileSearch/session")
        ]

    try:
        started = step("fuzzyFileSearch/sessionStart", {"sessionId": "s", "roots": [str(root)]})
        assert started == [{"sessionId": "s", "query": "", "files": []}, {"sessionId": "s"}]
        updated = step("fuzzyFileSearch/sessionUpdate", {"sessionId": "s", "query": "main"})
        assert [f["path"] for f in updated[0]["files"]] == ["src/main.py"]
        assert updated[0]["query"] == "main" and updated[1] == {"sessionId": "s"}
        for _ in range(2):  # stopping is idempotent
            stopped = conn.request("fuzzyFileSearch/sessionStop", {"sessionId": "s"})
            assert stopped["result"] == {}
        gone = conn.request("fuzzyFileSearch/sessionUpdate", {"sessionId": "s", "query": "x"})
        assert gone["error"] == {
            "code": -32600,
            "message": "fuzzy file search session not found: s",
        }
        empty = conn.request("fuzzyFileSearch/sessionStart", {"sessionId": "t", "roots": []})
        assert empty["error"] == {
            "code": -32603,
            "message": "failed to start fuzzy file search session: at least one search "
            "directory is required",
        }
    finally:
        conn.schema_errors[:] = [
            e for e in conn.schema_errors if "not an official client method" not in e
        ]


def test_a_session_walks_its_roots_as_it_starts(
    conn: Connection, shared_spindle: ServerProcess, tmp_path: Path
) -> None:
    """As the reference's, a session walks its roots at sessionStart, before any query:
    the server logs that walk, and the first query is answered from it."""
    spindle_only("reads spindle's log of the walk")
    root = tmp_path / "prewalk"
    (root / "deep" / "er").mkdir(parents=True)
    (root / "deep" / "er" / "needle.txt").write_text("x")
    logged = f"fuzzy file search walked {root}: 3 entries"
    since = len(shared_spindle.stderr_text())
    since_start = conn.mark()
    try:
        assert (
            conn.request(
                "fuzzyFileSearch/sessionStart", {"sessionId": "walk", "roots": [str(root)]}
            )["result"]
            == {}
        )
        _wait_until(lambda: logged in shared_spindle.stderr_text()[since:])
        conn.request("fuzzyFileSearch/sessionUpdate", {"sessionId": "walk", "query": "needle"})
        # The start's own (empty) update may still be on its way: wait for the query's.
        updated = conn.wait_for(
            "fuzzyFileSearch/sessionUpdated",
            lambda message: message["params"]["query"] == "needle",
            since=since_start,
        )
        assert [f["path"] for f in updated["params"]["files"]] == ["deep/er/needle.txt"]
        assert shared_spindle.stderr_text()[since:].count(f"walked {root}:") == 1, (
            "the query reused the session's walk"
        )
        conn.request("fuzzyFileSearch/sessionStop", {"sessionId": "walk"})
    finally:
        conn.schema_errors[:] = [
            e for e in conn.schema_errors if "not an official client method" not in e
        ]


def test_a_session_queried_as_it_starts_completes_once_after_the_query_results(
    conn: Connection, tmp_path: Path
) -> None:
    """As the reference's: a session completes once its first walk has, so a query sent
    right after the start gets the one ``sessionCompleted``, after its own results (a
    client waiting for the completion then reads the query's results, not the start's
    empty ones)."""
    root = tmp_path / "big"
    for d in range(100):
        folder = root / f"pkg{d}"
        folder.mkdir(parents=True)
        for k in range(100):
            (folder / f"mod{k}.py").touch()
    (root / "pkg7" / "needle.txt").touch()
    since = conn.mark()
    try:
        conn.request("fuzzyFileSearch/sessionStart", {"sessionId": "q", "roots": [str(root)]})
        conn.request("fuzzyFileSearch/sessionUpdate", {"sessionId": "q", "query": "needle"})
        conn.wait_for("fuzzyFileSearch/sessionCompleted", since=since)
        time.sleep(0.5)  # nothing more comes for this session
        sent = [
            m
            for m in conn.notifications(since)
            if m["method"].startswith("fuzzyFileSearch/session")
        ]
        completed = [i for i, m in enumerate(sent) if m["method"].endswith("Completed")]
        assert completed == [len(sent) - 1], [m["method"] for m in sent]
        last = sent[-2]["params"]
        assert last["query"] == "needle"
        assert [f["path"] for f in last["files"]] == ["pkg7/needle.txt"]
        conn.request("fuzzyFileSearch/sessionStop", {"sessionId": "q"})
    finally:
        conn.schema_errors[:] = [
            e for e in conn.schema_errors if "not an official client method" not in e
        ]


def _saved_walks(home: Path) -> list[Path]:
    return sorted((home / "cache" / "fuzzy-file-search").glob("*.walk"))


def _search_once(start: StartServer, home: Path, query: str, root: Path) -> tuple[list[str], str]:
    """One server on ``home``: a search of ``root``, then the server's log (once the walk
    it saved, if any, is written)."""
    server = start(home=home)
    conn = server.connect()
    conn.initialize()
    before = {path: path.stat().st_mtime_ns for path in _saved_walks(home)}
    since = len(server.stderr_text())  # the log of the servers before, if kept
    found = _search(conn, query, root)
    log = server.stderr_text()[since:]
    if f"walked {root}:" in log:
        _wait_until(
            lambda: (
                {p: p.stat().st_mtime_ns for p in _saved_walks(home)} != before
                and not list((home / "cache" / "fuzzy-file-search").glob(".*.tmp"))
            )
        )
    server.shutdown()
    return found, log


def test_names_that_are_not_utf8_are_answered_as_the_reference_answers_them(
    conn: Connection, tmp_path: Path
) -> None:
    """A file name whose bytes are not UTF-8 (checked against the reference):
    fs/readDirectory shows it with U+FFFD for the bad byte; fuzzyFileSearch leaves it out,
    with everything below such a directory. Both answer (neither used to)."""
    root = tmp_path / "bytes"
    root.mkdir()
    raw = os.fsencode(root)
    open(os.path.join(raw, b"bad\xffname.txt"), "w").close()
    os.mkdir(os.path.join(raw, b"badd\xffir"))
    open(os.path.join(raw, b"badd\xffir", b"inside_bad.txt"), "w").close()
    (root / "good_name.txt").write_text("x")
    listed = conn.call("fs/readDirectory", {"path": str(root)})["entries"]
    assert {entry["fileName"] for entry in listed} == {
        "bad\ufffdname.txt",
        "badd\ufffdir",
        "good_name.txt",
    }
    assert _search(conn, "name", root) == ["good_name.txt"]
    assert _search(conn, "inside", root) == []


def test_a_restarted_server_reuses_the_saved_walk_only_while_the_tree_is_unchanged(
    spindle_ws: StartServer, tmp_path: Path
) -> None:
    """A server saves each walk under its home; the next server's first search of that
    root reads it instead of walking, with the same results. A file added deep in the tree,
    an edited .gitignore, a new repository above the root or a damaged save make the next
    server walk again, and its results follow the change."""
    spindle_only("spindle keeps its walks between starts")
    # (One transport: the saving is the server's, whichever way a client talks to it.)
    home = tmp_path / "home"
    outer = tmp_path / "outer"
    root = outer / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".gitignore").write_text("*.log\n")
    (root / "src" / "deep").mkdir(parents=True)
    for rel in ["src/deep/widget.py", "src/widget.log", "widget.md"]:
        (root / rel).write_text("x")
    walked = f"fuzzy file search walked {root}:"
    read = f"fuzzy file search read the saved walk of {root}:"

    found, log = _search_once(spindle_ws, home, "widget", root)
    assert sorted(found) == ["src/deep/widget.py", "widget.md"]
    assert walked in log and read not in log
    assert len(_saved_walks(home)) == 1

    again, log = _search_once(spindle_ws, home, "widget", root)
    assert again == found
    assert read in log and walked not in log, "an unchanged tree is read back, not walked"

    (root / "src" / "deep" / "widget_new.py").write_text("x")
    found, log = _search_once(spindle_ws, home, "widget", root)
    assert "src/deep/widget_new.py" in found
    assert walked in log and read not in log, "a new file deep down makes the save stale"

    (root / ".gitignore").write_text("*.log\n*.md\n")
    found, log = _search_once(spindle_ws, home, "widget", root)
    assert "widget.md" not in found and walked in log, "an edited .gitignore applies"

    # A .gitignore counts only inside a repository: ``git init`` above a plain folder
    # changes nothing the folder's walk watched, but the next server sees it.
    plain = outer / "plain" / "proj"
    plain.mkdir(parents=True)
    (plain / ".gitignore").write_text("*.txt\n")
    (plain / "widget.txt").write_text("x")
    assert _search_once(spindle_ws, home, "widget", plain)[0] == ["widget.txt"]
    assert f"read the saved walk of {plain}:" in _search_once(spindle_ws, home, "widget", plain)[1]
    (outer / "plain" / ".git").mkdir()
    found, log = _search_once(spindle_ws, home, "widget", plain)
    assert found == [] and f"walked {plain}:" in log, "the new repository's .gitignore applies"

    for saved in _saved_walks(home):
        saved.write_bytes(saved.read_bytes()[:100])
    found, log = _search_once(spindle_ws, home, "widget", root)
    assert walked in log and read not in log
    assert sorted(found) == ["src/deep/widget.py", "src/deep/widget_new.py"]
    _, log = _search_once(spindle_ws, home, "widget", root)
    assert read in log, "the damaged save was replaced by the new walk"


# -- providers ---------------------------------------------------------------------------------


def test_model_providers_come_from_config(spindle: StartServer) -> None:
    extra = """
[model_providers.local]
name = "Local gateway"
base_url = "http://127.0.0.1:9/v1"
"""
    server = spindle(config_extra=extra)
    conn = server.connect()
    conn.initialize()
    listed = conn.call("modelProvider/list", {})
    assert listed["defaultProviderId"] == "mock" and listed["canChangeDefault"] is True
    by_id = {p["id"]: p for p in listed["data"]}
    assert [p["id"] for p in listed["data"]] == ["local", "mock", "openai"]
    assert by_id["local"] == {
        "id": "local",
        "name": "Local gateway",
        "canEdit": True,
        "baseUrl": "http://127.0.0.1:9/v1",
        "settings": {"type": "customGateway", "auth": {"mode": "none"}},
    }
    assert by_id["mock"]["settings"]["auth"]["mode"] == "environmentVariable"
    assert by_id["openai"] == {
        "id": "openai",
        "name": "OpenAI",
        "canEdit": False,
        "baseUrl": None,
        "settings": {"type": "openai"},
    }
    features = conn.call("experimentalFeature/list", {})["data"]
    enabled = {f["name"]: f["enabled"] for f in features}
    assert enabled["plugins"] is False, "config.toml [features] decides"
    assert enabled["goals"] is next(f["defaultEnabled"] for f in features if f["name"] == "goals")


def test_provider_written_by_config_write_serves_the_next_thread(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    """modelProvider/config/write edits config.toml in place (comments kept, the old file
    kept as config.toml.bak, no temporary file left) and later requests use the result: a
    thread started on the new provider reaches it, and a restart still lists it. The
    reference's answers and file text are compared in the ``ide_provider_write`` golden."""
    extra = """
# hand-written note about the gateway
[model_providers.gw]
name = "Gateway"  # trailing comment
base_url = "http://127.0.0.1:9/v1"
"""
    server = spindle(config_extra=extra)
    config_path = server.home / "config.toml"
    before = config_path.read_text()
    conn = server.connect()
    conn.initialize()
    since = conn.mark()

    created = conn.call(
        "modelProvider/config/write",
        {
            "settings": {
                "type": "customGateway",
                "name": "Mock Copy",
                "baseUrl": mock_provider.base_url,
                "envKey": API_KEY_ENV,
            }
        },
    )["provider"]
    assert created == {
        "id": "mock-copy",
        "name": "Mock Copy",
        "canEdit": True,
        "baseUrl": mock_provider.base_url,
        "settings": {
            "type": "customGateway",
            "auth": {"mode": "environmentVariable", "envKey": API_KEY_ENV},
        },
    }
    renamed = conn.call(
        "modelProvider/config/write",
        {"settings": {"type": "customGateway", "providerId": "gw", "name": "Gateway 2"}},
    )["provider"]
    assert renamed["name"] == "Gateway 2"
    about_it = [
        n["method"]
        for n in conn.notifications(since)
        if "config" in n["method"].lower() or "provider" in n["method"].lower()
    ]
    assert about_it == [], "as the reference, a provider write sends no notification"

    after = config_path.read_text()
    assert "# hand-written note about the gateway" in after
    assert 'name = "Gateway 2"  # trailing comment' in after
    assert after.startswith(before.split("# hand-written note")[0]), "the rest is untouched"
    assert after.rstrip().endswith(
        f'[model_providers.mock-copy]\nbase_url = "{mock_provider.base_url}"\n'
        f'env_key = "{API_KEY_ENV}"\nname = "Mock Copy"\nwire_api = "responses"'
    )
    leftovers = [p.name for p in server.home.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [], "the file is replaced atomically from a temporary file"
    if server.kind == "spindle":  # the reference keeps no backup
        backup = (server.home / "config.toml.bak").read_text()
        assert 'name = "Gateway"  # trailing comment' in backup and "mock-copy" in backup

    listed = [p["id"] for p in conn.call("modelProvider/list", {})["data"]]
    assert listed == ["gw", "mock", "mock-copy", "openai"]

    mock_provider.reply("served by the copy")
    thread = conn.call("thread/start", {"modelProvider": "mock-copy"})["thread"]
    since = conn.mark()
    asked_before = len(mock_provider.response_requests)
    conn.call("turn/start", {"threadId": thread["id"], "input": [{"type": "text", "text": "hi"}]})
    conn.wait_for("turn/completed", since=since)
    assert len(mock_provider.response_requests) > asked_before, "the new provider was used"

    server.restart()
    conn = server.connect()
    conn.initialize()
    names = {p["id"]: p["name"] for p in conn.call("modelProvider/list", {})["data"]}
    assert names["mock-copy"] == "Mock Copy" and names["gw"] == "Gateway 2"
