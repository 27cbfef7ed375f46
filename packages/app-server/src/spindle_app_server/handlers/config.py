"""``config/read``, ``configRequirements/read``, ``config/value/write``, ``config/batchWrite``."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from spindle_protocol.errors import INTERNAL_ERROR, InvalidRequest, RpcError
from spindle_protocol.methods import (
    CONFIG_BATCH_WRITE,
    CONFIG_READ,
    CONFIG_REQUIREMENTS_READ,
    CONFIG_VALUE_WRITE,
)
from spindle_protocol.models import (
    MISSING,
    ConfigBatchWriteParams,
    ConfigEdit,
    ConfigLayer,
    ConfigLayerMetadata,
    ConfigReadParams,
    ConfigReadResponse,
    ConfigRequirementsReadResponse,
    ConfigValueWriteParams,
    ConfigWriteResponse,
    OverriddenMetadata,
)
from spindle_protocol.models import Config as ConfigSnapshot

from .._config import Config, config_problem, load_config
from .._config_edit import (
    CONFIG_LAYER_READONLY,
    ConfigEditRequest,
    ConfigWriteError,
    EditPlan,
    apply_config_edits,
    parse_key_path,
    version_for,
)
from .._context import RequestContext
from .._params import given
from .._registry import handler

__all__ = [
    "config_batch_write",
    "config_read",
    "config_requirements_read",
    "config_value_write",
    "effective_config",
    "write_user_config",
]


def effective_config(config: Config) -> ConfigSnapshot:
    """The effective configuration, as the reference reports it: every member the schema
    declares (those spindle resolves itself, the user's value for the others, else null),
    then the tables spindle supports."""
    declared: dict[str, Any] = {name: config.raw.get(name) for name in ConfigSnapshot.model_fields}
    declared.update(
        model=config.model,
        model_provider=config.model_provider,
        model_reasoning_effort=config.model_reasoning_effort,
        approval_policy=config.approval_policy,
        sandbox_mode=config.sandbox_mode,
    )
    tables = {
        "model_providers": {
            pid: provider.to_config_json()
            for pid, provider in config.providers.items()
            if pid in (config.raw.get("model_providers") or {})
        },
        "features": dict(config.features),
        "projects": (
            {path: {"trust_level": level} for path, level in config.projects.items()}
            if config.projects
            else None
        ),
    }
    while True:
        try:
            return ConfigSnapshot.model_validate({**declared, **tables})
        except ValidationError as exc:
            # A value of the user's that does not fit the member's type is reported as
            # unset rather than failing the whole read.
            invalid = {e["loc"][0] for e in exc.errors() if e["loc"] and e["loc"][0] in declared}
            invalid = {name for name in invalid if declared[name] is not None}
            if not invalid:
                raise
            declared.update(dict.fromkeys(invalid))


def _leaves(value: Any, prefix: str = "") -> list[str]:
    """Dotted paths of the scalar values, array items by index (how the reference keys
    ``origins``)."""
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return [prefix]
    paths: list[str] = []
    for key, item in items:
        paths.extend(_leaves(item, f"{prefix}.{key}" if prefix else key))
    return paths


def _session_layer(config: Config) -> dict[str, Any]:
    return {"name": {"type": "sessionFlags"}, "version": version_for(config.session_flags)}


def _origins(config: Config) -> dict[str, Any]:
    origins: dict[str, Any] = {}
    if config.path is not None:
        user = {
            "name": {"type": "user", "file": str(config.path), "profile": None},
            "version": version_for(config.file_raw),
        }
        origins.update((key, user) for key in _leaves(dict(config.file_raw)))
    if config.session_flags:
        session = _session_layer(config)
        origins.update((key, session) for key in _leaves(dict(config.session_flags)))
    return origins


_MISSING = object()


def _value_at(root: Any, segments: list[str]) -> Any:
    for segment in segments:
        if not isinstance(root, dict) or segment not in root:
            return _MISSING
        root = root[segment]
    return root


def _overridden(config: Config, edits: list[ConfigEditRequest]) -> dict[str, Any] | None:
    """OverriddenMetadata of the first edit a -c override still decides, as the reference."""
    for edit in edits:
        try:
            segments = parse_key_path(edit.key_path)
        except ConfigWriteError:
            continue
        if _value_at(config.session_flags, segments) is _MISSING:
            continue
        effective = _value_at(config.raw, segments)
        if _value_at(config.file_raw, segments) == effective:
            continue
        return {
            "message": "Overridden by session flags",
            "overridingLayer": _session_layer(config),
            "effectiveValue": None if effective is _MISSING else effective,
        }
    return None


@handler(CONFIG_READ)
async def config_read(ctx: RequestContext, params: ConfigReadParams) -> ConfigReadResponse:
    """The effective config and where each value came from. As the reference (0.169.0),
    ``layers`` is left out, not null, unless ``includeLayers`` is true."""
    config = ctx.config
    problem = config.fatal_problem
    if problem is not None and problem.read_error is not None:
        # As the reference: with a config it cannot use, there is no effective config to read.
        raise RpcError(problem.read_error, code=INTERNAL_ERROR)
    return ConfigReadResponse(
        config=effective_config(config),
        origins={key: ConfigLayerMetadata.model_validate(o) for key, o in _origins(config).items()},
        layers=[ConfigLayer.model_validate(layer) for layer in _layers(config)]
        if given(params.include_layers)
        else MISSING,
    )


def _layers(config: Config) -> list[dict[str, Any]]:
    """The layers, highest precedence first: -c flags, the user's file, and the system file
    the reference would read (spindle reads none, so it is empty)."""
    layers: list[dict[str, Any]] = []
    if config.session_flags:
        layers.append({**_session_layer(config), "config": dict(config.session_flags)})
    user_file = str(_user_config_path(config))
    layers.append(
        {
            "name": {"type": "user", "file": user_file, "profile": None},
            "version": version_for(config.file_raw),
            "config": dict(config.file_raw),
        }
    )
    layers.append(
        {
            "name": {"type": "system", "file": "/etc/codex/config.toml"},
            "version": version_for({}),
            "config": {},
        }
    )
    return layers


@handler(CONFIG_REQUIREMENTS_READ)
async def config_requirements_read(
    ctx: RequestContext, params: None
) -> ConfigRequirementsReadResponse:
    return ConfigRequirementsReadResponse(supports_independent_speed_modes=True, requirements=None)


def _user_config_path(config: Config) -> Path:
    return config.home / "config.toml"


def _same_path(a: Path, b: Path) -> bool:
    return os.path.normpath(os.path.abspath(a)) == os.path.normpath(os.path.abspath(b))


async def write_user_config(
    ctx: RequestContext, edits: EditPlan, *, expected_version: str | None = None
) -> str:
    """Apply ``edits`` to the user's config.toml and reload it; return the file's new
    version. A refused edit (ConfigWriteError) is the reference's ``-32600`` with its
    ``config_write_error_code``, through the error table."""
    server = ctx.server
    target = _user_config_path(ctx.config)
    # One writer at a time, so a version check (or an edit planned from the file) and its
    # write are never interleaved.
    async with server.config_write_lock:
        version = await asyncio.to_thread(
            apply_config_edits,
            target,
            edits,
            expected_version=expected_version,
            validate=config_problem,
        )
        # Later requests (thread/start, config/read) see the new file, as the reference's
        # do; loaded threads keep the settings they started with.
        server.config = await asyncio.to_thread(
            load_config, server.home, overrides=server.config_overrides
        )
    return version


async def _write(
    ctx: RequestContext,
    file_path: str | None,
    expected_version: str | None,
    edits: list[ConfigEditRequest],
) -> ConfigWriteResponse:
    target = _user_config_path(ctx.config)
    if file_path is not None and not _same_path(Path(file_path), target):
        raise InvalidRequest(
            "Only writes to the user config are allowed",
            data={"config_write_error_code": CONFIG_LAYER_READONLY},
        )
    version = await write_user_config(ctx, edits, expected_version=expected_version)
    overridden = _overridden(ctx.config, edits)
    return ConfigWriteResponse(
        status="ok" if overridden is None else "okOverridden",
        version=version,
        file_path=str(target),
        overridden_metadata=None
        if overridden is None
        else OverriddenMetadata.model_validate(overridden),
    )


def _edit(edit: ConfigEdit | ConfigValueWriteParams) -> ConfigEditRequest:
    return ConfigEditRequest(
        key_path=edit.key_path, value=edit.value, merge_strategy=str(edit.merge_strategy)
    )


@handler(CONFIG_VALUE_WRITE)
async def config_value_write(
    ctx: RequestContext, params: ConfigValueWriteParams
) -> ConfigWriteResponse:
    return await _write(
        ctx, given(params.file_path), given(params.expected_version), [_edit(params)]
    )


@handler(CONFIG_BATCH_WRITE)
async def config_batch_write(
    ctx: RequestContext, params: ConfigBatchWriteParams
) -> ConfigWriteResponse:
    edits = [_edit(edit) for edit in params.edits]
    return await _write(ctx, given(params.file_path), given(params.expected_version), edits)
