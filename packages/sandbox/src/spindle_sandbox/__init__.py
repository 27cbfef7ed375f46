"""spindle_sandbox: run the agent's commands under a ``SandboxPolicy``, or not at all.

* :func:`prepare_command` turns an argv, a policy (its wire JSON object or a generated
  model), a cwd and an environment into the argv and environment to spawn: bubblewrap on
  Linux, Landlock where bubblewrap is missing or cannot create namespaces, ``sandbox-exec``
  with a :func:`seatbelt_profile` on macOS. ``dangerFullAccess`` and ``externalSandbox``
  pass through unchanged; anything that cannot be enforced raises. Landlock adds a
  :class:`ChildRestriction`: spawn with ``PreparedCommand.popen()`` or with
  :func:`create_subprocess_exec` (asyncio's, plus ``restriction=``), which start the
  command from a thread Landlock already restricts.
* :func:`probe_sandbox` says which backend this machine offers and why (cached per
  process); :func:`startup_warning` is the ``configWarning`` to send when it is not
  bubblewrap, and ``SandboxProbe.describe()`` the startup log line.

Errors (see ``_errors``): :class:`SandboxError` and its subclasses :class:`InvalidPolicy`,
:class:`SandboxUnavailable` and :class:`UnsupportedOperation`; plain domain errors the app
server maps to JSON-RPC. This package imports nothing of spindle but ``spindle_protocol``.
"""

from __future__ import annotations

from spindle_sandbox._errors import (
    InvalidPolicy,
    SandboxError,
    SandboxUnavailable,
    UnsupportedOperation,
)
from spindle_sandbox._landlock import ChildRestriction
from spindle_sandbox._policy import NETWORK_DISABLED_ENV, SandboxPolicyLike
from spindle_sandbox._prepare import PreparedCommand, prepare_command
from spindle_sandbox._probe import (
    LANDLOCK_GIT_NOTE,
    SANDBOX_BACKEND_ENV,
    SandboxProbe,
    clear_probe_cache,
    probe_sandbox,
    startup_warning,
)
from spindle_sandbox._seatbelt import seatbelt_profile
from spindle_sandbox._spawn import SpawnedProcess, create_subprocess_exec

__all__ = [
    "LANDLOCK_GIT_NOTE",
    "NETWORK_DISABLED_ENV",
    "SANDBOX_BACKEND_ENV",
    "ChildRestriction",
    "InvalidPolicy",
    "PreparedCommand",
    "SandboxError",
    "SandboxPolicyLike",
    "SandboxProbe",
    "SandboxUnavailable",
    "SpawnedProcess",
    "UnsupportedOperation",
    "clear_probe_cache",
    "create_subprocess_exec",
    "prepare_command",
    "probe_sandbox",
    "seatbelt_profile",
    "startup_warning",
]
