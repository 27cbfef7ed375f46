"""``exec_command``: run a shell command for the model, as the reference's unified exec.

The call is decided first (run, ask the client, or reject) from the approval policy, the
sandbox and the prefix rules; an approved command still runs sandboxed unless the model
asked for escalation and the user allowed it. The ``commandExecution`` item streams its
output as deltas; the model gets the reference's text (chunk id, wall time, exit code or
session id, token count, truncated output).
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any

from spindle_protocol.methods import ITEM_COMMAND_EXECUTION_REQUEST_APPROVAL

from . import _specs
from ._approval import (
    Prompt,
    Reject,
    available_decisions,
    decide,
    rejected_output,
    session_approval_key,
)
from ._command_actions import parse_command_actions, shlex_join
from ._exec_output import format_exec_response, model_output_policy, new_chunk_id
from ._exec_runtime import (
    CommandItem,
    SandboxError,
    UnifiedExecError,
    default_shell,
    is_sandbox_denial,
    run_command,
)
from ._execpolicy import ExecPolicy, migrate_legacy_rules
from ._tool_registry import REGISTRY, ToolContext, ToolError, ToolsConfig

__all__ = ["ExecCommandTool"]

log = logging.getLogger(__name__)

JSON = dict[str, Any]

REJECTED_BY_USER = rejected_output("rejected by user")


@functools.lru_cache(maxsize=8)
def _exec_policy(home: str) -> ExecPolicy:
    # The reference drops its legacy over-broad allow rules once, before reading the rules.
    try:
        migrate_legacy_rules(Path(home))
    except OSError:
        log.exception("migrating the prefix rules under %s failed", home)
    return ExecPolicy.load(Path(home))


def _int_arg(args: JSON, name: str) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolError(
            f"failed to parse function arguments: invalid type: {type(value).__name__}, "
            f"expected a number for `{name}`"
        )
    return int(value)


def _str_arg(args: JSON, name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ToolError(
            f"failed to parse function arguments: invalid type: expected a string for `{name}`"
        )
    return value


def _bool_arg(args: JSON, name: str) -> bool | None:
    value = args.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ToolError(
            f"failed to parse function arguments: invalid type: expected a boolean for `{name}`"
        )
    return value


class ExecCommandTool:
    name = "exec_command"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return _specs.exec_command_spec()

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        cmd = _str_arg(args, "cmd")
        if cmd is None:
            raise ToolError("failed to parse function arguments: missing field `cmd`")
        workdir = _str_arg(args, "workdir")
        shell = _str_arg(args, "shell") or default_shell()
        login = _bool_arg(args, "login")
        tty = bool(_bool_arg(args, "tty"))
        yield_time_ms = _int_arg(args, "yield_time_ms")
        max_output_tokens = _int_arg(args, "max_output_tokens")
        sandbox_permissions = _str_arg(args, "sandbox_permissions")
        justification = _str_arg(args, "justification")
        prefix_rule = args.get("prefix_rule")
        if prefix_rule is not None and not (
            isinstance(prefix_rule, list) and all(isinstance(p, str) for p in prefix_rule)
        ):
            raise ToolError(
                "failed to parse function arguments: invalid type: expected a sequence for `prefix_rule`"
            )

        settings = ctx.thread.settings
        cwd = settings.cwd if workdir is None else os.path.join(settings.cwd, workdir)
        argv = [shell, "-c" if login is False else "-lc", cmd]
        item = CommandItem(
            item_id=ctx.call.call_id,
            argv=argv,
            cwd=cwd,
            actions=parse_command_actions(argv, cwd),
        )
        policy = _exec_policy(str(ctx.server.home))
        key = session_approval_key(argv, cwd, tty, sandbox_permissions)
        decision = decide(
            approval_policy=settings.approval_policy,
            sandbox_kind=settings.policy["type"],
            argv=argv,
            sandbox_permissions=sandbox_permissions,
            policy=policy,
            session_approved=key in ctx.thread.approved_commands,
            justification=justification,
            prefix_rule=prefix_rule,
        )
        if isinstance(decision, Reject):
            raise ToolError(decision.message)
        bypass = getattr(decision, "bypass_sandbox", False)
        if isinstance(decision, Prompt):
            approved = await self._ask(ctx, item, decision, key, policy)
            if approved is None:
                return REJECTED_BY_USER
            bypass = approved

        try:
            outcome = await run_command(
                ctx, item, argv, tty=tty, yield_time_ms=yield_time_ms, bypass_sandbox=bypass
            )
        except SandboxError as exc:
            message = f"sandbox unavailable: {exc}"
            await item.complete(ctx, status="failed", output=message + "\n", exit_code=None)
            raise ToolError(f"exec_command failed: {message}") from exc
        except UnifiedExecError as exc:
            await item.complete(ctx, status="failed", output=str(exc), exit_code=None)
            raise ToolError(f"exec_command failed: {exc}") from exc

        result = outcome.result
        output_text = result.output.decode("utf-8", "replace")
        if result.running:
            ctx.thread.running_commands[result.process_id] = item
        elif result.exit_code is not None:
            duration = int(outcome.wall_time_s * 1000)
            await item.complete(
                ctx,
                status="completed" if result.exit_code == 0 else "failed",
                output=output_text,
                exit_code=result.exit_code,
                duration_ms=duration,
            )
        denied = is_sandbox_denial(outcome.sandboxed, result.exit_code, result.output)
        return format_exec_response(
            chunk_id=new_chunk_id(),
            wall_time_s=0.0 if denied else outcome.wall_time_s,
            exit_code=result.exit_code,
            session_id=result.process_id if result.running and not denied else None,
            output=result.output,
            max_tokens=model_output_policy(max_output_tokens),
            omitted_bytes=result.omitted_bytes,
        )

    async def _ask(
        self,
        ctx: ToolContext,
        item: CommandItem,
        prompt: Prompt,
        key: tuple[Any, ...],
        policy: ExecPolicy,
    ) -> bool | None:
        """Ask the client; True/False: run (bypassing the sandbox or not), None: rejected."""
        item.source = "agent"
        item.process_id = None
        await ctx.set_active_flags(["waitingOnApproval"])
        await item.start(ctx)
        params: JSON = {
            "kind": "command",
            "threadId": ctx.thread.id,
            "turnId": ctx.turn_id,
            "itemId": item.item_id,
            "startedAtMs": item.started_ms,
            "environmentId": "local",
        }
        if prompt.reason is not None:
            params["reason"] = prompt.reason
        params.update(
            {
                "command": shlex_join(item.argv),
                "cwd": item.cwd,
                "commandActions": item.actions,
            }
        )
        if prompt.proposed_amendment is not None:
            params["proposedExecpolicyAmendment"] = prompt.proposed_amendment
        params["availableDecisions"] = available_decisions(prompt)
        answer = await ctx.ask_client(ITEM_COMMAND_EXECUTION_REQUEST_APPROVAL, params)
        escalated = bool(prompt.escalation)
        # As the reference: a refused command's item completes before the thread stops
        # waiting on approval; an approved one runs after.
        if answer.disconnected:
            await item.complete(ctx, status="declined")
            await ctx.set_active_flags([])
            ctx.interrupt_turn = True
            return None
        if answer.error is not None:
            await item.complete(ctx, status="failed")
            await ctx.set_active_flags([])
            return None
        decision = answer.result.get("decision") if isinstance(answer.result, dict) else None
        approved = decision in ("accept", "acceptForSession") or (
            isinstance(decision, dict) and "acceptWithExecpolicyAmendment" in decision
        )
        if approved:
            await ctx.set_active_flags([])
        if decision in ("accept", "acceptForSession"):
            if decision == "acceptForSession" and prompt.cacheable:
                ctx.thread.approved_commands.add(key)
            return escalated
        if isinstance(decision, dict) and "acceptWithExecpolicyAmendment" in decision:
            body = decision["acceptWithExecpolicyAmendment"]
            pattern = body.get("execpolicy_amendment") if isinstance(body, dict) else None
            if isinstance(pattern, list) and all(isinstance(p, str) for p in pattern):
                try:
                    policy.append_allow_rule(ctx.server.home, list(pattern))
                except OSError:
                    log.exception("writing the prefix rule %r failed", pattern)
            return escalated
        # decline, cancel, or anything we cannot read (the reference treats it as decline).
        await item.complete(ctx, status="declined")
        await ctx.set_active_flags([])
        if decision == "cancel":
            ctx.interrupt_turn = True
        return None


REGISTRY.register(ExecCommandTool())
