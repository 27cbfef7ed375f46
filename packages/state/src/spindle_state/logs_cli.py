"""``spindle logs``: print and follow the logs database with filters.

Follows the reference's ``codex-state-logs`` tool: the newest ``--backfill`` matching rows
are printed oldest first, then ``--follow`` polls for rows with a higher id until Ctrl-C.
The database is opened read-only, so it can be read while a server writes to it. Every
filter, ``--search`` included, runs in SQL.

Exit codes: 0 success (also after Ctrl-C in follow mode), 1 a database error while
reading, 2 bad input (unknown level, unparsable time, missing database).

Runnable as ``spindle logs`` (mounted by the app server CLI) or
``python -m spindle_state.logs_cli``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, NoReturn, TextIO

import click
from sqlalchemy.exc import SQLAlchemyError

from spindle_state._exceptions import StateError
from spindle_state.core._database import sqlite_url
from spindle_state.logs._logs_engine import open_logs_engine, resolve_logs_url
from spindle_state.logs._logs_queries import InvalidLogLevel, LogQuery, LogRow, normalize_level
from spindle_state.logs._logs_schema import logs_database_path
from spindle_state.logs._logs_store import LogStore

EXIT_DATABASE_ERROR: Final = 1
EXIT_BAD_INPUT: Final = 2
_RELATIVE: Final = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")
_UNIX: Final = re.compile(r"-?\d+(?:\.\d+)?")
_UNIT_NS: Final = {
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60 * 1_000_000_000,
    "h": 3600 * 1_000_000_000,
    "d": 86400 * 1_000_000_000,
    "w": 7 * 86400 * 1_000_000_000,
}
_FOLLOW_PAGE: Final = 1000
_PG_LOOKBACK: Final = 10_000


class BadInput(Exception):
    """User input the command refuses (exit code 2)."""


def parse_time(value: str, now_ns: int) -> int:
    """Nanoseconds since the epoch for RFC3339, unix seconds, or a relative time (``10m``)."""
    text = value.strip()
    relative = _RELATIVE.fullmatch(text)
    if relative:
        return now_ns - int(float(relative.group(1)) * _UNIT_NS[relative.group(2)])
    if _UNIX.fullmatch(text):
        return int(float(text) * 1_000_000_000)
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise BadInput(
            f"invalid time {value!r}: expected RFC3339 (2026-11-28T20:16:31Z), "
            "unix seconds, or a relative time such as 10m, 2h, 7d"
        )
    delta = parsed - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def _datetime(row: LogRow) -> datetime:
    return datetime.fromtimestamp(row.ts, UTC).replace(microsecond=row.ts_nanos // 1000)


def format_row(row: LogRow, *, compact: bool = False) -> str:
    """``<ts RFC3339 ms> <LEVEL> [<thread id or ->] <target> - <body>`` (or compact)."""
    moment = _datetime(row)
    body = row.body.rstrip("\n")
    if compact:
        return f"{moment:%H:%M:%S} {row.level:<5} {body}"
    stamp = f"{moment:%Y-%m-%dT%H:%M:%S}.{row.ts_nanos // 1_000_000:03d}Z"
    return f"{stamp} {row.level:<5} [{row.thread_id or '-'}] {row.target} - {body}"


def format_row_json(row: LogRow) -> str:
    """One JSON object per row."""
    moment = _datetime(row)
    return json.dumps(
        {
            "id": row.id,
            "timestamp": f"{moment:%Y-%m-%dT%H:%M:%S}.{row.ts_nanos:09d}Z",
            "ts": row.ts,
            "ts_nanos": row.ts_nanos,
            "level": row.level,
            "target": row.target,
            "thread_id": row.thread_id,
            "process_uuid": row.process_uuid,
            "module_path": row.module_path,
            "file": row.file,
            "line": row.line,
            "message": row.message,
            "body": row.body,
            "estimated_bytes": row.estimated_bytes,
        },
        ensure_ascii=False,
    )


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"spindle logs: error: {message}", err=True)
    sys.exit(code)


def _open(db: Path | None, database_url: str | None, home: Path | None) -> LogStore:
    if db is not None:
        url = sqlite_url(db)
    elif database_url:
        url = resolve_logs_url(home, database_url)  # postgresql:// means psycopg 3
    else:
        url = sqlite_url(logs_database_path(home))
    try:
        return LogStore(open_logs_engine(url=url, read_only=True))
    except StateError as error:
        _fail(str(error), EXIT_BAD_INPUT)
    except SQLAlchemyError as error:
        _fail(f"cannot open the log database: {_first_line(error)}", EXIT_BAD_INPUT)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _emit(rows: Iterable[LogRow], out: TextIO, *, compact: bool, as_json: bool) -> int:
    last = 0
    for row in rows:
        out.write((format_row_json(row) if as_json else format_row(row, compact=compact)) + "\n")
        last = max(last, row.id)
    out.flush()
    return last


class LogTail:
    """The rows of a query written after a starting id, one poll at a time.

    SQLite hands out ids in commit order (one writer at a time), so a poll only asks for
    ids above the last one printed. On PostgreSQL, concurrent writers can commit a lower
    id after a higher one was already read; there each poll re-reads a trailing window of
    ``lookback`` ids and skips the ones already printed, so such a row is still printed.
    """

    def __init__(
        self, store: LogStore, query: LogQuery, after_id: int, lookback: int | None = None
    ) -> None:
        self._store = store
        self._query = query
        self.last_id = after_id
        if lookback is None:
            lookback = _PG_LOOKBACK if store.engine.dialect.name == "postgresql" else 0
        self._lookback = lookback
        self._seen: set[int] = set()
        if lookback:
            window = store.ids(query, after_id=max(0, after_id - lookback))
            self._seen = {row_id for row_id in window if row_id <= after_id}

    def poll(self) -> list[LogRow]:
        """Rows not yet returned, in id order."""
        if not self._lookback:
            fresh: list[LogRow] = []
            while True:
                page = self._store.query(self._query, after_id=self.last_id, limit=_FOLLOW_PAGE)
                fresh.extend(page)
                if page:
                    self.last_id = page[-1].id
                if len(page) < _FOLLOW_PAGE:
                    return fresh
        window = self._store.ids(self._query, after_id=max(0, self.last_id - self._lookback))
        new_ids = [row_id for row_id in window if row_id not in self._seen]
        if not new_ids:
            return []
        self._seen.update(new_ids)
        self.last_id = max(self.last_id, new_ids[-1])
        floor = self.last_id - self._lookback
        self._seen = {row_id for row_id in self._seen if row_id > floor}
        return self._store.by_id(new_ids)


@click.command("logs")
@click.option("--db", type=click.Path(path_type=Path), help="Path of the SQLite logs database.")
@click.option(
    "--database-url",
    envvar="SPINDLE_DATABASE_URL",
    help="Database URL (PostgreSQL); defaults to $SPINDLE_DATABASE_URL. --db wins.",
)
@click.option(
    "--home",
    type=click.Path(path_type=Path),
    envvar="SPINDLE_HOME",
    help="spindle home (default $SPINDLE_HOME or ~/.spindle); reads <home>/logs.sqlite.",
)
@click.option("--level", help="Minimum level: trace, debug, info, warn, error.")
@click.option(
    "--from", "from_", metavar="TIME", help="Start: RFC3339, unix seconds, or 10m/2h/7d ago."
)
@click.option("--to", metavar="TIME", help="End: RFC3339, unix seconds, or 10m/2h/7d ago.")
@click.option("--module", multiple=True, help="Substring of the module path (repeatable).")
@click.option("--file", "file_", multiple=True, help="Substring of the source file (repeatable).")
@click.option("--thread-id", multiple=True, help="Rows of this thread (repeatable).")
@click.option("--threadless", is_flag=True, help="Include rows without a thread id.")
@click.option("--process", "process_uuid", metavar="UUID", help="Rows of one process_uuid.")
@click.option("--search", metavar="TEXT", help="Substring of the rendered log body.")
@click.option("--backfill", type=click.IntRange(min=0), default=200, show_default=True,
              help="How many of the newest matching rows to print first.")  # fmt: skip
@click.option("--follow", "-f", is_flag=True, help="Keep polling for new rows until Ctrl-C.")
@click.option("--poll-ms", type=click.IntRange(min=1), default=500, show_default=True,
              help="Poll interval of --follow, in milliseconds.")  # fmt: skip
@click.option("--compact", is_flag=True, help="Only time, level and body.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def logs(
    db: Path | None,
    database_url: str | None,
    home: Path | None,
    level: str | None,
    from_: str | None,
    to: str | None,
    module: tuple[str, ...],
    file_: tuple[str, ...],
    thread_id: tuple[str, ...],
    threadless: bool,
    process_uuid: str | None,
    search: str | None,
    backfill: int,
    follow: bool,
    poll_ms: int,
    compact: bool,
    as_json: bool,
) -> None:
    """Print (and with --follow, tail) spindle's logs database."""
    now_ns = time.time_ns()
    try:
        query = LogQuery(
            min_level=normalize_level(level) if level is not None else None,
            from_ns=parse_time(from_, now_ns) if from_ is not None else None,
            to_ns=parse_time(to, now_ns) if to is not None else None,
            modules=module,
            files=file_,
            thread_ids=thread_id,
            include_threadless=threadless,
            process_uuid=process_uuid,
            search=search or None,
        )
    except (InvalidLogLevel, BadInput) as error:
        _fail(str(error), EXIT_BAD_INPUT)
    store = _open(db, database_url, home)
    out = sys.stdout
    try:
        last_id = 0
        if backfill:
            rows = store.query(query, limit=backfill, newest_first=True)
            last_id = _emit(reversed(rows), out, compact=compact, as_json=as_json)
        if not follow:
            return
        tail = LogTail(store, query, last_id if last_id else store.max_id(query))
        while True:
            time.sleep(poll_ms / 1000)
            _emit(tail.poll(), out, compact=compact, as_json=as_json)
    except KeyboardInterrupt:
        return
    except SQLAlchemyError as error:
        _fail(f"reading the log database failed: {_first_line(error)}", EXIT_DATABASE_ERROR)
    except BrokenPipeError:
        return
    finally:
        store.close()


def main() -> None:
    """Entry point of ``python -m spindle_state.logs_cli``."""
    logs(prog_name="spindle logs")


if __name__ == "__main__":
    main()
