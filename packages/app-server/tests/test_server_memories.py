"""Memories end to end: real server processes, the mock model, real SQLite, git and sandbox.

A first server (memories off) records two conversations; their rows are then aged past the
idle threshold. A second server with ``[features] memories`` on runs the pipeline after a
non-empty ``turn/start``: phase 1 asks the mock model for each old rollout's memory
(strict JSON schema), phase 2 runs the consolidation agent as an ephemeral spindle thread
whose command really edits the memory files, inside a sandbox that refuses writes outside
the memories folder. Later threads get the memory summary in their developer message, their
citations count as uses, and deleting a thread forgets its memory.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dulwich.repo import Repo
from spindle_memories import STAGE_ONE_SCHEMA_NAME, stage_one_output_schema
from spindle_state import MemoryMode, open_memory_store

from tests.support.client import (
    API_KEY,
    API_KEY_ENV,
    Connection,
    ServerProcess,
    spindle_command,
)
from tests.support.mock_provider import (
    Behaviour,
    FunctionCall,
    HangingStream,
    ItemsReply,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextMessage,
    TextReply,
    ToolCallsReply,
    WebSearchCall,
)

StartServer = Callable[..., ServerProcess]
STARTUP_TIMEOUT = 180.0
MEMORIES_CONFIG = "\n[memories]\nmin_rollout_idle_hours = 1\n"
# `[features]` is written by the test config already; the flag comes from the command line.
MEMORIES_ON: dict[str, Any] = {
    "extra_config": MEMORIES_CONFIG,
    "extra_args": ("--enable", "memories"),
}
FINISHED = "memory startup finished"


def _initialize(conn: Connection) -> None:
    conn.call(
        "initialize",
        {
            "clientInfo": {"name": "probe", "version": "0"},
            "capabilities": {"experimentalApi": True},
        },
        timeout=STARTUP_TIMEOUT,
    )
    conn.notify("initialized")


def _turn(conn: Connection, thread_id: str, text: str) -> dict[str, Any]:
    since = conn.mark()
    params = {"threadId": thread_id, "input": [{"type": "text", "text": text}]}
    turn: dict[str, Any] = conn.call("turn/start", params)["turn"]
    done = conn.wait_for(
        "turn/completed",
        lambda m: m["params"]["turn"]["id"] == turn["id"],
        since=since,
        timeout=60,
    )
    completed: dict[str, Any] = done["params"]["turn"]
    return completed


def _wait_for_stderr(server: ServerProcess, needle: str, count: int = 1) -> str:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        text = server.stderr_text()
        if text.count(needle) >= count:
            return text
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not logged {count}x:\n{server.stderr_text()[-4000:]}")


def _poll(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _is_stage_one(request: RecordedRequest) -> bool:
    text = request.json.get("text")
    return isinstance(text, dict) and text.get("format", {}).get("type") == "json_schema"


def _is_consolidation(request: RecordedRequest) -> bool:
    return any(
        role == "user" and "phase2_workspace_diff.md" in text
        for role, text in request.input_texts()
    )


def _developer_text(request: RecordedRequest) -> str:
    return "\n".join(text for role, text in request.input_texts() if role == "developer")


class Model:
    """The mock model's script: stage-one JSON, the consolidation agent's tool call, and
    plain replies (citing a memory when asked to)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        # Beside the test's folder: in /tmp (pytest's tmp_path) but outside the memories.
        self.tmp_escape = home.parent.parent / f"{home.parent.name}-escaped.txt"
        self.agent_command = (
            "printf 'v1\\nThe user likes teal and uses uv.\\n' > memory_summary.md"
            " && printf '# Task Group: preferences\\nscope: user\\n' > MEMORY.md"
            f" && (touch {home}/escaped.txt 2>/dev/null && echo WROTE-OUTSIDE"
            " || echo DENIED-OUTSIDE)"
            f" && (touch {self.tmp_escape} 2>/dev/null && echo WROTE-TMP || echo DENIED-TMP)"
        )
        self.cite: str | None = None
        self.hang_agent = False
        self.hang_stage_one = False

    def __call__(self, request: RecordedRequest) -> Behaviour:
        if _is_stage_one(request):
            if self.hang_stage_one:
                return HangingStream()
            rollout = request.input_texts()[-1][1]
            topic = "teal" if "teal" in rollout else "uv"
            answer = {
                "raw_memory": f"The user talked about {topic}.",
                "rollout_summary": f"A conversation about {topic}.",
                "rollout_slug": f"about-{topic}",
            }
            return TextReply.of(json.dumps(answer))
        if _is_consolidation(request):
            if self.hang_agent:
                return HangingStream()
            if request.ends_with_tool_output():
                return TextReply.of("Memories consolidated.")
            return ToolCallsReply(
                calls=(FunctionCall("exec_command", {"cmd": self.agent_command}),)
            )
        if self.cite is not None:
            return TextReply.of(f"Teal, as before <oai-mem-citation>{self.cite}</oai-mem-citation>")
        return TextReply.of("Hello from mock")


