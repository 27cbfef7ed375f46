"""The whole shell grammar, read for the literal commands of a script.

:func:`literal_commands` parses control flow, subshells, groups, functions, command and
process substitutions and heredocs, and returns every command whose name is a literal word,
keeping only the literal arguments. A script that does not parse yields ``None``, so an
unbalanced ``if`` is not flagged, as in the reference. :mod:`._command_safety` searches
these commands for dangerous ones.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["ASSIGNMENT", "MAX_DEPTH", "literal_commands"]

#: A ``NAME=value`` (or ``NAME+=value``) word: an assignment, not a command name.
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
#: How deep scripts may nest (a ``bash -c`` inside a ``bash -c``, substitutions).
MAX_DEPTH = 20


class _ParseError(Exception):
    pass


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word", "op" or "nl"
    text: str  # the operator, or the word's source text
    value: str | None = None  # a word's literal value; None when it expands at run time


_OPERATORS = (
    ";;&", "&>>", "<<<", "<<-", "&&", "||", ";;", ";&", "|&", ">>", "<<", "<&", ">&", "&>",
    ">|", "<>", ";", "&", "|", "(", ")", "<", ">",
)  # fmt: skip
_REDIRECTS = frozenset({"<", ">", ">>", "<&", ">&", "&>", "&>>", ">|", "<>", "<<<"})
_HEREDOCS = frozenset({"<<", "<<-"})
_WORD_BREAK = frozenset(" \t\n;&|()<>")
_LIST_ENDS = frozenset({";;", ";&", ";;&", ")"})
_ARRAY_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?\+?=")


def literal_commands(script: str) -> list[list[str]] | None:
    """Every command in ``script`` whose name is a literal word, with its literal arguments.

    Commands nested in control flow, subshells, groups, functions, command and process
    substitutions and unquoted heredoc bodies are included. ``None`` when the script does
    not parse.
    """
    try:
        return _parse_literal(script, depth=0)
    except (_ParseError, RecursionError):
        return None


def _parse_literal(script: str, *, depth: int) -> list[list[str]]:
    if depth > MAX_DEPTH:
        raise _ParseError
    lexer = _Lexer(script, depth)
    tokens = lexer.tokenize()
    parser = _Parser(tokens)
    parser.parse_program()
    return lexer.nested + parser.commands


class _Lexer:
    def __init__(self, src: str, depth: int) -> None:
        self.src = src
        self.pos = 0
        self.depth = depth
        self.nested: list[list[str]] = []
        self.heredocs: list[tuple[str, bool, bool]] = []  # (delimiter, quoted, strip_tabs)

    def tokenize(self) -> list[_Tok]:
        tokens: list[_Tok] = []
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch in " \t\r":
                self.pos += 1
            elif src.startswith("\\\n", self.pos):
                self.pos += 2
            elif ch == "#":
                while self.pos < len(src) and src[self.pos] != "\n":
                    self.pos += 1
            elif ch == "\n":
                tokens.append(_Tok("nl", "\n"))
                self.pos += 1
                self._read_heredoc_bodies()
            elif ch in "<>" and src.startswith("(", self.pos + 1):
                tokens.append(self._word())  # process substitution
            elif ch in _WORD_BREAK:
                op = next(op for op in _OPERATORS if src.startswith(op, self.pos))
                self.pos += len(op)
                tokens.append(_Tok("op", op))
                if op in _HEREDOCS:
                    self._heredoc_delimiter(op)
            else:
                word = self._word()
                following = src[self.pos : self.pos + 1]
                if word.value is not None and word.value.isdigit() and following in ("<", ">"):
                    continue  # a file descriptor number belongs to the redirection after it
                if following == "(" and _ARRAY_ASSIGNMENT.fullmatch(word.text):
                    end = _matching_paren(src, self.pos)
                    self._scan_expansions(src[self.pos + 1 : end])
                    word = _Tok("word", word.text + src[self.pos : end + 1], value=None)
                    self.pos = end + 1
                tokens.append(word)
        if self.heredocs:
            self._read_heredoc_bodies()
        return tokens

    def _heredoc_delimiter(self, op: str) -> None:
        while self.pos < len(self.src) and self.src[self.pos] in " \t":
            self.pos += 1
        start = self.pos
        self._word()
        raw = self.src[start : self.pos]
        if not raw:
            raise _ParseError
        quoted = any(c in raw for c in "'\"\\")
        delimiter = raw.replace("'", "").replace('"', "").replace("\\", "")
        self.heredocs.append((delimiter, quoted, op == "<<-"))

    def _read_heredoc_bodies(self) -> None:
        pending, self.heredocs = self.heredocs, []
        for delimiter, quoted, strip_tabs in pending:
            body: list[str] = []
            while self.pos < len(self.src):
                end = self.src.find("\n", self.pos)
                end = len(self.src) if end < 0 else end
                line = self.src[self.pos : end]
                self.pos = min(end + 1, len(self.src))
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
                body.append(line)
            if not quoted:
                self._scan_expansions("\n".join(body))

    def _scan_expansions(self, text: str) -> None:
        # Unquoted heredoc bodies are text, but their substitutions still run.
        i = 0
        while i < len(text):
            if text[i] == "\\":
                i += 2
            elif text.startswith("$(", i) and not text.startswith("$((", i):
                end = _matching_paren(text, i + 1)
                self.nested += _parse_literal(text[i + 2 : end], depth=self.depth + 1)
                i = end + 1
            elif text[i] == "`":
                end = _closing_backtick(text, i)
                self.nested += _parse_literal(
                    _unescape_backticks(text[i + 1 : end]), depth=self.depth + 1
                )
                i = end + 1
            else:
                i += 1

    def _word(self) -> _Tok:
        src = self.src
        start = self.pos
        value: list[str] = []
        literal = True
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise _ParseError
                value.append(src[self.pos + 1 : end])
                self.pos = end + 1
            elif ch == '"':
                literal = self._double_quoted(value) and literal
            elif ch == "\\":
                if src.startswith("\\\n", self.pos):
                    self.pos += 2
                    continue
                if self.pos + 1 >= len(src):
                    raise _ParseError
                # The reference does not count escaped words as literal (`rm -rf\ x`).
                literal = False
                self.pos += 2
            elif ch == "$":
                self._dollar()
                literal = False
            elif ch == "`":
                self._backticks()
                literal = False
            elif ch in "<>" and src.startswith("(", self.pos + 1):
                end = _matching_paren(src, self.pos + 1)
                self.nested += _parse_literal(src[self.pos + 2 : end], depth=self.depth + 1)
                self.pos = end + 1
                literal = False
            elif ch in _WORD_BREAK:
                break
            else:
                value.append(ch)
                self.pos += 1
        return _Tok("word", src[start : self.pos], "".join(value) if literal else None)

    def _backticks(self) -> None:
        """A `command substitution`: its commands are parsed as nested ones."""
        end = _closing_backtick(self.src, self.pos)
        self.nested += _parse_literal(
            _unescape_backticks(self.src[self.pos + 1 : end]), depth=self.depth + 1
        )
        self.pos = end + 1

    def _double_quoted(self, value: list[str]) -> bool:
        src = self.src
        self.pos += 1
        literal = True
        while True:
            if self.pos >= len(src):
                raise _ParseError
            ch = src[self.pos]
            if ch == '"':
                self.pos += 1
                return literal
            if ch == "\\":
                literal = False
                self.pos += 2
            elif ch == "$":
                self._dollar()
                literal = False
            elif ch == "`":
                self._backticks()
                literal = False
            else:
                value.append(ch)
                self.pos += 1

    def _dollar(self) -> None:
        src = self.src
        nxt = src[self.pos + 1 : self.pos + 2]
        if src.startswith("$((", self.pos):
            self.pos = _matching_paren(src, self.pos + 1) + 1
        elif nxt == "(":
            end = _matching_paren(src, self.pos + 1)
            self.nested += _parse_literal(src[self.pos + 2 : end], depth=self.depth + 1)
            self.pos = end + 1
        elif nxt == "{":
            end = src.find("}", self.pos + 2)
            if end < 0:
                raise _ParseError
            self.pos = end + 1
        elif nxt in ("'", '"'):
            quote = nxt
            i = self.pos + 2
            while i < len(src) and src[i] != quote:
                i += 2 if src[i] == "\\" else 1
            if i >= len(src):
                raise _ParseError
            self.pos = i + 1
        else:
            self.pos += 1
            while self.pos < len(src) and (src[self.pos].isalnum() or src[self.pos] == "_"):
                self.pos += 1
            if (
                self.pos < len(src)
                and src[self.pos] in "@*#?$!-0123456789"
                and src[self.pos - 1] == "$"
            ):
                self.pos += 1


def _matching_paren(src: str, open_index: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``open_index``, skipping quotes."""
    depth = 0
    i = open_index
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "'":
            end = src.find("'", i + 1)
            if end < 0:
                raise _ParseError
            i = end + 1
            continue
        if ch == '"':
            i += 1
            while i < len(src) and src[i] != '"':
                i += 2 if src[i] == "\\" else 1
            i += 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _ParseError


