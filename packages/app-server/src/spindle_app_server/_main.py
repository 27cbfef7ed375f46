"""Process lifecycle of ``spindle app-server``: start, serve, shut down gracefully.

Start: the model worker process, which imports the model SDK (about a second of CPU) on
the machine's other core, is spawned by the CLI before it imports the server when the
home has run threads before (it holds rollouts), else when a client first starts, resumes or forks a thread (the request
that turns follow; it arrives while the server still loads, so the import overlaps the
load); the server never imports the SDK (see ``spindle_app_server._model_worker``). A
server over a new home whose clients start no thread spends nothing on it. The transport
serves at once,
with only what ``initialize`` needs imported. Once the first initialize is answered, a
worker thread opens the state database, imports the handlers (and everything they import)
and builds the validators of what a thread and its first turn send (pydantic builds them
on first use otherwise: on the event loop, in that turn); every request but
``initialize`` waits for that (``AppServer.ready``). The logs database is attached before,
and the backfill started right after. Then, once the requests that waited for the start
are answered, the model worker is asked to build the SDK client of each client already
here. A first turn sent before the model worker has imported the SDK waits for it there.
Once the start has settled (1.5 s), the file search's walk helper process is started
(``_fuzzy_helper``), so that a first search finds it up; shutdown stops it.
A database that cannot be opened (unreachable, unsupported URL scheme) ends
the process with one line on stderr and exit code 2.

SIGINT and SIGTERM interrupt running turns (recorded as interrupted, with their
notifications sent), stop the transport, flush rollouts and logs, end and reap the model
worker and exit 0. Stdin EOF on the stdio transport ends the server the same way. A
backfill still running is stopped at its next rollout, checkpointed, and resumes at the
next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import importlib
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from spindle_state import DatabaseUnavailable, SchemaTooNew, StateError

from ._config import Config, load_config
from ._server import AppServer
from .transport import ListenTarget, StartupError, WsAuth

if TYPE_CHECKING:
    from pydantic import BaseModel
    from spindle_state import BackfillReport, StateStore

__all__ = ["run"]

log = logging.getLogger("spindle_app_server")

# Seconds a start waits for a first client before loading the rest of the server anyway.
_IDLE_START_DELAY = 0.2
# Seconds the model clients' warm-up waits at most for the requests answered first.
_WARM_UP_DELAY_MAX = 1.0
# Seconds after the start the file search's walk helper process is started: past the
# start's own work (the model worker's SDK import takes the other core for about that).
_WALK_HELPER_DELAY = 1.5
# Seconds a start that cannot finish gives the requests that waited for it to be answered.
_FAILED_START_ANSWER_GRACE = 1.0
# Seconds an exit waits for a running backfill to checkpoint.
_BACKFILL_STOP_GRACE = 0.7


def _configure_logging(config: Config) -> None:
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
    _log_config_problems(config)


def _log_config_problems(config: Config) -> None:
    for message in config.warnings:
        log.warning("%s", message)
    problem = config.fatal_problem
    if problem is not None:
        log.error("%s %s", problem.summary, problem.details)


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


def _describe(report: BackfillReport) -> str:
    text = (
        f"{report.processed} rollouts read, {report.inserted} threads added, "
        f"{report.reconciled} reconciled, {report.failed} skipped as unreadable, "
        f"{report.turns_inserted} turns indexed"
    )
    return text + (f", resumed after {report.resumed_after}" if report.resumed_after else "")


async def _backfill(server: AppServer, stop: threading.Event) -> None:
    """Index rollouts not yet in the database; thread/list waits until this has ended."""
    try:
        state = await asyncio.to_thread(server.store.get_backfill_state)
        if state is not None and state.status == "complete":
            return
        log.info("state backfill starting (status %s)", state.status if state else "none")
        progress = _BackfillProgress()
        report = await asyncio.to_thread(
            server.store.run_backfill, progress=progress, should_stop=stop.is_set
        )
        if report.status == "complete":
            log.info("state backfill complete: %s", _describe(report))
        else:
            log.info("state backfill stopped, resumes at the next start: %s", _describe(report))
    except Exception:
        log.exception("state backfill failed; thread/list shows only the threads indexed")
    finally:
        server.backfill_finished()


class _BackfillProgress:
    """Logs how far the backfill is, every 500 rollouts."""

    EVERY = 500

    def __init__(self) -> None:
        self.done = 0

    def __call__(self, count: int) -> None:
        before = self.done
        self.done += count
        if self.done // self.EVERY != before // self.EVERY:
            log.info("state backfill: %d rollouts indexed so far", self.done)


def _load(server: AppServer) -> StateStore:
    """The slow part of a start, run off the event loop: the database (first, so a database
    that cannot be opened ends the start at once), then the handlers, the memory trigger and
    the validators a thread and its turns use, then the goals database (which every turn
    reads)."""
    from spindle_state import open_store

    store = open_store(server.config.home)
    try:
        # The handlers register themselves; the memory trigger, which finish_loading makes
        # on the event loop, is imported here, off it (spindle_memories: ~50 ms).
        from . import _memory_trigger, handlers
        from .turns._notify_sink import build_item_models

        del handlers, _memory_trigger
        # The item models first: every Thread holds them, and the rest build on them.
        build_item_models()
        _build_turn_models()
        _build_file_search_models()
    except BaseException:
        store.close()
        raise
    from ._goals import open_goals

    open_goals(server)
    return store


def _build_turn_models() -> None:
    """Build what a first turn would: the validators of its notifications and of turn/start
    (whose answer holds a Turn). Part of the start, off the event loop: thread/start's answer
    shares most of them (Turn, ThreadSettings), and a first turn sent right after it would
    otherwise build the rest on the event loop, in its own time."""
    from spindle_protocol.methods import CLIENT_REQUESTS, TURN_START

    from .turns._notify_sink import build_models

    build_models()
    turn_start = CLIENT_REQUESTS[TURN_START]
    _rebuild(turn_start.params, turn_start.result)


def _build_file_search_models() -> None:
    """Build the validators of ``fuzzyFileSearch`` (its params, answer and results), which
    an IDE sends as its user types ``@``: a few ms its first search would spend."""
    from spindle_protocol.methods import CLIENT_REQUESTS, FUZZY_FILE_SEARCH
    from spindle_protocol.models import FuzzyFileSearchResult

    search = CLIENT_REQUESTS[FUZZY_FILE_SEARCH]
    _rebuild(search.params, search.result, FuzzyFileSearchResult)


def _rebuild(*models: type[BaseModel] | None) -> None:
    """Build the validators and serializers of ``models`` (the ones given)."""
    for model in models:
        if model is not None:
            model.model_rebuild()


def _warm_up_model_clients(server: AppServer) -> None:
    """Have the model worker build the SDK client of each client already here (its HTTP
    client and TLS context take a while) before their first turn."""
    for name in sorted({s.client_name for s in server.sessions if s.initialized}):
        with contextlib.suppress(Exception):  # a warm-up only
            server.model_client(server.config.model_provider, name).warm()


async def _start_walk_helper() -> None:
    """Start the file search's walk helper once the start has settled: a first search
    (an IDE's, a ``@`` in the TUI) then shares its walk from its first directory rather
    than after the helper's own start (see ``_fuzzy_helper``)."""
    await asyncio.sleep(_WALK_HELPER_DELAY)
    from ._fuzzy_helper import HELPER

    await asyncio.to_thread(HELPER.start)


async def _stop_walk_helper() -> None:
    from ._fuzzy_helper import HELPER

    await asyncio.to_thread(HELPER.stop)


async def _fail_start(server: AppServer, why: str) -> None:
    """Answer the requests waiting for a start that cannot finish, before the exit."""
    server.fail_loading(why)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.idle(), timeout=_FAILED_START_ANSWER_GRACE)


