"""Seatbelt (macOS ``sandbox-exec``) profiles, generated from a policy as SBPL text.

A pure function of the policy, the cwd and the environment, testable on any OS (it only
looks at the file system to canonicalise paths and to find ``.git``, ``.codex`` and
``.agents`` inside writable roots). The profile denies by default, then allows:

* processes, terminals and a few system services every command needs;
* reads: everything for ``fullAccess``; otherwise ``(subpath …)`` for each readable root,
  the writable roots and the cwd, plus the macOS platform defaults only when asked;
* writes (``workspaceWrite``): beneath each writable root, except its protected entries;
* the network only when the policy allows it.

Paths are canonicalised (``/tmp`` is ``/private/tmp`` on macOS) and written as SBPL string
literals with every quote, backslash and control character escaped, so no path can close
the string and inject rules.
"""

from __future__ import annotations

import os
import posixpath
import sys
from collections.abc import Iterable, Mapping, Sequence

from spindle_protocol import models as m

from spindle_sandbox._errors import InvalidPolicy
from spindle_sandbox._policy import (
    PROTECTED_NAMES,
    SandboxPolicyLike,
    network_enabled,
    parse_policy,
    read_access,
)

SANDBOX_EXEC = "/usr/bin/sandbox-exec"

_PRIVATE_LINKS = ("/tmp", "/var", "/etc")  # symlinks into /private on every macOS

_BASE = """\
(version 1)
(deny default)

; processes: children inherit this profile
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; system services most commands need
(allow sysctl-read)
(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo"))
(allow ipc-posix-sem)
(allow user-preference-read)
(allow file-write-data (require-all (path "/dev/null") (vnode-type CHARACTER-DEVICE)))

; terminals
(allow pseudo-tty)
(allow file-read* file-write* file-ioctl (literal "/dev/ptmx"))
(allow file-read* file-write*
  (require-all (regex #"^/dev/ttys[0-9]+") (extension "com.apple.sandbox.pty")))
(allow file-ioctl (regex #"^/dev/ttys[0-9]+"))
"""

_PLATFORM_DEFAULTS = """\
; platform defaults: what a command needs to start
(allow file-read* (literal "/"))
(allow file-read-metadata (literal "/etc") (literal "/tmp") (literal "/var"))
(allow file-read*
  (subpath "/bin")
  (subpath "/sbin")
  (subpath "/usr/bin")
  (subpath "/usr/sbin")
  (subpath "/usr/lib")
  (subpath "/usr/libexec")
  (subpath "/usr/share")
  (subpath "/System/Library")
  (subpath "/System/Volumes/Preboot/Cryptexes")
  (subpath "/Library/Apple")
  (subpath "/Library/Preferences")
  (subpath "/private/etc")
  (subpath "/private/var/db/timezone")
  (literal "/dev/null")
  (literal "/dev/zero")
  (literal "/dev/random")
  (literal "/dev/urandom")
  (literal "/dev/tty")
  (subpath "/dev/fd"))
(allow file-map-executable (subpath "/usr/lib") (subpath "/System/Library"))
(allow file-read-metadata (subpath "/dev"))
"""

_NETWORK = """\
; network: allowed by the policy
(allow network-outbound)
(allow network-inbound)
(allow system-socket)
"""


