"""The ``threads`` table: rows, stamps, updates and keyset listing.

Functions take an open connection; writers must run inside ``write_transaction``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spindle_state._exceptions import ThreadNotFound
from spindle_state.threads._cursor import ThreadCursor, parse_thread_cursor
from spindle_state.threads._records import (
    GitInfo,
    NewThread,
    Page,
    ThreadListQuery,
    ThreadRecord,
    ThreadUpdate,
)
from spindle_state.threads._schema import threads
from spindle_state.threads._source_kinds import source_kinds_condition
from spindle_state.threads._timestamps import (
    bump_until_unique,
    next_live_stamp,
    next_live_stamps,
    now_ms,
)

DEFAULT_LIMIT = 25
MAX_LIMIT = 100

_STAMP_COLUMNS = {"created_at": "created_at_ms", "updated_at": "updated_at_ms"}


def clamp_limit(limit: int | None) -> int:
    """The reference's limit rule: default 25, at most 100, and 0 (or less) acts as 1."""
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(MAX_LIMIT, limit))


def _column_order() -> list[str]:
    names: list[str] = []
    for f in fields(ThreadRecord):
        names.extend(("git_sha", "git_branch", "git_origin_url") if f.name == "git" else (f.name,))
    return names


# row_to_thread builds records positionally (mapping access per column is the main cost of a
# listing), which needs the table's column order to follow ThreadRecord's field order.
if [column.name for column in threads.c] != _column_order():  # pragma: no cover
    raise RuntimeError("threads columns and ThreadRecord fields are out of order")
_ORDER = tuple(column.name for column in threads.c)


def row_to_thread(row: Sequence[Any] | Mapping[str, Any]) -> ThreadRecord:
    """A ThreadRecord from a full ``threads`` row (tuple in column order, or a mapping)."""
    r = tuple(row[name] for name in _ORDER) if isinstance(row, Mapping) else tuple(row)
    git = GitInfo(r[16], r[17], r[18])
    return ThreadRecord(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
        r[14], r[15], git, r[19], bool(r[20]), r[21], r[22], r[23], r[24], r[25], r[26],
    )  # fmt: skip


# Statements built once: constructing a 29-column statement per call costs more than running it.
SELECT_BY_ID = sa.select(threads).where(threads.c.id == sa.bindparam("thread_id"))
INSERT = sa.insert(threads)
# SET columns come from the execute() parameters; ``thread_id`` binds the WHERE clause.
UPDATE_BY_ID = sa.update(threads).where(threads.c.id == sa.bindparam("thread_id"))
UPDATE_RETURNING = UPDATE_BY_ID.returning(*threads.c)
_NOW: sa.BindParameter[int] = sa.bindparam("now", type_=sa.BigInteger)
_TOP_UPDATED = sa.select(sa.func.max(threads.c.updated_at_ms)).scalar_subquery()
# max(now, current maximum + 1), in SQL: the same rule as _timestamps.next_live_stamp.
TOUCH_RETURNING = UPDATE_BY_ID.values(
    updated_at_ms=sa.case(
        (sa.func.coalesce(_TOP_UPDATED, _NOW - 1) < _NOW, _NOW), else_=_TOP_UPDATED + 1
    )
).returning(*threads.c)


def update_columns(connection: Connection, thread_id: str, values: dict[str, Any]) -> int:
    """UPDATE the given columns of one row; returns the matched row count."""
    result = connection.execute(UPDATE_BY_ID, {"thread_id": thread_id, **values})
    return int(result.rowcount)


def find(connection: Connection, thread_id: str) -> ThreadRecord | None:
    row = connection.execute(SELECT_BY_ID, {"thread_id": thread_id}).first()
    return None if row is None else row_to_thread(row)


def get(connection: Connection, thread_id: str) -> ThreadRecord:
    found = find(connection, thread_id)
    if found is None:
        raise ThreadNotFound(thread_id)
    return found


_CONTENT_FIELDS = tuple(
    f.name for f in fields(NewThread) if f.name not in ("created_at_ms", "updated_at_ms", "git")
)


def content_values(new: NewThread) -> dict[str, Any]:
    values = {name: getattr(new, name) for name in _CONTENT_FIELDS}
    values["git_sha"] = new.git.sha
    values["git_branch"] = new.git.branch
    values["git_origin_url"] = new.git.origin_url
    return values


