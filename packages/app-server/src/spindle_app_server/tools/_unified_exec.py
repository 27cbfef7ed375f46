"""The unified exec process manager behind the ``exec_command`` and ``write_stdin`` tools.

:class:`ProcessManager` starts a command, lets it run for the call's yield time and returns
what it printed so far. A process still alive at the end of the yield is kept as a *session*
under a random id in [1000, 100000); later ``write_stdin`` calls write to it or poll it, and
each call returns only the output produced since the previous one. The semantics follow
codex 0.169.0 (``core/src/unified_exec``), checked against the binary where the source and
the notes disagreed.

How a process is run:

- In a session and process group of its own (``start_new_session``), so that killing it
  kills everything it started too (``os.killpg``), grandchildren included.
- ``tty=False``: stdin is ``/dev/null`` and stdout and stderr share one pipe, so the two
  arrive interleaved in the order they were written. ``tty=True``: a pseudo-terminal (24x80)
  that is the process's controlling terminal, so a written ``^C`` interrupts it.
- A background task reads the output in chunks of at most 64 KiB for the whole life of the
  process: into a :class:`HeadTailBuffer` (1 MiB cap) and to the ``on_output`` callbacks of
  the calls waiting on it, which are awaited, so a slow consumer slows the reader rather than
  growing memory. Output produced while no call waits is only buffered, unless the call
  that started the process asked to keep listening (``keep_listening``): then its
  ``on_output`` goes on receiving the output of the session until the process ends, as the
  reference streams a background command's deltas; :meth:`ProcessManager.wait_ended` says
  when and how it ended.
- A call returns early when the process exits, after at most 50 ms of grace for trailing
  output (extended while output keeps arriving).
- Every process is reaped. A process that exits leaves its background children running (as
  the reference does); their process group is remembered and killed by :meth:`kill_all`.

Cancellation: if the task awaiting :meth:`ProcessManager.exec_command` is cancelled (a turn
interrupt), the process group is killed and reaped and the cancellation re-raised; nothing
of that call stays in the manager. (The reference instead keeps such a process as a session;
spindle's turn engine prefers no orphans.) A cancelled :meth:`ProcessManager.write_stdin`
leaves its session as it was.

A manager belongs to one event loop.

Length: the process (``_Process``: its reader, listeners, writes, signals and reaping) and
the manager that keeps, prunes and kills sessions are one unit: the manager's cancellation
and pruning rules are written against the process's reader and reap state.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import itertools
import os
import pty
import secrets
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from spindle_sandbox import ChildRestriction, SpawnedProcess, create_subprocess_exec

from ._exec_output import OUTPUT_MAX_BYTES, HeadTailBuffer
from ._shell_snapshot import LoginEnvironments

__all__ = [
    "CTRL_C",
    "DEFAULT_EXEC_YIELD_TIME_MS",
    "DEFAULT_WRITE_STDIN_YIELD_TIME_MS",
    "MAX_BACKGROUND_WAIT_MS",
    "MAX_PROCESSES",
    "MAX_YIELD_TIME_MS",
    "MIN_EMPTY_YIELD_TIME_MS",
    "MIN_YIELD_TIME_MS",
    "PROTECTED_RECENT",
    "STDIN_CLOSED_MESSAGE",
    "ExecResult",
    "ExecSpec",
    "OnOutput",
    "ProcessManager",
    "UnifiedExecError",
    "clamp_yield",
    "pick_process_to_prune",
    "write_stdin_yield",
]

OnOutput = Callable[[bytes], Awaitable[None]]

MAX_PROCESSES = 64
PROTECTED_RECENT = 8
MIN_YIELD_TIME_MS = 250
MAX_YIELD_TIME_MS = 30_000
DEFAULT_EXEC_YIELD_TIME_MS = 10_000
DEFAULT_WRITE_STDIN_YIELD_TIME_MS = 250
MIN_EMPTY_YIELD_TIME_MS = 5_000
# The reference's ``background_terminal_max_timeout`` default.
MAX_BACKGROUND_WAIT_MS = 300_000
CTRL_C = "\u0003"
STDIN_CLOSED_MESSAGE = (
    "stdin is closed for this session; rerun exec_command with tty=true to keep stdin open"
)

_PROCESS_ID_LOW = 1_000
_PROCESS_ID_HIGH = 100_000
_READ_CHUNK_BYTES = 64 * 1024
# A read smaller than one output delta is topped up, once, with what arrives within a short
# pause: a fast writer of small blocks (``tr`` and ``cat`` write 4 KiB) then makes full 8 KiB
# deltas rather than twice as many half-empty ones, and the reference stops streaming a
# call's output after 10000 deltas.
_TOP_UP_BELOW_BYTES = 8192
_TOP_UP_PAUSE_S = 0.001
_POST_EXIT_GRACE_S = 0.05
# Gives an interactive program a moment to answer before the call starts collecting.
_POST_WRITE_PAUSE_S = 0.1
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


@dataclass(frozen=True)
class ExecResult:
    """One call's outcome.

    ``output`` is the raw output produced since the previous read of this process, capped
    at 1 MiB (head and tail kept, with the reference's marker between them when
    ``omitted_bytes`` were dropped). ``running`` means the process is alive and kept as
    session ``process_id``; otherwise ``exit_code`` is set (128+N after signal N, except
    under a tty, where the reference reports 1) and the id is free again.
    """

    process_id: int
    output: bytes
    exit_code: int | None
    running: bool
    wall_time_s: float
    omitted_bytes: int = 0

    @property
    def session_id(self) -> int | None:
        """The id to show the model as ``Process running with session ID N``, if any."""
        return self.process_id if self.running else None


def clamp_yield(yield_time_ms: int | None) -> int:
    """How long ``exec_command`` waits, in ms: default 10000, clamped to [250, 30000]."""
    wanted = DEFAULT_EXEC_YIELD_TIME_MS if yield_time_ms is None else yield_time_ms
    return min(max(wanted, MIN_YIELD_TIME_MS), MAX_YIELD_TIME_MS)


def write_stdin_yield(
    yield_time_ms: int | None, *, chars: str, max_background_wait_ms: int = MAX_BACKGROUND_WAIT_MS
) -> int:
    """How long ``write_stdin`` waits, in ms.

    A write waits ``max(y, 250)`` capped at 30000 (default 250), so typing stays
    responsive. An empty poll waits at least 5000 and at most ``max_background_wait_ms``:
    polling is for waiting on a long command.
    """
    wanted = DEFAULT_WRITE_STDIN_YIELD_TIME_MS if yield_time_ms is None else yield_time_ms
    wanted = max(wanted, MIN_YIELD_TIME_MS)
    if chars:
        return min(wanted, MAX_YIELD_TIME_MS)
    return min(max(wanted, MIN_EMPTY_YIELD_TIME_MS), max_background_wait_ms)


def pick_process_to_prune(
    entries: Iterable[tuple[int, int, bool]], *, protected: int = PROTECTED_RECENT
) -> int | None:
    """The session to drop to make room: ``entries`` are ``(id, last_used, exited)``.

    The ``protected`` most recently used are never chosen. Among the rest, the least
    recently used exited process goes first, else the least recently used one.
    """
    by_age = sorted(entries, key=lambda entry: entry[1])
    keep = {entry[0] for entry in by_age[len(by_age) - protected :]} if protected > 0 else set()
    candidates = [entry for entry in by_age if entry[0] not in keep]
    for process_id, _, exited in candidates:
        if exited:
            return process_id
    return candidates[0][0] if candidates else None


class _Listener:
    """One call's ``on_output``; the error it raised, if any, goes back to that call."""

    __slots__ = ("callback", "error")

    def __init__(self, callback: OnOutput | None) -> None:
        self.callback = callback
        self.error: Exception | None = None


