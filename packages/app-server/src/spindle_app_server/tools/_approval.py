"""Whether one ``exec_command`` call runs, asks the client first, or is rejected.

The logic of the reference's ``core/src/exec_policy.rs`` (rule evaluation, the fallback
for commands no rule matches, the prompt and rejection texts, amendment suggestions) and
of the escalation check in ``core/src/tools/handlers/unified_exec.rs``.

The source we can read predates 0.169.0, so every branch below was checked against the
real 0.169.0 binary, which differs from that source (and from tool_loop.md section 3):

- ``untrusted`` asks for every command no allow rule covers; the known-safe list
  (``ls``, ``cat``...) no longer skips the prompt.
- A forced ``rm`` under ``never`` is rejected with "rm -f style commands are not
  permitted. Use a safer approach" whatever the sandbox; under a granular policy that
  forbids sandbox prompts it still asks, once, with no amendment to offer.
- ``require_escalated`` is refused up front only when the policy could never show the
  prompt (``never``, or granular without ``sandbox_approval``); ``untrusted`` asks.
- Scripts that are not plain words (redirections, ``$VAR``, heredocs...) are judged as the
  whole ``[shell, -lc, script]`` argv, which is also the amendment offered for them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._command_actions import shlex_quote
from ._command_safety import extract_shell_script, is_dangerous_command, script_words
from ._execpolicy import BANNED_PREFIX_SUGGESTIONS, ExecPolicy, RuleMatch

__all__ = [
    "Prompt",
    "Reject",
    "Run",
    "available_decisions",
    "decide",
    "escalation_rejected_message",
    "exec_policy_commands",
    "proposed_execpolicy_amendment",
    "rejected_output",
    "session_approval_key",
]

PROMPT_CONFLICT_REASON = "approval required by policy, but AskForApproval is set to Never"
REJECT_SANDBOX_APPROVAL_REASON = (
    "approval required by policy, but AskForApproval::Granular.sandbox_approval is false"
)
REJECT_RULES_APPROVAL_REASON = (
    "approval required by policy rule, but AskForApproval::Granular.rules is false"
)
FORCED_RM_REASON = "rm -f style commands are not permitted. Use a safer approach"
_SHELL_SCRIPT_KEY = "__codex_shell_script__"


@dataclass(frozen=True)
class Run:
    """Run the command now."""

    bypass_sandbox: bool = False
    # Offered if the sandbox then denies the command and the user is asked to rerun it
    # outside the sandbox.
    proposed_amendment: list[str] | None = None


@dataclass(frozen=True)
class Prompt:
    """Ask the client with ``item/commandExecution/requestApproval``."""

    reason: str | None
    proposed_amendment: list[str] | None
    # An approved command runs outside the sandbox (the model asked for escalation).
    escalation: bool = False
    # False for a one-time approval: ``acceptForSession`` must not cache it.
    cacheable: bool = True


@dataclass(frozen=True)
class Reject:
    """Do not run; ``message`` is the exact function-call output the model gets."""

    message: str


@dataclass(frozen=True)
class _ApprovalPolicy:
    kind: str  # "untrusted" | "on-request" | "never" | "granular"
    granular: Mapping[str, bool] = field(default_factory=dict)

    def allows(self, flag: str) -> bool:
        return bool(self.granular.get(flag, False))

    def debug(self) -> str:
        """The Rust ``{:?}`` rendering the reference puts in its messages."""
        if self.kind != "granular":
            return {"untrusted": "UnlessTrusted", "on-request": "OnRequest", "never": "Never"}[
                self.kind
            ]
        flags = ", ".join(
            f"{name}: {'true' if self.allows(name) else 'false'}" for name in _GRANULAR_FLAGS
        )
        return f"Granular(GranularApprovalConfig {{ {flags} }})"


_GRANULAR_FLAGS = (
    "sandbox_approval",
    "rules",
    "skill_approval",
    "request_permissions",
    "mcp_elicitations",
)
_POLICY_ALIASES = {
    "untrusted": "untrusted",
    "unless-trusted": "untrusted",
    "unlessTrusted": "untrusted",
    "on-request": "on-request",
    "onRequest": "on-request",
    # 0.169.0 reads the retired on-failure as on-request.
    "on-failure": "on-request",
    "never": "never",
}
_RESTRICTED_SANDBOXES = frozenset({"readOnly", "workspaceWrite", "read-only", "workspace-write"})
_OPEN_SANDBOXES = frozenset(
    {"dangerFullAccess", "externalSandbox", "danger-full-access", "external-sandbox"}
)


def _approval_policy(raw: str | Mapping[str, Any]) -> _ApprovalPolicy:
    if isinstance(raw, str):
        if raw not in _POLICY_ALIASES:
            raise ValueError(f"unknown approval policy {raw!r}")
        return _ApprovalPolicy(_POLICY_ALIASES[raw])
    config = raw.get("granular")
    if not isinstance(config, Mapping):
        raise ValueError(f"unknown approval policy {raw!r}")
    camel = {"sandboxApproval": "sandbox_approval", "skillApproval": "skill_approval"}
    camel |= {"requestPermissions": "request_permissions", "mcpElicitations": "mcp_elicitations"}
    flags = {camel.get(str(name), str(name)): bool(value) for name, value in config.items()}
    return _ApprovalPolicy("granular", flags)


def _restricted(sandbox_kind: str) -> bool:
    if sandbox_kind in _RESTRICTED_SANDBOXES:
        return True
    if sandbox_kind in _OPEN_SANDBOXES:
        return False
    raise ValueError(f"unknown sandbox kind {sandbox_kind!r}")


# --- texts ---------------------------------------------------------------------------------


def _rust_debug(text: str) -> str:
    """``format!("{:?}", text)``: quoted, with Rust's escapes."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
        elif unicodedata.category(ch) in _UNPRINTABLE:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_SIMPLE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Mn", "Me"})


