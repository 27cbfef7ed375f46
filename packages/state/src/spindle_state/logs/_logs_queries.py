"""Rows of the logs table: the entry written, the row read, and the filtered queries.

Every filter runs in SQL. Substring filters (``--search``, ``--module``, ``--file``) use
``INSTR`` on SQLite and ``strpos`` on PostgreSQL: plain, case-sensitive substring matches
with no wildcard characters to escape, and no row is loaded into Python to be matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer

from spindle_state.logs._logs_schema import logs_table

LEVELS: Final = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR")
"""Stored level names, lowest first (the tracing names the reference stores)."""

_LEVEL_ALIASES: Final = {"WARNING": "WARN", "CRITICAL": "ERROR", "FATAL": "ERROR"}

# Fixed per-row overhead counted in estimated_bytes: ts + ts_nanos + line as integers.
ROW_OVERHEAD_BYTES: Final = 24


class InvalidLogLevel(ValueError):
    """A level name that is none of TRACE, DEBUG, INFO, WARN (WARNING), ERROR."""


def normalize_level(name: str) -> str:
    """The stored level name for a user-given one (case-insensitive)."""
    upper = name.strip().upper()
    upper = _LEVEL_ALIASES.get(upper, upper)
    if upper not in LEVELS:
        raise InvalidLogLevel(
            f"invalid log level {name!r} (expected one of {', '.join(LEVELS).lower()})"
        )
    return upper


def levels_at_or_above(minimum: str) -> tuple[str, ...]:
    """Every stored level at least as severe as ``minimum``."""
    return LEVELS[LEVELS.index(normalize_level(minimum)) :]


def utf8_len(text: str | None) -> int:
    """UTF-8 byte length (cheap for ASCII)."""
    if not text:
        return 0
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def estimate_bytes(
    *,
    level: str,
    target: str,
    message: str | None,
    feedback_log_body: str | None,
    module_path: str | None,
    file: str | None,
    thread_id: str | None,
    process_uuid: str | None,
) -> int:
    """The retention weight of a row: message, body and metadata, in UTF-8 bytes."""
    return (
        utf8_len(message)
        + utf8_len(feedback_log_body)
        + len(level)
        + utf8_len(target)
        + utf8_len(module_path)
        + utf8_len(file)
        + utf8_len(thread_id)
        + utf8_len(process_uuid)
        + ROW_OVERHEAD_BYTES
    )


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One row to write; ``estimated_bytes`` is computed when it is not given."""

    ts: int
    ts_nanos: int
    level: str
    target: str
    message: str | None
    feedback_log_body: str | None
    module_path: str | None = None
    file: str | None = None
    line: int | None = None
    thread_id: str | None = None
    process_uuid: str | None = None
    estimated_bytes: int | None = None

    def to_params(self) -> dict[str, Any]:
        """The insert parameters for this entry."""
        params = asdict(self)
        if self.estimated_bytes is None:
            params["estimated_bytes"] = estimate_bytes(
                level=self.level,
                target=self.target,
                message=self.message,
                feedback_log_body=self.feedback_log_body,
                module_path=self.module_path,
                file=self.file,
                thread_id=self.thread_id,
                process_uuid=self.process_uuid,
            )
        return params


@dataclass(frozen=True, slots=True)
class LogRow:
    """One stored row."""

    id: int
    ts: int
    ts_nanos: int
    level: str
    target: str
    message: str | None
    feedback_log_body: str | None
    module_path: str | None
    file: str | None
    line: int | None
    thread_id: str | None
    process_uuid: str | None
    estimated_bytes: int

    @property
    def body(self) -> str:
        """The rendered body, falling back to the message for foreign rows."""
        return self.feedback_log_body if self.feedback_log_body is not None else self.message or ""

    @classmethod
    def from_mapping(cls, row: Mapping[Any, Any]) -> LogRow:
        """Build from a result row mapping."""
        return cls(**{name: row[name] for name in _READ_COLUMNS})


ROW_COLUMNS: Final = tuple(f.name for f in fields(LogEntry))
"""The columns a row is written with, in :class:`LogEntry` order (the handler's positional
rows use it). A read returns ``id`` first and then these, in :class:`LogRow` order."""
_READ_COLUMNS: Final = tuple(f.name for f in fields(LogRow))
if ("id", *ROW_COLUMNS) != _READ_COLUMNS:  # pragma: no cover
    raise RuntimeError("LogRow's fields must be id followed by LogEntry's")


class substring_position(FunctionElement[int]):
    """1-based position of ``needle`` in ``haystack``, 0 when absent (NULL for NULL)."""

    type = Integer()
    inherit_cache = True
    name = "substring_position"


@compiles(substring_position)
def _substring_position_default(
    element: substring_position, compiler: SQLCompiler, **kw: Any
) -> str:
    return f"INSTR({compiler.process(element.clauses, **kw)})"