def _closing_backtick(src: str, open_index: int) -> int:
    i = open_index + 1
    while i < len(src):
        if src[i] == "\\":
            i += 2
        elif src[i] == "`":
            return i
        else:
            i += 1
    raise _ParseError


def _unescape_backticks(body: str) -> str:
    return re.sub(r"\\([`$\\])", r"\1", body)


class _Parser:
    """Recursive descent over the shell grammar, collecting literal simple commands."""

    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.i = 0
        self.commands: list[list[str]] = []

    def _peek(self, ahead: int = 0) -> _Tok | None:
        index = self.i + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def _op(self, ops: Collection[str], ahead: int = 0) -> bool:
        tok = self._peek(ahead)
        return tok is not None and tok.kind == "op" and tok.text in ops

    def _keyword(self) -> str | None:
        """The current token when it is an unquoted, unexpanded word."""
        tok = self._peek()
        if tok is not None and tok.kind == "word" and tok.value == tok.text:
            return tok.text
        return None

    def _expect_keyword(self, word: str) -> None:
        if self._keyword() != word:
            raise _ParseError
        self.i += 1

    def _expect_op(self, op: str) -> None:
        if not self._op((op,)):
            raise _ParseError
        self.i += 1

    def _skip_newlines(self) -> None:
        while (tok := self._peek()) is not None and tok.kind == "nl":
            self.i += 1

    def parse_program(self) -> None:
        self._list(frozenset())
        if self._peek() is not None:
            raise _ParseError

    def _list(self, enders: frozenset[str]) -> int:
        """Parse commands until an ender keyword, ``)``, a case terminator or the end."""
        count = 0
        while True:
            self._skip_newlines()
            if self._peek() is None or self._keyword() in enders or self._op(_LIST_ENDS):
                return count
            self._and_or()
            count += 1
            tok = self._peek()
            if tok is not None and (tok.kind == "nl" or self._op((";", "&"))):
                self.i += 1
            elif tok is not None and not self._op(_LIST_ENDS) and self._keyword() not in enders:
                raise _ParseError

    def _and_or(self) -> None:
        self._pipeline()
        while self._op(("&&", "||")):
            self.i += 1
            self._skip_newlines()
            self._pipeline()

    def _pipeline(self) -> None:
        if self._keyword() == "!":
            self.i += 1
        self._command()
        while self._op(("|", "|&")):
            self.i += 1
            self._skip_newlines()
            self._command()

    def _command(self) -> None:
        keyword = self._keyword()
        if self._op(("(",)) and self._op(("(",), ahead=1):
            self._skip_arithmetic()  # `(( expr ))` runs no command
        elif self._op(("(",)):
            self.i += 1
            if self._list(frozenset()) == 0:
                raise _ParseError
            self._expect_op(")")
        elif keyword in _COMPOUND:
            self.i += 1
            _COMPOUND[keyword](self)
        elif keyword == "function":
            self.i += 1
            if self._keyword() is None:
                raise _ParseError
            self.i += 1
            if self._op(("(",)) and self._op((")",), ahead=1):
                self.i += 2
            self._function_body()
            return
        elif keyword is not None and self._op(("(",), ahead=1) and self._op((")",), ahead=2):
            self.i += 3
            self._function_body()
            return
        else:
            self._simple_command()
            return
        self._redirections()

    def _function_body(self) -> None:
        self._skip_newlines()
        self._command()

    def _redirections(self) -> None:
        while self._op(_REDIRECTS | _HEREDOCS):
            self.i += 1
            if self.tokens[self.i - 1].text in _REDIRECTS:
                self._redirect_target()

    def _redirect_target(self) -> None:
        target = self._peek()
        if target is None or target.kind != "word":
            raise _ParseError
        self.i += 1

    def _simple_command(self) -> None:
        start = self.i
        words: list[_Tok] = []
        while True:
            self._redirections()
            tok = self._peek()
            if tok is None or tok.kind != "word":
                break
            self.i += 1
            if words or not ASSIGNMENT.match(tok.text):
                words.append(tok)
        if self.i == start:
            raise _ParseError
        # A command whose name expands at run time cannot be judged; skip it.
        if words and words[0].value is not None:
            self.commands.append([w.value for w in words if w.value is not None])

    # compound commands -------------------------------------------------------------------

    def _if(self) -> None:
        self._list(frozenset({"then"}))
        self._expect_keyword("then")
        self._list(frozenset({"elif", "else", "fi"}))
        while self._keyword() == "elif":
            self.i += 1
            self._list(frozenset({"then"}))
            self._expect_keyword("then")
            self._list(frozenset({"elif", "else", "fi"}))
        if self._keyword() == "else":
            self.i += 1
            self._list(frozenset({"fi"}))
        self._expect_keyword("fi")

    def _loop(self) -> None:
        self._list(frozenset({"do"}))
        self._do_group()

    def _do_group(self) -> None:
        self._skip_newlines()
        self._expect_keyword("do")
        self._list(frozenset({"done"}))
        self._expect_keyword("done")

    def _for(self) -> None:
        if self._op(("(",)) and self._op(("(",), ahead=1):
            self._skip_arithmetic()
        else:
            if self._keyword() is None:
                raise _ParseError
            self.i += 1
            self._skip_newlines()
            if self._keyword() == "in":
                self.i += 1
                while (tok := self._peek()) is not None and tok.kind == "word":
                    self.i += 1
        tok = self._peek()
        if tok is not None and (tok.kind == "nl" or self._op((";",))):
            self.i += 1
        self._do_group()

    def _skip_arithmetic(self) -> None:
        depth = 0
        while (tok := self._peek()) is not None:
            self.i += 1
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return
        raise _ParseError

    def _case(self) -> None:
        tok = self._peek()
        if tok is None or tok.kind != "word":
            raise _ParseError
        self.i += 1
        self._skip_newlines()
        self._expect_keyword("in")
        while True:
            self._skip_newlines()
            if self._keyword() == "esac":
                self.i += 1
                return
            if self._op(("(",)):
                self.i += 1
            while True:
                tok = self._peek()
                if tok is None or tok.kind != "word":
                    raise _ParseError
                self.i += 1
                if not self._op(("|",)):
                    break
                self.i += 1
            self._expect_op(")")
            self._list(frozenset({"esac"}))
            if self._op((";;", ";&", ";;&")):
                self.i += 1

    def _group(self) -> None:
        if self._list(frozenset({"}"})) == 0:
            raise _ParseError
        self._expect_keyword("}")

    def _test(self) -> None:
        while (tok := self._peek()) is not None and not (tok.kind == "word" and tok.text == "]]"):
            self.i += 1
        self._expect_keyword("]]")


_COMPOUND = {
    "if": _Parser._if,
    "while": _Parser._loop,
    "until": _Parser._loop,
    "for": _Parser._for,
    "select": _Parser._for,
    "case": _Parser._case,
    "{": _Parser._group,
    "[[": _Parser._test,
}
