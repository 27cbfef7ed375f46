"""Agent paths: ``/root`` is the user's agent, ``/root/<name>/...`` its sub-agents.

Pure rules, no I/O. Every refusal is an :class:`AgentPathError` whose message is the text
the model gets back (the reference's wording), so a bad name or path never crashes a turn.

- A *name* is one segment of ``[a-z0-9_]``, at most 255 bytes; ``root``, ``.`` and ``..``
  are reserved; empty or containing ``/`` is refused.
- An *absolute* path starts with ``/root``, has no trailing ``/`` and valid segments after
  ``root``; at most 4096 bytes.
- A *target* resolves in the reference's order: a thread id; ``/root``; an absolute path;
  otherwise a path relative to the caller (several segments allowed). ``..`` is a reserved
  name, so nothing can climb above ``/root``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Final

__all__ = [
    "MAX_PATH_BYTES",
    "MAX_SEGMENT_BYTES",
    "MORPHEUS",
    "ROOT",
    "AgentPathError",
    "Target",
    "depth_of",
    "is_thread_id",
    "join",
    "parent_of",
    "parse_target",
    "validate_absolute",
    "validate_name",
]

ROOT: Final = "/root"
MAX_SEGMENT_BYTES: Final = 255
MAX_PATH_BYTES: Final = 4096

# The reference's internal memory-consolidation agent: a valid path no spindle agent holds.
MORPHEUS: Final = "/morpheus"
_ROOT_SEGMENT: Final = "root"
_NOT_UNDER_ROOT: Final = "absolute agent paths must start with `/root` or be `/morpheus`"
_NAME: Final = re.compile(r"[a-z0-9_]+")


class AgentPathError(ValueError):
    """A name, path or target the model gave that is not valid; the message is for it."""


def _check_segment(name: str) -> None:
    if not name:
        raise AgentPathError("agent_name must not be empty")
    if name == _ROOT_SEGMENT:
        raise AgentPathError("agent_name `root` is reserved")
    if name in (".", ".."):
        raise AgentPathError(f"agent_name `{name}` is reserved")
    if "/" in name:
        raise AgentPathError("agent_name must not contain `/`")
    if not _NAME.fullmatch(name):
        raise AgentPathError("agent_name must use only lowercase letters, digits, and underscores")


def validate_name(name: str) -> str:
    """A new agent's name (one path segment); returns it unchanged."""
    if len(name.encode()) > MAX_SEGMENT_BYTES:
        raise AgentPathError(f"agent_name must not exceed {MAX_SEGMENT_BYTES} bytes")
    _check_segment(name)
    return name


def validate_absolute(path: str) -> str:
    """An absolute agent path (``/root`` or ``/root/a/b``); returns it unchanged."""
    if len(path.encode()) > MAX_PATH_BYTES:
        raise AgentPathError(f"agent path must not exceed {MAX_PATH_BYTES} bytes")
    if path == MORPHEUS:
        return path
    segments = path[1:].split("/")
    if not path.startswith("/") or segments[0] != _ROOT_SEGMENT:
        raise AgentPathError(_NOT_UNDER_ROOT)
    if path.endswith("/"):
        raise AgentPathError("absolute agent path must not end with `/`")
    for segment in segments[1:]:
        validate_name(segment)
    return path


def join(parent: str, name: str) -> str:
    """The path of a child called ``name`` of the agent at ``parent``."""
    validate_name(name)
    return validate_absolute(f"{parent}/{name}")


def parent_of(path: str) -> str | None:
    """The parent agent's path; None for ``/root``."""
    if path == ROOT:
        return None
    return path.rsplit("/", 1)[0]


def depth_of(path: str) -> int:
    """0 for ``/root``, 1 for its children, and so on."""
    return path.count("/") - 1


def is_thread_id(text: str) -> bool:
    """Whether ``text`` is a thread id (a UUID in its canonical hyphenated form)."""
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


@dataclass(frozen=True)
class Target:
    """What a tool's ``target`` names: a thread id, or an absolute agent path."""

    thread_id: str | None = None
    path: str | None = None


def parse_target(target: str, caller_path: str) -> Target:
    """Resolve a tool's target for the agent at ``caller_path`` (reference order)."""
    if is_thread_id(target):
        return Target(thread_id=target.lower())
    if not target:
        raise AgentPathError("agent path must not be empty")
    if target == ROOT:
        return Target(path=ROOT)
    if target.startswith("/"):
        return Target(path=validate_absolute(target))
    if len(target.encode()) > MAX_PATH_BYTES:
        raise AgentPathError(f"agent path reference must not exceed {MAX_PATH_BYTES} bytes")
    if target.endswith("/"):
        raise AgentPathError("relative agent path must not end with `/`")
    for segment in target.split("/"):
        validate_name(segment)
    return Target(path=validate_absolute(f"{caller_path}/{target}"))