def rejected_output(reason: str) -> str:
    """What the model gets when a command is refused for ``reason`` (also "rejected by user")."""
    inner = f"Rejected({_rust_debug(reason)})"
    return f"exec_command failed: CreateProcess {{ message: {_rust_debug(inner)} }}"


def escalation_rejected_message(approval_policy: str | Mapping[str, Any]) -> str:
    """The refusal of ``require_escalated`` under a policy that cannot ask."""
    policy = _approval_policy(approval_policy).debug()
    return (
        f"approval policy is {policy}; reject command — you cannot ask for escalated "
        f"permissions if the approval policy is {policy}"
    )


def _render(argv: list[str]) -> str:
    if any("\0" in word for word in argv):
        return " ".join(argv)
    return " ".join(shlex_quote(word) for word in argv)


# --- evaluation ----------------------------------------------------------------------------


def exec_policy_commands(argv: list[str]) -> list[list[str]]:
    """The commands rules are checked against: a plain script's commands, else ``argv``."""
    commands = script_words(argv)
    return commands if commands else [list(argv)]


@dataclass(frozen=True)
class _Verdict:
    """The decision for one command: from the rules that matched, else from heuristics."""

    command: list[str]
    decision: str
    rules: tuple[RuleMatch, ...] = ()
    one_shot: bool = False
    forbidden_reason: str | None = None


_STRENGTH = {"allow": 0, "prompt": 1, "forbidden": 2}


def _unmatched(
    command: list[str], policy: _ApprovalPolicy, *, restricted: bool, escalated: bool
) -> _Verdict:
    """The reference's ``render_decision_for_unmatched_command`` as 0.169.0 behaves."""
    if is_dangerous_command(command):
        if policy.kind == "never":
            return _Verdict(command, "forbidden", forbidden_reason=FORCED_RM_REASON)
        if policy.kind == "granular" and not policy.allows("sandbox_approval"):
            return _Verdict(command, "prompt", one_shot=True)
        return _Verdict(command, "prompt")
    if policy.kind == "untrusted":
        return _Verdict(command, "prompt")
    if policy.kind == "never" or not restricted:
        return _Verdict(command, "allow")
    # on-request and granular: a restricted sandbox guards everything but escalation.
    return _Verdict(command, "prompt" if escalated else "allow")


def _evaluate(
    commands: list[list[str]],
    rules: ExecPolicy,
    policy: _ApprovalPolicy,
    *,
    restricted: bool,
    escalated: bool,
) -> list[_Verdict]:
    verdicts: list[_Verdict] = []
    for command in commands:
        matched = rules.matches(command)
        if matched:
            strongest = max((m.decision for m in matched), key=_STRENGTH.__getitem__)
            verdicts.append(_Verdict(command, strongest, tuple(matched)))
        else:
            verdicts.append(_unmatched(command, policy, restricted=restricted, escalated=escalated))
    return verdicts


