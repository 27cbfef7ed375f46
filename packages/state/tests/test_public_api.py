"""The public surface: sorted ``__all__``, every name importable, exceptions in one module."""

from __future__ import annotations

import inspect

import spindle_state
from spindle_state import _exceptions

STORE_NAMES = {
    "BackfillReport", "BackfillState", "CorruptRollout", "GitInfo", "GitInfoPatch",
    "InvalidCursor", "InvalidGitInfo", "LatestModel", "NewThread", "Page", "RolloutError",
    "RolloutLine", "RolloutSummary", "SchemaTooNew", "SessionMeta", "SortDirection", "SortKey",
    "StateError", "StateStore", "ThreadAlreadyExists", "ThreadMemory", "ThreadNotFound",
    "ThreadRecord", "ThreadUpdate", "TurnNotFound", "TurnRecord", "TurnStatus",
    "encode_rollout_line", "find_rollout_path", "format_rollout_timestamp",
    "format_timestamp_ms", "head_revision", "iter_rollout_lines", "iter_rollouts",
    "open_store", "parse_session_meta", "parse_timestamp_ms", "read_session_meta",
    "resolve_home", "resolve_url", "rollout_relative_path", "summarize_rollout",
    "ReadReceipt", "ReadStateConflict", "initial_read_revision", "ThreadListQuery", "TurnListQuery",
}  # fmt: skip


def test_all_is_sorted_unique_and_importable() -> None:
    names = spindle_state.__all__

    def isort_style(name: str) -> tuple[int, str]:
        # ruff RUF022's order: CONSTANTS, then Classes, then functions, each alphabetical.
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert names == sorted(names, key=isort_style)
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(spindle_state, name), name


def test_store_api_is_exported() -> None:
    assert set(spindle_state.__all__) >= STORE_NAMES


def test_store_exceptions_live_in_one_module_and_derive_from_state_error() -> None:
    defined = {
        name: obj
        for name, obj in vars(_exceptions).items()
        if inspect.isclass(obj)
        and issubclass(obj, Exception)
        and obj.__module__ == _exceptions.__name__
    }
    assert set(defined) == {
        "StateError", "SchemaTooNew", "ThreadNotFound", "ThreadAlreadyExists", "TurnNotFound",
        "InvalidCursor", "InvalidGitInfo", "RolloutError", "CorruptRollout",
        "ReadStateConflict", "DatabaseUnavailable",
    }  # fmt: skip
    for name, cls in defined.items():
        assert issubclass(cls, _exceptions.StateError)
        assert getattr(spindle_state, name) is cls
        assert "jsonrpc" not in inspect.getsource(cls).lower()


def test_no_import_of_upper_layers() -> None:
    import pathlib

    source_root = pathlib.Path(spindle_state.__file__).parent
    for path in source_root.rglob("*.py"):
        text = path.read_text()
        assert "spindle_memories" not in text and "spindle_app_server" not in text, path
