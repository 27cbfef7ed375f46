"""One unified exec process: how it is spawned, and its reader, listeners, writes and reaping.

:func:`spawn` starts a command from an :class:`ExecSpec` in a session and process group of
its own, on a pipe or a pseudo-terminal, and returns a :class:`Process`. The process's
background reader takes its output in chunks for its whole life, into a head-and-tail
buffer and to the listeners of the calls waiting on it; :meth:`Process.collect` waits for
output until a deadline or the process's exit. :mod:`._unified_exec` keeps these processes
as sessions, between calls (see its docstring for the semantics).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import pty
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from spindle_sandbox import ChildRestriction, SpawnedProcess, create_subprocess_exec

from .._process_os import io_error_message, take_controlling_terminal
from ._exec_output import OUTPUT_MAX_BYTES, HeadTailBuffer

__all__ = ["ExecSpec", "OnOutput", "Process", "UnifiedExecError", "spawn"]

OnOutput = Callable[[bytes], Awaitable[None]]

_READ_CHUNK_BYTES = 64 * 1024
# A read smaller than one output delta is topped up, once, with what arrives within a short
# pause: a fast writer of small blocks (``tr`` and ``cat`` write 4 KiB) then makes full 8 KiB
# deltas rather than twice as many half-empty ones, and the reference stops streaming a
# call's output after 10000 deltas.
_TOP_UP_BELOW_BYTES = 8192
_TOP_UP_PAUSE_S = 0.001
_POST_EXIT_GRACE_S = 0.05
_TERMINAL_ROWS, _TERMINAL_COLS = 24, 80


class UnifiedExecError(Exception):
    """A failed call. ``str(error)`` is what follows ``exec_command failed: `` or
    ``write_stdin failed: `` in the text the model receives."""

    @classmethod
    def rejected(cls, reason: str) -> UnifiedExecError:
        """The reference's Debug rendering of a spawn that did not happen.

        Spawn failures and declined approvals both read like
        ``CreateProcess { message: "Rejected(\\"rejected by user\\")" }``.
        """
        inner = f"Rejected({_rust_debug_str(reason)})"
        return cls(f"CreateProcess {{ message: {_rust_debug_str(inner)} }}")

    @classmethod
    def unknown_process(cls, process_id: int) -> UnifiedExecError:
        return cls(f"Unknown process id {process_id}")


_RUST_ESCAPES = {
    **{code: f"\\u{{{code:x}}}" for code in [*range(0x20), 0x7F]},
    **{ord(ch): "\\" + escape for ch, escape in zip('"\\\n\r\t\0', '"\\nrt0', strict=True)},
}


def _rust_debug_str(text: str) -> str:
    """``text`` as Rust's ``{:?}`` prints a string."""
    return '"' + text.translate(_RUST_ESCAPES) + '"'


@dataclass(frozen=True)
class ExecSpec:
    """What to run: the full argv and environment (nothing is inherited implicitly), and
    the sandbox's restriction to spawn the command through (Landlock), if any."""

    argv: list[str]
    cwd: str
    env: dict[str, str]
    tty: bool
    restriction: ChildRestriction | None = None


class _Listener:
    """One call's ``on_output``; the error it raised, if any, goes back to that call."""

    __slots__ = ("callback", "error")

    def __init__(self, callback: OnOutput | None) -> None:
        self.callback = callback
        self.error: Exception | None = None


