"""Graceful shutdown of the real process: signals and stdin EOF during a running turn."""

from __future__ import annotations

import signal

import pytest

from tests.support.client import StartServer, spindle_only
from tests.support.flows import run_turn, start_thread, text_input
from tests.support.mock_provider import HangingStream, MockProvider


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_during_a_turn_exits_zero_and_records_it_interrupted(
    spindle: StartServer, mock_provider: MockProvider, sig: signal.Signals
) -> None:
    if sig == signal.SIGINT:
        spindle_only("the reference dies of SIGINT (exit -2); issue 6 asks spindle for exit 0")
    server = spindle()
    if server.transport == "ws":
        spindle_only("on a signal the reference waits for ws clients to leave; spindle closes them")
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    run_turn(conn, thread["id"], "a finished turn first")
    mock_provider.enqueue(HangingStream(deltas=("partial ",)))
    turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("hang")})["turn"]
    mock_provider.wait_hanging()
    server.signal(sig)
    assert server.wait() == 0
    mock_provider.release()
    server.start()
    conn = server.connect()
    conn.initialize()
    turns = conn.call("thread/turns/list", {"threadId": thread["id"]})["data"]
    assert [(t["id"], t["status"]) for t in turns][:1] == [(turn["id"], "interrupted")]
    assert turns[1]["status"] == "completed"
    read = conn.call("thread/read", {"threadId": thread["id"]})["thread"]
    assert read["preview"] == "a finished turn first"


def test_stdin_eof_during_a_turn_exits_zero(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    """stdio: stdin EOF ends the server (exit 0, the turn recorded interrupted). ws: stdin is
    not the connection, so, as with the reference, its EOF ends nothing: the turn finishes
    and the server keeps serving until a signal (then exit 0)."""
    server = spindle()
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    mock_provider.enqueue(HangingStream())
    turn = conn.call("turn/start", {"threadId": thread["id"], "input": text_input("hang")})
    mock_provider.wait_hanging()
    if server.transport == "stdio":
        conn.close()
        assert server.wait() == 0
        mock_provider.release()
        server.start()
        conn = server.connect()
        conn.initialize()
        turns = conn.call("thread/turns/list", {"threadId": thread["id"]})["data"]
        assert [(t["id"], t["status"]) for t in turns] == [(turn["turn"]["id"], "interrupted")]
        return
    assert server.proc is not None and server.proc.stdin is not None
    since = conn.mark()
    server.proc.stdin.close()
    mock_provider.release()
    done = conn.wait_for("turn/completed", since=since)
    assert done["params"]["turn"]["status"] == "completed"
    assert server.running
    assert conn.call("thread/read", {"threadId": thread["id"]})["thread"]["id"] == thread["id"]
    server.signal(signal.SIGTERM)
    assert server.wait() == 0
