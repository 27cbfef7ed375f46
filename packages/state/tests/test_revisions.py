"""The no-Alembic head check agrees with Alembic, and an up-to-date open skips Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spindle_state
from alembic.config import Config
from alembic.script import ScriptDirectory
from spindle_state.core._revisions import scanned_head

PACKAGE = Path(spindle_state.__file__).parent
STREAMS = sorted(
    p.parent.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.glob("*/migrations/env.py")
)


def test_every_table_family_has_its_stream() -> None:
    assert STREAMS == ["agents", "goals", "jobs", "logs", "threads"]


def test_every_stream_runs_the_one_env_body() -> None:
    bodies = {(PACKAGE / stream / "migrations" / "env.py").read_text() for stream in STREAMS}
    assert len(bodies) == 1
    assert bodies.pop().rstrip().endswith("run_env()")


@pytest.mark.parametrize("stream", STREAMS)
def test_scanned_head_is_alembics_head(stream: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(PACKAGE / stream / "migrations"))
    assert (
        scanned_head(PACKAGE / stream / "migrations")
        == ScriptDirectory.from_config(config).get_current_head()
    )


def test_several_heads_send_the_caller_to_alembic(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision: str = "b"\ndown_revision: str | None = "a"\n')
    assert scanned_head(tmp_path) == "b"
    (versions / "c.py").write_text("revision = 'c'\ndown_revision = ('a',)\n")
    scanned_head.cache_clear()
    assert scanned_head(tmp_path) is None


def test_opening_up_to_date_databases_does_not_import_alembic(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import spindle_state as s\n"
        "home = Path(sys.argv[1])\n"
        "s.open_store(home).close()\n"
        "s.open_log_store(home).close()\n"
        "s.open_goal_store(home).close()\n"
        "s.open_memory_store(home).close()\n"
        "s.open_agent_graph_store(home).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    run = [sys.executable, "-c", script, str(tmp_path)]
    first = subprocess.run(run, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True", "a fresh home is migrated with Alembic"
    again = subprocess.run(run, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "False", again.stderr
