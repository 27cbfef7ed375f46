"""``model/list``: the models named in the configuration."""

from __future__ import annotations

from typing import Any

from spindle_protocol.methods import MODEL_LIST

from .._context import RequestContext
from .._params import opt, opt_str
from .._registry import handler

__all__ = ["model_entry", "model_list"]

_EFFORTS = (
    ("low", "Fast responses with lighter reasoning"),
    ("medium", "Balances speed and reasoning depth for everyday tasks"),
    ("high", "Greater reasoning depth for complex problems"),
)


def model_entry(model: str, *, default_effort: str | None, is_default: bool) -> dict[str, Any]:
    """A ``Model`` entry, fields in the reference's order."""
    return {
        "id": model,
        "model": model,
        "upgrade": None,
        "upgradeInfo": None,
        "availabilityNux": None,
        "displayName": model,
        "description": f"{model} (from config.toml)",
        "modelSpecialty": None,
        "hidden": False,
        "supportedReasoningEfforts": [
            {"reasoningEffort": effort, "description": text} for effort, text in _EFFORTS
        ],
        "defaultReasoningEffort": default_effort or "medium",
        "inputModalities": ["text", "image"],
        "supportsPersonality": False,
        "multiAgentVersion": "v2",
        "additionalSpeedTiers": [],
        "serviceTiers": [],
        "defaultServiceTier": None,
        "availableAccessPrograms": None,
        "isDefault": is_default,
    }


@handler(MODEL_LIST)
async def model_list(ctx: RequestContext, params: Any) -> dict[str, Any]:
    config = ctx.server.config
    models = [config.model]
    profiles = config.raw.get("profiles")
    if isinstance(profiles, dict):
        for profile in profiles.values():
            name = profile.get("model") if isinstance(profile, dict) else None
            if isinstance(name, str) and name not in models:
                models.append(name)
    provider = opt_str(params, "model_provider")
    if provider is not None and provider != config.model_provider:
        models = []
    data = [
        model_entry(m, default_effort=config.model_reasoning_effort, is_default=(m == config.model))
        for m in models
    ]
    cursor = opt_str(params, "cursor")
    if cursor is not None:
        ids = [d["id"] for d in data]
        data = data[ids.index(cursor) + 1 :] if cursor in ids else []
    limit = opt(params, "limit")
    next_cursor = None
    if isinstance(limit, int) and 0 < limit < len(data):
        data = data[:limit]
        next_cursor = data[-1]["id"]
    return {"data": data, "nextCursor": next_cursor}
