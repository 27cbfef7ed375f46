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

The process itself (spawn, reader, listeners, writes, signals, reaping) is
:class:`._exec_process.Process`; this module keeps processes as sessions between calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import secrets
import signal
import time
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass

from ._exec_process import ExecSpec, OnOutput, Process, UnifiedExecError, spawn
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
# Gives an interactive program a moment to answer before the call starts collecting.
_POST_WRITE_PAUSE_S = 0.1


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
        self._sessions: dict[int, Process] = {}
        # Every process not yet reaped and closed: sessions and those inside a running call.
        self._live: dict[int, Process] = {}
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
            process = await spawn(process_id, spec)
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

    async def _conclude(self, process: Process, *, started: float, store: bool) -> ExecResult:
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

    async def _store(self, process: Process) -> None:
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

    async def _discard(self, process: Process, *, kill: bool) -> None:
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
