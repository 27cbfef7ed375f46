"""Small helpers for reading validated params models."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from ._ids import InvalidUuid, parse_uuid

if TYPE_CHECKING:
    from pydantic import MISSING

__all__ = ["given", "opt", "opt_str", "thread_id_of"]

T = TypeVar("T")


def given(value: T | MISSING) -> T | None:
    """An optional member's value: None when it was omitted (``MISSING``) or null."""
    from pydantic import MISSING  # loaded with the params models, never before them

    return None if value is MISSING else value


def opt(model: Any, name: str) -> Any:
    """The attribute's value; None when omitted (MISSING) or absent. Enums become values."""
    if model is None:
        return None
    value = getattr(model, name, None)
    # MISSING exists only once pydantic is imported (a light initialize reads none); while
    # the loader thread is still importing it, the module is in sys.modules half-built.
    missing = getattr(sys.modules.get("pydantic"), "MISSING", None)
    if missing is not None and value is missing:
        return None
    if isinstance(value, Enum):
        return value.value
    return value


def opt_str(model: Any, name: str) -> str | None:
    value = opt(model, name)
    return None if value is None else str(value)


def thread_id_of(raw: str) -> str:
    """The canonical thread id; InvalidUuid (``invalid thread id: ...``) otherwise."""
    try:
        return parse_uuid(raw)
    except InvalidUuid:
        raise
