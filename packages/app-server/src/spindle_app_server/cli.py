"""The ``spindle`` command: ``app-server``, ``logs``, ``memories`` and ``state`` sub-commands."""

from __future__ import annotations

import gc
import importlib
import os
import sys

# A server is started again and again: keep the bytecode Python compiles at the first start
# (the model SDK alone has 2,000 modules) even where PYTHONDONTWRITEBYTECODE is set, instead
# of compiling everything again at every start. (uv's compile-bytecode setting would do it
# at install, but then every ``uv run`` spends most of a second re-checking 6,000 files.)
# Set before the imports below, so that they are cached too.
sys.dont_write_bytecode = False

from pathlib import Path  # noqa: E402 (after the bytecode setting)
from typing import ClassVar  # noqa: E402

import click  # noqa: E402

from .transport import (  # noqa: E402
    ListenUrlError,
    StartupError,
    WsAuth,
    check_listen_allowed,
    parse_listen,
)


class _SpindleGroup(click.Group):
    """Loads the ``logs``, ``memories`` and ``state`` commands only when they are run,
    so ``spindle app-server`` starts (and reports startup errors) without importing them."""

    _LAZY: ClassVar[dict[str, tuple[str, str]]] = {
        "logs": ("spindle_state.logs_cli", "logs"),
        "memories": ("spindle_app_server._memory_cli", "memories"),
        "state": ("spindle_state.state_cli", "state"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._LAZY:
            module_name, attribute = self._LAZY[cmd_name]
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_SpindleGroup)
@click.version_option(package_name="spindle-app-server", prog_name="spindle")
def main() -> None:
    """spindle: a Codex app-server v2 compatible agent app server."""


@main.command("app-server")
@click.option(
    "-c",
    "--config",
    "config_overrides",
    multiple=True,
    metavar="key=value",
    help="Override a config.toml value for this run: a dotted key path, `=`, and a TOML "
    "value (used as a plain string when it is not valid TOML). Repeatable.",
)
@click.option(
    "--enable",
    "enabled_features",
    multiple=True,
    metavar="FEATURE",
    help="Enable a feature (repeatable). Equivalent to `-c features.<name>=true`.",
)
@click.option(
    "--disable",
    "disabled_features",
    multiple=True,
    metavar="FEATURE",
    help="Disable a feature (repeatable). Equivalent to `-c features.<name>=false`.",
)
@click.option(
    "--strict-config",
    is_flag=True,
    default=False,
    help="Error out when config.toml has a problem, such as a key spindle does not recognise.",
)
@click.option(
    "--listen",
    default="stdio://",
    show_default=True,
    help="Transport endpoint URL: `stdio://` (default), `unix://`, `unix://PATH`, "
    "`ws://IP:PORT` or `off`.",
)
@click.option(
    "--ws-auth",
    "ws_auth",
    type=click.Choice(["capability-token", "signed-bearer-token"]),
    default=None,
    help="Authentication mode for incoming WebSocket connections.",
)
@click.option(
    "--ws-token-file",
    type=click.Path(path_type=Path),
    default=None,
    help="Absolute path to the capability-token file.",
)
@click.option(
    "--ws-token-sha256", default=None, help="Hex-encoded SHA-256 digest of the capability token."
)
@click.option(
    "--ws-shared-secret-file",
    type=click.Path(path_type=Path),
    default=None,
    help="Absolute path to the shared secret file for signed JWT bearer tokens.",
)
@click.option("--ws-issuer", default=None, help="Expected issuer for signed JWT bearer tokens.")
@click.option("--ws-audience", default=None, help="Expected audience for signed JWT bearer tokens.")
@click.option(
    "--ws-max-clock-skew-seconds",
    type=int,
    default=None,
    help="Maximum clock skew when validating signed JWT bearer tokens.",
)
def app_server(
    config_overrides: tuple[str, ...],
    enabled_features: tuple[str, ...],
    disabled_features: tuple[str, ...],
    strict_config: bool,
    listen: str,
    ws_auth: str | None,
    ws_token_file: Path | None,
    ws_token_sha256: str | None,
    ws_shared_secret_file: Path | None,
    ws_issuer: str | None,
    ws_audience: str | None,
    ws_max_clock_skew_seconds: int | None,
) -> None:
    """Serve the app-server JSON-RPC protocol on stdio or a WebSocket."""
    # A start allocates mostly objects that live as long as the process (modules, classes,
    # validators): the cyclic collector would scan them again and again for nothing. It
    # is enabled again, with them frozen, once the server has loaded (spindle_app_server._main).
    gc.disable()
    from ._config import ConfigError, feature_override, load_config, parse_override

    try:
        target = parse_listen(listen)
    except ListenUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="'--listen'") from None
    try:
        auth = WsAuth.from_options(
            ws_auth,
            token_file=ws_token_file,
            token_sha256=ws_token_sha256,
            shared_secret_file=ws_shared_secret_file,
            issuer=ws_issuer,
            audience=ws_audience,
            max_clock_skew_seconds=ws_max_clock_skew_seconds,
        )
        check_listen_allowed(target, auth)
        overrides = [parse_override(text) for text in config_overrides]
        overrides += [feature_override(name, enabled=True) for name in enabled_features]
        overrides += [feature_override(name, enabled=False) for name in disabled_features]
        # -c values and --strict-config fail the start at once; otherwise config.toml is
        # read and checked while the server loads, after initialize is answered.
        config = load_config(
            overrides=overrides,
            strict=strict_config,
            check=bool(overrides) or strict_config,
        )
        if target.kind == "off":
            # spindle has no remote control, the reference's only other way in.
            raise StartupError("no transport configured; use --listen or enable remote control")
    except (StartupError, ConfigError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    worker = None
    if _has_run_threads(config.home):
        # Its clients run turns: the model worker's SDK import (most of a second) starts
        # now, on the other core, before the server's own imports, rather than at the first
        # thread/start, which a client may follow at once with turn/start (that turn then
        # waited for the import).
        from ._model_worker import spawn

        worker = spawn()
    from ._main import run

    sys.exit(run(config, target, auth, overrides=overrides, worker=worker))


def _has_run_threads(home: Path) -> bool:
    """Whether threads were run in ``home``: it holds rollouts (``sessions/YYYY/...``)."""
    try:
        with os.scandir(home / "sessions") as entries:
            return any(True for _ in entries)
    except OSError:
        return False
