"""``spindle logs`` run as a real subprocess: every filter, --search in SQL, output modes,
bad input (exit 2), and --follow picking up rows another process writes. Runs on SQLite
and PostgreSQL."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from spindle_state import LogEntry, LogQuery, LogStore, open_log_store
from spindle_state.logs_cli import LogTail, logs
from sqlalchemy import event, text

BASE = 1_795_000_000  # 2026-11-18T11:06:40Z
PROC_A = "pid:100:aaaaaaaa-0000-4000-8000-000000000000"
PROC_B = "pid:200:bbbbbbbb-0000-4000-8000-000000000000"


def _row(
    ts: int,
    level: str,
    target: str,
    module: str,
    file: str,
    thread_id: str | None,
    process_uuid: str,
    body: str,
    nanos: int = 0,
) -> LogEntry:
    return LogEntry(
        ts=ts,
        ts_nanos=nanos,
        level=level,
        target=target,
        message=body.rsplit(": ", 1)[-1],
        feedback_log_body=body,
        module_path=module,
        file=file,
        line=7,
        thread_id=thread_id,
        process_uuid=process_uuid,
    )


def fixture_rows() -> list[LogEntry]:
    """The fixture rows; the last one is stamped a minute before the call, so relative
    filters such as ``--from 10m`` see it however long the suite has been running."""
    recent = int(time.time()) - 60
    return [
    _row(BASE + 1, "TRACE", "spindle.transport", "spindle_app_server.transport.ws",
         "transport/ws.py", thread_id=None, process_uuid=PROC_A, body="accepted connection id=1",
         nanos=123_456_789),
    _row(BASE + 2, "DEBUG", "spindle.handlers", "spindle_app_server.handlers.thread",
         "handlers/thread.py", "T1", PROC_A, "request{method=thread/start}: started model=gpt-5"),
    _row(BASE + 3, "INFO", "spindle.model", "spindle_app_server.model",
         "model/client.py", "T1", PROC_A, "turn{id=1}:model_call{attempt=2}: sending request retries=2"),
    _row(BASE + 4, "WARN", "spindle.state", "spindle_state.threads",
         "state/threads.py", "T2", PROC_B, "slow query needle-in-haystack ms=900"),
    _row(BASE + 5, "ERROR", "spindle.handlers", "spindle_app_server.handlers.turn",
         "handlers/turn.py", "T2", PROC_B, "turn failed: Needle"),
    _row(BASE + 6, "INFO", "spindle.server", "spindle_app_server.server",
         "server.py", thread_id=None, process_uuid=PROC_B, body="shutdown requested at 100%"),
    _row(recent, "INFO", "spindle.server", "spindle_app_server.server",
         "server.py", "T3", PROC_A, "recent row"),
]  # fmt: skip


BODIES = [row.feedback_log_body for row in fixture_rows()]


@pytest.fixture(autouse=True)
def _no_ambient_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)


@pytest.fixture
def log_store(home: Path, db_url: str | None) -> Iterator[LogStore]:
    with open_log_store(home, db_url) as store:
        yield store


@pytest.fixture
def source(home: Path, db_url: str | None, log_store: LogStore) -> list[str]:
    """CLI arguments naming the database the test's store writes to (rows inserted)."""
    log_store.insert(fixture_rows())
    return ["--db", str(home / "logs.sqlite")] if db_url is None else ["--database-url", db_url]


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "SPINDLE_DATABASE_URL"}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spindle_state.logs_cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
        check=False,
    )


def invoke(*args: str) -> Result:
    """The same click command in-process (fast); subprocess tests cover the real process."""
    return CliRunner().invoke(logs, list(args), catch_exceptions=False)


def bodies_of(output: str) -> list[str]:
    return [line.split(" - ", 1)[1] for line in output.splitlines()]


FILTER_CASES: list[tuple[list[str], list[int]]] = [
    ([], [0, 1, 2, 3, 4, 5, 6]),
    (["--backfill", "2"], [5, 6]),
    (["--level", "warn"], [3, 4]),
    (["--level", "WARNING"], [3, 4]),
    (["--level", "trace"], [0, 1, 2, 3, 4, 5, 6]),
    (["--from", str(BASE + 3), "--to", str(BASE + 5)], [2, 3, 4]),
    (["--from", "2026-11-18T11:06:43Z"], [2, 3, 4, 5, 6]),
    (["--to", "2026-11-18T12:06:42+01:00"], [0, 1]),
    (["--from", "10m"], [6]),
    (["--to", "1h"], [0, 1, 2, 3, 4, 5]),
    (["--module", "handlers"], [1, 4]),
    (["--module", "handlers", "--module", "transport"], [0, 1, 4]),
    (["--file", "model/"], [2]),
    (["--thread-id", "T1"], [1, 2]),
    (["--thread-id", "T1", "--thread-id", "T2"], [1, 2, 3, 4]),
    (["--threadless"], [0, 5]),
    (["--thread-id", "T1", "--threadless"], [0, 1, 2, 5]),
    (["--process", PROC_B], [3, 4, 5]),
    (["--search", "needle"], [3]),
    (["--search", "Needle"], [4]),
    (["--search", "model_call{attempt=2}"], [2]),
    (["--search", "%"], [5]),
    (["--search", "needle", "--level", "error"], []),
    (["--process", PROC_A, "--threadless", "--level", "info"], []),
]


