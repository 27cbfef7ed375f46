"""The server's configuration: ``<home>/config.toml`` with the reference's keys.

An existing codex ``config.toml`` works unchanged: the keys spindle supports are read with
the reference's names and meanings, keys the reference knows but spindle does not use are
ignored silently, and any other key is reported once, in the reference's words. The file is
validated against ``schema/config.schema.json`` (the protocol package owns it); with no file
at all the server still starts with defaults.

A config mistake never stops the server, as with the reference: a file that does not parse,
a value of the wrong type or an unknown ``model_provider`` leaves the defaults in place and
records a :class:`ConfigProblem`; the server reports it as a ``configWarning`` after
``initialize`` and refuses ``thread/start`` with it. Only ``--strict-config`` and bad ``-c``
overrides make loading fail (:class:`ConfigError`), before the server starts.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._config_memo import CONFIG_CHECK_MEMO, check_digest, remember_valid, valid_digests
from ._reference_keys import REFERENCE_FEATURES, REFERENCE_KEYS, REFERENCE_TABLE_KEYS

if TYPE_CHECKING:
    import jsonschema

# tomlkit and jsonschema (and the modules that import them) are imported where used: a
# server start answers initialize before it reads the file.

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_PROVIDER_ID",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "ProviderConfig",
    "config_problem",
    "feature_override",
    "find_value_position",
    "load_config",
    "parse_override",
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


# How many ignored keys the warning names before "... and N more ignored settings."
_LISTED_UNKNOWN_KEYS = 3


class ConfigError(Exception):
    """The configuration cannot be used at all: ``--strict-config`` found a problem, or a
    ``-c`` override is malformed. The CLI prints it and exits 1, as the reference does."""


@dataclass(frozen=True)
class ConfigProblem:
    """Something wrong with the configuration, as a ``configWarning`` reports it.

    ``fatal`` problems (the file does not parse, a value has the wrong type, the provider does
    not exist) leave the defaults in place and make ``thread/start`` fail with ``details``.
    """

    summary: str
    details: str | None = None
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    fatal: bool = True
    # How config/read fails while this (fatal) problem stands: the reference's -32603 text.
    read_error: str | None = None

    def to_notification(self) -> dict[str, Any]:
        """``ConfigWarningNotification`` params, with ``path``/``range`` only when known."""
        params: dict[str, Any] = {"summary": self.summary, "details": self.details}
        if self.path is not None:
            params["path"] = str(self.path)
        if self.line is not None and self.column is not None:
            position = {"line": self.line, "column": self.column}
            params["range"] = {"start": position, "end": dict(position)}
        return params


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
    # What the file said with -c overrides applied (the effective values).
    raw: Mapping[str, Any] = field(default_factory=dict)
    # What the file alone said (the user layer), and the -c overrides (the session flags).
    file_raw: Mapping[str, Any] = field(default_factory=dict)
    session_flags: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    # Log lines for non-fatal problems (unknown keys), one per problem.
    warnings: tuple[str, ...] = ()
    # Everything a client is told after initialize; a fatal one blocks thread/start.
    problems: tuple[ConfigProblem, ...] = ()
    # [projects."<path>"] trust_level, by path.
    projects: Mapping[str, str] = field(default_factory=dict)
    # False for a start's placeholder (``load_config(check=False)``): the file is not read
    # yet; the server reads it (``load_config`` again) while it loads.
    checked: bool = True

    @property
    def fatal_problem(self) -> ConfigProblem | None:
        """The problem that made spindle fall back to defaults, if any."""
        return next((p for p in self.problems if p.fatal), None)

    def trust_level(self, cwd: str | Path) -> str | None:
        """``trusted``/``untrusted`` for ``cwd`` (or the git repository holding it)."""
        start = Path(cwd)
        for candidate in (start, *_git_roots(start)):
            level = self.projects.get(str(candidate))
            if level is not None:
                return level
        return None

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
    """The config JSON Schema, from the protocol package (a copy of the repository's
    schema/config.schema.json, written by ``nox -s schema``) or the repository's schema/."""
    import spindle_protocol

    packaged = Path(spindle_protocol.__file__).parent / "generated" / "config.schema.json"
    try:
        loaded: dict[str, Any] = json.loads(packaged.read_text(encoding="utf-8"))
        return loaded
    except (OSError, ValueError):
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


