"""``config/read`` and ``configRequirements/read``."""

from __future__ import annotations

import hashlib
from typing import Any

from spindle_protocol.methods import CONFIG_READ, CONFIG_REQUIREMENTS_READ

from .._config import Config
from .._context import RequestContext
from .._registry import handler

__all__ = ["config_read", "config_requirements_read", "effective_config"]


def effective_config(config: Config) -> dict[str, Any]:
    """The effective values of the keys spindle supports, with the reference's names."""
    return {
        "model": config.model,
        "model_provider": config.model_provider,
        "model_reasoning_effort": config.model_reasoning_effort,
        "approval_policy": config.approval_policy,
        "sandbox_mode": config.sandbox_mode,
        "model_providers": {
            pid: provider.to_config_json()
            for pid, provider in config.providers.items()
            if pid in (config.raw.get("model_providers") or {})
        },
        "features": dict(config.features),
    }


def _origins(config: Config) -> dict[str, Any]:
    if config.path is None:
        return {}
    version = "sha256:" + hashlib.sha256(config.path.read_bytes()).hexdigest()
    origin = {
        "name": {"type": "user", "file": str(config.path), "profile": None},
        "version": version,
    }
    keys: list[str] = []
    for key, value in config.raw.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                if isinstance(subvalue, dict):
                    keys.extend(f"{key}.{sub}.{leaf}" for leaf in subvalue)
                else:
                    keys.append(f"{key}.{sub}")
        else:
            keys.append(key)
    return {key: origin for key in keys}


@handler(CONFIG_READ)
async def config_read(ctx: RequestContext, params: Any) -> dict[str, Any]:
    config = ctx.server.config
    return {"config": effective_config(config), "origins": _origins(config)}


@handler(CONFIG_REQUIREMENTS_READ)
async def config_requirements_read(ctx: RequestContext, params: Any) -> dict[str, Any]:
    return {"supportsIndependentSpeedModes": True, "requirements": None}