@pytest.mark.requirement("R11")
@pytest.mark.parametrize(
    ("args", "expected"), FILTER_CASES, ids=[" ".join(args) or "all" for args, _ in FILTER_CASES]
)
def test_filters(source: list[str], args: list[str], expected: list[int]) -> None:
    result = invoke(*source, *args)

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert bodies_of(result.stdout) == [BODIES[index] for index in expected]


@pytest.mark.requirement("R11")
def test_every_filter_through_a_real_subprocess(source: list[str]) -> None:
    combined = run_cli(
        *source,
        "--level", "info",
        "--from", str(BASE + 2),
        "--to", "2026-11-18T11:06:46Z",
        "--module", "spindle_app_server",
        "--file", ".py",
        "--thread-id", "T1",
        "--thread-id", "T2",
        "--search", "turn",
    )  # fmt: skip
    assert combined.returncode == 0, combined.stderr
    assert bodies_of(combined.stdout) == [BODIES[2], BODIES[4]]

    threadless = run_cli(
        *source, "--threadless", "--process", PROC_B, "--search", "100%", "--backfill", "5"
    )
    assert threadless.returncode == 0, threadless.stderr
    assert bodies_of(threadless.stdout) == [BODIES[5]]


def test_default_line_format(source: list[str]) -> None:
    result = invoke(*source, "--backfill", "3", "--to", str(BASE + 10))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-11-18T11:06:44.000Z WARN  [T2] spindle.state - slow query needle-in-haystack ms=900",
        "2026-11-18T11:06:45.000Z ERROR [T2] spindle.handlers - turn failed: Needle",
        "2026-11-18T11:06:46.000Z INFO  [-] spindle.server - shutdown requested at 100%",
    ]
    first = invoke(*source, "--threadless", "--backfill", "2")
    assert first.stdout.splitlines()[0] == (
        "2026-11-18T11:06:41.123Z TRACE [-] spindle.transport - accepted connection id=1"
    )


def test_compact_and_json_output(source: list[str]) -> None:
    compact = invoke(*source, "--compact", "--thread-id", "T1")
    assert compact.stdout.splitlines() == [
        "11:06:42 DEBUG request{method=thread/start}: started model=gpt-5",
        "11:06:43 INFO  turn{id=1}:model_call{attempt=2}: sending request retries=2",
    ]

    as_json = invoke(*source, "--json", "--threadless")
    objects: list[dict[str, Any]] = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [obj["body"] for obj in objects] == [BODIES[0], BODIES[5]]
    assert objects[0]["timestamp"] == "2026-11-18T11:06:41.123456789Z"
    assert objects[0]["thread_id"] is None
    assert objects[0]["process_uuid"] == PROC_A
    assert objects[0]["module_path"] == "spindle_app_server.transport.ws"
    assert objects[0]["line"] == 7
    assert objects[0]["level"] == "TRACE"


@pytest.mark.requirement("R11")
def test_search_is_a_substring_match_done_in_sql(log_store: LogStore) -> None:
    log_store.insert(fixture_rows())
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(log_store.engine, "before_cursor_execute", remember)
    try:
        rows = log_store.query(LogQuery(search="needle"))
    finally:
        event.remove(log_store.engine, "before_cursor_execute", remember)

    assert [row.body for row in rows] == [BODIES[3]]
    [sql] = statements
    function = "strpos(" if log_store.engine.dialect.name == "postgresql" else "INSTR("
    assert f"{function}logs.feedback_log_body" in sql


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "loud"], "invalid log level 'loud'"),
        (["--from", "yesterday"], "invalid time 'yesterday'"),
        (["--to", "2026-13-01T00:00:00Z"], "invalid time '2026-13-01T00:00:00Z'"),
        (["--from", "2026-11-18T11:06:43"], "invalid time"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(source: list[str], args: list[str], message: str) -> None:
    result = invoke(*source, *args)

    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("spindle logs: error: ")
    assert message in line


def test_bad_input_exits_2_from_the_real_process(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "logs.sqlite"), "--level", "loud")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "spindle logs: error: invalid log level 'loud' "
        "(expected one of trace, debug, info, warn, error)"
    ]


def test_a_missing_database_is_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "logs.sqlite"
    result = run_cli("--db", str(missing))

    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"spindle logs: error: log database not found: {missing}"]
    assert not missing.parent.exists()

    home = tmp_path / "home"
    by_home = CliRunner(env={"SPINDLE_HOME": str(home)}).invoke(logs, [])
    assert by_home.exit_code == 2
    assert str(home / "logs.sqlite") in by_home.stderr


