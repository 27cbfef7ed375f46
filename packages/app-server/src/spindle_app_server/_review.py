"""Reviews: what a review target asks of the model, and how its answer is shown.

A ``review/start`` target (``uncommittedChanges``, ``baseBranch``, ``commit``, ``custom``)
becomes the reviewer's prompt and a short hint shown to users (the ``enteredReviewMode``
item). A base-branch review names the merge base, found through dulwich (never the
``git`` program); without one (no repository, unknown branch) the prompt asks the
reviewer to find it. The reviewer answers JSON (findings, overall verdict); the answer is
rendered as the reference renders it into ``exitedReviewMode.review`` and the final agent
message, and recorded for the parent thread's model inside a ``<user_action>`` message.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from dulwich.errors import NotGitRepository
from dulwich.graph import find_merge_base
from dulwich.objects import Commit, ObjectID
from dulwich.refs import Ref
from dulwich.repo import Repo

__all__ = [
    "INTERRUPTED_RESULTS_MESSAGE",
    "INTERRUPTED_TEXT",
    "REVIEW_GUIDELINES",
    "TURN_ABORTED_MESSAGE",
    "ResolvedReview",
    "TargetError",
    "entered_review_item",
    "exited_review_item",
    "merge_base_with_head",
    "parse_review_output",
    "render_review_output",
    "resolve_target",
    "review_results_message",
]

JSON = dict[str, Any]


class TargetError(ValueError):
    """A review target that cannot be reviewed (an empty branch, sha or instructions)."""


# Our own rubric for the reviewer (the reference's text is not reused). It asks for the
# JSON shape that render_review_output reads.
REVIEW_GUIDELINES = """# Code review

You review a change another engineer made. Your job is to find the problems the author \
would want to know about before the change lands, and to say nothing about the rest.

## What deserves a finding

Report an issue only when all of these hold:

- It is a real defect: wrong behaviour, a crash, data loss, a security hole, a race, a \
resource leak, a clear performance trap, or code that will mislead its next reader.
- The change introduced it. Problems that were already there are out of scope.
- It is specific: one problem, in one place, that you can point at and explain.
- You can show how it goes wrong (the input, the call or the environment that triggers it) \
without guessing at intentions the code does not state.
- Fixing it fits the care the rest of the codebase takes: no demands for rigour the project \
does not otherwise practise.

Skip style preferences, naming taste, formatting and speculative refactors. When in doubt, \
leave it out: a short list of real problems beats a long list of maybes. If nothing \
qualifies, say so and return no findings.

## How to work

Inspect the change with the tools you have (read files, run `git diff`, `git show`, \
`git log`, tests if they are cheap). Do not modify files.

## Writing each finding

- `title`: at most 80 characters, imperative, prefixed with its priority tag: `[P0]` \
(blocks release, breaks everyone), `[P1]` (urgent, fix in this change), `[P2]` (should be \
fixed soon), `[P3]` (minor).
- `body`: one short paragraph in Markdown: what is wrong, when it happens, and why it \
matters. Quote at most a few lines of code, in fenced blocks.
- `code_location`: the absolute path of the file and the shortest line range (usually one \
to five lines) that shows the problem; the range must lie inside the changed lines.
- `confidence_score`: 0.0 to 1.0, how sure you are that the problem is real.
- `priority`: 0 to 3, matching the title's tag.

## Verdict

Finish with `overall_correctness` ("patch is correct" or "patch is incorrect": incorrect \
means a finding would break existing code or tests; style issues never make a patch \
incorrect), a one to three sentence `overall_explanation`, and `overall_confidence_score` \
(0.0 to 1.0).

## Output

Answer with one JSON object and nothing else (no Markdown fence around it):

