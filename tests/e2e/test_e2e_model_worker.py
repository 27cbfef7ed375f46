"""The model worker process: the server sends its model requests through a child process
that imports the model SDK, so the server itself never does (issue 14).

Seen from outside, as a client and the operating system see it: which process imports the
SDK (an import hook on the interpreters' path records each importer's pid), the server's
children in ``/proc``, and what a turn reports when the worker is killed under it.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.support.client import Connection, ServerProcess, StartServer, spindle_only
from tests.support.flows import one_turn_then_stop, run_turn, start_thread, text_input
from tests.support.import_hooks import importer_pids, record_imports
from tests.support.mock_provider import HangingStream, MockProvider, TextReply
from tests.support.processes import alive, children_running, gone

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads processes from /proc"
)

WORKER_MODULE = "spindle_app_server._model_worker"


def _workers(server: ServerProcess) -> list[int]:
    """The pids of the server's model worker children that are running."""
    return children_running(server, WORKER_MODULE)


def _one_worker(server: ServerProcess, *, other_than: int | None = None) -> int:
    deadline = time.monotonic() + 30
    while True:
        workers = [pid for pid in _workers(server) if pid != other_than]
        if len(workers) == 1:
            return workers[0]
        assert len(workers) < 2, f"more than one model worker: {workers}"
        assert time.monotonic() < deadline, "no model worker process"
        time.sleep(0.05)


def _started(spindle: StartServer, **env: str) -> tuple[ServerProcess, Connection]:
    """A spindle server (the reference has no model worker), with an initialized client."""
    spindle_only("the reference is one process, without a model worker")
    server = spindle(env=env)
    conn = server.connect()
    conn.initialize()
    return server, conn


def test_the_server_never_imports_the_model_sdk_its_worker_does(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    """Nor does the worker import the SDK's Responses resource and models (it relays the
    provider's events as they come): its readiness, which a first turn waits for, does
    not wait for them either."""
    resource, models = "openai.resources.responses", "openai.types.responses.response"
    env, importers = record_imports(("openai", resource, models), tmp_path)
    server, conn = _started(spindle, **env)
    thread = start_thread(conn)
    mock_provider.enqueue(TextReply.of("from the worker"))
    run = run_turn(conn, thread["id"], "hello")
    assert run.status == "completed" and run.agent_text() == "from the worker"
    worker = _one_worker(server)
    assert server.proc is not None
    pids = importer_pids(importers, "openai")
    assert worker in pids
    assert server.proc.pid not in pids
    assert importer_pids(importers, resource) == importer_pids(importers, models) == set()


def test_a_worker_killed_mid_turn_is_a_retried_disconnect_and_a_new_one_serves(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server, conn = _started(spindle)
    thread = start_thread(conn)
    mock_provider.enqueue(HangingStream(deltas=("partial ",)), TextReply.of("after the retry"))
    since = conn.mark()
    try:
        turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("go")})
        mock_provider.wait_hanging()
        first = _one_worker(server)
        os.kill(first, signal.SIGKILL)
        done = conn.wait_for(
            "turn/completed",
            lambda m: m["params"]["turn"]["id"] == turn["turn"]["id"],
            since=since,
        )
    finally:
        mock_provider.release()
    assert done["params"]["turn"]["status"] == "completed"
    retries = [m["params"] for m in conn.notifications(since, "error")]
    assert [r["willRetry"] for r in retries] == [True]
    error = retries[0]["error"]
    assert error["message"].startswith("Reconnecting... 1/")
    assert error["additionalDetails"].startswith("stream disconnected before completion: ")
    assert "model worker exited" in error["additionalDetails"]
    texts = [
        m["params"]["item"]["text"]
        for m in conn.notifications(since, "item/completed")
        if m["params"]["item"]["type"] == "agentMessage"
    ]
    assert texts == ["after the retry"]
    # The retry started a new worker, which serves the next turn too.
    second = _one_worker(server, other_than=first)
    assert not alive(first)
    mock_provider.enqueue(TextReply.of("next turn"))
    assert run_turn(conn, thread["id"], "again").agent_text() == "next turn"
    assert _workers(server) == [second]


def test_the_worker_ends_with_the_server(spindle: StartServer, mock_provider: MockProvider) -> None:
    """stdio: stdin EOF; ws: SIGTERM (the fixture's clean stop of each transport)."""
    server, conn = _started(spindle)
    thread = start_thread(conn)
    assert run_turn(conn, thread["id"], "hello").status == "completed"
    worker = _one_worker(server)
    assert server.shutdown() == 0
    # Reaped by the server before it exited: not even a zombie is left.
    assert not Path(f"/proc/{worker}").exists()


def test_a_killed_server_takes_its_worker_along(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    server, conn = _started(spindle)
    conn.call("thread/list", {})  # answered once the server has loaded
    assert _workers(server) == [], "no worker before a thread is opened (a new home)"
    start_thread(conn)  # turns follow: the worker is spawned now, before any turn
    worker = _one_worker(server)
    server.kill()
    assert gone(worker), "the model worker outlived its server"


def test_a_home_that_ran_threads_gets_its_worker_at_start(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    """Its clients run turns: the worker imports the SDK while the server starts, so a
    turn/start sent right after thread/start does not wait for that import."""
    spindle_only("the reference is one process, without a model worker")
    home = tmp_path / "home"
    thread_id = one_turn_then_stop(spindle(home=home), mock_provider)

    second = spindle(home=home)
    conn = second.connect()
    worker = _one_worker(second)  # before any request, not even initialize
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": thread_id})["thread"]
    mock_provider.enqueue(TextReply.of("second"))
    run = run_turn(conn, resumed["id"], "again")
    assert run.status == "completed" and run.agent_text() == "second"
    assert _one_worker(second) == worker, "the worker spawned at start served the turn"
