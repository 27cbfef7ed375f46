"""``modelProvider/list``, ``modelProvider/config/write``, ``modelProvider/capabilities/read``,
``permissionProfile/list``, ``experimentalFeature/list`` and
``experimentalFeature/enablement/set``.

From config.toml and the feature table, as the reference answers them (checked against
the binary):

- providers: those of ``[model_providers]`` and the built-in ``openai``, sorted by id, as
  :mod:`.._provider_settings` describes them; the default is ``model_provider``.
  ``config/write`` edits the user's config.toml like ``config/value/write`` (comments and
  layout kept, a backup, an atomic replace), sends no notification, and answers with the
  provider as the reloaded config describes it;
- permission profiles: the three built-in ones, all allowed, paged by an index cursor
  (``invalid cursor: <c>``, ``cursor <n> exceeds total permission profiles <total>``);
- features: the reference's table (:mod:`.._features`), ``enabled`` from ``[features]``,
  paged likewise (``... exceeds total feature flags <total>``); a ``threadId`` must name a
  known thread. ``enablement/set`` changes none of these flags and says so with an empty
  map, which is what the reference answers for every flag we tried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
    EXPERIMENTAL_FEATURE_ENABLEMENT_SET,
    EXPERIMENTAL_FEATURE_LIST,
    MODEL_PROVIDER_CAPABILITIES_READ,
    MODEL_PROVIDER_CONFIG_WRITE,
    MODEL_PROVIDER_LIST,
    PERMISSION_PROFILE_LIST,
)
from spindle_protocol.models import (
    ExperimentalFeature,
    ExperimentalFeatureEnablementSetParams,
    ExperimentalFeatureEnablementSetResponse,
    ExperimentalFeatureListParams,
    ExperimentalFeatureListResponse,
    ModelProviderCapabilitiesReadParams,
    ModelProviderCapabilitiesReadResponse,
    ModelProviderConfigWriteParams,
    ModelProviderConfigWriteResponse,
    ModelProviderListParams,
    ModelProviderListResponse,
    ModelProviderSummary,
    PermissionProfileListParams,
    PermissionProfileListResponse,
    PermissionProfileSummary,
)
from spindle_state import ThreadNotFound

from .._config_edit import ConfigEditRequest
from .._context import RequestContext
from .._features import FEATURES
from .._params import given, thread_id_of
from .._provider_settings import plan_provider_write, provider_summaries, provider_summary
from .._registry import handler
from .config import write_user_config

__all__ = [
    "experimental_feature_enablement_set",
    "experimental_feature_list",
    "model_provider_capabilities_read",
    "model_provider_config_write",
    "model_provider_list",
    "permission_profile_list",
]

T = TypeVar("T")

BUILTIN_PROFILES = (":read-only", ":workspace", ":danger-full-access")


def _page(
    items: Sequence[T],
    params: PermissionProfileListParams | ExperimentalFeatureListParams,
    what: str,
) -> tuple[Sequence[T], str | None]:
    """One page from an index cursor and a limit (0 counts as 1; none means all)."""
    text = given(params.cursor)
    start = 0
    if text is not None:
        if not text.isdigit():
            raise InvalidRequest(f"invalid cursor: {text}")
        start = int(text)
        if start > len(items):
            raise InvalidRequest(f"cursor {start} exceeds total {what} {len(items)}")
    limit = given(params.limit)
    end = len(items) if limit is None else min(len(items), start + max(limit, 1))
    return items[start:end], (str(end) if end < len(items) else None)


@handler(MODEL_PROVIDER_LIST)
async def model_provider_list(
    ctx: RequestContext, params: ModelProviderListParams
) -> ModelProviderListResponse:
    config = ctx.config
    summaries = provider_summaries(config.raw.get("model_providers"))
    return ModelProviderListResponse(
        data=[ModelProviderSummary.model_validate(summary) for summary in summaries],
        default_provider_id=config.model_provider,
        can_change_default=True,
    )


@handler(MODEL_PROVIDER_CONFIG_WRITE)
async def model_provider_config_write(
    ctx: RequestContext, params: ModelProviderConfigWriteParams
) -> ModelProviderConfigWriteResponse:
    settings: dict[str, Any] = params.settings.model_dump(by_alias=True, exclude_unset=True)
    written: list[str] = []

    def plan(current: Mapping[str, Any]) -> list[ConfigEditRequest]:
        # Planned from the file as it is now (a provider added by hand counts).
        provider_id, edits = plan_provider_write(settings, current.get("model_providers"))
        written.append(provider_id)
        return edits

    await write_user_config(ctx, plan)
    providers = ctx.config.raw.get("model_providers")
    tables = providers if isinstance(providers, dict) else {}
    summary = provider_summary(written[0], tables.get(written[0]))
    return ModelProviderConfigWriteResponse(provider=ModelProviderSummary.model_validate(summary))


@handler(MODEL_PROVIDER_CAPABILITIES_READ)
async def model_provider_capabilities_read(
    ctx: RequestContext, params: ModelProviderCapabilitiesReadParams
) -> ModelProviderCapabilitiesReadResponse:
    # Both tools are offered to every Responses-API provider, the mock one included.
    return ModelProviderCapabilitiesReadResponse(image_generation=True, web_search=True)


@handler(PERMISSION_PROFILE_LIST)
async def permission_profile_list(
    ctx: RequestContext, params: PermissionProfileListParams
) -> PermissionProfileListResponse:
    page, next_cursor = _page(BUILTIN_PROFILES, params, "permission profiles")
    data = [PermissionProfileSummary(id=name, description=None, allowed=True) for name in page]
    return PermissionProfileListResponse(data=data, next_cursor=next_cursor)


@handler(EXPERIMENTAL_FEATURE_LIST)
async def experimental_feature_list(
    ctx: RequestContext, params: ExperimentalFeatureListParams
) -> ExperimentalFeatureListResponse:
    raw_thread = given(params.thread_id)
    if raw_thread is not None:
        thread_id = thread_id_of(raw_thread)
        known = thread_id in ctx.threads or (
            await asyncio.to_thread(ctx.store.find_thread, thread_id) is not None
        )
        if not known:
            raise ThreadNotFound(thread_id)
    page, next_cursor = _page(FEATURES, params, "feature flags")
    configured = ctx.config.features
    data = [
        ExperimentalFeature(
            name=feature.name,
            stage=feature.stage,
            display_name=feature.display_name,
            description=feature.description,
            announcement=feature.announcement,
            enabled=configured.get(feature.name, feature.default_enabled),
            default_enabled=feature.default_enabled,
        )
        for feature in page
    ]
    return ExperimentalFeatureListResponse(data=data, next_cursor=next_cursor)


@handler(EXPERIMENTAL_FEATURE_ENABLEMENT_SET)
async def experimental_feature_enablement_set(
    ctx: RequestContext, params: ExperimentalFeatureEnablementSetParams
) -> ExperimentalFeatureEnablementSetResponse:
    # No flag can be switched at run time; the answer lists the ones that changed: none.
    return ExperimentalFeatureEnablementSetResponse(enablement={})
