"""The exceptions of spindle_sandbox, all in one module.

::

    SandboxError                 base of everything this package raises
    ├── InvalidPolicy            the policy is malformed; the message names the field
    ├── SandboxUnavailable       the policy asks for a sandbox and none can be set up here
    │                            (no usable bubblewrap, no Landlock, unsupported platform)
    └── UnsupportedOperation     the policy asks for something this platform's backend
                                 cannot enforce (restricted reads on Windows)

They are plain domain errors and know nothing of JSON-RPC; the app server maps them in its
one error table. Every one of them means "the command was not started": nothing ever runs
unsandboxed in their place.
"""

from __future__ import annotations


class SandboxError(Exception):
    """Base class: the command cannot be prepared under the requested policy."""


class InvalidPolicy(SandboxError, ValueError):
    """The sandbox policy is malformed.

    ``field`` is the dotted wire path of the offending member (``writableRoots.0``), or
    ``None`` when the policy as a whole is wrong (not an object, unknown ``type``).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SandboxUnavailable(SandboxError):
    """No sandbox backend can enforce the policy here; the message names what is missing."""


class UnsupportedOperation(SandboxError):
    """The backend for this platform cannot enforce part of the policy, so it refuses."""