{
  "findings": [
    {
      "title": "<= 80 chars, with a [P0]..[P3] tag",
      "body": "<markdown explanation>",
      "confidence_score": <float 0.0-1.0>,
      "priority": <int 0-3>,
      "code_location": {
        "absolute_file_path": "<absolute path>",
        "line_range": {"start": <int>, "end": <int>}
      }
    }
  ],
  "overall_correctness": "patch is correct" | "patch is incorrect",
  "overall_explanation": "<1-3 sentences>",
  "overall_confidence_score": <float 0.0-1.0>
}
"""

# The prompts the reviewer is given as its user message; clients see them as that turn's
# userMessage item, so they are the reference's words exactly.
_UNCOMMITTED_PROMPT = (
    "Review the current code changes (staged, unstaged, and untracked files) and provide "
    "prioritized findings."
)
_BASE_BRANCH_PROMPT = (
    "Review the code changes against the base branch '{branch}'. The merge base commit for "
    "this comparison is {sha}. Run `git diff {sha}` to inspect the changes relative to "
    "{branch}. Provide prioritized, actionable findings."
)
_BASE_BRANCH_FALLBACK_PROMPT = (
    "Review the code changes against the base branch '{branch}'. Start by finding the merge "
    "diff between the current branch and {branch}'s upstream e.g. (`git merge-base HEAD "
    '"$(git rev-parse --abbrev-ref "{branch}@{{upstream}}")"`), then run `git diff` against '
    "that SHA to see what changes we would merge into the {branch} branch. Provide "
    "prioritized, actionable findings."
)
_COMMIT_PROMPT = (
    "Review the code changes introduced by commit {sha}. Provide prioritized, actionable findings."
)
_COMMIT_TITLED_PROMPT = (
    'Review the code changes introduced by commit {sha} ("{title}"). Provide prioritized, '
    "actionable findings."
)

_FALLBACK_TEXT = "Reviewer failed to output a response."

INTERRUPTED_TEXT = "Review was interrupted. Please re-run /review and wait for it to complete."
"""The final agent message of a review that produced no output (interrupted or failed)."""

# What the parent thread's model is told when the review produced nothing (the reference's
# words, which a resumed reference thread replays as they are).
INTERRUPTED_RESULTS_MESSAGE = (
    "<user_action>\n"
    "  <context>User initiated a review task, but was interrupted. If user asks about this, "
    "tell them to re-initiate a review with `/review` and wait for it to complete.</context>\n"
    "  <action>review</action>\n"
    "  <results>\n"
    "  None.\n"
    "  </results>\n"
    "</user_action>\n\n"
)

TURN_ABORTED_MESSAGE = (
    "<turn_aborted>\n"
    "The user stopped the previous turn deliberately. Commands started through exec_command "
    "may still be running in the background, and a tool call or command that was cut short "
    "may have done only part of its work.\n"
    "</turn_aborted>"
)
"""What the model reads after a turn the user interrupted."""

# How the parent thread's model is told what the review found (the reference's wrapper,
# which a resumed reference thread replays as it is).
_RESULTS_MESSAGE = (
    "<user_action>\n"
    "  <context>User initiated a review task. Here's the full review output from reviewer "
    "model. User may select one or more comments to resolve.</context>\n"
    "  <action>review</action>\n"
    "  <results>\n"
    "  {results}\n"
    "  </results>\n"
    "  </user_action>\n"
)


@dataclass(frozen=True)
class ResolvedReview:
    """A target made concrete: the reviewer's prompt, the hint shown to users, and the
    target as the rollout records it."""

    prompt: str
    hint: str
    target: JSON


def _required_text(target: JSON, key: str) -> str:
    value = str(target.get(key) or "").strip()
    if not value:
        raise TargetError(f"{key} must not be empty")
    return value


def resolve_target(target: JSON, cwd: str) -> ResolvedReview:
    """The prompt, hint and recorded target of a (schema-valid) wire ``ReviewTarget``."""
    kind = target.get("type")
    if kind == "baseBranch":
        branch = _required_text(target, "branch")
        sha = merge_base_with_head(cwd, branch)
        prompt = (
            _BASE_BRANCH_PROMPT.format(branch=branch, sha=sha)
            if sha is not None
            else _BASE_BRANCH_FALLBACK_PROMPT.format(branch=branch)
        )
        return ResolvedReview(
            prompt, f"changes against '{branch}'", {"type": "baseBranch", "branch": branch}
        )
    if kind == "commit":
        sha = _required_text(target, "sha")
        raw_title = target.get("title")
        title = raw_title.strip() if isinstance(raw_title, str) and raw_title.strip() else None
        if title is None:
            return ResolvedReview(
                _COMMIT_PROMPT.format(sha=sha),
                f"commit {sha[:7]}",
                {"type": "commit", "sha": sha, "title": None},
            )
        return ResolvedReview(
            _COMMIT_TITLED_PROMPT.format(sha=sha, title=title),
            f"commit {sha[:7]}: {title}",
            {"type": "commit", "sha": sha, "title": title},
        )
    if kind == "custom":
        instructions = _required_text(target, "instructions")
        return ResolvedReview(
            instructions, instructions, {"type": "custom", "instructions": instructions}
        )
    return ResolvedReview(_UNCOMMITTED_PROMPT, "current changes", {"type": "uncommittedChanges"})


# -- the merge base -------------------------------------------------------------------------


def _resolve_commit(repo: Repo, name: str) -> bytes | None:
    """A branch (local, then remote-tracking), tag or full ref name as a commit id."""
    raw = name.encode()
    for ref in (b"refs/heads/" + raw, b"refs/remotes/" + raw, b"refs/tags/" + raw, raw):
        try:
            obj = repo[repo.refs[Ref(ref)]]
        except KeyError:
            continue
        # Peel annotated tags down to their commit.
        while not isinstance(obj, Commit):
            target = getattr(obj, "object", None)
            if target is None:
                return None
            obj = repo[target[1]]
        return bytes(obj.id)
    return None


def _upstream_ref(repo: Repo, branch: str) -> bytes | None:
    """``refs/remotes/<remote>/<name>`` of the branch's configured upstream, if any."""
    config = repo.get_config()
    section = (b"branch", branch.encode())
    try:
        remote = config.get(section, b"remote")
        merge = config.get(section, b"merge")
    except KeyError:
        return None
    if remote == b"." or not merge.startswith(b"refs/heads/"):
        return None
    return b"refs/remotes/" + remote + b"/" + merge[len(b"refs/heads/") :]