_SERDE_TYPE_NAMES = {
    "string": "a string",
    "boolean": "a boolean",
    "integer": "i64",
    "number": "f64",
    "array": "a sequence",
    "object": "a map",
}


def _serde_value(value: Any) -> str:
    """How serde names an unexpected value: integer `5`, string "x", boolean `true`, ..."""
    if isinstance(value, bool):
        return f"boolean `{str(value).lower()}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, str):
        return f'string "{value}"'
    if isinstance(value, list):
        return "sequence"
    return "map"


def _schema_error_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "type":
        expected: Any = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_SERDE_TYPE_NAMES.get(str(n), str(n)) for n in names)
        return f"invalid type: {_serde_value(error.instance)}, expected {wanted}"
    if error.validator == "enum" and isinstance(error.instance, str):
        choices: Any = error.validator_value
        options = ", ".join(f"`{v}`" for v in choices)
        return f"unknown variant `{error.instance}`, expected one of {options}"
    return str(error.message)


def _schema_error(
    data: Mapping[str, Any], schema: Mapping[str, Any] | None, *, memo: Path | None = None
) -> tuple[list[str], str] | None:
    """The first schema violation among the keys spindle reads: (key path, serde text).
    ``memo``: where the values found valid are remembered (``_config_memo``)."""
    if schema is None:
        return None
    known = _known_keys(schema)
    subset = {k: v for k, v in data.items() if k in known}
    digest = check_digest(schema, subset)
    if memo is not None and digest in valid_digests(memo):
        return None
    import jsonschema  # deferred: a start answers initialize before checking the file

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(subset), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        if memo is not None:
            remember_valid(memo, digest)
        return None
    first = errors[0]
    return [str(p) for p in first.absolute_path], _schema_error_message(first)


def config_problem(data: Mapping[str, Any]) -> str | None:
    """Why ``data`` is not a usable configuration, in the reference's words
    (``invalid type: integer `5`, expected a string\nin `model`\n``), or None."""
    from ._provider_settings import provider_table_problem  # tomlkit: not on a start's path

    found = _schema_error(data, _config_schema())
    if found is None:
        providers = provider_table_problem(data.get("model_providers"))
        found = (["model_providers"], providers) if providers is not None else None
    if found is None:
        return None
    where, message = found
    if where:
        return f"{message}\nin `{'.'.join(where)}`\n"
    return message


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY_PART = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*')


def _split_dotted(text: str) -> list[str] | None:
    parts: list[str] = []
    rest = text
    while True:
        match = _KEY_PART.match(rest)
        if match is None:
            return None
        token = match.group(1)
        parts.append(token[1:-1] if token[0] in "\"'" else token)
        rest = rest[match.end() :]
        if not rest:
            return parts
        if not rest.startswith("."):
            return None
        rest = rest[1:]


def find_value_position(text: str, key_path: Sequence[str]) -> tuple[int, int] | None:
    """1-based (line, column) of the value of ``key_path`` in TOML ``text``, when a plain
    ``key = value`` line (under its ``[table]`` header) sets it."""
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None and not line.lstrip().startswith("[["):
            table = _split_dotted(header.group(1)) or []
            continue
        key_text, sep, _ = line.partition("=")
        if not sep or key_text.lstrip().startswith("#"):
            continue
        key = _split_dotted(key_text)
        if key is None or [*table, *key] != list(key_path):
            continue
        after = line.index("=") + 1
        while after < len(line) and line[after] in " \t":
            after += 1
        return number, after + 1
    return None