def _most_specific(verdicts: list[_Verdict], decision: str) -> RuleMatch | None:
    """The matching rule with the longest prefix; the last one wins a tie, as in Rust."""
    best: RuleMatch | None = None
    for verdict in verdicts:
        for rule in verdict.rules:
            if rule.decision == decision and (
                best is None or len(rule.matched_prefix) >= len(best.matched_prefix)
            ):
                best = rule
    return best


def _forbidden_reason(argv: list[str], verdicts: list[_Verdict]) -> str:
    command = _render(argv)
    rule = _most_specific(verdicts, "forbidden")
    if rule is not None and rule.justification is not None:
        return f"`{command}` rejected: {rule.justification}"
    if rule is not None:
        return f"`{command}` rejected: policy forbids commands starting with `{_render(list(rule.matched_prefix))}`"
    heuristic = next((v.forbidden_reason for v in verdicts if v.forbidden_reason), None)
    return f"`{command}` rejected: {heuristic or 'blocked by policy'}"


def _prompt_reason(argv: list[str], verdicts: list[_Verdict]) -> str | None:
    rule = _most_specific(verdicts, "prompt")
    if rule is None:
        return None
    command = _render(argv)
    if rule.justification is not None:
        return f"`{command}` requires approval: {rule.justification}"
    return f"`{command}` requires approval by policy"


def _requested_amendment(
    prefix_rule: list[str] | None,
    verdicts: list[_Verdict],
    rules: ExecPolicy,
    policy: _ApprovalPolicy,
    *,
    restricted: bool,
    escalated: bool,
) -> list[str] | None:
    """The model's ``prefix_rule``, when it is acceptable and would cover every command."""
    if not prefix_rule or tuple(prefix_rule) in BANNED_PREFIX_SUGGESTIONS:
        return None
    if any(v.rules for v in verdicts):
        return None
    widened = ExecPolicy([*rules.rules])
    widened.add_prefix_rule(prefix_rule, "allow")
    commands = [v.command for v in verdicts]
    after = _evaluate(commands, widened, policy, restricted=restricted, escalated=escalated)
    return list(prefix_rule) if all(v.decision == "allow" for v in after) else None


def decide(
    *,
    approval_policy: str | Mapping[str, Any],
    sandbox_kind: str,
    argv: list[str],
    sandbox_permissions: str | None,
    policy: ExecPolicy,
    session_approved: bool,
    justification: str | None = None,
    prefix_rule: list[str] | None = None,
) -> Run | Prompt | Reject:
    """Run, ask or reject one ``exec_command`` call.

    ``approval_policy`` is the wire form (``"untrusted"``, ``"on-request"``, ``"never"`` or
    ``{"granular": {...}}``); ``sandbox_kind`` the sandbox policy ``type``
    (``readOnly``, ``workspaceWrite``, ``dangerFullAccess``, ``externalSandbox``).
    ``session_approved`` says the call's :func:`session_approval_key` was accepted for the
    session. ``justification`` and ``prefix_rule`` are the model's arguments; the prompt's
    ``reason`` falls back to the justification, as the reference's does.
    """
    approval = _approval_policy(approval_policy)
    restricted = _restricted(sandbox_kind)
    escalated = sandbox_permissions == "require_escalated"
    if escalated and (
        approval.kind == "never"
        or (approval.kind == "granular" and not approval.allows("sandbox_approval"))
    ):
        return Reject(escalation_rejected_message(approval_policy))

    commands = exec_policy_commands(argv)
    verdicts = _evaluate(commands, policy, approval, restricted=restricted, escalated=escalated)
    decision = max((v.decision for v in verdicts), key=_STRENGTH.__getitem__)

    if decision == "forbidden":
        return Reject(rejected_output(_forbidden_reason(argv, verdicts)))

    if decision == "allow":
        every_rule_allows = all(any(r.decision == "allow" for r in v.rules) for v in verdicts)
        retry_amendment = None
        if not any(v.rules for v in verdicts):
            retry_amendment = next((v.command for v in verdicts if v.decision == "allow"), None)
        return Run(
            bypass_sandbox=every_rule_allows or escalated, proposed_amendment=retry_amendment
        )

    prompt_is_rule = any(r.decision == "prompt" for v in verdicts for r in v.rules)
    heuristic_prompts = [v for v in verdicts if v.decision == "prompt" and not v.rules]
    one_shot = any(v.one_shot for v in heuristic_prompts)
    rejection: str | None = None
    if approval.kind == "never":
        rejection = PROMPT_CONFLICT_REASON
    elif approval.kind == "granular":
        if prompt_is_rule:
            rejection = None if approval.allows("rules") else REJECT_RULES_APPROVAL_REASON
        elif not all(v.one_shot for v in heuristic_prompts) and not approval.allows(
            "sandbox_approval"
        ):
            rejection = REJECT_SANDBOX_APPROVAL_REASON
    if rejection is not None:
        return Reject(rejected_output(rejection))

    if session_approved and not one_shot:
        return Run(bypass_sandbox=escalated)

    amendment: list[str] | None = None
    if not one_shot:
        amendment = _requested_amendment(
            prefix_rule, verdicts, policy, approval, restricted=restricted, escalated=escalated
        )
        if amendment is None and not prompt_is_rule and heuristic_prompts:
            amendment = list(heuristic_prompts[0].command)
    reason = _prompt_reason(argv, verdicts) or justification
    return Prompt(reason, amendment, escalation=escalated, cacheable=not one_shot)


