"""Validate wire messages against the official v2 JSON schema generated from the reference.

:class:`OfficialSchema` maps every client method to its params and result definitions, every
server notification to its params definition and every server-to-client request to its params
and the result the client must answer with, from the files that
``codex app-server generate-json-schema`` writes (``ClientRequest.json``,
``ServerNotification.json``, ``ServerRequest.json`` with its standalone ``*Response.json``
files, the ``codex_app_server_protocol.v2.schemas.json`` bundle and
``v1/InitializeResponse.json``).
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

__all__ = ["OfficialSchema"]

# Requests whose params are null/optional in ClientRequest.json, so the result type cannot
# be derived from the params type name. Read from the bundle's *Response definitions.
_RESULT_OVERRIDES = {
    "initialize": "InitializeResponse",
    "account/gatewayOAuth/read": "GatewayOAuthReadResponse",
    "account/gatewayOAuth/login": "GatewayOAuthLoginResponse",
    "account/gatewayOAuth/cancel": "GatewayOAuthCancelResponse",
    "config/mcpServer/reload": "McpServerRefreshResponse",
    "windowsSandbox/readiness": "WindowsSandboxReadinessResponse",
    "account/logout": "LogoutAccountResponse",
    "account/securitySetup/read": "GetAccountSecuritySetupResponse",
    "account/rateLimits/read": "GetAccountRateLimitsResponse",
    "account/usage/read": "GetAccountTokenUsageResponse",
    "account/workspaceMessages/read": "GetWorkspaceMessagesResponse",
    "externalAgentConfig/import/readHistories": "ExternalAgentConfigImportHistoriesReadResponse",
    "config/value/write": "ConfigWriteResponse",
    "config/batchWrite": "ConfigWriteResponse",
    "configRequirements/read": "ConfigRequirementsReadResponse",
    "fuzzyFileSearch": "FuzzyFileSearchResponse",
}


def _ref_name(schema: Any) -> str | None:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return ref.rsplit("/", 1)[-1]
        for alt in schema.get("anyOf", []):
            name = _ref_name(alt)
            if name:
                return name
    return None


class OfficialSchema:
    """The official schema in ``root`` (the ``--out`` folder of generate-json-schema)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        bundle = json.loads((root / "codex_app_server_protocol.v2.schemas.json").read_text())
        self.definitions: dict[str, Any] = bundle["definitions"]
        self._initialize_response = json.loads(
            (root / "v1" / "InitializeResponse.json").read_text()
        )
        self.request_params: dict[str, Any] = {}
        self.result_types: dict[str, str] = {}
        requests = json.loads((root / "ClientRequest.json").read_text())
        for variant in requests["oneOf"]:
            method = variant["properties"]["method"]["enum"][0]
            params_schema = variant["properties"].get("params", {"type": "null"})
            self.request_params[method] = params_schema
            name = _ref_name(params_schema)
            if method in _RESULT_OVERRIDES:
                self.result_types[method] = _RESULT_OVERRIDES[method]
            elif name and name.endswith("Params"):
                candidate = name.removesuffix("Params") + "Response"
                if candidate in self.definitions:
                    self.result_types[method] = candidate
        self.client_methods: tuple[str, ...] = tuple(self.request_params)
        self.notification_params: dict[str, str] = {}
        notifications = json.loads((root / "ServerNotification.json").read_text())
        for variant in notifications["oneOf"]:
            method = variant["properties"]["method"]["enum"][0]
            name = _ref_name(variant["properties"].get("params"))
            if name:
                self.notification_params[method] = name
        # Server-to-client requests: their params live in ServerRequest.json's own definitions
        # (not in the v2 bundle); each answer has a standalone <Name>Response.json.
        server_requests = json.loads((root / "ServerRequest.json").read_text())
        self._server_request_definitions: dict[str, Any] = server_requests.get("definitions", {})
        self.server_request_params: dict[str, str] = {}
        self.server_request_results: dict[str, str] = {}
        for variant in server_requests["oneOf"]:
            method = variant["properties"]["method"]["enum"][0]
            name = _ref_name(variant["properties"].get("params"))
            if not name:
                continue
            self.server_request_params[method] = name
            answer = name.removesuffix("Params") + "Response"
            if (root / f"{answer}.json").exists():
                self.server_request_results[method] = answer
        self.server_methods: tuple[str, ...] = tuple(self.server_request_params)
        self._validators: dict[str, Draft7Validator] = {}

    @cached_property
    def _error_validator(self) -> Draft7Validator:
        return Draft7Validator(json.loads((self.root / "JSONRPCErrorError.json").read_text()))

    def validator(self, definition: str) -> Draft7Validator:
        """A validator for ``#/definitions/<definition>`` of the v2 bundle."""
        if definition not in self._validators:
            standalone = self.root / f"{definition}.json"
            if definition == "InitializeResponse":
                schema: dict[str, Any] = self._initialize_response
            elif definition not in self.definitions and standalone.exists():
                schema = json.loads(standalone.read_text())
            else:
                if definition not in self.definitions:
                    raise KeyError(f"{definition} is not an official v2 definition")
                schema = {"definitions": self.definitions, "$ref": f"#/definitions/{definition}"}
            self._validators[definition] = Draft7Validator(schema)
        return self._validators[definition]

    @staticmethod
    def _errors(validator: Draft7Validator, instance: Any, what: str) -> list[str]:
        found = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        return [
            f"{what}: {'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message[:300]}"
            for e in found
        ]

    def check_result(self, method: str, result: Any) -> list[str]:
        """Problems with ``result`` as the answer to ``method`` (empty when valid)."""
        name = self.result_types.get(method)
        if name is None:
            if method not in self.request_params:
                return [f"{method}: not an official client method, yet it returned a result"]
            return [f"{method}: no official result definition known to the test harness"]
        return self._errors(self.validator(name), result, f"{method} result ({name})")

    def check_error(self, method: str, error: Any) -> list[str]:
        return self._errors(self._error_validator, error, f"{method} error")

    def check_notification(self, method: str, params: Any) -> list[str]:
        """Problems with a server notification (empty when valid)."""
        name = self.notification_params.get(method)
        if name is None:
            return [f"notification {method!r} is not an official server notification"]
        return self._errors(self.validator(name), params, f"{method} params ({name})")

    def _server_request_validator(self, definition: str) -> Draft7Validator:
        key = f"ServerRequest#{definition}"
        if key not in self._validators:
            schema = {
                "definitions": self._server_request_definitions,
                "$ref": f"#/definitions/{definition}",
            }
            self._validators[key] = Draft7Validator(schema)
        return self._validators[key]

    def check_server_request(self, method: str, params: Any) -> list[str]:
        """Problems with a server-to-client request's params (empty when valid)."""
        name = self.server_request_params.get(method)
        if name is None:
            return [f"server request {method!r} is not an official server request"]
        validator = self._server_request_validator(name)
        return self._errors(validator, params, f"server request {method} params ({name})")

    def check_server_request_result(self, method: str, result: Any) -> list[str]:
        """Problems with the client's answer to server request ``method`` (empty when valid)."""
        name = self.server_request_results.get(method)
        if name is None:
            if method not in self.server_request_params:
                return [f"server request {method!r} is not an official server request"]
            return [f"server request {method}: no official result definition known"]
        key = f"standalone#{name}"
        if key not in self._validators:
            standalone = json.loads((self.root / f"{name}.json").read_text())
            self._validators[key] = Draft7Validator(standalone)
        return self._errors(
            self._validators[key], result, f"answer to server request {method} ({name})"
        )

    def check_params(self, method: str, params: Any) -> list[str]:
        """Problems with client request params (used to keep our own test inputs honest)."""
        schema = self.request_params.get(method)
        if schema is None:
            return [f"{method}: not an official client method"]
        root = {"definitions": self.definitions, **schema}
        return self._errors(Draft7Validator(root), params, f"{method} params")
