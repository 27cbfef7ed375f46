"""Golden transcripts of the agent loop's tool scenarios, compared shape for shape.

Each scenario runs one turn in which the mock model calls tools (``exec_command`` under
``never``, approvals declined and accepted, the read-only sandbox, ``request_user_input``
in both modes, ``view_image``, ``web_search``, a goal tool), with the client answering any
server request. Its transcript holds what a client and the model observe:

- ``notifications``: the turn's notifications, from ``turn/start`` to ``turn/completed``
  (machine-dependent ones dropped, as in :mod:`tests.support.golden`);
- ``server_requests``: the requests the server sent the client;
- ``model_saw``: the tool items of the model's last request (calls, outputs, searches).

Record from the reference with ``uv run python -m tests.support.tool_golden [NAME...]``
(into ``tests/e2e/golden/tools/``; the scratch root must be outside the temp dir, where the
reference's sandbox helper is missing). ``tests/e2e/test_e2e_tool_golden.py`` runs the same
scenarios on spindle and compares with :func:`shape_diff`: the same notification methods in
the same order (a run of output deltas counts once: chunking depends on timing), and every
message with the same keys in the same order, the same JSON types (``null`` is not a
string), and the same values for the keys that name kinds and states (:data:`EXACT_KEYS`).
Text the command prints, ids, times and token counts may differ.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.client import Kind, Message, ServerProcess, Transport, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.golden import is_ignored, normalise
from tests.support.mock_provider import (
    Behaviour,
    FunctionCall,
    ItemsReply,
    MockProvider,
    Scripted,
    TextMessage,
    TextReply,
    ToolCallsReply,
    WebSearchCall,
)
from tests.support.schema import OfficialSchema

__all__ = [
    "EXACT_KEYS",
    "TOOL_GOLDEN_DIR",
    "TOOL_SCENARIOS",
    "ToolScenario",
    "run_tool_scenario",
    "shape_diff",
]

TOOL_GOLDEN_DIR = Path(__file__).resolve().parent.parent / "e2e" / "golden" / "tools"

# Keys whose values are compared, not only their types: kinds, states and flags.
EXACT_KEYS = frozenset(
    {
        "method",
        "type",
        "status",
        "source",
        "activeFlags",
        "exitCode",
        "itemId",
        "kind",
        "name",
        "call_id",
        "detail",
        "isOther",
        "isSecret",
        "isBlocking",
        "mode",
        "query",
        "path",
        "command",
        "commandActions",
        "availableDecisions",
        "proposedExecpolicyAmendment",
        "itemsView",
    }
)

FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}
UNTRUSTED = {"sandbox": "danger-full-access", "approvalPolicy": "untrusted"}
READ_ONLY = {"sandbox": "read-only", "approvalPolicy": "never"}
PLAN: dict[str, Any] = {
    "collaborationMode": {
        "mode": "plan",
        "settings": {
            "model": "mock-model",
            "reasoning_effort": None,
            "developer_instructions": None,
        },
    }
}
QUESTIONS = {
    "questions": [
        {
            "id": "pick",
            "header": "Pick",
            "question": "Which one?",
            "options": [
                {"label": "A (Recommended)", "description": "The first."},
                {"label": "B", "description": "The second."},
            ],
        }
    ]
}
# A 2x2 PNG, as Pillow writes it.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkaPjPwMDAxMDAwMDAAAARHwGDXcgNqQAAAABJRU5ErkJggg=="
)


def _round_trip(first: Behaviour) -> Scripted:
    return Scripted.tool_round_trip(first, TextReply.of("done", n=1))


def _calls(*calls: FunctionCall) -> Scripted:
    return _round_trip(ToolCallsReply(calls=calls))


def _seed(work: Path) -> None:
    (work / "seed.txt").write_text("seed-content-42\n")
    (work / "dot.png").write_bytes(PNG)


@dataclass(frozen=True)
class ToolScenario:
    """One turn: thread/start params, the model's script, turn/start extras, answers."""

    thread: Mapping[str, Any]
    reply: Callable[[], Behaviour]
    turn: Mapping[str, Any] = field(default_factory=dict)
    answers: Mapping[str, Callable[[Message], Any]] = field(default_factory=dict)


