"""Enforcement, for real, on both Linux backends: bubblewrap and Landlock.

Each case runs an actual command under an actual sandbox and looks at what happened on
disk and on the wire. Nothing is mocked.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spindle_sandbox import LANDLOCK_GIT_NOTE, PreparedCommand, SandboxProbe, probe_sandbox

Run = Callable[..., tuple[PreparedCommand, "subprocess.CompletedProcess[str]"]]

pytestmark = [
    pytest.mark.requirement("R23"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux backends"),
]

# The wording each backend's denial produces: a read-only bind mount (as the reference's
# "touch: cannot touch 'ro.txt': Read-only file system"), or a Landlock refusal.
DENIED = {"bwrap": "Read-only file system", "landlock": "Permission denied"}

WORKSPACE_WRITE = {"type": "workspaceWrite", "excludeSlashTmp": True, "excludeTmpdirEnvVar": True}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "ws").mkdir()
    (tmp_path / "outside").mkdir()
    return tmp_path / "ws"


def test_write_outside_the_writable_roots_fails_and_leaves_no_file(
    backend: SandboxProbe, run: Run, workspace: Path
) -> None:
    target = workspace.parent / "outside" / "escaped.txt"
    prepared, done = run(["touch", str(target)], WORKSPACE_WRITE, cwd=workspace, probe=backend)
    assert prepared.backend == backend.backend
    assert done.returncode != 0
    assert DENIED[prepared.backend] in done.stderr
    assert not target.exists()


def test_write_inside_a_writable_root_works(
    backend: SandboxProbe, run: Run, workspace: Path
) -> None:
    _, done = run(
        ["sh", "-c", "echo hello > made.txt && mkdir sub && echo x > sub/f"],
        WORKSPACE_WRITE,
        cwd=workspace,
        probe=backend,
    )
    assert done.returncode == 0, done.stderr
    assert (workspace / "made.txt").read_text() == "hello\n"
    assert (workspace / "sub" / "f").exists()


def test_read_only_refuses_a_write_in_the_cwd_like_the_reference(
    backend: SandboxProbe, run: Run, workspace: Path
) -> None:
    # The transcript's `readonly` scenario: `touch ro.txt` under readOnly.
    _, done = run(["touch", "ro.txt"], {"type": "readOnly"}, cwd=workspace, probe=backend)
    assert done.returncode == 1
    assert f"touch: cannot touch 'ro.txt': {DENIED[backend.backend or '']}" in done.stderr
    assert not (workspace / "ro.txt").exists()


def test_read_only_still_reads_the_cwd(backend: SandboxProbe, run: Run, workspace: Path) -> None:
    # The transcript's `readonly-read` scenario: `cat seed.txt` under readOnly.
    (workspace / "seed.txt").write_text("seed-content-42\n")
    _, done = run(["cat", "seed.txt"], {"type": "readOnly"}, cwd=workspace, probe=backend)
    assert (done.returncode, done.stdout) == (0, "seed-content-42\n")


def test_tmp_is_writable_under_workspace_write_unless_excluded(
    backend: SandboxProbe, run: Run, workspace: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    policy = {"type": "workspaceWrite", "excludeSlashTmp": True}
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(scratch)}
    _, done = run(["touch", str(scratch / "t")], policy, cwd=workspace, probe=backend, env=env)
    assert done.returncode == 0, done.stderr
    policy["excludeTmpdirEnvVar"] = True
    _, done = run(["touch", str(scratch / "u")], policy, cwd=workspace, probe=backend, env=env)
    assert done.returncode != 0
    assert not (scratch / "u").exists()


@pytest.mark.parametrize("name", [".git", ".codex", ".agents"])
def test_protected_entries_inside_a_writable_root(
    backend: SandboxProbe, run: Run, workspace: Path, name: str
) -> None:
    (workspace / name).mkdir()
    target = workspace / name / "hooks-post-checkout"
    _, done = run(["touch", str(target)], WORKSPACE_WRITE, cwd=workspace, probe=backend)
    if backend.backend == "bwrap":
        assert done.returncode != 0
        assert "Read-only file system" in done.stderr
        assert not target.exists()
    else:
        # Landlock rules only add access: it cannot carve a read-only hole in a writable
        # root. The limitation is real, so the startup notes must say so, and this test
        # pins the actual behaviour so the notes cannot go stale silently.
        assert LANDLOCK_GIT_NOTE in backend.notes
        assert LANDLOCK_GIT_NOTE in backend.describe()
        assert done.returncode == 0, done.stderr
        assert target.exists()


def test_a_worktree_git_pointer_and_its_gitdir_stay_read_only_under_bwrap(
    run: Run, workspace: Path
) -> None:
    # Only bubblewrap can keep paths inside a writable root read-only (see above).
    backend = probe_sandbox(force_backend="bwrap")
    assert backend.backend == "bwrap", backend.reason
    gitdir = workspace / "gitdirs" / "wt"
    gitdir.mkdir(parents=True)
    (workspace / ".git").write_text("gitdir: gitdirs/wt\n")
    _, done = run(
        ["sh", "-c", "echo evil > .git; touch gitdirs/wt/config"],
        WORKSPACE_WRITE,
        cwd=workspace,
        probe=backend,
    )
    assert done.stderr.count("Read-only file system") == 2, done.stderr
    assert (workspace / ".git").read_text() == "gitdir: gitdirs/wt\n"
    assert not (gitdir / "config").exists()


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP listener on 127.0.0.1, outside any sandbox."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield int(server.getsockname()[1])


CONNECT = (
    "import socket, sys\n"
    "try:\n"
    "    socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5).close()\n"
    "except OSError as exc:\n"
    "    print('refused:', exc); sys.exit(3)\n"
    "print('connected')\n"
)


@pytest.mark.parametrize("policy_type", ["readOnly", "workspaceWrite"])
def test_no_network_a_connect_to_a_local_listener_fails(
    backend: SandboxProbe, run: Run, workspace: Path, listener: int, policy_type: str
) -> None:
    prepared, done = run(
        [sys.executable, "-I", "-S", "-c", CONNECT, str(listener)],
        {"type": policy_type},
        cwd=workspace,
        probe=backend,
    )
    assert prepared.env["CODEX_SANDBOX_NETWORK_DISABLED"] == "1"
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert "refused:" in done.stdout


def test_network_access_true_reaches_the_listener(
    backend: SandboxProbe, run: Run, workspace: Path, listener: int
) -> None:
    # The control for the test above: the same connect works when the policy allows it.
    prepared, done = run(
        [sys.executable, "-I", "-S", "-c", CONNECT, str(listener)],
        {"type": "readOnly", "networkAccess": True},
        cwd=workspace,
        probe=backend,
    )
    assert "CODEX_SANDBOX_NETWORK_DISABLED" not in prepared.env
    assert (done.returncode, done.stdout) == (0, "connected\n"), done.stderr


SEND_UDP = (
    "import socket, sys\n"
    "try:\n"
    "    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', int(sys.argv[1])))\n"
    "except OSError as exc:\n"
    "    print('refused:', exc)\n"
)


@pytest.mark.parametrize("network", [False, True])
def test_udp_leaves_the_sandbox_only_with_network_access(
    backend: SandboxProbe, run: Run, workspace: Path, network: bool
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.setblocking(False)
        port = receiver.getsockname()[1]
        _, done = run(
            [sys.executable, "-I", "-S", "-c", SEND_UDP, str(port)],
            {"type": "readOnly", "networkAccess": network},
            cwd=workspace,
            probe=backend,
        )
        assert done.returncode == 0, done.stderr
        # Loopback delivery happens inside sendto, so the datagram is queued by now if it
        # ever left the sandbox.
        try:
            arrived = receiver.recv(16)
        except BlockingIOError:
            arrived = b""
    assert arrived == (b"x" if network else b"")


def _restricted(readable: list[Path], *, defaults: bool = True) -> dict[str, object]:
    return {
        "type": "readOnly",
        "access": {
            "type": "restricted",
            "includePlatformDefaults": defaults,
            "readableRoots": [str(path) for path in readable],
        },
    }


@pytest.mark.requirement("R14")
def test_restricted_read_hides_files_outside_the_roots(
    backend: SandboxProbe, run: Run, workspace: Path, tmp_path: Path
) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "notes.txt").write_text("readable\n")
    secret = tmp_path / "outside" / "secret.txt"
    secret.write_text("top secret\n")
    policy = _restricted([allowed])

    _, done = run(["cat", str(allowed / "notes.txt")], policy, cwd=workspace, probe=backend)
    assert (done.returncode, done.stdout) == (0, "readable\n"), done.stderr

    _, done = run(["cat", str(secret)], policy, cwd=workspace, probe=backend)
    assert done.returncode != 0
    assert "top secret" not in done.stdout

    _, done = run(["/bin/true"], policy, cwd=workspace, probe=backend)
    assert done.returncode == 0, done.stderr


@pytest.mark.requirement("R14")
def test_restricted_read_keeps_the_cwd_and_writable_roots_readable(
    backend: SandboxProbe, run: Run, workspace: Path
) -> None:
    (workspace / "seed.txt").write_text("in the cwd\n")
    policy = {
        **WORKSPACE_WRITE,
        "readOnlyAccess": {"type": "restricted", "includePlatformDefaults": True},
    }
    _, done = run(
        ["sh", "-c", "cat seed.txt && echo new > new.txt && cat new.txt"],
        policy,
        cwd=workspace,
        probe=backend,
    )
    assert (done.returncode, done.stdout) == (0, "in the cwd\nnew\n"), done.stderr


@pytest.mark.requirement("R14")
def test_restricted_read_without_platform_defaults_cannot_even_start_cat(
    backend: SandboxProbe, run: Run, workspace: Path
) -> None:
    # The platform defaults are granted only when asked: without them /usr is unreadable.
    policy = _restricted([], defaults=False)
    if backend.backend == "landlock":
        # The child starts restricted, and its exec of /usr/bin/cat is refused: the spawn
        # fails as for any program the caller may not execute.
        with pytest.raises(PermissionError):
            run(["cat", "/etc/hostname"], policy, cwd=workspace, probe=backend)
        return
    _, done = run(["cat", "/etc/hostname"], policy, cwd=workspace, probe=backend)
    assert done.returncode != 0
    assert done.stdout == ""
