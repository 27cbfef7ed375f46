"""Many existing rollouts for first-start tests and benches: clones of one real rollout.

A server (spindle or the reference) writes one real thread; its rollout file is then copied
``count`` times under fresh thread ids (UUIDv7, one second apart, in the past) into the same
``sessions/YYYY/MM/DD`` folder layout, as if a user brought an existing ``~/.codex`` folder.
The clones differ from the template only in their id, so every one is a valid rollout of
the writing server's own format.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

__all__ = ["clone_rollouts", "find_rollout", "uuid7"]


def uuid7(ms: int) -> str:
    raw = bytearray(os.urandom(16))
    raw[0:6] = ms.to_bytes(6, "big")
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return str(uuid.UUID(bytes=bytes(raw)))


def find_rollout(home: Path, thread_id: str) -> Path:
    """The rollout file of ``thread_id`` under ``home/sessions``."""
    (path,) = (home / "sessions").rglob(f"rollout-*{thread_id}.jsonl")
    return path


def clone_rollouts(template: Path, thread_id: str, count: int) -> list[str]:
    """Write ``count`` copies of ``template`` (the rollout of ``thread_id``) beside it."""
    first, rest = template.read_text(encoding="utf-8").split("\n", 1)
    meta = json.loads(first)
    start_ms = int(time.time() * 1000) - 10_000_000
    ids = []
    for n in range(count):
        ms = start_ms + n * 1000
        new_id = uuid7(ms)
        # Each clone is created at its own time, as real rollouts are.
        stamp = _rfc3339(ms)
        meta["timestamp"] = stamp
        if isinstance(meta.get("payload"), dict) and "timestamp" in meta["payload"]:
            meta["payload"]["timestamp"] = stamp
        text = json.dumps(meta, separators=(",", ":")) + "\n" + rest
        name = template.name.replace(thread_id, new_id)
        (template.parent / name).write_text(text.replace(thread_id, new_id), encoding="utf-8")
        ids.append(new_id)
    return ids


def _rfc3339(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z"
