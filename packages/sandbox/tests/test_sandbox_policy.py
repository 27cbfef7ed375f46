"""The policy contract: wire JSON or generated models in, validation errors naming the field,
and the exact command lines each Linux backend gets (pure, no process started)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from spindle_protocol import models as m
from spindle_sandbox import InvalidPolicy, SandboxProbe, UnsupportedOperation, prepare_command
from spindle_sandbox._policy import linux_platform_read_roots, parse_policy, resolve_policy

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")

BWRAP = SandboxProbe(platform="linux", backend="bwrap", reason="test", bwrap_path="/usr/bin/bwrap")
LANDLOCK = SandboxProbe(platform="linux", backend="landlock", reason="test", landlock_abi=7)


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ({"type": "sometimesSandboxed"}, "type"),
        ({}, "type"),
        ({"type": "readOnly", "networkAccess": "yes"}, "networkAccess"),
        ({"type": "workspaceWrite", "writableRoots": "/tmp"}, "writableRoots"),
        ({"type": "workspaceWrite", "writableRoots": ["relative/dir"]}, "writableRoots.0"),
        ({"type": "readOnly", "access": {"type": "partial"}}, "access.type"),
        (
            {"type": "readOnly", "access": {"type": "restricted", "readableRoots": ["x"]}},
            "access.readableRoots.0",
        ),
        (
            {
                "type": "workspaceWrite",
                "readOnlyAccess": {"type": "restricted", "includePlatformDefaults": "no"},
            },
            "readOnlyAccess.includePlatformDefaults",
        ),
    ],
)
def test_validation_errors_name_the_field(policy: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidPolicy) as caught:
        prepare_command(["true"], policy, cwd="/", env={}, probe=BWRAP, platform="linux")
    assert caught.value.field == field
    assert field in str(caught.value)


def test_a_policy_that_is_not_an_object_is_rejected() -> None:
    with pytest.raises(InvalidPolicy, match="must be a JSON object, not str"):
        parse_policy("readOnly")  # type: ignore[arg-type]


def test_generated_models_are_accepted_like_their_wire_json() -> None:
    model = m.SandboxPolicyWorkspaceWrite(writable_roots=["/srv"], network_access=True)
    assert parse_policy(model) == parse_policy(
        {"type": "workspaceWrite", "writableRoots": ["/srv"], "networkAccess": True}
    )


def test_read_access_is_optional_and_defaults_to_full_reads() -> None:
    resolved = resolve_policy(parse_policy({"type": "readOnly"}), cwd="/", env={})
    assert resolved.readable_roots is None
    restricted = parse_policy({"type": "readOnly", "access": {"type": "restricted"}})
    assert isinstance(restricted, m.SandboxPolicyReadOnly)
    assert isinstance(restricted.access, m.ReadOnlyAccessRestricted)
    assert restricted.access.include_platform_defaults is True
    assert restricted.access.readable_roots == []


def test_argv_must_name_a_program() -> None:
    with pytest.raises(ValueError, match="argv"):
        prepare_command([], {"type": "readOnly"}, cwd="/", env={}, probe=BWRAP)


@posix_only
def test_workspace_write_roots_follow_the_reference(tmp_path: Path) -> None:
    (tmp_path / "ws" / ".git").mkdir(parents=True)
    (tmp_path / "ws" / ".agents").mkdir()
    (tmp_path / "extra").mkdir()
    (tmp_path / "tmpdir").mkdir()
    policy = parse_policy(
        {
            "type": "workspaceWrite",
            "writableRoots": [str(tmp_path / "extra"), str(tmp_path / "missing")],
        }
    )
    resolved = resolve_policy(
        policy, cwd=str(tmp_path / "ws"), env={"TMPDIR": str(tmp_path / "tmpdir")}
    )
    # writableRoots (missing ones dropped: never grant what does not exist), cwd, /tmp, $TMPDIR
    assert resolved.writable_roots == (
        str(tmp_path / "extra"),
        str(tmp_path / "ws"),
        "/tmp",
        str(tmp_path / "tmpdir"),
    )
    assert resolved.protected_paths == (
        str(tmp_path / "ws" / ".git"),
        str(tmp_path / "ws" / ".agents"),
    )
    assert not resolved.network


@posix_only
def test_bwrap_command_line_for_read_only(tmp_path: Path) -> None:
    prepared = prepare_command(
        ["ls", "-l"], {"type": "readOnly"}, cwd=str(tmp_path), env={}, probe=BWRAP, platform="linux"
    )
    assert prepared.backend == "bwrap"
    assert prepared.env == {"CODEX_SANDBOX_NETWORK_DISABLED": "1"}
    assert prepared.argv == [
        "/usr/bin/bwrap",
        "--new-session",
        "--die-with-parent",
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--proc", "/proc",
        "--chdir", str(tmp_path),
        "--", "ls", "-l",
    ]  # fmt: skip


@posix_only
def test_bwrap_command_line_for_workspace_write(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".codex").mkdir()
    policy = {"type": "workspaceWrite", "networkAccess": True, "excludeTmpdirEnvVar": True}
    prepared = prepare_command(
        ["make"], policy, cwd=str(tmp_path), env={}, probe=BWRAP, platform="linux"
    )
    assert prepared.env == {}
    assert prepared.argv == [
        "/usr/bin/bwrap",
        "--new-session",
        "--die-with-parent",
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--bind", "/tmp", "/tmp",
        "--bind", str(tmp_path), str(tmp_path),
        "--ro-bind", str(tmp_path / ".git"), str(tmp_path / ".git"),
        "--ro-bind", str(tmp_path / ".codex"), str(tmp_path / ".codex"),
        "--unshare-user",
        "--unshare-pid",
        "--proc", "/proc",
        "--chdir", str(tmp_path),
        "--", "make",
    ]  # fmt: skip


@posix_only
@pytest.mark.requirement("R14")
def test_bwrap_builds_restricted_reads_from_an_empty_root(tmp_path: Path) -> None:
    policy = {
        "type": "readOnly",
        "access": {"type": "restricted", "includePlatformDefaults": False, "readableRoots": []},
    }
    prepared = prepare_command(
        ["true"], policy, cwd=str(tmp_path), env={}, probe=BWRAP, platform="linux"
    )
    assert prepared.argv == [
        "/usr/bin/bwrap",
        "--new-session",
        "--die-with-parent",
        "--tmpfs", "/",
        "--dev", "/dev",
        "--ro-bind", str(tmp_path), str(tmp_path),
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--proc", "/proc",
        "--remount-ro", "/",
        "--chdir", str(tmp_path),
        "--", "true",
    ]  # fmt: skip


@posix_only
def test_landlock_runs_the_command_itself_and_restricts_it_in_the_child(tmp_path: Path) -> None:
    # No wrapper program: the argv is the command, and the rules travel in the restriction
    # the child applies to itself between fork and exec.
    (tmp_path / "ws").mkdir()
    policy = {"type": "workspaceWrite", "excludeSlashTmp": True, "excludeTmpdirEnvVar": True}
    cwd = str(tmp_path / "ws")
    prepared = prepare_command(["true"], policy, cwd=cwd, env={}, probe=LANDLOCK, platform="linux")
    assert (prepared.backend, prepared.argv) == ("landlock", ["true"])
    assert prepared.env == {"CODEX_SANDBOX_NETWORK_DISABLED": "1"}
    restriction = prepared.restriction
    assert restriction is not None
    assert (restriction.cwd, restriction.read, restriction.write) == (cwd, ("/",), (cwd,))
    assert restriction.devices == (
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
        "/dev/tty", "/dev/ptmx", "/dev/pts",
    )  # fmt: skip
    assert restriction.no_network


@posix_only
@pytest.mark.parametrize(
    ("policy", "probe"), [({"type": "readOnly"}, BWRAP), ({"type": "dangerFullAccess"}, LANDLOCK)]
)
def test_bwrap_and_unsandboxed_commands_get_no_child_restriction(
    tmp_path: Path, policy: dict[str, str], probe: SandboxProbe
) -> None:
    prepared = prepare_command(
        ["true"], policy, cwd=str(tmp_path), env={}, probe=probe, platform="linux"
    )
    assert prepared.restriction is None


@posix_only
def test_linux_platform_defaults_cover_programs_libraries_and_loader_config() -> None:
    roots = linux_platform_read_roots()
    assert {"/usr", "/bin", "/lib", "/etc"} <= set(roots)


@pytest.mark.requirement("R14")
def test_restricted_reads_are_refused_on_windows() -> None:
    policy = {
        "type": "workspaceWrite",
        "readOnlyAccess": {"type": "restricted", "readableRoots": ["/srv/data"]},
    }
    with pytest.raises(
        UnsupportedOperation, match="restricted read access cannot be enforced on Windows"
    ):
        prepare_command(["dir"], policy, cwd="/srv", env={}, platform="win32")


def test_other_sandboxed_policies_fail_closed_on_windows() -> None:
    from spindle_sandbox import SandboxUnavailable

    with pytest.raises(SandboxUnavailable, match="spindle has no sandbox on Windows"):
        prepare_command(["dir"], {"type": "readOnly"}, cwd="/srv", env={}, platform="win32")
    unsandboxed = prepare_command(
        ["dir"], {"type": "dangerFullAccess"}, cwd="/srv", env={}, platform="win32"
    )
    assert (unsandboxed.argv, unsandboxed.backend) == (["dir"], "none")
