"""Start a real app-server process and speak JSON-RPC to it over stdio or WebSocket.

The same harness drives spindle (``spindle app-server``, home in ``SPINDLE_HOME``) and the
reference (``codex app-server``, home in ``CODEX_HOME``), so golden transcripts can be
recorded from the reference and replayed against spindle.

- :class:`ServerProcess` owns the process: ``start()``, ``connect()``, ``shutdown()``
  (stdin EOF for stdio, SIGTERM for ws; returns the exit code), ``restart()``.
- :class:`Connection` is one JSON-RPC session: ``request()`` (returns the whole response
  message), ``call()`` (returns ``result`` or raises :class:`RpcError`), ``notify()``,
  ``send_raw()`` (malformed input), ``wait_for()`` (notifications), ``mark()``.
- Server-to-client requests (approvals, user input...): ``server_requests()``,
  ``wait_for_request()``, then ``respond()`` / ``respond_error()`` / ``respond_raw()``; or
  ``on_request(method, fn)`` to answer every such request with ``fn(message)`` automatically.

Every received message can be checked against the official schema: pass ``schema=`` and
problems are collected in :attr:`Connection.schema_errors` (and raised by ``call``). Server
requests are checked against ``ServerRequest.json``, and our answers to them against the
request's official response type (``respond(..., check=False)`` sends a deliberately wrong
one).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect as ws_connect

from tests.support.mock_provider import MockProvider
from tests.support.reference import OFFLINE_CONFIG, codex_binary
from tests.support.schema import OfficialSchema

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_TIMEOUT",
    "INTERNAL_ERROR",
    "Connection",
    "Kind",
    "Message",
    "RpcError",
    "ServerProcess",
    "StartServer",
    "Transport",
    "free_port",
    "server_kind",
    "spindle_command",
    "spindle_only",
    "write_config",
]

Kind = Literal["spindle", "reference"]
Transport = Literal["stdio", "ws"]

DEFAULT_TIMEOUT = 30.0
API_KEY_ENV = "SPINDLE_MOCK_API_KEY"
API_KEY = "sk-mock-e2e"
INTERNAL_ERROR = -32603
Message = dict[str, Any]
Responder = Callable[[Message], Any]


def server_kind() -> Kind:
    """Which server the e2e suite drives: spindle, or the reference with
    ``SPINDLE_E2E_SERVER=reference`` (to check the tests themselves against the reference)."""
    value = os.environ.get("SPINDLE_E2E_SERVER", "spindle")
    if value not in ("spindle", "reference"):
        raise ValueError(f"SPINDLE_E2E_SERVER must be spindle or reference, not {value!r}")
    return "reference" if value == "reference" else "spindle"


def spindle_only(reason: str) -> None:
    """Skip a spindle-specific test when the suite is pointed at the reference (only then)."""
    if server_kind() == "reference":
        import pytest

        pytest.skip(f"spindle-only behaviour: {reason}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spindle_command() -> list[str]:
    """``spindle`` from this interpreter's environment (the console script when installed)."""
    script = Path(sys.executable).parent / "spindle"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from spindle_app_server.cli import main; main()"]


def write_config(
    home: Path,
    base_url: str,
    *,
    model: str = "mock-model",
    extra: str = "",
    retries: int = 2,
) -> Path:
    """Write a reference-style ``config.toml`` pointing the model provider at ``base_url``.

    The same file works for spindle (which reads the reference's keys) and for the reference
    (whose plugin, app and analytics features are turned off so it stays offline).
    """
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(
        f"""model = "{model}"
model_provider = "mock"
approval_policy = "never"
sandbox_mode = "read-only"

[model_providers.mock]
name = "mock"
base_url = "{base_url}"
env_key = "{API_KEY_ENV}"
wire_api = "responses"
request_max_retries = {retries}
stream_max_retries = {retries}

{OFFLINE_CONFIG}{extra}"""
    )
    return path


class RpcError(Exception):
    """A JSON-RPC error response."""

    def __init__(self, method: str, error: Mapping[str, Any]) -> None:
        self.method = method
        self.code: int = int(error.get("code", 0))
        self.message: str = str(error.get("message", ""))
        self.error = dict(error)
        super().__init__(f"{method}: {self.code} {self.message}")


