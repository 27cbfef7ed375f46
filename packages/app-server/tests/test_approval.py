"""``decide()`` across approval policies, sandboxes, rules and scripts.

Each row of ``CASES`` is an ``exec_command`` call codex 0.169.0 was given (against a mock
model, declining every prompt); the expectation is what it did: ran the command (and
whether a broken sandbox stopped it, which tells a bypass apart), sent
``item/commandExecution/requestApproval`` (reason, amendment, decisions), or told the model
the exact text in ``Reject``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from spindle_app_server.tools._approval import (
    Prompt,
    Reject,
    Run,
    available_decisions,
    decide,
    escalation_rejected_message,
    exec_policy_commands,
    proposed_execpolicy_amendment,
    rejected_output,
    session_approval_key,
)
from spindle_app_server.tools._execpolicy import ExecPolicy, parse_rules

RULES = """
prefix_rule(pattern=["touch"], decision="allow")
prefix_rule(pattern=["mkdir"], decision="prompt")
prefix_rule(pattern=["chmod"], decision="forbidden")
prefix_rule(pattern=["chown"], decision="forbidden", justification="use sudoers")
prefix_rule(pattern=["rmdir"], decision="prompt", justification="check first")
prefix_rule(pattern=["rm", "-rf"], decision="allow")
"""


def granular(*, sandbox: bool, rules: bool) -> dict[str, Any]:
    return {
        "granular": {
            "sandbox_approval": sandbox,
            "rules": rules,
            "skill_approval": False,
            "request_permissions": False,
            "mcp_elicitations": True,
        }
    }


def forbidden(script: str, why: str) -> Reject:
    return Reject(rejected_output(f"`/bin/bash -lc {_quoted(script)}` rejected: {why}"))


def _quoted(script: str) -> str:
    return f"'{script}'" if " " in script else script


FORCED_RM = "rm -f style commands are not permitted. Use a safer approach"


@dataclass(frozen=True)
class Case:
    approval: str | dict[str, Any]
    sandbox: str
    script: str
    expected: Run | Prompt | Reject
    args: dict[str, Any] = field(default_factory=dict)
    rules: str = ""


CASES: list[Case] = [
    # recorded in codex_tool_transcript.json
    Case(
        "never",
        "dangerFullAccess",
        "echo hello-from-tool",
        Run(proposed_amendment=["echo", "hello-from-tool"]),
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch declined.txt",
        Prompt(reason=None, proposed_amendment=["touch", "declined.txt"]),
    ),
    Case("never", "readOnly", "touch ro.txt", Run(proposed_amendment=["touch", "ro.txt"])),
    Case("never", "readOnly", "cat seed.txt", Run(proposed_amendment=["cat", "seed.txt"])),
    # untrusted asks for everything no allow rule covers, safe or not
    Case("untrusted", "readOnly", "ls", Prompt(reason=None, proposed_amendment=["ls"])),
    Case(
        "untrusted",
        "readOnly",
        "git status",
        Prompt(reason=None, proposed_amendment=["git", "status"]),
    ),
    Case(
        "untrusted", "dangerFullAccess", "ls && pwd", Prompt(reason=None, proposed_amendment=["ls"])
    ),
    Case(
        "untrusted",
        "workspaceWrite",
        "touch a.txt",
        Prompt(reason=None, proposed_amendment=["touch", "a.txt"]),
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch a && touch b",
        Prompt(reason=None, proposed_amendment=["touch", "a"]),
    ),
    Case(
        "untrusted",
        "readOnly",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=["rm", "-rf", "nx"]),
    ),
    Case(
        "untrusted",
        "dangerFullAccess",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=["rm", "-rf", "nx"]),
    ),
    # scripts that are not plain words are judged, and amended, as the whole argv
    Case(
        "untrusted",
        "readOnly",
        "ls > out.txt",
        Prompt(reason=None, proposed_amendment=["/bin/bash", "-lc", "ls > out.txt"]),
    ),
    Case(
        "untrusted",
        "readOnly",
        "cat <<EOF\nhi\nEOF",
        Prompt(reason=None, proposed_amendment=["/bin/bash", "-lc", "cat <<EOF\nhi\nEOF"]),
    ),
    # never: run in the sandbox, but a forced rm is refused, sandbox or not
    Case("never", "workspaceWrite", "touch a.txt", Run(proposed_amendment=["touch", "a.txt"])),
    Case("never", "readOnly", "rm -rf nonexist_dir", forbidden("rm -rf nonexist_dir", FORCED_RM)),
    Case(
        "never",
        "dangerFullAccess",
        "rm -rf nonexist_dir",
        forbidden("rm -rf nonexist_dir", FORCED_RM),
    ),
    Case("never", "readOnly", "sudo rm -rf nx", forbidden("sudo rm -rf nx", FORCED_RM)),
    Case(
        "never", "readOnly", "rm -rf nx > /dev/null", forbidden("rm -rf nx > /dev/null", FORCED_RM)
    ),
    Case("never", "readOnly", "rm -r nx", Run(proposed_amendment=["rm", "-r", "nx"])),
    Case(
        "never",
        "dangerFullAccess",
        "echo 'rm -rf x'",
        Run(proposed_amendment=["echo", "rm -rf x"]),
    ),
    # on-request: the sandbox guards plain commands; dangerous ones and escalation ask
    Case("on-request", "readOnly", "touch a.txt", Run(proposed_amendment=["touch", "a.txt"])),
    Case("on-request", "workspaceWrite", "touch a.txt", Run(proposed_amendment=["touch", "a.txt"])),
    Case(
        "on-request",
        "readOnly",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=["rm", "-rf", "nx"]),
    ),
    Case(
        "on-request",
        "dangerFullAccess",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=["rm", "-rf", "nx"]),
    ),
    Case(
        "on-request",
        "workspaceWrite",
        "sudo rm -f nx",
        Prompt(reason=None, proposed_amendment=["sudo", "rm", "-f", "nx"]),
    ),
    Case(
        "on-request",
        "readOnly",
        "if true; then rm -rf nx; fi",
        Prompt(reason=None, proposed_amendment=["/bin/bash", "-lc", "if true; then rm -rf nx; fi"]),
    ),
    Case(
        "on-request",
        "readOnly",
        "touch a.txt",
        Prompt("need to write", ["touch", "a.txt"], escalation=True),
        args={"sandbox_permissions": "require_escalated", "justification": "need to write"},
    ),
    Case(
        "on-request",
        "dangerFullAccess",
        "touch a.txt",
        Run(bypass_sandbox=True, proposed_amendment=["touch", "a.txt"]),
        args={"sandbox_permissions": "require_escalated"},
    ),
    Case(
        "on-request",
        "readOnly",
        "touch a.txt",
        Run(proposed_amendment=["touch", "a.txt"]),
        args={"sandbox_permissions": "use_default"},
    ),
    # escalation is refused up front only where no prompt could be shown
    Case(
        "untrusted",
        "readOnly",
        "touch a.txt",
        Prompt(reason=None, proposed_amendment=["touch", "a.txt"], escalation=True),
        args={"sandbox_permissions": "require_escalated"},
    ),
    Case(
        "never",
        "readOnly",
        "touch a.txt",
        Reject(
            "approval policy is Never; reject command — you cannot ask for escalated "
            "permissions if the approval policy is Never"
        ),
        args={"sandbox_permissions": "require_escalated"},
    ),
    Case(
        granular(sandbox=False, rules=True),
        "readOnly",
        "touch a.txt",
        Reject(escalation_rejected_message(granular(sandbox=False, rules=True))),
        args={"sandbox_permissions": "require_escalated"},
    ),
    Case(
        granular(sandbox=True, rules=True),
        "readOnly",
        "touch a.txt",
        Prompt(reason=None, proposed_amendment=["touch", "a.txt"], escalation=True),
        args={"sandbox_permissions": "require_escalated"},
    ),
    Case(
        granular(sandbox=True, rules=True),
        "dangerFullAccess",
        "touch a.txt",
        Run(bypass_sandbox=True, proposed_amendment=["touch", "a.txt"]),
        args={"sandbox_permissions": "require_escalated"},
    ),
    # granular: like on-request; a forced rm without sandbox prompts asks once, no amendment
    Case(
        granular(sandbox=True, rules=True),
        "readOnly",
        "touch a.txt",
        Run(proposed_amendment=["touch", "a.txt"]),
    ),
    Case(
        granular(sandbox=False, rules=True),
        "readOnly",
        "touch a.txt",
        Run(proposed_amendment=["touch", "a.txt"]),
    ),
    Case(
        granular(sandbox=True, rules=False),
        "readOnly",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=["rm", "-rf", "nx"]),
    ),
    Case(
        granular(sandbox=False, rules=True),
        "readOnly",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=None, cacheable=False),
    ),
    Case(
        granular(sandbox=False, rules=False),
        "readOnly",
        "rm -rf nx",
        Prompt(reason=None, proposed_amendment=None, cacheable=False),
    ),
    Case(
        granular(sandbox=False, rules=True),
        "dangerFullAccess",
        'for t in nx; do rm -rf "$t"; done',
        Prompt(reason=None, proposed_amendment=None, cacheable=False),
    ),
    # rules: allow bypasses the sandbox, prompt asks with the rule's reason, forbidden refuses
    Case("untrusted", "readOnly", "touch a.txt", Run(bypass_sandbox=True), rules=RULES),
    Case(
        "untrusted",
        "readOnly",
        "touch a.txt && ls",
        Prompt(reason=None, proposed_amendment=["ls"]),
        rules=RULES,
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch a.txt > x",
        Prompt(reason=None, proposed_amendment=["/bin/bash", "-lc", "touch a.txt > x"]),
        rules=RULES,
    ),
    Case("never", "readOnly", "rm -rf nonexist_dir", Run(bypass_sandbox=True), rules=RULES),
    Case(
        "untrusted",
        "readOnly",
        "mkdir d",
        Prompt("`/bin/bash -lc 'mkdir d'` requires approval by policy", proposed_amendment=None),
        rules=RULES,
    ),
    Case(
        "on-request",
        "dangerFullAccess",
        "mkdir d",
        Prompt("`/bin/bash -lc 'mkdir d'` requires approval by policy", proposed_amendment=None),
        rules=RULES,
    ),
    Case(
        "untrusted",
        "readOnly",
        "echo hi && mkdir d",
        Prompt(
            "`/bin/bash -lc 'echo hi && mkdir d'` requires approval by policy",
            proposed_amendment=None,
        ),
        rules=RULES,
    ),
    Case(
        "on-request",
        "readOnly",
        "rmdir d",
        Prompt("`/bin/bash -lc 'rmdir d'` requires approval: check first", proposed_amendment=None),
        rules=RULES,
    ),
    Case(
        "never",
        "readOnly",
        "mkdir d",
        Reject(rejected_output("approval required by policy, but AskForApproval is set to Never")),
        rules=RULES,
    ),
    Case(
        granular(sandbox=True, rules=False),
        "readOnly",
        "mkdir d",
        Reject(
            rejected_output(
                "approval required by policy rule, but AskForApproval::Granular.rules is false"
            )
        ),
        rules=RULES,
    ),
    Case(
        "on-request",
        "dangerFullAccess",
        "chmod 777 x",
        forbidden("chmod 777 x", "policy forbids commands starting with `chmod`"),
        rules=RULES,
    ),
    Case("never", "readOnly", "chown me x", forbidden("chown me x", "use sudoers"), rules=RULES),
    Case(
        "untrusted",
        "readOnly",
        "touch a && mkdir b && chmod 1 c",
        forbidden(
            "touch a && mkdir b && chmod 1 c", "policy forbids commands starting with `chmod`"
        ),
        rules=RULES,
    ),
    # the model's prefix_rule becomes the amendment when acceptable and sufficient
    Case(
        "untrusted",
        "readOnly",
        "touch a.txt",
        Prompt(reason=None, proposed_amendment=["touch"]),
        args={"prefix_rule": ["touch"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch a && touch b",
        Prompt(reason=None, proposed_amendment=["touch"]),
        args={"prefix_rule": ["touch"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch a.txt",
        Prompt(reason=None, proposed_amendment=["touch", "a.txt"]),
        args={"prefix_rule": ["rm"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "python3 -c 'print(1)'",
        Prompt(reason=None, proposed_amendment=["python3", "-c", "print(1)"]),
        args={"prefix_rule": ["python3"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "git status",
        Prompt(reason=None, proposed_amendment=["git", "status"]),
        args={"prefix_rule": ["git"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "git status",
        Prompt(reason=None, proposed_amendment=["git", "status"]),
        args={"prefix_rule": ["git", "status"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "npx foo",
        Prompt(reason=None, proposed_amendment=["npx"]),
        args={"prefix_rule": ["npx"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "Rscript -e 1",
        Prompt(reason=None, proposed_amendment=["Rscript", "-e"]),
        args={"prefix_rule": ["Rscript", "-e"]},
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch a",
        Prompt(reason=None, proposed_amendment=["touch", "a"]),
        args={"prefix_rule": []},
    ),
    Case(
        "untrusted",
        "readOnly",
        "touch a",
        Prompt(reason=None, proposed_amendment=["touch", "a"]),
        args={"prefix_rule": ["touch", "a", "b"]},
    ),
]


def _id(case: Case) -> str:
    approval = case.approval if isinstance(case.approval, str) else "granular"
    return f"{approval}-{case.sandbox}-{case.script}-{sorted(case.args)}-{bool(case.rules)}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_decide(case: Case) -> None:
    decision = decide(
        approval_policy=case.approval,
        sandbox_kind=case.sandbox,
        argv=["/bin/bash", "-lc", case.script],
        sandbox_permissions=case.args.get("sandbox_permissions"),
        policy=ExecPolicy(parse_rules(case.rules)),
        session_approved=False,
        justification=case.args.get("justification"),
        prefix_rule=case.args.get("prefix_rule"),
    )
    assert decision == case.expected


def test_the_refusal_text_is_the_references() -> None:
    decision = decide(
        approval_policy="never",
        sandbox_kind="readOnly",
        argv=["/bin/bash", "-lc", 'echo "$(rm -rf nx)"'],
        sandbox_permissions=None,
        policy=ExecPolicy(),
        session_approved=False,
    )
    assert decision == Reject(
        'exec_command failed: CreateProcess { message: "Rejected(\\"`/bin/bash -lc '
        "'echo \\\\\\\"$(rm -rf nx)\\\\\\\"'` rejected: rm -f style commands are not "
        'permitted. Use a safer approach\\")" }'
    )


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (
            "rejected by user",
            'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }',
        ),
        (
            "a\nb\tc\\",
            'exec_command failed: CreateProcess { message: "Rejected(\\"a\\\\nb\\\\tc\\\\\\\\\\")" }',
        ),
        ("é\x07", 'exec_command failed: CreateProcess { message: "Rejected(\\"é\\\\u{7}\\")" }'),
    ],
)
def test_rejected_output(reason: str, expected: str) -> None:
    assert rejected_output(reason) == expected


def test_granular_escalation_message_spells_the_config() -> None:
    assert escalation_rejected_message(granular(sandbox=False, rules=True)) == (
        "approval policy is Granular(GranularApprovalConfig { sandbox_approval: false, "
        "rules: true, skill_approval: false, request_permissions: false, "
        "mcp_elicitations: true }); reject command — you cannot ask for escalated permissions "
        "if the approval policy is Granular(GranularApprovalConfig { sandbox_approval: false, "
        "rules: true, skill_approval: false, request_permissions: false, "
        "mcp_elicitations: true })"
    )


@pytest.mark.parametrize(
    ("approval", "expected"),
    [
        ("on-failure", Run(proposed_amendment=["touch", "x"])),
        ("unless-trusted", Prompt(reason=None, proposed_amendment=["touch", "x"])),
        (
            {"granular": {"sandboxApproval": True, "rules": True}},
            Run(proposed_amendment=["touch", "x"]),
        ),
    ],
)
def test_policy_spellings(approval: str | dict[str, Any], expected: Run | Prompt) -> None:
    decision = decide(
        approval_policy=approval,
        sandbox_kind="read-only",
        argv=["bash", "-lc", "touch x"],
        sandbox_permissions=None,
        policy=ExecPolicy(),
        session_approved=False,
    )
    assert decision == expected


@pytest.mark.parametrize(
    ("approval", "sandbox"),
    [("sometimes", "readOnly"), ({"other": {}}, "readOnly"), ("never", "bunker")],
)
def test_unknown_policy_or_sandbox_is_an_error(
    approval: str | dict[str, Any], sandbox: str
) -> None:
    with pytest.raises(ValueError, match="unknown"):
        decide(
            approval_policy=approval,
            sandbox_kind=sandbox,
            argv=["bash", "-lc", "ls"],
            sandbox_permissions=None,
            policy=ExecPolicy(),
            session_approved=False,
        )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (Case("untrusted", "readOnly", "touch x", Run()), Run()),
        (
            Case(
                "on-request",
                "readOnly",
                "touch x",
                Run(),
                args={"sandbox_permissions": "require_escalated"},
            ),
            Run(bypass_sandbox=True),
        ),
        (
            Case(granular(sandbox=False, rules=True), "readOnly", "rm -rf x", Run()),
            Prompt(reason=None, proposed_amendment=None, cacheable=False),
        ),
        (
            Case("never", "readOnly", "rm -rf x", Run()),
            forbidden("rm -rf x", FORCED_RM),
        ),
    ],
    ids=["prompt", "escalated", "one-shot", "forbidden"],
)
def test_session_approval_skips_cacheable_prompts_only(
    case: Case, expected: Run | Prompt | Reject
) -> None:
    decision = decide(
        approval_policy=case.approval,
        sandbox_kind=case.sandbox,
        argv=["/bin/bash", "-lc", case.script],
        sandbox_permissions=case.args.get("sandbox_permissions"),
        policy=ExecPolicy(),
        session_approved=True,
    )
    assert decision == expected


DECISIONS: list[tuple[Prompt, dict[str, Any], list[Any]]] = [
    (
        Prompt(reason=None, proposed_amendment=["touch", "declined.txt"]),
        {},
        [
            "accept",
            {"acceptWithExecpolicyAmendment": {"execpolicy_amendment": ["touch", "declined.txt"]}},
            "cancel",
        ],
    ),
    (Prompt("`x` requires approval by policy", proposed_amendment=None), {}, ["accept", "cancel"]),
    (
        Prompt(reason=None, proposed_amendment=["x"]),
        {"additional_permissions": {"network": {}}},
        ["accept", "cancel"],
    ),
    (
        Prompt(reason=None, proposed_amendment=["curl"]),
        {
            "network_approval_context": {"host": "example.com", "protocol": "https"},
            "proposed_network_policy_amendments": [
                {"host": "example.com", "action": "deny"},
                {"host": "example.com", "action": "allow"},
            ],
        },
        [
            "accept",
            "acceptForSession",
            {
                "applyNetworkPolicyAmendment": {
                    "network_policy_amendment": {"host": "example.com", "action": "allow"}
                }
            },
            "cancel",
        ],
    ),
    (
        Prompt(reason=None, proposed_amendment=None),
        {"network_approval_context": {"host": "example.com", "protocol": "https"}},
        ["accept", "acceptForSession", "cancel"],
    ),
]


@pytest.mark.parametrize(("prompt", "context", "expected"), DECISIONS)
def test_available_decisions(prompt: Prompt, context: dict[str, Any], expected: list[Any]) -> None:
    assert available_decisions(prompt, **context) == expected


AMENDMENTS: list[tuple[list[str], list[str] | None, list[str] | None]] = [
    (["/bin/bash", "-lc", "touch declined.txt"], None, ["touch", "declined.txt"]),
    (["/bin/bash", "-lc", "cd x && touch a && ls"], None, ["cd", "x"]),
    (["/bin/bash", "-lc", "ls > x"], None, ["/bin/bash", "-lc", "ls > x"]),
    (["/bin/bash", "-lc", "touch a && touch b"], ["touch"], ["touch"]),
    (["/bin/bash", "-lc", "touch a"], ["bash", "-lc"], ["touch", "a"]),
    (["touch", "a"], None, ["touch", "a"]),
    ([], None, None),
]


@pytest.mark.parametrize(("argv", "prefix_rule", "expected"), AMENDMENTS)
def test_proposed_execpolicy_amendment(
    argv: list[str], prefix_rule: list[str] | None, expected: list[str] | None
) -> None:
    assert proposed_execpolicy_amendment(argv, prefix_rule=prefix_rule) == expected


def test_exec_policy_commands() -> None:
    assert exec_policy_commands(["bash", "-lc", "ls && pwd"]) == [["ls"], ["pwd"]]
    assert exec_policy_commands(["bash", "-lc", "ls > x"]) == [["bash", "-lc", "ls > x"]]
    assert exec_policy_commands(["bash", "-lc", ""]) == [["bash", "-lc", ""]]
    assert exec_policy_commands(["ls", "-la"]) == [["ls", "-la"]]


KEYS: list[tuple[list[str], tuple[str, ...]]] = [
    (["/bin/bash", "-lc", "ls -la"], ("ls", "-la")),
    (["zsh", "-c", "ls -la"], ("ls", "-la")),
    (["/bin/bash", "-lc", "ls && pwd"], ("__codex_shell_script__", "-lc", "ls && pwd")),
    (["/bin/bash", "-c", "ls > x"], ("__codex_shell_script__", "-c", "ls > x")),
    (["ls", "-la"], ("ls", "-la")),
]


@pytest.mark.parametrize(("argv", "canonical"), KEYS, ids=[" ".join(a) for a, _ in KEYS])
def test_session_approval_key(argv: list[str], canonical: tuple[str, ...]) -> None:
    assert session_approval_key(argv, "/w", tty=False, sandbox_permissions=None) == (
        "unified_exec",
        canonical,
        "/w",
        False,
        "use_default",
    )


def test_session_approval_key_separates_cwd_tty_and_escalation() -> None:
    argv = ["/bin/bash", "-lc", "ls"]
    base = session_approval_key(argv, "/w", tty=False, sandbox_permissions=None)
    assert base == session_approval_key(argv, "/w", tty=False, sandbox_permissions="use_default")
    assert base == session_approval_key(
        ["zsh", "-lc", "ls"], "/w", tty=False, sandbox_permissions=None
    )
    assert base != session_approval_key(argv, "/other", tty=False, sandbox_permissions=None)
    assert base != session_approval_key(argv, "/w", tty=True, sandbox_permissions=None)
    assert base != session_approval_key(
        argv, "/w", tty=False, sandbox_permissions="require_escalated"
    )
    assert hash(base) == hash(session_approval_key(argv, "/w", tty=False, sandbox_permissions=None))
