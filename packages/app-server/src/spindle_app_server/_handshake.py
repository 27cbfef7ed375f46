"""``initialize``: the per-connection handshake.

It lives outside ``handlers`` and is registered when the server module loads, so a server
answers ``initialize`` while the other handlers (and what they import) load in the
background. ``light_initialize_params`` reads well-formed params without the generated
models for the same reason.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import socket
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from spindle_protocol.errors import ALREADY_INITIALIZED, InvalidRequest
from spindle_protocol.methods import CONFIG_WARNING, INITIALIZE, REMOTE_CONTROL_STATUS_CHANGED

from ._context import RequestContext
from ._params import opt
from ._registry import handler
from ._version import CLI_VERSION
from .transport import ConnectionClosed

if TYPE_CHECKING:
    from spindle_protocol.models import InitializeParams

__all__ = [
    "initialize",
    "light_initialize_params",
    "platform_family",
    "platform_os",
    "user_agent",
]

# InitializeCapabilities members and the JSON types a plain value of each may have.
_CAPABILITIES: dict[str, tuple[type, ...]] = {
    "requiredHumanApproval": (bool,),
    "explicitGatewayOauth": (bool,),
    "experimentalApi": (bool,),
    "requestAttestation": (bool,),
    "mcpServerOpenaiFormElicitation": (bool,),
    "optOutNotificationMethods": (list, type(None)),
    "extensions": (dict, type(None)),
}


def light_initialize_params(raw: Any) -> SimpleNamespace | None:
    """``InitializeParams`` as the handler reads them, when ``raw`` is plainly well formed.

    None for anything else (a missing or mistyped member, unknown capability shapes), which
    the caller then validates with the generated model and its exact error messages.
    """
    if not isinstance(raw, dict):
        return None
    client = raw.get("clientInfo")
    if not isinstance(client, dict):
        return None
    name, version, title = client.get("name"), client.get("version"), client.get("title")
    if not isinstance(name, str) or not isinstance(version, str):
        return None
    if title is not None and not isinstance(title, str):
        return None
    capabilities = raw.get("capabilities")
    caps: SimpleNamespace | None = None
    if capabilities is not None:
        if not isinstance(capabilities, dict):
            return None
        for key, value in capabilities.items():
            kinds = _CAPABILITIES.get(key)
            if kinds is None:
                continue  # unknown members are ignored, as by the model
            if not isinstance(value, kinds):
                return None
        methods = capabilities.get("optOutNotificationMethods")
        if methods is not None and not all(isinstance(m, str) for m in methods):
            return None
        caps = SimpleNamespace(
            experimental_api=capabilities.get("experimentalApi", False),
            opt_out_notification_methods=capabilities.get("optOutNotificationMethods"),
        )
    return SimpleNamespace(
        client_info=SimpleNamespace(name=name, version=version, title=title),
        capabilities=caps,
    )


@functools.cache
def installation_id(home: Path) -> str:
    """The home's stable installation id (``<home>/installation_id``), created on first use
    and read once per process."""
    path = home / "installation_id"
    try:
        return str(uuid.UUID(path.read_text(encoding="utf-8").strip()))
    except (OSError, ValueError):
        pass
    value = str(uuid.uuid4())
    with contextlib.suppress(OSError):
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
    return value


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


@handler(
    INITIALIZE,
    untyped_result="answered before the generated models load (a start's slowest import)",
)
async def initialize(ctx: RequestContext, params: InitializeParams) -> dict[str, Any]:
    # Well-formed params arrive as ``light_initialize_params``' namespace, which has the
    # same attributes as InitializeParams but needs no generated model.
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

    server = ctx.server

    async def warn_about_sandbox() -> None:
        probe = await server.sandbox_probe()
        from spindle_sandbox import startup_warning  # loaded by the probe, off the loop

        summary = startup_warning(probe)
        if session.closed:
            return
        with contextlib.suppress(ConnectionClosed):
            if summary is not None:
                await session.notify(CONFIG_WARNING, {"summary": summary, "details": None})
            # Remote control is never offered; the reference announces it as disabled, with
            # this host's name and the home's installation id, right after its warnings.
            await session.notify(
                REMOTE_CONTROL_STATUS_CHANGED,
                {
                    "status": "disabled",
                    "serverName": socket.gethostname(),
                    "installationId": installation_id(server.home),
                    "environmentId": None,
                },
            )

    async def warn() -> None:
        server.wanted.set()
        # The reference pushes these right after the response, before `initialized`.
        for problem in server.config.problems:
            await session.notify(CONFIG_WARNING, problem.to_notification())
        # The sandbox probe may still be running: its warning follows on its own, so the
        # connection keeps reading meanwhile (other requests wait for the server's start,
        # which includes the probe, so the warning still comes before their answers).
        server.spawn(warn_about_sandbox(), name="sandbox-warning")

    ctx.after_response(warn)
    return {
        "userAgent": user_agent(session.client_name, session.client_version),
        "codexHome": str(ctx.server.home),
        "platformFamily": platform_family(),
        "platformOs": platform_os(),
    }
