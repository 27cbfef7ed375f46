"""Dependencies between our packages point one way, checked by import-linter.

``spindle_protocol`` <- ``spindle_state`` <- ``spindle_memories`` <- ``spindle_app_server``,
``spindle_protocol`` <- ``spindle_sandbox`` <- ``spindle_app_server``, and
``argument_comment_lint`` imports none of them (and none imports it). Inside
``spindle_state`` the table families (``threads``, ``logs``, ``goals``, ``jobs``, ``agents``)
stand on ``core`` and never on each other. In ``spindle_app_server`` the transport imports
no handler and the handlers import no transport module, and in every package the
subpackages and modules import each other without a cycle (imports under
``TYPE_CHECKING`` are annotations and do not count). The contracts live in
the root ``pyproject.toml`` (``[tool.importlinter]``); ``nox -s lint`` runs them too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "spindle_protocol",
    "spindle_state",
    "spindle_memories",
    "spindle_sandbox",
    "spindle_app_server",
    "argument_comment_lint",
)
STATE_SUBPACKAGES = ("core", "threads", "logs", "goals", "jobs", "agents")
APP_SERVER_SUBPACKAGES = ("transport", "handlers", "turns", "agents")


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "import-linter is not installed (it is in the dev group)"
    return subprocess.run(
        [exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.requirement("R20")
def test_every_import_contract_is_kept() -> None:
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "12 kept, 0 broken" in done.stdout


def _stub_packages(root: Path, upward: dict[str, str]) -> None:
    """One tiny package per name (and the state subpackages); ``upward[pkg]`` is a module
    ``pkg`` imports."""
    modules = [
        *PACKAGES,
        *(f"spindle_state.{sub}" for sub in STATE_SUBPACKAGES),
        *(f"spindle_app_server.{sub}" for sub in APP_SERVER_SUBPACKAGES),
    ]
    for name in modules:
        pkg = root.joinpath(*name.split("."))
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        target = upward.get(name)
        (pkg / "mod.py").write_text(f"import {target}\n" if target else "import os\n")


@pytest.mark.parametrize(
    ("upward", "broken"),
    [
        ({"spindle_state": "spindle_app_server"}, "protocol <- state <- memories <- app-server"),
        ({"spindle_sandbox": "spindle_state"}, "sandbox and state know nothing of each other"),
        ({"spindle_memories": "spindle_sandbox"}, "memories does not import the sandbox"),
        ({"argument_comment_lint": "spindle_protocol"}, "the linter stands alone"),
        (
            {"spindle_state.goals": "spindle_state.threads"},
            "state: the table families stand on core, never on each other",
        ),
        ({"spindle_state.core": "spindle_state.logs"}, "state: core knows no table family"),
        (
            {"spindle_app_server.transport": "spindle_app_server.handlers"},
            "the transport imports no handler",
        ),
        (
            {"spindle_app_server.handlers": "spindle_app_server.transport"},
            "handlers import no transport",
        ),
        (
            {
                "spindle_app_server.turns": "spindle_app_server.agents",
                "spindle_app_server.agents": "spindle_app_server.turns",
            },
            "no cycles between the subpackages of a package",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, upward: dict[str, str], broken: str
) -> None:
    _stub_packages(tmp_path, upward)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = _lint_imports(tmp_path, env)
    assert done.returncode != 0
    assert f"{broken} BROKEN" in done.stdout, done.stdout
