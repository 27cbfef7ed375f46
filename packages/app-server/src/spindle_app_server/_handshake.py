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
    from spindle_sandbox import SandboxProbe

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
    """The handshake. Its result is the ``InitializeResponse`` wire dict, not the model, on
    purpose: a start answers initialize before pydantic and the generated models are
    imported (the slowest part of a start; ``packages/app-server/tests/test_start_imports.py``
    guards the path), and building the model would import them. The members are the
    model's, in its order; the golden transcripts pin the bytes.

    Well-formed params arrive as ``light_initialize_params``' namespace, which has the same
    attributes as ``InitializeParams`` but needs no generated model. The warnings and the
    remote-control status follow the response as models, once the start has loaded them.
    """
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
    notifier = ctx.notifier

    async def announce() -> None:
        # The warnings wait for the sandbox probe: it loads the protocol models (importing
        # spindle_sandbox, off the event loop), which the notifications are built from.
        # Importing them here instead would stall the loop, and other connections'
        # handshakes, on pydantic. Every other request waits for the start, which includes
        # the probe, so the warnings still come before the answers to later requests.
        probe: SandboxProbe | None = None
        # A failed probe is logged by its own task; the config's warnings still go out.
        with contextlib.suppress(Exception):
            probe = await server.sandbox_probe()
        await server.config_checked.wait()
        from spindle_protocol.models import (
            ConfigWarningNotification,
            RemoteControlStatusChangedNotification,
        )

        if session.closed:
            return
        with contextlib.suppress(ConnectionClosed):
            # The reference pushes the config's warnings first, then the sandbox's.
            for problem in server.config.problems:
                await notifier.to_session(
                    session,
                    CONFIG_WARNING,
                    ConfigWarningNotification.model_validate(problem.to_notification()),
                )
            if probe is not None:
                from spindle_sandbox import startup_warning

                summary = startup_warning(probe)
                if summary is not None:
                    await notifier.to_session(
                        session,
                        CONFIG_WARNING,
                        ConfigWarningNotification(summary=summary, details=None),
                    )
            # Remote control is never offered; the reference announces it as disabled, with
            # this host's name and the home's installation id, right after its warnings.
            await notifier.to_session(
                session,
                REMOTE_CONTROL_STATUS_CHANGED,
                RemoteControlStatusChangedNotification(
                    status="disabled",
                    server_name=socket.gethostname(),
                    installation_id=installation_id(server.home),
                    environment_id=None,
                ),
            )

    async def warn() -> None:
        server.wanted.set()
        # The connection keeps reading while the probe runs: the warnings follow on their own.
        server.spawn(announce(), name="startup-warnings")

    ctx.after_response(warn)
    return {
        "userAgent": user_agent(session.client_name, session.client_version),
        "codexHome": str(ctx.server.home),
        "platformFamily": platform_family(),
        "platformOs": platform_os(),
    }