TOOL_SCENARIOS: dict[str, ToolScenario] = {
    "exec_never": ToolScenario(
        FULL_ACCESS,
        lambda: _calls(FunctionCall("exec_command", {"cmd": "echo hello-from-tool"}, call_id="c1")),
    ),
    "exec_decline": ToolScenario(
        UNTRUSTED,
        lambda: _calls(FunctionCall("exec_command", {"cmd": "touch declined.txt"}, call_id="c2")),
        answers={"item/commandExecution/requestApproval": lambda m: {"decision": "decline"}},
    ),
    "exec_accept": ToolScenario(
        UNTRUSTED,
        lambda: _calls(FunctionCall("exec_command", {"cmd": "touch accepted.txt"}, call_id="c3")),
        answers={"item/commandExecution/requestApproval": lambda m: {"decision": "accept"}},
    ),
    "readonly_write": ToolScenario(
        READ_ONLY,
        lambda: _calls(FunctionCall("exec_command", {"cmd": "touch ro.txt"}, call_id="c4")),
    ),
    "readonly_read": ToolScenario(
        READ_ONLY,
        lambda: _calls(FunctionCall("exec_command", {"cmd": "cat seed.txt"}, call_id="c5")),
    ),
    "user_input_default": ToolScenario(
        READ_ONLY,
        lambda: _calls(FunctionCall("request_user_input", QUESTIONS, call_id="u1")),
    ),
    "user_input_plan": ToolScenario(
        READ_ONLY,
        lambda: _calls(FunctionCall("request_user_input", QUESTIONS, call_id="u2")),
        turn=PLAN,
        answers={"item/tool/requestUserInput": lambda m: {"answers": {"pick": {"answers": ["B"]}}}},
    ),
    "view_image": ToolScenario(
        READ_ONLY,
        lambda: _calls(
            FunctionCall("view_image", {"path": "dot.png"}, call_id="v1"),
            FunctionCall("view_image", {"path": "missing.png"}, call_id="v2"),
        ),
    ),
    "web_search": ToolScenario(
        READ_ONLY,
        lambda: _round_trip(
            ItemsReply(
                items=(
                    WebSearchCall("spindle", item_id="ws_1"),
                    WebSearchCall(
                        item_id="ws_2", action={"type": "open_page", "url": "https://example.com"}
                    ),
                    TextMessage("searched"),
                    FunctionCall("view_image", {"path": "dot.png"}, call_id="v3"),
                )
            )
        ),
    ),
    "goal": ToolScenario(
        FULL_ACCESS,
        lambda: _calls(FunctionCall("create_goal", {"objective": "say hi twice"}, call_id="g1")),
    ),
}

_MODEL_ITEM_TYPES = ("function_call", "function_call_output", "web_search_call")


