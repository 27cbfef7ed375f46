"""A thread's sandbox policy: from config.toml, thread/start, turn/start and a rollout.

The live policy is the wire ``SandboxPolicy`` object (camelCase, as ``thread/start`` returns
it and ``spindle_sandbox.prepare_command`` takes it). It comes from, in order of precedence:

* ``turn/start``'s ``sandboxPolicy``, kept for the thread's later turns, as the reference;
* ``thread/start``/``thread/resume``/``thread/fork``'s ``sandbox`` mode, or on resume the
  policy of the thread's latest ``turn_context`` (spindle keeps it across a restart; the
  reference falls back to config.toml there);
* config.toml: ``sandbox_mode``, detailed by ``[sandbox_workspace_write]`` and spindle's
  ``sandbox_read_access`` (``-c``/``config`` overrides merged in).

The rollout records it in the reference's snake_case ``turn_context.sandbox_policy`` form,
which :func:`policy_from_rollout` reads back.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError
from spindle_protocol import models as m
from spindle_protocol import to_wire
from spindle_protocol.errors import InvalidRequest

__all__ = [
    "DEFAULT_SANDBOX_MODE",
    "merge_config_overrides",
    "mode_of_policy",
    "policy_from_config",
    "policy_from_mode",
    "policy_from_rollout",
    "rollout_policy",
    "validate_policy",
]

JSON = dict[str, Any]

DEFAULT_SANDBOX_MODE = "read-only"

_MODE_OF_TYPE = {
    "dangerFullAccess": "danger-full-access",
    "readOnly": "read-only",
    "workspaceWrite": "workspace-write",
    "externalSandbox": "external-sandbox",
}
_TYPE_OF_MODE = {mode: kind for kind, mode in _MODE_OF_TYPE.items()}
_ADAPTER: TypeAdapter[m.SandboxPolicy] = TypeAdapter(m.SandboxPolicy)
# The reference deserialises paths into AbsolutePathBuf; a relative one fails like this.
RELATIVE_PATH_MESSAGE = "Invalid request: AbsolutePathBuf deserialized without a base path"


def policy_from_mode(
    mode: str,
    workspace: Mapping[str, Any] | None = None,
    read_access: Mapping[str, Any] | None = None,
) -> JSON:
    """The wire policy of a ``sandbox_mode``, detailed by the config's sections.

    Like the reference, ``workspace-write`` lists only the configured extra roots: the cwd,
    ``/tmp`` and ``$TMPDIR`` are writable implicitly, not through ``writableRoots``.
    """
    access = _read_access_json(read_access)
    if mode == "danger-full-access":
        return {"type": "dangerFullAccess"}
    if mode == "workspace-write":
        section = workspace or {}
        policy: JSON = {
            "type": "workspaceWrite",
            "writableRoots": [
                os.path.abspath(os.path.expanduser(str(p)))
                for p in section.get("writable_roots") or []
            ],
            "networkAccess": bool(section.get("network_access", False)),
            "excludeTmpdirEnvVar": bool(section.get("exclude_tmpdir_env_var", False)),
            "excludeSlashTmp": bool(section.get("exclude_slash_tmp", False)),
        }
        if access is not None:
            policy["readOnlyAccess"] = access
        return policy
    policy = {"type": "readOnly", "networkAccess": False}
    if access is not None:
        policy["access"] = access
    return policy


def policy_from_config(raw: Mapping[str, Any], mode: str) -> JSON:
    """The policy of ``mode`` with config.toml's (already merged) sandbox sections."""
    workspace = raw.get("sandbox_workspace_write")
    read_access = raw.get("sandbox_read_access")
    return policy_from_mode(
        mode,
        workspace if isinstance(workspace, Mapping) else None,
        read_access if isinstance(read_access, Mapping) else None,
    )


def _read_access_json(section: Mapping[str, Any] | None) -> JSON | None:
    """``sandbox_read_access`` as the wire ``ReadOnlyAccess``; ``None`` for full access."""
    if section is None or section.get("type") != "restricted":
        return None
    return {
        "type": "restricted",
        "includePlatformDefaults": bool(section.get("include_platform_defaults", True)),
        "readableRoots": [
            os.path.abspath(os.path.expanduser(str(p))) for p in section.get("readable_roots") or []
        ],
    }


