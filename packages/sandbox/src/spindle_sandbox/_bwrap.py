"""The bubblewrap command line for a resolved policy (reference: linux-sandbox/src/bwrap.rs).

Full read access::

    bwrap --new-session --die-with-parent --ro-bind / / --dev /dev
          [--bind W W]...            writable roots
          [--ro-bind P P]...         .git/.codex/.agents inside them, after, so they win
          --unshare-user --unshare-pid [--unshare-net] --proc /proc --chdir CWD -- ARGV

Restricted read access starts from an empty root instead of ``--ro-bind / /``:
``--tmpfs /``, then ``--ro-bind`` of each readable root (a symlinked root such as ``/bin ->
usr/bin`` becomes ``--symlink``), the writable binds and protected paths as above, and
``--remount-ro /`` so nothing can be created beside them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from spindle_sandbox._policy import ResolvedPolicy


def bwrap_argv(bwrap: str, argv: Sequence[str], policy: ResolvedPolicy) -> list[str]:
    """The full argv (``bwrap`` first) that runs ``argv`` under ``policy``."""
    args = [bwrap, "--new-session", "--die-with-parent"]
    if policy.readable_roots is None:
        args += ["--ro-bind", "/", "/", "--dev", "/dev"]
    else:
        args += ["--tmpfs", "/", "--dev", "/dev"]
        args += _readable_mounts(policy.readable_roots)
    for root in _parents_first(policy.writable_roots):
        real = os.path.realpath(root)
        args += ["--bind", real, real]
        if policy.readable_roots is not None and real != root:
            args += ["--bind", real, root]
    for path in policy.protected_paths:
        args += ["--ro-bind", path, path]
    args += ["--unshare-user", "--unshare-pid"]
    if not policy.network:
        args.append("--unshare-net")
    args += ["--proc", "/proc"]
    if policy.readable_roots is not None:
        args += ["--remount-ro", "/"]
    args += ["--chdir", policy.cwd, "--", *argv]
    return args


def _readable_mounts(roots: Sequence[str]) -> list[str]:
    """Mounts that make exactly ``roots`` readable inside an empty root."""
    symlinks: list[str] = []
    binds: dict[str, str] = {}  # destination -> source
    for root in roots:
        if os.path.islink(root) and os.path.dirname(root) == "/":
            # Top-level links such as /bin -> usr/bin: recreate the link, bind its target.
            target = os.readlink(root)
            symlinks += ["--symlink", target, root]
            real = os.path.realpath(root)
            binds.setdefault(real, real)
            continue
        real = os.path.realpath(root)
        binds.setdefault(real, real)
        if real != root:
            binds.setdefault(root, real)
    identity = [path for path, source in binds.items() if path == source]
    for path in identity:
        if any(other != path and _within(path, other) for other in identity):
            del binds[path]  # already visible through the bind of a parent
    args = symlinks
    for destination in _parents_first(binds):
        args += ["--ro-bind", binds[destination], destination]
    return args


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _parents_first(paths: Sequence[str] | dict[str, str]) -> list[str]:
    """Sort so that a mount never hides one made inside it."""
    return sorted(paths, key=lambda path: (path.count("/"), path))