@compiles(substring_position, "postgresql")
def _substring_position_pg(element: substring_position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


def contains_substring(column: ColumnElement[Any], needle: str) -> ColumnElement[bool]:
    """``column`` holds ``needle`` (case-sensitive, no wildcards), evaluated in SQL."""
    return substring_position(column, needle) > 0


@dataclass(frozen=True, slots=True)
class LogQuery:
    """Filters of ``spindle logs``; every field narrows the rows (AND), lists OR inside."""

    min_level: str | None = None
    from_ns: int | None = None
    to_ns: int | None = None
    modules: Sequence[str] = field(default_factory=tuple)
    files: Sequence[str] = field(default_factory=tuple)
    thread_ids: Sequence[str] = field(default_factory=tuple)
    include_threadless: bool = False
    process_uuid: str | None = None
    search: str | None = None


def _any_substring(
    column: ColumnElement[Any], needles: Iterable[str]
) -> ColumnElement[bool] | None:
    clauses = [contains_substring(column, needle) for needle in needles if needle]
    return or_(*clauses) if clauses else None


def _at_or_after(ns: int) -> ColumnElement[bool]:
    seconds, nanos = divmod(ns, 1_000_000_000)
    c = logs_table.c
    return or_(c.ts > seconds, and_(c.ts == seconds, c.ts_nanos >= nanos))


def _at_or_before(ns: int) -> ColumnElement[bool]:
    seconds, nanos = divmod(ns, 1_000_000_000)
    c = logs_table.c
    return or_(c.ts < seconds, and_(c.ts == seconds, c.ts_nanos <= nanos))


def log_filter_clauses(query: LogQuery) -> list[ColumnElement[bool]]:
    """The WHERE clauses for ``query``."""
    c = logs_table.c
    clauses: list[ColumnElement[bool]] = []
    if query.min_level is not None:
        clauses.append(func.upper(c.level).in_(levels_at_or_above(query.min_level)))
    if query.from_ns is not None:
        clauses.append(_at_or_after(query.from_ns))
    if query.to_ns is not None:
        clauses.append(_at_or_before(query.to_ns))
    for column, needles in ((c.module_path, query.modules), (c.file, query.files)):
        clause = _any_substring(column, needles)
        if clause is not None:
            clauses.append(clause)
    thread_ids = [thread_id for thread_id in query.thread_ids if thread_id]
    if thread_ids or query.include_threadless:
        alternatives: list[ColumnElement[bool]] = []
        if thread_ids:
            alternatives.append(c.thread_id.in_(thread_ids))
        if query.include_threadless:
            alternatives.append(c.thread_id.is_(None))
        clauses.append(or_(*alternatives))
    if query.process_uuid:
        clauses.append(c.process_uuid == query.process_uuid)
    if query.search:
        clauses.append(contains_substring(c.feedback_log_body, query.search))
    return clauses


def _select_rows(query: LogQuery) -> Select[Any]:
    return select(*(logs_table.c[name] for name in _READ_COLUMNS)).where(*log_filter_clauses(query))


def query_logs(
    connection: Connection,
    query: LogQuery,
    *,
    after_id: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[LogRow]:
    """Matching rows ordered by id (oldest first unless ``newest_first``)."""
    statement = _select_rows(query)
    if after_id is not None:
        statement = statement.where(logs_table.c.id > after_id)
    id_column = logs_table.c.id
    statement = statement.order_by(id_column.desc() if newest_first else id_column.asc())
    if limit is not None:
        statement = statement.limit(limit)
    return [LogRow.from_mapping(row) for row in connection.execute(statement).mappings()]


def query_log_ids(connection: Connection, query: LogQuery, *, after_id: int = 0) -> list[int]:
    """Ids of matching rows above ``after_id``, ascending (no row bodies transferred)."""
    statement = (
        select(logs_table.c.id)
        .where(*log_filter_clauses(query), logs_table.c.id > after_id)
        .order_by(logs_table.c.id)
    )
    return [int(value) for value in connection.execute(statement).scalars()]


def logs_by_id(connection: Connection, ids: Sequence[int]) -> list[LogRow]:
    """The rows with these ids, ascending."""
    rows: list[LogRow] = []
    for start in range(0, len(ids), 1000):
        statement = (
            select(*(logs_table.c[name] for name in _READ_COLUMNS))
            .where(logs_table.c.id.in_(ids[start : start + 1000]))
            .order_by(logs_table.c.id)
        )
        rows.extend(LogRow.from_mapping(row) for row in connection.execute(statement).mappings())
    return rows


def max_log_id(connection: Connection, query: LogQuery | None = None) -> int:
    """The highest id among matching rows (0 when none match)."""
    clauses = log_filter_clauses(query) if query is not None else []
    value = connection.execute(select(func.max(logs_table.c.id)).where(*clauses)).scalar()
    return int(value or 0)