def _unknown_keys(data: Mapping[str, Any], schema: Mapping[str, Any] | None) -> list[str]:
    """Dotted paths the reference would report as ignored, sorted as it lists them."""
    known = _known_keys(schema) | REFERENCE_KEYS
    found = [key for key in data if key not in known]
    features = data.get("features")
    if isinstance(features, Mapping):
        ours = (schema or {}).get("$defs", {}).get("Features", {}).get("properties", {})
        found += [
            f"features.{name}"
            for name in features
            if name not in REFERENCE_FEATURES and name not in ours
        ]
    analytics = data.get("analytics")
    if isinstance(analytics, Mapping):
        allowed = REFERENCE_TABLE_KEYS["analytics"]
        found += [f"analytics.{key}" for key in analytics if key not in allowed]
    providers = data.get("model_providers")
    if isinstance(providers, Mapping):
        allowed = REFERENCE_TABLE_KEYS["model_providers.*"]
        for pid, table in providers.items():
            if isinstance(table, Mapping):
                found += [f"model_providers.{pid}.{key}" for key in table if key not in allowed]
    return sorted(found)


def _git_roots(start: Path) -> list[Path]:
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return [candidate] if candidate != start else []
    return []


def _unknown_keys_problem(path: Path, unknown: Sequence[str]) -> ConfigProblem:
    count = len(unknown)
    plural = "setting" if count == 1 else "settings"
    lines = [
        f"Codex is ignoring {count} unrecognized configuration {plural}. "
        "Check for typos or deprecated settings."
    ]
    lines += [f"  user ({path}): `{key}` is ignored." for key in unknown[:_LISTED_UNKNOWN_KEYS]]
    if count > _LISTED_UNKNOWN_KEYS:
        lines.append(f"  ... and {count - _LISTED_UNKNOWN_KEYS} more ignored settings.")
    return ConfigProblem(summary="\n".join(lines), fatal=False)


_INVALID_SUMMARY = "Invalid configuration; using defaults."


def feature_override(name: str, enabled: bool) -> tuple[list[str], Any]:
    """``--enable``/``--disable FEATURE`` as the override ``features.<name>``; a name that
    neither the reference nor spindle knows is refused, as the reference does."""
    schema = _config_schema() or {}
    ours = schema.get("$defs", {}).get("Features", {}).get("properties", {})
    if name not in REFERENCE_FEATURES and name not in ours:
        raise ConfigError(f"Unknown feature flag: {name}")
    return ["features", name], enabled


def parse_override(text: str) -> tuple[list[str], Any]:
    """``-c key.path=value``: the value is TOML when it parses, else the raw string."""
    key, sep, value_text = text.partition("=")
    if not sep:
        raise ConfigError(f"error parsing -c overrides: Invalid override (missing '='): {text}")
    key = key.strip()
    if not key:
        raise ConfigError(f"error parsing -c overrides: Empty key in override: {text}")
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        value: Any = tomlkit.parse(f"v = {value_text.strip()}").unwrap()["v"]
    except TOMLKitError:
        value = value_text.strip()
    return [part.strip() for part in key.split(".")], value


def _apply_override(data: dict[str, Any], segments: Sequence[str], value: Any) -> None:
    target = data
    for segment in segments[:-1]:
        child = target.get(segment)
        if not isinstance(child, dict):
            child = {}
            target[segment] = child
        target = child
    target[segments[-1]] = value


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