def _age_threads(home: Path, thread_ids: list[str], hours: float) -> None:
    """Make the threads look idle for ``hours`` (their SQLite rows' update times)."""
    now_ms = int(time.time() * 1000)
    with sqlite3.connect(home / "state.sqlite") as db:
        for offset, thread_id in enumerate(thread_ids):
            stamp = now_ms - int(hours * 3_600_000) - offset * 1000
            db.execute("UPDATE threads SET updated_at_ms = ? WHERE id = ?", (stamp, thread_id))
    db.close()


def _history_then(
    start_server: StartServer, provider: MockProvider, tmp_path: Path, **model_flags: bool
) -> tuple[Path, Model, list[str]]:
    """Two recorded conversations, then the mock model scripted with ``model_flags`` set."""
    home = tmp_path / "home"
    model = Model(home)
    provider.set_default(Scripted(model))
    ids = _record_history(start_server, home)
    for name, value in model_flags.items():
        setattr(model, name, value)
    return home, model, ids


def _memories_turn(start_server: StartServer, home: Path, text: str) -> ServerProcess:
    """A server with memories on, and a turn on a new thread that starts the pipeline."""
    server = start_server("stdio", home=home, **MEMORIES_ON)
    conn = server.connect()
    _initialize(conn)
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    _turn(conn, thread_id, text)
    return server


def _record_history(start_server: StartServer, home: Path) -> list[str]:
    server = start_server("stdio", home=home)
    conn = server.connect()
    _initialize(conn)
    ids = []
    for text in ("My favourite colour is teal.", "I manage Python projects with uv."):
        thread_id = conn.call("thread/start", {})["thread"]["id"]
        assert _turn(conn, thread_id, text)["status"] == "completed"
        ids.append(thread_id)
    assert server.shutdown() == 0
    # Memories are off by default (as the reference): nothing ran.
    assert FINISHED not in server.stderr_text()
    assert not (home / "memories").exists()
    assert server.stderr_path is not None
    server.stderr_path.unlink()  # the next server's log starts empty
    _age_threads(home, ids, hours=2)
    return ids


def _commits(root: Path) -> int:
    with Repo(str(root)) as repo:
        return sum(1 for _ in repo.get_walker())