class _Process:
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


async def _spawn(process_id: int, spec: ExecSpec) -> _Process:
    if not spec.argv:
        raise UnifiedExecError("MissingCommandLine")
    if spec.tty:
        ours, theirs = pty.openpty()
        fcntl.ioctl(
            ours, termios.TIOCSWINSZ, struct.pack("HHHH", _TERMINAL_ROWS, _TERMINAL_COLS, 0, 0)
        )
        stdin: int = theirs
        preexec: Callable[[], None] | None = _take_controlling_terminal
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
                f"Failed to create unified exec process: {_describe_spawn_error(exc)}"
            ) from exc
        raise
    finally:
        # The child holds its own copy; ours would keep the output from ever ending.
        os.close(theirs)
    os.set_blocking(ours, False)
    return _Process(process_id, proc, ours, tty=spec.tty)


def _take_controlling_terminal() -> None:
    # Runs in the child after setsid(): stdin is the pty slave, and making it the controlling
    # terminal is what lets a written ^C reach the foreground process group as SIGINT.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _describe_spawn_error(exc: BaseException) -> str:
    # Rust's io::Error Display, which the reference's message carries.
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{os.strerror(exc.errno)} (os error {exc.errno})"
    return str(exc)


class ProcessManager:
    """Unified exec processes of one thread: running calls and the sessions they left."""

    def __init__(
        self,
        *,
        max_processes: int = MAX_PROCESSES,
        protected_recent: int = PROTECTED_RECENT,
        max_background_wait_ms: int = MAX_BACKGROUND_WAIT_MS,
    ) -> None:
        self._max_processes = max_processes
        self._protected_recent = protected_recent
        self._max_background_wait_ms = max_background_wait_ms
        self._sessions: dict[int, _Process] = {}
        # Every process not yet reaped and closed: sessions and those inside a running call.
        self._live: dict[int, _Process] = {}
        self._reserved: set[int] = set()
        # Process groups of exited processes whose background children were still running.
        self._orphan_groups: set[int] = set()
        self._ticks = itertools.count(1)
        self._kill_generation = 0
        # The thread's login shell snapshots (see _shell_snapshot), dropped with its processes.
        self.login_environments = LoginEnvironments()

    # -- ids -------------------------------------------------------------------------------

    def allocate_process_id(self) -> int:
        """Reserve a fresh id, so the caller can announce it before the process starts."""
        while True:
            process_id = _PROCESS_ID_LOW + secrets.randbelow(_PROCESS_ID_HIGH - _PROCESS_ID_LOW)
            if process_id not in self._reserved:
                self._reserved.add(process_id)
                return process_id

    def release_process_id(self, process_id: int) -> None:
        """Give back an id that was allocated but never used (e.g. the call was declined)."""
        if process_id not in self._live:
            self._reserved.discard(process_id)

    def has_session(self, process_id: int) -> bool:
        return process_id in self._sessions

    def session_count(self) -> int:
        return len(self._sessions)

    # -- calls -----------------------------------------------------------------------------

    async def exec_command(
        self,
        spec: ExecSpec,
        *,
        yield_time_ms: int | None,
        on_output: OnOutput | None = None,
        process_id: int | None = None,
        keep_listening: bool = False,
    ) -> ExecResult:
        """Start ``spec`` and wait up to the clamped yield time (or until it exits).

        ``on_output`` is awaited with every chunk read during this call, and with
        ``keep_listening`` for as long as the process runs after it. Raises
        :class:`UnifiedExecError` if the process cannot be started.
        """
        started = time.monotonic()
        if process_id is None:
            process_id = self.allocate_process_id()
        elif process_id in self._live:
            raise ValueError(f"process id {process_id} is already in use")
        else:
            self._reserved.add(process_id)
        generation = self._kill_generation
        try:
            process = await _spawn(process_id, spec)
        except BaseException:
            self._reserved.discard(process_id)
            raise
        self._live[process_id] = process
        process.last_used = next(self._ticks)
        if generation != self._kill_generation:
            # kill_all ran while this process was being started and could not see it.
            process.signal_group(signal.SIGKILL)
        listener = process.attach(on_output)
        try:
            await process.collect(started + clamp_yield(yield_time_ms) / 1000, listener)
            if not keep_listening:
                await process.detach(listener)
            if listener.error is not None:
                raise listener.error
        except BaseException:
            process.detach_now(listener)
            await self._discard(process, kill=True)
            raise
        return await self._conclude(process, started=started, store=True)

    def wait_ended(self, process_id: int) -> Awaitable[int | None]:
        """Wait for a running process (a session or one inside a call) to end; its exit
        code, or None when it is unknown or was killed by this manager.

        The process is looked up now, so a poll that forgets it first cannot lose the wait.
        """
        process = self._live.get(process_id)

        async def wait() -> int | None:
            if process is None:
                return None
            await process.ended()
            return None if process.killed else process.exit_code

        return wait()

    async def write_stdin(
        self,
        session_id: int,
        chars: str,
        *,
        yield_time_ms: int | None,
        on_output: OnOutput | None = None,
    ) -> ExecResult:
        """Write ``chars`` to a session (or only poll it when empty) and collect its output.

        Raises :class:`UnifiedExecError` for an unknown id, or for input to a session
        without a tty (``"\\u0003"`` alone is allowed there and sends SIGINT to its group).
        ``wall_time_s`` counts from after the write, as the reference does.
        """
        process = self._sessions.get(session_id)
        if process is None:
            raise UnifiedExecError.unknown_process(session_id)
        process.last_used = next(self._ticks)
        if chars:
            if not process.tty:
                if chars != CTRL_C:
                    raise UnifiedExecError(STDIN_CLOSED_MESSAGE)
                process.signal_group(signal.SIGINT)
            else:
                await process.write(
                    chars.encode("utf-8", "replace"), timeout=MAX_YIELD_TIME_MS / 1000
                )
            await asyncio.sleep(_POST_WRITE_PAUSE_S)
        wait_ms = write_stdin_yield(
            yield_time_ms, chars=chars, max_background_wait_ms=self._max_background_wait_ms
        )
        started = time.monotonic()
        listener = process.attach(on_output)
        try:
            await process.collect(started + wait_ms / 1000, listener)
            await process.detach(listener)
        finally:
            process.detach_now(listener)
        if listener.error is not None:
            raise listener.error
        return await self._conclude(process, started=started, store=False)

    async def _conclude(self, process: _Process, *, started: float, store: bool) -> ExecResult:
        """The call's result; an exited process is forgotten, a live one stored if asked."""
        output, omitted = process.buffer.take_marked()
        wall_time_s = time.monotonic() - started
        # A process killed meanwhile (kill_all, terminate) is reported as exited, never kept.
        running = not (process.has_exited or process.killed)
        if not running:
            await self._discard(process, kill=False)
        elif store:
            await self._store(process)
        return ExecResult(
            process_id=process.process_id,
            output=output,
            exit_code=None if running else process.exit_code,
            running=running,
            wall_time_s=wall_time_s,
            omitted_bytes=omitted,
        )

    # -- ending processes ------------------------------------------------------------------

    async def terminate(self, session_id: int) -> bool:
        """Kill a session's (or a running call's) process group; False if the id is unknown."""
        process = self._sessions.get(session_id) or self._live.get(session_id)
        if process is None:
            return False
        await self._discard(process, kill=True)
        return True

    async def kill_all(self) -> None:
        """Kill every process group this manager started and reap them (thread shutdown)."""
        self._kill_generation += 1
        self.login_environments.close()
        processes = list(self._live.values())
        self._sessions.clear()
        for process in processes:
            process.signal_group(signal.SIGKILL)
        for pgid in self._orphan_groups:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGKILL)
        self._orphan_groups.clear()
        await asyncio.gather(*(self._discard(process, kill=True) for process in processes))

    async def _store(self, process: _Process) -> None:
        victim_id = None
        if len(self._sessions) >= self._max_processes:
            victim_id = pick_process_to_prune(
                (
                    (entry.process_id, entry.last_used, entry.has_exited)
                    for entry in self._sessions.values()
                ),
                protected=self._protected_recent,
            )
        # Swap before awaiting the victim's cleanup, so nothing sees the table over its cap
        # or a stored process that was alive only before the wait.
        victim = self._sessions.pop(victim_id) if victim_id is not None else None
        self._sessions[process.process_id] = process
        if victim is not None:
            await self._discard(victim, kill=True)

    async def _discard(self, process: _Process, *, kill: bool) -> None:
        """Forget ``process``: kill its group if asked, stop reading, reap. Idempotent."""
        if self._sessions.get(process.process_id) is process:
            del self._sessions[process.process_id]
        if kill:
            process.signal_group(signal.SIGKILL)
        elif process.has_exited and not process.killed and process.group_alive():
            self._orphan_groups.add(process.pgid)
        process.close_output()
        await process.reaped()
        if self._live.get(process.process_id) is process:
            del self._live[process.process_id]
            self._reserved.discard(process.process_id)
