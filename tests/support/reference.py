"""Locate (or install) the reference ``codex`` 0.169.0 and generate its official schema.

The reference lives outside the repository, under ``~/.cache/spindle/reference`` (override
with ``SPINDLE_REFERENCE_DIR``). When its binary is missing and ``npm`` is on PATH it is
installed there with ``npm install @openai/codex@0.169.0``. When neither works,
:class:`ReferenceUnavailable` is raised: tests that need the reference must FAIL with that
message, never skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = [
    "OFFLINE_CONFIG",
    "REFERENCE_PACKAGE",
    "REFERENCE_VERSION",
    "ReferenceUnavailable",
    "codex_binary",
    "generate_schema",
    "reference_dir",
    "reference_ws_server",
]

REFERENCE_VERSION = "0.169.0"
REFERENCE_PACKAGE = f"@openai/codex@{REFERENCE_VERSION}"


class ReferenceUnavailable(RuntimeError):
    """The reference codex binary is not installed and could not be installed."""


def reference_dir() -> Path:
    override = os.environ.get("SPINDLE_REFERENCE_DIR")
    if override:
        return Path(override)
    return Path.home() / ".cache" / "spindle" / "reference"


def _installed_version(binary: Path) -> str | None:
    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError:
        return None
    return out.stdout.strip().split()[-1] if out.stdout.strip() else None


def codex_binary() -> Path:
    """The reference ``codex`` executable, installing it into the cache when possible.

    Several pytest workers may ask at once on a fresh machine, so the check-and-install runs
    under an exclusive lock file in the cache folder.
    """
    root = reference_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".install.lock", "a+b") as lock:
        _lock_exclusive(lock.fileno())
        return _codex_binary_locked(root)


def _lock_exclusive(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _codex_binary_locked(root: Path) -> Path:
    binary = root / "node_modules" / ".bin" / "codex"
    if binary.exists() and _installed_version(binary) == REFERENCE_VERSION:
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise ReferenceUnavailable(
            f"the reference {REFERENCE_PACKAGE} is not installed at {binary} and npm is not on "
            f"PATH; install Node.js/npm, then run: npm install --prefix {root} {REFERENCE_PACKAGE}"
        )
    result = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(root), REFERENCE_PACKAGE],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0 or not binary.exists():
        raise ReferenceUnavailable(
            f"npm install {REFERENCE_PACKAGE} into {root} failed (exit {result.returncode}):\n"
            f"{result.stderr[-2000:]}"
        )
    version = _installed_version(binary)
    if version != REFERENCE_VERSION:
        raise ReferenceUnavailable(f"{binary} reports version {version}, need {REFERENCE_VERSION}")
    return binary


def generate_schema(out: Path) -> Path:
    """Run ``codex app-server generate-json-schema --out OUT`` and return OUT."""
    binary = codex_binary()
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(binary), "app-server", "generate-json-schema", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    bundle = out / "codex_app_server_protocol.v2.schemas.json"
    if result.returncode != 0 or not bundle.exists():
        raise ReferenceUnavailable(
            f"`codex app-server generate-json-schema` failed (exit {result.returncode}):\n"
            f"{result.stderr[-2000:]}"
        )
    return out


# config.toml tables that keep the reference offline (no plugin, app or analytics calls).
OFFLINE_CONFIG = (
    "[features]\nplugins = false\nremote_plugin = false\napps = false\n"
    "plugin_sharing = false\ntool_suggest = false\n[analytics]\nenabled = false\n"
)


@contextmanager
def reference_ws_server(home: Path, cwd: Path, *args: str) -> Iterator[int]:
    """Run ``codex app-server --listen ws://127.0.0.1:0 ARGS`` offline; yield its port.

    The npm launcher runs the real binary as a child, so the server gets a session of its
    own and the whole process group is killed on exit: killing the launcher alone would
    leave the binary running.
    """
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(OFFLINE_CONFIG)
    env = {**os.environ, "CODEX_HOME": str(home), "RUST_LOG": "warn", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [str(codex_binary()), "app-server", "--listen", "ws://127.0.0.1:0", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    try:
        assert proc.stderr is not None
        port = 0
        for raw in proc.stderr:
            line = raw.decode(errors="replace")
            if "listening on:" in line:
                port = int(line.rsplit(":", 1)[1])
                break
        if not port:
            raise ReferenceUnavailable("the reference did not report its websocket port")
        yield port
    finally:
        if sys.platform == "win32":
            proc.kill()
        else:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stderr):
            if stream is not None:
                stream.close()
