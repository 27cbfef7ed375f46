"""``model/list``: the models named in the configuration."""

from __future__ import annotations

from spindle_protocol.methods import MODEL_LIST
from spindle_protocol.models import Model, ModelListParams, ModelListResponse, ReasoningEffortOption

from .._context import RequestContext
from .._params import given
from .._registry import handler

__all__ = ["model_entry", "model_list"]

_EFFORTS = (
    ("low", "Fast responses with lighter reasoning"),
    ("medium", "Balances speed and reasoning depth for everyday tasks"),
    ("high", "Greater reasoning depth for complex problems"),
)


def model_entry(model: str, *, default_effort: str | None, is_default: bool) -> Model:
    """A ``Model`` entry for a model named in config.toml."""
    return Model(
        id=model,
        model=model,
        upgrade=None,
        upgrade_info=None,
        availability_nux=None,
        display_name=model,
        description=f"{model} (from config.toml)",
        model_specialty=None,
        hidden=False,
        supported_reasoning_efforts=[
            ReasoningEffortOption(reasoning_effort=effort, description=text)
            for effort, text in _EFFORTS
        ],
        default_reasoning_effort=default_effort or "medium",
        input_modalities=["text", "image"],
        supports_personality=False,
        multi_agent_version="v2",
        additional_speed_tiers=[],
        service_tiers=[],
        default_service_tier=None,
        available_access_programs=None,
        is_default=is_default,
    )


@handler(MODEL_LIST)
async def model_list(ctx: RequestContext, params: ModelListParams) -> ModelListResponse:
    config = ctx.config
    models = [config.model]
    profiles = config.raw.get("profiles")
    if isinstance(profiles, dict):
        for profile in profiles.values():
            name = profile.get("model") if isinstance(profile, dict) else None
            if isinstance(name, str) and name not in models:
                models.append(name)
    provider = given(params.model_provider)
    if provider is not None and provider != config.model_provider:
        models = []
    data = [
        model_entry(m, default_effort=config.model_reasoning_effort, is_default=(m == config.model))
        for m in models
    ]
    cursor = given(params.cursor)
    if cursor is not None:
        ids = [d.id for d in data]
        data = data[ids.index(cursor) + 1 :] if cursor in ids else []
    limit = given(params.limit)
    next_cursor = None
    if limit is not None and 0 < limit < len(data):
        data = data[:limit]
        next_cursor = data[-1].id
    return ModelListResponse(data=data, next_cursor=next_cursor)