_T = TypeVar("_T")


def _in_daemon_thread(fn: Callable[[], _T]) -> asyncio.Future[_T]:
    """Run ``fn`` on a daemon thread: unlike ``asyncio.to_thread`` an exit never waits for
    it, so stdin EOF right after a start does not wait for imports still under way."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(result: _T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result = fn()
        except BaseException as exc:
            loop.call_soon_threadsafe(settle, None, exc)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=work, name=getattr(fn, "__name__", "worker"), daemon=True).start()
    return future


async def _serve(
    config: Config,
    target: ListenTarget,
    auth: WsAuth | None,
    overrides: Sequence[tuple[Sequence[str], Any]],
    worker: subprocess.Popen[bytes] | None,
) -> int:
    server = AppServer(config)
    server.config_overrides = tuple((tuple(keys), value) for keys, value in overrides)
    if worker is not None:
        server.model_worker.adopt(worker)
    stop = asyncio.Event()
    stop_backfill = threading.Event()
    loop = asyncio.get_running_loop()
    exit_code = 0
    store: StateStore | None = None
    backfill: list[asyncio.Task[None]] = []

    async def load() -> None:
        nonlocal exit_code
        try:
            await load_everything()
        except Exception as exc:
            # A start that cannot finish (a broken install: a module that fails to import)
            # ends the process with one line, rather than leaving every request waiting
            # for a start that never comes.
            if server.loaded_fully:
                raise
            log.error("the server could not start", exc_info=True)
            print(f"Error: the server could not start: {exc}", file=sys.stderr, flush=True)
            await _fail_start(server, f"the server could not start: {exc}")
            exit_code = 1
            stop.set()
        finally:
            # Startup objects (the handlers and all they import) live for the whole
            # process: frozen, out of the collector's scans, which start again only now.
            gc.freeze()
            gc.enable()

    async def load_everything() -> None:
        nonlocal exit_code, store
        # Loading competes with the handshake for the interpreter (one GIL): it starts once
        # the first initialize is answered (or another request asks for more), or soon
        # after start when no client has come yet.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wanted.wait(), timeout=_IDLE_START_DELAY)
        # Which sandbox backend enforces policies here: logged once, warned at initialize.
        server.spawn(server.sandbox_probe(), name="sandbox-probe")
        await check_config()
        try:
            store = await _in_daemon_thread(functools.partial(_load, server))
        except (SchemaTooNew, StateError) as exc:
            print(f"Error: {exc}", file=sys.stderr, flush=True)
            await _fail_start(server, str(exc))
            exit_code = 2 if isinstance(exc, DatabaseUnavailable) else 1
            stop.set()
            return
        # Part of the start: a sandbox warning owed to an initialize is sent before the
        # answers to the requests that follow it.
        with contextlib.suppress(Exception):  # logged by the probe's own task
            await server.sandbox_probe()
        # The logs database takes rows before any request runs, so the first turn's own
        # lines (turn started...) are kept for feedback exports too.
        server.log_handler = await asyncio.to_thread(_attach_log_db, config)
        server.finish_loading(store)
        # The file search's walk helper (started by a first walk, or below) ends with us.
        server.shutdown_hooks.append(_stop_walk_helper)
        backfill.append(server.spawn(_backfill(server, stop_backfill), name="backfill"))
        # The requests that waited for the start are answered first: the model clients'
        # warm-up would compete with them. Bounded: a request may wait for long (thread/list
        # for the backfill).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.idle(), timeout=_WARM_UP_DELAY_MAX)
        _warm_up_model_clients(server)
        server.spawn(_start_walk_helper(), name="walk-helper")

    async def check_config() -> None:
        # config.toml, read and checked (tomlkit, jsonschema) now rather than before the
        # first initialize; its warnings go out once this is done (_handshake).
        try:
            if not server.config.checked:
                server.config = await _in_daemon_thread(
                    functools.partial(load_config, server.config.home)
                )
                _log_config_problems(server.config)
        finally:
            server.config_checked.set()

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
    loader = server.spawn(load(), name="load")
    try:
        if target.kind == "stdio":
            from .transport import serve_stdio

            await serve_stdio(server.handle_connection, stop)
        else:
            from .transport import serve_websocket

            if target.kind == "unix" and not target.path:
                default = config.home / "app-server-control" / "app-server-control.sock"
                target = replace(target, path=str(default))
            await serve_websocket(target, auth, server.handle_connection, stop)
    except StartupError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        exit_code = 1
    # A backfill in progress stops at its next rollout (checkpointed; it resumes next start).
    stop_backfill.set()
    if backfill:
        # It stops at its next rollout and checkpoints what it read; if that takes too
        # long the process leaves anyway (the batch is then read again next time).
        await asyncio.wait(backfill, timeout=_BACKFILL_STOP_GRACE)
    # A start still loading is abandoned (its daemon thread dies with the process; an
    # unfinished migration is an uncommitted transaction).
    loader.cancel()
    await server.shutdown()
    if store is not None:
        await asyncio.to_thread(store.close)
    if server.log_handler is not None:
        server.log_handler.flush()
        server.log_handler.close()
    return exit_code


def run(
    config: Config,
    target: ListenTarget,
    auth: WsAuth | None,
    *,
    overrides: Sequence[tuple[Sequence[str], Any]] = (),
    worker: subprocess.Popen[bytes] | None = None,
) -> int:
    """Run the server until EOF or a signal; the process exit code.

    ``overrides`` are the ``-c``/``--enable``/``--disable`` values, applied again whenever a
    config write makes the server reload config.toml. ``worker``: a model worker already
    spawned (:func:`spindle_app_server._model_worker.spawn`), which the server adopts.
    """
    _configure_logging(config)
    loop = asyncio.new_event_loop()
    try:
        code = loop.run_until_complete(_serve(config, target, auth, overrides, worker))
    except BaseException:
        loop.close()
        raise
    # Everything of ours is flushed and closed by now. What may still run are worker
    # threads that cannot be interrupted (a sandbox probe, an import for a start that
    # never finished); waiting for them, as asyncio.run and interpreter exit would, turns
    # a 10 ms exit into seconds. So leave without them.
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
