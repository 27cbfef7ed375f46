"""Prefix rules: loading ``rules/*.rules``, matching, appending amendments, migrating.

The appended text and the migration were checked against codex 0.169.0 (accepting
``acceptWithExecpolicyAmendment``, and starting it on a home with legacy rules).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from spindle_app_server.tools._execpolicy import (
    ExecPolicy,
    PrefixRule,
    RuleMatch,
    format_allow_rule,
    migrate_legacy_rules,
    parse_rules,
)


def write_rules(home: Path, name: str, text: str) -> Path:
    path = home / "rules" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


VALID: list[tuple[str, list[PrefixRule]]] = [
    (
        'prefix_rule(pattern=["touch", "a.txt"], decision="allow")',
        [PrefixRule((("touch",), ("a.txt",)), "allow")],
    ),
    ('prefix_rule(pattern=["ls"])', [PrefixRule((("ls",),), "allow")]),
    (
        'prefix_rule(pattern=["git", ["status", "diff"]], decision="prompt")',
        [PrefixRule((("git",), ("status", "diff")), "prompt")],
    ),
    (
        'prefix_rule(pattern=[["rm"]], decision="forbidden", justification="use trash")',
        [PrefixRule((("rm",),), "forbidden", "use trash")],
    ),
    (
        'prefix_rule(\n    pattern = ["a"],\n    decision = "prompt",\n)',
        [PrefixRule((("a",),), "prompt")],
    ),
    (
        '# comment\n\nprefix_rule(pattern=["a"], match=["a b"], not_match=[["b"]])\n',
        [PrefixRule((("a",),), "allow")],
    ),
    ('network_rule(host="x.com", protocol="https", decision="allow")', []),
    (
        'prefix_rule(pattern=["é", "a \\"q\\""], decision="allow")',
        [PrefixRule((("é",), ('a "q"',)), "allow")],
    ),
]

INVALID = [
    "prefix_rule(",
    'prefix_rule(pattern=[], decision="allow")',
    'prefix_rule(pattern="ls")',
    'prefix_rule(pattern=["ls", []])',
    'prefix_rule(pattern=["ls", 3])',
    'prefix_rule(pattern=["ls"], decision="deny")',
    'prefix_rule(pattern=["ls"], justification="  ")',
    'prefix_rule(pattern=["ls"], color="red")',
    'prefix_rule(["ls"])',
    "prefix_rule(pattern=[x])",
    "prefix_rule(**rules)",
    'shell_rule(pattern=["ls"])',
    "x = 1",
    "rules.prefix_rule(pattern=['ls'])",
]


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[t for t, _ in VALID])
def test_parse_valid_rules(text: str, expected: list[PrefixRule]) -> None:
    assert parse_rules(text) == expected


@pytest.mark.parametrize("text", INVALID)
def test_invalid_rules_are_skipped_with_a_warning(
    text: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert parse_rules(text) == []
    assert caplog.records


def test_a_broken_line_spares_the_other_rules(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_rules(
        tmp_path,
        "default.rules",
        'prefix_rule(pattern=["ls"], decision="allow")\n'
        "prefix_rule(\n"
        'prefix_rule(pattern=["rm"], decision="forbidden")\n'
        'prefix_rule(pattern=["cat"], decision="maybe")\n',
    )
    with caplog.at_level(logging.WARNING):
        policy = ExecPolicy.load(tmp_path)
    assert policy.rules == [
        PrefixRule((("ls",),), "allow"),
        PrefixRule((("rm",),), "forbidden"),
    ]
    assert any("default.rules:2" in record.getMessage() for record in caplog.records)
    assert any("default.rules:4" in record.getMessage() for record in caplog.records)


def test_load_reads_every_rules_file_in_name_order(tmp_path: Path) -> None:
    write_rules(tmp_path, "b.rules", 'prefix_rule(pattern=["b"])')
    write_rules(tmp_path, "a.rules", 'prefix_rule(pattern=["a"])')
    write_rules(tmp_path, "notes.txt", 'prefix_rule(pattern=["txt"])')
    (tmp_path / "rules" / "dir.rules").mkdir()
    (tmp_path / "rules" / "bad.rules").write_bytes(b"\xff\xfe")
    policy = ExecPolicy.load(tmp_path)
    assert [rule.pattern for rule in policy.rules] == [(("a",),), (("b",),)]


def test_load_without_a_rules_folder_is_empty(tmp_path: Path) -> None:
    assert ExecPolicy.load(tmp_path).rules == []
    assert ExecPolicy.load(tmp_path / "missing").rules == []


MATCH_RULES = """
prefix_rule(pattern=["git"], decision="allow")
prefix_rule(pattern=["git", "push"], decision="prompt")
prefix_rule(pattern=["git", "push", ["--force", "-f"]], decision="forbidden")
prefix_rule(pattern=["ls", "-la"], decision="allow")
"""

MATCHES: list[tuple[list[str], str | None]] = [
    (["git", "status"], "allow"),
    (["git"], "allow"),
    (["git", "push", "origin"], "prompt"),
    (["git", "push", "-f"], "forbidden"),
    (["git", "push", "--force", "origin"], "forbidden"),
    (["ls", "-la", "src"], "allow"),
    (["ls"], None),
    (["ls", "-l"], None),
    (["/usr/bin/git", "status"], None),
    ([], None),
]


@pytest.mark.parametrize(("words", "expected"), MATCHES, ids=[" ".join(w) for w, _ in MATCHES])
def test_strongest_matching_rule_wins(words: list[str], expected: str | None) -> None:
    assert ExecPolicy(parse_rules(MATCH_RULES)).match(words) == expected


def test_matches_report_the_matched_prefix() -> None:
    policy = ExecPolicy(parse_rules(MATCH_RULES))
    assert policy.matches(["git", "push", "-f", "x"]) == [
        RuleMatch(("git",), "allow", justification=None),
        RuleMatch(("git", "push"), "prompt", justification=None),
        RuleMatch(("git", "push", "-f"), "forbidden", justification=None),
    ]


FORMATS: list[tuple[list[str], str]] = [
    (["touch", "declined.txt"], 'prefix_rule(pattern=["touch", "declined.txt"], decision="allow")'),
    (["echo", "Hello, world!"], 'prefix_rule(pattern=["echo", "Hello, world!"], decision="allow")'),
    (
        ["touch", 'a "q" b.txt', "é"],
        'prefix_rule(pattern=["touch", "a \\"q\\" b.txt", "é"], decision="allow")',
    ),
    (["printf", "a\\b\n"], 'prefix_rule(pattern=["printf", "a\\\\b\\n"], decision="allow")'),
]


@pytest.mark.parametrize(("pattern", "line"), FORMATS, ids=[line for _, line in FORMATS])
def test_allow_rule_text(pattern: list[str], line: str) -> None:
    assert format_allow_rule(pattern) == line
    assert parse_rules(line) == [PrefixRule(tuple((t,) for t in pattern), "allow")]


def test_append_creates_the_file_and_applies_the_rule(tmp_path: Path) -> None:
    policy = ExecPolicy.load(tmp_path)
    assert policy.match(["touch", "declined.txt"]) is None
    policy.append_allow_rule(tmp_path, ["touch", "declined.txt"])
    assert (tmp_path / "rules" / "default.rules").read_text() == (
        'prefix_rule(pattern=["touch", "declined.txt"], decision="allow")\n'
    )
    assert policy.match(["touch", "declined.txt", "more"]) == "allow"
    assert ExecPolicy.load(tmp_path).match(["touch", "declined.txt"]) == "allow"


def test_append_adds_a_missing_newline_and_skips_duplicates(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "default.rules", 'prefix_rule(pattern=["ls"], decision="allow")')
    policy = ExecPolicy.load(tmp_path)
    policy.append_allow_rule(tmp_path, ["echo", "Hello, world!"])
    policy.append_allow_rule(tmp_path, ["echo", "Hello, world!"])
    policy.append_allow_rule(tmp_path, ["ls"])
    assert path.read_text() == (
        'prefix_rule(pattern=["ls"], decision="allow")\n'
        'prefix_rule(pattern=["echo", "Hello, world!"], decision="allow")\n'
    )
    assert len(policy.rules) == 2


def test_append_rejects_an_empty_prefix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="empty"):
        ExecPolicy().append_allow_rule(tmp_path, [])
    assert not (tmp_path / "rules").exists()


def test_concurrent_appends_neither_interleave_nor_duplicate(tmp_path: Path) -> None:
    policies = [ExecPolicy() for _ in range(8)]
    patterns = [["cmd", str(i), "x" * 2000] for i in range(40)]

    def append(worker: int) -> None:
        for pattern in patterns:
            policies[worker].append_allow_rule(tmp_path, pattern)

    threads = [threading.Thread(target=append, args=(w,)) for w in range(len(policies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = (tmp_path / "rules" / "default.rules").read_text().splitlines()
    assert sorted(lines) == sorted(format_allow_rule(p) for p in patterns)


LEGACY = (
    'prefix_rule(pattern=["rm"], decision="allow")\n'
    'prefix_rule(pattern=["rm", "-rf"], decision="allow")\n'
    'prefix_rule(pattern=["rm"], decision="prompt")\n'
    'prefix_rule(pattern=["/bin/rm"], decision="allow")\n'
    'prefix_rule(pattern=["python3"], decision="allow")\n'
    'prefix_rule(pattern=["bash", "-lc"], decision="allow")\n'
    'prefix_rule(pattern=["git"], decision="allow")\n'
    "# a comment\n"
    'prefix_rule(pattern=["git", "status"], decision="allow")\n'
    'prefix_rule(pattern = ["rm"], decision = "allow")\n'
    'prefix_rule(pattern=["npx"], decision="allow")\n'
)
MIGRATED = (
    'prefix_rule(pattern=["rm", "-rf"], decision="allow")\n'
    'prefix_rule(pattern=["rm"], decision="prompt")\n'
    'prefix_rule(pattern=["/bin/rm"], decision="allow")\n'
    "# a comment\n"
    'prefix_rule(pattern=["git", "status"], decision="allow")\n'
    'prefix_rule(pattern = ["rm"], decision = "allow")\n'
    'prefix_rule(pattern=["npx"], decision="allow")\n'
)


def test_migration_drops_interpreter_allow_rules_once(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "default.rules", LEGACY)
    assert migrate_legacy_rules(tmp_path)
    assert path.read_text() == MIGRATED
    assert (tmp_path / ".sandbox_migration").read_text() == "v1\n"
    path.write_text(LEGACY)
    assert not migrate_legacy_rules(tmp_path)
    assert path.read_text() == LEGACY


def test_migration_without_rules_only_writes_the_marker(tmp_path: Path) -> None:
    assert migrate_legacy_rules(tmp_path)
    assert not (tmp_path / "rules").exists()
    assert (tmp_path / ".sandbox_migration").read_text() == "v1\n"