@dataclass
class Connection:
    """One JSON-RPC session with a server (a stdio pipe pair or one WebSocket)."""

    name: str
    schema: OfficialSchema | None = None
    messages: list[Message] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)
    responder_errors: list[BaseException] = field(default_factory=list)
    closed: bool = False
    initialized: bool = False

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._methods: dict[Any, str] = {}
        self._responses: dict[Any, Message] = {}
        # Server requests: their method by id, and the ids already answered.
        self._server_methods: dict[str, str] = {}
        self._answered: set[str] = set()
        self._responders: dict[str, Responder] = {}
        self._responder_queue: queue.SimpleQueue[Message | None] | None = None
        self._send_lock = threading.Lock()
        self._write: Callable[[str], None] = self._no_writer
        self._close_hook: Callable[[], None] = lambda: None

    @staticmethod
    def _no_writer(text: str) -> None:
        raise RuntimeError("connection has no writer")

    # --- receiving --------------------------------------------------------------------------

    def _deliver(self, raw: str | bytes) -> None:
        text = raw.decode() if isinstance(raw, bytes) else raw
        if not text.strip():
            return
        try:
            msg = json.loads(text)
        except ValueError:
            msg = {"__unparsable__": text}
        if not isinstance(msg, dict):
            msg = {"__unparsable__": text}
        problems = self._check(msg)
        with self._cond:
            if "__unparsable__" in msg:
                self.schema_errors.append(f"server sent a non-object line: {text[:200]!r}")
            self.schema_errors.extend(problems)
            self.messages.append(msg)
            if "id" in msg and "method" not in msg:
                self._responses[_key(msg["id"])] = msg
            auto = False
            if "id" in msg and "method" in msg:
                self._server_methods[_key(msg["id"])] = str(msg["method"])
                auto = msg["method"] in self._responders
            self._cond.notify_all()
        if auto:
            self._enqueue_for_responder(msg)

    def _check(self, msg: Message) -> list[str]:
        if self.schema is None or "__unparsable__" in msg:
            return []
        if "method" in msg and "id" not in msg:
            return self.schema.check_notification(str(msg["method"]), msg.get("params"))
        if "method" in msg and "id" in msg:
            requested = str(msg["method"])
            problems = self.schema.check_server_request(requested, msg.get("params"))
            if not isinstance(msg["id"], (str, int)) or isinstance(msg["id"], bool):
                problems.append(f"server request {requested}: id {msg['id']!r} is not a RequestId")
            return problems
        if "id" in msg and "method" not in msg:
            method = self._methods.get(_key(msg["id"]))
            if method is None:
                return []
            if "error" in msg:
                return self.schema.check_error(method, msg["error"])
            if "result" in msg:
                return self.schema.check_result(method, msg["result"])
            return [f"{method}: response without result or error: {msg}"]
        return []

    def _mark_closed(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
            responder_queue = self._responder_queue
        if responder_queue is not None:
            responder_queue.put(None)

    # --- sending ----------------------------------------------------------------------------

    def send_raw(self, text: str) -> None:
        """Send one line/frame exactly as given (no validation, no newline for ws)."""
        with self._send_lock:
            self._write(text)

    def send(self, msg: Mapping[str, Any]) -> None:
        self.send_raw(json.dumps(msg))

    def next_id(self) -> int:
        return next(self._ids)

    def request_async(self, method: str, params: Any = None, *, id: Any = None) -> Any:
        """Send a request and return its id without waiting."""
        rid = self.next_id() if id is None else id
        msg: dict[str, Any] = {"id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self._methods[_key(rid)] = method
        self.send(msg)
        return rid

    def send_request(self, msg: Mapping[str, Any]) -> Any:
        """Send a hand-built request (any shape) and remember its method for validation."""
        if "id" in msg:
            self._methods[_key(msg["id"])] = str(msg.get("method"))
        self.send(msg)
        return msg.get("id")

    def response(self, rid: Any, timeout: float = DEFAULT_TIMEOUT) -> Message:
        deadline = time.monotonic() + timeout
        key = _key(rid)
        with self._cond:
            while key not in self._responses:
                remaining = deadline - time.monotonic()
                if self.closed:
                    raise ConnectionError(f"{self.name}: closed before the response to id {rid}")
                if remaining <= 0:
                    raise TimeoutError(f"{self.name}: no response to id {rid} in {timeout}s")
                self._cond.wait(remaining)
            return self._responses[key]

    def request(
        self, method: str, params: Any = None, *, timeout: float = DEFAULT_TIMEOUT, id: Any = None
    ) -> Message:
        """Send a request and return the full response message (result or error)."""
        return self.response(self.request_async(method, params, id=id), timeout)

    def call(self, method: str, params: Any = None, *, timeout: float = DEFAULT_TIMEOUT) -> Any:
        """Send a request; return its ``result`` or raise :class:`RpcError`."""
        before = len(self.schema_errors)
        msg = self.request(method, params, timeout=timeout)
        if "error" in msg:
            raise RpcError(method, msg["error"])
        problems = self.schema_errors[before:]
        own = [p for p in problems if p.startswith(method)]
        if own:
            raise AssertionError("response does not match the official schema:\n" + "\n".join(own))
        return msg["result"]

    def notify(self, method: str, params: Any = None) -> None:
        msg: dict[str, Any] = {"method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def initialize(
        self, name: str = "spindle-e2e", *, experimental: bool = True, version: str = "0"
    ) -> Any:
        result = self.call(
            "initialize",
            {
                "clientInfo": {"name": name, "version": version},
                "capabilities": {"experimentalApi": experimental},
            },
        )
        self.notify("initialized")
        self.initialized = True
        return result

    # --- notifications ----------------------------------------------------------------------

    def mark(self) -> int:
        """An index into :attr:`messages`; pass it as ``since=`` to look only after it."""
        with self._cond:
            return len(self.messages)

    def notifications(self, since: int = 0, method: str | None = None) -> list[Message]:
        with self._cond:
            return [
                m
                for m in self.messages[since:]
                if "method" in m and "id" not in m and (method is None or m["method"] == method)
            ]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Message], bool] | None = None,
        *,
        since: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Message:
        """The first notification ``method`` (matching ``predicate``) at or after ``since``."""
        return self._wait_message(
            method, predicate, server_request=False, since=since, timeout=timeout
        )

    def _wait_message(
        self,
        method: str,
        predicate: Callable[[Message], bool] | None,
        *,
        server_request: bool,
        since: int,
        timeout: float,
    ) -> Message:
        what = "server request" if server_request else "notification"
        deadline = time.monotonic() + timeout
        with self._cond:
            scanned = since
            while True:
                for msg in self.messages[scanned:]:
                    if (
                        msg.get("method") == method
                        and ("id" in msg) == server_request
                        and (predicate is None or predicate(msg))
                    ):
                        return msg
                scanned = len(self.messages)
                remaining = deadline - time.monotonic()
                if self.closed:
                    raise ConnectionError(f"{self.name}: closed while waiting for {what} {method}")
                if remaining <= 0:
                    seen = [m.get("method") for m in self.messages[since:] if "method" in m]
                    raise TimeoutError(f"{self.name}: no {what} {method} in {timeout}s; got {seen}")
                self._cond.wait(remaining)

    # --- server-to-client requests ----------------------------------------------------------

    def server_requests(
        self, since: int = 0, method: str | None = None, *, pending: bool = False
    ) -> list[Message]:
        """Requests the server sent us (``id`` and ``method``) at or after ``since``;
        only ``method``'s when given, only those not answered yet with ``pending=True``."""
        with self._cond:
            return [
                m
                for m in self.messages[since:]
                if "method" in m
                and "id" in m
                and (method is None or m["method"] == method)
                and not (pending and _key(m["id"]) in self._answered)
            ]

    def wait_for_request(
        self,
        method: str,
        predicate: Callable[[Message], bool] | None = None,
        *,
        since: int = 0,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Message:
        """The first server request ``method`` (matching ``predicate``) at or after ``since``."""
        return self._wait_message(
            method, predicate, server_request=True, since=since, timeout=timeout
        )

    def _claim(self, request_id: Any) -> str | None:
        """Mark ``request_id`` answered; its method (None when the server never sent it)."""
        key = _key(request_id)
        with self._cond:
            if key in self._answered:
                raise AssertionError(f"{self.name}: server request {request_id!r} answered twice")
            self._answered.add(key)
            return self._server_methods.get(key)

    def respond(self, request_id: Any, result: Any, *, check: bool = True) -> None:
        """Answer server request ``request_id`` with ``result``.

        With a schema and ``check`` (the default) the result must match the request's official
        response type, or AssertionError is raised before anything is sent."""
        method = self._server_methods.get(_key(request_id))
        if check and self.schema is not None and method is not None:
            problems = self.schema.check_server_request_result(method, result)
            if problems:
                raise AssertionError(
                    "our answer does not match the official schema:\n" + "\n".join(problems)
                )
        self._claim(request_id)
        self.send({"id": request_id, "result": result})

    def respond_error(self, request_id: Any, code: int, message: str, *, data: Any = None) -> None:
        """Answer server request ``request_id`` with a JSON-RPC error."""
        self._claim(request_id)
        error: dict[str, Any] = {"code": code, "message": message}
        if data is not None:
            error["data"] = data
        self.send({"id": request_id, "error": error})

    def respond_raw(self, text: str, *, request_id: Any = None) -> None:
        """Send ``text`` as the answer to a server request, exactly as given (malformed
        answers); pass ``request_id`` to mark that request answered."""
        if request_id is not None:
            self._claim(request_id)
        self.send_raw(text)

    def on_request(self, method: str, fn: Responder | None) -> None:
        """Answer every server request ``method`` with ``fn(message)`` as its result (None
        removes the responder). Requests already received and not yet answered are answered
        now. ``fn`` runs on a responder thread of this connection, in arrival order; if it
        raises, the request gets an internal error and the exception is kept in
        :attr:`responder_errors`. The result is checked against the official schema and
        problems are added to :attr:`schema_errors`."""
        with self._cond:
            if fn is None:
                self._responders.pop(method, None)
                return
            self._responders[method] = fn
        for msg in self.server_requests(method=method, pending=True):
            self._enqueue_for_responder(msg)

    def _enqueue_for_responder(self, msg: Message) -> None:
        with self._cond:
            if self._responder_queue is None:
                self._responder_queue = queue.SimpleQueue()
                threading.Thread(
                    target=self._run_responders,
                    args=(self._responder_queue,),
                    daemon=True,
                    name=f"{self.name}-responder",
                ).start()
            self._responder_queue.put(msg)

    def _run_responders(self, inbox: queue.SimpleQueue[Message | None]) -> None:
        while (msg := inbox.get()) is not None:
            method = str(msg["method"])
            with self._cond:
                fn = self._responders.get(method)
                if fn is None or _key(msg["id"]) in self._answered:
                    continue
            try:
                result = fn(msg)
            except Exception as exc:
                with self._cond:
                    self.responder_errors.append(exc)
                with contextlib.suppress(Exception):
                    self.respond_error(msg["id"], INTERNAL_ERROR, f"test responder raised {exc!r}")
                continue
            if self.schema is not None:
                problems = self.schema.check_server_request_result(method, result)
                with self._cond:
                    self.schema_errors.extend(problems)
            with contextlib.suppress(Exception):
                self._claim(msg["id"])
                self.send({"id": msg["id"], "result": result})

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until no message arrived for ``quiet`` seconds (used by golden recording)."""
        deadline = time.monotonic() + timeout
        last = self.mark()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.mark()
            if now == last:
                return
            last = now

    def close(self) -> None:
        self._close_hook()


def _key(rid: Any) -> str:
    return json.dumps(rid)


@dataclass
class ServerProcess:
    """A spindle or reference app-server child process."""

    kind: Kind
    home: Path
    transport: Transport = "stdio"
    cwd: Path | None = None
    schema: OfficialSchema | None = None
    extra_args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    port: int | None = None
    proc: subprocess.Popen[bytes] | None = None
    connections: list[Connection] = field(default_factory=list)
    stderr_path: Path | None = None
    ws_headers: dict[str, str] = field(default_factory=dict)
    history: list[Connection] = field(default_factory=list)
    _stdio: Connection | None = field(default=None, repr=False)

    # --- lifecycle --------------------------------------------------------------------------

    def command(self) -> list[str]:
        if self.kind == "spindle":
            base = [*spindle_command(), "app-server"]
        else:
            base = [str(codex_binary()), "app-server"]
        if self.transport == "ws":
            if self.port is None:
                self.port = free_port()
            base += ["--listen", f"ws://127.0.0.1:{self.port}"]
        return [*base, *self.extra_args]

    def environment(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("CODEX_HOME", "SPINDLE_HOME", "SPINDLE_DATABASE_URL")
        }
        # Server processes start many times per run; let them reuse compiled bytecode even
        # when the calling environment disables writing it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env[API_KEY_ENV] = API_KEY
        env["SPINDLE_HOME" if self.kind == "spindle" else "CODEX_HOME"] = str(self.home)
        env.setdefault("RUST_LOG", "warn")
        env["NO_COLOR"] = "1"
        # Keep everything on loopback even if the environment has a proxy configured.
        env["NO_PROXY"] = "127.0.0.1,localhost"
        env["no_proxy"] = "127.0.0.1,localhost"
        env.update(self.env)
        return env

    def start(self, *, wait_ready: bool = True) -> ServerProcess:
        self.home.mkdir(parents=True, exist_ok=True)
        cwd = self.cwd or self.home.parent / "work"
        cwd.mkdir(parents=True, exist_ok=True)
        self.cwd = cwd
        self.stderr_path = self.home.parent / f"{self.kind}-{self.transport}-stderr.log"
        stderr: IO[bytes] = self.stderr_path.open("ab")
        self.proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=cwd,
            env=self.environment(),
        )
        stderr.close()
        if self.transport == "stdio":
            self._stdio = self._stdio_connection()
        elif wait_ready:
            self.wait_ready()
        return self

    def stderr_text(self) -> str:
        if self.stderr_path is None or not self.stderr_path.exists():
            return ""
        return self.stderr_path.read_text(errors="replace")

    def _died(self, what: str) -> RuntimeError:
        assert self.proc is not None
        code = self.proc.poll()
        return RuntimeError(
            f"{self.kind} app-server {what} (exit {code}); stderr tail:\n{self.stderr_text()[-3000:]}"
        )

    def wait_ready(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Poll ``GET /readyz`` until it answers 200."""
        assert self.proc is not None and self.port is not None
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/readyz"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise self._died("exited before listening")
            try:
                with opener.open(url, timeout=1) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise self._died(f"did not answer {url} within {timeout}s")

    # --- connections ------------------------------------------------------------------------

    def _stdio_connection(self) -> Connection:
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        conn = Connection(name=f"{self.kind}/stdio", schema=self.schema)
        stdin = self.proc.stdin
        stdout = self.proc.stdout

        def write(text: str) -> None:
            stdin.write(text.encode() + b"\n")
            stdin.flush()

        def read() -> None:
            for line in stdout:
                conn._deliver(line)
            conn._mark_closed()

        def close() -> None:
            with contextlib.suppress(OSError):
                stdin.close()

        conn._write = write
        conn._close_hook = close
        threading.Thread(target=read, daemon=True, name=conn.name).start()
        self.connections.append(conn)
        self.history.append(conn)
        return conn

    def connect(self, *, headers: Mapping[str, str] | None = None) -> Connection:
        """A new session: the process's stdio pipes, or a new WebSocket connection."""
        if self.transport == "stdio":
            if self._stdio is None:
                raise RuntimeError("server not started")
            return self._stdio
        assert self.port is not None
        ws = ws_connect(
            f"ws://127.0.0.1:{self.port}",
            additional_headers={**self.ws_headers, **(headers or {})},
            max_size=None,
            open_timeout=DEFAULT_TIMEOUT,
            proxy=None,
            legacy=True,
        )
        return self._ws_connection(ws)

    def _ws_connection(self, ws: ClientConnection) -> Connection:
        conn = Connection(name=f"{self.kind}/ws#{len(self.connections)}", schema=self.schema)

        def read() -> None:
            try:
                for frame in ws:
                    conn._deliver(frame)
            except ConnectionClosed:
                pass
            finally:
                conn._mark_closed()

        def close() -> None:
            with contextlib.suppress(Exception):
                ws.close()

        conn._write = ws.send
        conn._close_hook = close
        threading.Thread(target=read, daemon=True, name=conn.name).start()
        self.connections.append(conn)
        self.history.append(conn)
        return conn

    # --- stopping ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def shutdown(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Stop cleanly: stdin EOF for stdio; close sockets then SIGTERM for ws. Exit code."""
        assert self.proc is not None
        if self.transport == "ws":
            for conn in self.connections:
                conn.close()
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(OSError):
            if self.proc.stdin:
                self.proc.stdin.close()
        return self.wait(timeout)

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        assert self.proc is not None
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise self._died(f"did not exit within {timeout}s") from None
        self._closed()
        return code

    def _closed(self) -> None:
        for conn in self.connections:
            conn._mark_closed()
        self.connections.clear()
        if self.proc is not None:
            for pipe in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):
                    if pipe is not None:
                        pipe.close()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._closed()

    def restart(self) -> ServerProcess:
        """Shut down (asserting nothing) and start again on the same home."""
        if self.running:
            self.shutdown()
        self.port = None
        return self.start()

    def __enter__(self) -> ServerProcess:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc: object) -> None:
        if self.running:
            try:
                self.shutdown(timeout=10)
            except RuntimeError:
                self.kill()

    def iter_all_schema_errors(self) -> Iterator[str]:
        for conn in self.history:
            yield from conn.schema_errors


class StartServer(Protocol):
    def __call__(
        self,
        *,
        home: Path | None = None,
        transport: Transport | None = None,
        provider: MockProvider | None = None,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        kind: Kind | None = None,
        config_extra: str = "",
        wait_ready: bool = True,
    ) -> ServerProcess: ...