def load_config(
    home: Path | str | None = None,
    *,
    overrides: Sequence[tuple[Sequence[str], Any]] = (),
    strict: bool = False,
    check: bool = True,
) -> Config:
    """Read ``<home>/config.toml`` (defaults when it does not exist) plus ``-c`` overrides.

    Problems in the file are recorded on the returned config, never raised, except with
    ``strict`` (or in an override), where :class:`ConfigError` carries the reference's text.

    ``check=False`` (a server start without ``-c`` or ``--strict-config``) reads nothing:
    the file is read and checked (tomlkit and jsonschema, a sixth of a start) while the
    server loads, before it answers any request but initialize. The result is the defaults
    with ``checked=False``.
    """
    if not check:
        if overrides or strict:
            raise ValueError("-c overrides and --strict-config are checked at once")
        return Config(home=resolve_home(home), checked=False)
    import tomlkit
    from tomlkit.exceptions import ParseError, TOMLKitError

    root = resolve_home(home)
    path = root / "config.toml"
    text = ""
    data: dict[str, Any] = {}
    file_path: Path | None = None
    if path.is_file():
        file_path = path
        try:
            text = path.read_text(encoding="utf-8")
            data = tomlkit.parse(text).unwrap()
        except ParseError as exc:
            message = re.sub(r" at line \d+ col \d+$", "", str(exc))
            details = f"{path}:{exc.line}:{exc.col + 1}: {message}"
            problem = ConfigProblem(
                _INVALID_SUMMARY,
                details,
                path,
                exc.line,
                exc.col + 1,
                read_error=f"failed to read configuration layers: {details}",
            )
            return _fallback(root, problem, strict)
        except (OSError, UnicodeDecodeError, TOMLKitError) as exc:
            return _fallback(root, ConfigProblem(_INVALID_SUMMARY, f"{path}: {exc}", path), strict)
    schema = _config_schema()
    file_raw = copy.deepcopy(data)
    session: dict[str, Any] = {}
    for segments, value in overrides:
        _apply_override(session, segments, value)
        _apply_override(data, segments, value)
        found = _schema_error({segments[0]: data[segments[0]]}, schema)
        if found is not None:
            where, message = found
            raise ConfigError(f"{message}\nin `{'.'.join(where)}`")

    found = _schema_error(data, schema, memo=root / CONFIG_CHECK_MEMO)
    if found is not None:
        where, message = found
        position = find_value_position(text, where) if file_path is not None else None
        line, column = position if position is not None else (None, None)
        where_text = f"{file_path}:{line}:{column}: " if position is not None else ""
        details = f"{where_text}{message}"
        read_error = f"invalid configuration: {message}\nin `{'.'.join(where)}`\n"
        problem = ConfigProblem(
            _INVALID_SUMMARY, details, file_path, line, column, read_error=read_error
        )
        return _fallback(root, problem, strict)

    problems: list[ConfigProblem] = []
    warnings: list[str] = []
    unknown = _unknown_keys(data, schema)
    if unknown and file_path is not None:
        if strict:
            found_at = find_value_position(text, unknown[0].split("."))
            prefix = f"{file_path}:{found_at[0]}:1: " if found_at is not None else ""
            raise ConfigError(f"{prefix}unknown configuration field `{unknown[0]}`")
        problem = _unknown_keys_problem(file_path, unknown)
        problems.append(problem)
        warnings.append(problem.summary)

    providers: dict[str, ProviderConfig] = dict(BUILTIN_PROVIDERS)
    for pid, table in (data.get("model_providers") or {}).items():
        if isinstance(table, Mapping):
            providers[str(pid)] = _parse_provider(str(pid), table)
    features = {
        str(k): bool(v) for k, v in (data.get("features") or {}).items() if isinstance(v, bool)
    }
    projects = {
        str(k): str(v["trust_level"])
        for k, v in (data.get("projects") or {}).items()
        if isinstance(v, Mapping) and isinstance(v.get("trust_level"), str)
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
        file_raw=file_raw,
        session_flags=session,
        path=file_path,
        warnings=tuple(warnings),
        problems=tuple(problems),
        projects=projects,
    )
    if config.model_provider not in providers:
        details = f"Model provider `{config.model_provider}` not found"
        problem = ConfigProblem(
            _INVALID_SUMMARY,
            details,
            read_error=f"failed to resolve feature override precedence: {details}",
        )
        if strict:
            raise ConfigError(str(problem.details))
        return replace(
            _fallback(root, problem, strict),
            problems=(*config.problems, problem),
            warnings=config.warnings,
        )
    return config


def _fallback(root: Path, problem: ConfigProblem, strict: bool) -> Config:
    """The defaults, remembering why the file could not be used."""
    if strict:
        raise ConfigError(str(problem.details))
    return Config(home=root, problems=(problem,))