def proposed_execpolicy_amendment(
    argv: list[str], *, prefix_rule: list[str] | None = None
) -> list[str] | None:
    """The amendment offered when every command of ``argv`` needs approval and no rule matches.

    The model's ``prefix_rule`` when acceptable, else the first command of a plain script
    (``["touch", "a"]`` for ``touch a && touch b``), else the whole argv. ``None`` only for
    an empty command; :func:`decide` also withholds it when a prompt rule matched.
    """
    if not argv:
        return None
    prompt = decide(
        approval_policy="untrusted",
        sandbox_kind="readOnly",
        argv=argv,
        sandbox_permissions=None,
        policy=ExecPolicy(),
        session_approved=False,
        prefix_rule=prefix_rule,
    )
    return prompt.proposed_amendment if isinstance(prompt, Prompt) else None


def available_decisions(
    prompt: Prompt,
    *,
    network_approval_context: Mapping[str, Any] | None = None,
    proposed_network_policy_amendments: list[Mapping[str, Any]] | None = None,
    additional_permissions: Mapping[str, Any] | None = None,
) -> list[Any]:
    """The wire ``availableDecisions``: ``protocol/src/approvals.rs`` defaults, in order."""
    if network_approval_context is not None:
        decisions: list[Any] = ["accept", "acceptForSession"]
        allow = next(
            (a for a in proposed_network_policy_amendments or [] if a.get("action") == "allow"),
            None,
        )
        if allow is not None:
            decisions.append(
                {"applyNetworkPolicyAmendment": {"network_policy_amendment": dict(allow)}}
            )
        decisions.append("cancel")
        return decisions
    if additional_permissions is not None:
        return ["accept", "cancel"]
    decisions = ["accept"]
    if prompt.proposed_amendment is not None:
        amendment = list(prompt.proposed_amendment)
        decisions.append({"acceptWithExecpolicyAmendment": {"execpolicy_amendment": amendment}})
    decisions.append("cancel")
    return decisions


def session_approval_key(
    command: list[str], cwd: str, tty: bool, sandbox_permissions: str | None
) -> tuple[Any, ...]:
    """The ``acceptForSession`` cache key (``UnifiedExecApprovalKey``).

    A one-command plain script is keyed by its words, so ``bash -lc 'ls'`` and
    ``zsh -c 'ls'`` share approval; any other script by its shell flag and text.
    """
    commands = script_words(command)
    canonical: tuple[str, ...]
    if commands is not None and len(commands) == 1:
        canonical = tuple(commands[0])
    elif (extracted := extract_shell_script(command)) is not None:
        canonical = (_SHELL_SCRIPT_KEY, command[1], extracted[1])
    else:
        canonical = tuple(command)
    return ("unified_exec", canonical, cwd, tty, sandbox_permissions or "use_default")
