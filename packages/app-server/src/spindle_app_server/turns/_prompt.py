"""What the model is sent besides the conversation: instructions and turn context.

The base instructions, the developer message (permissions and approvals) and the
``<environment_context>`` message are ours in wording and the reference's in structure.
The context messages are recorded in the rollout exactly as they are sent, so a resumed
thread (here or in the reference) replays the same history.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from .._ids import uuid7
from .._threads import ThreadSettings

# Base instructions items get a stable id per thread (the reference uses a v5 uuid too).
_BASE_NAMESPACE = uuid.UUID("5b1c2c4e-7a52-4f43-9d0e-3a8f0a6f2b11")


def base_instructions_item(thread_id: str, text: str) -> dict[str, Any]:
    """The first input item of every request: the base instructions as a developer message."""
    return {
        "type": "message",
        "id": f"msg_{uuid.uuid5(_BASE_NAMESPACE, thread_id)}",
        "role": "developer",
        "content": [{"type": "input_text", "text": text}],
    }


__all__ = [
    "base_instructions_item",
    "developer_message_content",
    "developer_message_text",
    "environment_context_text",
    "permissions_text",
]

_SANDBOX_TEXT = {
    "danger-full-access": (
        "`sandbox_mode` is `danger-full-access`: commands run without filesystem sandboxing "
        "and may read and write any file. Network access is enabled."
    ),
    "workspace-write": (
        "`sandbox_mode` is `workspace-write`: commands may read any file, and write only inside "
        "the workspace roots (the working directory and any writable roots) and the temporary "
        "folders. `.git` folders stay read-only. Network access is disabled."
    ),
    "read-only": (
        "`sandbox_mode` is `read-only`: commands may read files but cannot write anywhere. "
        "Network access is disabled."
    ),
}

_APPROVAL_TEXT = {
    "never": (
        "Approval policy is `never`: the user is never asked. Do not set `sandbox_permissions`; "
        "a command asking for escalated permissions is rejected. Work within the sandbox and "
        "report what it prevented."
    ),
    "on-request": (
        "Approval policy is `on-request`: commands run in the sandbox without asking. When a "
        "command really needs more (writing outside the workspace, the network), run it again "
        'with `sandbox_permissions: "require_escalated"` and a one-sentence `justification`; '
        "the user decides. You may add a `prefix_rule` so similar commands are approved later."
    ),
    "untrusted": (
        "Approval policy is `untrusted`: a small set of known read-only commands runs directly; "
        "every other command waits for the user's approval, which is requested for you. Do not "
        "set `sandbox_permissions`."
    ),
}

_GRANULAR_TEXT = (
    "Approval policy is granular: the user chose which kinds of requests may reach them. When "
    "a request kind is not allowed, it is rejected without asking; work within the sandbox."
)


def permissions_text(settings: ThreadSettings) -> str:
    """The ``<permissions instructions>`` block for the thread's sandbox and approvals."""
    sandbox = _SANDBOX_TEXT.get(settings.sandbox_mode, _SANDBOX_TEXT["read-only"])
    policy: Any = settings.approval_policy
    approval = (
        _APPROVAL_TEXT.get(policy, _GRANULAR_TEXT) if isinstance(policy, str) else _GRANULAR_TEXT
    )
    return (
        "<permissions instructions>\n"
        f"Filesystem sandboxing decides which files commands can read or write. {sandbox}\n"
        f"{approval}\n"
        "</permissions instructions>"
    )


def developer_message_text(settings: ThreadSettings) -> str:
    return permissions_text(settings)


def developer_message_content(settings: ThreadSettings) -> list[dict[str, Any]]:
    """The developer message's parts: permissions, the memory block of a thread started
    with memories in use, then the collaboration mode's instructions when the mode has any
    (Plan mode), as the reference orders them."""
    parts = [{"type": "input_text", "text": developer_message_text(settings)}]
    if settings.memory_instructions:
        parts.append({"type": "input_text", "text": settings.memory_instructions})
    instructions = settings.collaboration_instructions
    if instructions:
        parts.append(
            {
                "type": "input_text",
                "text": f"<collaboration_mode>{instructions}</collaboration_mode>",
            }
        )
    return parts


def _profile_xml(settings: ThreadSettings) -> str:
    if settings.sandbox_mode == "danger-full-access":
        return '<permission_profile type="disabled"><file_system type="unrestricted" /></permission_profile>'
    if settings.sandbox_mode == "workspace-write":
        return (
            '<permission_profile type="managed"><file_system type="restricted">'
            f'<entry path="{settings.cwd}" access="write" /></file_system></permission_profile>'
        )
    return (
        '<permission_profile type="managed"><file_system type="restricted">'
        '<entry path="/" access="read" /></file_system></permission_profile>'
    )


def environment_context_text(settings: ThreadSettings) -> str:
    """The ``<environment_context>`` block (cwd, shell, date, timezone, filesystem)."""
    today = time.strftime("%Y-%m-%d", time.gmtime())
    return (
        "<environment_context>\n"
        f"  <cwd>{settings.cwd}</cwd>\n"
        "  <shell>bash</shell>\n"
        f"  <current_date>{today}</current_date>\n"
        "  <timezone>Etc/UTC</timezone>\n"
        f"  <filesystem><workspace_roots><root>{settings.cwd}</root></workspace_roots>"
        f"{_profile_xml(settings)}</filesystem>\n"
        "</environment_context>"
    )


def context_items(settings: ThreadSettings) -> list[dict[str, Any]]:
    """A turn's developer and environment-context messages, as the model is sent them."""
    return [
        {
            "type": "message",
            "id": "msg_" + uuid7(),
            "role": "developer",
            "content": developer_message_content(settings),
        },
        {
            "type": "message",
            "id": "msg_" + uuid7(),
            "role": "user",
            "content": [{"type": "input_text", "text": environment_context_text(settings)}],
        },
    ]
