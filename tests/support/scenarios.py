"""Scripted client sessions, run on the reference to record golden transcripts and on
spindle to compare against them (``tests/e2e/test_e2e_golden.py``).

Each scenario gets a :class:`~tests.support.golden.Recorder` on a fresh server home whose
config points at a fresh :class:`MockProvider`; it must be deterministic given the same
server behaviour. Re-record with ``uv run python -m tests.support.record_golden [NAME...]``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.client import Kind, ServerProcess, Transport, write_config
from tests.support.golden import Recorder, Transcript
from tests.support.ide_scenarios import IDE_SCENARIO_CONFIG, IDE_SCENARIOS
from tests.support.mock_provider import FailedStream, HangingStream, HttpError, MockProvider
from tests.support.schema import OfficialSchema
from tests.support.search_scenarios import SEARCH_SCENARIOS

__all__ = ["SCENARIOS", "UNKNOWN_THREAD", "run_scenario"]

# A syntactically valid UUIDv7 that no server ever created.
UNKNOWN_THREAD = "019a0000-0000-7000-8000-000000000001"
CLIENT_INFO = {"name": "golden", "version": "0"}

Scenario = Callable[[Recorder], None]


def _initialize(rec: Recorder, label: str = "initialize") -> None:
    rec.result(
        label,
        "initialize",
        {"clientInfo": CLIENT_INFO, "capabilities": {"experimentalApi": True}},
    )
    rec.conn.notify("initialized")


def _text(text: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": text}]


def _start(rec: Recorder, label: str, params: dict[str, Any]) -> str:
    """thread/start, recording its response and notifications up to ``thread/started``."""
    since = rec.conn.mark()
    thread_id: str = rec.result(label, "thread/start", params)["thread"]["id"]
    rec.collect(label, since, "thread/started")
    return thread_id


def _turn(rec: Recorder, label: str, thread_id: str, text: str, reply: str, n: int = 3) -> None:
    rec.provider.reply(reply, n)
    since = rec.conn.mark()
    rec.result(label, "turn/start", {"threadId": thread_id, "input": _text(text)})
    rec.collect(label, since, "turn/completed")


def errors(rec: Recorder) -> None:
    """The error table: before initialize, bad params, unknown ids, bad cursors, odd ids."""
    rec.call("before_initialize", "thread/list", {})
    rec.call("initialize_missing_client_info", "initialize", {"capabilities": {}})
    _initialize(rec)
    rec.call("initialize_twice", "initialize", {"clientInfo": CLIENT_INFO})
    rec.call("unknown_method", "foo/bar", {})
    rec.send("missing_params", {"id": rec.conn.next_id(), "method": "thread/read"})
    rec.send("null_params", {"id": rec.conn.next_id(), "method": "thread/read", "params": None})
    rec.call("missing_thread_id", "thread/read", {})
    rec.call("limit_wrong_type", "thread/list", {"limit": "x"})
    rec.call("thread_id_wrong_type", "thread/read", {"threadId": 5})
    rec.call("negative_limit", "thread/list", {"limit": -1})
    rec.call("params_array", "thread/list", [1])
    rec.call("bad_sort_key", "thread/list", {"sortKey": "bogus"})
    rec.call("bad_sort_direction", "thread/list", {"sortDirection": "sideways"})
    rec.call("section_position_without_section", "thread/list", {"sortKey": "section_position"})
    rec.call("invalid_thread_id", "thread/read", {"threadId": "not-a-uuid"})
    rec.call("unknown_thread_read", "thread/read", {"threadId": UNKNOWN_THREAD})
    rec.call("unknown_thread_turns_list", "thread/turns/list", {"threadId": UNKNOWN_THREAD})
    rec.call("unknown_thread_resume", "thread/resume", {"threadId": UNKNOWN_THREAD})
    rec.call("unknown_thread_fork", "thread/fork", {"threadId": UNKNOWN_THREAD})
    rec.call(
        "unknown_thread_metadata",
        "thread/metadata/update",
        {"threadId": UNKNOWN_THREAD, "gitInfo": {"sha": "abc"}},
    )
    rec.call(
        "unknown_thread_turn_start",
        "turn/start",
        {"threadId": UNKNOWN_THREAD, "input": _text("hi")},
    )
    rec.call("turn_start_missing_input", "turn/start", {"threadId": UNKNOWN_THREAD})
    rec.call("unknown_thread_archive", "thread/archive", {"threadId": UNKNOWN_THREAD})
    rec.call("unknown_thread_unarchive", "thread/unarchive", {"threadId": UNKNOWN_THREAD})
    rec.call(
        "unknown_thread_name_set", "thread/name/set", {"threadId": UNKNOWN_THREAD, "name": "n"}
    )
    rec.call(
        "unknown_thread_interrupt",
        "turn/interrupt",
        {"threadId": UNKNOWN_THREAD, "turnId": UNKNOWN_THREAD},
    )
    rec.call("bad_cursor", "thread/list", {"cursor": "garbage"})
    rec.call("bad_cursor_uuid_part", "thread/list", {"cursor": "2026-01-01T00:00:00Z|nope"})
    rec.call("bad_excluded_thread_id", "thread/list", {"excludedThreadIds": ["nope"]})
    rec.call("originators_filter", "thread/list", {"originators": ["x"]})
    rec.call("unknown_params_fields_ignored", "thread/list", {"bogus": 1, "limit": 1})
    rec.send("string_id", {"id": "abc", "method": "thread/list", "params": {}})
    rec.send("negative_id", {"id": -7, "method": "thread/list", "params": {}})
    rec.send(
        "jsonrpc_member_accepted",
        {"jsonrpc": "2.0", "id": rec.conn.next_id(), "method": "thread/list", "params": {}},
    )
    rec.send(
        "unknown_top_level_member",
        {"id": rec.conn.next_id(), "method": "thread/list", "params": {}, "extra": 1},
    )


def thread_start(rec: Recorder) -> None:
    """thread/start with and without threadSource, before any turn (lazy persistence)."""
    _initialize(rec)
    rec.call("list_empty", "thread/list", {})
    plain = _start(rec, "start_plain", {})
    _start(rec, "start_with_source", {"threadSource": "probe"})
    rec.call("read_unmaterialized", "thread/read", {"threadId": plain})
    rec.call("turns_list_unmaterialized", "thread/turns/list", {"threadId": plain})
    rec.call("list_still_empty", "thread/list", {})


def turn(rec: Recorder) -> None:
    """Two turns on one thread, then read/list/turns-list views of it."""
    _initialize(rec)
    thread_id = _start(rec, "start", {"threadSource": "probe"})
    _turn(rec, "turn1", thread_id, "Say hello", "Hello from the mock", n=4)
    _turn(rec, "turn2", thread_id, "And again", "Second answer", n=2)
    rec.call("read", "thread/read", {"threadId": thread_id})
    since = rec.conn.mark()
    rec.call("read_include_turns", "thread/read", {"threadId": thread_id, "includeTurns": True})
    rec.collect("read_include_turns", since, "deprecationNotice")
    rec.call("list", "thread/list", {})
    rec.call("turns_list", "thread/turns/list", {"threadId": thread_id})
    rec.call(
        "turns_list_asc_1",
        "thread/turns/list",
        {"threadId": thread_id, "sortDirection": "asc", "limit": 1},
    )
    rec.call(
        "turns_list_not_loaded_view",
        "thread/turns/list",
        {"threadId": thread_id, "itemsView": "notLoaded"},
    )
    rec.call(
        "turns_list_full_view", "thread/turns/list", {"threadId": thread_id, "itemsView": "full"}
    )
    rec.call("turns_list_bad_cursor", "thread/turns/list", {"threadId": thread_id, "cursor": "zzz"})


def failures(rec: Recorder) -> None:
    """A 429 then success (retried), then a stream that fails mid-way on every attempt."""
    _initialize(rec)
    thread_id = _start(rec, "start", {})
    rec.provider.enqueue(HttpError.rate_limited(0))
    rec.provider.reply("after the rate limit", 2)
    since = rec.conn.mark()
    rec.result("turn_429", "turn/start", {"threadId": thread_id, "input": _text("first")})
    rec.collect("turn_429", since, "turn/completed")
    rec.provider.set_default(FailedStream())
    since = rec.conn.mark()
    rec.result("turn_failed", "turn/start", {"threadId": thread_id, "input": _text("second")})
    rec.collect("turn_failed", since, "turn/completed")
    rec.provider.set_default(HttpError(500))
    since = rec.conn.mark()
    rec.result("turn_http_500", "turn/start", {"threadId": thread_id, "input": _text("third")})
    rec.collect("turn_http_500", since, "turn/completed")
    rec.call("read_after_failures", "thread/read", {"threadId": thread_id})


def interrupt(rec: Recorder) -> None:
    """turn/interrupt while the model stream hangs."""
    _initialize(rec)
    thread_id = _start(rec, "start", {})
    rec.provider.enqueue(HangingStream(deltas=("thinking ",)))
    since = rec.conn.mark()
    turn_id = rec.result("turn", "turn/start", {"threadId": thread_id, "input": _text("wait")})[
        "turn"
    ]["id"]
    rec.conn.wait_for("item/agentMessage/delta", since=since, timeout=rec.timeout)
    rec.call("interrupt", "turn/interrupt", {"threadId": thread_id, "turnId": turn_id})
    rec.collect("turn", since, "turn/completed")
    rec.provider.release()
    rec.call("interrupt_again", "turn/interrupt", {"threadId": thread_id, "turnId": turn_id})
    rec.call("turns_list", "thread/turns/list", {"threadId": thread_id})


def fork_resume(rec: Recorder) -> None:
    """fork (with and without threadSource) and resume of a loaded thread."""
    _initialize(rec)
    source = _start(rec, "start", {"threadSource": "probe"})
    _turn(rec, "turn", source, "Say hello", "Hello there", n=2)
    since = rec.conn.mark()
    rec.result("fork_with_source", "thread/fork", {"threadId": source, "threadSource": "forked"})
    rec.collect("fork_with_source", since, "thread/started")
    since = rec.conn.mark()
    forked = rec.result("fork_default", "thread/fork", {"threadId": source})["thread"]["id"]
    rec.collect("fork_default", since, "thread/started")
    rec.call("read_fork", "thread/read", {"threadId": forked})
    rec.call("resume_loaded", "thread/resume", {"threadId": source})
    rec.call("list", "thread/list", {})


def restart(rec: Recorder) -> None:
    """A thread survives a server restart: read unloaded, list, resume (latest model/effort)."""
    _initialize(rec)
    thread_id = _start(rec, "start", {"threadSource": "probe"})
    rec.provider.reply("first", 1)
    since = rec.conn.mark()
    rec.result(
        "turn_override",
        "turn/start",
        {
            "threadId": thread_id,
            "input": _text("Say hello"),
            "model": "mock-model-2",
            "effort": "high",
        },
    )
    rec.collect("turn_override", since, "turn/completed")
    rec.server.restart()
    rec.conn = rec.server.connect()
    _initialize(rec, "initialize_after_restart")
    rec.call("read_unloaded", "thread/read", {"threadId": thread_id})
    rec.call("list", "thread/list", {})
    since = rec.conn.mark()
    rec.call("resume", "thread/resume", {"threadId": thread_id})
    rec.conn.wait_quiet(0.5)
    rec.notifications["resume"] = [
        m for m in rec.conn.notifications(since) if m.get("method") != "configWarning"
    ]
    rec.call("read_resumed", "thread/read", {"threadId": thread_id})


def metadata(rec: Recorder) -> None:
    """thread/metadata/update patch semantics and errors; name, archive, unarchive."""
    _initialize(rec)
    thread_id = _start(rec, "start", {})
    _turn(rec, "turn", thread_id, "Say hello", "Hi", n=1)

    def update(label: str, **params: Any) -> None:
        rec.call(label, "thread/metadata/update", {"threadId": thread_id, **params})

    update("set_sha", gitInfo={"sha": "abc123"})
    update("set_branch_trimmed", gitInfo={"branch": " main "})
    update("set_origin", gitInfo={"originUrl": "https://example.invalid/r.git"})
    update("clear_sha", gitInfo={"sha": None})
    update("clear_all", gitInfo={"branch": None, "originUrl": None})
    update("no_fields")
    update("git_info_null", gitInfo=None)
    update("git_info_empty", gitInfo={})
    update("empty_branch", gitInfo={"branch": "  "})
    update("empty_sha", gitInfo={"sha": ""})
    update("empty_origin", gitInfo={"originUrl": " "})
    rec.call(
        "invalid_thread_id",
        "thread/metadata/update",
        {"threadId": "nope", "gitInfo": {"sha": "a"}},
    )
    rec.call("name_set", "thread/name/set", {"threadId": thread_id, "name": "My thread"})
    rec.call("read_named", "thread/read", {"threadId": thread_id})
    since = rec.conn.mark()
    rec.call("archive", "thread/archive", {"threadId": thread_id})
    rec.collect("archive", since, "thread/archived")
    rec.call("list_archived", "thread/list", {"archived": True})
    rec.call("list_unarchived", "thread/list", {})
    since = rec.conn.mark()
    rec.call("unarchive", "thread/unarchive", {"threadId": thread_id})
    rec.collect("unarchive", since, "thread/unarchived")
    rec.call("list_after_unarchive", "thread/list", {})


SCENARIOS: dict[str, Scenario] = {
    "errors": errors,
    "thread_start": thread_start,
    "turn": turn,
    "failures": failures,
    "interrupt": interrupt,
    "fork_resume": fork_resume,
    "restart": restart,
    "metadata": metadata,
    **IDE_SCENARIOS,
    **SEARCH_SCENARIOS,
}


def run_scenario(
    name: str,
    *,
    kind: Kind,
    transport: Transport = "stdio",
    root: Path | None = None,
    schema: OfficialSchema | None = None,
    timeout: float = 20.0,
) -> tuple[Transcript, list[str]]:
    """Run one scenario on a fresh server; return its transcript and any schema problems."""
    root = root or Path(tempfile.mkdtemp(prefix=f"golden-{name}-"))
    with MockProvider() as provider:
        home = root / "home"
        write_config(home, provider.base_url, extra=IDE_SCENARIO_CONFIG.get(name, ""))
        server = ServerProcess(
            kind=kind, home=home, transport=transport, cwd=root / "work", schema=schema
        )
        with server:
            rec = Recorder(server, server.connect(), provider, timeout=timeout)
            started = time.monotonic()
            try:
                SCENARIOS[name](rec)
            except (TimeoutError, ConnectionError) as exc:
                rec.responses["__incomplete__"] = {
                    "error": f"scenario stopped after {time.monotonic() - started:.1f}s: {exc}\n"
                    f"server stderr tail:\n{server.stderr_text()[-1500:]}"
                }
            finally:
                provider.release()
        problems = list(server.iter_all_schema_errors())
        return rec.transcript(), problems


def dump(transcript: Transcript) -> str:
    return json.dumps(transcript, indent=1, ensure_ascii=False) + "\n"
