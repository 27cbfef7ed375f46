"""Our tool specs against the ones the reference codex 0.169.0 actually offers the model.

The reference runs one turn against the mock provider per configuration and the ``tools`` of
its first Responses request are compared with ours: the structure (names, types, enums,
``required``, ``additionalProperties``, ``strict``, ``encrypted``, namespaces, key order) must
be identical once every description is removed, and every description must be our own
wording (non-empty, different from the reference's)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spindle_app_server.tools import _specs

from tests.support.client import ServerProcess, write_config
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider
from tests.support.reference import ReferenceUnavailable

Spec = dict[str, Any]

# Which reference configuration each recorded tool list comes from.
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    # The e2e config.toml as is: read-only, goals on by default, multi-agent v1.
    "default": ("", {}),
    "multi_agent_v2": ("multi_agent_v2 = true\n", {}),
    # Goals off, and danger-full-access (which makes web search live).
    "no_goals_full_access": ("goals = false\n", {"sandbox": "danger-full-access"}),
}

BUILDERS: dict[str, Callable[[], Spec]] = {
    "exec_command": _specs.exec_command_spec,
    "write_stdin": _specs.write_stdin_spec,
    "request_user_input": _specs.request_user_input_spec,
    "view_image": _specs.view_image_spec,
    "multi_agent_v1": _specs.multi_agent_v1_spec,
    "collaboration": _specs.collaboration_spec,
    "get_goal": _specs.get_goal_spec,
    "create_goal": _specs.create_goal_spec,
    "update_goal": _specs.update_goal_spec,
    "web_search": _specs.web_search_spec,
}


def _offered_tools(root: Path, features: str, thread_params: dict[str, Any]) -> list[Spec]:
    with MockProvider() as provider:
        home = root / "home"
        config = write_config(home, provider.base_url)
        config.write_text(config.read_text().replace("[features]\n", f"[features]\n{features}"))
        with ServerProcess("reference", home, "stdio", cwd=root / "work") as server:
            conn = server.connect()
            conn.initialize()
            thread = start_thread(conn, **thread_params)
            run_turn(conn, thread["id"], "hi")
        return provider.response_requests[0].tools()


@pytest.fixture(scope="module")
def reference_tools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[Spec]]]:
    """The reference's offered tools per variant (FAILS, never skips, without the reference)."""
    try:
        yield {
            name: _offered_tools(tmp_path_factory.mktemp(name), features, params)
            for name, (features, params) in VARIANTS.items()
        }
    except ReferenceUnavailable as exc:
        pytest.fail(f"the reference codex is required for this test: {exc}", pytrace=False)


def _by_name(tools: list[Spec]) -> dict[str, Spec]:
    return {str(tool.get("name") or tool["type"]): tool for tool in tools}


def _reference_spec(reference_tools: dict[str, list[Spec]], name: str) -> Spec:
    variant = "multi_agent_v2" if name == "collaboration" else "default"
    return _by_name(reference_tools[variant])[name]


def _structure(value: Any) -> Any:
    """``value`` without description texts (a property that is *named* description stays)."""
    if isinstance(value, dict):
        return {
            key: _structure(item)
            for key, item in value.items()
            if not (key == "description" and isinstance(item, str))
        }
    if isinstance(value, list):
        return [_structure(item) for item in value]
    return value


def _descriptions(value: Any, path: str = "") -> dict[str, str]:
    """Every description text by its JSON path."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "description" and isinstance(item, str):
                found[path or "/"] = item
            else:
                found.update(_descriptions(item, f"{path}/{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(_descriptions(item, f"{path}/{index}"))
    return found


def _dump(value: Any) -> str:
    """Key order matters too: the reference's JSON is compared as text."""
    return json.dumps(value, indent=1)


@pytest.mark.parametrize("name", list(BUILDERS))
def test_spec_has_the_reference_structure(
    name: str, reference_tools: dict[str, list[Spec]]
) -> None:
    ours = BUILDERS[name]()
    theirs = _reference_spec(reference_tools, name)
    assert _dump(_structure(ours)) == _dump(_structure(theirs))


@pytest.mark.parametrize("name", list(BUILDERS))
def test_descriptions_are_our_own_words(name: str, reference_tools: dict[str, list[Spec]]) -> None:
    ours = _descriptions(BUILDERS[name]())
    theirs = _descriptions(_reference_spec(reference_tools, name))
    assert set(ours) == set(theirs)
    for path, text in ours.items():
        assert text.strip(), f"{name}{path}: empty description"
        assert text.strip() != theirs[path].strip(), f"{name}{path}: the reference's wording"


def test_no_description_repeats_any_reference_text(
    reference_tools: dict[str, list[Spec]],
) -> None:
    theirs = {
        text.strip() for tools in reference_tools.values() for text in _descriptions(tools).values()
    }
    ours = _descriptions([builder() for builder in BUILDERS.values()])
    assert {path: text for path, text in ours.items() if text.strip() in theirs} == {}


@pytest.mark.parametrize(
    ("variant", "options"),
    [
        ("default", {"goals_enabled": True, "multi_agent_v2": False}),
        ("multi_agent_v2", {"goals_enabled": True, "multi_agent_v2": True}),
        (
            "no_goals_full_access",
            {"goals_enabled": False, "multi_agent_v2": False, "web_search_live": True},
        ),
    ],
)
def test_default_tool_specs_match_the_reference_list(
    variant: str, options: dict[str, Any], reference_tools: dict[str, list[Spec]]
) -> None:
    ours = _specs.default_tool_specs(**options)
    assert _dump(_structure(ours)) == _dump(_structure(reference_tools[variant]))


def test_web_search_is_cached_unless_live() -> None:
    assert _specs.web_search_spec() == {"type": "web_search", "external_web_access": False}
    assert _specs.web_search_spec(live=True) == {"type": "web_search", "external_web_access": True}


def test_specs_are_fresh_dicts() -> None:
    first = _specs.default_tool_specs(goals_enabled=True, multi_agent_v2=False)
    first[0]["parameters"]["properties"].clear()
    first[4]["tools"].clear()
    second = _specs.default_tool_specs(goals_enabled=True, multi_agent_v2=False)
    assert second[0]["parameters"]["properties"] and second[4]["tools"]


def test_spawn_agent_can_list_model_overrides() -> None:
    plain = _specs.spawn_agent_v1_spec()["description"]
    listed = _specs.spawn_agent_v1_spec(["`m1`: fast", "`m2`: thorough"])["description"]
    assert listed.endswith(plain)
    assert "- `m1`: fast\n- `m2`: thorough\n" in listed
    namespace = _specs.collaboration_spec(["`m1`: fast"])
    (spawn,) = [tool for tool in namespace["tools"] if tool["name"] == "spawn_agent"]
    assert "- `m1`: fast" in spawn["description"]
