"""``spindle state info``: read only, human-readable times, one-line database errors."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from spindle_state import open_store
from spindle_state.state_cli import state as state_cli


def test_info_on_a_missing_home_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "missing"
    result = CliRunner().invoke(state_cli, ["info", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert not home.exists(), "no folder and no database are created"
    assert result.output.splitlines() == [
        f"database: sqlite+pysqlite:///{home / 'state.sqlite'} (not created yet)",
        "threads: 0",
        "backfill: never run",
    ]


def test_info_prints_times_in_words(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.run_backfill()  # nothing to index: complete at once
    result = CliRunner().invoke(state_cli, ["info", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.output.splitlines() if x.startswith("backfill:")]
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"
    assert re.fullmatch(
        rf"backfill: complete; last rollout indexed: none yet; last completed: {stamp}; "
        rf"last updated: {stamp}",
        line,
    ), line
    assert "None" not in result.output


def test_info_names_an_unsupported_database_url_without_its_password(tmp_path: Path) -> None:
    url = "mysql://ann:s3cret@db.example/spindle"
    result = CliRunner().invoke(state_cli, ["info", "--home", str(tmp_path), "--database-url", url])
    assert result.exit_code == 2
    assert "s3cret" not in result.output and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "Error: cannot open the database mysql://ann:***@db.example/spindle: unsupported "
        "database URL scheme 'mysql'; spindle supports sqlite and postgresql"
    ]
