"""``collaborationMode/list`` (experimental): the reference's two presets, Plan and Default."""

from __future__ import annotations

from typing import Any

from spindle_protocol.methods import COLLABORATION_MODE_LIST
from spindle_protocol.models import (
    CollaborationModeListParams,
    CollaborationModeListResponse,
    CollaborationModeMask,
)

from .._context import RequestContext
from .._registry import handler

__all__ = ["PRESETS", "collaboration_mode_list"]

PRESETS: tuple[dict[str, Any], ...] = (
    {"name": "Plan", "mode": "plan", "model": None, "reasoning_effort": "medium"},
    {"name": "Default", "mode": "default", "model": None, "reasoning_effort": None},
)


@handler(COLLABORATION_MODE_LIST)
async def collaboration_mode_list(
    ctx: RequestContext, params: CollaborationModeListParams
) -> CollaborationModeListResponse:
    """The ``CollaborationModeMask`` presets, in the reference's order."""
    return CollaborationModeListResponse(
        data=[CollaborationModeMask.model_validate(preset) for preset in PRESETS]
    )
