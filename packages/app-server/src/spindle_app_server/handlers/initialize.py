"""``initialize``: the per-connection handshake."""

from __future__ import annotations

import os
import platform
from typing import Any

from spindle_protocol.errors import ALREADY_INITIALIZED, InvalidRequest
from spindle_protocol.methods import CONFIG_WARNING, INITIALIZE
from spindle_sandbox import startup_warning

from .._context import RequestContext
from .._params import opt
from .._registry import handler
from .._version import CLI_VERSION

__all__ = ["initialize", "platform_family", "platform_os", "user_agent"]


def platform_family() -> str:
    return "windows" if os.name == "nt" else "unix"


def platform_os() -> str:
    system = platform.system().lower()
    return {"darwin": "macos"}.get(system, system)


def _os_description() -> str:
    system = platform.system()
    if system == "Linux":
        try:
            info = platform.freedesktop_os_release()
            name = info.get("NAME", "Linux").split(" ")[0]
            version = info.get("VERSION_ID", "")
            if version and version.count(".") == 0:
                version = f"{version}.0.0"
            elif version and version.count(".") == 1:
                version = f"{version}.0"
            return f"{name} {version}".strip()
        except OSError:
            return f"Linux {platform.release()}"
    if system == "Darwin":
        return f"Mac OS {platform.mac_ver()[0]}"
    return f"{system} {platform.release()}"


def _terminal() -> str:
    return os.environ.get("TERM_PROGRAM") or os.environ.get("TERM") or "unknown"


def user_agent(name: str, version: str) -> str:
    """``<name>/<cli version> (<os> <version>; <arch>) <terminal> (<name>; <version>)``."""
    return (
        f"{name}/{CLI_VERSION} ({_os_description()}; {platform.machine()}) "
        f"{_terminal()} ({name}; {version})"
    )


@handler(INITIALIZE)
async def initialize(ctx: RequestContext, params: Any) -> dict[str, Any]:
    session = ctx.session
    if session.initialized:
        raise InvalidRequest(ALREADY_INITIALIZED)
    client = params.client_info
    capabilities = opt(params, "capabilities")
    session.client_name = str(client.name)
    session.client_version = str(client.version)
    session.experimental_api = bool(opt(capabilities, "experimental_api"))
    opted_out = opt(capabilities, "opt_out_notification_methods") or []
    session.opted_out_notifications = frozenset(str(m) for m in opted_out)
    session.initialized = True

    async def warn_about_sandbox() -> None:
        # The reference pushes these right after the response, before `initialized`.
        for problem in ctx.server.config.problems:
            await session.notify(CONFIG_WARNING, problem.to_notification())
        summary = startup_warning(await ctx.server.sandbox_probe())
        if summary is not None:
            await session.notify(CONFIG_WARNING, {"summary": summary, "details": None})

    ctx.after_response(warn_about_sandbox)
    return {
        "userAgent": user_agent(session.client_name, session.client_version),
        "codexHome": str(ctx.server.home),
        "platformFamily": platform_family(),
        "platformOs": platform_os(),
    }