def _ancestors(repo: Repo, head: bytes) -> set[bytes]:
    seen: set[bytes] = set()
    pending = [head]
    while pending:
        sha = pending.pop()
        if sha in seen:
            continue
        seen.add(sha)
        commit = repo[sha]
        if isinstance(commit, Commit):
            pending.extend(commit.parents)
    return seen


def merge_base_with_head(cwd: str, branch: str) -> str | None:
    """The merge base of HEAD and ``branch`` in the repository holding ``cwd``.

    As the reference: when the branch tracks an upstream that has commits the local branch
    lacks, the upstream is compared instead. None when there is no repository, no HEAD
    commit, no such branch or no common ancestor.
    """
    try:
        repo = Repo.discover(cwd)
    except (NotGitRepository, OSError, ValueError):
        return None
    try:
        try:
            head = repo.head()
        except KeyError:
            return None
        target = _resolve_commit(repo, branch)
        if target is None:
            return None
        upstream = _upstream_ref(repo, branch)
        if upstream is not None and Ref(upstream) in repo.refs:
            remote = bytes(repo.refs[Ref(upstream)])
            if remote not in _ancestors(repo, target):
                target = remote
        bases = find_merge_base(repo, [head, ObjectID(target)])
        return bases[0].decode() if bases else None
    except Exception:  # a damaged repository: let the reviewer find the base itself
        return None
    finally:
        repo.close()


