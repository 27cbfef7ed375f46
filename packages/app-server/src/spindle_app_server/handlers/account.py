"""``account/read``: spindle has no accounts; API keys come from the provider's env_key."""

from __future__ import annotations

from typing import Any

from spindle_protocol.methods import ACCOUNT_READ

from .._context import RequestContext
from .._registry import handler

__all__ = ["account_read"]


@handler(ACCOUNT_READ)
async def account_read(ctx: RequestContext, params: Any) -> dict[str, Any]:
    # The reference's answer for a provider that does not need an OpenAI login.
    return {"account": None, "userId": None, "requiresOpenaiAuth": False, "workspaceRouting": None}
