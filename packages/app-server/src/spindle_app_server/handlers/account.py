"""``account/read``: spindle has no accounts; API keys come from the provider's env_key."""

from __future__ import annotations

from spindle_protocol.methods import ACCOUNT_READ
from spindle_protocol.models import GetAccountParams, GetAccountResponse

from .._context import RequestContext
from .._registry import handler

__all__ = ["account_read"]


@handler(ACCOUNT_READ)
async def account_read(ctx: RequestContext, params: GetAccountParams) -> GetAccountResponse:
    # The reference's answer for a provider that does not need an OpenAI login.
    return GetAccountResponse(
        account=None, user_id=None, requires_openai_auth=False, workspace_routing=None
    )
