"""From a wire ``SandboxPolicy`` to the concrete paths a backend enforces.

The policy is the reference's ``SandboxPolicy`` (schema/v2/sandbox.json) with spindle's
optional read-access model: ``access`` on ``readOnly`` and ``readOnlyAccess`` on
``workspaceWrite``, each ``{"type": "fullAccess"}`` (the default) or ``{"type":
"restricted", "includePlatformDefaults": bool, "readableRoots": [...]}``.

Resolution follows the reference (``SandboxPolicy::get_writable_roots_with_cwd``): the
writable roots of ``workspaceWrite`` are ``writableRoots``, the cwd, ``/tmp`` and ``$TMPDIR``
(each unless excluded), and ``.git``, ``.codex`` and ``.agents`` directly inside a writable
root stay read-only. Roots that do not exist are dropped: a sandbox never grants more than
the policy says, and a bind mount of a missing path would fail the whole command.
"""

from __future__ import annotations

import functools
import glob
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel, TypeAdapter, ValidationError
from spindle_protocol import models as m
from spindle_protocol import to_wire

from spindle_sandbox._errors import InvalidPolicy

SandboxPolicyLike: TypeAlias = Mapping[str, Any] | BaseModel
"""A policy as its wire JSON object (camelCase), or one of the generated pydantic models."""

PolicyType = Literal["dangerFullAccess", "readOnly", "workspaceWrite", "externalSandbox"]

NETWORK_DISABLED_ENV = "CODEX_SANDBOX_NETWORK_DISABLED"
"""Set to ``1`` in a command's environment when the policy cuts the network, as the reference."""

PROTECTED_NAMES = (".git", ".codex", ".agents")
"""Entries of a writable root that stay read-only (``.git`` may be a file: a worktree)."""

LINUX_PLATFORM_READ_ROOTS = (
    "/bin",
    "/sbin",
    "/usr",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/etc",
)
"""What a command needs to start on Linux: programs, libraries, the loader and its config."""


@functools.cache
def _adapter() -> TypeAdapter[m.SandboxPolicy]:
    """The policy union's validator: built at the first command (~15 ms), not at import,
    which every server start does."""
    return TypeAdapter(m.SandboxPolicy)


@dataclass(frozen=True)
class ResolvedPolicy:
    """The policy for one command in one cwd, as absolute paths a backend can apply.

    ``readable_roots`` is ``None`` for full read access; otherwise it is every path the
    command may read (readable roots, the cwd, platform defaults when included), and the
    writable roots are readable too. Paths are absolute and normalised but not resolved:
    backends resolve symlinks themselves, since bubblewrap must also recreate the link.
    """

    type: PolicyType
    cwd: str
    network: bool
    writable_roots: tuple[str, ...] = ()
    protected_paths: tuple[str, ...] = ()
    readable_roots: tuple[str, ...] | None = None
    include_platform_defaults: bool = True

    @property
    def sandboxed(self) -> bool:
        """Whether spindle must enforce anything (not for dangerFullAccess/externalSandbox)."""
        return self.type in ("readOnly", "workspaceWrite")

    @property
    def restricted_read(self) -> bool:
        return self.readable_roots is not None


