"""Everything that must survive a server restart, checked after ONE restart per transport.

The module fixture builds several threads on a real server, restarts the process on the same
home, and the tests then look at the state through the new process: threadSource, the
latest model and effort (R12), resumed conversations, unloaded summaries from SQLite (R16),
git metadata on unloaded threads (R13) and names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, ServerProcess, StartServer
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider
from tests.support.schema import OfficialSchema
from tests.support.servers import start_servers, stop_servers

TRANSPORTS = ["stdio", "ws"]


@dataclass
class World:
    server: ServerProcess
    provider: MockProvider
    source: dict[str, Any]  # threadSource "probe", one turn
    latest: dict[str, Any]  # turn 2 used mock-model-2 / high
    override: dict[str, Any]  # same as latest, resumed with an override
    memory: dict[str, Any]  # "remember this" -> "remembered answer"
    meta: dict[str, Any]  # gitInfo sha+branch and a name set before the restart
    conns: list[Connection]

    def connect(self) -> Connection:
        conn = self.server.connect()
        if not conn.initialized:
            conn.initialize()
        self.conns.append(conn)
        return conn


@pytest.fixture(scope="module", params=TRANSPORTS)
def world(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    official_schema: OfficialSchema,
) -> Iterator[World]:
    started: list[ServerProcess] = []
    with MockProvider() as provider:
        start: StartServer = start_servers(
            tmp_path_factory.mktemp(f"restart-{request.param}"),
            request.param,
            provider,
            official_schema,
            started,
        )
        server = start()
        conn = server.connect()
        conn.initialize()
        source = start_thread(conn, threadSource="probe")
        run_turn(conn, source["id"], "summarise me")
        latest = start_thread(conn)
        run_turn(conn, latest["id"], "first")
        run_turn(conn, latest["id"], "second", model="mock-model-2", effort="high")
        override = start_thread(conn)
        run_turn(conn, override["id"], "first", model="mock-model-2", effort="high")
        memory = start_thread(conn)
        provider.reply("remembered answer")
        run_turn(conn, memory["id"], "remember this")
        meta = start_thread(conn)
        run_turn(conn, meta["id"], "metadata please")
        conn.call(
            "thread/metadata/update",
            {"threadId": meta["id"], "gitInfo": {"sha": "abc", "branch": "dev"}},
        )
        conn.call("thread/name/set", {"threadId": meta["id"], "name": "My thread"})
        server.restart()
        yield World(server, provider, source, latest, override, memory, meta, [])
        stop_servers(started)


@pytest.fixture
def conn(world: World) -> Connection:
    world.provider.reset()
    return world.connect()


@pytest.mark.requirement("R1")
def test_thread_source_is_read_back_after_restart(conn: Connection, world: World) -> None:
    read = conn.call("thread/read", {"threadId": world.source["id"]})["thread"]
    assert read["threadSource"] == "probe"


@pytest.mark.requirement("R16")
def test_unloaded_threads_are_listed_from_sqlite(conn: Connection, world: World) -> None:
    listed = {t["id"]: t for t in conn.call("thread/list", {"limit": 100})["data"]}
    entry = listed[world.source["id"]]
    assert entry["preview"] == "summarise me"
    assert entry["threadSource"] is None, "thread/list entries carry null, as the reference"
    assert entry["cwd"] == str(world.server.cwd)
    assert entry["cliVersion"] == world.source["cliVersion"]
    # Since the restart nothing has loaded it (thread/read does not): a summary from SQLite.
    assert entry["status"] == {"type": "notLoaded"}
    assert entry["environments"] is None and entry["canAcceptDirectInput"] is None
    loaded = set(conn.call("thread/loaded/list", {})["data"])
    assert world.source["id"] not in loaded
    for thread_id, listed_entry in listed.items():
        if thread_id not in loaded:
            assert listed_entry["status"] == {"type": "notLoaded"}
            assert listed_entry["environments"] is None


@pytest.mark.requirement("R16")
def test_read_of_an_unloaded_thread(conn: Connection, world: World) -> None:
    read = conn.call("thread/read", {"threadId": world.meta["id"]})["thread"]
    assert read["status"] == {"type": "notLoaded"}
    assert read["environments"] is None
    assert read["preview"] == "metadata please"


@pytest.mark.requirement("R1")
def test_resume_keeps_thread_source_and_loads_the_thread(conn: Connection, world: World) -> None:
    resumed = conn.call("thread/resume", {"threadId": world.source["id"]})["thread"]
    assert resumed["threadSource"] == "probe"
    assert resumed["status"] == {"type": "idle"}
    assert [t["status"] for t in resumed["turns"]] == ["completed"]


@pytest.mark.requirement("R12")
def test_resume_uses_the_latest_model_and_effort(conn: Connection, world: World) -> None:
    resumed = conn.call("thread/resume", {"threadId": world.latest["id"]})
    assert resumed["model"] == "mock-model-2"
    assert resumed["reasoningEffort"] == "high"
    assert resumed["thread"]["model"] == "mock-model-2"
    assert resumed["thread"]["reasoningEffort"] == "high"
    assert len(resumed["thread"]["turns"]) == 2
    run_turn(conn, world.latest["id"], "third")
    (request,) = world.provider.response_requests
    assert request.json["model"] == "mock-model-2"
    assert request.json["reasoning"]["effort"] == "high"


@pytest.mark.requirement("R12")
def test_resume_overrides_win_over_the_stored_model(conn: Connection, world: World) -> None:
    resumed = conn.call(
        "thread/resume", {"threadId": world.override["id"], "model": "mock-model-3"}
    )
    assert resumed["model"] == "mock-model-3"


def test_resumed_thread_continues_the_conversation(conn: Connection, world: World) -> None:
    conn.call("thread/resume", {"threadId": world.memory["id"]})
    assert run_turn(conn, world.memory["id"], "what did I say?").status == "completed"
    convo = world.provider.response_requests[0].conversation()
    assert convo[-3:] == [
        ("user", "remember this"),
        ("assistant", "remembered answer"),
        ("user", "what did I say?"),
    ]


@pytest.mark.requirement("R13")
def test_metadata_update_on_an_unloaded_thread(conn: Connection, world: World) -> None:
    updated = conn.call(
        "thread/metadata/update", {"threadId": world.meta["id"], "gitInfo": {"branch": "release"}}
    )["thread"]
    assert updated["gitInfo"] == {"sha": "abc", "branch": "release", "originUrl": None}
    assert updated["canAcceptDirectInput"] is None
    listed = {t["id"]: t for t in conn.call("thread/list", {"limit": 100})["data"]}
    assert listed[world.meta["id"]]["gitInfo"] == updated["gitInfo"]


def test_name_survives_restart(conn: Connection, world: World) -> None:
    assert conn.call("thread/read", {"threadId": world.meta["id"]})["thread"]["name"] == "My thread"


def test_rollouts_are_where_the_threads_say(world: World) -> None:
    for thread in (world.source, world.latest, world.memory, world.meta):
        assert Path(thread["path"]).exists()
