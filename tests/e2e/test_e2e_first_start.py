"""A first start over existing rollouts, a stop during the backfill, and database errors.

spindle's choice for a first start over rollouts it has not indexed yet: ``thread/list``
answers once the startup backfill has indexed them all (it waits; it never returns a partial
list). The backfill logs its progress, stops at stdin EOF with a checkpoint, and resumes at
the next start.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, StartServer, spindle_only
from tests.support.flows import one_turn_then_stop, run_turn, start_thread
from tests.support.import_hooks import importer_pids, imports_recorded, record_imports
from tests.support.mock_provider import MockProvider, TextReply
from tests.support.rollouts import clone_rollouts, find_rollout
from tests.support.schema import OfficialSchema
from tests.support.servers import start_servers, stop_servers

pytestmark = [pytest.mark.requirement("R17"), pytest.mark.requirement("R25")]


@pytest.fixture
def stdio(
    tmp_path: Path, mock_provider: MockProvider, official_schema: OfficialSchema
) -> Iterator[StartServer]:
    """spindle servers on stdio (the transport whose EOF these tests are about)."""
    spindle_only("spindle's backfill, logs and database URLs")
    started: list[ServerProcess] = []
    yield start_servers(tmp_path, "stdio", mock_provider, official_schema, started)
    stop_servers(started)


def _home_with_rollouts(start: StartServer, tmp_path: Path, count: int) -> tuple[Path, set[str]]:
    """A home holding ``count`` + 1 rollouts (one real, the rest its clones) and no database."""
    home = tmp_path / "existing" / "home"
    server = start(home=home)
    conn = server.connect()
    conn.initialize()
    thread_id = start_thread(conn)["id"]
    run_turn(conn, thread_id, "an old conversation")
    assert server.shutdown() == 0
    ids = {thread_id, *clone_rollouts(find_rollout(home, thread_id), thread_id, count)}
    for path in home.glob("state.sqlite*"):
        path.unlink()
    return home, ids


def _list_all(conn: Connection) -> list[str]:
    listed: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 100, "cursor": cursor}
        page = conn.call("thread/list", params, timeout=300)
        listed += [t["id"] for t in page["data"]]
        cursor = page["nextCursor"]
        if cursor is None:
            return listed


def _wait_for_stderr(server: ServerProcess, text: str, since: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while text not in server.stderr_text()[since:]:
        assert server.running, f"server exited before logging {text!r}:\n{server.stderr_text()}"
        assert time.monotonic() < deadline, f"no {text!r} in:\n{server.stderr_text()}"
        time.sleep(0.05)


def test_first_start_lists_every_existing_rollout(stdio: StartServer, tmp_path: Path) -> None:
    home, ids = _home_with_rollouts(stdio, tmp_path, count=600)
    server = stdio(home=home)
    earlier = len(server.stderr_text())  # the log file is shared by the servers of a home
    conn = server.connect()
    conn.initialize()
    # Asked at once, while the backfill has only begun: the answer is the complete list.
    listed = _list_all(conn)
    assert len(listed) == len(set(listed)) == len(ids)
    assert set(listed) == ids
    assert server.shutdown() == 0
    log = server.stderr_text()[earlier:]
    assert "state backfill: 500 rollouts indexed so far" in log
    assert "state backfill complete: 601 rollouts read, 601 threads added" in log
    assert "BackfillReport(" not in log, "log lines carry no object reprs"


def test_eof_during_the_backfill_exits_and_the_next_start_resumes(
    stdio: StartServer, tmp_path: Path
) -> None:
    home, ids = _home_with_rollouts(stdio, tmp_path, count=3000)
    server = stdio(home=home)
    earlier = len(server.stderr_text())  # the log file is shared by the servers of a home
    conn = server.connect()
    conn.initialize()
    _wait_for_stderr(server, "rollouts indexed so far", since=earlier)
    assert server.shutdown() == 0
    log = server.stderr_text()[earlier:]
    assert "state backfill stopped, resumes at the next start" in log
    assert "state backfill complete" not in log

    again = stdio(home=home)
    earlier = len(again.stderr_text())
    conn = again.connect()
    conn.initialize()
    listed = _list_all(conn)
    assert len(listed) == len(ids) and set(listed) == ids
    assert again.shutdown() == 0
    log = again.stderr_text()[earlier:]
    assert "state backfill complete" in log and "resumed after " in log


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mysql://ann:s3cret-pw@db.example/spindle", "mysql://ann:***@db.example/spindle"),
        (
            "postgresql://ann:s3cret-pw@127.0.0.1:1/spindle",
            "postgresql+psycopg://ann:***@127.0.0.1:1/spindle",
        ),
    ],
    ids=["unsupported-scheme", "unreachable-postgresql"],
)
def test_a_database_that_cannot_be_opened_is_one_line_and_exit_2(
    stdio: StartServer, tmp_path: Path, url: str, shown: str
) -> None:
    server = stdio(home=tmp_path / "home", env={"SPINDLE_DATABASE_URL": url})
    conn = server.connect()
    conn.initialize()  # answered while the database is still being opened
    waiting = conn.request_async("thread/start", {})
    error = conn.response(waiting)["error"]  # answered, not left to the exit's timeout
    assert error["code"] == -32603
    assert error["message"].startswith(f"cannot open the database {shown}: "), error
    assert server.wait() == 2
    log = server.stderr_text()
    assert "Traceback" not in log and "s3cret-pw" not in log
    errors = [line for line in log.splitlines() if shown in line]
    assert len(errors) == 1, log
    assert errors[0].startswith(f"Error: cannot open the database {shown}: ")


def test_a_start_that_cannot_load_exits_1_instead_of_hanging(
    stdio: StartServer, tmp_path: Path
) -> None:
    """A broken install (here: dulwich, which the handlers import, fails to import) is
    found after initialize is answered; the server says so in one line and exits 1, so a
    client's next request does not wait forever."""
    spindle_only("shadows one of spindle's own dependencies")
    shadow = tmp_path / "shadow" / "dulwich"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('this dulwich is broken')\n")
    server = stdio(home=tmp_path / "home", env={"PYTHONPATH": str(shadow.parent)})
    conn = server.connect()
    conn.initialize()  # answered before the handlers are imported
    waiting = conn.request_async("thread/start", {})
    # The request that waited for the start is answered (not left to the exit's timeout).
    answer = conn.response(waiting)
    assert answer["error"] == {
        "code": -32603,
        "message": "the server could not start: this dulwich is broken",
    }
    assert server.wait() == 1
    errors = [line for line in server.stderr_text().splitlines() if line.startswith("Error:")]
    assert errors == ["Error: the server could not start: this dulwich is broken"]
    assert "did not finish" not in server.stderr_text()


