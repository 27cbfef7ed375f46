"""Record what the reference sends the model: ``uv run python -m tests.support.record_model_request``.

Starts the reference ``codex app-server`` on stdio against the mock provider, runs one turn
("hi") in which the mock calls ``exec_command {"cmd": "echo hi"}`` and then answers with text,
and dumps the full JSON bodies (and headers) of both Responses requests to
``<out>/model_requests.json``, plus a mechanical summary in ``<out>/MODEL_REQUEST_NOTES.md``.

Two runs: ``full-access`` (thread/start with ``approvalPolicy: never`` and
``sandbox: danger-full-access``) and ``defaults`` (thread/start without overrides, so the
e2e config.toml applies: ``approval_policy = "never"``, ``sandbox_mode = "read-only"``).

The output folder (default ``/work/scratch-ref``, or the first argument) must not be under
the system temp dir: the reference does not install its sandbox helper there, and the
sandboxed run would fail. Each run's scratch home is recreated from scratch.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.support.client import ServerProcess, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import (
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)

DEFAULT_OUT = Path("/work/scratch-ref")
RUNS: dict[str, dict[str, Any]] = {
    "full-access": {"approvalPolicy": "never", "sandbox": "danger-full-access"},
    "defaults": {},
}
SHOWN_HEADERS_SKIP = {"authorization"}


def record_run(out: Path, name: str, thread_params: dict[str, Any]) -> dict[str, Any]:
    root = out / name
    if root.exists():
        shutil.rmtree(root)
    home, work = root / "home", root / "work"
    work.mkdir(parents=True)
    with MockProvider() as provider:
        provider.set_default(
            Scripted.tool_round_trip(
                ToolCallsReply.call("exec_command", {"cmd": "echo hi"}), TextReply.of("done")
            )
        )
        write_config(home, provider.base_url)
        with ServerProcess("reference", home, "stdio", cwd=work) as server:
            conn = server.connect()
            conn.initialize()
            # Should a run ask for approval after all, accept so the turn can finish.
            conn.on_request(
                "item/commandExecution/requestApproval", lambda m: {"decision": "accept"}
            )
            thread = start_thread(conn, **thread_params)
            run = run_turn(conn, thread["id"], "hi", timeout=120)
        requests = provider.response_requests
    return {
        "threadStartParams": thread_params,
        "turnStatus": run.status,
        "scratch": str(root),
        "requests": [_request_record(r) for r in requests],
    }


def _request_record(request: RecordedRequest) -> dict[str, Any]:
    headers = {
        k: ("<redacted>" if k in SHOWN_HEADERS_SKIP else v) for k, v in request.headers.items()
    }
    return {
        "method": request.method,
        "path": request.path,
        "headers": headers,
        "body": request.json,
    }


# --- notes --------------------------------------------------------------------------------

LONG_TEXT = 4000  # text parts longer than this are abbreviated in the notes


def _fence(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return f"````\n{text}\n````\n"


def _ends(text: str) -> str:
    return f"First 300 chars:\n{_fence(text[:300])}\nLast 300 chars:\n{_fence(text[-300:])}"


def _describe_item(index: int, item: dict[str, Any]) -> list[str]:
    kind = item.get("type", "message")
    if kind != "message":
        return [f"{index}. **{kind}**, exactly as sent:", "", _fence(item)]
    keys = ", ".join(f"`{k}`" for k in item)
    lines = [f"{index}. **message** role `{item.get('role')}`, id `{item.get('id')}` (keys {keys})"]
    for part in item.get("content") or []:
        text = str(part.get("text", ""))
        lines.append("")
        lines.append(f"   content part `{part.get('type')}`, {len(text)} chars:")
        lines.append("")
        if len(text) > LONG_TEXT:
            lines.append("   (abbreviated; full text in `model_requests.json`)")
            lines.append("")
            lines.append(_ends(text))
        else:
            lines.append(_fence(text))
    return lines


def _summary_value(key: str, value: Any) -> str:
    if key == "instructions" and isinstance(value, str):
        return f"string of {len(value)} chars.\n\n{_ends(value)}"
    if key == "tools" and isinstance(value, list):
        names = []
        for tool in value:
            name = tool.get("name") or tool.get("type")
            if tool.get("type") == "namespace":
                inner = ", ".join(t.get("name", "?") for t in tool.get("tools", []))
                name = f"{name} [{inner}]"
            extra = {k: v for k, v in tool.items() if k not in ("type", "name")}
            shown = json.dumps(extra) if tool.get("type") == "web_search" else tool.get("type")
            names.append(f"`{name}` ({shown})")
        return f"{len(value)} tools: " + ", ".join(names)
    if key == "input" and isinstance(value, list):
        return f"{len(value)} items (below)"
    return "`" + json.dumps(value, ensure_ascii=False) + "`"


def _request_notes(n: int, request: dict[str, Any], first: dict[str, Any] | None) -> list[str]:
    body = request["body"]
    lines = [f"### Request {n}: {request['method']} {request['path']}", ""]
    if first is None:
        lines += ["Headers, in order:", "", _fence(request["headers"]), "Body keys, in order:", ""]
        lines += [f"- `{key}`: {_summary_value(key, body[key])}" for key in body]
    else:
        changed = [
            k for k in request["headers"] if request["headers"][k] != first["headers"].get(k)
        ]
        lines.append(f"Headers: as request 1 except {', '.join(f'`{k}`' for k in changed)}.")
        same = list(body) == list(first["body"])
        lines.append(f"Body keys: {'the same, in the same order' if same else list(body)}.")
        for key in body:
            if key != "input" and body[key] != first["body"].get(key):
                lines.append(f"- `{key}` differs: {_summary_value(key, body[key])}")
    items = body.get("input") or []
    shared = 0
    if first is not None:
        for mine, theirs in zip(items, first["body"].get("input") or [], strict=False):
            if mine != theirs:
                break
            shared += 1
    lines += ["", "Input items:", ""]
    if shared:
        lines += [f"Items 1-{shared}: identical to request 1's input.", ""]
    for index, item in enumerate(items[shared:], start=shared + 1):
        lines += [*_describe_item(index, item), ""]
    return lines


def write_notes(out: Path, runs: dict[str, dict[str, Any]]) -> Path:
    lines = [
        "# What the reference codex 0.169.0 sends the model",
        "",
        "Generated by `tests/support/record_model_request.py`; the full bodies are in",
        "`model_requests.json` beside this file. The mock answered request 1 with a",
        '`function_call` `exec_command {"cmd": "echo hi"}` (id `fc_1`, call_id `call_1`) and',
        "request 2 with the text `done`. Config: the e2e `config.toml` (model `mock-model`,",
        'provider `mock`, `approval_policy = "never"`, `sandbox_mode = "read-only"`, offline',
        "features). The authorization header is redacted.",
        "",
    ]
    for name, run in runs.items():
        lines += [
            f"## Run `{name}`",
            "",
            f"thread/start params `{json.dumps(run['threadStartParams'])}`; turn "
            f"`{run['turnStatus']}`; {len(run['requests'])} Responses requests; scratch "
            f"`{run['scratch']}`.",
            "",
        ]
        first: dict[str, Any] | None = None
        for n, request in enumerate(run["requests"], start=1):
            lines += _request_notes(n, request, first)
            first = first or request
    path = out / "MODEL_REQUEST_NOTES.md"
    path.write_text("\n".join(lines))
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    if out.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve()):
        print(f"{out} is under the temp dir; the reference's sandbox helper would be missing")
        return 2
    out.mkdir(parents=True, exist_ok=True)
    runs = {name: record_run(out, name, params) for name, params in RUNS.items()}
    (out / "model_requests.json").write_text(json.dumps(runs, indent=2, ensure_ascii=False))
    notes = write_notes(out, runs)
    for name, run in runs.items():
        print(f"{name}: turn {run['turnStatus']}, {len(run['requests'])} requests")
    print(f"wrote {out / 'model_requests.json'} and {notes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
