"""Log context: the thread a request or turn runs for, and a stack of named spans.

Both live in one :class:`contextvars.ContextVar`, so they follow ``asyncio`` tasks and
never leak between concurrent requests. Each span is rendered once, when it is entered
(``turn{id=t1}``), and the full prefix (``turn{id=t1}:model_call{attempt=2}: ``) is kept
ready, so a log call only reads one context variable.

Field values render as ``key=value``; a string value is written as is unless it is empty
or holds whitespace, ``=``, quotes or braces, in which case it is JSON-quoted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final, NamedTuple


class LogContext(NamedTuple):
    """What the handler stamps on a row: the rendered span prefix and the thread id."""

    prefix: str
    thread_id: str | None
    spans: tuple[str, ...]


_EMPTY: Final = LogContext("", None, ())
_CONTEXT: Final[ContextVar[LogContext]] = ContextVar("spindle_log_context", default=_EMPTY)
_NEEDS_QUOTES: Final = frozenset(' \t\r\n="{}')


def current_log_context() -> LogContext:
    """The log context of the running task or thread."""
    return _CONTEXT.get()


def current_log_thread_id() -> str | None:
    """The thread id rows logged right now are stamped with (``None`` outside a thread)."""
    return _CONTEXT.get().thread_id


def format_field_value(value: object) -> str:
    """Render one field value the way the feedback body shows it."""
    text = value if isinstance(value, str) else str(value)
    if not text or not _NEEDS_QUOTES.isdisjoint(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def format_fields(fields: Mapping[str, object]) -> str:
    """``a=1 b=two`` for a mapping of fields, in order."""
    return " ".join(f"{key}={format_field_value(value)}" for key, value in fields.items())


def render_span(name: str, fields: Mapping[str, object]) -> str:
    """``name{a=1 b=2}``, or just ``name`` without fields."""
    if not fields:
        return name
    return f"{name}{{{format_fields(fields)}}}"


def _prefix(spans: tuple[str, ...]) -> str:
    return ":".join(spans) + ": " if spans else ""


@contextmanager
def log_thread(thread_id: str | None) -> Iterator[None]:
    """Stamp rows logged inside the block with ``thread_id`` (``None`` clears it)."""
    current = _CONTEXT.get()
    token = _CONTEXT.set(LogContext(current.prefix, thread_id, current.spans))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


@contextmanager
def log_span(name: str, **fields: object) -> Iterator[None]:
    """Push a named span with fields for the rows logged inside the block.

    A ``thread_id`` field also stamps those rows with that thread, as a span opened for
    one thread's request or turn should.
    """
    current = _CONTEXT.get()
    spans = (*current.spans, render_span(name, fields))
    thread_id = current.thread_id
    if "thread_id" in fields and fields["thread_id"] is not None:
        thread_id = str(fields["thread_id"])
    token = _CONTEXT.set(LogContext(_prefix(spans), thread_id, spans))
    try:
        yield
    finally:
        _CONTEXT.reset(token)