def test_turns_and_resumes_create_no_goals_or_agents_database(
    stdio: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    """Every turn reads the goals database, every resume the agent graph. Where no goal was
    ever written (no sub-agent spawned) they do not exist, and reading creates nothing, so a
    start over an existing home never runs (or imports) the migrations for a resume and a
    turn; the first goal written creates the goals database."""
    home = tmp_path / "home"
    thread_id = one_turn_then_stop(stdio(home=home), mock_provider)
    assert not (home / "goals.sqlite").exists()

    env, importers = record_imports("alembic", tmp_path)
    second = stdio(home=home, env=env)
    conn = second.connect()
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": thread_id})["thread"]
    mock_provider.enqueue(TextReply.of("no migrations"))
    run = run_turn(conn, resumed["id"], "again")
    assert run.status == "completed" and run.agent_text() == "no migrations"
    assert importer_pids(importers) == set(), "a start over an existing home imported alembic"
    assert not (home / "goals.sqlite").exists() and not (home / "agents.sqlite").exists()

    set_goal = {"threadId": thread_id, "objective": "ship it"}
    goal = conn.call("thread/goal/set", set_goal)["goal"]
    assert goal["objective"] == "ship it" and goal["status"] == "active"
    assert second.shutdown() == 0
    with sqlite3.connect(home / "goals.sqlite") as db:
        [(objective,)] = db.execute("SELECT objective FROM thread_goals").fetchall()
    assert objective == "ship it"


def test_a_start_and_a_text_turn_import_no_image_ignore_file_or_postgresql_library(
    stdio: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    """Pillow (images), pathspec (ignore files) and SQLAlchemy's PostgreSQL dialect load
    with their first use, not with every start: a start on SQLite (over a home made by an
    earlier one: the first start's migrations name PostgreSQL options), a thread and a
    text turn import none of them; a file search then loads pathspec (the hook sees
    imports: a check that can fail)."""
    home = tmp_path / "home"
    one_turn_then_stop(stdio(home=home), mock_provider)
    postgresql = "sqlalchemy.dialects.postgresql"
    env, importers = record_imports(("PIL", "pathspec", postgresql), tmp_path)
    server = stdio(home=home, env=env)
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    mock_provider.enqueue(TextReply.of("plain text"))
    run = run_turn(conn, thread["id"], "hello")
    assert run.status == "completed" and run.agent_text() == "plain text"
    assert imports_recorded(importers) == set()

    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "main.py").touch()
    (tmp_path / "tree" / "main.log").touch()
    (tmp_path / "tree" / ".ignore").write_text("*.log\n")
    found = conn.call("fuzzyFileSearch", {"query": "main", "roots": [str(tmp_path / "tree")]})
    assert [f["path"] for f in found["files"]] == ["main.py"]
    assert server.proc is not None
    assert importer_pids(importers, "pathspec") == {server.proc.pid}
    assert importer_pids(importers, "PIL") == importer_pids(importers, postgresql) == set()
