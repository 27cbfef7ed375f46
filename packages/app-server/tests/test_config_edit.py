"""Config edits: key paths, merge strategies, formatting kept, all-or-nothing, versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spindle_app_server._config import config_problem
from spindle_app_server._config_edit import (
    ConfigEditRequest,
    ConfigWriteError,
    apply_config_edits,
    parse_key_path,
    version_for,
)

pytestmark = pytest.mark.requirement("R25")


@pytest.mark.parametrize(
    ("path", "segments"),
    [
        ("model", ["model"]),
        ("a.b.c", ["a", "b", "c"]),
        ('projects."/x/y.z".trust_level', ["projects", "/x/y.z", "trust_level"]),
        ('a."q\\"uote"', ["a", 'q"uote']),
        ("sample@catalog.x", ["sample@catalog", "x"]),
    ],
)
def test_key_paths(path: str, segments: list[str]) -> None:
    assert parse_key_path(path) == segments


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "keyPath must not be empty"),
        ("  ", "keyPath must not be empty"),
        ("a..b", "keyPath segments must not be empty"),
        ("a.", "keyPath segments must not be empty"),
        ('a."open', "unterminated quoted keyPath segment"),
        ('a.b"c', "invalid quoted keyPath segment"),
        ('a."x\\', "unterminated escape in keyPath"),
    ],
)
def test_bad_key_paths(path: str, message: str) -> None:
    with pytest.raises(ConfigWriteError) as raised:
        parse_key_path(path)
    assert (raised.value.code, raised.value.message) == ("configValidationError", message)


def _apply(path: Path, *edits: tuple[str, Any, str], expected: str | None = None) -> str:
    requests = [ConfigEditRequest(k, v, s) for k, v, s in edits]
    return apply_config_edits(path, requests, expected_version=expected, validate=config_problem)


SOURCE = """# top comment
model = "a"  # the model

[tui]
animations = true # keep

[model_providers.p]
name = "P"
base_url = "http://x"
"""


def test_edits_keep_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SOURCE)
    _apply(
        path,
        ("model", "b", "replace"),
        ("tui.animations", False, "replace"),
        ("model_providers.p", {"env_key": "K"}, "upsert"),
        ('projects."/w".trust_level', "trusted", "replace"),
    )
    assert path.read_text() == (
        '# top comment\nmodel = "b"  # the model\n\n[tui]\nanimations = false # keep\n\n'
        '[model_providers.p]\nname = "P"\nbase_url = "http://x"\nenv_key = "K"\n\n'
        '[projects."/w"]\ntrust_level = "trusted"\n'
    )
    assert (tmp_path / "config.toml.bak").read_text() == SOURCE


def test_replace_a_table_and_remove_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SOURCE)
    _apply(path, ("model_providers.p", {"name": "Q"}, "replace"), ("tui", None, "replace"))
    text = path.read_text()
    assert "[tui]" not in text and "base_url" not in text
    assert '[model_providers.p]\nname = "Q"\n' in text


def test_nothing_is_written_when_a_later_edit_fails(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SOURCE)
    with pytest.raises(ConfigWriteError) as raised:
        _apply(path, ("model", "ok", "replace"), ("approval_policy", "bogus", "replace"))
    assert raised.value.message.startswith("Invalid configuration: unknown variant `bogus`")
    assert path.read_text() == SOURCE
    assert not (tmp_path / "config.toml.bak").exists()


def test_versions_ignore_formatting_and_guard_writes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('b = 1\na = "x"\n')
    version = version_for({"a": "x", "b": 1})
    assert version == version_for({"b": 1, "a": "x"})
    with pytest.raises(ConfigWriteError) as raised:
        _apply(path, ("a", "y", "replace"), expected="sha256:other")
    assert raised.value.code == "configVersionConflict"
    new_version = _apply(path, ("a", "y", "replace"), expected=version)
    assert new_version == version_for({"a": "y", "b": 1})


def test_a_missing_file_is_created_and_nulls_inside_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "home" / "config.toml"
    _apply(path, ("model", "m", "replace"))
    assert path.read_text() == 'model = "m"\n'
    with pytest.raises(ConfigWriteError, match="invalid value"):
        _apply(path, ("features", {"goals": None}, "replace"))
    with pytest.raises(ConfigWriteError, match="legacy config profile"):
        _apply(path, ("profiles.x.model", "m", "replace"))
