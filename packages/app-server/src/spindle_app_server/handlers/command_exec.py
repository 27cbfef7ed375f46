"""``command/exec``, ``command/exec/write``, ``command/exec/terminate``, ``command/exec/resize``.

A standalone command runs under the ``sandboxPolicy`` given, or config.toml's policy when
none is, through :func:`spindle_sandbox.prepare_command` exactly as the model's commands
do: a sandboxed policy that cannot be enforced here fails the request and runs nothing.
The environment is the server's, with the request's ``env`` overrides (``null`` unsets)
and ``CODEX_SANDBOX_NETWORK_DISABLED=1`` when the policy cuts the network; a relative
``cwd`` is resolved against the server's working directory.

Checks, in the reference's order and with its codes: an empty ``command`` (-32600),
``sandboxPolicy`` with ``permissionProfile`` (-32600), ``size`` without ``tty``, both
caps, both timeouts, a negative ``timeoutMs``, a zero-sized terminal (all -32602), a
missing ``processId`` for tty/streaming and a duplicate one (-32600), then the spawn
(-32603 ``failed to spawn command: ...``). See :mod:`.._command_exec` for the running.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from spindle_protocol.errors import InvalidParams, InvalidRequest
from spindle_protocol.methods import (
    COMMAND_EXEC,
    COMMAND_EXEC_RESIZE,
    COMMAND_EXEC_TERMINATE,
    COMMAND_EXEC_WRITE,
)
from spindle_protocol.models import (
    CommandExecParams,
    CommandExecResizeParams,
    CommandExecResizeResponse,
    CommandExecResponse,
    CommandExecTerminalSize,
    CommandExecTerminateParams,
    CommandExecTerminateResponse,
    CommandExecWriteParams,
    CommandExecWriteResponse,
)
from spindle_sandbox import prepare_command

from .._base64 import decode_standard
from .._command_exec import DEFAULT_OUTPUT_BYTES_CAP, DEFAULT_TIMEOUT_MS, CommandSpec
from .._context import RequestContext
from .._ide import ide_state
from .._params import given
from .._registry import handler
from .._sandbox_settings import DEFAULT_SANDBOX_MODE, policy_from_config, validate_policy

__all__ = ["command_exec", "command_exec_resize", "command_exec_terminate", "command_exec_write"]


def _profile_policy(name: str, cwd: str, raw_config: Mapping[str, Any]) -> dict[str, Any]:
    """The policy of a built-in permission profile (the command's cwd is its workspace).

    spindle has no named ``[permissions]`` profiles (DESIGN.md: it keeps ``SandboxPolicy``
    with ``ReadOnlyAccess``); a named one is refused as the reference refuses it when the
    config has no such table.
    """
    builtin = {
        ":read-only": {"type": "readOnly"},
        ":workspace": {"type": "workspaceWrite", "writableRoots": [cwd]},
        ":danger-full-access": {"type": "dangerFullAccess"},
    }
    if name in builtin:
        return validate_policy(builtin[name])
    if name.startswith(":"):
        raise InvalidRequest(
            "invalid permission profile: default_permissions refers to unknown built-in "
            f"profile `{name}`"
        )
    if not isinstance(raw_config.get("permissions"), Mapping):
        raise InvalidRequest(
            "invalid permission profile: default_permissions requires a `[permissions]` table"
        )
    raise InvalidRequest(f"invalid permission profile: spindle has no profile `{name}`")


def _size(size: CommandExecTerminalSize) -> tuple[int, int]:
    rows, cols = size.rows, size.cols
    if rows == 0 or cols == 0:
        raise InvalidParams("command/exec size rows and cols must be greater than 0")
    return rows, cols


@handler(COMMAND_EXEC)
async def command_exec(ctx: RequestContext, params: CommandExecParams) -> CommandExecResponse:
    argv = list(params.command)
    if not argv:
        raise InvalidRequest("command must not be empty")
    # The policy is read in its wire shape, as config.toml's is.
    raw = ctx.raw_params if isinstance(ctx.raw_params, dict) else {}
    sandbox_policy = raw.get("sandboxPolicy")
    permission_profile = given(params.permission_profile)
    if sandbox_policy is not None and permission_profile is not None:
        raise InvalidRequest("`permissionProfile` cannot be combined with `sandboxPolicy`")
    tty = bool(given(params.tty))
    size = given(params.size)
    if size is not None and not tty:
        raise InvalidParams("command/exec size requires tty: true")
    output_cap = given(params.output_bytes_cap)
    disable_cap = bool(given(params.disable_output_cap))
    if disable_cap and output_cap is not None:
        raise InvalidParams("command/exec cannot set both outputBytesCap and disableOutputCap")
    timeout_ms = given(params.timeout_ms)
    disable_timeout = bool(given(params.disable_timeout))
    if disable_timeout and timeout_ms is not None:
        raise InvalidParams("command/exec cannot set both timeoutMs and disableTimeout")

    requested_cwd = given(params.cwd)
    cwd = os.getcwd()
    if requested_cwd:
        cwd = os.path.normpath(os.path.join(cwd, requested_cwd))
    env = dict(os.environ)
    for name, value in (given(params.env) or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    if timeout_ms is not None and timeout_ms < 0:
        raise InvalidParams(f"command/exec timeoutMs must be non-negative, got {timeout_ms}")
    config = ctx.config
    if permission_profile is not None:
        policy = _profile_policy(permission_profile, cwd, config.raw)
    elif sandbox_policy is not None:
        policy = validate_policy(sandbox_policy)
    else:
        policy = policy_from_config(config.raw, config.sandbox_mode or DEFAULT_SANDBOX_MODE)
    rows, cols = _size(size) if size is not None else (24, 80)

    # dangerFullAccess and externalSandbox pass through; any other policy is enforced or
    # the request fails (nothing runs).
    # The probe is cached after the server's first one, so this rarely waits; when it does,
    # the process id is not registered yet (a control request sent meanwhile is refused).
    probe = await ctx.server.sandbox_probe()
    # A policy this machine cannot enforce is "exec failed: ..." (the error table).
    prepared = prepare_command(argv, policy, cwd=cwd, env=env, probe=probe)
    argv, env = list(prepared.argv), dict(prepared.env)

    spec = CommandSpec(
        argv=argv,
        cwd=cwd,
        env=env,
        tty=tty,
        stream_stdin=tty or bool(given(params.stream_stdin)),
        stream_output=tty or bool(given(params.stream_stdout_stderr)),
        output_bytes_cap=None
        if disable_cap
        else (DEFAULT_OUTPUT_BYTES_CAP if output_cap is None else output_cap),
        timeout_ms=None
        if disable_timeout
        else (DEFAULT_TIMEOUT_MS if timeout_ms is None else timeout_ms),
        rows=rows,
        cols=cols,
        restriction=prepared.restriction,
    )
    manager = ide_state(ctx.server).commands
    return await manager.run(ctx.session, given(params.process_id), spec)


@handler(COMMAND_EXEC_WRITE)
async def command_exec_write(
    ctx: RequestContext, params: CommandExecWriteParams
) -> CommandExecWriteResponse:
    delta = given(params.delta_base64)
    close = bool(given(params.close_stdin))
    if delta is None and not close:
        raise InvalidParams("command/exec/write requires deltaBase64 or closeStdin")
    # Bad base64 is "invalid deltaBase64: ..." (the error table).
    data = b"" if delta is None else decode_standard(delta)
    manager = ide_state(ctx.server).commands
    await manager.write(ctx.session, params.process_id, data, close)
    return CommandExecWriteResponse()


@handler(COMMAND_EXEC_TERMINATE)
async def command_exec_terminate(
    ctx: RequestContext, params: CommandExecTerminateParams
) -> CommandExecTerminateResponse:
    await ide_state(ctx.server).commands.terminate(ctx.session, params.process_id)
    return CommandExecTerminateResponse()


@handler(COMMAND_EXEC_RESIZE)
async def command_exec_resize(
    ctx: RequestContext, params: CommandExecResizeParams
) -> CommandExecResizeResponse:
    rows, cols = _size(params.size)
    await ide_state(ctx.server).commands.resize(ctx.session, params.process_id, rows, cols)
    return CommandExecResizeResponse()