def test_the_database_is_opened_read_only(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "logs.sqlite"
    sqlite3.connect(path).close()  # an empty file: a writer would migrate it

    result = invoke("--db", str(path))

    assert result.exit_code == 2
    assert "not a spindle logs database" in result.stderr
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []
    connection.close()


_WRITER = """
import logging, sys
from pathlib import Path
from spindle_state import LogDbHandler, log_thread, open_log_store
home, url = Path(sys.argv[1]), (sys.argv[2] or None)
store = open_log_store(home, url)
handler = LogDbHandler(store, close_store=True)
log = logging.getLogger("spindle.writer")
log.setLevel(logging.INFO)
log.addHandler(handler)
with log_thread("live"):
    for number in range(3):
        log.info("follow-marker %d", number)
        handler.flush()
    log.info("not matching")
print(handler.process_uuid)
"""


@pytest.mark.requirement("R11")
def test_follow_prints_rows_another_process_writes(
    source: list[str], home: Path, db_url: str | None, log_store: LogStore
) -> None:
    # Printed by the backfill: once it is out, the follower is in its polling loop, so
    # every later row can only reach it through --follow.
    log_store.insert(
        [
            _row(
                int(time.time()) - 60,
                "INFO",
                "t",
                "m",
                "f.py",
                "live",
                PROC_A,
                "follow-marker ready",
            )
        ]
    )
    with subprocess.Popen(
        [sys.executable, "-m", "spindle_state.logs_cli", *source, "--follow", "--poll-ms", "50",
         "--search", "follow-marker", "--thread-id", "live"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    ) as follower:  # fmt: skip
        _follow(follower, home, db_url)


def _follow(follower: subprocess.Popen[str], home: Path, db_url: str | None) -> None:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert follower.stdout is not None
        for line in follower.stdout:
            lines.put(line.rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        assert lines.get(timeout=120).endswith(" - follow-marker ready")
        writer = subprocess.run(
            [sys.executable, "-c", _WRITER, str(home), db_url or ""],
            capture_output=True,
            text=True,
            timeout=120,
            env=_env(),
            check=True,
        )
        writer_uuid = writer.stdout.strip()
        seen: list[str] = []
        deadline = time.monotonic() + 60
        while len(seen) < 3 and time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
        assert [line.split(" - ", 1)[1] for line in seen] == [
            f"follow-marker {number}" for number in range(3)
        ]
        assert all("[live] spindle.writer - " in line for line in seen)
        with open_log_store(home, db_url, read_only=True) as reader_store:
            written = reader_store.query(LogQuery(thread_ids=["live"], process_uuid=writer_uuid))
        assert [row.body for row in written] == [
            *(f"follow-marker {number}" for number in range(3)),
            "not matching",
        ]
        assert writer_uuid != PROC_A
        if sys.platform == "win32":
            # No SIGINT for a child on Windows: stop it; the output above is the proof.
            follower.terminate()
            follower.wait(timeout=30)
        else:
            follower.send_signal(signal.SIGINT)  # Ctrl-C ends --follow cleanly
            assert follower.wait(timeout=30) == 0
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()
    reader.join(timeout=5)
    assert lines.empty()
    assert follower.stderr is not None
    assert follower.stderr.read() == ""


@pytest.mark.postgres
def test_a_plain_postgresql_url_is_read_with_psycopg(pg_database: str) -> None:
    with open_log_store(url=pg_database) as store:
        store.insert(fixture_rows())
    plain = pg_database.replace("postgresql+psycopg://", "postgresql://", 1)

    result = invoke("--database-url", plain, "--thread-id", "T1")

    assert result.exit_code == 0, result.stderr
    assert bodies_of(result.stdout) == [BODIES[1], BODIES[2]]


def test_tail_returns_each_new_row_once(log_store: LogStore) -> None:
    log_store.insert(fixture_rows()[:2])
    tail = LogTail(log_store, LogQuery(), log_store.max_id())
    assert tail.poll() == []

    log_store.insert(fixture_rows()[2:5])
    assert [row.body for row in tail.poll()] == BODIES[2:5]
    assert tail.poll() == []
    log_store.insert(fixture_rows()[5:])
    assert [row.body for row in tail.poll()] == BODIES[5:]


@pytest.mark.postgres
def test_tail_prints_a_row_committed_after_a_higher_id_on_postgresql(pg_database: str) -> None:
    with open_log_store(url=pg_database) as store:
        store.insert(fixture_rows()[:1])
        tail = LogTail(store, LogQuery(), store.max_id())
        params = fixture_rows()[1].to_params()
        columns = ", ".join(params)
        values = ", ".join(f":{name}" for name in params)
        insert = text(f"INSERT INTO logs ({columns}) VALUES ({values})")
        with store.engine.connect() as slow:
            slow.execute(insert, params)  # takes the lower id, commits later
            store.insert(fixture_rows()[2:3])
            assert [row.body for row in tail.poll()] == [BODIES[2]]
            slow.commit()
        assert [row.body for row in tail.poll()] == [BODIES[1]]
        assert tail.poll() == []
