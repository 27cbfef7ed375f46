"""The kernel side of the Landlock backend: system calls, rulesets and the seccomp filter.

Everything here runs in spindle's own process except :meth:`Restriction.apply`, which a
forked child calls between ``fork`` and ``exec``. Creating a ruleset and adding rules to it
restrict nobody; only ``landlock_restrict_self`` does, and only the calling process and what
it executes. So the parent builds the ruleset (opening the paths, checking the kernel's
ABI), and the child merely sets ``PR_SET_NO_NEW_PRIVS``, installs the prebuilt seccomp
filter and enforces the ruleset: three system calls, no Python start, no imports.

It uses ``ctypes`` and ``os`` only; the function pointers are looked up once, in the parent.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import stat
import sys
from collections.abc import Sequence
from typing import Any

# Landlock system calls: one number on every architecture since Linux 5.13.
SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_ADD_RULE = 445
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

ACCESS_FS_EXECUTE = 1 << 0
ACCESS_FS_WRITE_FILE = 1 << 1
ACCESS_FS_READ_FILE = 1 << 2
ACCESS_FS_READ_DIR = 1 << 3
ACCESS_FS_REMOVE_DIR = 1 << 4
ACCESS_FS_REMOVE_FILE = 1 << 5
ACCESS_FS_MAKE_CHAR = 1 << 6
ACCESS_FS_MAKE_DIR = 1 << 7
ACCESS_FS_MAKE_REG = 1 << 8
ACCESS_FS_MAKE_SOCK = 1 << 9
ACCESS_FS_MAKE_FIFO = 1 << 10
ACCESS_FS_MAKE_BLOCK = 1 << 11
ACCESS_FS_MAKE_SYM = 1 << 12
ACCESS_FS_REFER = 1 << 13  # ABI 2
ACCESS_FS_TRUNCATE = 1 << 14  # ABI 3

ACCESS_NET_BIND_TCP = 1 << 0  # ABI 4
ACCESS_NET_CONNECT_TCP = 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6

# Rights that make sense on a file that is not a directory; others make add_rule fail.
FILE_RIGHTS = ACCESS_FS_EXECUTE | ACCESS_FS_WRITE_FILE | ACCESS_FS_READ_FILE | ACCESS_FS_TRUNCATE
READ_RIGHTS = ACCESS_FS_EXECUTE | ACCESS_FS_READ_FILE | ACCESS_FS_READ_DIR
DEVICE_RIGHTS = ACCESS_FS_READ_FILE | ACCESS_FS_WRITE_FILE | ACCESS_FS_TRUNCATE | ACCESS_FS_READ_DIR

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM = 1
AF_UNIX = 1

BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_JGE_K = 0x35
BPF_RET_K = 0x06

# seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6] (little endian here).
SECCOMP_DATA_NR = 0
SECCOMP_DATA_ARCH = 4
SECCOMP_DATA_ARG0 = 16

# The reference's network filter (codex-rs/linux-sandbox/src/landlock.rs), per architecture:
# (AUDIT_ARCH_*, x32 syscall bit or 0, socket-creating calls, calls denied outright).
SECCOMP_TABLES: dict[str, tuple[int, int, tuple[int, ...], tuple[int, ...]]] = {
    "x86_64": (
        0xC000003E,
        0x40000000,
        (41, 53),  # socket, socketpair
        # connect accept accept4 bind listen getpeername getsockname shutdown sendto
        # sendmmsg recvmmsg getsockopt setsockopt ptrace process_vm_readv process_vm_writev
        # io_uring_setup io_uring_enter io_uring_register
        (42, 43, 288, 49, 50, 52, 51, 48, 44, 307, 299, 55, 54, 101, 310, 311, 425, 426, 427),
    ),
    "aarch64": (
        0xC00000B7,
        0,
        (198, 199),
        (
            203,
            202,
            242,
            200,
            201,
            205,
            204,
            210,
            206,
            269,
            243,
            209,
            208,
            117,
            270,
            271,
            425,
            426,
            427,
        ),
    ),
}


class LandlockError(Exception):
    """A step of building or enforcing the restriction failed; the command must not run."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # __attribute__((packed)) in <linux/landlock.h>
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


class _SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter)))


@functools.cache
def _libc() -> tuple[Any, Any]:
    """libc's ``syscall`` and ``prctl`` (looked up lazily: there is no libc on Windows)."""
    libc = ctypes.CDLL(None, use_errno=True)
    syscall, prctl = libc.syscall, libc.prctl
    syscall.restype = ctypes.c_long
    prctl.restype = ctypes.c_int
    return syscall, prctl


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise LandlockError(f"{what}: {os.strerror(err)}")
    return result


