"""WebSocket authentication: ``--ws-*`` option validation and 401 rejections.

Expected texts were measured on the reference (codex app-server 0.169.0); the last test
runs the reference itself next to spindle's transport and compares the answers.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any

import jwt
import pytest
from spindle_app_server.transport import (
    Connection,
    StartupError,
    WsAuth,
    parse_listen,
    serve_websocket,
)
from websockets.asyncio.client import connect

from tests.support.reference import reference_ws_server

TOKEN = "sekrit-token"
SECRET = "k" * 40
NOW = 1_800_000_000


# --- helpers -------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(
    claims: Mapping[str, Any], key: str = SECRET, alg: str = "HS256", typ: str = "JWT"
) -> str:
    """Encode by hand, so claims PyJWT refuses to encode (``iss: 5``) can be tested too."""
    signing_input = (
        b64url(json.dumps({"alg": alg, "typ": typ}).encode())
        + "."
        + b64url(json.dumps(dict(claims)).encode())
    )
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384}[alg]
    signature = hmac.new(key.encode(), signing_input.encode(), digest).digest()
    return signing_input + "." + b64url(signature)


async def echo(connection: Connection) -> None:
    async for text in connection.incoming():
        await connection.send(text)


@contextlib.asynccontextmanager
async def running(auth: WsAuth | None) -> AsyncIterator[int]:
    """A live spindle WebSocket listener on 127.0.0.1, port chosen by the OS."""
    stop = asyncio.Event()
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(
        serve_websocket(
            parse_listen("ws://127.0.0.1:0"),
            auth,
            echo,
            stop,
            on_ready=ready.set_result,
            banner=False,
        )
    )
    url = await asyncio.wait_for(ready, 10)
    try:
        yield int(url.rsplit(":", 1)[1])
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def raw_upgrade(
    port: int, headers: Mapping[str, str] | None = None, path: str = "/"
) -> tuple[int, dict[str, str], str]:
    """Send a WebSocket upgrade request by hand; return status, headers and body."""
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        status_line, *header_lines = head.decode().split("\r\n")
        found = {
            k.strip().lower(): v.strip()
            for k, _, v in (h.partition(":") for h in header_lines if h)
        }
        status = int(status_line.split()[1])
        body = b""
        if status != 101:
            body = await asyncio.wait_for(reader.readexactly(int(found["content-length"])), 10)
        return status, found, body.decode()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- option validation (startup errors) ----------------------------------------------------


def write(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    return str(path)


def test_no_mode_and_no_flags_means_no_auth() -> None:
    assert WsAuth.from_options(mode=None) is None


STARTUP_ERRORS: list[tuple[str, Callable[[Path], dict[str, Any]], str]] = [
    (
        "capability-token without a token source",
        lambda d: {"mode": "capability-token"},
        "`--ws-token-file` or `--ws-token-sha256` is required when "
        "`--ws-auth capability-token` is set",
    ),
    (
        "missing token file",
        lambda d: {"mode": "capability-token", "token_file": str(d / "nope")},
        "failed to read websocket auth secret {d}{sep}nope: No such file or directory (os error 2)",
    ),
    (
        # Windows reports a directory read as permission denied.
        "token file is a directory",
        lambda d: {"mode": "capability-token", "token_file": str(d)},
        "failed to read websocket auth secret {d}: Is a directory (os error 21)",
    ),
    (
        "empty token file",
        lambda d: {"mode": "capability-token", "token_file": write(d / "t", b" \n\t\n")},
        "websocket auth secret {d}{sep}t must not be empty",
    ),
    (
        "token file not UTF-8",
        lambda d: {"mode": "capability-token", "token_file": write(d / "t", b"\xff\xfe")},
        "failed to read websocket auth secret {d}{sep}t: stream did not contain valid UTF-8",
    ),
    (
        "token file and sha256 together",
        lambda d: {
            "mode": "capability-token",
            "token_file": write(d / "t", b"x"),
            "token_sha256": "a" * 64,
        },
        "`--ws-token-file` and `--ws-token-sha256` are mutually exclusive",
    ),
    (
        "sha256 too short",
        lambda d: {"mode": "capability-token", "token_sha256": "abcd"},
        "--ws-token-sha256 must be a 64-character hex SHA-256 digest",
    ),
    (
        "sha256 not hex",
        lambda d: {"mode": "capability-token", "token_sha256": "g" * 64},
        "--ws-token-sha256 must be a 64-character hex SHA-256 digest",
    ),
    (
        "jwt flags with capability-token",
        lambda d: {"mode": "capability-token", "token_sha256": "a" * 64, "issuer": "x"},
        "`--ws-shared-secret-file`, `--ws-issuer`, `--ws-audience`, and "
        "`--ws-max-clock-skew-seconds` require `--ws-auth signed-bearer-token`",
    ),
    (
        "signed-bearer-token without a secret file",
        lambda d: {"mode": "signed-bearer-token"},
        "`--ws-shared-secret-file` is required when `--ws-auth signed-bearer-token` is set",
    ),
    (
        "token flags with signed-bearer-token",
        lambda d: {
            "mode": "signed-bearer-token",
            "token_sha256": "a" * 64,
            "shared_secret_file": write(d / "s", SECRET.encode()),
        },
        "`--ws-token-file` and `--ws-token-sha256` require `--ws-auth capability-token`, "
        "not `signed-bearer-token`",
    ),
    (
        "short secret",
        lambda d: {"mode": "signed-bearer-token", "shared_secret_file": write(d / "s", b"short")},
        "signed websocket bearer secret {d}{sep}s must be at least 32 bytes",
    ),
    (
        # 31 bytes plus a newline: the secret is trimmed before it is measured.
        "secret of 31 bytes after trimming",
        lambda d: {
            "mode": "signed-bearer-token",
            "shared_secret_file": write(d / "s", b"x" * 31 + b"\n"),
        },
        "signed websocket bearer secret {d}{sep}s must be at least 32 bytes",
    ),
    (
        "missing secret file",
        lambda d: {"mode": "signed-bearer-token", "shared_secret_file": str(d / "nope")},
        "failed to read websocket auth secret {d}{sep}nope: No such file or directory (os error 2)",
    ),
    (
        "auth flags without a mode",
        lambda d: {"mode": None, "token_file": str(d / "t")},
        "websocket auth flags require `--ws-auth capability-token` or "
        "`--ws-auth signed-bearer-token`",
    ),
]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(
            options,
            message,
            id=name,
            marks=pytest.mark.skipif(
                sys.platform == "win32" and "directory" in name,
                reason="Windows reports reading a directory as EACCES",
            ),
        )
        for name, options, message in STARTUP_ERRORS
    ],
)
def test_bad_auth_options_fail_startup_with_the_reference_message(
    tmp_path: Path, options: Callable[[Path], dict[str, Any]], message: str
) -> None:
    with pytest.raises(StartupError) as info:
        WsAuth.from_options(**options(tmp_path))
    assert str(info.value) == message.format(d=tmp_path, sep=os.sep)


def test_relative_token_file_is_resolved_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StartupError) as info:
        WsAuth.from_options("capability-token", token_file="rel")
    assert str(info.value) == (
        f"failed to read websocket auth secret {tmp_path / 'rel'}: "
        "No such file or directory (os error 2)"
    )


def test_token_file_is_trimmed_and_only_its_digest_kept(tmp_path: Path) -> None:
    auth = WsAuth.from_options("capability-token", token_file=write(tmp_path / "t", b"  s3cr3t \n"))
    assert auth is not None
    assert auth.token_sha256 == hashlib.sha256(b"s3cr3t").digest()
    assert "s3cr3t" not in repr(auth)
    assert auth.authorize("Bearer s3cr3t") is None


def test_token_sha256_accepts_upper_case_hex() -> None:
    digest = hashlib.sha256(TOKEN.encode()).hexdigest().upper()
    auth = WsAuth.from_options("capability-token", token_sha256=f" {digest} ")
    assert auth is not None
    assert auth.authorize(f"Bearer {TOKEN}") is None


def test_signed_bearer_defaults(tmp_path: Path) -> None:
    auth = WsAuth.from_options(
        "signed-bearer-token",
        shared_secret_file=write(tmp_path / "s", f"  {SECRET}\n".encode()),
        issuer="  ",
        audience=" aud ",
    )
    assert auth is not None
    assert auth.shared_secret == SECRET.encode()
    assert auth.max_clock_skew_seconds == 30
    assert auth.issuer is None  # blank means not configured, like the reference
    assert auth.audience == "aud"
    assert SECRET not in repr(auth)


# --- authorize(): the 401 reasons -----------------------------------------------------------

CAPABILITY = WsAuth("capability-token", token_sha256=hashlib.sha256(TOKEN.encode()).digest())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "missing websocket bearer token"),
        (f"Bearer {TOKEN}", None),
        (f"bearer {TOKEN}", None),
        (f"BEARER   {TOKEN}  ", None),
        ("Bearer nope", "invalid websocket bearer token"),
        (f"Bearer {TOKEN}x", "invalid websocket bearer token"),
        (f"Basic {TOKEN}", "invalid authorization header"),
        ("Bearer ", "invalid authorization header"),
        (TOKEN, "invalid authorization header"),
        (f"Bearer\t{TOKEN}", "invalid authorization header"),
        (f"Bearer {TOKEN}\x01", "invalid authorization header"),
    ],
)
def test_capability_token_authorize(header: str | None, expected: str | None) -> None:
    assert CAPABILITY.authorize(header) == expected


def test_capability_token_compares_digests_in_constant_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert CAPABILITY.authorize("Bearer nope") == "invalid websocket bearer token"
    assert calls == [(hashlib.sha256(b"nope").digest(), CAPABILITY.token_sha256)]


SIGNED = WsAuth(
    "signed-bearer-token", shared_secret=SECRET.encode(), issuer="iss1", audience="aud1"
)
GOOD = {"exp": NOW + 60, "iss": "iss1", "aud": "aud1"}

JWT_CASES: list[tuple[str, str, str | None]] = [
    ("valid", make_jwt(GOOD), None),
    ("valid with PyJWT encoder", jwt.encode(GOOD, SECRET, algorithm="HS256"), None),
    ("audience list", make_jwt({**GOOD, "aud": ["x", "aud1"]}), None),
    ("other typ header", make_jwt(GOOD, typ="foo"), None),
    ("expired within skew", make_jwt({**GOOD, "exp": NOW - 30}), None),
    ("nbf within skew", make_jwt({**GOOD, "nbf": NOW + 30}), None),
    ("bad signature", make_jwt(GOOD, key="z" * 40), "invalid websocket jwt"),
    ("garbage", "abc.def.ghi", "invalid websocket jwt"),
    ("not a jwt", "hello", "invalid websocket jwt"),
    ("no exp", make_jwt({"iss": "iss1", "aud": "aud1"}), "invalid websocket jwt"),
    ("exp null", make_jwt({**GOOD, "exp": None}), "invalid websocket jwt"),
    ("exp float", make_jwt({**GOOD, "exp": NOW + 60.5}), "invalid websocket jwt"),
    ("exp string", make_jwt({**GOOD, "exp": str(NOW + 60)}), "invalid websocket jwt"),
    ("exp bool", make_jwt({**GOOD, "exp": True}), "invalid websocket jwt"),
    ("iss not a string", make_jwt({**GOOD, "iss": 5}), "invalid websocket jwt"),
    ("aud not a string", make_jwt({**GOOD, "aud": 5}), "invalid websocket jwt"),
    ("HS384", make_jwt(GOOD, alg="HS384"), "invalid websocket jwt"),
    ("expired", make_jwt({**GOOD, "exp": NOW - 31}), "expired websocket jwt"),
    ("not valid yet", make_jwt({**GOOD, "nbf": NOW + 31}), "websocket jwt is not valid yet"),
    ("issuer mismatch", make_jwt({**GOOD, "iss": "x"}), "websocket jwt issuer mismatch"),
    ("issuer missing", make_jwt({"exp": NOW + 60, "aud": "aud1"}), "websocket jwt issuer mismatch"),
    ("audience mismatch", make_jwt({**GOOD, "aud": "x"}), "websocket jwt audience mismatch"),
    (
        "audience missing",
        make_jwt({"exp": NOW + 60, "iss": "iss1"}),
        "websocket jwt audience mismatch",
    ),
    # The reference checks exp, then nbf, then iss, then aud.
    (
        "expired and wrong issuer",
        make_jwt({**GOOD, "exp": NOW - 100, "iss": "x"}),
        "expired websocket jwt",
    ),
    (
        "wrong issuer and audience",
        make_jwt({**GOOD, "iss": "x", "aud": "x"}),
        "websocket jwt issuer mismatch",
    ),
]


@pytest.mark.parametrize(
    ("token", "expected"),
    [pytest.param(token, expected, id=name) for name, token, expected in JWT_CASES],
)
def test_signed_bearer_token_authorize(token: str, expected: str | None) -> None:
    assert SIGNED.authorize(f"Bearer {token}", now=NOW) == expected


def test_signed_bearer_without_issuer_or_audience_ignores_them() -> None:
    auth = WsAuth("signed-bearer-token", shared_secret=SECRET.encode())
    assert auth.authorize(f"Bearer {make_jwt({'exp': NOW, 'iss': 'any'})}", now=NOW) is None


def test_clock_skew_is_configurable(tmp_path: Path) -> None:
    auth = WsAuth.from_options(
        "signed-bearer-token",
        shared_secret_file=write(tmp_path / "s", SECRET.encode()),
        max_clock_skew_seconds=0,
    )
    assert auth is not None
    assert auth.authorize(f"Bearer {make_jwt({'exp': NOW})}", now=NOW) is None
    assert auth.authorize(f"Bearer {make_jwt({'exp': NOW - 1})}", now=NOW + 0) == (
        "expired websocket jwt"
    )


# --- over a real socket ---------------------------------------------------------------------


def test_capability_token_over_the_wire() -> None:
    async def scenario() -> None:
        async with running(CAPABILITY) as port:
            for headers, body in [
                ({}, "missing websocket bearer token"),
                (bearer("nope"), "invalid websocket bearer token"),
                ({"Authorization": f"Basic {TOKEN}"}, "invalid authorization header"),
            ]:
                status, found, text = await raw_upgrade(port, headers)
                assert (status, text) == (401, body)
                assert found["content-type"] == "text/plain; charset=utf-8"
            status, _, _ = await raw_upgrade(port, {"Authorization": f"bEaReR {TOKEN}"})
            assert status == 101
            # Health checks need no credentials.
            assert (await raw_health(port))[0] == 200
            async with connect(
                f"ws://127.0.0.1:{port}/any/path", additional_headers=bearer(TOKEN)
            ) as ws:
                await ws.send('{"id":1,"method":"initialize"}')
                assert await ws.recv() == '{"id":1,"method":"initialize"}'

    asyncio.run(scenario())


def test_signed_bearer_token_over_the_wire() -> None:
    auth = WsAuth(
        "signed-bearer-token", shared_secret=SECRET.encode(), issuer="iss1", audience="aud1"
    )
    now = int(time.time())
    good = {"exp": now + 600, "iss": "iss1", "aud": "aud1"}

    async def scenario() -> None:
        async with running(auth) as port:
            for token, body in [
                (make_jwt(good, key="z" * 40), "invalid websocket jwt"),
                (make_jwt({"iss": "iss1", "aud": "aud1"}), "invalid websocket jwt"),
                (make_jwt({**good, "exp": now - 600}), "expired websocket jwt"),
                (make_jwt({**good, "aud": "other"}), "websocket jwt audience mismatch"),
                (make_jwt({**good, "iss": "other"}), "websocket jwt issuer mismatch"),
            ]:
                status, found, text = await raw_upgrade(port, bearer(token))
                assert (status, text) == (401, body)
                assert found["content-type"] == "text/plain; charset=utf-8"
            async with connect(
                f"ws://127.0.0.1:{port}", additional_headers=bearer(jwt.encode(good, SECRET))
            ) as ws:
                await ws.send("ping")
                assert await ws.recv() == "ping"

    asyncio.run(scenario())


def test_origin_is_rejected_before_auth() -> None:
    async def scenario() -> None:
        async with running(CAPABILITY) as port:
            status, found, text = await raw_upgrade(port, {"Origin": "null", **bearer(TOKEN)})
            assert (status, found["content-length"], text) == (403, "0", "")
            status, _, text = await raw_upgrade(port, {"Origin": "http://127.0.0.1"})
            assert (status, text) == (403, "")

    asyncio.run(scenario())


async def raw_health(port: int) -> tuple[int, str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    writer.close()
    return int(head.split()[1]), ""


# --- side by side with the reference --------------------------------------------------------


def _reference_answers(
    args: list[str], requests: list[dict[str, str]], tmp_path: Path
) -> list[tuple[int, str, str]]:
    with reference_ws_server(tmp_path / "codex-home", tmp_path, *args) as port:

        async def ask() -> list[tuple[int, str, str]]:
            out = []
            for headers in requests:
                status, found, body = await raw_upgrade(port, headers)
                out.append((status, found.get("content-type", ""), body))
            return out

        return asyncio.run(ask())


def test_rejections_match_the_reference_side_by_side(tmp_path: Path) -> None:
    secret_file = write(tmp_path / "secret", SECRET.encode())
    now = int(time.time())
    good = {"exp": now + 600, "iss": "iss1", "aud": "aud1"}
    requests = [
        {},
        bearer("nope"),
        {"Authorization": "Basic x"},
        {"Authorization": "Bearer "},
        bearer(make_jwt(good)),
        bearer(make_jwt(good, key="z" * 40)),
        bearer(make_jwt({**good, "exp": now - 600})),
        bearer(make_jwt({**good, "nbf": now + 600})),
        bearer(make_jwt({**good, "iss": "x"})),
        bearer(make_jwt({**good, "aud": "x"})),
        bearer(make_jwt({**good, "exp": float(now + 600)})),
        {"Origin": "null", **bearer(make_jwt(good))},
    ]
    args = [
        "--ws-auth",
        "signed-bearer-token",
        "--ws-shared-secret-file",
        secret_file,
        "--ws-issuer",
        "iss1",
        "--ws-audience",
        "aud1",
    ]
    expected = _reference_answers(args, requests, tmp_path)
    auth = WsAuth.from_options(
        "signed-bearer-token", shared_secret_file=secret_file, issuer="iss1", audience="aud1"
    )

    async def ours() -> list[tuple[int, str, str]]:
        async with running(auth) as port:
            out = []
            for headers in requests:
                status, found, body = await raw_upgrade(port, headers)
                out.append((status, found.get("content-type", ""), body))
            return out

    assert asyncio.run(ours()) == expected
