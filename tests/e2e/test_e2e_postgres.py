"""Several spindle servers on one PostgreSQL database (R28), at the server level.

Two server processes, each with its own home (config, rollouts), share one database: each
creates threads and runs turns, each lists the other's threads, and one resumes and
continues a thread the other created (its rollout is found through the shared row).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.client import Connection, ServerProcess, StartServer, spindle_only
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider
from tests.support.postgres import PgCluster
from tests.support.schema import OfficialSchema
from tests.support.servers import start_servers, stop_servers

pytestmark = pytest.mark.requirement("R28")


@pytest.fixture
def two_servers(
    tmp_path: Path,
    mock_provider: MockProvider,
    official_schema: OfficialSchema,
    pg_cluster: PgCluster,
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    spindle_only("spindle's PostgreSQL support")
    started: list[ServerProcess] = []
    start: StartServer = start_servers(tmp_path, "stdio", mock_provider, official_schema, started)
    url = pg_cluster.create_database()
    env = {"SPINDLE_DATABASE_URL": url}
    yield start(home=tmp_path / "a" / "home", env=env), start(home=tmp_path / "b" / "home", env=env)
    stop_servers(started)


def _listed(conn: Connection) -> dict[str, str]:
    page = conn.call("thread/list", {"limit": 100})
    assert page["nextCursor"] is None
    return {t["id"]: t["preview"] for t in page["data"]}


def test_two_servers_share_threads_and_resume_each_others(
    two_servers: tuple[ServerProcess, ServerProcess],
) -> None:
    server_a, server_b = two_servers
    a, b = server_a.connect(), server_b.connect()
    a.initialize("client-a")
    b.initialize("client-b")
    made: dict[str, str] = {}
    for conn, name in ((a, "a"), (b, "b"), (a, "a"), (b, "b")):
        thread_id = start_thread(conn)["id"]
        text = f"from {name} {len(made)}"
        assert run_turn(conn, thread_id, text).status == "completed"
        made[thread_id] = text

    assert _listed(a) == made
    assert _listed(b) == made

    from_a = next(tid for tid, text in made.items() if text.startswith("from a"))
    resumed = b.call("thread/resume", {"threadId": from_a})["thread"]
    assert resumed["id"] == from_a
    assert [t["items"][0]["content"][0]["text"] for t in resumed["turns"]] == [made[from_a]]
    assert run_turn(b, from_a, "continued on b").status == "completed"

    turns = a.call("thread/turns/list", {"threadId": from_a, "sortDirection": "asc"})["data"]
    assert len(turns) == 2, "the turn run on server b is indexed for server a too"
    newest = a.call("thread/list", {"limit": 1, "sortKey": "updated_at"})["data"]
    assert [t["id"] for t in newest] == [from_a]
    assert newest[0]["preview"] == made[from_a], "the preview stays the first message"