def merge_config_overrides(raw: Mapping[str, Any], overrides: Any) -> dict[str, Any]:
    """``raw`` with a request's ``config`` overrides deep-merged in.

    Keys may be nested tables or dotted paths (``sandbox_workspace_write.writable_roots``),
    as the reference accepts both.
    """
    merged: dict[str, Any] = _deep_copy(raw)
    if not isinstance(overrides, Mapping):
        return merged
    for key, value in overrides.items():
        target = merged
        *parents, leaf = str(key).split(".")
        for part in parents:
            child = target.get(part)
            if not isinstance(child, dict):
                child = {}
                target[part] = child
            target = child
        existing = target.get(leaf)
        if isinstance(existing, dict) and isinstance(value, Mapping):
            target[leaf] = _merge(existing, value)
        else:
            target[leaf] = _deep_copy(value) if isinstance(value, Mapping) else value
    return merged


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(base.get(key), dict) and isinstance(value, Mapping):
            base[key] = _merge(base[key], value)
        else:
            base[key] = _deep_copy(value) if isinstance(value, Mapping) else value
    return base


def _deep_copy(value: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, Mapping) else v for k, v in value.items()}


def validate_policy(raw: Any) -> JSON:
    """A request's ``sandboxPolicy`` as the canonical wire object, or the reference's error."""
    try:
        model = _ADAPTER.validate_python(raw)
    except ValidationError as exc:  # parse_params already rejected most shapes
        raise InvalidRequest(f"Invalid request: sandboxPolicy: {exc.errors()[0]['msg']}") from None
    policy: JSON = to_wire(model)
    roots = list(policy.get("writableRoots") or [])
    for access in (policy.get("access"), policy.get("readOnlyAccess")):
        if isinstance(access, dict):
            roots.extend(access.get("readableRoots") or [])
    if any(not os.path.isabs(str(root)) for root in roots):
        raise InvalidRequest(RELATIVE_PATH_MESSAGE)
    return policy


def mode_of_policy(policy: Mapping[str, Any]) -> str:
    """The ``sandbox_mode`` spelling of a policy's type (``external-sandbox`` is ours)."""
    return _MODE_OF_TYPE.get(str(policy.get("type")), DEFAULT_SANDBOX_MODE)


def rollout_policy(policy: Mapping[str, Any]) -> JSON:
    """``turn_context.sandbox_policy`` as the reference writes it (snake_case, kebab type)."""
    kind = str(policy.get("type"))
    out: JSON = {"type": _MODE_OF_TYPE.get(kind, DEFAULT_SANDBOX_MODE)}
    if kind == "workspaceWrite":
        out["writable_roots"] = list(policy.get("writableRoots") or [])
        out["network_access"] = bool(policy.get("networkAccess", False))
        out["exclude_tmpdir_env_var"] = bool(policy.get("excludeTmpdirEnvVar", False))
        out["exclude_slash_tmp"] = bool(policy.get("excludeSlashTmp", False))
    elif kind == "readOnly":
        if policy.get("networkAccess"):
            out["network_access"] = True
    elif kind == "externalSandbox":
        out["network_access"] = str(policy.get("networkAccess", "restricted"))
    access = policy.get("access") or policy.get("readOnlyAccess")
    if isinstance(access, Mapping) and access.get("type") == "restricted":
        out["read_access"] = {
            "type": "restricted",
            "include_platform_defaults": bool(access.get("includePlatformDefaults", True)),
            "readable_roots": list(access.get("readableRoots") or []),
        }
    return out


def policy_from_rollout(recorded: Any) -> JSON | None:
    """The wire policy of a recorded ``turn_context.sandbox_policy`` (ours or the reference's)."""
    if not isinstance(recorded, Mapping):
        return None
    kind = _TYPE_OF_MODE.get(str(recorded.get("type")))
    if kind is None:
        return None
    read = recorded.get("read_access")
    read_section = (
        {
            "type": "restricted",
            "include_platform_defaults": read.get("include_platform_defaults", True),
            "readable_roots": read.get("readable_roots") or [],
        }
        if isinstance(read, Mapping) and read.get("type") == "restricted"
        else None
    )
    if kind == "externalSandbox":
        network = recorded.get("network_access")
        return {
            "type": "externalSandbox",
            "networkAccess": network if network in ("enabled", "restricted") else "restricted",
        }
    if kind == "workspaceWrite":
        return policy_from_mode("workspace-write", recorded, read_section)
    if kind == "readOnly":
        policy = policy_from_mode("read-only", workspace=None, read_access=read_section)
        policy["networkAccess"] = bool(recorded.get("network_access", False))
        return policy
    return {"type": "dangerFullAccess"}
