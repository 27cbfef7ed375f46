"""The server's configuration: ``<home>/config.toml`` with the reference's keys.

An existing codex ``config.toml`` works unchanged: the keys spindle supports are read with
the reference's names and meanings, every other key is ignored with a single warning. The
file is validated against ``schema/config.schema.json`` (the protocol package owns it); with
no file at all the server still starts with defaults.
"""

from __future__ import annotations

import json
import logging
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_PROVIDER_ID",
    "Config",
    "ConfigError",
    "ProviderConfig",
    "load_config",
    "resolve_home",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-6.1-sol"
DEFAULT_PROVIDER_ID = "openai"

# Top-level keys spindle reads when the config schema cannot be found. Normally the known
# keys are the schema's top-level properties; anything else is accepted and ignored.
FALLBACK_KEYS = frozenset(
    {
        "model",
        "model_provider",
        "model_reasoning_effort",
        "model_providers",
        "features",
        "approval_policy",
        "sandbox_mode",
    }
)


class ConfigError(Exception):
    """config.toml cannot be read or does not match the config schema."""


@dataclass(frozen=True)
class ProviderConfig:
    """One ``[model_providers.<id>]`` table."""

    id: str
    name: str
    base_url: str | None
    env_key: str | None
    wire_api: str = "responses"
    request_max_retries: int | None = None
    stream_max_retries: int | None = None

    def api_key(self) -> str | None:
        """The key from the provider's ``env_key`` variable, if it is set."""
        if self.env_key is None:
            return None
        return os.environ.get(self.env_key)

    def to_config_json(self) -> dict[str, Any]:
        """The provider as ``config/read`` shows it (the reference's key order)."""
        return {
            "name": self.name,
            "base_url": self.base_url,
            "env_key": self.env_key,
            "wire_api": self.wire_api,
            "request_max_retries": self.request_max_retries,
            "stream_max_retries": self.stream_max_retries,
        }


BUILTIN_PROVIDERS: Mapping[str, ProviderConfig] = {
    "openai": ProviderConfig(
        id="openai",
        name="OpenAI",
        base_url="https://api.openai.com/v1",
        env_key="OPENAI_API_KEY",
    ),
}


@dataclass(frozen=True)
class Config:
    """The effective configuration."""

    home: Path
    model: str = DEFAULT_MODEL
    model_provider: str = DEFAULT_PROVIDER_ID
    model_reasoning_effort: str | None = None
    approval_policy: str | None = None
    sandbox_mode: str | None = None
    model_context_window: int | None = None
    features: Mapping[str, bool] = field(default_factory=dict)
    providers: Mapping[str, ProviderConfig] = field(default_factory=lambda: dict(BUILTIN_PROVIDERS))
    # What the file said, for config/read.
    raw: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    warnings: tuple[str, ...] = ()

    def provider(self, provider_id: str | None = None) -> ProviderConfig:
        """The provider with this id (default: the configured one)."""
        pid = provider_id or self.model_provider
        found = self.providers.get(pid)
        if found is None:
            raise ConfigError(f"model provider `{pid}` not found")
        return found


def resolve_home(home: Path | str | None = None) -> Path:
    """The spindle home: the argument, else ``$SPINDLE_HOME``, else ``~/.spindle``."""
    if home is not None:
        return Path(home).expanduser().resolve()
    env = os.environ.get("SPINDLE_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return (Path.home() / ".spindle").resolve()


def _config_schema() -> dict[str, Any] | None:
    """The config JSON Schema, from the protocol package or the repository's schema/."""
    try:
        res = resources.files("spindle_protocol").joinpath("config.schema.json")
        if res.is_file():
            loaded: dict[str, Any] = json.loads(res.read_text(encoding="utf-8"))
            return loaded
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "schema" / "config.schema.json"
        if candidate.is_file():
            loaded = json.loads(candidate.read_text(encoding="utf-8"))
            return loaded
    return None


def _known_keys(schema: Mapping[str, Any] | None) -> frozenset[str]:
    if schema is None:
        return FALLBACK_KEYS
    return frozenset(schema.get("properties", {})) or FALLBACK_KEYS


def _validate(data: Mapping[str, Any], path: Path, schema: Mapping[str, Any] | None) -> None:
    if schema is None:
        return
    # Only known keys are validated: an unknown key is ignored (with a warning), not an error.
    known = _known_keys(schema)
    subset = {k: v for k, v in data.items() if k in known}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(subset), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.absolute_path) or "<root>"
        raise ConfigError(f"{path}: invalid config at `{where}`: {first.message}")


def _parse_provider(pid: str, table: Mapping[str, Any]) -> ProviderConfig:
    def opt_int(key: str) -> int | None:
        value = table.get(key)
        return int(value) if isinstance(value, int) else None

    return ProviderConfig(
        id=pid,
        name=str(table.get("name", pid)),
        base_url=table.get("base_url"),
        env_key=table.get("env_key"),
        wire_api=str(table.get("wire_api", "responses")),
        request_max_retries=opt_int("request_max_retries"),
        stream_max_retries=opt_int("stream_max_retries"),
    )


def load_config(home: Path | str | None = None) -> Config:
    """Read ``<home>/config.toml``; defaults when it does not exist."""
    root = resolve_home(home)
    path = root / "config.toml"
    if not path.is_file():
        return Config(home=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    schema = _config_schema()
    _validate(data, path, schema)

    warnings: list[str] = []
    known = _known_keys(schema)
    unknown = sorted(k for k in data if k not in known)
    if unknown:
        message = f"{path}: ignoring config keys spindle does not use: {', '.join(unknown)}"
        warnings.append(message)
        log.warning("%s", message)

    providers: dict[str, ProviderConfig] = dict(BUILTIN_PROVIDERS)
    for pid, table in (data.get("model_providers") or {}).items():
        if isinstance(table, Mapping):
            providers[str(pid)] = _parse_provider(str(pid), table)
    features = {
        str(k): bool(v) for k, v in (data.get("features") or {}).items() if isinstance(v, bool)
    }
    config = Config(
        home=root,
        model=str(data.get("model", DEFAULT_MODEL)),
        model_provider=str(data.get("model_provider", DEFAULT_PROVIDER_ID)),
        model_reasoning_effort=data.get("model_reasoning_effort"),
        approval_policy=data.get("approval_policy"),
        sandbox_mode=data.get("sandbox_mode"),
        model_context_window=(
            data["model_context_window"]
            if isinstance(data.get("model_context_window"), int)
            else None
        ),
        features=features,
        providers=providers,
        raw=data,
        path=path,
        warnings=tuple(warnings),
    )
    if config.model_provider not in providers:
        raise ConfigError(
            f"{path}: model_provider `{config.model_provider}` is not defined in [model_providers]"
        )
    return config