@pytest.mark.requirement("R2")
@pytest.mark.requirement("R4")
@pytest.mark.requirement("R15")
def test_pipeline_runs_after_real_input_and_new_threads_use_the_memories(
    start_server: StartServer, provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    model = Model(home)
    provider.set_default(Scripted(model))
    teal_id, uv_id = _record_history(start_server, home)

    server = start_server("stdio", home=home, **MEMORIES_ON)
    conn = server.connect()
    _initialize(conn)
    # Thread start, an empty turn and an ephemeral thread's turn never start it.
    current = conn.call("thread/start", {})["thread"]["id"]
    conn.call("turn/start", {"threadId": current, "input": []})
    conn.wait_for("turn/completed")
    ephemeral = conn.call("thread/start", {"ephemeral": True})["thread"]["id"]
    _turn(conn, ephemeral, "a title please")

    before = len(provider.requests)
    _turn(conn, current, "Hello again")
    log = _wait_for_stderr(server, FINISHED)
    # None of the above started a run (a background task, so checked once this one ended):
    # one run only, started by this turn, and no trigger was skipped for a running one.
    starts = [line for line in log.splitlines() if "memory startup started" in line]
    assert len(starts) == 1 and f"thread_id={current}" in starts[0], starts
    assert "memory startup already running" not in log
    assert log.count(FINISHED) == 1
    assert "phase2 outcome=Claimed status=succeeded " in log, log[-3000:]

    requests = provider.requests[before:]
    stage_one = [r for r in requests if _is_stage_one(r)]
    assert len(stage_one) == 2
    for request in stage_one:
        body = request.json
        # The strict answer format, named as the pipeline's request names it.
        assert body["text"] == {
            "format": {
                "type": "json_schema",
                "name": STAGE_ONE_SCHEMA_NAME,
                "schema": stage_one_output_schema(),
                "strict": True,
            }
        }
        assert set(body["text"]["format"]["schema"]["required"]) == {
            "raw_memory",
            "rollout_summary",
            "rollout_slug",
        }
        assert body["reasoning"]["effort"] == "low"
        assert body["instructions"]
        assert [role for role, _ in request.input_texts()] == ["user"]
        assert "Hello again" not in request.input_texts()[0][1]  # never the current thread

    root = home / "memories"
    agent = [r for r in requests if _is_consolidation(r)]
    assert len(agent) == 2  # the tool call, then the answer to its output
    first = agent[0]
    assert not {"spawn_agent", "multi_agent_v1", "collaboration"} & set(first.tool_names())
    assert "exec_command" in first.tool_names()
    developer = _developer_text(first)
    assert "`never`" in developer and "workspace-write" in developer
    assert "MEMORY_SUMMARY BEGINS" not in developer  # memories are off for the agent
    assert f"<cwd>{root}</cwd>" in "\n".join(t for _, t in first.input_texts())
    output = str(next(iter(agent[1].function_call_outputs().values())))
    # The sandbox let the agent write its files and refused the write outside the folder.
    assert "DENIED-OUTSIDE" in output and "WROTE-OUTSIDE" not in output
    assert not (home / "escaped.txt").exists()
    # Nor in /tmp (excluded from the writable roots), though the memories folder is in it.
    assert "DENIED-TMP" in output and not model.tmp_escape.exists()

    assert (root / "memory_summary.md").read_text().startswith("v1\n")
    assert (root / "MEMORY.md").read_text().startswith("# Task Group:")
    raw = (root / "raw_memories.md").read_text()
    assert "The user talked about teal." in raw and "The user talked about uv." in raw
    summaries = sorted(p.name for p in (root / "rollout_summaries").iterdir())
    assert len(summaries) == 2
    assert not (root / "phase2_workspace_diff.md").exists()
    assert _commits(root) == 1  # the baseline was replaced by one fresh commit

    with open_memory_store(home) as memories:
        outputs = {o.thread_id: o for o in memories.list_stage1_outputs()}
        assert set(outputs) == {teal_id, uv_id}
        assert all(o.selected_for_phase2 for o in outputs.values())
        jobs = {(j.kind, j.job_key): j for j in memories.list_jobs()}
    assert all(job.status.value == "done" for job in jobs.values())

    # A new thread carries the summary; citing a memory counts as a use.
    teal_file = next(name for name in summaries if name.endswith("about_teal.md"))
    model.cite = f"rollout_summaries/{teal_file}"
    fresh = conn.call("thread/start", {})["thread"]["id"]
    before = len(provider.requests)
    _turn(conn, fresh, "What colour do I like?")
    request = provider.requests[before]
    developer = _developer_text(request)
    assert "MEMORY_SUMMARY BEGINS\nv1\nThe user likes teal and uses uv.\nMEMORY_SUMMARY ENDS" in (
        developer
    )
    assert "oai-mem-citation" in developer

    def cited() -> bool:
        with open_memory_store(home) as memories:
            output = memories.get_stage1_output(teal_id)
        return output is not None and output.usage_count == 1

    _poll(cited, "the citation to be recorded")

    # Deleting a thread forgets its memory data.
    conn.call("thread/delete", {"threadId": uv_id})

    def forgotten() -> bool:
        with open_memory_store(home) as memories:
            return memories.get_stage1_output(uv_id) is None

    _poll(forgotten, "the deleted thread's memory to be forgotten")
    # One run per process at a time, and a successful run starts the cooldown.
    _turn(conn, fresh, "And now?")
    log = _wait_for_stderr(server, FINISHED, count=2)
    assert "phase2 outcome=SkippedCooldown" in log
    assert server.shutdown() == 0


def test_threads_started_without_memory_generation_are_disabled(
    start_server: StartServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    server = start_server(
        "stdio", home=home, extra_config="\n[memories]\ngenerate_memories = false\n"
    )
    conn = server.connect()
    _initialize(conn)
    thread_id = conn.call("thread/start", {})["thread"]["id"]
    _turn(conn, thread_id, "Hello")
    assert server.shutdown() == 0
    with open_memory_store(home) as memories:
        assert memories.get_memory_mode(thread_id) is MemoryMode.DISABLED


def test_a_web_search_pollutes_the_thread_with_disable_on_external_context(
    start_server: StartServer, provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    server = start_server(
        "stdio",
        home=home,
        extra_config="\n[memories]\nno_memories_if_mcp_or_web_search = true\n",
    )
    conn = server.connect()
    _initialize(conn)
    searched = conn.call("thread/start", {})["thread"]["id"]
    plain = conn.call("thread/start", {})["thread"]["id"]
    provider.enqueue(ItemsReply(items=(WebSearchCall(query="spindle"), TextMessage("Found."))))
    _turn(conn, searched, "Search the web")
    _turn(conn, plain, "Hello")

    def polluted() -> bool:
        with open_memory_store(home) as memories:
            return memories.get_memory_mode(searched) is MemoryMode.POLLUTED

    _poll(polluted, "the thread to be marked polluted")
    assert server.shutdown() == 0
    with open_memory_store(home) as memories:
        assert memories.get_memory_mode(plain) is MemoryMode.ENABLED


@pytest.mark.requirement("R4")
def test_shutdown_interrupts_a_running_consolidation_agent(
    start_server: StartServer, provider: MockProvider, tmp_path: Path
) -> None:
    home, _, _ = _history_then(start_server, provider, tmp_path, hang_agent=True)
    server = _memories_turn(start_server, home, "Hello again")
    _wait_for_stderr(server, "memory consolidation agent started")
    provider.wait_hanging()
    assert server.shutdown(timeout=30) == 0
    log = server.stderr_text()
    assert "memory consolidation agent thread_id=" in log
    assert re.search(r"memory consolidation agent thread_id=\S+ interrupted", log), log[-3000:]
    # The agent did not complete: a recorded failure, as any other end of it.
    with open_memory_store(home) as memories:
        job = memories.get_job("memory_consolidate_global", "global")
    assert job is not None
    assert (job.status.value, job.last_error, job.lease_until) == ("error", "failed_agent", None)


@pytest.mark.requirement("R4")
def test_shutdown_during_phase_one_gives_the_claims_back(
    start_server: StartServer, provider: MockProvider, tmp_path: Path
) -> None:
    home, model, ids = _history_then(start_server, provider, tmp_path, hang_stage_one=True)
    server = _memories_turn(start_server, home, "Hello again")
    provider.wait_hanging()  # a stage-one request is waiting for the model
    assert server.shutdown(timeout=30) == 0
    # Both claims were given back unfinished: no lease, no backoff, no retry spent ...
    with open_memory_store(home) as memories:
        jobs = [memories.get_job("memory_stage1", tid) for tid in ids]
    for job in jobs:
        assert job is not None
        assert (job.status.value, job.last_error) == ("error", "cancelled")
        assert (job.lease_until, job.retry_at, job.retry_remaining) == (None, None, 3)

    # ... so the next server's run claims them again at once.
    model.hang_stage_one = False
    assert server.stderr_path is not None
    server.stderr_path.unlink()  # the next server's log starts empty
    server = _memories_turn(start_server, home, "Hello once more")
    log = _wait_for_stderr(server, FINISHED)
    for tid in ids:
        assert f"{tid}:Claimed" in log and f"{tid}:succeeded_with_output" in log, log[-3000:]


def _spindle(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SPINDLE_DATABASE_URL"}
    env.update(
        {
            "SPINDLE_HOME": str(home),
            API_KEY_ENV: API_KEY,
            "NO_PROXY": "127.0.0.1,localhost",
            "COLUMNS": "200",  # rich tables wrap at 80 columns without a terminal
        }
    )
    return subprocess.run(
        [*spindle_command(), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_memories_cli_runs_the_pipeline_and_shows_the_jobs(
    start_server: StartServer, provider: MockProvider, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    provider.set_default(Scripted(Model(home)))
    teal_id, uv_id = _record_history(start_server, home)
    (home / "config.toml").write_text((home / "config.toml").read_text() + MEMORIES_CONFIG)

    done = _spindle(home, "memories", "run", "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert sorted(c["threadId"] for c in report["phase1"]["claims"]) == sorted([teal_id, uv_id])
    assert {c["outcome"] for c in report["phase1"]["claims"]} == {"Claimed"}
    assert {j["status"] for j in report["phase1"]["jobs"]} == {"succeeded_with_output"}
    phase2 = report["phase2"]
    assert (phase2["outcome"], phase2["status"]) == ("Claimed", "succeeded")
    assert {c["path"] for c in phase2["changes"]} >= {"raw_memories.md"}
    assert phase2["agentThreadId"]
    assert (home / "memories" / "memory_summary.md").read_text().startswith("v1\n")

    shown = _spindle(home, "memories", "status", "--json")
    assert shown.returncode == 0, shown.stderr[-3000:]
    status = json.loads(shown.stdout)
    assert status["stage1Outputs"] == 2 and status["selectedForPhase2"] == 2
    assert {(j["kind"], j["status"]) for j in status["jobs"]} == {
        ("memory_stage1", "done"),
        ("memory_consolidate_global", "done"),
    }
    table = _spindle(home, "memories", "status")
    assert table.returncode == 0 and "memory_consolidate_global" in table.stdout
    # Finish times in words, not unix stamps.
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", table.stdout), table.stdout

    # A second run right away: everything is up to date and phase 2 is cooling down.
    again = _spindle(home, "memories", "run")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "phase 2: SkippedCooldown" in again.stdout


def test_memories_status_of_a_home_without_memories_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "missing-home"
    shown = _spindle(home, "memories", "status", "--json")
    assert shown.returncode == 0, shown.stderr[-3000:]
    assert json.loads(shown.stdout) == {"jobs": [], "stage1Outputs": 0, "selectedForPhase2": 0}
    table = _spindle(home, "memories", "status")
    assert table.returncode == 0, table.stderr[-3000:]
    assert "stage-1 outputs: 0" in table.stdout
    assert not home.exists()