# -- the reviewer's answer ------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _finding(value: Any) -> JSON | None:
    if not isinstance(value, dict):
        return None
    location = value.get("code_location")
    if not isinstance(location, dict):
        return None
    lines = location.get("line_range")
    if not isinstance(lines, dict):
        return None
    start, end = _integer(lines.get("start")), _integer(lines.get("end"))
    title, body = value.get("title"), value.get("body")
    path = location.get("absolute_file_path")
    confidence, priority = _number(value.get("confidence_score")), _integer(value.get("priority"))
    if (
        not isinstance(title, str)
        or not isinstance(body, str)
        or not isinstance(path, str)
        or start is None
        or end is None
        or start < 0
        or end < 0
        or confidence is None
        or priority is None
    ):
        return None
    return {
        "title": title,
        "body": body,
        "confidence_score": value["confidence_score"],
        "priority": priority,
        "code_location": {"absolute_file_path": path, "line_range": {"start": start, "end": end}},
    }


def _output_from_json(text: str) -> JSON | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    findings = value.get("findings")
    correctness = value.get("overall_correctness")
    explanation = value.get("overall_explanation")
    confidence = _number(value.get("overall_confidence_score"))
    if (
        not isinstance(findings, list)
        or not isinstance(correctness, str)
        or not isinstance(explanation, str)
        or confidence is None
    ):
        return None
    parsed = [_finding(f) for f in findings]
    if any(f is None for f in parsed):
        return None
    return {
        "findings": parsed,
        "overall_correctness": correctness,
        "overall_explanation": explanation,
        "overall_confidence_score": value["overall_confidence_score"],
    }


def parse_review_output(text: str) -> JSON:
    """The reviewer's answer as a review output: the JSON it wrote, else the first ``{`` to
    the last ``}`` of it, else the whole text as the explanation."""
    output = _output_from_json(text)
    if output is not None:
        return output
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        output = _output_from_json(text[start : end + 1])
        if output is not None:
            return output
    return {
        "findings": [],
        "overall_correctness": "",
        "overall_explanation": text,
        "overall_confidence_score": 0.0,
    }


def _findings_block(findings: list[JSON]) -> str:
    lines = ["Full review comments:" if len(findings) > 1 else "Review comment:"]
    for finding in findings:
        location = finding["code_location"]
        lines.append("")
        lines.append(
            f"- {finding['title']} \u2014 {location['absolute_file_path']}:"
            f"{location['line_range']['start']}-{location['line_range']['end']}"
        )
        # As Rust's str::lines: no empty last line for a trailing newline, no \r kept.
        lines.extend(f"  {line}" for line in _rust_lines(str(finding["body"])))
    return "\n".join(lines)


def _rust_lines(text: str) -> list[str]:
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [p[:-1] if p.endswith("\r") else p for p in parts]


def render_review_output(output: JSON | None) -> str:
    """The review as text: the explanation, then the findings block (the fallback text for
    no review at all)."""
    if output is None:
        return _FALLBACK_TEXT
    sections: list[str] = []
    explanation = str(output.get("overall_explanation") or "").strip()
    if explanation:
        sections.append(explanation)
    findings = [f for f in output.get("findings") or [] if isinstance(f, dict)]
    if findings:
        block = _findings_block(findings).strip()
        if block:
            sections.append(block)
    return "\n\n".join(sections) if sections else _FALLBACK_TEXT


def review_results_message(rendered: str) -> str:
    """The user message telling the parent thread's model what the review found."""
    return _RESULTS_MESSAGE.replace("{results}", rendered)


# -- items ----------------------------------------------------------------------------------


def entered_review_item(item_id: str, hint: str, started: Any, completed: Any) -> JSON:
    return {
        "type": "enteredReviewMode",
        "id": item_id,
        "review": hint,
        "startedAtMs": started,
        "completedAtMs": completed,
    }


def exited_review_item(item_id: str, review: str, started: Any, completed: Any) -> JSON:
    return {
        "type": "exitedReviewMode",
        "id": item_id,
        "review": review,
        "startedAtMs": started,
        "completedAtMs": completed,
    }
