"""``command/exec`` processes: spawn, stream or buffer output, stdin, resize, terminate.

The semantics follow the reference (codex 0.169.0, checked against the binary):

- The response to ``command/exec`` comes when the process has exited and its output has
  been drained (at most 2 s after the exit): ``{exitCode, stdout, stderr}``. A timeout
  kills the process and reports exit code 124; a kill by signal N reports 128+N.
- ``processId`` is the client's name for the process, scoped to its connection; without
  one the process gets an internal id and cannot be written to, resized or terminated.
  A live id cannot be reused (``duplicate active command/exec process id: "<id>"``).
- ``streamStdoutStderr`` sends output as ``command/exec/outputDelta`` notifications
  (base64, per stream) instead of in the response; ``tty`` runs the process on a
  pseudo-terminal whose output is all ``stdout`` and implies both streaming flags.
- ``outputBytesCap`` (default 1 MiB, per stream) truncates what is kept or streamed; the
  last streamed chunk of a stream that reached it carries ``capReached: true``.
- A closed connection kills the processes it started.

Each process runs in a session and process group of its own, so ending it ends what it
started. This module only runs processes; the sandbox wrapping is the handler's.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import errno
import fcntl
import itertools
import json
import os
import pty
import signal
import struct
import subprocess
import termios
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spindle_protocol.errors import InternalError, InvalidRequest
from spindle_protocol.methods import COMMAND_EXEC_OUTPUT_DELTA

from ._process_os import io_error_message, take_controlling_terminal

if TYPE_CHECKING:
    from spindle_protocol.models import CommandExecResponse
    from spindle_sandbox import ChildRestriction, SpawnedProcess

    from ._notifier import Notifier
    from ._session import Session

__all__ = [
    "DEFAULT_OUTPUT_BYTES_CAP",
    "DEFAULT_TIMEOUT_MS",
    "TIMEOUT_EXIT_CODE",
    "CommandExecManager",
    "CommandSpec",
]


DEFAULT_OUTPUT_BYTES_CAP = 1024 * 1024
DEFAULT_TIMEOUT_MS = 10_000
TIMEOUT_EXIT_CODE = 124
_DRAIN_TIMEOUT_S = 2.0
_READ_CHUNK_BYTES = 64 * 1024
_DEFAULT_ROWS, _DEFAULT_COLS = 24, 80

# A process id: the client's string, or an internal number for an anonymous command.
ProcessKey = str | int


def _process_id_repr(key: ProcessKey) -> str:
    return json.dumps(key, ensure_ascii=False) if isinstance(key, str) else str(key)


@dataclass(frozen=True)
class CommandSpec:
    """One ``command/exec``, validated: what to spawn and how to treat its output."""

    argv: list[str]
    cwd: str
    env: dict[str, str]
    tty: bool
    stream_stdin: bool
    stream_output: bool
    output_bytes_cap: int | None
    timeout_ms: int | None
    """None: no timeout at all (``disableTimeout``)."""
    rows: int = _DEFAULT_ROWS
    cols: int = _DEFAULT_COLS
    restriction: ChildRestriction | None = None
    """The sandbox's restriction to spawn the command through (Landlock), if any."""


