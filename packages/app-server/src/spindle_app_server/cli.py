"""The ``spindle`` command: ``app-server``, ``logs`` and ``state`` sub-commands."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="spindle-app-server", prog_name="spindle")
def main() -> None:
    """spindle: a Codex app-server v2 compatible agent app server."""


@main.command("app-server")
@click.option("--listen", default="stdio://", show_default=True, help="stdio:// or ws://HOST:PORT")
def app_server(listen: str) -> None:
    """Serve the app-server JSON-RPC protocol on stdio or a WebSocket."""
    raise click.ClickException("app-server is not implemented yet")
