"""The user's login environment, captured once per thread and cwd: the reference's shell snapshot.

Commands reach the model's shell as ``[shell, "-lc", script]``, and a login shell sources the
user's profile on every call (over 100 ms with pyenv, nvm and the like). codex 0.169.0 runs
the login shell once per thread, snapshots what it exported, and then runs each
``-lc`` command as a plain ``shell -c`` after restoring the snapshot, with its own
environment overrides (``TERM=dumb``, ``CODEX_THREAD_ID``...) applied last. Only exported
variables survive its final ``exec shell -c``, so the snapshot that matters is the login
shell's exported environment, which is what :class:`LoginEnvironments` captures (``env -0``
inside the login shell) and :func:`without_login` applies.

The item, the approval and the exec policy all still see the ``-lc`` argv: only what is
spawned changes. When the capture fails (a profile that exits non-zero, hangs past
:data:`CAPTURE_TIMEOUT_S`, or a shell we do not know) commands keep running as login shells.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CAPTURE_TIMEOUT_S", "LoginEnvironments", "parse_env_dump", "without_login"]

CAPTURE_TIMEOUT_S = 10.0
# Shells whose ``-c`` after ``-lc`` means the same script without the profile.
_POSIX_SHELLS = frozenset({"bash", "zsh", "sh", "dash", "ksh"})
_MARKER = "__spindle_login_env__"
# The capturing shell's own bookkeeping, not the user's environment.
_VOLATILE = frozenset({"PWD", "OLDPWD", "_", "SHLVL"})


def parse_env_dump(output: bytes) -> dict[str, str] | None:
    """The variables of an ``env -0`` dump that follows the marker (a profile may print)."""
    _, marker, dump = output.partition(_MARKER.encode() + b"\0")
    if not marker:
        return None
    env: dict[str, str] = {}
    for entry in dump.split(b"\0"):
        name, sep, value = entry.partition(b"=")
        if not sep or not name:
            continue
        key = os.fsdecode(name)
        if key not in _VOLATILE:
            env[key] = os.fsdecode(value)
    return env


async def _capture(shell: str, cwd: str, env: Mapping[str, str]) -> dict[str, str] | None:
    try:
        proc = await asyncio.create_subprocess_exec(
            shell,
            "-lc",
            f"printf '%s\\0' {_MARKER}; exec env -0",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=dict(env),
            start_new_session=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        async with asyncio.timeout(CAPTURE_TIMEOUT_S):
            output, _ = await proc.communicate()
    except BaseException as exc:
        # Timed out or cancelled: nothing the profile started may outlive the capture.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        await asyncio.shield(proc.wait())
        if isinstance(exc, TimeoutError):
            return None
        raise
    if proc.returncode != 0:
        return None
    return parse_env_dump(output)


def without_login(argv: list[str]) -> list[str] | None:
    """``[shell, "-c", script, ...]`` for a ``[shell, "-lc", script, ...]`` we can snapshot."""
    if len(argv) < 3 or argv[1] != "-lc" or Path(argv[0]).name not in _POSIX_SHELLS:
        return None
    return [argv[0], "-c", *argv[2:]]


class LoginEnvironments:
    """Login environments of one thread, by (shell, cwd); each captured at most once.

    Concurrent calls share one capture, and a call cancelled while waiting (a turn
    interrupt) leaves the capture running for the next one.
    """

    def __init__(self) -> None:
        self._captures: dict[tuple[str, str], asyncio.Task[dict[str, str] | None]] = {}

    async def get(self, shell: str, cwd: str, env: Mapping[str, str]) -> dict[str, str] | None:
        """The exported environment of ``shell``'s login profile run in ``cwd``, or None."""
        key = (shell, cwd)
        capture = self._captures.get(key)
        if capture is None:
            capture = asyncio.get_running_loop().create_task(_capture(shell, cwd, env))
            self._captures[key] = capture
        try:
            return await asyncio.shield(capture)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if capture.cancelled() and (current is None or not current.cancelling()):
                return None
            raise

    def close(self) -> None:
        """Stop captures still running (the thread is shutting down)."""
        for capture in self._captures.values():
            capture.cancel()
        self._captures.clear()
