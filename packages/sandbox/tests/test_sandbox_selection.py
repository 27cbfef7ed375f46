"""Backend selection and failing closed: bubblewrap, else Landlock, else a clear error.

The probes below use real search paths: a folder without ``bwrap``, or one whose ``bwrap``
cannot create namespaces (a stand-in script printing bubblewrap's own error), and real
processes started with ``SPINDLE_SANDBOX_BACKEND`` set, as a user would configure it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from spindle_sandbox import (
    SANDBOX_BACKEND_ENV,
    SandboxUnavailable,
    prepare_command,
    probe_sandbox,
    startup_warning,
)

pytestmark = [
    pytest.mark.requirement("R23"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux backends"),
]

USERNS_ERROR = (
    "bwrap: No permissions to creating new namespace, likely because the kernel does not "
    "allow non-privileged user namespaces."
)


@pytest.fixture
def no_bwrap_path(tmp_path: Path) -> str:
    empty = tmp_path / "bin-without-bwrap"
    empty.mkdir()
    return str(empty)


@pytest.fixture
def broken_bwrap_path(tmp_path: Path) -> str:
    """A PATH whose ``bwrap`` fails the way it does where user namespaces are disabled."""
    folder = tmp_path / "bin-with-broken-bwrap"
    folder.mkdir()
    script = folder / "bwrap"
    script.write_text(f"#!/bin/sh\necho '{USERNS_ERROR}' >&2\nexit 1\n")
    script.chmod(0o755)
    return str(folder)


def test_bubblewrap_is_preferred_when_it_works() -> None:
    probe = probe_sandbox()
    assert probe.backend == "bwrap", probe.reason
    assert probe.bwrap_usable
    assert startup_warning(probe) is None
    assert probe.describe().startswith("sandbox backend: bwrap: bubblewrap ")


def test_landlock_takes_over_when_bwrap_is_absent_from_path(
    no_bwrap_path: str, tmp_path: Path
) -> None:
    probe = probe_sandbox(path=no_bwrap_path)
    assert (probe.backend, probe.bwrap_path) == ("landlock", None)
    assert probe.landlock_abi is not None and probe.landlock_abi >= 1
    assert "bubblewrap (bwrap) not found on PATH" in probe.reason
    warning = startup_warning(probe)
    assert warning is not None
    assert warning.startswith("spindle could not find bubblewrap on PATH.")
    assert "Landlock cannot keep .git, .codex and .agents read-only" in warning

    # And it enforces: the write outside the workspace is refused by Landlock.
    (tmp_path / "ws").mkdir()
    target = tmp_path / "escaped"
    prepared = prepare_command(
        ["touch", str(target)],
        {"type": "workspaceWrite", "excludeSlashTmp": True},
        cwd=str(tmp_path / "ws"),
        env={"PATH": "/usr/bin:/bin"},
        probe=probe,
    )
    assert prepared.backend == "landlock"
    with prepared.popen(stderr=subprocess.PIPE, text=True) as process:
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "Permission denied" in stderr
    assert not target.exists()


def test_landlock_takes_over_when_bwrap_cannot_create_namespaces(broken_bwrap_path: str) -> None:
    probe = probe_sandbox(path=broken_bwrap_path)
    assert probe.backend == "landlock"
    assert probe.bwrap_path == os.path.join(broken_bwrap_path, "bwrap")
    assert (probe.bwrap_usable, probe.bwrap_error) == (False, USERNS_ERROR)
    warning = startup_warning(probe)
    assert warning is not None
    assert warning.startswith(
        "spindle's Linux sandbox uses bubblewrap and needs access to create user namespaces"
    )


def test_the_server_process_probes_its_own_path(no_bwrap_path: str) -> None:
    # What `spindle app-server` sees when started with a PATH that lacks bwrap.
    code = "from spindle_sandbox import probe_sandbox; print(probe_sandbox().backend)"
    env = {**os.environ, "PATH": no_bwrap_path}
    env.pop(SANDBOX_BACKEND_ENV, None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout == "landlock\n"


FAIL_CLOSED = textwrap.dedent(
    """
    import subprocess, sys
    from spindle_sandbox import SandboxUnavailable, prepare_command
    target, cwd = sys.argv[1], sys.argv[2]
    try:
        prepared = prepare_command(
            ["touch", target], {"type": "workspaceWrite"}, cwd=cwd, env={"PATH": "/usr/bin:/bin"}
        )
    except SandboxUnavailable as exc:
        print(exc)
        sys.exit(3)
    prepared.popen().wait()
    """
)


@pytest.mark.parametrize(
    ("setting", "missing"),
    [
        ("unavailable", "every backend is disabled by SPINDLE_SANDBOX_BACKEND=unavailable"),
        ("bwrap", "bubblewrap (bwrap) not found on PATH, and Landlock disabled by"),
        ("nonsense", "SPINDLE_SANDBOX_BACKEND='nonsense' is not one of"),
    ],
)
def test_with_no_backend_a_sandboxed_command_fails_closed(
    tmp_path: Path, no_bwrap_path: str, setting: str, missing: str
) -> None:
    target = tmp_path / "ws" / "written"
    target.parent.mkdir()
    env = {**os.environ, SANDBOX_BACKEND_ENV: setting, "PATH": no_bwrap_path}
    done = subprocess.run(
        [sys.executable, "-c", FAIL_CLOSED, str(target), str(target.parent)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout.startswith(
        "cannot run this command under the workspaceWrite sandbox policy: no sandbox is available"
    )
    assert missing in done.stdout
    assert "spindle never runs a sandboxed command unsandboxed" in done.stdout
    assert not target.exists()


def test_with_no_backend_the_startup_warning_says_commands_will_fail() -> None:
    probe = probe_sandbox(force_backend="unavailable")
    assert not probe.available
    warning = startup_warning(probe)
    assert warning is not None
    assert "Commands under the readOnly and workspaceWrite sandbox policies will fail" in warning
    with pytest.raises(SandboxUnavailable):
        prepare_command(["true"], {"type": "readOnly"}, cwd="/", env={}, probe=probe)


@pytest.mark.parametrize(
    "policy",
    [{"type": "dangerFullAccess"}, {"type": "externalSandbox", "networkAccess": "enabled"}],
)
def test_unsandboxed_policies_pass_through_even_with_no_backend(policy: dict[str, str]) -> None:
    probe = probe_sandbox(force_backend="unavailable")
    prepared = prepare_command(["echo", "hi"], policy, cwd="/", env={"A": "1"}, probe=probe)
    assert (prepared.argv, prepared.env, prepared.backend) == (["echo", "hi"], {"A": "1"}, "none")


def test_external_sandbox_with_restricted_network_marks_the_environment() -> None:
    prepared = prepare_command(
        ["true"], {"type": "externalSandbox"}, cwd="/", env={}, probe=probe_sandbox()
    )
    assert prepared.backend == "none"
    assert prepared.env == {"CODEX_SANDBOX_NETWORK_DISABLED": "1"}


def test_probes_are_cached_per_process() -> None:
    assert probe_sandbox() is probe_sandbox()
    assert probe_sandbox(force_backend="landlock") is not probe_sandbox()
