"""Prefix rules from ``$CODEX_HOME/rules/*.rules``, as the reference's ``codex-rs/execpolicy``.

A rules file is Starlark; the only statement that matters here is::

    prefix_rule(pattern=["git", ["status", "diff"]], decision="prompt", justification="...")

``pattern`` tokens are strings or lists of alternatives; ``decision`` is ``allow`` (the
default), ``prompt`` or ``forbidden``. A command matches a rule when the pattern is a prefix
of its words; the strongest decision wins (forbidden > prompt > allow).

Deliberate differences from the reference:

- The reference rejects a whole file when any statement is invalid (and then runs with no
  rules). Here each bad statement is skipped with a warning and the rest still apply.
- ``match``/``not_match`` examples are accepted but not checked; ``network_rule`` and
  ``host_executable`` are ignored, so an absolute program path (``/bin/rm``) only matches
  a rule that spells that path.
"""

from __future__ import annotations

import ast
import fcntl
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "BANNED_PREFIX_SUGGESTIONS",
    "Decision",
    "ExecPolicy",
    "PrefixRule",
    "RuleMatch",
    "format_allow_rule",
    "migrate_legacy_rules",
    "parse_rules",
]

log = logging.getLogger(__name__)

Decision = Literal["allow", "prompt", "forbidden"]
_STRENGTH: dict[str, int] = {"allow": 0, "prompt": 1, "forbidden": 2}
_DEFAULT_RULES_FILE = "default.rules"
_MIGRATION_MARKER = ".sandbox_migration"

# Prefixes that would allow any program at all: the reference (0.169.0) neither suggests
# them as amendments nor keeps them as allow rules in default.rules. Probed entry by entry
# against the binary; the list there may hold more.
_INTERPRETERS = (
    "bash", "sh", "zsh", "dash", "ksh", "fish", "/bin/bash", "/bin/zsh", "/bin/sh",
    "python", "python3", "py", "pythonw", "pyw", "pypy", "pypy3", "node", "nodejs", "deno",
    "bun", "perl", "ruby", "php", "lua", "julia", "Rscript", "osascript", "pwsh",
    "powershell", "powershell.exe", "cmd", "cmd.exe", "env", "sudo", "git", "rm",
)  # fmt: skip
_INLINE_CODE = (
    ("bash", "-lc"), ("bash", "-c"), ("sh", "-c"), ("sh", "-lc"), ("zsh", "-lc"),
    ("zsh", "-c"), ("/bin/bash", "-lc"), ("/bin/bash", "-c"), ("/bin/zsh", "-lc"),
    ("/bin/sh", "-c"), ("python", "-"), ("python", "-c"), ("python3", "-"),
    ("python3", "-c"), ("py", "-3"), ("node", "-e"), ("perl", "-e"), ("ruby", "-e"),
    ("php", "-r"), ("lua", "-e"), ("pwsh", "-Command"), ("pwsh", "-c"),
    ("powershell", "-Command"), ("powershell", "-c"), ("powershell.exe", "-Command"),
    ("powershell.exe", "-c"), ("cmd.exe", "/c"), ("cmd.exe", "/k"),
)  # fmt: skip
BANNED_PREFIX_SUGGESTIONS: frozenset[tuple[str, ...]] = frozenset(
    {(name,) for name in _INTERPRETERS} | set(_INLINE_CODE)
)


@dataclass(frozen=True)
class PrefixRule:
    """One rule; each pattern position holds the accepted alternatives."""

    pattern: tuple[tuple[str, ...], ...]
    decision: Decision
    justification: str | None = None

    def matched_prefix(self, words: list[str]) -> list[str] | None:
        if len(words) < len(self.pattern):
            return None
        for word, alternatives in zip(words, self.pattern, strict=False):
            if word not in alternatives:
                return None
        return words[: len(self.pattern)]


@dataclass(frozen=True)
class RuleMatch:
    """A rule that matched a command, with the words it matched."""

    matched_prefix: tuple[str, ...]
    decision: Decision
    justification: str | None


class ExecPolicy:
    """The prefix rules of one ``$CODEX_HOME``."""

    def __init__(self, rules: Iterable[PrefixRule] = ()) -> None:
        self._rules = list(rules)

    @property
    def rules(self) -> list[PrefixRule]:
        return list(self._rules)

    @classmethod
    def load(cls, home: Path) -> ExecPolicy:
        """Read ``home/rules/*.rules`` in name order; bad statements are skipped."""
        rules_dir = Path(home) / "rules"
        try:
            paths = sorted(p for p in rules_dir.iterdir() if p.suffix == ".rules" and p.is_file())
        except OSError:
            return cls()
        rules: list[PrefixRule] = []
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                log.warning("cannot read rules file %s: %s", path, exc)
                continue
            rules.extend(parse_rules(text, source=str(path)))
        return cls(rules)

    def matches(self, words: list[str]) -> list[RuleMatch]:
        """Every rule whose pattern is a prefix of ``words``, in file order."""
        found: list[RuleMatch] = []
        for rule in self._rules:
            prefix = rule.matched_prefix(words)
            if prefix is not None:
                found.append(RuleMatch(tuple(prefix), rule.decision, rule.justification))
        return found

    def match(self, argv_words: list[str]) -> str | None:
        """The strongest decision of the rules matching ``argv_words``, or ``None``."""
        decisions = [m.decision for m in self.matches(argv_words)]
        return max(decisions, key=_STRENGTH.__getitem__) if decisions else None

    def add_prefix_rule(self, pattern: list[str], decision: Decision) -> None:
        """Add a rule in memory only."""
        if not pattern:
            raise ValueError("prefix cannot be empty")
        self._rules.append(PrefixRule(tuple((token,) for token in pattern), decision))

    def append_allow_rule(self, home: Path, pattern: list[str]) -> None:
        """Persist ``pattern`` as an allow rule in ``home/rules/default.rules`` and apply it.

        The line is the reference's exact text. The file is locked while it is checked and
        appended in one write, so concurrent appends neither interleave nor duplicate.
        """
        if not pattern:
            raise ValueError("prefix cannot be empty")
        line = format_allow_rule(pattern)
        path = Path(home) / "rules" / _DEFAULT_RULES_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            existing = _read_all(fd)
            if line not in existing.splitlines():
                prefix = "\n" if existing and not existing.endswith("\n") else ""
                os.write(fd, f"{prefix}{line}\n".encode())
        finally:
            os.close(fd)
        if self.match(pattern) != "allow":
            self.add_prefix_rule(pattern, "allow")


