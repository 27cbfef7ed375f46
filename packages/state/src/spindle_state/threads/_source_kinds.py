"""``ThreadSourceKind`` filters as SQL over the stored ``source`` text.

A thread's ``source`` is stored as the reference words it: a surface name (``cli``,
``vscode``, ``exec``, ``mcp`` for an app-server client, ``unknown``) or, for a sub-agent, its
source object as JSON text (``{"subAgent":"review"}``, ``{"subAgent":{"thread_spawn":…}}``;
rollouts written by the reference spell the key ``subagent``). Each wire kind becomes a
predicate, so a filtered page is filled by the query itself, never shortened afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import sqlalchemy as sa

__all__ = ["INTERACTIVE_SOURCE_KINDS", "SOURCE_KINDS", "source_kinds_condition"]

# The kinds a listing without ``sourceKinds`` shows, as the reference: interactive threads.
INTERACTIVE_SOURCE_KINDS: Final = ("cli", "vscode")

_SURFACES: Final[dict[str, tuple[str, ...]]] = {
    "cli": ("cli",),
    "vscode": ("vscode",),
    "exec": ("exec",),
    "appServer": ("mcp", "appServer"),
}
_ALL_SURFACES: Final = tuple(name for names in _SURFACES.values() for name in names)
_SUBAGENT_PREFIX: Final = '{"subagent":'
_REVIEW: Final = '{"subagent":"review"}'
_COMPACT: Final = '{"subagent":"compact"}'
_THREAD_SPAWN: Final = '{"subagent":{"thread_spawn":%'


def _normalised(column: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """The source without spaces, lowercased: one spelling of every sub-agent object."""
    return sa.func.lower(sa.func.replace(column, " ", ""))


def _subagent(column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    return _normalised(column).like(_SUBAGENT_PREFIX + "%")


def _subagent_other(column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    text = _normalised(column)
    return sa.and_(
        text.like(_SUBAGENT_PREFIX + "%"),
        text != _REVIEW,
        text != _COMPACT,
        sa.not_(text.like(_THREAD_SPAWN)),
    )


def _surface(
    names: tuple[str, ...],
) -> Callable[[sa.ColumnElement[str]], sa.ColumnElement[bool]]:
    return lambda column: column.in_(names)


def _unknown(column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    return sa.and_(column.not_in(_ALL_SURFACES), sa.not_(_subagent(column)))


_PREDICATES: Final[dict[str, Callable[[sa.ColumnElement[str]], sa.ColumnElement[bool]]]] = {
    **{kind: _surface(names) for kind, names in _SURFACES.items()},
    "subAgent": _subagent,
    "subAgentReview": lambda column: _normalised(column) == _REVIEW,
    "subAgentCompact": lambda column: _normalised(column) == _COMPACT,
    "subAgentThreadSpawn": lambda column: _normalised(column).like(_THREAD_SPAWN),
    "subAgentOther": _subagent_other,
    "unknown": _unknown,
}

SOURCE_KINDS: Final = tuple(_PREDICATES)


def source_kinds_condition(
    column: sa.ColumnElement[str], kinds: Sequence[str]
) -> sa.ColumnElement[bool]:
    """Rows whose source is of any of ``kinds`` (``ThreadSourceKind`` values)."""
    unknown = sorted(set(kinds) - set(_PREDICATES))
    if unknown:
        raise ValueError(f"unknown source kinds: {', '.join(unknown)}")
    return sa.or_(*(_PREDICATES[kind](column) for kind in kinds))