def seatbelt_profile(
    policy: SandboxPolicyLike, *, cwd: str, env: Mapping[str, str] | None = None
) -> str:
    """The SBPL profile enforcing ``policy`` for a command run in ``cwd``.

    ``env`` supplies ``TMPDIR`` (a writable root of ``workspaceWrite`` unless excluded);
    without it none is added. Raises :class:`InvalidPolicy` for a malformed policy or one
    that needs no sandbox (``dangerFullAccess``, ``externalSandbox``).
    """
    parsed = parse_policy(policy)
    if not isinstance(parsed, m.SandboxPolicyReadOnly | m.SandboxPolicyWorkspaceWrite):
        raise InvalidPolicy(
            f"a {parsed.type} policy runs commands without a sandbox; it has no profile",
            field="type",
        )
    if not posixpath.isabs(cwd):
        raise ValueError(f"cwd must be an absolute path, got {cwd!r}")

    given: list[str] = []  # writable roots as given, to look for .git on this host
    if isinstance(parsed, m.SandboxPolicyWorkspaceWrite):
        given = [
            _absolute(root, field=f"writableRoots.{index}")
            for index, root in enumerate(parsed.writable_roots)
        ]
        given.append(cwd)
        if not parsed.exclude_slash_tmp:
            given.append("/tmp")
        tmpdir = (env or {}).get("TMPDIR", "")
        if not parsed.exclude_tmpdir_env_var and posixpath.isabs(tmpdir):
            given.append(tmpdir)
    writable_by_path: dict[str, str] = {}  # canonical -> as given
    for root in given:
        writable_by_path.setdefault(_canonical(root), root)
    writable = list(writable_by_path)
    cwd = _canonical(cwd)

    sections = [f"; spindle sandbox profile: {parsed.type}\n{_BASE}"]
    restricted = read_access(parsed)
    if restricted is None:
        sections.append("; reads: full access\n(allow file-read*)\n")
    else:
        field = "access" if isinstance(parsed, m.SandboxPolicyReadOnly) else "readOnlyAccess"
        readable = [
            _canonical(_absolute(root, field=f"{field}.readableRoots.{index}"))
            for index, root in enumerate(restricted.readable_roots)
        ]
        readable = list(dict.fromkeys([*readable, cwd, *writable]))
        sections.append(
            "; reads: restricted to these roots\n"
            + _rule("allow file-read*", [f"(subpath {_string(root)})" for root in readable])
        )
        if restricted.include_platform_defaults:
            sections.append(_PLATFORM_DEFAULTS)
    if writable:
        filters = []
        for root in writable:
            protected = [posixpath.join(root, name) for name in _protected(writable_by_path[root])]
            if protected:
                nots = " ".join(f"(require-not (subpath {_string(p)}))" for p in protected)
                filters.append(f"(require-all (subpath {_string(root)}) {nots})")
            else:
                filters.append(f"(subpath {_string(root)})")
        sections.append(
            "; writes: beneath the writable roots\n" + _rule("allow file-write*", filters)
        )
    if network_enabled(parsed):
        sections.append(_NETWORK)
    else:
        sections.append("; network: denied (no rule allows it)\n")
    return "\n".join(sections)


def seatbelt_argv(profile: str, argv: Sequence[str]) -> list[str]:
    """``sandbox-exec -p PROFILE -- ARGV``, as the reference runs it."""
    return [SANDBOX_EXEC, "-p", profile, "--", *argv]


def _rule(head: str, filters: Iterable[str]) -> str:
    body = "".join(f"\n  {item}" for item in filters)
    return f"({head}{body})\n"


def _string(text: str) -> str:
    """``text`` as an SBPL (TinyScheme) string literal that nothing inside can end early."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _canonical(path: str) -> str:
    """Absolute, normalised, with macOS's ``/tmp``-style links and other symlinks resolved."""
    path = posixpath.normpath(path)
    for link in _PRIVATE_LINKS:
        if path == link or path.startswith(link + "/"):
            path = "/private" + path
            break
    if sys.platform != "win32":
        path = os.path.realpath(path)
    return path


def _protected(root: str) -> list[str]:
    """Which of ``.git``, ``.codex`` and ``.agents`` exist in ``root`` on this host."""
    if sys.platform == "win32":
        return []
    return [name for name in PROTECTED_NAMES if os.path.lexists(os.path.join(root, name))]


def _absolute(path: str, *, field: str) -> str:
    if not path or not posixpath.isabs(path) or "\0" in path:
        raise InvalidPolicy(
            f"invalid sandbox policy: {field}: expected an absolute path, got {path!r}",
            field=field,
        )
    return path
