"""Edits of the user's ``config.toml`` for ``config/value/write``, ``config/batchWrite`` and
``modelProvider/config/write``.

The file is edited through tomlkit, so the user's comments, key order and formatting
survive; only the edited keys change. A batch is all or nothing: every edit is applied to a
plain copy first and the result validated like a loaded config, and the file is written
only when that passes. The previous file is kept as ``config.toml.bak`` and the new one
replaces it atomically (a temporary file in the same folder, then ``os.replace``).

Versions are the reference's: ``sha256:`` of the file's value as canonical JSON (keys
sorted, no spaces), so they ignore formatting and key order.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import tomlkit
from tomlkit.container import Container, OutOfOrderTableProxy
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import InlineTable, Table
from tomlkit.toml_document import TOMLDocument

__all__ = [
    "CONFIG_LAYER_READONLY",
    "CONFIG_PATH_NOT_FOUND",
    "CONFIG_VALIDATION_ERROR",
    "CONFIG_VERSION_CONFLICT",
    "ConfigEditRequest",
    "ConfigWriteError",
    "EditPlan",
    "apply_config_edits",
    "key_path_of",
    "parse_key_path",
    "version_for",
]

CONFIG_VALIDATION_ERROR: Final = "configValidationError"
CONFIG_VERSION_CONFLICT: Final = "configVersionConflict"
CONFIG_LAYER_READONLY: Final = "configLayerReadonly"
CONFIG_PATH_NOT_FOUND: Final = "configPathNotFound"

VERSION_CONFLICT_MESSAGE: Final = (
    "Configuration was modified since last read. Fetch latest version and retry."
)
_PROFILE_MESSAGE: Final = (
    "`profile` is a legacy config selector and can no longer be written; use "
    "`--profile <name>` with `<name>.config.toml` instead"
)
_PROFILES_MESSAGE: Final = (
    "`profiles` contains legacy config profile tables and can no longer be written; use "
    "`--profile <name>` with `<name>.config.toml` instead"
)


class ConfigWriteError(Exception):
    """A rejected edit; ``code`` is the reference's ``config_write_error_code``, or None for
    a failure that is not the caller's (the file cannot be read or written)."""

    def __init__(self, code: str | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ConfigEditRequest:
    """One edit: a dotted key path, a JSON value (None removes the key) and a strategy."""

    key_path: str
    value: Any
    merge_strategy: str


def version_for(data: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of the value as canonical JSON, as the reference versions layers."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_key_path(path: str) -> list[str]:
    """Split ``a.b."c.d"`` into segments; quoted segments may contain dots and escapes."""
    if not path.strip():
        raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "keyPath must not be empty")
    segments: list[str] = []
    segment = ""
    quoted = False
    chars = iter(path)
    for ch in chars:
        if ch == '"' and not segment and not quoted:
            quoted = True
        elif ch == '"' and quoted:
            quoted = False
        elif ch == "\\" and quoted:
            escaped = next(chars, None)
            if escaped is None:
                raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "unterminated escape in keyPath")
            segment += escaped
        elif ch == "." and not quoted:
            if not segment:
                raise ConfigWriteError(
                    CONFIG_VALIDATION_ERROR, "keyPath segments must not be empty"
                )
            segments.append(segment)
            segment = ""
        elif ch == '"':
            raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "invalid quoted keyPath segment")
        else:
            segment += ch
    if quoted:
        raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "unterminated quoted keyPath segment")
    if not segment:
        raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "keyPath segments must not be empty")
    segments.append(segment)
    return segments


def key_path_of(segments: Sequence[str]) -> str:
    """The key path :func:`parse_key_path` reads back as ``segments`` (each one quoted)."""
    return ".".join(
        '"' + segment.replace("\\", "\\\\").replace('"', '\\"') + '"' for segment in segments
    )


_MISSING: Final = object()


def _value_at(root: Any, segments: Sequence[str]) -> Any:
    current = root
    for segment in segments:
        if isinstance(current, dict):
            if segment not in current:
                return _MISSING
            current = current[segment]
        elif isinstance(current, list) and segment.isdigit() and int(segment) < len(current):
            current = current[int(segment)]
        else:
            return _MISSING
    return current


def _snapshot(value: Any) -> Any:
    return value if value is _MISSING else copy.deepcopy(value)


def _check_toml_value(value: Any) -> None:
    # TOML has no null: one inside a written value cannot be stored.
    if value is None:
        raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "invalid value: unsupported None value")
    if isinstance(value, dict):
        for item in value.values():
            _check_toml_value(item)
    elif isinstance(value, list):
        for item in value:
            _check_toml_value(item)


def _deep_merge(base: dict[str, Any], overlay: Mapping[str, Any]) -> None:
    for key, value in overlay.items():
        existing = base.get(key)
        if isinstance(existing, dict) and isinstance(value, dict):
            _deep_merge(existing, value)
        else:
            base[key] = copy.deepcopy(value)


def _merge_plain(root: dict[str, Any], segments: Sequence[str], value: Any, strategy: str) -> None:
    """Apply one edit to the plain value, with the reference's rules."""
    *parents, last = segments
    if value is None:
        current: Any = root
        for segment in parents:
            if not isinstance(current, dict) or segment not in current:
                return
            current = current[segment]
        if isinstance(current, dict):
            current.pop(last, None)
        return
    current = root
    for segment in parents:
        if not isinstance(current, dict):
            raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "cannot set value on non-table parent")
        current = current.setdefault(segment, {})
    if not isinstance(current, dict):
        raise ConfigWriteError(CONFIG_VALIDATION_ERROR, "cannot set value on non-table parent")
    existing = current.get(last)
    if strategy == "upsert" and isinstance(existing, dict) and isinstance(value, dict):
        _deep_merge(existing, value)
    else:
        current[last] = copy.deepcopy(value)


