"""The Landlock command line for a resolved policy: the launcher, its rules, then the command.

The launcher (``_landlock_exec.py``, run by this interpreter with ``-I -S -c``) restricts
itself and ``exec``\\ s the command, so the restriction covers the command and everything
it starts. Rules:

* full read access: read and execute beneath ``/``; restricted: beneath each readable root;
* every right beneath each writable root (Landlock rules only add access, so ``.git``
  inside a writable root cannot be kept read-only: see ``LANDLOCK_GIT_NOTE``);
* read and write of the harmless device nodes (``/dev/null``, the terminal, ...), which
  bubblewrap provides with ``--dev /dev``;
* network off: Landlock TCP rules (ABI 4+) plus the reference's seccomp filter.

Under restricted reads ``/proc`` stays unreadable: unlike bubblewrap, Landlock gets no
private PID namespace, and other processes' ``/proc`` entries would leak.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from spindle_sandbox import _landlock_exec
from spindle_sandbox._policy import ResolvedPolicy

# The launcher's source travels in argv (``python -c``), read once when spindle starts: a
# sandboxed command that can write spindle's own files (a workspace holding spindle) must
# not be able to weaken the commands after it.
with open(_landlock_exec.__file__, encoding="utf-8") as _source:
    LAUNCHER_SOURCE = _source.read()

DEVICES = (
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
    "/dev/tty",
    "/dev/ptmx",
    "/dev/pts",
)


def landlock_argv(
    argv: Sequence[str], policy: ResolvedPolicy, *, python: str | None = None
) -> list[str]:
    """The full argv (the Python interpreter first) that runs ``argv`` under ``policy``."""
    args = [python or sys.executable, "-I", "-S", "-c", LAUNCHER_SOURCE, "--chdir", policy.cwd]
    readable = ("/",) if policy.readable_roots is None else policy.readable_roots
    for path in readable:
        args += ["--read", path]
    for path in policy.writable_roots:
        args += ["--write", path]
    for path in DEVICES:
        args += ["--device", path]
    if not policy.network:
        args.append("--no-network")
    args += ["--", *argv]
    return args
