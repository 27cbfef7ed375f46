"""Golden transcripts: normalise wire messages and diff them precisely.

A transcript is ``{"responses": {label: message}, "notifications": {label: [message...]}}``
recorded by a :class:`Recorder` while a scenario (see ``tests/support/scenarios.py``) drives
a server. ``normalise`` replaces what legitimately differs between runs and implementations:

- UUIDs -> ``<uuid-N>`` numbered by first appearance (so equal ids stay equal);
- the server home and working directory -> ``<home>`` / ``<cwd>``;
- unix timestamps and durations under known keys -> ``<ts>`` (``null`` stays ``null``);
- RFC 3339 times (cursors) -> ``<time>``; rollout file dates -> ``<date>``/``<stamp>``;
- ``cliVersion`` and the version inside ``userAgent`` -> ``<version>``.

:func:`diff` lists every difference with a JSON path: missing or extra keys (``null``
versus omitted), key order, list lengths and values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.client import DEFAULT_TIMEOUT, Connection, ServerProcess
from tests.support.mock_provider import MockProvider

__all__ = [
    "GOLDEN_DIR",
    "IGNORED_NOTIFICATIONS",
    "Recorder",
    "Transcript",
    "diff",
    "is_ignored",
    "load_golden",
    "normalise",
]

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "e2e" / "golden"

Transcript = dict[str, Any]

# Notifications that depend on the machine or on the reference's own services, not on the
# protocol: the bubblewrap sandbox warning, the remote-control status and the fallback
# model-metadata warning for the mock model. ``thread/readState/changed`` is sent by the
# reference only in some runs of the same scenario (a race in its read-receipt tracking).
# They are dropped from both sides.
IGNORED_NOTIFICATIONS = frozenset(
    {"configWarning", "remoteControl/status/changed", "thread/readState/changed"}
)


def is_ignored(msg: dict[str, Any]) -> bool:
    method = msg.get("method")
    if method in IGNORED_NOTIFICATIONS:
        return True
    if method == "warning":
        text = str((msg.get("params") or {}).get("message", ""))
        return text.startswith("Model metadata for")
    return False


_TIME_KEYS = frozenset(
    {
        "createdAt",
        "updatedAt",
        "recencyAt",
        "startedAt",
        "completedAt",
        "startedAtMs",
        "completedAtMs",
        "emittedAtMs",
        "durationMs",
        "sectionEnteredAt",
        "archivedAt",
        "lastActivityAt",
        "timeUsedSeconds",
    }
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")
_ROLLOUT_STAMP = re.compile(r"rollout-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-")
_SESSION_DATE = re.compile(r"sessions/\d{4}/\d\d/\d\d/")
_USER_AGENT_VERSION = re.compile(r"^([^/]+)/[^ ]+ ")


@dataclass
class _Normaliser:
    paths: list[tuple[str, str]]
    uuids: dict[str, str] = field(default_factory=dict)

    def text(self, value: str, key: str | None) -> str:
        if key == "cliVersion":
            return "<version>"
        if key == "userAgent":
            value = _USER_AGENT_VERSION.sub(r"\1/<version> ", value)
        for real, placeholder in self.paths:
            value = value.replace(real, placeholder)
        value = _ROLLOUT_STAMP.sub("rollout-<stamp>-", value)
        value = _SESSION_DATE.sub("sessions/<date>/", value)
        value = _RFC3339.sub("<time>", value)
        return _UUID.sub(self._uuid, value)

    def _uuid(self, match: re.Match[str]) -> str:
        real = match.group(0).lower()
        if real not in self.uuids:
            self.uuids[real] = f"<uuid-{len(self.uuids) + 1}>"
        return self.uuids[real]

    def walk(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {self.text(k, key=None): self.walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, key) for v in value]
        if isinstance(value, str):
            return self.text(value, key)
        if key in _TIME_KEYS and isinstance(value, int | float) and not isinstance(value, bool):
            return "<ts>"
        return value


def normalise(value: Any, paths: dict[Path | str, str]) -> Any:
    """A copy of ``value`` with run-specific data replaced by placeholders (see module doc)."""
    pairs: list[tuple[str, str]] = []
    for real, placeholder in paths.items():
        pairs.append((str(real), placeholder))
        resolved = str(Path(real).resolve())
        if resolved != str(real):
            pairs.append((resolved, placeholder))
    pairs.sort(key=lambda p: -len(p[0]))
    return _Normaliser(pairs).walk(value)


_PLACEHOLDER = re.compile(r"(<uuid-\d+>)")


def _same_text(expected: str, actual: str, bindings: dict[str, str]) -> bool:
    """Equal, treating ``<uuid-N>`` placeholders as ids that must map one-to-one.

    Both sides number their UUIDs by first appearance, so one extra id early in a
    transcript would shift every later number; a consistent bijection is what matters.
    """
    e_parts = _PLACEHOLDER.split(expected)
    a_parts = _PLACEHOLDER.split(actual)
    if len(e_parts) != len(a_parts):
        return False
    pending: dict[str, str] = {}
    for i, (e, a) in enumerate(zip(e_parts, a_parts, strict=True)):
        if i % 2 == 0:
            if e != a:
                return False
            continue
        bound = bindings.get(e, pending.get(e))
        if bound is None:
            taken = set(bindings.values()) | set(pending.values())
            if a in taken:
                return False
            pending[e] = a
        elif bound != a:
            return False
    bindings.update(pending)
    return True


def diff(
    expected: Any, actual: Any, path: str = "$", bindings: dict[str, str] | None = None
) -> list[str]:
    """Every difference between two normalised JSON values, each with its JSON path."""
    if bindings is None:
        bindings = {}
    out: list[str] = []
    if isinstance(expected, dict) and isinstance(actual, dict):
        actual_keys = {_rename(k, bindings): k for k in actual}
        for key in expected:
            if key not in actual_keys:
                out.append(
                    f"{path}.{key}: omitted, the reference sends {json.dumps(expected[key])[:120]}"
                )
        expected_set = set(expected)
        for renamed, key in actual_keys.items():
            if renamed not in expected_set:
                out.append(
                    f"{path}.{key}: sent ({json.dumps(actual[key])[:120]}), the reference omits it"
                )
        common_expected = [k for k in expected if k in actual_keys]
        common_actual = [r for r in actual_keys if r in expected_set]
        # Maps keyed by ids (readStates) are hash maps in the reference: order is random.
        keyed_by_id = all(k.startswith("<uuid-") for k in common_expected)
        if common_expected != common_actual and not keyed_by_id:
            out.append(f"{path}: key order {common_actual}, the reference uses {common_expected}")
        for key in common_expected:
            out.extend(diff(expected[key], actual[actual_keys[key]], f"{path}.{key}", bindings))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(actual)} entries, the reference has {len(expected)}")
        for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
            out.extend(diff(e, a, f"{path}[{i}]", bindings))
        return out
    if isinstance(expected, str) and isinstance(actual, str):
        if not _same_text(expected, actual, bindings):
            out.append(
                f"{path}: got {json.dumps(actual)[:200]}, the reference has {json.dumps(expected)[:200]}"
            )
        return out
    if type(expected) is not type(actual) or expected != actual:
        out.append(
            f"{path}: got {json.dumps(actual)[:200]}, the reference has {json.dumps(expected)[:200]}"
        )
    return out


def _rename(key: str, bindings: dict[str, str]) -> str:
    """An actual-side dict key in expected-side placeholder numbering (when already bound)."""
    inverse = {a: e for e, a in bindings.items()}
    return _PLACEHOLDER.sub(lambda m: inverse.get(m.group(1), m.group(1)), key)


def load_golden(name: str) -> Transcript:
    path = GOLDEN_DIR / f"{name}.json"
    data: Transcript = json.loads(path.read_text())
    return data


@dataclass
class Recorder:
    """Drives one scenario on one server and keeps what the golden comparison needs."""

    server: ServerProcess
    conn: Connection
    provider: MockProvider
    responses: dict[str, Any] = field(default_factory=dict)
    notifications: dict[str, list[Any]] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT

    def call(self, label: str, method: str, params: Any = None) -> dict[str, Any]:
        """Send a request, record and return the whole response message."""
        if label in self.responses:
            raise ValueError(f"duplicate label {label}")
        msg = self.conn.request(method, params, timeout=self.timeout)
        self.responses[label] = msg
        return msg

    def result(self, label: str, method: str, params: Any = None) -> Any:
        msg = self.call(label, method, params)
        if "result" not in msg:
            raise AssertionError(f"{label}: {method} failed: {msg}")
        return msg["result"]

    def note(self, label: str, value: Any) -> None:
        """Record something observed outside the wire (a file's text) under ``label``."""
        if label in self.responses:
            raise ValueError(f"duplicate label {label}")
        self.responses[label] = value

    def send(self, label: str, request: dict[str, Any]) -> dict[str, Any]:
        """Send a hand-built request (odd shapes for the error table); record the response."""
        rid = self.conn.send_request(request)
        msg = self.conn.response(rid, self.timeout)
        self.responses[label] = msg
        return msg

    def collect(
        self,
        label: str,
        since: int,
        until: str,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[Any]:
        """Record the notifications from ``since`` up to and including ``until``."""
        last = self.conn.wait_for(until, predicate, since=since, timeout=self.timeout)
        found: list[Any] = []
        for msg in self.conn.notifications(since):
            if not is_ignored(msg):
                found.append(msg)
            if msg is last:
                break
        self.notifications[label] = found
        return found

    def transcript(self) -> Transcript:
        paths: dict[Path | str, str] = {self.server.home: "<home>"}
        if self.server.cwd is not None:
            paths[self.server.cwd] = "<cwd>"
        paths[self.provider.base_url] = "<mock-provider>"
        raw = {"responses": self.responses, "notifications": self.notifications}
        result: Transcript = normalise(raw, paths)
        return result