class Process:
    """One spawned process: its output reader, its reaper and its retained output."""

    def __init__(self, process_id: int, proc: SpawnedProcess, fd: int, *, tty: bool) -> None:
        self.process_id = process_id
        self.tty = tty
        self.last_used = 0
        self.buffer = HeadTailBuffer(OUTPUT_MAX_BYTES)
        self.exit_code: int | None = None
        self.output_closed = False
        self._proc = proc
        # The child is the leader of a new session, so its pid names its process group.
        self._pgid = proc.pid
        self._fd = fd
        self._fd_closed = False
        # End of output seen by a top-up read, for the read loop to act on next.
        self._eof = False
        self._loop = asyncio.get_running_loop()
        self._watching_read = False
        self._watching_write = False
        # The future a read or write is parked on, so closing can wake it.
        self._fd_waiters: set[asyncio.Future[None]] = set()
        self.killed = False
        self._listeners: list[_Listener] = []
        self._changed = asyncio.Event()
        self._exited = asyncio.Event()
        self._listeners_idle = asyncio.Event()
        self._listeners_idle.set()
        self._reader = self._loop.create_task(self._read_loop())
        self._reaper = self._loop.create_task(self._reap())

    @property
    def has_exited(self) -> bool:
        return self._exited.is_set()

    # -- reading ---------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        try:
            while True:
                chunk = await self._read_chunk()
                if not chunk:
                    return
                if len(chunk) < _TOP_UP_BELOW_BYTES:
                    chunk += await self._top_up(_READ_CHUNK_BYTES - len(chunk))
                if self._listeners:
                    self._listeners_idle.clear()
                    try:
                        for listener in list(self._listeners):
                            await self._deliver(listener, chunk)
                    finally:
                        self._listeners_idle.set()
                self.buffer.append(chunk)
                self._changed.set()
                # A process that writes faster than we read must not starve the event loop.
                await asyncio.sleep(0)
        finally:
            self._unwatch()
            self.output_closed = True
            self._changed.set()

    async def _deliver(self, listener: _Listener, chunk: bytes) -> None:
        if listener.callback is None or listener.error is not None:
            return
        try:
            await listener.callback(chunk)
        except Exception as exc:
            listener.error = exc
            self._changed.set()

    async def _top_up(self, limit: int) -> bytes:
        await asyncio.sleep(_TOP_UP_PAUSE_S)
        if self._fd_closed:
            return b""
        try:
            more = os.read(self._fd, limit)
        except BlockingIOError:
            return b""
        except OSError:
            more = b""  # as in _read_chunk: the pty's EIO is its end of output
        if not more:
            self._eof = True
        return more

    async def _read_chunk(self) -> bytes:
        while not self._fd_closed and not self._eof:
            try:
                return os.read(self._fd, _READ_CHUNK_BYTES)
            except BlockingIOError:
                await self._wait_fd(write=False)
            except OSError:
                # A pty master reads EIO once every slave end is closed: that is its EOF.
                # Any other read error ends the output just the same; the exit still counts.
                return b""
        return b""

    async def _wait_fd(self, *, write: bool) -> None:
        future: asyncio.Future[None] = self._loop.create_future()

        def ready() -> None:
            if not future.done():
                future.set_result(None)

        if self._fd_closed:
            return
        if write:
            self._loop.add_writer(self._fd, ready)
            self._watching_write = True
        else:
            self._loop.add_reader(self._fd, ready)
            self._watching_read = True
        self._fd_waiters.add(future)
        try:
            await future
        finally:
            self._fd_waiters.discard(future)
            self._unwatch(read=not write, write=write)

    def _unwatch(self, *, read: bool = True, write: bool = True) -> None:
        # Only ever remove our own registration: once the fd is closed its number may be
        # reused and registered by someone else.
        if read and self._watching_read:
            self._loop.remove_reader(self._fd)
            self._watching_read = False
        if write and self._watching_write:
            self._loop.remove_writer(self._fd)
            self._watching_write = False

    # -- waiting ---------------------------------------------------------------------------

    async def _reap(self) -> None:
        returncode = await self._proc.wait()
        if returncode >= 0:
            self.exit_code = returncode
        else:
            # asyncio reports death by signal N as -N.
            self.exit_code = 1 if self.tty else 128 - returncode
        self._exited.set()
        self._changed.set()

    def attach(self, callback: OnOutput | None) -> _Listener:
        listener = _Listener(callback)
        if callback is not None:
            self._listeners.append(listener)
        return listener

    def detach_now(self, listener: _Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def detach(self, listener: _Listener) -> None:
        """Detach once no delivery is under way, so no delta follows the call's result."""
        while not self._listeners_idle.is_set():
            await self._listeners_idle.wait()
        self.detach_now(listener)

    async def ended(self) -> None:
        """Wait until the process has exited and its output has ended, or has been quiet for
        the post-exit grace (a background child may hold the output open)."""
        await self._exited.wait()
        while not self.output_closed:
            seen = self.buffer.total_bytes
            done, _ = await asyncio.wait({self._reader}, timeout=_POST_EXIT_GRACE_S)
            if not done and self.buffer.total_bytes == seen:
                return

    async def collect(self, deadline: float, listener: _Listener) -> None:
        """Wait until ``deadline``, or until the process has exited and its output ended.

        After the exit, trailing output gets a grace period that restarts whenever more
        arrives; output held open by a background child cannot keep the call past it.
        """
        while True:
            self._changed.clear()
            if listener.error is not None:
                return
            if self.has_exited and self.output_closed:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            timeout = min(remaining, _POST_EXIT_GRACE_S) if self.has_exited else remaining
            # asyncio.timeout rather than wait_for: on 3.11, wait_for swallows a cancellation
            # that arrives just as the event is set, and a turn interrupt would be lost.
            try:
                async with asyncio.timeout(timeout):
                    await self._changed.wait()
            except TimeoutError:
                if self.has_exited:
                    return

    # -- control ---------------------------------------------------------------------------

    async def write(self, data: bytes, *, timeout: float) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + timeout
        while view:
            if self._fd_closed:
                return
            try:
                written = os.write(self._fd, view)
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                try:
                    async with asyncio.timeout(max(remaining, 0)):
                        await self._wait_fd(write=True)
                except TimeoutError:
                    raise UnifiedExecError("WriteToStdin") from None
                continue
            except OSError as exc:
                if self.has_exited or exc.errno == errno.EIO:
                    # The terminal has gone with the process; the poll reports the exit.
                    return
                raise UnifiedExecError("WriteToStdin") from exc
            view = view[written:]

    def signal_group(self, signum: int) -> None:
        if signum == signal.SIGKILL:
            self.killed = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._pgid, signum)

    def group_alive(self) -> bool:
        try:
            os.killpg(self._pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    @property
    def pgid(self) -> int:
        return self._pgid

    def close_output(self) -> None:
        """Stop reading and close our end; idempotent.

        The reader is woken rather than cancelled: cancelling it could interrupt an
        ``on_output`` callback halfway through (say, through writing a notification).
        """
        self._unwatch()
        if not self._fd_closed:
            self._fd_closed = True
            os.close(self._fd)
        for future in self._fd_waiters:
            if not future.done():
                future.set_result(None)

    async def reaped(self) -> None:
        # asyncio.wait, not await: a cancelled caller must not cancel the reaping itself (the
        # child would be left a zombie), and a failure inside the reader is not the caller's.
        tasks = {self._reaper, self._reader}
        await asyncio.wait(tasks)
        for task in tasks:
            if not task.cancelled():
                task.exception()


async def spawn(process_id: int, spec: ExecSpec) -> Process:
    if not spec.argv:
        raise UnifiedExecError("MissingCommandLine")
    if spec.tty:
        ours, theirs = pty.openpty()
        fcntl.ioctl(
            ours, termios.TIOCSWINSZ, struct.pack("HHHH", _TERMINAL_ROWS, _TERMINAL_COLS, 0, 0)
        )
        stdin: int = theirs
        preexec: Callable[[], None] | None = take_controlling_terminal
    else:
        ours, theirs = os.pipe()
        stdin = subprocess.DEVNULL
        preexec = None
    try:
        # Raises SandboxError when the sandbox cannot be applied: nothing was spawned.
        proc = await create_subprocess_exec(
            *spec.argv,
            restriction=spec.restriction,
            stdin=stdin,
            stdout=theirs,
            stderr=theirs,
            cwd=spec.cwd,
            env=spec.env,
            start_new_session=True,
            preexec_fn=preexec,
        )
    except BaseException as exc:
        os.close(ours)
        if isinstance(exc, OSError | subprocess.SubprocessError):
            raise UnifiedExecError.rejected(
                f"Failed to create unified exec process: {io_error_message(exc)}"
            ) from exc
        raise
    finally:
        # The child holds its own copy; ours would keep the output from ever ending.
        os.close(theirs)
    os.set_blocking(ours, False)
    return Process(process_id, proc, ours, tty=spec.tty)
