"""What ``command/exec`` and ``exec_command`` share at the OS level: an OS error in the
words of Rust's ``io::Error`` (which the reference's messages carry), and the child-side
hook that makes a pty its controlling terminal."""

from __future__ import annotations

import fcntl
import os
import termios

__all__ = ["io_error_message", "take_controlling_terminal"]


def io_error_message(exc: BaseException) -> str:
    """An OS error as Rust's ``io::Error`` prints it: ``No such file or directory (os error 2)``
    (any other error: its own text)."""
    number = getattr(exc, "errno", None)
    if isinstance(number, int):
        return f"{os.strerror(number)} (os error {number})"
    return str(exc)


def take_controlling_terminal() -> None:
    """Runs in the child after setsid(), with the pty slave as stdin: making it the
    controlling terminal is what lets a written ^C reach the foreground process group as
    SIGINT."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
