"""Process lifecycle of ``spindle app-server``: start, serve, shut down gracefully.

SIGINT and SIGTERM interrupt running turns (recorded as interrupted, with their
notifications sent), stop the transport, flush rollouts and logs and exit 0. Stdin EOF on
the stdio transport ends the server the same way.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from spindle_state import SchemaTooNew, StateError, open_store

from . import handlers as _handlers  # registers every handler
from ._config import Config
from ._server import AppServer
from .transport import ListenTarget, StartupError, WsAuth, serve_stdio, serve_websocket

__all__ = ["run"]

log = logging.getLogger("spindle_app_server")
_ = _handlers


def _configure_logging(config: Config) -> logging.Handler | None:
    level_name = os.environ.get("SPINDLE_LOG", "INFO").upper()
    level = getattr(logging, level_name, logging.INFO)
    root = logging.getLogger()
    root.setLevel(min(level, logging.INFO))
    logging.getLogger("spindle_app_server").setLevel(min(level, logging.INFO))
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(level)
    stderr.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(stderr)
    for noisy in ("httpx", "httpx2", "httpcore", "openai", "websockets", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for message in config.warnings:
        log.warning("%s", message)
    problem = config.fatal_problem
    if problem is not None:
        log.error("%s %s", problem.summary, problem.details)
    return _attach_log_db(config)


def _attach_log_db(config: Config) -> logging.Handler | None:
    """Mirror logs into the logs database when the logs package provides its handler."""
    try:
        state = importlib.import_module("spindle_state")
        open_log_store: Any = getattr(state, "open_log_store", None)
        handler_cls: Any = getattr(state, "LogDbHandler", None)
        if open_log_store is None or handler_cls is None:
            return None
        handler: logging.Handler = handler_cls(open_log_store(config.home), close_store=True)
        handler.setLevel(logging.INFO)
        logging.getLogger().addHandler(handler)
        return handler
    except Exception as exc:  # logs are best effort; the server must still start
        print(f"spindle: logs database unavailable: {exc}", file=sys.stderr)
        return None


async def _backfill(server: AppServer) -> None:
    state = await asyncio.to_thread(server.store.get_backfill_state)
    if state is not None and state.status == "complete":
        return
    log.info("state backfill starting (status %s)", state.status if state else "none")
    report = await asyncio.to_thread(server.store.run_backfill)
    log.info("state backfill finished: %s", report)


async def _serve(
    config: Config,
    target: ListenTarget,
    auth: WsAuth | None,
    overrides: Sequence[tuple[Sequence[str], Any]],
) -> int:
    try:
        store = await asyncio.to_thread(open_store, config.home)
    except (SchemaTooNew, StateError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    server = AppServer(config, store)
    server.config_overrides = tuple((tuple(keys), value) for keys, value in overrides)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    async def on_signal() -> None:
        # Interrupt turns first so their final notifications still reach the clients.
        await server.interrupt_turns()
        stop.set()

    def handle_signal() -> None:
        if not server.shutting_down:
            server.shutting_down = True
            server.spawn(on_signal(), name="shutdown")

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, handle_signal)
        except (NotImplementedError, RuntimeError):  # Windows
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(handle_signal))
    server.spawn(_backfill(server), name="backfill")
    # Which sandbox backend enforces policies here: logged once, warned at initialize.
    server.spawn(server.sandbox_probe(), name="sandbox-probe")
    # The openai SDK is the slowest import; load it off the event loop now so the first
    # turn does not pay for it, while initialize is already being answered.
    server.spawn(asyncio.to_thread(importlib.import_module, "openai"), name="warm-up")
    # Startup objects live for the whole process: keep them out of the cyclic GC's scans.
    gc.freeze()
    try:
        if target.kind == "stdio":
            await serve_stdio(server.handle_connection, stop)
        else:
            if target.kind == "unix" and not target.path:
                default = config.home / "app-server-control" / "app-server-control.sock"
                target = replace(target, path=str(default))
            await serve_websocket(target, auth, server.handle_connection, stop)
    except StartupError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        await server.shutdown()
        store.close()
        return 1
    await server.shutdown()
    await asyncio.to_thread(store.close)
    return 0


def run(
    config: Config,
    target: ListenTarget,
    auth: WsAuth | None,
    *,
    overrides: Sequence[tuple[Sequence[str], Any]] = (),
) -> int:
    """Run the server until EOF or a signal; the process exit code.

    ``overrides`` are the ``-c``/``--enable``/``--disable`` values, applied again whenever a
    config write makes the server reload config.toml.
    """
    log_handler = _configure_logging(config)
    try:
        return asyncio.run(_serve(config, target, auth, overrides))
    finally:
        if log_handler is not None:
            log_handler.flush()
            log_handler.close()