def new_stamps(connection: Connection, new: NewThread) -> tuple[int, int]:
    """Unique (created_at_ms, updated_at_ms) for a row about to be inserted."""
    if new.created_at_ms is None and new.updated_at_ms is None:
        # The common live insert: both maxima in one round trip.
        created, updated = next_live_stamps(connection)
        return created, updated
    if new.created_at_ms is None:
        created = next_live_stamp(connection, "created_at_ms")
    else:
        created = bump_until_unique(connection, "created_at_ms", new.created_at_ms)
    if new.updated_at_ms is None:
        updated = next_live_stamp(connection, "updated_at_ms", now=created)
    else:
        updated = bump_until_unique(connection, "updated_at_ms", new.updated_at_ms)
    return created, updated


def insert(connection: Connection, new: NewThread) -> ThreadRecord:
    """Insert a row the caller knows is absent (writer lock held)."""
    created, updated = new_stamps(connection, new)
    values = content_values(new)
    values["created_at_ms"] = created
    values["updated_at_ms"] = updated
    connection.execute(INSERT, values)
    return row_to_thread(values)


def update(
    connection: Connection, thread_id: str, patch: ThreadUpdate, *, touch: bool
) -> ThreadRecord:
    """Change the given non-git columns; ``touch`` moves ``updated_at_ms`` to a live stamp."""
    values: dict[str, Any] = dict(patch)
    unknown = set(values) - set(ThreadUpdate.__annotations__)
    if unknown:
        raise TypeError(f"update_thread does not change {sorted(unknown)}")
    if touch:
        # The live stamp is computed inside the UPDATE (one round trip less than reading
        # the maximum first); the writer lock held by the caller keeps it race-free.
        params = {"thread_id": thread_id, "now": now_ms(), **values}
        row = connection.execute(TOUCH_RETURNING, params).first()
    elif values:
        row = connection.execute(UPDATE_RETURNING, {"thread_id": thread_id, **values}).first()
    else:
        return get(connection, thread_id)
    if row is None:
        raise ThreadNotFound(thread_id)
    return row_to_thread(row)


def fill_git_gaps(connection: Connection, thread_id: str, git: GitInfo) -> None:
    """SQLite is authoritative for git: only columns that are NULL take the given values."""
    for column, value in (
        ("git_sha", git.sha),
        ("git_branch", git.branch),
        ("git_origin_url", git.origin_url),
    ):
        if value is None:
            continue
        connection.execute(
            sa.update(threads)
            .where(threads.c.id == thread_id, threads.c[column].is_(None))
            .values({column: value})
        )


def upsert(connection: Connection, new: NewThread) -> ThreadRecord:
    """Insert, or refresh an existing row's content from ``new``.

    On an existing row: ``created_at_ms``, the archive state and a stored name (when
    ``new.name`` is None) are kept; git columns only fill gaps; ``updated_at_ms`` moves to
    ``new.updated_at_ms`` when that is newer (bumped until unique), else to a live stamp
    when ``new.updated_at_ms`` is None, else stays.
    """
    existing = find(connection, new.id)
    if existing is None:
        return insert(connection, new)
    values = content_values(new)
    for key in ("id", "archived", "archived_at", "git_sha", "git_branch", "git_origin_url"):
        values.pop(key)
    if new.name is None:
        values.pop("name")
    if new.updated_at_ms is None:
        values["updated_at_ms"] = next_live_stamp(connection, "updated_at_ms")
    elif new.updated_at_ms > existing.updated_at_ms:
        values["updated_at_ms"] = bump_until_unique(connection, "updated_at_ms", new.updated_at_ms)
    update_columns(connection, new.id, values)
    fill_git_gaps(connection, new.id, new.git)
    return get(connection, new.id)


