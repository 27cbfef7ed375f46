"""Decode and validate Thread JSON: pydantic (the generated models) versus jsonschema.

Each of N JSON texts (default 10,000) is a full ``Thread`` with two turns, different ids and
previews. pydantic runs ``Thread.model_validate_json``; the baseline runs ``json.loads`` and
a ``jsonschema`` Draft 2020-12 validator over the same bundled schema/ definitions.
Prints both times and the ratio; asserts nothing.

Standalone: ``uv run python benches/bench_protocol.py [N]``; or ``nox -s bench -- protocol``.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import jsonschema
from spindle_protocol.models import Thread

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "packages" / "protocol" / "tests" / "wire" / "Thread__started.json"
DEFAULT_COUNT = 10_000


def _bundle() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location(
        "generate_protocol", ROOT / "scripts" / "generate_protocol.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bundle: dict[str, Any] = module.bundle()
    return bundle


def _turn(index: int) -> dict[str, Any]:
    turn_id = str(uuid.UUID(int=index * 7 + 1))
    return {
        "id": turn_id,
        "rootTurnId": turn_id,
        "items": [
            {
                "type": "userMessage",
                "id": str(uuid.UUID(int=index * 7 + 2)),
                "clientId": None,
                "content": [{"type": "text", "text": f"question {index}", "text_elements": []}],
                "startedAtMs": 1795897348001 + index,
                "completedAtMs": 1795897348002 + index,
            },
            {
                "type": "agentMessage",
                "moderation": None,
                "id": f"msg_{index}",
                "text": "An answer that is a little longer than the question. " * 3,
                "phase": None,
                "memoryCitation": None,
                "delivery": None,
                "questions": None,
                "startedAtMs": 1795897348100 + index,
                "completedAtMs": 1795897348160 + index,
            },
        ],
        "itemsView": "full",
        "status": "completed",
        "error": None,
        "startedAt": 1795897348,
        "completedAt": 1795897349,
        "durationMs": 58,
    }


def corpus(count: int) -> list[str]:
    """``count`` distinct Thread JSON texts."""
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    texts = []
    for index in range(count):
        thread_id = str(uuid.UUID(int=index + 10**30))
        thread = {
            **base,
            "id": thread_id,
            "sessionId": thread_id,
            "preview": f"thread number {index}",
            "gitInfo": {"sha": f"{index:040x}", "branch": "main", "originUrl": None},
            "turns": [_turn(2 * index), _turn(2 * index + 1)],
        }
        texts.append(json.dumps(thread, separators=(",", ":")))
    return texts


def _time(label: str, fn: Any, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    elapsed = time.perf_counter() - start
    per = elapsed / len(texts) * 1e6
    print(f"  {label:<36} {elapsed:8.3f} s total  {per:10.1f} µs/object")
    return elapsed


def main(count: int = DEFAULT_COUNT) -> None:
    """Print pydantic and jsonschema timings for ``count`` Threads, and their ratio."""
    texts = corpus(count)
    bundle = _bundle()
    validator = jsonschema.Draft202012Validator(
        {**bundle, "$ref": "#/$defs/Thread"}, format_checker=None
    )
    # both must agree that the data is valid before anything is timed
    Thread.model_validate_json(texts[0])
    validator.validate(json.loads(texts[0]))
    gc.collect()
    gc.freeze()  # long-lived objects out of the collector's way, as the server does
    print(f"decode + validate {count:,} Thread objects ({len(texts[0]):,} bytes each)")
    fast = _time("pydantic Thread.model_validate_json", Thread.model_validate_json, texts)
    slow = _time(
        "json.loads + jsonschema (2020-12)", lambda t: validator.validate(json.loads(t)), texts
    )
    gc.unfreeze()
    print(f"  ratio jsonschema / pydantic: {slow / fast:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_COUNT)
