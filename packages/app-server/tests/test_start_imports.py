"""What a start imports before it can answer ``initialize``.

The stdio server answers ``initialize`` with only its transport and handshake loaded,
and config.toml not yet read (it is read and checked, with tomlkit and jsonschema, while
the server loads); the protocol models (pydantic), the state database (SQLAlchemy, Alembic) and the
model SDK load afterwards (see ``spindle_app_server._main``). Importing any of them on that
path would delay every ``initialize``: this runs the imports of that path in a fresh
interpreter and looks at what came along.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Loaded only once the server loads the rest of itself, after the handshake.
NOT_BEFORE_INITIALIZE = (
    "alembic",
    "httpx",
    "jsonschema",
    "openai",
    "pydantic",
    "spindle_protocol.models",
    "spindle_state.threads._store",
    "sqlalchemy",
    "tomlkit",
)


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("module", NOT_BEFORE_INITIALIZE)
def test_the_handshake_path_does_not_import(module: str) -> None:
    loaded = _modules_after(
        "import spindle_app_server.cli, spindle_app_server._main\n"
        "from spindle_app_server.transport import serve_stdio\n"
        "from spindle_app_server._handshake import light_initialize_params, initialize\n"
        "light_initialize_params({'clientInfo': {'name': 'x', 'version': '1'}})\n"
        "from spindle_app_server._config import load_config\n"
        "load_config(check=False)\n"
    )
    assert module not in loaded


# The memories pipeline (its phases, prompts and git workspace) loads on first use: a
# start, thread/start and turn/start never run it (its startup runs after a turn, on a
# worker thread), so a loaded server has not imported it.
NOT_WHEN_LOADED = (
    "spindle_memories._phase1",
    "spindle_memories._phase2",
    "spindle_memories._pipeline",
    "spindle_memories._prompts",
    "spindle_memories._startup",
    "spindle_memories._workspace",
)


@pytest.mark.parametrize("module", NOT_WHEN_LOADED)
def test_a_loaded_server_has_not_imported_the_memories_pipeline(module: str) -> None:
    loaded = _modules_after(
        "from spindle_app_server import handlers, _memory_trigger\n"
        "from spindle_app_server._main import _build_turn_models\n"
        "_build_turn_models()\n"
    )
    assert "spindle_app_server.handlers.turn" in loaded
    assert "spindle_memories" in loaded
    assert module not in loaded
