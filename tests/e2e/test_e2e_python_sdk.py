"""The official Codex Python SDK (``openai-codex``) drives spindle as it drives ``codex``.

The SDK launches ``<codex_bin> app-server --listen stdio://`` and parses every response and
notification with its own generated pydantic models, so a shape it cannot read fails here.
Run with ``SPINDLE_E2E_SERVER=reference`` to check the tests themselves against the reference.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_codex import Codex, CodexConfig, Sandbox
from openai_codex.generated.v2_all import TurnStatus

from tests.support.client import API_KEY, API_KEY_ENV, server_kind, spindle_command, write_config
from tests.support.mock_provider import (
    FunctionCall,
    HangingStream,
    MockProvider,
    Scripted,
    TextReply,
    ToolCallsReply,
)
from tests.support.reference import codex_binary

pytestmark = [
    pytest.mark.requirement("R21"),
    # The SDK's close() leaves its pipe file objects to the garbage collector.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


@pytest.fixture
def codex(tmp_path: Path, mock_provider: MockProvider) -> Iterator[Codex]:
    kind = server_kind()
    # The reference sets up its sandbox helper only for a home outside the temp dir.
    root = tmp_path if kind == "spindle" else Path.home() / ".cache/spindle/sdk-e2e" / tmp_path.name
    home, work = root / "home", root / "work"
    work.mkdir(parents=True)
    write_config(home, mock_provider.base_url)
    binary = spindle_command()[0] if kind == "spindle" else str(codex_binary())
    env = {
        API_KEY_ENV: API_KEY,
        "SPINDLE_HOME" if kind == "spindle" else "CODEX_HOME": str(home),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    try:
        with Codex(CodexConfig(codex_bin=binary, cwd=str(work), env=env)) as client:
            yield client
    finally:
        if root != tmp_path:
            shutil.rmtree(root, ignore_errors=True)


def test_the_sdk_runs_turns_and_manages_threads(codex: Codex, mock_provider: MockProvider) -> None:
    user_agent = codex.metadata.userAgent
    assert user_agent is not None and user_agent.startswith("codex_python_sdk/0.169.0 ")
    mock_provider.set_default(TextReply.of("hello from the model"))
    thread = codex.thread_start()
    result = thread.run("hi")
    assert result.status == TurnStatus.completed
    assert result.final_response == "hello from the model"
    assert result.usage is not None and result.usage.total.total_tokens > 0

    thread.set_name("named")
    read = thread.read(include_turns=True)
    assert read.thread.name == "named"
    assert [turn.id for turn in read.thread.turns] == [result.id]

    fork = codex.thread_fork(thread.id)
    assert fork.id != thread.id
    second = fork.run("again")
    assert second.final_response == "hello from the model"
    listed = {t.id for t in codex.thread_list().data}
    assert {thread.id, fork.id} <= listed

    codex.thread_archive(thread.id)
    assert thread.id not in {t.id for t in codex.thread_list().data}
    assert thread.id in {t.id for t in codex.thread_list(archived=True).data}
    restored = codex.thread_unarchive(thread.id)
    assert restored.id == thread.id
    resumed = codex.thread_resume(thread.id)
    assert resumed.run("once more").final_response == "hello from the model"


def test_the_sdk_sees_a_sandboxed_command(codex: Codex, mock_provider: MockProvider) -> None:
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply(calls=(FunctionCall("exec_command", {"cmd": "echo sdk-ok"}),)),
            TextReply.of("ran it", n=1),
        )
    )
    thread = codex.thread_start(sandbox=Sandbox.read_only)
    result = thread.run("run echo")
    assert result.final_response == "ran it"
    commands = [item.root for item in result.items if item.root.type == "commandExecution"]
    assert len(commands) == 1
    command = commands[0]
    assert "echo sdk-ok" in command.command
    assert command.exit_code == 0
    assert command.aggregated_output is not None and "sdk-ok" in command.aggregated_output


def test_the_sdk_interrupts_a_streaming_turn(codex: Codex, mock_provider: MockProvider) -> None:
    mock_provider.enqueue(HangingStream(deltas=("thinking ",)))
    thread = codex.thread_start()
    handle = thread.turn("wait")
    methods: list[str] = []
    for event in handle.stream():
        methods.append(event.method)
        if event.method == "item/agentMessage/delta":
            handle.interrupt()
    mock_provider.release()
    assert methods[-1] == "turn/completed"
    read = thread.read(include_turns=True)
    assert [(turn.id, turn.status) for turn in read.thread.turns] == [
        (handle.id, TurnStatus.interrupted)
    ]