def _read_all(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def format_allow_rule(pattern: list[str]) -> str:
    """``prefix_rule(pattern=["touch", "a.txt"], decision="allow")``, tokens as JSON strings."""
    tokens = ", ".join(json.dumps(token, ensure_ascii=False) for token in pattern)
    return f'prefix_rule(pattern=[{tokens}], decision="allow")'


# --- parsing -------------------------------------------------------------------------------


class _BadRule(ValueError):
    pass


def parse_rules(text: str, *, source: str = "<rules>") -> list[PrefixRule]:
    """The prefix rules of one file; statements that are not valid rules are skipped."""
    statements: list[tuple[int, ast.stmt]] = []
    try:
        statements = [(0, node) for node in ast.parse(text, filename=source).body]
    except SyntaxError:
        # Fall back to one statement per line so one broken line spares the others.
        for offset, line in enumerate(text.splitlines()):
            try:
                statements.extend((offset, node) for node in ast.parse(line).body)
            except SyntaxError as exc:
                log.warning(
                    "%s:%d: ignoring a line that does not parse: %s", source, offset + 1, exc.msg
                )
    rules: list[PrefixRule] = []
    for offset, statement in statements:
        try:
            rules.extend(_rules_of(statement))
        except _BadRule as exc:
            log.warning("%s:%d: ignoring rule: %s", source, offset + statement.lineno, exc)
    return rules


def _rules_of(statement: ast.stmt) -> list[PrefixRule]:
    if not isinstance(statement, ast.Expr) or not isinstance(statement.value, ast.Call):
        raise _BadRule("not a rule call")
    call = statement.value
    if not isinstance(call.func, ast.Name):
        raise _BadRule("not a rule call")
    if call.func.id in ("network_rule", "host_executable"):
        return []
    if call.func.id != "prefix_rule":
        raise _BadRule(f"unknown function {call.func.id}")
    if call.args:
        raise _BadRule("prefix_rule takes keyword arguments only")
    kwargs: dict[str, object] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise _BadRule("**kwargs are not supported")
        try:
            kwargs[keyword.arg] = ast.literal_eval(keyword.value)
        except ValueError as exc:
            raise _BadRule(f"{keyword.arg} is not a literal") from exc
    unknown = set(kwargs) - {"pattern", "decision", "justification", "match", "not_match"}
    if unknown:
        raise _BadRule(f"unexpected argument {sorted(unknown)[0]}")
    pattern = _pattern(kwargs.get("pattern"))
    decision = _decision(kwargs.get("decision", "allow"))
    justification = kwargs.get("justification")
    if justification is None:
        return [PrefixRule(pattern, decision)]
    if not isinstance(justification, str) or not justification.strip():
        raise _BadRule("justification cannot be empty")
    return [PrefixRule(pattern, decision, justification)]


def _decision(raw: object) -> Decision:
    if raw == "allow":
        return "allow"
    if raw == "prompt":
        return "prompt"
    if raw == "forbidden":
        return "forbidden"
    raise _BadRule(f"invalid decision {raw!r}")


def _pattern(raw: object) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list) or not raw:
        raise _BadRule("pattern must be a non-empty list")
    tokens: list[tuple[str, ...]] = []
    for element in raw:
        if isinstance(element, str):
            tokens.append((element,))
        elif (
            isinstance(element, list)
            and element
            and all(isinstance(alternative, str) for alternative in element)
        ):
            tokens.append(tuple(element))
        else:
            raise _BadRule("pattern elements must be strings or non-empty lists of strings")
    return tuple(tokens)


# --- one-time migration --------------------------------------------------------------------


def migrate_legacy_rules(home: Path) -> bool:
    """Drop allow rules for interpreter prefixes from ``default.rules``, once per home.

    The reference (0.169.0) does this at startup and records it in ``.sandbox_migration``
    (``v1``). Only lines spelled exactly as an appended amendment are removed. Returns
    whether the migration ran now.
    """
    home = Path(home)
    marker = home / _MIGRATION_MARKER
    if marker.exists():
        return False
    path = home / "rules" / _DEFAULT_RULES_FILE
    banned = {format_allow_rule(list(prefix)) for prefix in BANNED_PREFIX_SUGGESTIONS}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    if text is not None:
        kept = [line for line in text.splitlines(keepends=True) if line.rstrip("\n") not in banned]
        if len(kept) != len(text.splitlines()):
            path.write_text("".join(kept), encoding="utf-8")
    home.mkdir(parents=True, exist_ok=True)
    marker.write_text("v1\n", encoding="utf-8")
    return True
