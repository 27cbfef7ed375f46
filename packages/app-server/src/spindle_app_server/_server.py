"""The app server: connections, request dispatch, loaded threads, background work.

Data flow: a transport hands each connection to :meth:`AppServer.handle_connection`, whose
reader only parses frames and schedules work: every request except ``initialize`` runs as
its own task, so a running turn never delays ``thread/list``. Params are validated into the
generated model, the handler registered for the method runs, and its result (or the error
from the one catch-all below) goes back to the caller. Notifications go to the connections
subscribed to the thread (those that started, resumed or forked it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from spindle_protocol import jsonrpc
from spindle_protocol.errors import (
    NOT_INITIALIZED,
    InternalError,
    InvalidRequest,
    MethodNotFound,
    RpcError,
    unknown_method_message,
)
from spindle_protocol.methods import (
    CLIENT_REQUEST_TYPES,
    CLIENT_REQUESTS,
    INITIALIZE,
    THREAD_FORK,
    THREAD_RESUME,
    THREAD_START,
    parse_params,
)
from spindle_state import log_thread

from ._analytics import Analytics
from ._config import Config
from ._context import RequestContext
from ._experimental import experimental_field_used
from ._handshake import light_initialize_params
from ._model_client import ModelClient, ModelWorker
from ._notifier import EVERY_CONNECTION, Notifier
from ._registry import REGISTRY
from ._server_requests import ServerRequests
from ._session import RequestId, Session
from ._thread_manager import ThreadManager

# The rest of the server (turns, tools, models, memories, sandbox) loads in the background
# while ``initialize`` is answered: see ``spindle_app_server._main`` and ``AppServer.ready``.
if TYPE_CHECKING:
    from spindle_protocol.models import ThreadReadState
    from spindle_sandbox import SandboxProbe
    from spindle_state import StateStore

    from ._memory_trigger import MemoryTrigger
    from ._threads import ActiveTurn, LoadedThread
    from .transport import Connection

__all__ = ["EVERY_CONNECTION", "AppServer"]

log = logging.getLogger(__name__)

# The requests after which turns follow: the first one spawns the model worker.
_THREAD_OPENERS = frozenset({THREAD_START, THREAD_RESUME, THREAD_FORK})


class AppServer:
    """State shared by every connection of one server process."""

    def __init__(self, config: Config) -> None:
        self.config = config
        # Set by ``finish_loading``: every request but ``initialize`` waits for it.
        self.store: StateStore
        self.memory: MemoryTrigger
        self._ready = asyncio.Event()
        # Set by ``fail_loading`` (with why): the requests that waited for the start fail.
        self._load_failed = asyncio.Event()
        self._load_failure = ""
        # Set when a client first needs more than the handshake (its initialize has been
        # answered, or another request came): the signal to load the rest of the server.
        self.wanted = asyncio.Event()
        # Set once config.toml has been read and checked (at once, or while loading: see
        # ``load_config(check=False)``); initialize's config warnings wait for it.
        self.config_checked = asyncio.Event()
        if config.checked:
            self.config_checked.set()
        # Set once the startup backfill has ended: thread/list answers only then, so a
        # first start over existing rollouts never returns an incomplete list.
        self._indexed = asyncio.Event()
        # Requests being handled; ``_idle`` is set while there are none.
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.log_handler: logging.Handler | None = None
        self.home = config.home
        self.sessions: set[Session] = set()
        self.threads = ThreadManager()
        self.notifier = Notifier(self.sessions)
        # -c overrides from the command line, applied again whenever config.toml is reloaded.
        self.config_overrides: tuple[tuple[tuple[str, ...], Any], ...] = ()
        self.config_write_lock = asyncio.Lock()
        self.analytics = Analytics(config.home)
        self._clients: dict[tuple[str, str], ModelClient] = {}
        # The process that sends model requests: the model SDK is imported there, not here.
        self.model_worker = ModelWorker()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._turn_tasks: set[asyncio.Task[None]] = set()
        self.shutting_down = False
        self.server_requests = ServerRequests(self.notifier)
        # Connection-scoped resources (command/exec processes, fs/watch watches) end with
        # their connection; these run once it closes, and on shutdown.
        self.connection_close_hooks: list[Callable[[Session], Awaitable[None]]] = []
        self.shutdown_hooks: list[Callable[[], Awaitable[None]]] = []
        self._sandbox_probe: asyncio.Future[SandboxProbe] | None = None

    def finish_loading(self, store: StateStore) -> None:
        """The state store is open and every handler is registered: serve all requests."""
        from ._memory_trigger import MemoryTrigger

        self.store = store
        self.threads.attach_store(store)
        self.memory = MemoryTrigger(self)
        self._ready.set()

    @property
    def loaded(self) -> dict[str, LoadedThread]:
        """Loaded threads by id (handlers use ``ctx.threads``)."""
        return self.threads.loaded

    def mark_turn_unread(self, thread_id: str, turn_id: str) -> None:
        self.threads.mark_turn_unread(thread_id, turn_id)

    def take_read_state_change(self, thread_id: str) -> ThreadReadState | None:
        return self.threads.take_read_state_change(thread_id)

    def fail_loading(self, why: str) -> None:
        """The start cannot finish (``why``): the requests waiting for it are answered with
        an error at once, rather than when the transport gives up on them at exit."""
        self._load_failure = why
        self._load_failed.set()

    async def _wait_loaded(self) -> None:
        """Wait until the start has loaded; InternalError when it cannot."""
        if not self._ready.is_set() and not self._load_failed.is_set():
            waits = [
                asyncio.ensure_future(self._ready.wait()),
                asyncio.ensure_future(self._load_failed.wait()),
            ]
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for wait in waits:
                    wait.cancel()
        if not self._ready.is_set():
            raise InternalError(self._load_failure)

    @property
    def loaded_fully(self) -> bool:
        return self._ready.is_set()

    def backfill_finished(self) -> None:
        self._indexed.set()

    async def index_complete(self) -> None:
        """Wait until the startup backfill has indexed every existing rollout."""
        await self._indexed.wait()

    async def ready(self) -> None:
        """Wait until :meth:`finish_loading` has run."""
        await self._ready.wait()

    async def idle(self) -> None:
        """Wait until no request is being handled."""
        await self._idle.wait()

    async def sandbox_probe(self) -> SandboxProbe:
        """What sandbox this machine offers: probed once, off the event loop, then cached."""
        if self._sandbox_probe is None:
            self._sandbox_probe = asyncio.ensure_future(self._probe_sandbox())
        return await asyncio.shield(self._sandbox_probe)

    @staticmethod
    async def _probe_sandbox() -> SandboxProbe:
        def probe_sandbox() -> SandboxProbe:
            # Imported on the worker thread: spindle_sandbox loads the protocol models,
            # which would stall the event loop (and an initialize answer) for a while.
            from spindle_sandbox import probe_sandbox

            return probe_sandbox()

        probe = await asyncio.to_thread(probe_sandbox)
        log.info("%s", probe.describe())
        return probe

    # -- background tasks -------------------------------------------------------------------

    def spawn(self, coro: Any, *, name: str | None = None) -> asyncio.Task[Any]:
        """Run ``coro`` in the background, keeping a reference until it ends."""
        task: asyncio.Task[Any] = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error(
                "background task %s failed:\n%s",
                task.get_name(),
                "".join(traceback.format_exception(exc)),
            )

    def start_turn(
        self,
        thread: LoadedThread,
        active: ActiveTurn,
        content: list[dict[str, Any]],
        client_id: str | None,
    ) -> None:
        """Run a turn of ``thread`` in the background (``active`` is its bookkeeping)."""
        self.start_turn_task(self.turn(thread, active, content, client_id), active)

    def turn(
        self,
        thread: LoadedThread,
        active: ActiveTurn,
        content: list[dict[str, Any]],
        client_id: str | None,
    ) -> Coroutine[Any, Any, None]:
        """The turn engine's run of one turn of ``thread``, for callers that schedule it
        themselves (the agents runtime: so it needs no import of the engine, which imports
        the agent tools)."""
        from .turns import run_turn

        return run_turn(self, thread, active, content, client_id)

    def start_turn_task(self, coro: Any, active: ActiveTurn) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
        active.task = task
        self._turn_tasks.add(task)
        task.add_done_callback(self._turn_tasks.discard)

    # -- model clients ----------------------------------------------------------------------

    def model_client(self, provider_id: str, originator: str) -> ModelClient:
        key = (provider_id, originator)
        client = self._clients.get(key)
        if client is None:
            client = ModelClient(
                self.config.provider(provider_id),
                originator=originator or "spindle",
                worker=self.model_worker,
            )
            self._clients[key] = client
        return client

    def on_turn_finished(self, thread: LoadedThread) -> None:
        """Hook called when a turn has fully ended: the memories it cited count as used."""
        self.memory.turn_finished(thread)

    # -- connections ------------------------------------------------------------------------

    async def handle_connection(self, connection: Connection) -> None:
        """Serve one connection until its input ends (the transport's ConnectionHandler)."""
        session = Session(connection)
        self.sessions.add(session)
        pending: set[asyncio.Task[None]] = set()
        try:
            async for text in connection.incoming():
                try:
                    message = jsonrpc.parse_message(text)
                except jsonrpc.FramingError as exc:
                    log.error("%s", exc)  # "Failed to deserialize JSONRPCMessage: ..."
                    continue
                if isinstance(message, jsonrpc.Request):
                    if message.method == INITIALIZE:
                        # Handled inline so requests pipelined behind it see its effect.
                        await self._handle_request(session, message)
                        continue
                    task = asyncio.get_running_loop().create_task(
                        self._handle_request(session, message)
                    )
                    pending.add(task)
                    task.add_done_callback(pending.discard)
                elif isinstance(message, jsonrpc.Notification):
                    continue  # `initialized` and unknown notifications need no action
                elif not self.server_requests.deliver(message):
                    log.warning("could not find callback for %r", message.id)
            # Before waiting for pending requests: a command/exec answers only when its
            # process ends, which closing the connection brings about.
            await self._connection_closed(session)
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        finally:
            await self._connection_closed(session)
            session.closed = True
            self.sessions.discard(session)
            self.server_requests.session_closed(session)
            self.threads.session_closed(session)

    async def _connection_closed(self, session: Session) -> None:
        if session.close_hooks_done:
            return
        session.close_hooks_done = True
        for hook in list(self.connection_close_hooks):
            try:
                await hook(session)
            except Exception:
                log.exception("connection close hook failed")

    async def _handle_request(self, session: Session, request: jsonrpc.Request) -> None:
        self._in_flight += 1
        self._idle.clear()
        try:
            # Log rows written while a thread's request runs, its follow-ups and the turn
            # tasks they start (tasks inherit this context) carry that thread's id, for
            # feedback export.
            with log_thread(_thread_id_of(request.params)):
                await self._handle_request_in_context(session, request)
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    def _start_model_worker(self, session: Session) -> None:
        """Spawn the model worker: turns follow the thread a client opens. Arriving while
        the server loads, the SDK import overlaps the load, and the warm-up that follows
        the load builds the client's SDK client; arriving once loaded (the warm-up may be
        past), that client is built now (building it twice costs nothing: the worker keeps
        one per settings)."""
        self.model_worker.start()
        if self._ready.is_set():  # the config is the checked one
            with contextlib.suppress(Exception):  # a warm-up only
                self.model_client(self.config.model_provider, session.client_name).warm()

    async def _handle_request_in_context(self, session: Session, request: jsonrpc.Request) -> None:
        request_id: RequestId = request.id
        method = request.method
        if log.isEnabledFor(logging.DEBUG):
            log.debug("request id=%r method=%s params=%.2000r", request_id, method, request.params)
        ctx: RequestContext | None = None
        try:
            if method in _THREAD_OPENERS and not self.model_worker.started:
                self._start_model_worker(session)
            if method != INITIALIZE and not self._ready.is_set():
                self.wanted.set()
                await self._wait_loaded()
            if method not in CLIENT_REQUEST_TYPES:
                raise InvalidRequest(unknown_method_message(method))
            # Like the reference, params are deserialized before the handshake is checked.
            # A well-formed initialize is read without the generated models, which may
            # still be loading; anything unusual takes the full validation.
            params: Any = light_initialize_params(request.params) if method == INITIALIZE else None
            if params is None and method in CLIENT_REQUESTS:
                params = parse_params(method, request.params)
            if method != INITIALIZE and not session.initialized:
                raise InvalidRequest(NOT_INITIALIZED)
            experimental = CLIENT_REQUEST_TYPES[method][2]
            if not session.experimental_api:
                if experimental:
                    raise InvalidRequest(f"{method} requires experimentalApi capability")
                field = experimental_field_used(method, request.params)
                if field is not None:
                    raise InvalidRequest(f"{method}.{field} requires experimentalApi capability")
            handler = REGISTRY.get(method)
            if handler is None:
                raise MethodNotFound(f"{method} is not supported yet")
            ctx = RequestContext(self, session, request_id, method, raw_params=request.params)
            result = await handler(ctx, params)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if isinstance(exc, RpcError):
                # Already a wire error: no mapping (whose import needs a server that loaded).
                error: RpcError | None = exc
            else:
                from ._errors import to_rpc_error

                error = to_rpc_error(exc, method)
            if error is None:
                print(
                    f"internal error handling {method} (id {request_id!r}):\n"
                    + "".join(traceback.format_exception(exc)),
                    file=sys.stderr,
                    flush=True,
                )
                error = InternalError(f"internal error: {exc}")
            await session.respond_error(request_id, error.code, error.message, error.data)
            return
        await session.respond(request_id, result)
        if ctx is not None:
            for callback in ctx.after_callbacks():
                try:
                    await callback()
                except Exception:
                    log.exception("follow-up of %s failed", method)

    # -- lifecycle --------------------------------------------------------------------------

    async def interrupt_turns(self) -> None:
        """Interrupt every running turn and wait until each is recorded as interrupted."""
        running: list[asyncio.Task[None]] = []
        for thread in list(self.loaded.values()):
            active = thread.active
            if active is not None and active.task is not None and not active.task.done():
                active.interrupt_requested = True
                active.task.cancel()
                running.append(active.task)
        if running:
            await asyncio.gather(*running, return_exceptions=True)

    async def shutdown(self) -> None:
        """Interrupt running turns (recorded as interrupted), flush rollouts, close clients."""
        self.shutting_down = True
        await self.interrupt_turns()
        for hook in list(self.shutdown_hooks):
            try:
                await hook()
            except Exception:
                log.exception("shutdown hook failed")
        for thread in self.loaded.values():
            try:
                await thread.kill_processes()
            except Exception:
                log.exception("killing the processes of %s failed", thread.id)
            try:
                thread.close_writer()
            except OSError:
                log.exception("closing the rollout of %s failed", thread.id)
        if self.loaded_fully:
            await self.memory.wait_idle(timeout=2.0)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for client in self._clients.values():
            try:
                await client.close()
            except Exception:
                log.exception("closing a model client failed")
        await self.model_worker.close()
        self.analytics.close()


def _thread_id_of(raw_params: Any) -> str | None:
    """The ``threadId`` a request is about, when it names one."""
    if isinstance(raw_params, dict):
        thread_id = raw_params.get("threadId")
        if isinstance(thread_id, str):
            return thread_id
    return None