@dataclass
class _Running:
    """A registered ``command/exec``: registered before its spawn, as the reference does,
    so control requests sent right behind it wait for the process instead of failing."""

    key: ProcessKey
    spec: CommandSpec
    proc: SpawnedProcess | None = None
    pty_fd: int | None = None
    stdin_closed: bool = False
    spawned: asyncio.Event = field(default_factory=asyncio.Event)
    ended: bool = False
    kill_requested: bool = False

    def kill(self) -> None:
        self.kill_requested = True
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)

    async def started(self) -> SpawnedProcess:
        await self.spawned.wait()
        if self.proc is None or self.ended:
            raise InvalidRequest(f"command/exec {_process_id_repr(self.key)} is no longer running")
        return self.proc

    async def write(self, data: bytes, close: bool) -> None:
        proc = await self.started()
        if not self.spec.stream_stdin:
            raise InvalidRequest("stdin streaming is not enabled for this command/exec")
        if data:
            if self.stdin_closed:
                raise InvalidRequest("stdin is already closed")
            if self.pty_fd is not None:
                await _write_fd(self.pty_fd, data)
            else:
                stdin = proc.stdin
                assert stdin is not None
                try:
                    stdin.write(data)
                    await stdin.drain()
                except (BrokenPipeError, ConnectionResetError):
                    raise InvalidRequest("stdin is already closed") from None
        if close and not self.stdin_closed:
            self.stdin_closed = True
            if self.pty_fd is None and proc.stdin is not None:
                proc.stdin.close()

    async def resize(self, rows: int, cols: int) -> None:
        await self.started()
        if self.pty_fd is None:
            raise InvalidRequest("failed to resize PTY: process is not attached to a PTY")
        try:
            fcntl.ioctl(self.pty_fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        except OSError as exc:
            raise InvalidRequest(f"failed to resize PTY: {io_error_message(exc)}") from None

    async def terminate(self) -> None:
        await self.started()
        self.kill()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


async def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    loop = asyncio.get_running_loop()
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            ready: asyncio.Future[None] = loop.create_future()
            loop.add_writer(fd, _resolve, ready)
            try:
                await ready
            finally:
                loop.remove_writer(fd)
            continue
        except OSError as exc:
            if exc.errno == errno.EIO:
                raise InvalidRequest("stdin is already closed") from None
            raise
        view = view[written:]


class _Output:
    """One output stream: capped, then either streamed as notifications or kept."""

    def __init__(
        self,
        stream: str,
        spec: CommandSpec,
        notify: Callable[[str, bytes, bool], Awaitable[None]] | None,
    ) -> None:
        self.stream = stream
        self.cap = spec.output_bytes_cap
        self.notify = notify
        self.kept = bytearray()
        self.seen = 0
        self.done = False

    async def feed(self, chunk: bytes) -> None:
        if self.done:
            return  # past the cap: drained so the process never blocks, but dropped
        if self.cap is not None:
            take = max(self.cap - self.seen, 0)
            chunk = chunk[:take]
            self.seen += len(chunk)
            cap_reached = self.seen == self.cap
        else:
            cap_reached = False
        if self.notify is not None:
            await self.notify(self.stream, chunk, cap_reached)
        else:
            self.kept += chunk
        if cap_reached:
            self.done = True

    def text(self) -> str:
        return bytes(self.kept).decode("utf-8", "replace")


async def _pump(read: Callable[[], Awaitable[bytes]], out: _Output) -> None:
    while True:
        try:
            chunk = await read()
        except OSError:
            return  # a pty reads EIO once the terminal is gone: its end of output
        if not chunk:
            return
        await out.feed(chunk)


class CommandExecManager:
    """Every running ``command/exec`` of the server, keyed by connection and process id."""

    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier
        self._running: dict[tuple[int, ProcessKey], _Running] = {}
        self._generated = itertools.count(1)

    # -- control requests --------------------------------------------------------------------

    def _get(self, session: Session, process_id: str) -> _Running:
        running = self._running.get((session.id, process_id))
        if running is None:
            raise InvalidRequest(
                f"no active command/exec for process id {_process_id_repr(process_id)}"
            )
        return running

    async def write(self, session: Session, process_id: str, data: bytes, close: bool) -> None:
        await self._get(session, process_id).write(data, close)

    async def resize(self, session: Session, process_id: str, rows: int, cols: int) -> None:
        await self._get(session, process_id).resize(rows, cols)

    async def terminate(self, session: Session, process_id: str) -> None:
        await self._get(session, process_id).terminate()

    async def connection_closed(self, session: Session) -> None:
        for key, running in list(self._running.items()):
            if key[0] == session.id:
                running.kill()

    async def kill_all(self) -> None:
        for running in list(self._running.values()):
            running.kill()

    # -- running -----------------------------------------------------------------------------

    async def run(
        self, session: Session, process_id: str | None, spec: CommandSpec
    ) -> CommandExecResponse:
        """Run ``spec`` to completion and return the ``command/exec`` result."""
        if process_id is None and (spec.tty or spec.stream_stdin or spec.stream_output):
            raise InvalidRequest(
                "command/exec tty or streaming requires a client-supplied processId"
            )
        key: ProcessKey = process_id if process_id is not None else next(self._generated)
        slot = (session.id, key)
        if slot in self._running:
            raise InvalidRequest(
                f"duplicate active command/exec process id: {_process_id_repr(key)}"
            )
        running = _Running(key, spec)
        self._running[slot] = running
        try:
            try:
                running.proc, running.pty_fd = await self._spawn(spec)
            finally:
                running.spawned.set()
            if running.kill_requested:
                running.kill()  # the connection closed while the process was starting
            return await self._wait(session, running)
        finally:
            running.ended = True
            if self._running.get(slot) is running:
                del self._running[slot]
            running.kill()
            if running.pty_fd is not None:
                with contextlib.suppress(OSError):
                    os.close(running.pty_fd)

    async def _spawn(self, spec: CommandSpec) -> tuple[SpawnedProcess, int | None]:
        # Imported here: spindle_sandbox loads the protocol models, which a start does
        # not need before a command runs.
        from spindle_sandbox import SandboxError, create_subprocess_exec

        pty_fd: int | None = None
        try:
            if spec.tty:
                pty_fd, slave = pty.openpty()
                fcntl.ioctl(
                    pty_fd, termios.TIOCSWINSZ, struct.pack("HHHH", spec.rows, spec.cols, 0, 0)
                )
                try:
                    proc = await create_subprocess_exec(
                        *spec.argv,
                        restriction=spec.restriction,
                        stdin=slave,
                        stdout=slave,
                        stderr=slave,
                        cwd=spec.cwd,
                        env=spec.env,
                        start_new_session=True,
                        preexec_fn=take_controlling_terminal,
                        restore_signals=False,
                    )
                finally:
                    os.close(slave)
                os.set_blocking(pty_fd, False)
                return proc, pty_fd
            proc = await create_subprocess_exec(
                *spec.argv,
                restriction=spec.restriction,
                stdin=subprocess.PIPE if spec.stream_stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=spec.cwd,
                env=spec.env,
                start_new_session=True,
                limit=_READ_CHUNK_BYTES,
                # Keep SIGPIPE ignored in the child, as a Rust parent leaves it: `yes | head`
                # then reports its broken pipe on stderr like under the reference.
                restore_signals=False,
            )
            return proc, None
        except SandboxError:
            # The sandbox could not be applied and nothing was spawned; the error table
            # words it for command/exec ("exec failed: ...").
            if pty_fd is not None:
                os.close(pty_fd)
            raise
        except OSError as exc:
            if pty_fd is not None:
                os.close(pty_fd)
            raise InternalError(f"failed to spawn command: {io_error_message(exc)}") from None
        except subprocess.SubprocessError as exc:
            if pty_fd is not None:
                os.close(pty_fd)
            raise InternalError(f"failed to spawn command: {exc}") from None

    async def _wait(self, session: Session, running: _Running) -> CommandExecResponse:
        spec = running.spec
        proc = running.proc
        assert proc is not None
        notify: Callable[[str, bytes, bool], Awaitable[None]] | None = None
        if spec.stream_output:
            from spindle_protocol.models import CommandExecOutputDeltaNotification

            client_id = str(running.key)

            async def send(stream: str, chunk: bytes, cap_reached: bool) -> None:
                delta = CommandExecOutputDeltaNotification(
                    process_id=client_id,
                    stream=stream,
                    delta_base64=base64.b64encode(chunk).decode("ascii"),
                    cap_reached=cap_reached,
                )
                await self._notifier.to_session(session, COMMAND_EXEC_OUTPUT_DELTA, delta)

            notify = send
        stdout = _Output("stdout", spec, notify)
        stderr = _Output("stderr", spec, notify)
        pumps: list[asyncio.Task[None]] = []
        loop = asyncio.get_running_loop()
        if running.pty_fd is not None:
            reader = _FdReader(running.pty_fd)
            pumps.append(loop.create_task(_pump(reader.read, stdout)))
        else:
            assert proc.stdout is not None and proc.stderr is not None
            out_stream, err_stream = proc.stdout, proc.stderr
            pumps.append(
                loop.create_task(_pump(lambda: out_stream.read(_READ_CHUNK_BYTES), stdout))
            )
            pumps.append(
                loop.create_task(_pump(lambda: err_stream.read(_READ_CHUNK_BYTES), stderr))
            )
        timed_out = False
        waiter = loop.create_task(proc.wait())
        try:
            timeout = None if spec.timeout_ms is None else spec.timeout_ms / 1000
            try:
                async with asyncio.timeout(timeout):
                    await asyncio.shield(waiter)
            except TimeoutError:
                timed_out = True
                running.kill()
            returncode = await waiter
            _done, still = await asyncio.wait(pumps, timeout=_DRAIN_TIMEOUT_S)
            for pump in still:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
        except BaseException:
            running.kill()
            waiter.cancel()
            for pump in pumps:
                pump.cancel()
            raise
        if timed_out:
            exit_code = TIMEOUT_EXIT_CODE
        elif returncode < 0:
            exit_code = 128 - returncode
        else:
            exit_code = returncode
        from spindle_protocol.models import CommandExecResponse

        return CommandExecResponse(exit_code=exit_code, stdout=stdout.text(), stderr=stderr.text())


class _FdReader:
    """Reads a non-blocking fd (a pty master) from the event loop."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    async def read(self) -> bytes:
        loop = asyncio.get_running_loop()
        while True:
            try:
                return os.read(self._fd, _READ_CHUNK_BYTES)
            except BlockingIOError:
                ready: asyncio.Future[None] = loop.create_future()
                loop.add_reader(self._fd, _resolve, ready)
                try:
                    await ready
                finally:
                    loop.remove_reader(self._fd)
