"""spindle's tool turns compared shape for shape with goldens recorded from the reference.

Each scenario of :mod:`tests.support.tool_golden` ran against ``codex app-server`` 0.169.0
(``tests/e2e/golden/tools/<scenario>.json``); here it runs against a real spindle process
over stdio and over ws, and :func:`~tests.support.tool_golden.shape_diff` lists every
difference: notification methods and order, keys and key order, JSON types, and the values
that name kinds and states. Every message is also checked against the official schema.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Transport, server_kind, spindle_only
from tests.support.sandbox import DENIED
from tests.support.schema import OfficialSchema
from tests.support.tool_golden import TOOL_GOLDEN_DIR, TOOL_SCENARIOS, run_tool_scenario, shape_diff

pytestmark = pytest.mark.requirement("R21")


def _golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TOOL_GOLDEN_DIR / f"{name}.json").read_text())
    return data


KNOWN_GAPS = {
    # Whether the response that created a goal is charged to it races in the reference (its
    # tools run while the stream goes on, and the recording charged it at the flush after
    # create_goal: two thread/goal/updated before the response's tokenUsage); spindle charges
    # a response before its tools run, so the new goal is charged from the next response.
    "goal": "the reference's goal accounting race is not reproduced",
}


@pytest.mark.parametrize("transport", ["stdio", "ws"])
@pytest.mark.parametrize(
    "scenario",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True))
        if name in KNOWN_GAPS
        else name
        for name in TOOL_SCENARIOS
    ],
)
def test_tool_turn_matches_the_reference_shape(
    scenario: str, transport: Transport, tmp_path: Path, official_schema: OfficialSchema
) -> None:
    transcript, problems = run_tool_scenario(
        scenario,
        kind=server_kind(),
        transport=transport,
        root=tmp_path / scenario,
        schema=official_schema,
    )
    assert not problems, "\n".join(problems[:40])
    differences = shape_diff(_golden(scenario), transcript)
    assert not differences, f"{scenario} differs from the reference:\n" + "\n".join(
        differences[:40]
    )


def test_goldens_exist_for_every_tool_scenario() -> None:
    assert sorted(p.stem for p in TOOL_GOLDEN_DIR.glob("*.json")) == sorted(TOOL_SCENARIOS)


# The transcript's `readonly` and `readonly-read` scenarios, once per Linux backend: the same
# items, statuses and exit codes as the reference. Only the denial's wording differs:
# bubblewrap's read-only mount says "Read-only file system" as the reference does, Landlock
# "Permission denied". (`exec-accept` under read-only: test_e2e_sandbox_backends.py; the
# exec_accept golden here was recorded with full access.)
SANDBOX_SCENARIOS = {
    "readonly_write": ("ro.txt", "touch: cannot touch 'ro.txt': "),
    "readonly_read": (None, "seed-content-42"),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux backends")
@pytest.mark.parametrize("backend", ["bwrap", "landlock"])
@pytest.mark.parametrize("scenario", list(SANDBOX_SCENARIOS))
def test_sandbox_scenarios_match_the_reference_on_each_backend(
    scenario: str, backend: str, tmp_path: Path, official_schema: OfficialSchema
) -> None:
    spindle_only("narrows spindle's sandbox to one backend")
    root = tmp_path / scenario
    transcript, problems = run_tool_scenario(
        scenario,
        kind="spindle",
        root=root,
        schema=official_schema,
        env={"SPINDLE_SANDBOX_BACKEND": backend},
    )
    assert not problems, "\n".join(problems[:40])
    differences = shape_diff(_golden(scenario), transcript)
    assert not differences, f"{scenario} on {backend} differs:\n" + "\n".join(differences[:40])
    (item,) = [
        m["params"]["item"]
        for m in transcript["notifications"]
        if m["method"] == "item/completed" and m["params"]["item"]["type"] == "commandExecution"
    ]
    written, expected = SANDBOX_SCENARIOS[scenario]
    if written is None:
        assert item["status"] == "completed" and expected in item["aggregatedOutput"]
    else:
        assert item["status"] == "failed"
        assert expected + DENIED[backend] in item["aggregatedOutput"]
        assert not (root / "work" / written).exists()
