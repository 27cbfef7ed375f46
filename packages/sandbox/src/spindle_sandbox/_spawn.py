"""Spawning a prepared command from asyncio, restricted or not.

:func:`create_subprocess_exec` is ``asyncio.create_subprocess_exec`` with one more argument,
the command's :class:`ChildRestriction` (Landlock). Without one it *is* asyncio's. With one,
the process is created by ``ChildRestriction.popen`` on a restricted spawner thread and
adopted into the running loop: its pipes become ``StreamReader``/``StreamWriter`` objects and
its exit is watched through a pidfd. Either way the caller gets what
:class:`SpawnedProcess` describes, the part of ``asyncio.subprocess.Process`` spindle uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from typing import IO, Any, Protocol

from spindle_sandbox._landlock import ChildRestriction

_DEFAULT_LIMIT = 2**16  # asyncio.streams._DEFAULT_LIMIT


class SpawnedProcess(Protocol):
    """What spindle uses of ``asyncio.subprocess.Process``."""

    stdin: asyncio.StreamWriter | None
    stdout: asyncio.StreamReader | None
    stderr: asyncio.StreamReader | None

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    async def wait(self) -> int: ...

    def send_signal(self, sig: int, /) -> None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


async def create_subprocess_exec(
    program: str,
    *args: str,
    restriction: ChildRestriction | None,
    limit: int = _DEFAULT_LIMIT,
    **kwargs: Any,
) -> SpawnedProcess:
    """``asyncio.create_subprocess_exec(program, *args, **kwargs)``, under ``restriction``.

    Raises :class:`SandboxUnavailable` when the restriction cannot be applied: nothing was
    spawned. Other failures are ``Popen``'s (``OSError``, ``SubprocessError``).
    """
    if restriction is None:
        return await asyncio.create_subprocess_exec(program, *args, limit=limit, **kwargs)
    popen = restriction.popen([program, *args], bufsize=0, **kwargs)
    try:
        return await _AdoptedProcess.adopt(popen, limit=limit)
    except BaseException:
        with contextlib.suppress(OSError):
            popen.kill()
        popen.wait()
        raise


class _AdoptedProcess:
    """A ``Popen`` made from another thread, driven by the running loop."""

    def __init__(self, popen: subprocess.Popen[bytes], exited: asyncio.Future[int]) -> None:
        self._popen = popen
        self._exited = exited
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout: asyncio.StreamReader | None = None
        self.stderr: asyncio.StreamReader | None = None

    @classmethod
    async def adopt(cls, popen: subprocess.Popen[bytes], *, limit: int) -> _AdoptedProcess:
        loop = asyncio.get_running_loop()
        process = cls(popen, loop.create_future())
        if popen.stdout is not None:
            process.stdout = await _reader(loop, popen.stdout, limit)
        if popen.stderr is not None:
            process.stderr = await _reader(loop, popen.stderr, limit)
        if popen.stdin is not None:
            process.stdin = await _writer(loop, popen.stdin)
        pidfd = os.pidfd_open(popen.pid)
        loop.add_reader(pidfd, process._on_exit, loop, pidfd)
        return process

    def _on_exit(self, loop: asyncio.AbstractEventLoop, pidfd: int) -> None:
        if self._popen.poll() is None:
            return
        loop.remove_reader(pidfd)
        os.close(pidfd)
        if not self._exited.done():
            self._exited.set_result(self._popen.returncode)

    @property
    def pid(self) -> int:
        return self._popen.pid

    @property
    def returncode(self) -> int | None:
        return self._exited.result() if self._exited.done() else None

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)

    def send_signal(self, sig: int, /) -> None:
        if self._exited.done():
            raise ProcessLookupError
        self._popen.send_signal(sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


async def _reader(
    loop: asyncio.AbstractEventLoop, pipe: IO[bytes], limit: int
) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=limit, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop), pipe)
    return reader


async def _writer(loop: asyncio.AbstractEventLoop, pipe: IO[bytes]) -> asyncio.StreamWriter:
    transport, protocol = await loop.connect_write_pipe(
        lambda: asyncio.streams.FlowControlMixin(loop=loop), pipe
    )
    return asyncio.StreamWriter(transport, protocol, None, loop)
