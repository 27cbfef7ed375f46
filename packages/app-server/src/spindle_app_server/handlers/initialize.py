"""``initialize``: the per-connection handshake (defined in ``spindle_app_server._handshake``,
which the server loads first so the handshake never waits for the other handlers)."""

from __future__ import annotations

from .._handshake import initialize, platform_family, platform_os, user_agent

__all__ = ["initialize", "platform_family", "platform_os", "user_agent"]
