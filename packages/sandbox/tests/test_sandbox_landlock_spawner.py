"""The Landlock backend's spawner threads: its seccomp program, what the children inherit,
and failing closed.

Commands are spawned from a thread that restricted itself with Landlock; the rest of the
process stays free. These tests spawn real children: one from a process nested so deep that
``landlock_restrict_self`` fails (nothing may run, and the error must say why), and ones
that check the restriction stays with the children and their spawner thread.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from spindle_sandbox import (
    ChildRestriction,
    SandboxProbe,
    SandboxUnavailable,
    create_subprocess_exec,
    prepare_command,
    probe_sandbox,
)
from spindle_sandbox import _landlock_sys as kernel
from spindle_sandbox._policy import parse_policy, resolve_policy

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Landlock")


@pytest.mark.parametrize("machine", sorted(kernel.SECCOMP_TABLES))
def test_seccomp_program_is_valid_classic_bpf(machine: str) -> None:
    program = kernel.seccomp_program(machine)
    assert len(program) < 64
    for index, (code, jt, jf, _) in enumerate(program):
        # Forward jumps only, and never past the end.
        assert min(jt, jf) >= 0
        if code in (kernel.BPF_JEQ_K, kernel.BPF_JGE_K):
            assert index + 1 + max(jt, jf) < len(program)
    assert program[-1] == (kernel.BPF_RET_K, 0, 0, kernel.SECCOMP_RET_ERRNO | kernel.EPERM)


@pytest.mark.parametrize("machine", sorted(kernel.SECCOMP_TABLES))
def test_seccomp_program_denies_inet_sockets_and_allows_unix_ones(machine: str) -> None:
    """Interpret the program for a few system calls, as the kernel would."""
    arch, _, (socket_nr, _), denied = kernel.SECCOMP_TABLES[machine]

    def verdict(nr: int, arg0: int = 0, arch_value: int = arch) -> int:
        data = {kernel.SECCOMP_DATA_NR: nr, kernel.SECCOMP_DATA_ARCH: arch_value}
        data[kernel.SECCOMP_DATA_ARG0] = arg0
        program = kernel.seccomp_program(machine)
        pc, acc = 0, 0
        while True:
            code, jt, jf, k = program[pc]
            if code == kernel.BPF_RET_K:
                return k
            if code == kernel.BPF_LD_W_ABS:
                acc = data[k]
                pc += 1
            else:
                hit = acc == k if code == kernel.BPF_JEQ_K else acc >= k
                pc += 1 + (jt if hit else jf)

    deny = kernel.SECCOMP_RET_ERRNO | kernel.EPERM
    assert verdict(socket_nr, arg0=2) == deny  # AF_INET
    assert verdict(socket_nr, arg0=10) == deny  # AF_INET6
    assert verdict(socket_nr, arg0=kernel.AF_UNIX) == kernel.SECCOMP_RET_ALLOW
    assert all(verdict(nr) == deny for nr in denied)
    assert verdict(0) == kernel.SECCOMP_RET_ALLOW  # read (x86_64) / io_setup (aarch64)
    assert verdict(0, arch_value=0x40000003) == deny  # a foreign (i386) system call


def test_unknown_architectures_fail_closed(tmp_path: Path) -> None:
    resolved = resolve_policy(parse_policy({"type": "readOnly"}), cwd=str(tmp_path), env={})
    with pytest.raises(
        SandboxUnavailable,
        match=r"cannot cut the network with Landlock here \(no seccomp network filter for "
        r"architecture riscv64\); the command was not run",
    ):
        ChildRestriction(resolved, machine="riscv64")
    # With the network allowed, no filter is needed.
    networked = parse_policy({"type": "readOnly", "networkAccess": True})
    resolved = resolve_policy(networked, cwd=str(tmp_path), env={})
    assert not ChildRestriction(resolved, machine="riscv64").no_network


@linux_only
def test_landlock_abi_is_reported() -> None:
    assert kernel.landlock_abi() >= 1
    assert kernel.handled_fs_rights(abi=1) == (1 << 13) - 1
    assert kernel.handled_fs_rights(abi=3) & kernel.ACCESS_FS_TRUNCATE


# A process already inside 16 nested Landlock sandboxes (the kernel's limit) cannot add a
# 17th: the spawner thread cannot restrict itself, and nothing may be spawned.
NESTED = textwrap.dedent(
    """
    import sys
    from spindle_sandbox import SandboxUnavailable, prepare_command, probe_sandbox
    from spindle_sandbox._landlock_sys import build_restriction
    target, cwd = sys.argv[1], sys.argv[2]
    for _ in range(16):
        layer = build_restriction(read=[], write=["/"], devices=[], no_network=False)
        layer.apply()
        layer.close()
    prepared = prepare_command(
        ["touch", target],
        {"type": "workspaceWrite"},
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin"},
        probe=probe_sandbox(force_backend="landlock"),
    )
    for attempt in range(2):  # a failed spawner is not kept: the second attempt fails anew
        try:
            prepared.popen().wait()
        except SandboxUnavailable as exc:
            print(exc)
    """
)


@linux_only
def test_when_the_restriction_cannot_be_applied_nothing_runs(tmp_path: Path) -> None:
    target = tmp_path / "written"
    done = subprocess.run(
        [sys.executable, "-c", NESTED, str(target), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    message = (
        "the Landlock sandbox could not be applied (landlock_restrict_self: Argument list "
        "too long (16 Landlock sandboxes are already nested here)); the command was not run\n"
    )
    assert done.stdout == message * 2
    assert not target.exists()


@pytest.fixture
def landlock() -> SandboxProbe:
    probe = probe_sandbox(force_backend="landlock")
    assert probe.backend == "landlock", probe.reason
    return probe


@linux_only
def test_only_the_spawned_command_is_restricted(landlock: SandboxProbe, tmp_path: Path) -> None:
    prepared = prepare_command(
        ["touch", "x"],
        {"type": "readOnly"},
        cwd=str(tmp_path),
        env={"PATH": "/usr/bin:/bin"},
        probe=landlock,
    )
    with prepared.popen(stderr=subprocess.PIPE, text=True) as process:
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "Permission denied" in stderr
    # This thread, and a thread started after the spawn, still write where they like.
    (tmp_path / "parent").write_text("free\n")
    written: list[int] = []
    worker = threading.Thread(
        target=lambda: written.append((tmp_path / "worker").write_text("free\n"))
    )
    worker.start()
    worker.join()
    assert written == [len("free\n")]
    assert sorted(os.listdir(tmp_path)) == ["parent", "worker"]


@linux_only
def test_one_spawner_serves_every_command_under_the_same_rules(
    landlock: SandboxProbe, tmp_path: Path
) -> None:
    policy = {"type": "readOnly"}
    first = prepare_command(["true"], policy, cwd=str(tmp_path), env={}, probe=landlock)
    second = prepare_command(["true"], policy, cwd=str(tmp_path), env={}, probe=landlock)
    assert first.restriction is not None and second.restriction is not None
    assert first.restriction.key() == second.restriction.key()
    before = _spawner_threads()
    for prepared in (first, second, first):
        assert prepared.popen().wait() == 0
    assert len(_spawner_threads() - before) <= 1


@linux_only
def test_a_recreated_writable_root_gets_a_fresh_ruleset(
    landlock: SandboxProbe, tmp_path: Path
) -> None:
    # Landlock rules hold the inode: a root deleted and made again must not keep the old one
    # (the write would be refused in the new folder).
    workspace = tmp_path / "ws"
    policy = {"type": "workspaceWrite", "excludeSlashTmp": True, "excludeTmpdirEnvVar": True}
    for round_ in range(2):
        workspace.mkdir()
        prepared = prepare_command(
            ["touch", "made"],
            policy,
            cwd=str(workspace),
            env={"PATH": "/usr/bin:/bin"},
            probe=landlock,
        )
        assert prepared.popen().wait() == 0, round_
        assert (workspace / "made").exists()
        shutil.rmtree(workspace)


@linux_only
def test_the_command_inherits_no_sandbox_descriptor(landlock: SandboxProbe, tmp_path: Path) -> None:
    prepared = prepare_command(
        ["ls", "/proc/self/fd"],
        {"type": "readOnly"},
        cwd=str(tmp_path),
        env={"PATH": "/usr/bin:/bin"},
        probe=landlock,
    )
    with prepared.popen(stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True) as process:
        stdout, _ = process.communicate(timeout=60)
    # 0, 1, 2 and the folder ls itself opened: no ruleset, no pipe of the spawner's.
    assert stdout.split() == ["0", "1", "2", "3"], stdout


@linux_only
def test_a_missing_program_fails_as_it_does_unsandboxed(
    landlock: SandboxProbe, tmp_path: Path
) -> None:
    prepared = prepare_command(
        ["no-such-program-spindle"], {"type": "readOnly"}, cwd=str(tmp_path), env={}, probe=landlock
    )
    with pytest.raises(FileNotFoundError):
        prepared.popen()


@linux_only
def test_asyncio_spawns_are_restricted_and_adopted_by_the_loop(
    landlock: SandboxProbe, tmp_path: Path
) -> None:
    prepared = prepare_command(
        ["sh", "-c", 'read line; echo "got $line"; echo oops >&2; touch x; exit 7'],
        {"type": "readOnly"},
        cwd=str(tmp_path),
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
        probe=landlock,
    )

    async def scenario() -> tuple[int, bytes, bytes]:
        process = await create_subprocess_exec(
            *prepared.argv,
            restriction=prepared.restriction,
            env=prepared.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdin is not None and process.stdout is not None
        assert process.stderr is not None
        process.stdin.write(b"hello\n")
        await process.stdin.drain()
        process.stdin.close()
        out, err = await asyncio.gather(process.stdout.read(), process.stderr.read())
        return await process.wait(), out, err

    code, out, err = asyncio.run(scenario())
    assert (code, out) == (7, b"got hello\n")
    assert err.startswith(b"oops\n") and b"Permission denied" in err
    assert not (tmp_path / "x").exists()


def _spawner_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "spindle-landlock-spawner"}
