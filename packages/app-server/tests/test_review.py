"""Review targets, the merge base (dulwich) and the rendering of the reviewer's answer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from spindle_app_server._review import (
    TargetError,
    merge_base_with_head,
    parse_review_output,
    render_review_output,
    resolve_target,
    review_results_message,
)

pytestmark = pytest.mark.requirement("R26")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def _commit(cwd: Path, name: str, text: str) -> str:
    (cwd / name).write_text(text)
    _git(cwd, "add", name)
    _git(cwd, "commit", "-qm", f"edit {name}")
    return _git(cwd, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    work = tmp_path / "repo"
    work.mkdir()
    _git(work, "init", "-q", "-b", "main")
    _git(work, "config", "user.email", "a@b.invalid")
    _git(work, "config", "user.name", "t")
    _commit(work, "a.txt", "one\n")
    return work


def _finding(title: str, body: str, path: str, start: int, end: int) -> dict[str, object]:
    return {
        "title": title,
        "body": body,
        "confidence_score": 0.5,
        "priority": 1,
        "code_location": {"absolute_file_path": path, "line_range": {"start": start, "end": end}},
    }


def _output(findings: list[dict[str, object]], explanation: str) -> str:
    return json.dumps(
        {
            "findings": findings,
            "overall_correctness": "patch is incorrect",
            "overall_explanation": explanation,
            "overall_confidence_score": 0.9,
        }
    )


def test_one_finding_gets_the_singular_header_and_bodies_are_indented() -> None:
    output = parse_review_output(
        _output([_finding("T", "a\r\nb\n\nc\n", "/x.py", start=3, end=4)], "E")
    )
    assert (
        render_review_output(output)
        == "E\n\nReview comment:\n\n- T \u2014 /x.py:3-4\n  a\n  b\n  \n  c"
    )


def test_no_explanation_and_no_findings_is_the_fallback_text() -> None:
    assert render_review_output(parse_review_output(_output([], "  "))) == (
        "Reviewer failed to output a response."
    )
    only_findings = parse_review_output(_output([_finding("T", "", "/x.py", start=1, end=1)], ""))
    assert render_review_output(only_findings) == "Review comment:\n\n- T \u2014 /x.py:1-1"


def test_an_answer_that_is_not_a_whole_review_is_kept_as_text() -> None:
    incomplete = '{"findings": [], "overall_explanation": "x"}'
    assert parse_review_output(incomplete)["overall_explanation"] == incomplete
    assert parse_review_output("")["overall_explanation"] == ""
    embedded = "noise " + _output([], "fine") + " trailing"
    assert parse_review_output(embedded)["overall_explanation"] == "fine"
    bad_finding = _output([{"title": "T"}], "x")
    assert parse_review_output(bad_finding)["overall_explanation"] == bad_finding


def test_the_results_message_wraps_the_rendered_review() -> None:
    text = review_results_message("R")
    assert text.startswith("<user_action>\n") and "  <results>\n  R\n  </results>\n" in text


def test_targets_resolve_to_prompts_hints_and_recorded_targets(repo: Path) -> None:
    head = _git(repo, "rev-parse", "HEAD")
    review = resolve_target({"type": "commit", "sha": f" {head} ", "title": "  "}, str(repo))
    assert review.hint == f"commit {head[:7]}"
    assert review.target == {"type": "commit", "sha": head, "title": None}
    custom = resolve_target({"type": "custom", "instructions": " look \n"}, str(repo))
    assert (custom.prompt, custom.hint) == ("look", "look")
    assert resolve_target({"type": "uncommittedChanges"}, str(repo)).hint == "current changes"
    for target, message in [
        ({"type": "custom", "instructions": ""}, "instructions must not be empty"),
        ({"type": "baseBranch", "branch": " "}, "branch must not be empty"),
        ({"type": "commit", "sha": ""}, "sha must not be empty"),
    ]:
        with pytest.raises(TargetError, match=message):
            resolve_target(target, str(repo))


def test_the_merge_base_is_read_from_the_repository(repo: Path, tmp_path: Path) -> None:
    base = _git(repo, "rev-parse", "HEAD")
    _git(repo, "checkout", "-qb", "feature")
    _commit(repo, "b.txt", "feature\n")
    _git(repo, "checkout", "-q", "main")
    _commit(repo, "c.txt", "main moved on\n")
    main_head = _git(repo, "rev-parse", "HEAD")
    _git(repo, "checkout", "-q", "feature")
    assert merge_base_with_head(str(repo), "main") == base
    assert merge_base_with_head(str(repo / "."), "nosuch") is None
    assert merge_base_with_head(str(tmp_path / "elsewhere"), "main") is None
    review = resolve_target({"type": "baseBranch", "branch": "main"}, str(repo))
    assert f"The merge base commit for this comparison is {base}." in review.prompt

    # A clone whose main is behind its upstream: the upstream is compared instead.
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "-b", "main", str(repo), str(clone))
    _git(clone, "config", "user.email", "a@b.invalid")
    _git(clone, "config", "user.name", "t")
    _git(clone, "reset", "-q", "--hard", base)
    _git(clone, "checkout", "-qb", "work")
    _commit(clone, "d.txt", "work\n")
    _git(clone, "merge", "-q", "--no-edit", main_head)
    assert merge_base_with_head(str(clone), "main") == main_head
