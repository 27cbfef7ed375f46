"""spindle's wire output compared with golden transcripts recorded from the reference.

Each scenario of ``tests/support/scenarios.py`` ran against ``codex app-server`` 0.169.0 and
its normalised transcript is stored in ``tests/e2e/golden/<scenario>.json``. Here the same
scenario runs against a real spindle process (once per transport) and every recorded
response and notification list is compared: field names, null versus omitted, key order,
values, error codes and messages, notification names and order. Each label is its own test,
so a failure names the exact request or notification batch that differs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Transport, server_kind
from tests.support.golden import GOLDEN_DIR, Transcript, diff, load_golden
from tests.support.scenarios import SCENARIOS, run_scenario
from tests.support.schema import OfficialSchema

GOLDENS: dict[str, Transcript] = {name: load_golden(name) for name in SCENARIOS}

RESPONSE_CASES = [
    pytest.param(name, label, id=f"{name}:{label}")
    for name, golden in GOLDENS.items()
    for label in golden["responses"]
]
NOTIFICATION_CASES = [
    pytest.param(name, label, id=f"{name}:{label}")
    for name, golden in GOLDENS.items()
    for label in golden["notifications"]
]

Outcome = tuple[Transcript, list[str]] | str


class _Runs:
    """Runs each scenario at most once per transport, on first use."""

    def __init__(self, root: Path, transport: Transport, schema: OfficialSchema) -> None:
        self.root = root
        self.transport = transport
        self.schema = schema
        self.done: dict[str, Outcome] = {}

    def get(self, name: str) -> tuple[Transcript, list[str]]:
        if name not in self.done:
            try:
                self.done[name] = run_scenario(
                    name,
                    kind=server_kind(),
                    transport=self.transport,
                    root=self.root / name,
                    schema=self.schema,
                    timeout=30.0,
                )
            except Exception as exc:  # the server did not even start: report it per test
                self.done[name] = f"{type(exc).__name__}: {exc}"
        outcome = self.done[name]
        if isinstance(outcome, str):
            pytest.fail(f"scenario {name!r} could not run: {outcome}", pytrace=False)
        return outcome


@pytest.fixture(scope="module", params=["stdio", "ws"])
def runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    official_schema: OfficialSchema,
) -> _Runs:
    return _Runs(tmp_path_factory.mktemp(f"golden-{request.param}"), request.param, official_schema)


def _fail(problems: list[str], what: str, expected: Any, actual: Any) -> None:
    if problems:
        detail = "\n".join(problems[:40])
        pytest.fail(
            f"{what} differs from the reference:\n{detail}\n\nreference: "
            f"{json.dumps(expected)[:1500]}\nspindle:   {json.dumps(actual)[:1500]}",
            pytrace=False,
        )


@pytest.mark.parametrize(("scenario", "label"), RESPONSE_CASES)
def test_response_matches_reference(runs: _Runs, scenario: str, label: str) -> None:
    transcript, _ = runs.get(scenario)
    expected = GOLDENS[scenario]["responses"][label]
    actual = transcript["responses"].get(label)
    if actual is None:
        stopped = transcript["responses"].get("__incomplete__", {}).get("error", "")
        pytest.fail(f"spindle sent no response for {label!r}. {stopped}", pytrace=False)
    _fail(diff(expected, actual), f"{scenario}:{label} response", expected, actual)


@pytest.mark.parametrize(("scenario", "label"), NOTIFICATION_CASES)
def test_notification_order_matches_reference(runs: _Runs, scenario: str, label: str) -> None:
    transcript, _ = runs.get(scenario)
    expected = [m["method"] for m in GOLDENS[scenario]["notifications"][label]]
    actual = [m["method"] for m in transcript["notifications"].get(label, [])]
    assert actual == expected, f"{scenario}:{label} notification order"


@pytest.mark.parametrize(("scenario", "label"), NOTIFICATION_CASES)
def test_notification_payloads_match_reference(runs: _Runs, scenario: str, label: str) -> None:
    transcript, _ = runs.get(scenario)
    expected = GOLDENS[scenario]["notifications"][label]
    actual = transcript["notifications"].get(label, [])
    by_method: dict[str, list[Any]] = {}
    for msg in actual:
        by_method.setdefault(msg["method"], []).append(msg)
    problems: list[str] = []
    seen: dict[str, int] = {}
    bindings: dict[str, str] = {}
    for msg in expected:
        # Compare the n-th notification of each method, so one missing or extra notification
        # does not make every later payload look different.
        n = seen.get(msg["method"], 0)
        seen[msg["method"]] = n + 1
        candidates = by_method.get(msg["method"], [])
        if n >= len(candidates):
            problems.append(f"{msg['method']} #{n + 1}: not sent")
            continue
        problems.extend(diff(msg, candidates[n], f"{msg['method']}#{n + 1}", bindings))
    _fail(problems, f"{scenario}:{label} notifications", expected, actual)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_scenario_messages_match_official_schema(runs: _Runs, scenario: str) -> None:
    _, problems = runs.get(scenario)
    assert not problems, "\n".join(problems[:40])


def test_goldens_exist_for_every_scenario() -> None:
    assert sorted(p.stem for p in GOLDEN_DIR.glob("*.json")) == sorted(SCENARIOS)