def parse_policy(policy: SandboxPolicyLike) -> m.SandboxPolicy:
    """Validate ``policy`` into the generated model; errors name the offending field."""
    if isinstance(policy, BaseModel):
        raw: object = to_wire(policy)
    elif isinstance(policy, Mapping):
        raw = dict(policy)
    else:
        raise InvalidPolicy(
            f"sandbox policy must be a JSON object, not {type(policy).__name__}", field=None
        )
    try:
        return _adapter().validate_python(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = _wire_field(raw, error["loc"])
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            field = f"{field}.type" if field else "type"
        raise InvalidPolicy(
            f"invalid sandbox policy: {field or 'policy'}: {error['msg']}", field=field or None
        ) from None


def _wire_field(raw: object, loc: tuple[int | str, ...]) -> str:
    """``loc`` as a dotted wire path, without the variant tags pydantic inserts for unions."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if isinstance(node, Mapping) and part not in node and part == node.get("type"):
            continue  # the tag of a tagged-union variant, not a member
        parts.append(str(part))
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return ".".join(parts)


def read_access(policy: m.SandboxPolicy) -> m.ReadOnlyAccessRestricted | None:
    """The restricted read-access model of ``policy``, or ``None`` for full reads."""
    access: object = None
    if isinstance(policy, m.SandboxPolicyReadOnly):
        access = policy.access
    elif isinstance(policy, m.SandboxPolicyWorkspaceWrite):
        access = policy.read_only_access
    return access if isinstance(access, m.ReadOnlyAccessRestricted) else None


def network_enabled(policy: m.SandboxPolicy) -> bool:
    """Whether commands keep full network access under ``policy``."""
    if isinstance(policy, m.SandboxPolicyDangerFullAccess):
        return True
    if isinstance(policy, m.SandboxPolicyExternalSandbox):
        return policy.network_access == m.NetworkAccess.enabled
    return bool(policy.network_access)


def resolve_policy(policy: m.SandboxPolicy, *, cwd: str, env: Mapping[str, str]) -> ResolvedPolicy:
    """Resolve ``policy`` for a command run in ``cwd`` with environment ``env`` (POSIX)."""
    if not os.path.isabs(cwd):
        raise ValueError(f"cwd must be an absolute path, got {cwd!r}")
    cwd = os.path.normpath(cwd)
    network = network_enabled(policy)
    if not isinstance(policy, m.SandboxPolicyReadOnly | m.SandboxPolicyWorkspaceWrite):
        return ResolvedPolicy(type=policy.type, cwd=cwd, network=network)

    writable: list[str] = []
    if isinstance(policy, m.SandboxPolicyWorkspaceWrite):
        writable = [
            _absolute(root, field=f"writableRoots.{index}")
            for index, root in enumerate(policy.writable_roots)
        ]
        writable.append(cwd)
        if not policy.exclude_slash_tmp:
            writable.append("/tmp")
        tmpdir = env.get("TMPDIR", "")
        if not policy.exclude_tmpdir_env_var and os.path.isabs(tmpdir):
            writable.append(os.path.normpath(tmpdir))
    writable_roots = _existing_unique(writable, kind="dir")

    readable: tuple[str, ...] | None = None
    restricted = read_access(policy)
    include_defaults = True
    if restricted is not None:
        field = "access" if isinstance(policy, m.SandboxPolicyReadOnly) else "readOnlyAccess"
        roots = [
            _absolute(root, field=f"{field}.readableRoots.{index}")
            for index, root in enumerate(restricted.readable_roots)
        ]
        include_defaults = bool(restricted.include_platform_defaults)
        if include_defaults:
            roots += linux_platform_read_roots()
        roots.append(cwd)
        readable = _existing_unique(roots, kind="any")
        if "/" in readable:
            readable = None  # "/" readable is full read access

    return ResolvedPolicy(
        type=policy.type,
        cwd=cwd,
        network=network,
        writable_roots=writable_roots,
        protected_paths=protected_paths(writable_roots),
        readable_roots=readable,
        include_platform_defaults=include_defaults,
    )


def protected_paths(writable_roots: Iterable[str]) -> tuple[str, ...]:
    """``.git`` (and a worktree's gitdir), ``.codex`` and ``.agents`` of each writable root.

    Symlinked entries are protected at their target: the ``.git`` a command could re-point
    is the entry, but what an attacker wants to rewrite (hooks, config) is the target.
    """
    writable_roots = list(writable_roots)
    found: list[str] = []
    for root in writable_roots:
        for name in PROTECTED_NAMES:
            path = os.path.join(root, name)
            if name == ".git" and os.path.isfile(path):
                gitdir = _gitdir_from_pointer(path)
                if gitdir is not None:
                    found.append(gitdir)
                found.append(path)
            elif os.path.isdir(path):
                found.append(os.path.realpath(path) if os.path.islink(path) else path)
    # Only what lies inside a writable root needs protecting; binding anything else
    # read-only could make it visible under restricted reads.
    real_roots = [os.path.realpath(root) for root in writable_roots]
    return tuple(
        path
        for path in dict.fromkeys(found)
        if any(_within(os.path.realpath(path), root) for root in real_roots)
    )


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def linux_platform_read_roots() -> list[str]:
    """The platform defaults on Linux, plus library folders named by ``/etc/ld.so.conf``."""
    roots = list(LINUX_PLATFORM_READ_ROOTS)
    for folder in _ld_so_conf_dirs("/etc/ld.so.conf", depth=0):
        if not any(_within(folder, root) for root in roots):
            roots.append(folder)
    return roots


def _ld_so_conf_dirs(path: str, *, depth: int) -> list[str]:
    if depth > 4:
        return []
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    found: list[str] = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("include "):
            pattern = line.removeprefix("include ").strip()
            if not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for included in sorted(glob.glob(pattern)):
                found += _ld_so_conf_dirs(included, depth=depth + 1)
        elif os.path.isabs(line):
            found.append(os.path.normpath(line))
    return found


def _gitdir_from_pointer(dot_git: str) -> str | None:
    try:
        with open(dot_git, encoding="utf-8", errors="replace") as handle:
            text = handle.read(4096).strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    gitdir = text.removeprefix("gitdir:").strip()
    gitdir = os.path.normpath(os.path.join(os.path.dirname(dot_git), gitdir))
    return gitdir if os.path.isdir(gitdir) else None


def _absolute(path: str, *, field: str) -> str:
    if not path or not os.path.isabs(path) or "\0" in path:
        raise InvalidPolicy(
            f"invalid sandbox policy: {field}: expected an absolute path, got {path!r}",
            field=field,
        )
    return os.path.normpath(path)


def _existing_unique(paths: Iterable[str], *, kind: Literal["dir", "any"]) -> tuple[str, ...]:
    kept: list[str] = []
    for path in paths:
        exists = os.path.isdir(path) if kind == "dir" else os.path.exists(path)
        if exists and path not in kept:
            kept.append(path)
    return tuple(kept)
