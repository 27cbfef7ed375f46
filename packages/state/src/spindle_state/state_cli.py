"""The ``spindle-state`` command (also mounted as ``spindle state``)."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from spindle_state._exceptions import DatabaseUnavailable
from spindle_state.core._database import display_url, resolve_home, resolve_url
from spindle_state.threads._backfill import BackfillReport, count_pending_rollouts
from spindle_state.threads._rollout_format import SESSIONS_DIR
from spindle_state.threads._schema import head_revision
from spindle_state.threads._store import StateStore, open_store

_home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="spindle home folder (default: $SPINDLE_HOME or ~/.spindle).",
)
_url_option = click.option(
    "--database-url",
    "url",
    default=None,
    help="Database URL (default: $SPINDLE_DATABASE_URL or <home>/state.sqlite).",
)


@click.group()
def state() -> None:
    """Inspect and maintain the spindle state database."""


@state.command()
@_home_option
@_url_option
@click.option("--force", is_flag=True, help="Re-run even when a previous run completed.")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when stderr is a terminal).",
)
def backfill(
    home: Path | None, url: str | None, force: bool, batch_size: int, progress: bool | None
) -> None:
    """Index existing rollout files (<home>/sessions) into the state database."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    console = Console(stderr=True)
    show = console.is_terminal if progress is None else progress
    with open_store(resolve_home(home), url) as store:
        if show:
            report = _backfill_with_bar(store, console, force=force, batch_size=batch_size)
        else:
            report = store.run_backfill(force=force, batch_size=batch_size)
    click.echo(
        f"backfill {report.status}: {report.processed} rollouts processed, "
        f"{report.inserted} inserted, {report.reconciled} reconciled, {report.failed} skipped "
        f"as corrupt, {report.turns_inserted} turns indexed"
        + (f" (resumed after {report.resumed_after})" if report.resumed_after else "")
    )


def _backfill_with_bar(
    store: StateStore, console: Console, *, force: bool, batch_size: int
) -> BackfillReport:
    state_row = store.get_backfill_state()
    after = None if force or state_row is None else state_row.last_watermark
    already_complete = state_row is not None and state_row.status == "complete" and not force
    total = 0 if already_complete else count_pending_rollouts(store.home / SESSIONS_DIR, after)
    with Progress(
        TextColumn("backfill"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("rollouts", total=total)
        return store.run_backfill(
            force=force, batch_size=batch_size, progress=lambda n: bar.advance(task, n)
        )


@state.command()
@_home_option
@_url_option
def info(home: Path | None, url: str | None) -> None:
    """Print the database location, schema revision, thread count and backfill state.

    Read only: a SQLite database that does not exist yet is reported, never created.
    """
    resolved_home = resolve_home(home)
    resolved = resolve_url(resolved_home, url)
    database = sa.engine.make_url(resolved).database if resolved.startswith("sqlite") else None
    if database is not None and not Path(database).is_file():
        click.echo(f"database: {display_url(resolved)} (not created yet)")
        click.echo("threads: 0")
        click.echo("backfill: never run")
        return
    try:
        store = open_store(resolved_home, url)
    except DatabaseUnavailable as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    with store:
        click.echo(f"database: {display_url(store.engine.url)}")
        click.echo(f"schema revision: {head_revision()}")
        click.echo(f"threads: {store.count_threads()}")
        backfill_state = store.get_backfill_state()
        if backfill_state is None:
            click.echo("backfill: never run")
        else:
            watermark = backfill_state.last_watermark or "none yet"
            click.echo(
                f"backfill: {backfill_state.status}; last rollout indexed: {watermark}; "
                f"last completed: {format_unix_time(backfill_state.last_success_at)}; "
                f"last updated: {format_unix_time(backfill_state.updated_at)}"
            )


def format_unix_time(unix_seconds: int | None) -> str:
    """A stored unix time in words: ``2026-12-06 17:20:11 UTC``, or ``never``."""
    if unix_seconds is None:
        return "never"
    return datetime.fromtimestamp(unix_seconds, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def main() -> None:
    """Entry point of the ``spindle-state`` script."""
    state(prog_name="spindle-state")


if __name__ == "__main__":  # pragma: no cover
    main()