def list_page(connection: Connection, query: ThreadListQuery) -> Page[ThreadRecord]:
    """One keyset page; see ``spindle_state.threads._cursor`` for the cursor semantics."""
    if query.sort_key not in _STAMP_COLUMNS:
        raise ValueError(f"unknown sort key: {query.sort_key!r}")
    if query.sort_direction not in ("asc", "desc"):
        raise ValueError(f"unknown sort direction: {query.sort_direction!r}")
    anchor = None if query.cursor is None else parse_thread_cursor(query.cursor)
    size = clamp_limit(query.limit)
    descending = query.sort_direction == "desc"
    params: dict[str, Any] = {"archived": query.archived, "limit": size + 1}
    if query.cwd is not None:
        params["cwd"] = query.cwd
    if query.model_providers:
        params["providers"] = list(query.model_providers)
    if query.excluded_thread_ids:
        params["excluded"] = list(query.excluded_thread_ids)
    if query.search_term:
        params["pattern"] = "%" + _escape_like(query.search_term.lower()) + "%"
    cursor_kind = 0
    if anchor is not None:
        params["stamp"] = anchor.stamp_ms
        cursor_kind = 1
        if anchor.thread_id is not None:
            params["cursor_id"] = anchor.thread_id
            cursor_kind = 2
    statement = _list_statement(
        _STAMP_COLUMNS[query.sort_key],
        descending,
        cursor_kind,
        "cwd" in params,
        "providers" in params,
        tuple(sorted(set(query.source_kinds))),
        "excluded" in params,
        "pattern" in params,
    )
    rows = connection.execute(statement, params).all()
    items = [row_to_thread(row) for row in rows[:size]]
    if not items:
        return Page([], next_cursor=None, backwards_cursor=None)
    key = _STAMP_COLUMNS[query.sort_key]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = ThreadCursor(getattr(last, key), last.id).encode()
    # Stamps are unique per table, so the first item's own stamp is an exact, exclusive
    # fixed point: the opposite direction from it returns only what lies beyond the page's
    # first item (on a desc page: exactly the rows written or touched since).
    backwards = ThreadCursor(getattr(items[0], key), thread_id=None).encode()
    return Page(items, next_cursor, backwards)


def _escape_like(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@functools.lru_cache(maxsize=512)
def _list_statement(
    column: str,
    descending: bool,
    cursor_kind: int,
    has_cwd: bool,
    has_providers: bool,
    source_kinds: tuple[str, ...],
    has_excluded: bool,
    has_search: bool,
) -> sa.Select[Any]:
    """The listing statement for one combination of options, built once (values bind later).

    ``cursor_kind``: 0 no cursor, 1 timestamp-only cursor, 2 timestamp and id.
    """
    stamp = threads.c[column]
    conditions: list[sa.ColumnElement[bool]] = [
        threads.c.archived == sa.bindparam("archived"),
        # Rendered literally (no bound parameter) so the planner matches the partial
        # indexes declared with VISIBLE_PREDICATE.
        threads.c.preview != sa.literal_column("''"),
    ]
    if has_cwd:
        conditions.append(threads.c.cwd == sa.bindparam("cwd"))
    if has_providers:
        conditions.append(threads.c.model_provider.in_(sa.bindparam("providers", expanding=True)))
    if source_kinds:
        conditions.append(source_kinds_condition(threads.c.source, source_kinds))
    if has_excluded:
        conditions.append(threads.c.id.not_in(sa.bindparam("excluded", expanding=True)))
    if has_search:
        pattern: sa.BindParameter[str] = sa.bindparam("pattern", type_=sa.Text)
        conditions.append(
            sa.or_(
                sa.func.lower(threads.c.title).like(pattern, escape="/"),
                sa.func.lower(threads.c.preview).like(pattern, escape="/"),
            )
        )
    bound: sa.BindParameter[int] = sa.bindparam("stamp", type_=sa.BigInteger)
    if cursor_kind == 1:
        conditions.append(stamp < bound if descending else stamp > bound)
    elif cursor_kind == 2:
        # The plain range term comes first so the index range scan starts at the anchor.
        cursor_id: sa.BindParameter[str] = sa.bindparam("cursor_id", type_=sa.Text)
        if descending:
            conditions.append(stamp <= bound)
            conditions.append(sa.or_(stamp < bound, threads.c.id < cursor_id))
        else:
            conditions.append(stamp >= bound)
            conditions.append(sa.or_(stamp > bound, threads.c.id > cursor_id))
    # Stamps are UNIQUE, so the stamp alone is a total order (no sort step for the id).
    order = stamp.desc() if descending else stamp.asc()
    return sa.select(threads).where(*conditions).order_by(order).limit(sa.bindparam("limit"))
