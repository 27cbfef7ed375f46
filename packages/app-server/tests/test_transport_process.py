"""The transport inside the real ``spindle app-server`` process: auth, Origin, startup errors.

Each test starts the real server as a subprocess with ``--listen ws://127.0.0.1:0`` and reads
the bound port from the startup banner on stderr (``listening on: ws://HOST:PORT``, as the
reference prints it).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.support.client import spindle_command

SECRET = "s" * 48
TOKEN = "cap-token-0123"
BANNER = re.compile(r"listening on: ws://127\.0\.0\.1:(\d+)")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(claims: Mapping[str, Any], key: str = SECRET) -> str:
    signing_input = (
        b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        + "."
        + b64url(json.dumps(dict(claims)).encode())
    )
    signature = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


class Spindle:
    def __init__(self, proc: subprocess.Popen[bytes], stderr_path: Path) -> None:
        self.proc = proc
        self.stderr_path = stderr_path
        self.port = 0

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def wait_listening(self, timeout: float = 120.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = BANNER.search(self.stderr())
            if match:
                self.port = int(match.group(1))
                return self.port
            if self.proc.poll() is not None:
                raise AssertionError(f"spindle exited {self.proc.returncode}:\n{self.stderr()}")
            time.sleep(0.05)
        raise AssertionError(f"spindle did not report its port:\n{self.stderr()}")


@contextlib.contextmanager
def spindle(tmp_path: Path, *args: str) -> Iterator[Spindle]:
    home = tmp_path / "spindle-home"
    home.mkdir(exist_ok=True)
    stderr_path = tmp_path / "spindle-stderr.log"
    env = {k: v for k, v in os.environ.items() if k not in ("SPINDLE_HOME", "SPINDLE_DATABASE_URL")}
    env["SPINDLE_HOME"] = str(home)
    with (
        stderr_path.open("wb") as stderr,
        subprocess.Popen(
            [*spindle_command(), "app-server", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
            cwd=tmp_path,
        ) as proc,
    ):
        try:
            yield Spindle(proc, stderr_path)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


async def raw_upgrade(port: int, headers: Mapping[str, str]) -> tuple[int, str, str]:
    lines = [
        "GET / HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status_line, *header_lines = head.decode().split("\r\n")
        found = {
            k.strip().lower(): v.strip()
            for k, _, v in (h.partition(":") for h in header_lines if h)
        }
        status = int(status_line.split()[1])
        body = b""
        if status != 101:
            body = await asyncio.wait_for(reader.readexactly(int(found["content-length"])), 30)
        return status, found.get("content-type", ""), body.decode()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def initialize(port: int, headers: Mapping[str, str]) -> dict[str, Any]:
    async with connect(f"ws://127.0.0.1:{port}", additional_headers=dict(headers)) as ws:
        await ws.send(
            json.dumps(
                {
                    "id": 1,
                    "method": "initialize",
                    "params": {"clientInfo": {"name": "t", "version": "0"}},
                }
            )
        )
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 60))
            if message.get("id") == 1:
                return dict(message)


TEXT = "text/plain; charset=utf-8"


def test_capability_token_auth_in_the_real_server(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(f"{TOKEN}\n")
    with spindle(
        tmp_path,
        "--listen",
        "ws://127.0.0.1:0",
        "--ws-auth",
        "capability-token",
        "--ws-token-file",
        str(token_file),
    ) as server:
        port = server.wait_listening()

        async def scenario() -> None:
            assert await raw_upgrade(port, {}) == (401, TEXT, "missing websocket bearer token")
            assert await raw_upgrade(port, {"Authorization": "Bearer wrong"}) == (
                401,
                TEXT,
                "invalid websocket bearer token",
            )
            assert await raw_upgrade(port, {"Authorization": f"Basic {TOKEN}"}) == (
                401,
                TEXT,
                "invalid authorization header",
            )
            assert await raw_upgrade(
                port, {"Origin": "null", "Authorization": f"Bearer {TOKEN}"}
            ) == (
                403,
                "",
                "",
            )
            reply = await initialize(port, {"Authorization": f"bearer {TOKEN}"})
            assert "result" in reply and reply["result"]["userAgent"].startswith("t/")

        asyncio.run(scenario())
        assert "rejecting websocket listener request with Origin header" in server.stderr()


def test_capability_token_sha256_in_the_real_server(tmp_path: Path) -> None:
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    with spindle(
        tmp_path,
        "--listen",
        "ws://127.0.0.1:0",
        "--ws-auth",
        "capability-token",
        "--ws-token-sha256",
        digest,
    ) as server:
        port = server.wait_listening()

        async def scenario() -> None:
            assert (await raw_upgrade(port, {"Authorization": "Bearer nope"}))[2] == (
                "invalid websocket bearer token"
            )
            assert "result" in await initialize(port, {"Authorization": f"Bearer {TOKEN}"})

        asyncio.run(scenario())


def test_signed_bearer_token_auth_in_the_real_server(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    with spindle(
        tmp_path,
        "--listen",
        "ws://127.0.0.1:0",
        "--ws-auth",
        "signed-bearer-token",
        "--ws-shared-secret-file",
        str(secret_file),
        "--ws-issuer",
        "issuer-1",
        "--ws-audience",
        "aud-1",
        "--ws-max-clock-skew-seconds",
        "5",
    ) as server:
        port = server.wait_listening()
        now = int(time.time())
        good = {"exp": now + 600, "iss": "issuer-1", "aud": "aud-1"}

        async def scenario() -> None:
            for token, reason in [
                ("garbage", "invalid websocket jwt"),
                (make_jwt(good, key="x" * 48), "invalid websocket jwt"),
                (make_jwt({"iss": "issuer-1", "aud": "aud-1"}), "invalid websocket jwt"),
                (make_jwt({**good, "exp": now - 60}), "expired websocket jwt"),
                (make_jwt({**good, "aud": "other"}), "websocket jwt audience mismatch"),
                (make_jwt({**good, "iss": "other"}), "websocket jwt issuer mismatch"),
            ]:
                assert await raw_upgrade(port, {"Authorization": f"Bearer {token}"}) == (
                    401,
                    TEXT,
                    reason,
                )
            assert await raw_upgrade(port, {}) == (401, TEXT, "missing websocket bearer token")
            reply = await initialize(port, {"Authorization": f"Bearer {make_jwt(good)}"})
            assert "result" in reply

        asyncio.run(scenario())


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is TerminateProcess on Windows")
def test_sigterm_closes_websocket_clients_and_exits_zero(tmp_path: Path) -> None:
    with spindle(tmp_path, "--listen", "ws://127.0.0.1:0") as server:
        port = server.wait_listening()

        async def scenario() -> None:
            async with connect(f"ws://127.0.0.1:{port}") as ws:
                await ws.send(
                    json.dumps(
                        {
                            "id": 1,
                            "method": "initialize",
                            "params": {"clientInfo": {"name": "t", "version": "0"}},
                        }
                    )
                )
                assert "result" in json.loads(await asyncio.wait_for(ws.recv(), 60))
                server.proc.send_signal(signal.SIGTERM)
                with pytest.raises(ConnectionClosed) as info:
                    while True:
                        await asyncio.wait_for(ws.recv(), 60)
                assert info.value.rcvd is not None
                assert info.value.rcvd.code == 1001

        asyncio.run(scenario())
        assert server.proc.wait(timeout=60) == 0


STARTUP_ERRORS: list[tuple[list[str], str]] = [
    (
        ["--listen", "ws://0.0.0.0:47825"],
        "Error: refusing to start non-loopback websocket listener 0.0.0.0:47825 without auth; "
        "configure `--ws-auth capability-token` or `--ws-auth signed-bearer-token`",
    ),
    (
        ["--listen", "ws://127.0.0.1:0", "--ws-auth", "capability-token"],
        "Error: `--ws-token-file` or `--ws-token-sha256` is required when "
        "`--ws-auth capability-token` is set",
    ),
    (
        [
            "--listen",
            "ws://127.0.0.1:0",
            "--ws-auth",
            "capability-token",
            "--ws-token-file",
            "{d}{sep}missing",
        ],
        "Error: failed to read websocket auth secret {d}{sep}missing: No such file or directory (os error 2)",
    ),
    (
        [
            "--listen",
            "ws://127.0.0.1:0",
            "--ws-auth",
            "signed-bearer-token",
            "--ws-shared-secret-file",
            "{d}{sep}short",
        ],
        "Error: signed websocket bearer secret {d}{sep}short must be at least 32 bytes",
    ),
]


def test_startup_errors_print_the_reference_message_and_exit_1(tmp_path: Path) -> None:
    """All cases start at once: each process costs mostly interpreter start-up."""
    (tmp_path / "short").write_text("too-short\n")
    with contextlib.ExitStack() as stack:
        servers = []
        for n, (args, message) in enumerate(STARTUP_ERRORS):
            case_dir = tmp_path / f"case{n}"
            case_dir.mkdir()
            argv = [a.format(d=tmp_path, sep=os.sep) for a in args]
            servers.append((stack.enter_context(spindle(case_dir, *argv)), message))
        for server, message in servers:
            expected = message.format(d=tmp_path, sep=os.sep)
            assert server.proc.wait(timeout=120) == 1, expected
            assert expected in server.stderr().splitlines(), server.stderr()