_Tables = (Table, Container, OutOfOrderTableProxy)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _item(value: Any) -> Any:
    """A string as the reference writes it: a literal string ('...') when it holds a double
    quote and no single quote or control character, else a basic one."""
    if isinstance(value, str) and '"' in value and "'" not in value and not _CONTROL.search(value):
        return tomlkit.string(value, literal=True)
    return value


TableLike = Container | Table | OutOfOrderTableProxy


def _set_in_document(container: TableLike, segments: Sequence[str], value: Any) -> None:
    """Set ``value`` at ``segments`` in the tomlkit document, keeping everything around it."""
    first, *rest = segments
    if not rest:
        existing = container.get(first)
        if isinstance(existing, _Tables) and isinstance(value, dict):
            # Replace a table's contents key by key so its header and comments stay.
            for key in [k for k in existing if k not in value]:
                del existing[key]
            for key, item in value.items():
                _set_in_document(existing, [key], item)
            return
        container[first] = _item(value)
        return
    child = container.get(first)
    if not isinstance(child, _Tables):
        if first in container:
            del container[first]
        child = tomlkit.table(is_super_table=True)
        container[first] = child
        child = container[first]
    assert isinstance(child, _Tables)
    _set_in_document(child, rest, value)


def _appends_as_new_table(document: TOMLDocument, segments: Sequence[str], value: Any) -> bool:
    """Whether ``value`` is a plain new table below existing (non-inline) tables, which is
    written as its own ``[a.b.c]`` section at the end of the file, where the reference puts
    a new table."""
    if len(segments) < 2 or not isinstance(value, dict) or not value:
        return False
    if any(isinstance(item, (dict, list)) for item in value.values()):
        return False
    current: Any = document
    for segment in segments:
        if not isinstance(current, _Tables) or isinstance(current, InlineTable):
            return False
        if segment not in current:
            return True
        current = current[segment]
    return False


def _append_table(document: TOMLDocument, segments: Sequence[str], value: Any) -> None:
    node: Table = tomlkit.table()
    node.update({key: _item(item) for key, item in value.items()})
    for segment in reversed(segments[1:]):
        parent = tomlkit.table(is_super_table=True)
        parent.append(segment, node)
        node = parent
    document.append(segments[0], node)


def _clear_in_document(container: TableLike, segments: Sequence[str]) -> None:
    first, *rest = segments
    if first not in container:
        return
    if not rest:
        del container[first]
        return
    child = container[first]
    if isinstance(child, _Tables):
        _clear_in_document(child, rest)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if path.exists():
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_document(path: Path) -> TOMLDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return tomlkit.document()
    except OSError as exc:
        raise ConfigWriteError(
            code=None, message=f"failed to read user config.toml: {exc}"
        ) from exc
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigWriteError(
            code=None, message=f"failed to parse existing user config.toml: {exc}"
        ) from exc


EditPlan = Sequence[ConfigEditRequest] | Callable[[Mapping[str, Any]], Sequence[ConfigEditRequest]]
"""The edits, or a function making them from the file's current value."""


def apply_config_edits(
    path: Path,
    edits: EditPlan,
    *,
    expected_version: str | None,
    validate: Callable[[Mapping[str, Any]], str | None],
) -> str:
    """Apply ``edits`` to ``path`` (all or none) and return the file's new version.

    ``edits`` may be a function of the file's current value (read once, here), for edits
    that depend on it. ``validate`` returns a message (``invalid type: ...\\nin `key```)
    when the edited configuration is not acceptable. Raises :class:`ConfigWriteError`.
    """
    document = _read_document(path)
    plain: dict[str, Any] = document.unwrap()
    if expected_version is not None and expected_version != version_for(plain):
        raise ConfigWriteError(CONFIG_VERSION_CONFLICT, VERSION_CONFLICT_MESSAGE)
    if callable(edits):
        edits = edits(copy.deepcopy(plain))
    changes: list[tuple[list[str], Any]] = []
    for edit in edits:
        segments = parse_key_path(edit.key_path)
        if edit.value is not None:
            if segments == ["profile"]:
                raise ConfigWriteError(CONFIG_VALIDATION_ERROR, _PROFILE_MESSAGE)
            if segments[0] == "profiles":
                raise ConfigWriteError(CONFIG_VALIDATION_ERROR, _PROFILES_MESSAGE)
            _check_toml_value(edit.value)
        before = _snapshot(_value_at(plain, segments))
        _merge_plain(plain, segments, edit.value, edit.merge_strategy)
        after = _snapshot(_value_at(plain, segments))
        if before is not after and before != after:
            changes.append((segments, after))
    problem = validate(plain)
    if problem is not None:
        raise ConfigWriteError(CONFIG_VALIDATION_ERROR, f"Invalid configuration: {problem}")
    if changes:
        for segments, value in changes:
            if value is _MISSING:
                _clear_in_document(document, segments)
            elif _appends_as_new_table(document, segments, value):
                _append_table(document, segments, value)
            else:
                _set_in_document(document, segments, value)
        try:
            _write_atomically(path, tomlkit.dumps(document))
        except OSError as exc:
            raise ConfigWriteError(
                code=None, message=f"failed to persist config.toml: {exc}"
            ) from exc
    return version_for(plain)
