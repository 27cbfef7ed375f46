"""review/start, as recorded from 0.169.0 (``delivery`` ``inline`` only).

* The response announces the review turn with one userMessage (the target's hint, with the
  turn's id) and ``reviewThreadId`` = the thread.
* The work is done by a child review turn (``turn/started`` carries its id, its
  ``rootTurnId`` is the review turn's); the rest arrives under the review turn's id:
  ``enteredReviewMode``, the reviewer's prompt as a userMessage, the reviewer's agent message
  start (no deltas, no completion, no token usage), ``exitedReviewMode`` with the rendered
  review, a final agentMessage with the same text, the read receipt, idle, turn/completed.
* The reviewer gets our review guidelines instead of the base instructions and only
  exec_command, write_stdin, request_user_input and view_image; a base-branch review names
  the merge base (read with dulwich), or asks the reviewer to find it.
* The parent thread's model later reads the results in a ``<user_action>`` message; a
  resumed thread shows the child turn (interrupted, its prompt) before the review turn.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
from tests.support.flows import run_turn, start_thread, text_input
from tests.support.mock_provider import (
    HangingStream,
    HttpError,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)

pytestmark = pytest.mark.requirement("R26")

FULL_ACCESS = {"sandbox": "danger-full-access", "approvalPolicy": "never"}
UNKNOWN = "01a24c49-aee1-7342-9bb8-6cbc29e63840"
UNCOMMITTED_PROMPT = (
    "Review the current code changes (staged, unstaged, and untracked files) and provide "
    "prioritized findings."
)
SILENT = ("thread/tokenUsage/updated", "account/rateLimits/updated", "item/agentMessage/delta")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def _repo(root: Path) -> Path:
    """main: one commit; feature: one more commit and an uncommitted change."""
    work = root / "repo"
    work.mkdir(parents=True)
    _git(work, "init", "-q", "-b", "main")
    _git(work, "config", "user.email", "a@b.invalid")
    _git(work, "config", "user.name", "t")
    (work / "a.txt").write_text("one\n")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "init")
    _git(work, "checkout", "-qb", "feature")
    (work / "a.txt").write_text("one\ntwo\n")
    _git(work, "commit", "-qam", "second change")
    (work / "a.txt").write_text("one\ntwo\nthree\n")
    return work


def _review_json(work: Path) -> str:
    return json.dumps(
        {
            "findings": [
                {
                    "title": "[P1] Bad thing",
                    "body": "line one\nline two\n",
                    "confidence_score": 0.8,
                    "priority": 1,
                    "code_location": {
                        "absolute_file_path": str(work / "a.txt"),
                        "line_range": {"start": 1, "end": 2},
                    },
                },
                {
                    "title": "[P3] Nit",
                    "body": "small",
                    "confidence_score": 0.2,
                    "priority": 3,
                    "code_location": {
                        "absolute_file_path": str(work / "b.txt"),
                        "line_range": {"start": 5, "end": 5},
                    },
                },
            ],
            "overall_correctness": "patch is incorrect",
            "overall_explanation": "  because  ",
            "overall_confidence_score": 0.7,
        }
    )


def _rendered(work: Path) -> str:
    return (
        "because\n\nFull review comments:\n\n"
        f"- [P1] Bad thing \u2014 {work / 'a.txt'}:1-2\n  line one\n  line two\n\n"
        f"- [P3] Nit \u2014 {work / 'b.txt'}:5-5\n  small"
    )


def _connect(spindle: StartServer) -> Connection:
    conn = spindle().connect()
    conn.initialize()
    return conn


def _thread(conn: Connection, work: Path) -> str:
    return str(start_thread(conn, cwd=str(work), **FULL_ACCESS)["id"])


def _review(
    conn: Connection, thread_id: str, target: dict[str, Any], **extra: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    since = conn.mark()
    result = conn.call("review/start", {"threadId": thread_id, "target": target, **extra})
    conn.wait_for(
        "turn/completed",
        lambda m: m["params"]["turn"]["id"] == result["turn"]["id"],
        since=since,
    )
    messages = [m for m in conn.notifications(since=since) if m["method"] not in SILENT]
    return result, messages


def _prompt(request: RecordedRequest) -> str:
    last = request.json["input"][-1]
    return str(last["content"][0]["text"])


def test_bad_targets_and_deliveries_get_the_reference_errors(spindle: StartServer) -> None:
    conn = _connect(spindle)
    tid = start_thread(conn, **FULL_ACCESS)["id"]
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {"threadId": tid, "target": {"type": "bogus"}},
            "Invalid request: unknown variant `bogus`, expected one of `uncommittedChanges`, "
            "`baseBranch`, `commit`, `custom`",
        ),
        (
            {"threadId": tid, "target": {"type": "uncommittedChanges"}, "delivery": "detached"},
            "Invalid request: unknown variant `detached`, expected `inline`",
        ),
        ({"threadId": tid}, "Invalid request: missing field `target`"),
        (
            {"threadId": tid, "target": {"type": "baseBranch"}},
            "Invalid request: missing field `branch`",
        ),
        ({"threadId": tid, "target": {"type": "commit"}}, "Invalid request: missing field `sha`"),
        (
            {"threadId": tid, "target": "uncommittedChanges"},
            'Invalid request: invalid type: string "uncommittedChanges", expected internally '
            "tagged enum ReviewTarget",
        ),
        (
            {"threadId": tid, "target": {"type": "custom", "instructions": "  "}},
            "instructions must not be empty",
        ),
        (
            {"threadId": tid, "target": {"type": "baseBranch", "branch": ""}},
            "branch must not be empty",
        ),
        ({"threadId": tid, "target": {"type": "commit", "sha": " "}}, "sha must not be empty"),
        (
            {"threadId": UNKNOWN, "target": {"type": "uncommittedChanges"}},
            f"thread not found: {UNKNOWN}",
        ),
    ]
    for params, message in cases:
        response = conn.request("review/start", params)
        assert response.get("error") == {"code": -32600, "message": message}, params


def test_an_uncommitted_review_runs_a_child_turn_and_renders_its_findings(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    work = _repo(tmp_path)
    mock_provider.set_default(TextReply.of(_review_json(work)))
    conn = _connect(spindle)
    tid = _thread(conn, work)
    result, messages = _review(conn, tid, {"type": "uncommittedChanges"}, delivery="inline")

    turn = result["turn"]
    parent = turn["id"]
    assert result["reviewThreadId"] == tid
    assert turn["rootTurnId"] is None
    assert turn["status"] == "inProgress" and turn["itemsView"] == "notLoaded"
    assert turn["items"] == [
        {
            "type": "userMessage",
            "id": parent,
            "clientId": None,
            "content": [{"type": "text", "text": "current changes", "text_elements": []}],
            "startedAtMs": None,
            "completedAtMs": None,
        }
    ]

    shape = [
        (m["method"], m["params"].get("item", {}).get("type"))
        for m in messages
        if m["method"] != "warning"
    ]
    assert shape == [
        ("item/started", "enteredReviewMode"),
        ("item/completed", "enteredReviewMode"),
        ("thread/status/changed", None),
        ("turn/started", None),
        ("item/started", "userMessage"),
        ("item/completed", "userMessage"),
        ("item/started", "agentMessage"),
        ("item/started", "exitedReviewMode"),
        ("item/completed", "exitedReviewMode"),
        ("item/started", "agentMessage"),
        ("item/completed", "agentMessage"),
        ("thread/readState/changed", None),
        ("thread/status/changed", None),
        ("turn/completed", None),
    ]
    by_method = [m for m in messages if m["method"] != "warning"]
    assert by_method[1]["params"]["item"]["review"] == "current changes"
    child = by_method[3]["params"]["turn"]
    assert child["id"] != parent and child["rootTurnId"] == parent
    for message in by_method:
        if message["method"].startswith("item/"):
            assert message["params"]["turnId"] == parent
            assert message["params"]["threadId"] == tid
    assert by_method[5]["params"]["item"]["content"][0]["text"] == UNCOMMITTED_PROMPT
    assert by_method[8]["params"]["item"]["review"] == _rendered(work)
    final = by_method[10]["params"]["item"]
    assert final["text"] == _rendered(work) and final["id"].startswith("msg_")
    assert by_method[11]["params"]["readState"]["firstUnread"]["turnId"] == parent
    done = by_method[13]["params"]["turn"]
    assert done["id"] == parent and done["rootTurnId"] == parent
    assert done["status"] == "completed" and done["items"] == [final]

    request = mock_provider.response_requests[-1]
    assert request.tool_names() == [
        "exec_command",
        "write_stdin",
        "request_user_input",
        "view_image",
    ]
    first = request.json["input"][0]
    assert first["role"] == "developer"
    assert first["content"][0]["text"].startswith("# Code review")
    assert _prompt(request) == UNCOMMITTED_PROMPT
    metadata = request.json["client_metadata"]
    assert metadata["turn_id"] == child["id"]
    assert metadata["parent_turn_id"] == metadata["root_turn_id"] == parent
    assert metadata["x-openai-subagent"] == "review"
    assert metadata["x-codex-parent-thread-id"] == tid


def test_each_target_gets_its_prompt_and_hint(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    work = _repo(tmp_path)
    head = _git(work, "rev-parse", "HEAD")
    base = _git(work, "merge-base", "HEAD", "main")
    mock_provider.set_default(TextReply.of(_review_json(work)))
    conn = _connect(spindle)
    tid = _thread(conn, work)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (
            {"type": "baseBranch", "branch": "main"},
            "changes against 'main'",
            f"Review the code changes against the base branch 'main'. The merge base commit for "
            f"this comparison is {base}. Run `git diff {base}` to inspect the changes relative "
            "to main. Provide prioritized, actionable findings.",
        ),
        (
            {"type": "baseBranch", "branch": "nosuch"},
            "changes against 'nosuch'",
            "Review the code changes against the base branch 'nosuch'. Start by finding the "
            "merge diff between the current branch and nosuch's upstream e.g. (`git merge-base "
            'HEAD "$(git rev-parse --abbrev-ref "nosuch@{upstream}")"`), then run `git diff` '
            "against that SHA to see what changes we would merge into the nosuch branch. "
            "Provide prioritized, actionable findings.",
        ),
        (
            {"type": "commit", "sha": head, "title": "second change"},
            f"commit {head[:7]}: second change",
            f'Review the code changes introduced by commit {head} ("second change"). Provide '
            "prioritized, actionable findings.",
        ),
        (
            {"type": "commit", "sha": head},
            f"commit {head[:7]}",
            f"Review the code changes introduced by commit {head}. Provide prioritized, "
            "actionable findings.",
        ),
        (
            {"type": "custom", "instructions": "  Look at the docs please \n"},
            "Look at the docs please",
            "Look at the docs please",
        ),
    ]
    for target, hint, prompt in cases:
        result, messages = _review(conn, tid, target)
        assert result["turn"]["items"][0]["content"][0]["text"] == hint
        entered = next(m for m in messages if m["method"] == "item/completed")
        assert entered["params"]["item"] == {**entered["params"]["item"], "review": hint}
        user = [
            m["params"]["item"]
            for m in messages
            if m["method"] == "item/completed" and m["params"]["item"]["type"] == "userMessage"
        ]
        assert [u["content"][0]["text"] for u in user] == [prompt]
        assert _prompt(mock_provider.response_requests[-1]) == prompt


@pytest.mark.parametrize(
    ("answer", "rendered"),
    [
        ("not json at all", "not json at all"),
        (
            'prefix {"findings": [], "overall_explanation": ""} suffix',
            'prefix {"findings": [], "overall_explanation": ""} suffix',
        ),
        (
            'Here: {"findings": [], "overall_correctness": "patch is correct", '
            '"overall_explanation": "", "overall_confidence_score": 0.5} done',
            "Reviewer failed to output a response.",
        ),
    ],
)
def test_answers_that_are_not_a_review_are_shown_as_text(
    spindle: StartServer, mock_provider: MockProvider, answer: str, rendered: str
) -> None:
    mock_provider.set_default(TextReply.of(answer))
    conn = _connect(spindle)
    tid = start_thread(conn, **FULL_ACCESS)["id"]
    _, messages = _review(conn, tid, {"type": "uncommittedChanges"})
    completed = [m["params"]["item"] for m in messages if m["method"] == "item/completed"]
    assert [(i["type"], i.get("review", i.get("text"))) for i in completed[-2:]] == [
        ("exitedReviewMode", rendered),
        ("agentMessage", rendered),
    ]


def test_a_reviewed_thread_resumes_with_the_review_and_the_model_reads_the_results(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    work = _repo(tmp_path)
    mock_provider.set_default(TextReply.of(_review_json(work)))
    server = spindle()
    conn = server.connect()
    conn.initialize()
    tid = _thread(conn, work)
    result, messages = _review(conn, tid, {"type": "uncommittedChanges"})
    parent = result["turn"]["id"]
    child = next(m for m in messages if m["method"] == "turn/started")["params"]["turn"]["id"]
    live = conn.call("thread/read", {"threadId": tid, "includeTurns": True})["thread"]
    assert live["preview"] == UNCOMMITTED_PROMPT

    def check(turns: list[dict[str, Any]]) -> None:
        assert [(t["id"], t["rootTurnId"], t["status"]) for t in turns] == [
            (child, parent, "interrupted"),
            (parent, parent, "completed"),
        ]
        assert [i["type"] for i in turns[0]["items"]] == ["userMessage"]
        assert turns[0]["items"][0]["content"][0]["text"] == UNCOMMITTED_PROMPT
        items = turns[1]["items"]
        assert [i["type"] for i in items] == [
            "enteredReviewMode",
            "exitedReviewMode",
            "agentMessage",
        ]
        assert items[0]["review"] == "current changes"
        assert items[1]["review"] == items[2]["text"] == _rendered(work)

    check(live["turns"])
    server.restart()
    conn = server.connect()
    conn.initialize()
    resumed = conn.call("thread/resume", {"threadId": tid})["thread"]
    check(resumed["turns"])
    assert resumed["turns"] == live["turns"]

    mock_provider.set_default(TextReply.of("ok"))
    assert run_turn(conn, tid, "fix it").status == "completed"
    texts = [
        (item["role"], item["content"][0]["text"])
        for item in mock_provider.response_requests[-1].json["input"]
        if item.get("type") == "message"
    ]
    results = next(t for r, t in texts if r == "user" and t.startswith("<user_action>"))
    assert results == (
        "<user_action>\n"
        "  <context>User initiated a review task. Here's the full review output from reviewer "
        "model. User may select one or more comments to resolve.</context>\n"
        "  <action>review</action>\n"
        "  <results>\n"
        f"  {_rendered(work)}\n"
        "  </results>\n"
        "  </user_action>\n"
    )
    assert ("assistant", _rendered(work)) in texts
    assert UNCOMMITTED_PROMPT not in [t for _, t in texts]


def _exit_items(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (
            m["params"]["item"]["type"],
            m["params"]["item"].get("review", m["params"]["item"].get("text")),
        )
        for m in messages
        if m["method"] == "item/completed"
        and m["params"]["item"]["type"] in ("exitedReviewMode", "agentMessage")
    ]


INTERRUPTED = [
    ("exitedReviewMode", "Reviewer failed to output a response."),
    ("agentMessage", "Review was interrupted. Please re-run /review and wait for it to complete."),
]


def test_an_interrupted_review_exits_without_a_review(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    mock_provider.set_default(HangingStream())
    conn = _connect(spindle)
    tid = start_thread(conn, **FULL_ACCESS)["id"]
    since = conn.mark()
    parent = conn.call("review/start", {"threadId": tid, "target": {"type": "uncommittedChanges"}})[
        "turn"
    ]["id"]
    child = conn.wait_for("turn/started", since=since)["params"]["turn"]["id"]
    conn.wait_for(
        "item/started", lambda m: m["params"]["item"]["type"] == "agentMessage", since=since
    )
    # As the reference: steering names the review turn, interrupting names its child turn.
    steer = conn.request(
        "turn/steer", {"threadId": tid, "expectedTurnId": child, "input": text_input("more")}
    )
    assert steer["error"] == {
        "code": -32600,
        "message": f"expected active turn id `{child}` but found `{parent}`",
    }
    wrong = conn.request("turn/interrupt", {"threadId": tid, "turnId": parent})
    assert wrong["error"] == {
        "code": -32600,
        "message": f"expected active turn id {parent} but found {child}",
    }
    assert conn.call("turn/interrupt", {"threadId": tid, "turnId": child}) == {}
    conn.wait_for("turn/completed", since=since)
    mock_provider.release()
    messages = [m for m in conn.notifications(since=since) if m["method"] not in SILENT]
    assert _exit_items(messages) == INTERRUPTED
    tail = [m["method"] for m in messages][-3:]
    assert tail == ["thread/readState/changed", "thread/status/changed", "turn/completed"]
    done = messages[-1]["params"]["turn"]
    assert (done["id"], done["status"], done["items"], done["itemsView"]) == (
        parent,
        "interrupted",
        [],
        "notLoaded",
    )

    mock_provider.set_default(TextReply.of("ok"))
    assert run_turn(conn, tid, "go on").status == "completed"
    texts = [
        item["content"][0]["text"]
        for item in mock_provider.response_requests[-1].json["input"]
        if item.get("type") == "message"
    ]
    aborted = texts.index(
        "<user_action>\n"
        "  <context>User initiated a review task, but was interrupted. If user asks about this, "
        "tell them to re-initiate a review with `/review` and wait for it to complete.</context>\n"
        "  <action>review</action>\n"
        "  <results>\n"
        "  None.\n"
        "  </results>\n"
        "</user_action>\n\n"
    )
    assert texts[aborted + 1] == INTERRUPTED[1][1]
    # The wording is each server's own; the tags are the reference's.
    assert texts[aborted + 2].startswith("<turn_aborted>\n")
    assert texts[aborted + 2].endswith("</turn_aborted>")


def test_a_review_replaces_the_running_turn(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    mock_provider.set_default(HangingStream())
    conn = _connect(spindle)
    tid = start_thread(conn, **FULL_ACCESS)["id"]
    since = conn.mark()
    running = conn.call("turn/start", {"threadId": tid, "input": text_input("hang")})["turn"]
    conn.wait_for("item/agentMessage/delta", since=since)
    mock_provider.set_default(TextReply.of("nothing found"))
    review = conn.call("review/start", {"threadId": tid, "target": {"type": "uncommittedChanges"}})
    conn.wait_for(
        "turn/completed",
        lambda m: m["params"]["turn"]["id"] == review["turn"]["id"],
        since=since,
    )
    mock_provider.release()
    messages = [
        m
        for m in conn.notifications(since=since)
        if m["method"] not in (*SILENT, "warning", "item/started", "item/completed")
    ]
    replaced = next(m for m in messages if m["method"] == "turn/completed")["params"]["turn"]
    assert (replaced["id"], replaced["status"]) == (running["id"], "interrupted")
    # The replaced turn is not left unread: the only receipt is the review's.
    receipts = [m for m in messages if m["method"] == "thread/readState/changed"]
    assert [r["params"]["readState"]["firstUnread"]["turnId"] for r in receipts] == [
        review["turn"]["id"]
    ]
    assert _exit_items(conn.notifications(since=since))[-2:] == [
        ("exitedReviewMode", "nothing found"),
        ("agentMessage", "nothing found"),
    ]


def test_a_failed_reviewer_fails_the_review_turn_after_exiting(
    spindle: StartServer, mock_provider: MockProvider
) -> None:
    mock_provider.set_default(
        HttpError(status=400, message="bad request mock", error_type="invalid_request_error")
    )
    conn = _connect(spindle)
    tid = start_thread(conn, **FULL_ACCESS)["id"]
    _, messages = _review(conn, tid, {"type": "uncommittedChanges"})
    # As the reference: the error first, then the review exits, and the thread is not idle.
    assert [m["method"] for m in messages][-8:] == [
        "thread/status/changed",
        "error",
        "item/started",
        "item/completed",
        "item/started",
        "item/completed",
        "thread/readState/changed",
        "turn/completed",
    ]
    assert messages[-8]["params"]["status"] == {"type": "systemError"}
    assert _exit_items(messages) == INTERRUPTED
    done = messages[-1]["params"]["turn"]
    assert done["status"] == "failed" and done["error"] is not None and done["items"] == []


def test_the_reviewer_runs_commands_seen_under_the_review_turn(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    work = _repo(tmp_path)
    mock_provider.set_default(
        Scripted.tool_round_trip(
            ToolCallsReply.call("exec_command", {"cmd": "git status --short"}),
            TextReply.of(_review_json(work)),
        )
    )
    conn = _connect(spindle)
    tid = _thread(conn, work)
    result, messages = _review(conn, tid, {"type": "uncommittedChanges"})
    commands = [
        m
        for m in messages
        if m["method"] == "item/completed" and m["params"]["item"]["type"] == "commandExecution"
    ]
    assert len(commands) == 1
    assert commands[0]["params"]["turnId"] == result["turn"]["id"]
    assert "a.txt" in commands[0]["params"]["item"]["aggregatedOutput"]
    assert _exit_items(messages)[-1] == ("agentMessage", _rendered(work))
    turns = conn.call("thread/read", {"threadId": tid, "includeTurns": True})["thread"]["turns"]
    assert [i["type"] for i in turns[0]["items"]] == ["userMessage", "commandExecution"]


def test_the_reference_resumes_a_reviewed_thread(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    work = _repo(tmp_path)
    mock_provider.set_default(TextReply.of(_review_json(work)))
    ours = spindle(kind="spindle")
    conn = ours.connect()
    conn.initialize()
    tid = _thread(conn, work)
    _review(conn, tid, {"type": "uncommittedChanges"})
    turns = conn.call("thread/read", {"threadId": tid, "includeTurns": True})["thread"]["turns"]
    ours.shutdown()

    home = tmp_path / "reference" / "home"
    shutil.copytree(ours.home / "sessions", home / "sessions")
    reference = spindle(kind="reference", home=home)
    rconn = reference.connect()
    rconn.initialize()
    resumed = rconn.call("thread/resume", {"threadId": tid})["thread"]["turns"]
    assert resumed == turns
    mock_provider.set_default(TextReply.of("ok"))
    assert run_turn(rconn, tid, "fix it", timeout=60).status == "completed"
    texts = [
        item["content"][0]["text"]
        for item in mock_provider.response_requests[-1].json["input"]
        if item.get("type") == "message"
    ]
    assert any(t.startswith("<user_action>") and _rendered(work) in t for t in texts)


def test_the_reviewer_thread_has_its_own_rollout_and_opens_like_a_thread(
    spindle: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    """As the reference: the reviewer runs in a thread of its own, kept in a rollout whose
    session_meta names the reviewed thread. It is not loaded and not listed by default;
    thread/list shows it for the sub-agent source kinds, and thread/read and thread/resume
    open it (its turn: the prompt and the reviewer's raw answer), also after a restart.
    Deleting the reviewed thread leaves it."""
    work = _repo(tmp_path)
    answer = _review_json(work)
    mock_provider.set_default(TextReply.of(answer))
    server = spindle()
    conn = server.connect()
    conn.initialize()
    tid = _thread(conn, work)
    result, messages = _review(conn, tid, {"type": "uncommittedChanges"})
    parent_turn = result["turn"]["id"]
    child_turn = next(m for m in messages if m["method"] == "turn/started")["params"]["turn"]
    assert all(m["params"].get("threadId", tid) == tid for m in messages), (
        "the client hears of the reviewer only under the reviewed thread"
    )

    assert [t["id"] for t in conn.call("thread/list", {})["data"]] == [tid]
    listed = conn.call("thread/list", {"sourceKinds": ["subAgentReview"]})["data"]
    assert [(t["source"], t["parentThreadId"], t["preview"]) for t in listed] == [
        ({"subAgent": "review"}, tid, UNCOMMITTED_PROMPT)
    ]
    reviewer = listed[0]["id"]
    assert [t["id"] for t in conn.call("thread/list", {"sourceKinds": ["subAgent"]})["data"]] == [
        reviewer
    ]
    both = conn.call("thread/list", {"sourceKinds": ["vscode", "subAgentReview"]})["data"]
    assert {t["id"] for t in both} == {tid, reviewer}
    assert conn.call("thread/loaded/list", {})["data"] == [tid]

    rollout = Path(listed[0]["path"])
    lines = [json.loads(line) for line in rollout.read_text().splitlines()]
    meta = lines[0]["payload"]
    assert lines[0]["type"] == "session_meta"
    assert (meta["id"], meta["parent_thread_id"], meta["source"], meta["thread_source"]) == (
        reviewer,
        tid,
        {"subagent": "review"},
        "subagent",
    )
    parent_path = conn.call("thread/read", {"threadId": tid})["thread"]["path"]
    parent_meta = json.loads(Path(parent_path).read_text().splitlines()[0])["payload"]
    assert meta["session_id"] == parent_meta["session_id"]
    # The reviewer's instructions are the review guidelines, not the agent's.
    assert meta["base_instructions"]["text"] != parent_meta["base_instructions"]["text"]
    kinds = [line["payload"].get("type") for line in lines if line["type"] == "event_msg"]
    assert kinds[0] == "task_started" and kinds[-1] == "task_complete"

    def check(thread: dict[str, Any]) -> None:
        assert thread["id"] == reviewer and thread["parentThreadId"] == tid
        assert thread["source"] == {"subAgent": "review"} and thread["threadSource"] == "subagent"
        (turn,) = thread["turns"]
        assert (turn["id"], turn["rootTurnId"], turn["status"]) == (
            child_turn["id"],
            parent_turn,
            "completed",
        )
        assert [(i["type"], i.get("text")) for i in turn["items"]] == [
            ("userMessage", None),
            ("agentMessage", answer),
        ]
        assert turn["items"][0]["content"][0]["text"] == UNCOMMITTED_PROMPT

    check(conn.call("thread/read", {"threadId": reviewer, "includeTurns": True})["thread"])
    server.restart()
    conn = server.connect()
    conn.initialize()
    check(conn.call("thread/read", {"threadId": reviewer, "includeTurns": True})["thread"])
    check(conn.call("thread/resume", {"threadId": reviewer})["thread"])
    conn.call("thread/delete", {"threadId": tid})
    assert rollout.is_file()
    assert conn.call("thread/read", {"threadId": reviewer})["thread"]["parentThreadId"] == tid
