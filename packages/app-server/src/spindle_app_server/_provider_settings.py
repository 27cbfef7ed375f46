"""Model providers as ``modelProvider/list`` shows them and ``modelProvider/config/write``
edits them, with the reference's rules (observed from the 0.169.0 binary).

Listing: every ``[model_providers.<id>]`` table plus the built-in ``openai``, sorted by id.
A table named after a built-in Bedrock or Vertex AI provider shows that provider's name
and settings (``aws.profile``/``aws.region``; ``project_id``/``location``/
``credential_file``); any other table is a custom gateway. Its authentication is "externally
configured" when anything but ``env_key`` supplies it (headers, query parameters, a bearer
token, an ``auth`` command, OpenAI sign-in, credentials or a query in ``base_url``); its
``baseUrl`` is shown only when it is a plain HTTP(S) URL (no credentials, query or
fragment), parsed by the WHATWG rules as the reference's URL parser does.

Writing: a patch names the fields to change (omitted: kept, null: removed). A custom
gateway without ``providerId`` is created under an id made from its name (``My GW`` ->
``my-gw``, then ``my-gw-2``...). :func:`plan_provider_write` checks the patch in the
reference's order and turns it into config edits; the caller applies them with
:func:`~._config_edit.apply_config_edits` (tomlkit, backup, atomic replace).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import ada_url

from ._config_edit import (
    CONFIG_PATH_NOT_FOUND,
    CONFIG_VALIDATION_ERROR,
    ConfigEditRequest,
    ConfigWriteError,
    key_path_of,
)

__all__ = [
    "BUILTIN_PROVIDER_IDS",
    "plan_provider_write",
    "provider_summaries",
    "provider_summary",
    "provider_table_problem",
]

JSON = dict[str, Any]

OPENAI_PROVIDER_ID: Final = "openai"
BEDROCK_PROVIDERS: Final[Mapping[str, str]] = {
    "amazon-bedrock": "Amazon Bedrock Mantle",
    "amazon-bedrock-runtime": "Amazon Bedrock Runtime",
}
GCP_PROVIDER_ID: Final = "gcp"
GCP_PROVIDER_NAME: Final = "Google Cloud Vertex AI"
# Built in, never listed from config.toml, and refused there as overrides.
LOCAL_PROVIDER_IDS: Final = ("lmstudio", "ollama", "ollama-chat")
BUILTIN_PROVIDER_IDS: Final = frozenset(
    {OPENAI_PROVIDER_ID, GCP_PROVIDER_ID, *BEDROCK_PROVIDERS, *LOCAL_PROVIDER_IDS}
)
# Names a custom provider may not take (compared exactly, after trimming).
RESERVED_NAMES: Final = frozenset(
    {"OpenAI", "Amazon Bedrock", "Amazon Bedrock Runtime", "Google Cloud Vertex AI"}
)
_OPENAI_SIGN_IN_NAME: Final = "OpenAI"
_EXTERNAL_AUTH_KEYS: Final = ("http_headers", "query_params", "env_http_headers")
_ENV_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BEDROCK_ALLOWED: Final = ("base_url", "auth", "http_headers", "aws")
_BEDROCK_AWS_ALLOWED: Final = ("profile", "region", "credential_export", "auth_refresh")

NAME_REQUIRED: Final = "Enter a provider name."
NAME_RESERVED: Final = (
    "This name is reserved for a built-in provider. Enter a different custom provider name."
)
BASE_URL_REQUIRED: Final = "A base URL is required to create a custom provider."
BASE_URL_INVALID: Final = "Enter an HTTP(S) base URL without credentials, a query, or a fragment."
ENV_KEY_INVALID: Final = "Invalid API key environment variable name."
AUTH_EXTERNAL: Final = "Authentication is configured externally. Omit envKey to preserve it."
BUILTIN_ID: Final = "A custom provider or gateway cannot use a built-in provider ID."
UNKNOWN_ID: Final = "Unknown provider ID."
EMPTY_VALUE: Final = "Configuration values must not be empty; use null to clear a field."


# -- URLs ------------------------------------------------------------------------------------


def _url_parts(text: Any) -> tuple[str, bool, bool, bool] | None:
    """(scheme, has credentials, has a query, has a fragment) of a WHATWG-parsable URL."""
    if not isinstance(text, str):
        return None
    try:
        url = ada_url.URL(text)
    except ValueError:
        return None
    # An empty query or fragment ("...?") still counts: the serialisation keeps its mark.
    before_fragment, mark, _ = url.href.partition("#")
    credentials = bool(url.username or url.password)
    return url.protocol, credentials, "?" in before_fragment, bool(mark)


def is_plain_http_url(text: Any) -> bool:
    """An HTTP(S) URL without credentials, query or fragment."""
    parts = _url_parts(text)
    return parts is not None and parts[0] in ("http:", "https:") and not any(parts[1:])


# -- listing ---------------------------------------------------------------------------------


def _table(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _auth_is_external(table: Mapping[str, Any]) -> bool:
    if any(table.get(key) for key in _EXTERNAL_AUTH_KEYS):
        return True
    if table.get("experimental_bearer_token") is not None or table.get("auth") is not None:
        return True
    if table.get("requires_openai_auth") is True or table.get("name") == _OPENAI_SIGN_IN_NAME:
        return True
    parts = _url_parts(table.get("base_url"))
    return parts is not None and (parts[1] or parts[2])


def _gateway_auth(table: Mapping[str, Any]) -> JSON:
    env_key = table.get("env_key") if isinstance(table.get("env_key"), str) else None
    if _auth_is_external(table):
        return {"mode": "externallyConfigured", "envKey": env_key}
    if env_key is not None:
        return {"mode": "environmentVariable", "envKey": env_key}
    return {"mode": "none"}


def _optional_str(table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    return value if isinstance(value, str) else None


def provider_summary(provider_id: str, raw: Any) -> JSON:
    """``ModelProviderSummary`` of one ``[model_providers.<id>]`` table (or of a built-in
    provider with no table)."""
    if provider_id == OPENAI_PROVIDER_ID:
        return {
            "id": OPENAI_PROVIDER_ID,
            "name": "OpenAI",
            "canEdit": False,
            "baseUrl": None,
            "settings": {"type": "openai"},
        }
    table = _table(raw)
    base_url = table.get("base_url") if is_plain_http_url(table.get("base_url")) else None
    settings: JSON
    if provider_id in BEDROCK_PROVIDERS:
        name = BEDROCK_PROVIDERS[provider_id]
        aws = _table(table.get("aws"))
        settings = {
            "type": "bedrock",
            "profile": _optional_str(aws, "profile"),
            "region": _optional_str(aws, "region"),
        }
    elif provider_id == GCP_PROVIDER_ID:
        name = GCP_PROVIDER_NAME
        settings = {
            "type": "gcp",
            "projectId": _optional_str(table, "project_id"),
            "location": _optional_str(table, "location"),
            "credentialFile": _optional_str(table, "credential_file"),
        }
    else:
        name = str(table.get("name", provider_id))
        settings = {"type": "customGateway", "auth": _gateway_auth(table)}
    return {
        "id": provider_id,
        "name": name,
        "canEdit": True,
        "baseUrl": base_url,
        "settings": settings,
    }


def provider_summaries(model_providers: Any) -> list[JSON]:
    """The providers ``modelProvider/list`` shows, sorted by id."""
    tables = _table(model_providers)
    ids = {str(pid) for pid in tables if pid not in LOCAL_PROVIDER_IDS}
    ids.add(OPENAI_PROVIDER_ID)
    return [provider_summary(pid, tables.get(pid)) for pid in sorted(ids)]


# -- validation of the whole file -------------------------------------------------------------


def provider_table_problem(model_providers: Any) -> str | None:
    """What the reference refuses in ``[model_providers]`` when it writes config.toml:
    overriding a built-in provider, unsupported fields on a Bedrock one, a custom provider
    without a name."""
    tables = _table(model_providers)
    overridden = [pid for pid in tables if pid in (OPENAI_PROVIDER_ID, *LOCAL_PROVIDER_IDS)]
    if overridden:
        listed = ", ".join(f"`{pid}`" for pid in overridden)
        return (
            f"model_providers contains reserved built-in provider IDs: {listed}. Built-in "
            "providers cannot be overridden. Rename your custom provider (for example, "
            "`openai-custom`)."
        )
    for pid, raw in tables.items():
        table = _table(raw)
        if pid in BEDROCK_PROVIDERS:
            aws = _table(table.get("aws"))
            if any(key not in _BEDROCK_ALLOWED for key in table) or any(
                key not in _BEDROCK_AWS_ALLOWED for key in aws
            ):
                return (
                    f"model_providers.{pid} only supports changing `base_url`, `auth`, "
                    "`http_headers`, `aws.profile`, `aws.region`, `aws.credential_export`, "
                    "and `aws.auth_refresh`; other non-default provider fields are not "
                    "supported"
                )
        elif pid != GCP_PROVIDER_ID:
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                return f"model_providers.{pid}: provider name must not be empty"
    return None


# -- writing ---------------------------------------------------------------------------------


def _invalid(message: str) -> ConfigWriteError:
    return ConfigWriteError(CONFIG_VALIDATION_ERROR, message)


def _slug(name: str) -> str:
    """``Hello,  World!! (v2)`` -> ``hello-world-v2``: ASCII letters and digits, lowercased,
    each run of anything else one hyphen, none at either end; ``custom`` when nothing is
    left."""
    words = re.split(r"[^a-z0-9]+", "".join(c if c.isascii() else " " for c in name.lower()))
    return "-".join(word for word in words if word) or "custom"


def _new_provider_id(name: str, taken: set[str]) -> str:
    base = _slug(name)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _set_fields(patch: Mapping[str, Any], fields: Mapping[str, str]) -> list[tuple[str, Any]]:
    """(config key, trimmed value or None) for the patch members present, in field order."""
    changes: list[tuple[str, Any]] = []
    for member, key in fields.items():
        if member not in patch:
            continue
        value = patch[member]
        if value is not None:
            value = str(value).strip()
            if not value:
                raise _invalid(EMPTY_VALUE)
        changes.append((key, value))
    return changes


_BEDROCK_FIELDS: Final = {"profile": "profile", "region": "region"}
_GCP_FIELDS: Final = {
    "projectId": "project_id",
    "location": "location",
    "credentialFile": "credential_file",
}


def _field_edits(
    table: list[str], current: Any, changes: list[tuple[str, Any]]
) -> list[tuple[list[str], Any]]:
    """Edits of single keys of an existing table, or one edit writing a new table whole
    (which then goes at the end of the file, as the reference writes it)."""
    if not isinstance(current, Mapping):
        value = {key: item for key, item in changes if item is not None}
        return [(table, value)] if value else []
    return [([*table, key], value) for key, value in changes]


def _gateway_edits(patch: Mapping[str, Any], tables: Mapping[str, Any]) -> tuple[str, list[Any]]:
    provider_id = patch.get("providerId")
    existing: Mapping[str, Any] | None = None
    if provider_id is not None:
        if provider_id in BUILTIN_PROVIDER_IDS:
            raise _invalid(BUILTIN_ID)
        if provider_id not in tables:
            raise ConfigWriteError(CONFIG_PATH_NOT_FOUND, UNKNOWN_ID)
        existing = _table(tables[provider_id])
    base_url = patch.get("baseUrl")
    if base_url is not None:
        base_url = str(base_url).strip()
        if not is_plain_http_url(base_url):
            raise _invalid(BASE_URL_INVALID)
    env_key = patch.get("envKey")
    if env_key is not None:
        env_key = str(env_key).strip()
        if _ENV_KEY.fullmatch(env_key) is None:
            raise _invalid(ENV_KEY_INVALID)
    if existing is not None and "envKey" in patch and _auth_is_external(existing):
        raise _invalid(AUTH_EXTERNAL)
    current_name = (existing or {}).get("name")
    name = patch.get("name", current_name)
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise _invalid(NAME_REQUIRED)
    if name in RESERVED_NAMES:
        raise _invalid(NAME_RESERVED)
    if existing is None:
        if base_url is None:
            raise _invalid(BASE_URL_REQUIRED)
        new_id = _new_provider_id(name, {*map(str, tables), *BUILTIN_PROVIDER_IDS})
        table = {"base_url": base_url, "env_key": env_key, "name": name, "wire_api": "responses"}
        value = {key: item for key, item in table.items() if item is not None}
        return new_id, [(["model_providers", new_id], value)]
    assert provider_id is not None
    edits: list[tuple[list[str], Any]] = []
    if "name" in patch:
        edits.append((["model_providers", provider_id, "name"], name))
    if "baseUrl" in patch:
        edits.append((["model_providers", provider_id, "base_url"], base_url))
    if "envKey" in patch:
        edits.append((["model_providers", provider_id, "env_key"], env_key))
    return provider_id, edits


def plan_provider_write(
    settings: Mapping[str, Any], model_providers: Any
) -> tuple[str, list[ConfigEditRequest]]:
    """The provider id a ``ProviderSettingsPatch`` (wire JSON) writes and the config edits
    that do it; :class:`ConfigWriteError` with the reference's message when it is refused."""
    tables = _table(model_providers)
    kind = settings.get("type")
    provider_id = str(settings.get("providerId"))
    edits: list[tuple[list[str], Any]]
    if kind == "bedrock":
        table = ["model_providers", provider_id, "aws"]
        current = _table(tables.get(provider_id)).get("aws")
        edits = _field_edits(table, current, _set_fields(settings, _BEDROCK_FIELDS))
    elif kind == "gcp":
        table = ["model_providers", provider_id]
        current = tables.get(provider_id)
        edits = _field_edits(table, current, _set_fields(settings, _GCP_FIELDS))
    else:
        provider_id, edits = _gateway_edits(settings, tables)
    requests = [
        ConfigEditRequest(key_path=key_path_of(path), value=value, merge_strategy="replace")
        for path, value in edits
    ]
    return provider_id, requests