@functools.cache
def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is absent or disabled."""
    if not sys.platform.startswith("linux"):
        return 0
    syscall, _ = _libc()
    abi = syscall(
        ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET),
        None,
        ctypes.c_size_t(0),
        ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION),
    )
    return max(int(abi), 0)


def handled_fs_rights(abi: int) -> int:
    """Every file system right the kernel's ABI knows (device ioctls are left unhandled)."""
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= ACCESS_FS_REFER
    if abi >= 3:
        rights |= ACCESS_FS_TRUNCATE
    return rights


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]]:
    """The network-deny filter for ``machine`` as (code, jt, jf, k) instructions."""
    if machine not in SECCOMP_TABLES:
        raise LandlockError(f"no seccomp network filter for architecture {machine}")
    arch, x32_bit, socket_calls, denied = SECCOMP_TABLES[machine]
    # Symbolic program: jumps name a label; resolved to relative offsets below.
    code: list[tuple[int, str | None, str | None, int]] = [
        (BPF_LD_W_ABS, None, None, SECCOMP_DATA_ARCH),
        (BPF_JEQ_K, None, "deny", arch),
        (BPF_LD_W_ABS, None, None, SECCOMP_DATA_NR),
    ]
    if x32_bit:
        code.append((BPF_JGE_K, "deny", None, x32_bit))
    code += [(BPF_JEQ_K, "socket", None, nr) for nr in socket_calls]
    code += [(BPF_JEQ_K, "deny", None, nr) for nr in denied]
    code.append((BPF_RET_K, None, None, SECCOMP_RET_ALLOW))
    # Classic BPF only jumps forward, so the socket check has its own allow.
    labels = {"socket": len(code)}
    code.append((BPF_LD_W_ABS, None, None, SECCOMP_DATA_ARG0))
    code.append((BPF_JEQ_K, None, "deny", AF_UNIX))
    code.append((BPF_RET_K, None, None, SECCOMP_RET_ALLOW))
    labels["deny"] = len(code)
    code.append((BPF_RET_K, None, None, SECCOMP_RET_ERRNO | EPERM))

    def offset(index: int, label: str | None) -> int:
        return 0 if label is None else labels[label] - index - 1

    return [(op, offset(i, jt), offset(i, jf), k) for i, (op, jt, jf, k) in enumerate(code)]


class Restriction:
    """One command's Landlock ruleset (an open file descriptor) and seccomp filter.

    Built in the parent by :func:`build_restriction`; :meth:`apply` is for the forked child
    only (it restricts the calling process for good); :meth:`close` releases the ruleset in
    the parent once the child has been spawned.
    """

    def __init__(self, ruleset_fd: int, seccomp: _SockFprog | None, keep: object) -> None:
        self.ruleset_fd = ruleset_fd
        self._seccomp = seccomp
        self._keep = keep  # the filter array the program points into
        self._syscall, self._prctl = _libc()  # nothing left to look up in the child

    def apply(self) -> None:
        """Restrict the calling process: no new privileges, the seccomp filter, the ruleset."""
        prctl = self._prctl
        _check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
        if self._seccomp is not None:
            _check(
                prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(self._seccomp), 0, 0),
                "installing the seccomp network filter",
            )
        if (
            self._syscall(
                ctypes.c_long(SYS_LANDLOCK_RESTRICT_SELF),
                ctypes.c_int(self.ruleset_fd),
                ctypes.c_uint32(0),
            )
            < 0
        ):
            err = ctypes.get_errno()
            hint = " (16 Landlock sandboxes are already nested here)" if err == errno.E2BIG else ""
            raise LandlockError(f"landlock_restrict_self: {os.strerror(err)}{hint}")

    def close(self) -> None:
        if self.ruleset_fd >= 0:
            os.close(self.ruleset_fd)
            self.ruleset_fd = -1


def seccomp_filter(machine: str) -> tuple[_SockFprog, object]:
    """The network filter as the kernel takes it, and the array it points into."""
    program = seccomp_program(machine)
    filters = (_SockFilter * len(program))(*(_SockFilter(*insn) for insn in program))
    return _SockFprog(len(program), ctypes.cast(filters, ctypes.POINTER(_SockFilter))), filters


def build_restriction(
    *, read: Sequence[str], write: Sequence[str], devices: Sequence[str], no_network: bool
) -> Restriction:
    """Create and fill the ruleset for one command; nothing is restricted yet.

    ``read`` grants read and execute beneath each path, ``write`` every file system right,
    ``devices`` read and write of one device node (or the nodes in a folder such as
    ``/dev/pts``). Paths that do not exist are skipped: nothing is granted beneath them.
    With ``no_network``, TCP bind and connect are denied (ABI 4+), abstract UNIX sockets are
    scoped (ABI 6+), and the seccomp filter is prepared.
    """
    abi = landlock_abi()
    if abi < 1:
        raise LandlockError("Landlock is not available in this kernel")
    seccomp, keep = seccomp_filter(os.uname().machine) if no_network else (None, None)
    handled_fs = handled_fs_rights(abi)
    attr = _RulesetAttr(handled_fs, 0, 0)
    size = 8
    if abi >= 4:
        size = 16
        if no_network:
            attr.handled_access_net = ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP
    if abi >= 6:
        size = 24
        attr.scoped = SCOPE_SIGNAL | (SCOPE_ABSTRACT_UNIX_SOCKET if no_network else 0)
    syscall, _ = _libc()
    ruleset = _check(
        syscall(
            ctypes.c_long(SYS_LANDLOCK_CREATE_RULESET),
            ctypes.byref(attr),
            ctypes.c_size_t(size),
            ctypes.c_uint32(0),
        ),
        "landlock_create_ruleset",
    )
    try:
        rules = [(path, READ_RIGHTS) for path in read]
        rules += [(path, handled_fs) for path in write]
        rules += [(path, DEVICE_RIGHTS) for path in devices]
        for path, rights in rules:
            _add_rule(syscall, ruleset, path, rights & handled_fs)
    except BaseException:
        os.close(ruleset)
        raise
    return Restriction(ruleset, seccomp, keep)


def _add_rule(syscall: Any, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return  # nothing to grant beneath a path that does not exist
    except OSError as exc:
        raise LandlockError(f"opening {path!r}: {exc.strerror}") from None
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= FILE_RIGHTS
        beneath = _PathBeneathAttr(rights, fd)
        _check(
            syscall(
                ctypes.c_long(SYS_LANDLOCK_ADD_RULE),
                ctypes.c_int(ruleset),
                ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                ctypes.byref(beneath),
                ctypes.c_uint32(0),
            ),
            f"landlock_add_rule for {path!r}",
        )
    finally:
        os.close(fd)