def run_tool_scenario(
    name: str,
    *,
    kind: Kind,
    transport: Transport = "stdio",
    root: Path | None = None,
    schema: OfficialSchema | None = None,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Run one scenario on a fresh server (``env``: extra server environment); its
    normalised transcript and schema problems."""
    scenario = TOOL_SCENARIOS[name]
    root = root or Path(tempfile.mkdtemp(prefix=f"tool-golden-{name}-"))
    home, work = root / "home", root / "work"
    work.mkdir(parents=True, exist_ok=True)
    _seed(work)
    with MockProvider() as provider:
        write_config(home, provider.base_url)
        provider.set_default(scenario.reply())
        server = ServerProcess(
            kind=kind, home=home, transport=transport, cwd=work, schema=schema, env=dict(env or {})
        )
        with server:
            conn = server.connect()
            conn.initialize()
            for method, answer in scenario.answers.items():
                conn.on_request(method, answer)
            thread = start_thread(conn, **scenario.thread)
            since = conn.mark()
            run = run_turn(conn, thread["id"], "go", timeout=timeout, **scenario.turn)
            requests = conn.server_requests(since)
        last = provider.response_requests[-1]
        problems = list(server.iter_all_schema_errors())
    raw = {
        "notifications": [m for m in run.notifications if not is_ignored(m)],
        "server_requests": requests,
        "model_saw": [i for i in last.input_items() if i.get("type") in _MODEL_ITEM_TYPES],
    }
    transcript: dict[str, Any] = normalise(raw, {home: "<home>", work: "<cwd>"})
    return transcript, problems


# --- comparison ---------------------------------------------------------------------------

_OUTPUT_NUMBERS = (
    (re.compile(r"Chunk ID: [0-9a-f]{6}"), "Chunk ID: <chunk>"),
    (re.compile(r"Wall time: \d+\.\d{4} seconds"), "Wall time: <wall>"),
    (re.compile(r"Original token count: \d+"), "Original token count: <n>"),
    (re.compile(r"session ID \d+"), "session ID <n>"),
)


def _collapse(notifications: list[Message]) -> list[Message]:
    """Consecutive output deltas of one item count once (their chunking is timing)."""
    out: list[Message] = []
    for msg in notifications:
        if (
            out
            and msg.get("method") == "item/commandExecution/outputDelta"
            and out[-1].get("method") == msg["method"]
        ):
            continue
        out.append(msg)
    return out


def _model_text(value: str) -> str:
    """A tool output's header with its run-specific numbers replaced, the output dropped."""
    for pattern, placeholder in _OUTPUT_NUMBERS:
        value = pattern.sub(placeholder, value)
    head, sep, _ = value.partition("\nOutput:\n")
    return head + sep


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _shape(expected: Any, actual: Any, path: str, exact: bool, out: list[str]) -> None:
    if _json_type(expected) != _json_type(actual):
        out.append(f"{path}: {_json_type(actual)}, the reference has {_json_type(expected)}")
        return
    if isinstance(expected, dict):
        if list(expected) != list(actual):
            out.append(f"{path}: keys {list(actual)}, the reference has {list(expected)}")
        for key in expected:
            if key in actual:
                _shape(expected[key], actual[key], f"{path}.{key}", exact or key in EXACT_KEYS, out)
        return
    if isinstance(expected, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(actual)} entries, the reference has {len(expected)}")
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            _shape(e, a, f"{path}[{i}]", exact, out)
        return
    if exact and expected != actual and not _same_id(expected, actual):
        out.append(
            f"{path}: {json.dumps(actual)[:160]}, the reference has {json.dumps(expected)[:160]}"
        )


def _same_id(expected: Any, actual: Any) -> bool:
    """Placeholder ids (``<uuid-N>``) number by first appearance: any id matches any."""
    pattern = re.compile(r"<uuid-\d+>")
    return (
        isinstance(expected, str)
        and isinstance(actual, str)
        and pattern.sub("<id>", expected) == pattern.sub("<id>", actual)
    )


def shape_diff(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Every difference in shape between two tool transcripts (see the module doc)."""
    out: list[str] = []
    e_notes, a_notes = _collapse(expected["notifications"]), _collapse(actual["notifications"])
    e_methods = [m["method"] for m in e_notes]
    a_methods = [m["method"] for m in a_notes]
    if e_methods != a_methods:
        out.append(f"notification methods {a_methods}, the reference sends {e_methods}")
    else:
        for i, (e, a) in enumerate(zip(e_notes, a_notes, strict=True)):
            _shape(e, a, f"{e['method']}#{i}", exact=False, out=out)
    e_requests, a_requests = expected["server_requests"], actual["server_requests"]
    if [r["method"] for r in e_requests] != [r["method"] for r in a_requests]:
        out.append("server requests differ in methods")
    else:
        for i, (e, a) in enumerate(zip(e_requests, a_requests, strict=True)):
            _shape(e, a, f"request {e['method']}#{i}", exact=False, out=out)
    e_saw, a_saw = _model_items(expected["model_saw"]), _model_items(actual["model_saw"])
    _shape(e_saw, a_saw, "model_saw", exact=False, out=out)
    return out


def _model_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The model's tool items with outputs compared exactly, their run numbers replaced."""
    out = []
    for item in items:
        item = dict(item)
        output = item.get("output")
        if isinstance(output, str):
            item["output"] = _model_text(output)
            item["output_text"] = item.pop("output")
        out.append(item)
    return out


# --- recording ----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """Record the goldens from the reference (scratch folders under ``/work/scratch-tool-golden``
    or ``$SPINDLE_TOOL_GOLDEN_SCRATCH``, outside the temp dir)."""
    import os

    from tests.support.reference import REFERENCE_PACKAGE, generate_schema

    scratch = Path(os.environ.get("SPINDLE_TOOL_GOLDEN_SCRATCH", "/work/scratch-tool-golden"))
    schema = OfficialSchema(generate_schema(Path(tempfile.mkdtemp(prefix="official-schema-"))))
    TOOL_GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for name in argv or list(TOOL_SCENARIOS):
        root = scratch / name
        if root.exists():
            import shutil

            shutil.rmtree(root)
        transcript, problems = run_tool_scenario(name, kind="reference", root=root, schema=schema)
        body = {"recordedFrom": REFERENCE_PACKAGE, "scenario": name, **transcript}
        (TOOL_GOLDEN_DIR / f"{name}.json").write_text(
            json.dumps(body, indent=1, ensure_ascii=False) + "\n"
        )
        print(
            f"{name}: {len(transcript['notifications'])} notifications, schema problems: {problems}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
