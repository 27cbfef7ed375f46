"""``modelProvider/list``, ``modelProvider/capabilities/read``, ``permissionProfile/list``,
``experimentalFeature/list`` and ``experimentalFeature/enablement/set``.

From config.toml and the feature table, as the reference answers them (checked against
the binary):

- providers: those of ``[model_providers]`` (editable, a custom gateway authenticated by
  their ``env_key``), then the built-in ``openai`` (not editable); the default is
  ``model_provider``;
- permission profiles: the three built-in ones, all allowed, paged by an index cursor
  (``invalid cursor: <c>``, ``cursor <n> exceeds total permission profiles <total>``);
- features: the reference's table (:mod:`.._features`), ``enabled`` from ``[features]``,
  paged likewise (``... exceeds total feature flags <total>``); a ``threadId`` must name a
  known thread. ``enablement/set`` changes none of these flags and says so with an empty
  map, which is what the reference answers for every flag we tried.

``modelProvider/config/write`` is not implemented here (it writes config.toml).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, TypeVar

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
    EXPERIMENTAL_FEATURE_ENABLEMENT_SET,
    EXPERIMENTAL_FEATURE_LIST,
    MODEL_PROVIDER_CAPABILITIES_READ,
    MODEL_PROVIDER_LIST,
    PERMISSION_PROFILE_LIST,
)

from .._context import RequestContext
from .._features import FEATURES
from .._params import opt, thread_id_of
from .._registry import handler

__all__ = [
    "experimental_feature_enablement_set",
    "experimental_feature_list",
    "model_provider_capabilities_read",
    "model_provider_list",
    "permission_profile_list",
]

JSON = dict[str, Any]
T = TypeVar("T")

BUILTIN_PROFILES = (":read-only", ":workspace", ":danger-full-access")


def _page(items: Sequence[T], params: Any, what: str) -> tuple[Sequence[T], str | None]:
    """One page from an index cursor and a limit (0 counts as 1; none means all)."""
    raw_cursor = opt(params, "cursor")
    start = 0
    if raw_cursor is not None:
        text = str(raw_cursor)
        if not text.isdigit():
            raise InvalidRequest(f"invalid cursor: {text}")
        start = int(text)
        if start > len(items):
            raise InvalidRequest(f"cursor {start} exceeds total {what} {len(items)}")
    limit = opt(params, "limit")
    end = len(items) if limit is None else min(len(items), start + max(int(limit), 1))
    return items[start:end], (str(end) if end < len(items) else None)


@handler(MODEL_PROVIDER_LIST)
async def model_provider_list(ctx: RequestContext, params: Any) -> JSON:
    config = ctx.server.config
    configured = config.raw.get("model_providers")
    custom_ids = set(configured) if isinstance(configured, dict) else set()
    data: list[JSON] = []
    for provider_id in sorted(custom_ids):
        provider = config.providers.get(provider_id)
        if provider is None:
            continue
        auth: JSON = (
            {"mode": "environmentVariable", "envKey": provider.env_key}
            if provider.env_key
            else {"mode": "none"}
        )
        data.append(
            {
                "id": provider.id,
                "name": provider.name,
                "canEdit": True,
                "baseUrl": provider.base_url,
                "settings": {"type": "customGateway", "auth": auth},
            }
        )
    if "openai" not in custom_ids:
        data.append(
            {
                "id": "openai",
                "name": "OpenAI",
                "canEdit": False,
                "baseUrl": None,
                "settings": {"type": "openai"},
            }
        )
    return {"data": data, "defaultProviderId": config.model_provider, "canChangeDefault": True}


@handler(MODEL_PROVIDER_CAPABILITIES_READ)
async def model_provider_capabilities_read(ctx: RequestContext, params: Any) -> JSON:
    # Both tools are offered to every Responses-API provider, the mock one included.
    return {"imageGeneration": True, "webSearch": True}


@handler(PERMISSION_PROFILE_LIST)
async def permission_profile_list(ctx: RequestContext, params: Any) -> JSON:
    page, next_cursor = _page(BUILTIN_PROFILES, params, "permission profiles")
    data = [{"id": name, "description": None, "allowed": True} for name in page]
    return {"data": data, "nextCursor": next_cursor}


@handler(EXPERIMENTAL_FEATURE_LIST)
async def experimental_feature_list(ctx: RequestContext, params: Any) -> JSON:
    raw_thread = opt(params, "thread_id")
    if raw_thread is not None:
        thread_id = thread_id_of(str(raw_thread))
        known = thread_id in ctx.server.loaded or (
            await asyncio.to_thread(ctx.server.store.find_thread, thread_id) is not None
        )
        if not known:
            raise InvalidRequest(f"thread not found: {thread_id}")
    page, next_cursor = _page(FEATURES, params, "feature flags")
    configured = ctx.server.config.features
    data = [
        {
            "name": feature.name,
            "stage": feature.stage,
            "displayName": feature.display_name,
            "description": feature.description,
            "announcement": feature.announcement,
            "enabled": configured.get(feature.name, feature.default_enabled),
            "defaultEnabled": feature.default_enabled,
        }
        for feature in page
    ]
    return {"data": data, "nextCursor": next_cursor}


@handler(EXPERIMENTAL_FEATURE_ENABLEMENT_SET)
async def experimental_feature_enablement_set(ctx: RequestContext, params: Any) -> JSON:
    # No flag can be switched at run time; the answer lists the ones that changed: none.
    del params
    return {"enablement": {}}
