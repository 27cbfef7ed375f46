"""WebSocket upgrade authentication: the reference's ``--ws-auth`` modes.

``capability-token``: the client sends ``Authorization: Bearer <token>``; the server keeps only
the SHA-256 of the expected token and compares digests in constant time.

``signed-bearer-token``: the bearer token is an HS256 JWT signed with a shared secret of at
least 32 bytes; ``exp`` is required, ``nbf``, ``iss`` and ``aud`` are checked when present or
configured, with a clock skew allowance (default 30 s).

Rejections are HTTP 401 with a short plain-text reason, worded like the reference.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from ._transport_errors import StartupError

__all__ = [
    "CAPABILITY_TOKEN",
    "DEFAULT_MAX_CLOCK_SKEW_SECONDS",
    "MIN_SIGNED_BEARER_SECRET_BYTES",
    "SIGNED_BEARER_TOKEN",
    "WsAuth",
]

CAPABILITY_TOKEN: Final = "capability-token"
SIGNED_BEARER_TOKEN: Final = "signed-bearer-token"
DEFAULT_MAX_CLOCK_SKEW_SECONDS = 30
MIN_SIGNED_BEARER_SECRET_BYTES = 32
_I64_MAX = 2**63 - 1
_I64_MIN = -(2**63)

MISSING_BEARER_TOKEN = "missing websocket bearer token"
INVALID_AUTHORIZATION_HEADER = "invalid authorization header"
INVALID_BEARER_TOKEN = "invalid websocket bearer token"
INVALID_JWT = "invalid websocket jwt"
EXPIRED_JWT = "expired websocket jwt"
JWT_NOT_VALID_YET = "websocket jwt is not valid yet"
JWT_ISSUER_MISMATCH = "websocket jwt issuer mismatch"
JWT_AUDIENCE_MISMATCH = "websocket jwt audience mismatch"


@dataclass(frozen=True, repr=False)
class WsAuth:
    """A configured auth policy for WebSocket upgrades (secrets are never shown in repr)."""

    mode: Literal["capability-token", "signed-bearer-token"]
    token_sha256: bytes = b""
    shared_secret: bytes = b""
    issuer: str | None = None
    audience: str | None = None
    max_clock_skew_seconds: int = DEFAULT_MAX_CLOCK_SKEW_SECONDS

    def __repr__(self) -> str:
        return (
            f"WsAuth(mode={self.mode!r}, issuer={self.issuer!r}, audience={self.audience!r}, "
            f"max_clock_skew_seconds={self.max_clock_skew_seconds})"
        )

    @classmethod
    def from_options(
        cls,
        mode: str | None,
        token_file: str | os.PathLike[str] | None = None,
        token_sha256: str | None = None,
        shared_secret_file: str | os.PathLike[str] | None = None,
        issuer: str | None = None,
        audience: str | None = None,
        max_clock_skew_seconds: int | None = None,
    ) -> WsAuth | None:
        """Validate the ``--ws-*`` options and read the secret files.

        Returns ``None`` when no auth mode is set. Raises :class:`StartupError` with the
        reference's messages for inconsistent flags and unreadable or weak secrets.
        """
        if mode is None:
            if any(
                value is not None
                for value in (
                    token_file,
                    token_sha256,
                    shared_secret_file,
                    issuer,
                    audience,
                    max_clock_skew_seconds,
                )
            ):
                raise StartupError(
                    "websocket auth flags require `--ws-auth capability-token` or "
                    "`--ws-auth signed-bearer-token`"
                )
            return None
        if mode == CAPABILITY_TOKEN:
            if any(
                value is not None
                for value in (shared_secret_file, issuer, audience, max_clock_skew_seconds)
            ):
                raise StartupError(
                    "`--ws-shared-secret-file`, `--ws-issuer`, `--ws-audience`, and "
                    "`--ws-max-clock-skew-seconds` require `--ws-auth signed-bearer-token`"
                )
            if token_file is not None and token_sha256 is not None:
                raise StartupError(
                    "`--ws-token-file` and `--ws-token-sha256` are mutually exclusive"
                )
            if token_file is not None:
                token = _read_trimmed_secret(_absolute(token_file))
                return cls(CAPABILITY_TOKEN, token_sha256=hashlib.sha256(token).digest())
            if token_sha256 is not None:
                return cls(
                    CAPABILITY_TOKEN, token_sha256=_sha256_arg("--ws-token-sha256", token_sha256)
                )
            raise StartupError(
                "`--ws-token-file` or `--ws-token-sha256` is required when "
                "`--ws-auth capability-token` is set"
            )
        if mode == SIGNED_BEARER_TOKEN:
            if token_file is not None or token_sha256 is not None:
                raise StartupError(
                    "`--ws-token-file` and `--ws-token-sha256` require `--ws-auth capability-token`, "
                    "not `signed-bearer-token`"
                )
            if shared_secret_file is None:
                raise StartupError(
                    "`--ws-shared-secret-file` is required when `--ws-auth signed-bearer-token` is set"
                )
            if max_clock_skew_seconds is not None and max_clock_skew_seconds < 0:
                raise StartupError("--ws-max-clock-skew-seconds must not be negative")
            if max_clock_skew_seconds is not None and max_clock_skew_seconds > _I64_MAX:
                raise StartupError("websocket auth clock skew must fit in a signed 64-bit integer")
            path = _absolute(shared_secret_file)
            secret = _read_trimmed_secret(path)
            if len(secret) < MIN_SIGNED_BEARER_SECRET_BYTES:
                raise StartupError(
                    f"signed websocket bearer secret {path} must be at least "
                    f"{MIN_SIGNED_BEARER_SECRET_BYTES} bytes"
                )
            return cls(
                SIGNED_BEARER_TOKEN,
                shared_secret=secret,
                issuer=_normalize(issuer),
                audience=_normalize(audience),
                max_clock_skew_seconds=(
                    DEFAULT_MAX_CLOCK_SKEW_SECONDS
                    if max_clock_skew_seconds is None
                    else max_clock_skew_seconds
                ),
            )
        raise StartupError(
            f"invalid --ws-auth mode `{mode}`; expected `{CAPABILITY_TOKEN}` or `{SIGNED_BEARER_TOKEN}`"
        )

    def authorize(self, authorization: str | None, *, now: int | None = None) -> str | None:
        """Check the first ``Authorization`` header value; ``None`` when accepted.

        Otherwise returns the plain-text reason for the 401 response.
        """
        if authorization is None:
            return MISSING_BEARER_TOKEN
        if any(not (ch == "\t" or " " <= ch <= "~") for ch in authorization):
            return INVALID_AUTHORIZATION_HEADER
        scheme, sep, rest = authorization.partition(" ")
        token = rest.strip()
        if not sep or scheme.lower() != "bearer" or not token:
            return INVALID_AUTHORIZATION_HEADER
        if self.mode == CAPABILITY_TOKEN:
            actual = hashlib.sha256(token.encode()).digest()
            if hmac.compare_digest(actual, self.token_sha256):
                return None
            return INVALID_BEARER_TOKEN
        return self._verify_jwt(token, int(time.time()) if now is None else now)

    def _verify_jwt(self, token: str, now: int) -> str | None:
        import jwt  # only signed-bearer-token listeners need it

        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.shared_secret,
                algorithms=["HS256"],
                options={
                    "verify_signature": True,
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                    "verify_sub": False,
                    "verify_jti": False,
                    "require": [],
                },
            )
        except jwt.PyJWTError:
            return INVALID_JWT
        exp = claims.get("exp")
        nbf = claims.get("nbf")
        iss = claims.get("iss")
        aud = claims.get("aud")
        # The reference deserialises exp as i64 (required), nbf as Option<i64>, iss as
        # Option<String> and aud as a string or list of strings; anything else is invalid.
        if not isinstance(exp, int) or not _is_i64(exp):
            return INVALID_JWT
        if nbf is not None and not (isinstance(nbf, int) and _is_i64(nbf)):
            return INVALID_JWT
        if iss is not None and not isinstance(iss, str):
            return INVALID_JWT
        if aud is not None and not (
            isinstance(aud, str) or (isinstance(aud, list) and all(isinstance(a, str) for a in aud))
        ):
            return INVALID_JWT
        skew = self.max_clock_skew_seconds
        if now > _saturate(exp + skew):
            return EXPIRED_JWT
        if nbf is not None and now < _saturate(nbf - skew):
            return JWT_NOT_VALID_YET
        if self.issuer is not None and iss != self.issuer:
            return JWT_ISSUER_MISMATCH
        if self.audience is not None and not (
            aud == self.audience or (isinstance(aud, list) and self.audience in aud)
        ):
            return JWT_AUDIENCE_MISMATCH
        return None


def _is_i64(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and _I64_MIN <= value <= _I64_MAX


def _saturate(value: int) -> int:
    return max(_I64_MIN, min(_I64_MAX, value))


def _normalize(value: str | None) -> str | None:
    if value is None:
        return None
    trimmed = value.strip()
    return trimmed or None


def _absolute(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(os.fspath(path)))


def _read_trimmed_secret(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno is not None else str(exc)
        detail = f"{reason} (os error {exc.errno})" if exc.errno is not None else reason
        raise StartupError(f"failed to read websocket auth secret {path}: {detail}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StartupError(
            f"failed to read websocket auth secret {path}: stream did not contain valid UTF-8"
        ) from exc
    trimmed = text.strip()
    if not trimmed:
        raise StartupError(f"websocket auth secret {path} must not be empty")
    return trimmed.encode("utf-8")


def _sha256_arg(flag: str, value: str) -> bytes:
    trimmed = value.strip()
    if len(trimmed) != 64 or any(ch not in "0123456789abcdefABCDEF" for ch in trimmed):
        raise StartupError(f"{flag} must be a 64-character hex SHA-256 digest")
    return bytes.fromhex(trimmed)
