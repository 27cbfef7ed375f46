"""``spindle memories status`` and ``spindle memories run``.

``status`` shows every memory job (kind, key, status, lease, retries, last error) and the
stored outputs. ``run`` runs the whole pipeline now (prune, phase 1, phase 2), whatever
``[features] memories`` says: the model calls and the consolidation agent run in an
in-process app server with the configured model and provider, exactly as after a
``turn/start``. A progress display on stderr follows the jobs while it runs; ``--json``
prints every claim's and job's outcome on stdout. The exit code is 1 when phase 2 failed.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console
    from spindle_memories import MemoryPipelineReport
    from spindle_state import MemoryStore

__all__ = ["memories"]

_POLL_SECONDS = 0.2


def _home(home: Path | None) -> Path:
    from ._config import resolve_home

    return resolve_home(home)


_home_option = click.option(
    "--home",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The spindle home (default: $SPINDLE_HOME, else ~/.spindle).",
)


@click.group()
def memories() -> None:
    """Memories: job status, and running the pipeline now."""


@memories.command()
@_home_option
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(home: Path | None, as_json: bool) -> None:
    """Show the memory jobs, their leases and last outcomes, and the stored outputs."""
    from spindle_state import memories_database_path

    from ._database_files import database_exists

    root = _home(home)
    # Reading never creates the database (nor the home): none yet means no jobs.
    data: dict[str, Any] = {"jobs": [], "stage1Outputs": 0, "selectedForPhase2": 0}
    if database_exists(memories_database_path(root)):
        from spindle_memories import memory_status
        from spindle_state import open_memory_store

        with open_memory_store(root) as store:
            data = memory_status(store)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from spindle_state.state_cli import format_unix_time

    console = Console()
    table = Table("kind", "key", "status", "lease", "retries left", "finished", "last error")
    for job in data["jobs"]:
        table.add_row(
            job["kind"],
            job["jobKey"],
            job["status"],
            job["lease"] or "-",
            str(job["retryRemaining"]),
            "-" if job["finishedAt"] is None else format_unix_time(job["finishedAt"]),
            job["lastError"] or "-",
        )
    console.print(table)
    console.print(
        f"stage-1 outputs: {data['stage1Outputs']} "
        f"({data['selectedForPhase2']} selected by the last consolidation)"
    )


@memories.command()
@_home_option
@click.option("--json", "as_json", is_flag=True, help="Print every claim's and job's outcome.")
def run(home: Path | None, as_json: bool) -> None:
    """Run the memory pipeline now: prune, phase 1, phase 2."""
    from spindle_memories import pipeline_report_json

    report = asyncio.run(_run(_home(home), quiet=as_json))
    data = pipeline_report_json(report)
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        _print_report(data)
    if report.phase2.status.value.startswith("failed"):
        sys.exit(1)


async def _run(home: Path, *, quiet: bool) -> MemoryPipelineReport:
    from rich.console import Console
    from spindle_state import open_store

    from ._config import load_config
    from ._memory_services import MemoryRunSettings
    from ._server import AppServer

    config = load_config(home)
    store = await asyncio.to_thread(open_store, config.home)
    server = AppServer(config)
    server.finish_loading(store)
    settings = MemoryRunSettings(
        thread_id=None, model=config.model, model_provider=config.model_provider
    )
    console = Console(stderr=True, quiet=quiet and not sys.stderr.isatty())
    try:
        task = asyncio.ensure_future(server.memory.run_now(settings))
        await _follow(task, await server.memory.store(), console)
        return await task
    finally:
        await server.shutdown()
        store.close()


async def _follow(task: asyncio.Future[Any], store: MemoryStore, console: Console) -> None:
    """A progress display of the jobs until ``task`` ends."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as progress:
        line = progress.add_task("memories: starting", total=None)
        while not task.done():
            jobs = await asyncio.to_thread(store.list_jobs)
            stage1 = [job for job in jobs if job.kind == "memory_stage1"]
            running = sum(1 for job in stage1 if job.status.value == "running")
            done = sum(1 for job in stage1 if job.status.value == "done")
            failed = sum(1 for job in stage1 if job.status.value == "error")
            phase2 = next((job for job in jobs if job.kind != "memory_stage1"), None)
            progress.update(
                line,
                description=(
                    f"phase 1: {running} running, {done} done, {failed} failed; "
                    f"phase 2: {phase2.status.value if phase2 is not None else 'not queued'}"
                ),
            )
            await asyncio.wait({task}, timeout=_POLL_SECONDS)


def _print_report(data: dict[str, Any]) -> None:
    phase1 = data["phase1"]
    click.echo(f"pruned: {data['pruned']}")
    click.echo(f"phase 1: {len(phase1['claims'])} claim(s), {len(phase1['jobs'])} job(s)")
    for job in phase1["jobs"]:
        error = f" ({job['error']})" if job["error"] else ""
        click.echo(f"  {job['threadId']}: {job['status']}{error}")
    phase2 = data["phase2"]
    error = f" ({phase2['error']})" if phase2["error"] else ""
    click.echo(f"phase 2: {phase2['outcome']}, {phase2['status']}{error}")
    for change in phase2["changes"]:
        click.echo(f"  {change['status']} {change['path']}")
