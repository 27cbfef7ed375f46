"""The experimentalApi field table, checked against the official schema of the reference.

The official (stable) schema is generated from the reference ``codex`` at test time; the
fields our params models have beyond it are exactly the experimental ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import spindle_app_server.handlers  # noqa: F401  (registers every handler)
from spindle_app_server._experimental import EXPERIMENTAL_FIELDS, experimental_field_used
from spindle_app_server._registry import REGISTRY
from spindle_protocol.methods import CLIENT_REQUESTS

from tests.support.reference import ReferenceUnavailable, generate_schema


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    out = tmp_path_factory.mktemp("official")
    try:
        generate_schema(out)
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required: {exc}", pytrace=False)
    requests = json.loads((out / "ClientRequest.json").read_text())
    bundle = json.loads((out / "codex_app_server_protocol.v2.schemas.json").read_text())
    return requests, bundle["definitions"]


def _stable_params(requests: dict[str, Any], definitions: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for variant in requests["oneOf"]:
        method = variant["properties"]["method"]["enum"][0]
        params = variant["properties"].get("params", {})
        refs = [params.get("$ref")] + [a.get("$ref") for a in params.get("anyOf", [])]
        ref = next((r for r in refs if r), None)
        if ref is None:
            continue
        name = ref.rsplit("/", 1)[-1]
        schema = requests.get("definitions", {}).get(name) or definitions.get(name) or {}
        found[method] = set(schema.get("properties", {}))
    return found


def test_table_matches_the_official_stable_schema(
    official: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    stable = _stable_params(*official)
    expected: dict[str, tuple[str, ...]] = {}
    for method in sorted(REGISTRY.methods()):
        spec = CLIENT_REQUESTS.get(method)
        if spec is None or spec.params is None or method not in stable:
            continue
        ours = [field.alias or name for name, field in spec.params.model_fields.items()]
        extra = tuple(name for name in ours if name not in stable[method])
        if extra:
            expected[method] = extra
    assert dict(EXPERIMENTAL_FIELDS) == expected


@pytest.mark.parametrize(
    ("method", "params", "field"),
    [
        ("thread/list", {"projectId": "x"}, "projectId"),
        ("thread/list", {"projectId": None}, "projectId"),
        ("thread/list", {"includeAttachedThreads": False}, None),
        ("thread/start", {"mockExperimentalField": "x"}, "mockExperimentalField"),
        ("thread/start", {"runtimeWorkspaceRoots": []}, "runtimeWorkspaceRoots"),
        ("thread/start", {"runtimeWorkspaceRoots": None, "threadSource": "x"}, None),
        ("turn/start", {"threadId": "t", "input": [], "permissions": "x"}, "permissions"),
        ("thread/read", {"threadId": "t"}, None),
    ],
)
def test_field_use_as_observed_on_the_reference(
    method: str, params: dict[str, Any], field: str | None
) -> None:
    assert experimental_field_used(method, params) == field
