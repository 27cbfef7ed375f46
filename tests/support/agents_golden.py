"""Golden transcripts of sub-agent scenarios, compared shape for shape per thread.

A scenario is one user turn whose model spawns sub-agents (and may wait for, message, close
and resume them); the children are served by the same mock model. Parent and child
notifications interleave by timing, so the transcript keeps one list per thread:

- ``threads``: for the user's thread and each child in order of appearance, its
  notifications (those naming the thread, machine-dependent ones dropped) from
  ``turn/start`` until every expected turn completed;
- ``model_saw``: the tool items of the parent model's last request;
- ``outputs``: each tool output the parent model received, parsed when it is JSON.

Record from the reference with ``uv run python -m tests.support.agents_golden [NAME...]``
(into ``tests/e2e/golden/agents/``, scratch under ``/work/scratch-agents-golden``).
``tests/e2e/test_e2e_agents.py`` runs the scenarios on spindle and compares each thread with
:func:`tests.support.tool_golden.shape_diff`, and the outputs with :func:`output_diff` (the
same members in the same order, the same JSON types, the same status values; ids, nicknames
and texts may differ).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.client import Kind, Message, ServerProcess, Transport, write_config
from tests.support.flows import start_thread
from tests.support.golden import is_ignored, normalise
from tests.support.mock_provider import (
    Behaviour,
    FunctionCall,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)
from tests.support.schema import OfficialSchema

__all__ = ["AGENT_GOLDEN_DIR", "AGENT_SCENARIOS", "output_diff", "run_agent_scenario"]

AGENT_GOLDEN_DIR = Path(__file__).resolve().parent.parent / "e2e" / "golden" / "agents"
READ_ONLY = {"sandbox": "read-only", "approvalPolicy": "never"}
V1 = "multi_agent_v1"


NOTIFICATION = "<subagent_notification>"


def _task(request: RecordedRequest) -> str:
    """The latest user task (a child's completion notification is not one)."""
    texts = [
        text
        for role, text in request.conversation()
        if role == "user" and not text.startswith(NOTIFICATION)
    ]
    return texts[-1] if texts else ""


def _call(name: str, call_id: str, **arguments: Any) -> ToolCallsReply:
    return ToolCallsReply(calls=(FunctionCall(name, arguments, call_id=call_id, namespace=V1),))


def _spawned(request: RecordedRequest) -> str:
    """The agent id the first spawn of the parent's turn answered."""
    output = request.function_call_outputs().get("s1")
    return str(json.loads(output)["agent_id"]) if isinstance(output, str) else ""


def _spawn_script(request: RecordedRequest) -> Behaviour:
    """The transcript's scenario: one spawn, then a text; the child says done."""
    if _task(request).startswith("[spawn-child]"):
        return TextReply.of("done.", n=1, item_id="msg_child")
    if "s1" in request.function_call_outputs():
        return TextReply.of("hi from the child.", n=1, item_id="msg_parent")
    return _call("spawn_agent", "s1", message="[spawn-child] say hi", agent_type="default")


def _lifecycle_script(request: RecordedRequest) -> Behaviour:
    """Spawn, wait for the child, close it, message the closed child, resume it."""
    if _task(request).startswith("[child]"):
        return TextReply.of("child done", n=1, item_id="msg_child")
    outputs = request.function_call_outputs()
    agent = _spawned(request)
    if "s1" not in outputs:
        return _call("spawn_agent", "s1", message="[child] work")
    if "w1" not in outputs:
        return _call("wait_agent", "w1", targets=[agent], timeout_ms=30_000)
    if "c1" not in outputs:
        return _call("close_agent", "c1", target=agent)
    if "i1" not in outputs:
        return _call("send_input", "i1", target=agent, message="[child] again")
    if "r1" not in outputs:
        return _call("resume_agent", "r1", id=agent)
    return TextReply.of("finished", n=1, item_id="msg_parent")


@dataclass(frozen=True)
class AgentScenario:
    """The parent model's script and how many child turns the scenario runs."""

    script: Callable[[RecordedRequest], Behaviour]
    child_turns: int


AGENT_SCENARIOS: dict[str, AgentScenario] = {
    "spawn": AgentScenario(_spawn_script, child_turns=1),
    "lifecycle": AgentScenario(_lifecycle_script, child_turns=1),
}


def _thread_of(message: Message) -> str | None:
    params = message.get("params")
    if not isinstance(params, dict):
        return None
    if isinstance(params.get("threadId"), str):
        return str(params["threadId"])
    thread = params.get("thread")
    if isinstance(thread, dict) and isinstance(thread.get("id"), str):
        return str(thread["id"])
    return None


def _parsed(output: Any) -> Any:
    if isinstance(output, str):
        try:
            return json.loads(output)
        except ValueError:
            return output
    return output


def run_agent_scenario(
    name: str,
    *,
    kind: Kind,
    transport: Transport = "stdio",
    root: Path | None = None,
    schema: OfficialSchema | None = None,
    timeout: float = 60.0,
) -> tuple[dict[str, Any], list[str]]:
    """Run one scenario on a fresh server; its normalised transcript and schema problems."""
    scenario = AGENT_SCENARIOS[name]
    root = root or Path(tempfile.mkdtemp(prefix=f"agents-golden-{name}-"))
    home, work = root / "home", root / "work"
    work.mkdir(parents=True, exist_ok=True)
    with MockProvider() as provider:
        write_config(home, provider.base_url)
        provider.set_default(Scripted(scenario.script))
        server = ServerProcess(kind=kind, home=home, transport=transport, cwd=work, schema=schema)
        with server:
            conn = server.connect()
            conn.initialize()
            parent = start_thread(conn, **READ_ONLY)["id"]
            since = conn.mark()
            turn = conn.call(
                "turn/start",
                {"threadId": parent, "input": [{"type": "text", "text": f"[{name}] go"}]},
            )["turn"]
            conn.wait_for(
                "turn/completed",
                lambda m: m["params"]["turn"]["id"] == turn["id"],
                since=since,
                timeout=timeout,
            )
            deadline = time.monotonic() + timeout
            while True:
                child_done = [
                    m
                    for m in conn.notifications(since, "turn/completed")
                    if m["params"]["threadId"] != parent
                ]
                if len(child_done) >= scenario.child_turns or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            conn.wait_quiet(1.0, timeout=timeout)
            notes = [m for m in conn.notifications(since) if not is_ignored(m)]
        parent_requests = [
            r for r in provider.response_requests if r.json.get("prompt_cache_key") == parent
        ]
        last = parent_requests[-1]
        outputs: dict[str, Any] = {}
        for request in parent_requests:
            outputs.update(request.function_call_outputs())
        problems = list(server.iter_all_schema_errors())
    order: list[str] = []
    for message in notes:
        thread_id = _thread_of(message)
        if thread_id is not None and thread_id not in order:
            order.append(thread_id)
    if parent in order:
        order.remove(parent)
    order.insert(0, parent)
    threads = [[m for m in notes if _thread_of(m) == thread_id] for thread_id in order]
    raw = {
        "threads": threads,
        "model_saw": [
            i
            for i in last.input_items()
            if i.get("type") in ("function_call", "function_call_output")
        ],
        "outputs": {call_id: _parsed(output) for call_id, output in sorted(outputs.items())},
    }
    transcript: dict[str, Any] = normalise(raw, {home: "<home>", work: "<cwd>"})
    return transcript, problems


# --- comparison ---------------------------------------------------------------------------

# Values compared exactly in tool outputs: agent statuses and flags.
_EXACT_VALUES = frozenset({"pending_init", "running", "interrupted", "shutdown", "not_found"})


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _output_shape(expected: Any, actual: Any, path: str, out: list[str]) -> None:
    if _type(expected) != _type(actual):
        out.append(
            f"{path}: {json.dumps(actual)[:160]}, the reference has {json.dumps(expected)[:160]}"
        )
        return
    if isinstance(expected, dict):
        e_keys = [k if not k.startswith("<uuid-") else "<id>" for k in expected]
        a_keys = [k if not k.startswith("<uuid-") else "<id>" for k in actual]
        if e_keys != a_keys:
            out.append(f"{path}: keys {list(actual)}, the reference has {list(expected)}")
            return
        for (ek, ev), av in zip(expected.items(), actual.values(), strict=True):
            _output_shape(ev, av, f"{path}.{ek}", out)
        return
    if isinstance(expected, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(actual)} entries, the reference has {len(expected)}")
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            _output_shape(e, a, f"{path}[{i}]", out)
        return
    if isinstance(expected, bool) and expected != actual:
        out.append(f"{path}: {actual}, the reference has {expected}")
    if (expected in _EXACT_VALUES or actual in _EXACT_VALUES) and expected != actual:
        out.append(f"{path}: {actual!r}, the reference has {expected!r}")


def output_diff(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Differences between the tool outputs two runs gave the parent model."""
    out: list[str] = []
    if list(expected) != list(actual):
        out.append(f"tool outputs for {list(actual)}, the reference has {list(expected)}")
    for call_id in expected:
        if call_id in actual:
            _output_shape(expected[call_id], actual[call_id], call_id, out)
    return out


# --- recording ----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """Record the goldens from the reference (scratch under ``/work/scratch-agents-golden``)."""
    import os
    import shutil

    from tests.support.reference import REFERENCE_PACKAGE, generate_schema

    scratch = Path(os.environ.get("SPINDLE_AGENTS_GOLDEN_SCRATCH", "/work/scratch-agents-golden"))
    schema = OfficialSchema(generate_schema(Path(tempfile.mkdtemp(prefix="official-schema-"))))
    AGENT_GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for name in argv or list(AGENT_SCENARIOS):
        root = scratch / name
        if root.exists():
            shutil.rmtree(root)
        transcript, problems = run_agent_scenario(name, kind="reference", root=root, schema=schema)
        body = {"recordedFrom": REFERENCE_PACKAGE, "scenario": name, **transcript}
        (AGENT_GOLDEN_DIR / f"{name}.json").write_text(
            json.dumps(body, indent=1, ensure_ascii=False) + "\n"
        )
        counts = [len(t) for t in transcript["threads"]]
        print(f"{name}: notifications per thread {counts}, schema problems: {problems}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
