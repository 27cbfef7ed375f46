"""Agent path rules: names, absolute paths, target resolution in the reference's order,
every refusal a message for the model (R8)."""

from __future__ import annotations

import random

import pytest
from spindle_app_server.agents._nicknames import NICKNAMES, pick_nickname
from spindle_app_server.agents._paths import (
    ROOT,
    AgentPathError,
    Target,
    depth_of,
    is_thread_id,
    join,
    parent_of,
    parse_target,
    validate_absolute,
    validate_name,
)

pytestmark = pytest.mark.requirement("R8")

THREAD = "01a24994-47f8-7533-9f99-fb123370c1e8"

BAD_NAMES = [
    ("", "agent_name must not be empty"),
    ("root", "agent_name `root` is reserved"),
    (".", "agent_name `.` is reserved"),
    ("..", "agent_name `..` is reserved"),
    ("a/b", "agent_name must not contain `/`"),
    ("a/", "agent_name must not contain `/`"),
    ("Worker", "agent_name must use only lowercase letters, digits, and underscores"),
    ("wörker", "agent_name must use only lowercase letters, digits, and underscores"),
    ("my-agent", "agent_name must use only lowercase letters, digits, and underscores"),
    ("a" * 256, "agent_name must not exceed 255 bytes"),
]


@pytest.mark.parametrize("name", ["a", "worker_2", "0", "_", "a" * 255])
def test_valid_names(name: str) -> None:
    assert validate_name(name) == name
    assert join(ROOT, name) == f"/root/{name}"


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_names_are_refused_with_the_reference_text(name: str, message: str) -> None:
    with pytest.raises(AgentPathError) as caught:
        join(ROOT, name)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/", "absolute agent paths must start with `/root` or be `/morpheus`"),
        ("/other/a", "absolute agent paths must start with `/root` or be `/morpheus`"),
        ("/rooted", "absolute agent paths must start with `/root` or be `/morpheus`"),
        ("root/a", "absolute agent paths must start with `/root` or be `/morpheus`"),
        ("/root/", "absolute agent path must not end with `/`"),
        ("/root/a/", "absolute agent path must not end with `/`"),
        ("/root//a", "agent_name must not be empty"),
        ("/root/root", "agent_name `root` is reserved"),
        ("/root/a/../b", "agent_name `..` is reserved"),
        ("/root/" + "/".join(["a" * 255] * 17), "agent path must not exceed 4096 bytes"),
    ],
)
def test_bad_absolute_paths(path: str, message: str) -> None:
    with pytest.raises(AgentPathError) as caught:
        validate_absolute(path)
    assert str(caught.value) == message


def test_path_helpers() -> None:
    assert validate_absolute("/root") == "/root"
    assert validate_absolute("/root/a/b_2") == "/root/a/b_2"
    assert parent_of("/root/a/b") == "/root/a"
    assert parent_of("/root/a") == ROOT
    assert parent_of(ROOT) is None
    assert [depth_of(p) for p in (ROOT, "/root/a", "/root/a/b")] == [0, 1, 2]


def test_thread_ids() -> None:
    assert is_thread_id(THREAD)
    assert is_thread_id(THREAD.upper())
    assert not is_thread_id("worker")
    assert not is_thread_id(THREAD.replace("-", ""))


@pytest.mark.parametrize(
    ("target", "caller", "expected"),
    [
        (THREAD, "/root/a", Target(thread_id=THREAD)),
        ("/root", "/root/a/b", Target(path="/root")),
        ("/root/x/y", "/root/a", Target(path="/root/x/y")),
        ("b", "/root/a", Target(path="/root/a/b")),
        ("b/c", "/root/a", Target(path="/root/a/b/c")),
        ("worker", "/root", Target(path="/root/worker")),
    ],
)
def test_targets_resolve_in_the_reference_order(target: str, caller: str, expected: Target) -> None:
    assert parse_target(target, caller) == expected


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("", "agent path must not be empty"),
        ("..", "agent_name `..` is reserved"),
        ("../sibling", "agent_name `..` is reserved"),
        ("./b", "agent_name `.` is reserved"),
        ("b/", "relative agent path must not end with `/`"),
        ("/elsewhere", "absolute agent paths must start with `/root` or be `/morpheus`"),
        ("/root/a/", "absolute agent path must not end with `/`"),
        ("Bad", "agent_name must use only lowercase letters, digits, and underscores"),
        ("b//c", "agent_name must not be empty"),
    ],
)
def test_bad_targets_are_tool_errors(target: str, message: str) -> None:
    with pytest.raises(AgentPathError) as caught:
        parse_target(target, "/root/a")
    assert str(caught.value) == message


def test_nicknames_are_unique_until_used_up() -> None:
    rng = random.Random(7)
    used: set[str] = set()
    for _ in NICKNAMES:
        name = pick_nickname(used, rng)
        assert name not in used
        used.add(name)
    assert pick_nickname(used, rng) in NICKNAMES
