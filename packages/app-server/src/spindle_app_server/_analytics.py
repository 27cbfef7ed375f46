"""Local analytics events: a JSONL file in the spindle home, mirrored to the logs.

Only ``thread_initialized`` is emitted. It carries ``thread_source`` exactly as the client
gave it (null when omitted, never inferred from ``source``). Nothing leaves the machine.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["ANALYTICS_FILE", "Analytics"]

ANALYTICS_FILE = "analytics.jsonl"

log = logging.getLogger("spindle_app_server.analytics")


class Analytics:
    """Appends one JSON object per event to ``<home>/analytics.jsonl``."""

    def __init__(self, home: Path) -> None:
        self.path = home / ANALYTICS_FILE
        self._lock = threading.Lock()

    def thread_initialized(
        self,
        *,
        thread_id: str,
        session_id: str,
        thread_source: str | None,
        model: str,
        model_provider: str,
        source: str,
        originator: str,
        initialization_mode: str,
        forked_from_id: str | None = None,
    ) -> dict[str, Any]:
        """Record that a thread was started, forked or resumed in this process."""
        from spindle_state import format_rollout_timestamp  # not on a start's path

        ts_ms = time.time_ns() // 1_000_000
        event: dict[str, Any] = {
            "event_type": "thread_initialized",
            "thread_id": thread_id,
            "session_id": session_id,
            "forked_from_id": forked_from_id,
            "thread_source": thread_source,
            "model": model,
            "model_provider": model_provider,
            "source": source,
            "originator": originator,
            "initialization_mode": initialization_mode,
            "timestamp": format_rollout_timestamp(ts_ms),
            "timestamp_ms": ts_ms,
        }
        self._write(event)
        log.info(
            "analytics event thread_initialized thread_id=%s thread_source=%s model=%s "
            "source=%s initialization_mode=%s",
            thread_id,
            json.dumps(thread_source),
            model,
            source,
            initialization_mode,
            extra={"thread_id": thread_id, "analytics_event": event},
        )
        return event

    def _write(self, event: dict[str, Any]) -> None:
        data = (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
            except OSError:
                log.exception("writing %s failed", self.path)

    def close(self) -> None:
        """Nothing is buffered; present for symmetry with other sinks."""
