"""Which sandbox backend can enforce a policy on this machine, and why.

Linux: bubblewrap first, as the reference (the first ``bwrap`` on PATH, which must be able
to create user namespaces); Landlock when bubblewrap is missing or unusable; nothing
otherwise, and then every sandboxed command fails. macOS: ``/usr/bin/sandbox-exec``.
Windows and other systems: nothing.

``SPINDLE_SANDBOX_BACKEND`` narrows the choice, for tests and for machines where one
backend misbehaves: ``auto`` (the default), ``bwrap``, ``landlock``, or ``unavailable``
(behave as if no backend existed). It can only take backends away, never turn enforcement
off.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Literal

from spindle_sandbox import _landlock_sys

SANDBOX_BACKEND_ENV = "SPINDLE_SANDBOX_BACKEND"
"""Environment variable that restricts the backend choice (auto/bwrap/landlock/unavailable)."""

_FORCE_VALUES = ("auto", "bwrap", "landlock", "unavailable")

Backend = Literal["bwrap", "landlock", "seatbelt"]

LANDLOCK_GIT_NOTE = (
    "Landlock rules only add access, so under the Landlock backend .git, .codex and .agents "
    "inside a writable root are writable; bubblewrap keeps them read-only."
)


@dataclass(frozen=True)
class SandboxProbe:
    """What :func:`probe_sandbox` found.

    ``backend`` is the one that will enforce sandboxed policies (``None``: none can, so
    they fail closed); ``reason`` says why, in a sentence fit for a log line; ``notes``
    lists what the chosen backend cannot do.
    """

    platform: str
    backend: Backend | None
    reason: str
    bwrap_path: str | None = None
    bwrap_usable: bool = False
    bwrap_error: str | None = None
    landlock_abi: int | None = None
    forced: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return self.backend is not None

    def describe(self) -> str:
        """One line for the startup log: the backend, why, and its limitations."""
        name = self.backend or "none (sandboxed commands will fail)"
        return " ".join([f"sandbox backend: {name}: {self.reason}.", *self.notes])


def probe_sandbox(
    *,
    path: str | None = None,
    force_backend: str | None = None,
    platform: str | None = None,
) -> SandboxProbe:
    """Probe the sandbox backends; cached per process for each set of arguments.

    ``path`` is the search path for ``bwrap`` (default: this process's ``PATH``),
    ``force_backend`` overrides ``SPINDLE_SANDBOX_BACKEND``, ``platform`` overrides
    ``sys.platform``.
    """
    force = force_backend or os.environ.get(SANDBOX_BACKEND_ENV) or "auto"
    search = path if path is not None else os.environ.get("PATH", os.defpath)
    return _probe(search, force.strip().lower(), platform or sys.platform)


def clear_probe_cache() -> None:
    """Forget cached probes (after installing bubblewrap, or in tests)."""
    _probe.cache_clear()


@functools.cache
def _probe(search: str, force: str, platform: str) -> SandboxProbe:
    forced = None if force == "auto" else force
    if force not in _FORCE_VALUES:
        return SandboxProbe(
            platform=platform,
            backend=None,
            forced=forced,
            reason=(
                f"{SANDBOX_BACKEND_ENV}={force!r} is not one of "
                f"{', '.join(_FORCE_VALUES)}, so no backend is trusted"
            ),
        )
    if force == "unavailable":
        return SandboxProbe(
            platform=platform,
            backend=None,
            forced=forced,
            reason=f"every backend is disabled by {SANDBOX_BACKEND_ENV}=unavailable",
        )
    if platform == "darwin":
        return _probe_macos(forced)
    if not platform.startswith("linux"):
        return SandboxProbe(
            platform=platform,
            backend=None,
            forced=forced,
            reason=f"spindle has no sandbox backend for {platform}",
        )
    return _probe_linux(search, force, forced, platform)


def _probe_macos(forced: str | None) -> SandboxProbe:
    if forced is not None:
        return SandboxProbe(
            platform="darwin",
            backend=None,
            forced=forced,
            reason=f"{SANDBOX_BACKEND_ENV}={forced} names a Linux backend",
        )
    if os.path.exists("/usr/bin/sandbox-exec"):
        return SandboxProbe(
            platform="darwin", backend="seatbelt", reason="Seatbelt via /usr/bin/sandbox-exec"
        )
    return SandboxProbe(platform="darwin", backend=None, reason="/usr/bin/sandbox-exec is missing")


def _probe_linux(search: str, force: str, forced: str | None, platform: str) -> SandboxProbe:
    bwrap_path = shutil.which("bwrap", path=search)
    bwrap_usable = False
    bwrap_error: str | None = None
    if bwrap_path is not None and force in ("auto", "bwrap"):
        bwrap_usable, bwrap_error = _try_bwrap(bwrap_path)
    abi = _landlock_sys.landlock_abi()
    found = SandboxProbe(
        platform=platform,
        backend=None,
        reason="",
        bwrap_path=bwrap_path,
        bwrap_usable=bwrap_usable,
        bwrap_error=bwrap_error,
        landlock_abi=abi or None,
        forced=forced,
    )
    if bwrap_usable:
        return replace(
            found, backend="bwrap", reason=f"bubblewrap {bwrap_path} can create namespaces"
        )

    if force == "landlock":
        why_not_bwrap = f"bubblewrap disabled by {SANDBOX_BACKEND_ENV}=landlock"
    elif bwrap_path is None:
        why_not_bwrap = "bubblewrap (bwrap) not found on PATH"
    else:
        why_not_bwrap = f"bubblewrap {bwrap_path} cannot create user namespaces ({bwrap_error})"
    if force == "bwrap" or abi < 1:
        missing = (
            f"Landlock disabled by {SANDBOX_BACKEND_ENV}=bwrap"
            if force == "bwrap"
            else "Landlock is not available in this kernel"
        )
        return replace(found, reason=f"{why_not_bwrap}, and {missing}")

    notes = [LANDLOCK_GIT_NOTE]
    machine = os.uname().machine
    if machine not in _landlock_sys.SECCOMP_TABLES:
        notes.append(
            f"No seccomp network filter exists for {machine}: commands whose policy cuts the "
            "network will fail."
        )
    if abi < 4:
        notes.append(f"Landlock ABI {abi} has no TCP rules; seccomp alone cuts the network.")
    return replace(
        found,
        backend="landlock",
        reason=f"{why_not_bwrap}; Landlock ABI {abi} enforces the policy",
        notes=tuple(notes),
    )


def _try_bwrap(bwrap: str) -> tuple[bool, str | None]:
    """Run ``true`` with the namespaces spindle asks for, as the reference's probe does."""
    true = shutil.which("true") or "/bin/true"
    argv = [
        bwrap,
        "--new-session",
        "--die-with-parent",
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--proc",
        "/proc",
        "--",
        true,
    ]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    if done.returncode == 0:
        return True, None
    message = done.stderr.strip().splitlines()
    return False, message[-1] if message else f"exit status {done.returncode}"


def startup_warning(probe: SandboxProbe) -> str | None:
    """The ``configWarning`` summary to send at startup, or ``None`` when all is well.

    In the spirit of the reference's "Codex could not find bubblewrap on PATH…" and
    "Codex's Linux sandbox uses bubblewrap and needs access to create user namespaces."
    A backend chosen on purpose through ``SPINDLE_SANDBOX_BACKEND`` is not warned about.
    """
    if probe.backend in ("bwrap", "seatbelt"):
        return None
    if probe.backend == "landlock":
        if probe.forced == "landlock":
            return None
        if probe.bwrap_path is None:
            first = (
                "spindle could not find bubblewrap on PATH. Install bubblewrap with your OS "
                "package manager (Debian and Ubuntu: apt-get install bubblewrap)."
            )
        else:
            first = (
                "spindle's Linux sandbox uses bubblewrap and needs access to create user "
                f"namespaces ({probe.bwrap_error})."
            )
        return (
            f"{first} spindle will enforce the sandbox with Landlock in the meantime; "
            "Landlock cannot keep .git, .codex and .agents read-only inside writable roots."
        )
    return (
        f"spindle cannot sandbox commands here: {probe.reason}. Commands under the readOnly "
        "and workspaceWrite sandbox policies will fail until a sandbox is available (on "
        "Linux: install bubblewrap, or use a kernel with Landlock); only dangerFullAccess "
        "and externalSandbox run commands without spindle's sandbox."
    )
