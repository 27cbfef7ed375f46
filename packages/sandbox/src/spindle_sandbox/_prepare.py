"""Prepare one command to run under a policy: the argv and environment to spawn."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from spindle_protocol import models as m

from spindle_sandbox._bwrap import bwrap_argv
from spindle_sandbox._errors import SandboxUnavailable, UnsupportedOperation
from spindle_sandbox._landlock import ChildRestriction
from spindle_sandbox._policy import (
    NETWORK_DISABLED_ENV,
    SandboxPolicyLike,
    network_enabled,
    parse_policy,
    read_access,
    resolve_policy,
)
from spindle_sandbox._probe import SandboxProbe, probe_sandbox
from spindle_sandbox._seatbelt import seatbelt_argv, seatbelt_profile

PreparedBackend = Literal["none", "bwrap", "landlock", "seatbelt"]

SEATBELT_ENV = "CODEX_SANDBOX"
"""Set to ``seatbelt`` for commands run under Seatbelt, as the reference does."""


@dataclass(frozen=True)
class PreparedCommand:
    """What to spawn: ``argv`` with exactly ``env``, in any cwd (the sandbox sets its own).

    ``backend`` is ``"none"`` only for ``dangerFullAccess`` and ``externalSandbox``.
    ``restriction`` is set for Landlock, whose ``argv`` is the command itself: it must be
    spawned through the restriction (:meth:`popen`, or ``create_subprocess_exec`` with
    ``restriction=``), which starts it from a thread Landlock restricts. Spawning ``argv``
    any other way would run the command unconfined.
    """

    argv: list[str]
    env: dict[str, str]
    backend: PreparedBackend
    restriction: ChildRestriction | None = None

    def popen(self, **kwargs: Any) -> subprocess.Popen[Any]:
        """``subprocess.Popen(argv, env=env, **kwargs)``, restricted when it must be."""
        if self.restriction is None:
            return subprocess.Popen(self.argv, env=self.env, **kwargs)
        return self.restriction.popen(self.argv, env=self.env, **kwargs)


def prepare_command(
    argv: Sequence[str],
    policy: SandboxPolicyLike,
    *,
    cwd: str,
    env: Mapping[str, str],
    probe: SandboxProbe | None = None,
    platform: str | None = None,
) -> PreparedCommand:
    """Wrap ``argv`` so that it runs in ``cwd`` under ``policy``, or raise.

    ``policy`` is a ``SandboxPolicy`` as its wire JSON object (``{"type": "readOnly",
    "networkAccess": false, "access": {...}}``) or a generated model. ``env`` is the
    command's environment; the result adds ``CODEX_SANDBOX_NETWORK_DISABLED=1`` when the
    network is cut, and its ``TMPDIR`` is a writable root of ``workspaceWrite``.

    ``probe`` defaults to the cached :func:`probe_sandbox`; ``platform`` to
    ``sys.platform`` (tests pass ``"win32"`` or ``"darwin"``).

    Raises :class:`InvalidPolicy` (malformed policy), :class:`UnsupportedOperation`
    (restricted reads on Windows) or :class:`SandboxUnavailable` (no backend here). A
    sandboxed policy never yields an unsandboxed command.
    """
    if not argv:
        raise ValueError("argv must name a program")
    parsed = parse_policy(policy)
    platform = platform or sys.platform
    out_env = dict(env)
    if not network_enabled(parsed):
        out_env[NETWORK_DISABLED_ENV] = "1"
    if not isinstance(parsed, m.SandboxPolicyReadOnly | m.SandboxPolicyWorkspaceWrite):
        return PreparedCommand(argv=list(argv), env=out_env, backend="none")

    if platform == "win32":
        if read_access(parsed) is not None:
            raise UnsupportedOperation(
                "restricted read access cannot be enforced on Windows: spindle has no Windows "
                "sandbox, and it refuses rather than let the command read everything"
            )
        raise SandboxUnavailable(
            f"cannot run this command under the {parsed.type} sandbox policy: spindle has no "
            "sandbox on Windows (use dangerFullAccess, or externalSandbox inside a sandbox "
            "you provide)"
        )
    if platform == "darwin":
        probe = probe or probe_sandbox(platform=platform)
        if probe.backend != "seatbelt":
            raise _unavailable(parsed.type, probe)
        profile = seatbelt_profile(parsed, cwd=cwd, env=env)
        out_env[SEATBELT_ENV] = "seatbelt"
        return PreparedCommand(argv=seatbelt_argv(profile, argv), env=out_env, backend="seatbelt")
    if not platform.startswith("linux"):
        raise SandboxUnavailable(
            f"cannot run this command under the {parsed.type} sandbox policy: spindle has no "
            f"sandbox for {platform}"
        )

    probe = probe or probe_sandbox(platform=platform)
    resolved = resolve_policy(parsed, cwd=cwd, env=env)
    if probe.backend == "bwrap" and probe.bwrap_path is not None:
        return PreparedCommand(
            argv=bwrap_argv(probe.bwrap_path, argv, resolved), env=out_env, backend="bwrap"
        )
    if probe.backend == "landlock":
        return PreparedCommand(
            argv=list(argv),
            env=out_env,
            backend="landlock",
            restriction=ChildRestriction(resolved),
        )
    raise _unavailable(parsed.type, probe)


def _unavailable(policy_type: str, probe: SandboxProbe) -> SandboxUnavailable:
    hint = (
        " Install bubblewrap (apt-get install bubblewrap) or use a kernel with Landlock."
        if probe.platform.startswith("linux")
        else ""
    )
    return SandboxUnavailable(
        f"cannot run this command under the {policy_type} sandbox policy: no sandbox is "
        f"available ({probe.reason}).{hint} spindle never runs a sandboxed command "
        "unsandboxed."
    )
