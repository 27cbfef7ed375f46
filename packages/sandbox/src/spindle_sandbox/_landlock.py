"""The Landlock backend: commands are spawned from a thread that Landlock already restricts.

``landlock_restrict_self`` (like ``PR_SET_NO_NEW_PRIVS`` and a seccomp filter) restricts the
calling *thread*, and every process that thread creates inherits the restriction. So for each
distinct set of rules spindle keeps one spawner thread that has restricted itself once, and
spawns the commands under those rules from it, with the same ``vfork`` + ``exec`` that an
unsandboxed ``subprocess.Popen`` uses: no wrapper program, no Python start, no ``fork`` of
spindle's whole address space. The restriction covers the command and all it starts; the
rest of spindle is unaffected.

Rules (built by ``_landlock_sys.build_restriction``):

* full read access: read and execute beneath ``/``; restricted: beneath each readable root;
* every right beneath each writable root (Landlock rules only add access, so ``.git``
  inside a writable root cannot be kept read-only: see ``LANDLOCK_GIT_NOTE``);
* read and write of the harmless device nodes (``/dev/null``, the terminal, ...), which
  bubblewrap provides with ``--dev /dev``;
* network off: Landlock TCP rules (ABI 4+) plus the reference's seccomp filter.

Under restricted reads ``/proc`` stays unreadable: unlike bubblewrap, Landlock gets no
private PID namespace, and other processes' ``/proc`` entries would leak.

A spawner is keyed by its rules and by the identity (device, inode) of every path in them, so
a writable root that is deleted and created again gets a fresh ruleset. At most
``MAX_SPAWNERS`` are kept; the least recently used one ends. Failing closed: when a spawner
cannot restrict itself, :meth:`ChildRestriction.popen` raises :class:`SandboxUnavailable`
and nothing is spawned.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import os
import queue
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from spindle_sandbox._errors import SandboxUnavailable
from spindle_sandbox._landlock_sys import LandlockError, build_restriction, seccomp_program
from spindle_sandbox._policy import ResolvedPolicy

DEVICES = (
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
    "/dev/tty",
    "/dev/ptmx",
    "/dev/pts",
)

MAX_SPAWNERS = 8
"""Restricted spawner threads kept alive, one per distinct set of rules in recent use."""

T = TypeVar("T")

RulesKey = tuple[tuple[tuple[str, tuple[int, int] | None], ...], ...]


class ChildRestriction:
    """The Landlock rules for one command; its children are spawned through :meth:`popen`.

    An instance holds no resources. ``popen`` runs ``subprocess.Popen`` on the spawner
    thread for these rules, so the child starts restricted.
    """

    def __init__(self, policy: ResolvedPolicy, *, machine: str | None = None) -> None:
        self.cwd = policy.cwd
        self.read: tuple[str, ...] = (
            ("/",) if policy.readable_roots is None else policy.readable_roots
        )
        self.write = policy.writable_roots
        self.devices = DEVICES
        self.no_network = not policy.network
        if self.no_network:
            try:
                seccomp_program(machine or os.uname().machine)
            except LandlockError as exc:
                raise SandboxUnavailable(
                    f"cannot cut the network with Landlock here ({exc}); the command was not run"
                ) from None

    def popen(self, args: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
        """``subprocess.Popen(args, **kwargs)``, spawned restricted by these rules.

        ``cwd`` defaults to the policy's cwd. Raises :class:`SandboxUnavailable` when the
        restriction cannot be applied (nothing was spawned), and whatever ``Popen`` raises.
        """
        kwargs.setdefault("cwd", self.cwd)
        argv = list(args)
        return _run_restricted(self, lambda: subprocess.Popen(argv, **kwargs))

    def key(self) -> RulesKey:
        """What makes two restrictions the same: the rules and the identity of their paths."""
        return (
            _identities(self.read),
            _identities(self.write),
            _identities(self.devices),
            ((("no-network" if self.no_network else "network"), None),),
        )


def _identities(paths: Sequence[str]) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    found: list[tuple[str, tuple[int, int] | None]] = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            found.append((path, None))
        else:
            found.append((path, (info.st_dev, info.st_ino)))
    return tuple(found)


class _Spawner:
    """One thread, restricted by one ruleset for good, that runs spawn calls for it."""

    def __init__(self, restriction: ChildRestriction) -> None:
        self._requests: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._stopped = False
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._serve,
            args=(restriction.read, restriction.write, restriction.devices, restriction.no_network),
            name="spindle-landlock-spawner",
            daemon=True,
        )
        self._thread.start()

    def _serve(
        self, read: Sequence[str], write: Sequence[str], devices: Sequence[str], no_network: bool
    ) -> None:
        try:
            restriction = build_restriction(
                read=read, write=write, devices=devices, no_network=no_network
            )
            try:
                restriction.apply()  # this thread only, and all it spawns from now on
            finally:
                restriction.close()
        except BaseException as exc:  # the spawner is unusable; run() must not wait for it
            self._ready.set_exception(exc)
            return
        self._ready.set_result(None)
        while (request := self._requests.get()) is not None:
            call, result = request
            del request
            with _gc_paused():
                try:
                    result.set_result(call())
                except BaseException as exc:
                    result.set_exception(exc)
            del call, result

    def run(self, call: Callable[[], T]) -> T:
        """Run ``call`` on the restricted thread; raises :class:`_Ended` once stopped."""
        try:
            self._ready.result()
        except Exception as exc:
            raise SandboxUnavailable(
                f"the Landlock sandbox could not be applied ({exc}); the command was not run"
            ) from None
        with self._lock:
            if self._stopped:
                raise _Ended
            result: Future[T] = Future()
            self._requests.put((call, result))
            return result.result()

    def stop(self) -> None:
        with self._lock:  # waits for a spawn in progress
            self._stopped = True
            self._requests.put(None)


class _Spawners:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: collections.OrderedDict[RulesKey, _Spawner] = collections.OrderedDict()

    def get(self, restriction: ChildRestriction) -> _Spawner:
        key = restriction.key()
        with self._lock:
            spawner = self._by_key.get(key)
            if spawner is not None:
                self._by_key.move_to_end(key)
                return spawner
            spawner = _Spawner(restriction)
            self._by_key[key] = spawner
            evicted = (
                self._by_key.popitem(last=False)[1] if len(self._by_key) > MAX_SPAWNERS else None
            )
        if evicted is not None:
            evicted.stop()
        return spawner

    def forget(self, spawner: _Spawner) -> None:
        with self._lock:
            for key, known in list(self._by_key.items()):
                if known is spawner:
                    del self._by_key[key]


_SPAWNERS = _Spawners()


class _Ended(Exception):
    """The spawner was evicted between being looked up and being used."""


def _run_restricted(restriction: ChildRestriction, call: Callable[[], T]) -> T:
    while True:
        spawner = _SPAWNERS.get(restriction)
        try:
            return spawner.run(call)
        except _Ended:
            continue
        except SandboxUnavailable:
            _SPAWNERS.forget(spawner)  # do not keep a spawner that failed to restrict itself
            raise


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a restricted thread runs Python: a collection would
    run arbitrary finalizers (removing temporary folders, say) under its restriction."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
