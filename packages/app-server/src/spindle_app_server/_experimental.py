"""Params fields that need the ``experimentalApi`` capability, per implemented method.

These are the fields of a method's params that the reference's *stable* schema does not
have (a test recomputes the table from the official schema generated at test time). A
request from a connection without the capability that sets one of them gets
``<method>.<field> requires experimentalApi capability``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spindle_protocol.methods import (
    COMMAND_EXEC,
    THREAD_FORK,
    THREAD_LIST,
    THREAD_METADATA_UPDATE,
    THREAD_RESUME,
    THREAD_START,
    TURN_START,
    TURN_STEER,
)

__all__ = ["EXPERIMENTAL_FIELDS", "experimental_field_used"]

EXPERIMENTAL_FIELDS: Mapping[str, tuple[str, ...]] = {
    COMMAND_EXEC: ("permissionProfile",),
    THREAD_FORK: (
        "experimentalPredictionMode",
        "experimentalDisablePredictionMcp",
        "beforeTurnId",
        "path",
        "runtimeWorkspaceRoots",
        "permissions",
        "attachToSource",
        "deferGoalContinuation",
    ),
    THREAD_LIST: (
        "includeAttachedThreads",
        "projectId",
        "parentThreadId",
        "ancestorThreadId",
        "attachedToThreadId",
    ),
    THREAD_METADATA_UPDATE: ("projectId", "daybreakEnabled"),
    THREAD_RESUME: (
        "history",
        "path",
        "runtimeWorkspaceRoots",
        "permissions",
        "initialTurnsPage",
    ),
    THREAD_START: (
        "allowProviderModelFallback",
        "runtimeWorkspaceRoots",
        "permissions",
        "multiAgentMode",
        "historyMode",
        "projectId",
        "daybreakEnabled",
        "environments",
        "dynamicTools",
        "selectedCapabilityRoots",
        "mockExperimentalField",
        "experimentalRawEvents",
    ),
    TURN_STEER: (
        "responsesapiClientMetadata",
        "responsesapiClientMetadataPatch",
        "additionalContext",
    ),
    TURN_START: (
        "responsesapiClientMetadata",
        "responsesapiClientMetadataPatch",
        "additionalContext",
        "environments",
        "runtimeWorkspaceRoots",
        "permissions",
        "collaborationMode",
        "multiAgentMode",
        "cyberAccessProgram",
    ),
}

# Fields where an explicit null is a value ("clear it"), so null counts as set.
_NULL_IS_A_VALUE = frozenset({"projectId"})


def experimental_field_used(method: str, params: Any) -> str | None:
    """The first experimental field ``params`` sets for ``method``, if any.

    As observed on the reference: a field counts when it is present with a non-default value
    (``false`` and ``null`` are defaults, except where null means "clear").
    """
    if not isinstance(params, dict):
        return None
    for name in EXPERIMENTAL_FIELDS.get(method, ()):
        if name not in params:
            continue
        value = params[name]
        if value is False:
            continue
        if value is None and name not in _NULL_IS_A_VALUE:
            continue
        return name
    return None
