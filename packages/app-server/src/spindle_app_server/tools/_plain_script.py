"""Plain scripts: the commands of a script made only of plain words.

:func:`plain_script_commands` accepts only scripts made of plain words joined by
``&& || ; |`` and newlines, the way the reference's tree-sitter walk
(``shell-command/src/bash.rs``, ``try_parse_word_only_commands_sequence``) accepts them. Its
quirks were pinned against the real 0.169.0 binary: ``~``, globs, ``#``, ``^``, braces and
backslashes outside quotes, escapes inside double quotes, quoted command names and
``NAME=value`` prefixes all make a script "not plain". The approval checks
(:mod:`._command_safety`) and the command summaries (:mod:`._command_actions`) read scripts
through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._shell_grammar import ASSIGNMENT

__all__ = ["plain_script_commands"]


# Outside quotes these are either operators handled below or constructs tree-sitter does
# not report as plain words (observed on 0.169.0: `ls ~`, `ls *.py`, `cat a#b`, `cat a^b`).
_PLAIN_REJECT = frozenset("<>(){}`$*?[]~#^\\\r")
_PLAIN_BREAK = frozenset(" \t\n;&|'\"") | _PLAIN_REJECT
_RESERVED = frozenset(
    {"if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "case"}
    | {"esac", "select", "function", "coproc"}
)


class _NotPlain(Exception):
    pass


@dataclass
class _PlainWord:
    text: str
    segments: int
    bare_name: bool  # one unquoted segment: what tree-sitter accepts as a command name


def plain_script_commands(script: str) -> list[list[str]] | None:
    """Commands of a script of plain words joined by ``&& || ; |`` or newlines.

    ``[]`` for an empty script, ``None`` for anything else the reference would not treat
    as plain (redirections, substitutions, expansions, subshells, control flow...).
    """
    try:
        return _PlainParser(script).parse()
    except _NotPlain:
        return None


class _PlainParser:
    def __init__(self, script: str) -> None:
        self.src = script
        self.pos = 0
        self.commands: list[list[str]] = []
        self.current: list[_PlainWord] = []
        # Set after `&&`, `||` or `|`: another command must follow.
        self.pending_operator = False

    def parse(self) -> list[list[str]]:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch in " \t":
                self.pos += 1
            elif src.startswith("\\\n", self.pos):
                self.pos += 2  # a line continuation
            elif ch == "\n":
                # A newline may also continue a list after `&&`, `||` or `|`.
                if self.current:
                    self._end_command(pipe_follows=False)
                self.pos += 1
            elif ch == ";":
                if src.startswith(";;", self.pos) or not self.current:
                    raise _NotPlain
                self._end_command(pipe_follows=False)
                self.pos += 1
            elif ch in "&|":
                self._operator(ch)
            elif ch in _PLAIN_REJECT:
                raise _NotPlain
            else:
                self.current.append(self._word())
        if self.current:
            self._end_command(pipe_follows=False)
        elif self.pending_operator:
            raise _NotPlain
        return self.commands

    def _operator(self, ch: str) -> None:
        src = self.src
        if src.startswith(ch * 2, self.pos):
            width = 2
        elif ch == "&" or src.startswith("|&", self.pos):
            raise _NotPlain
        else:
            width = 1
        if not self.current:
            raise _NotPlain
        self._end_command(pipe_follows=True)
        self.pos += width

    def _end_command(self, *, pipe_follows: bool) -> None:
        name = self.current[0]
        if (
            not name.bare_name
            or name.text in _RESERVED
            or name.text.startswith("!")
            or ASSIGNMENT.match(name.text)
        ):
            raise _NotPlain
        self.commands.append([word.text for word in self.current])
        self.current = []
        self.pending_operator = pipe_follows

    def _word(self) -> _PlainWord:
        src = self.src
        parts: list[str] = []
        segments = 0
        bare = True
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise _NotPlain
                parts.append(src[self.pos + 1 : end])
                self.pos = end + 1
                bare = False
            elif ch == '"':
                end = src.find('"', self.pos + 1)
                if end < 0:
                    raise _NotPlain
                content = src[self.pos + 1 : end]
                if any(c in content for c in "$`\\"):
                    raise _NotPlain
                parts.append(content)
                self.pos = end + 1
                bare = False
            elif ch in _PLAIN_BREAK and not src.startswith("\\\n", self.pos):
                if ch in _PLAIN_REJECT:
                    raise _NotPlain
                break
            else:
                chars: list[str] = []
                while self.pos < len(src):
                    if src.startswith("\\\n", self.pos):
                        self.pos += 2  # a line continuation joins the halves of a word
                    elif src[self.pos] in _PLAIN_BREAK:
                        break
                    else:
                        chars.append(src[self.pos])
                        self.pos += 1
                parts.append("".join(chars))
            segments += 1
        text = "".join(parts)
        if segments > 1 and not text:
            raise _NotPlain
        return _PlainWord(text, segments, bare and segments == 1)
