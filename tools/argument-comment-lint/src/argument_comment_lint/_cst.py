"""The precise pass: one libcst parse per candidate file, all rules in one visit.

Only files with at least one resolved call site get here. Argument comments are
read both after the comma and after the argument (the comment lands in either
place depending on whether a comma follows; LibCST #1377), and ``# noqa`` is
honoured on the argument's lines and on the call's last line.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from ._binding import bind
from ._model import ResolvedCall
from ._rule import ArgInfo, CallInfo, Fix, LintRule, Report

ARG_COMMENT = re.compile(r"#\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:#.*)?$")
# Single words that are tool pragmas or notes, never argument comments.
NOT_ARGUMENT_NAMES = frozenset(
    {"noqa", "nosec", "nocover", "TODO", "FIXME", "XXX", "HACK", "NOTE", "type"}
)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z0-9_\-]+(?:[\s,]+[A-Za-z0-9_\-]+)*))?", re.I)
_LITERAL_NAMES = frozenset({"None", "True", "False"})
_NUMBERS = (cst.Integer, cst.Float, cst.Imaginary)
_EMPTY = cst.Module([])


@dataclass(frozen=True, slots=True)
class RawFinding:
    line: int
    column: int  # 1-based
    end_line: int
    end_column: int
    rule: str
    message: str
    suggestion: str
    fixable: bool


@dataclass(frozen=True, slots=True)
class FileResult:
    findings: tuple[RawFinding, ...]
    new_source: bytes | None  # set when fixes were applied
    fixed: int


def is_literal_like(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value in _LITERAL_NAMES
    if isinstance(node, _NUMBERS):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus | cst.Plus):
        return isinstance(node.expression, _NUMBERS)
    return False


def _comment_of(ws: object) -> cst.Comment | None:
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return ws.first_line.comment
    return None


def _arg_comment(arg: cst.Arg) -> cst.Comment | None:
    """The comment right after the argument: after its comma, or after it when no comma."""
    comment = _comment_of(arg.whitespace_after_arg)
    if comment is None and isinstance(arg.comma, cst.Comma):
        comment = _comment_of(arg.comma.whitespace_after)
    return comment


def argument_name(comment: cst.Comment | None) -> str | None:
    if comment is None:
        return None
    match = ARG_COMMENT.match(comment.value)
    if match is None or match.group(1) in NOT_ARGUMENT_NAMES:
        return None
    return match.group(1)


def _can_comment(arg: cst.Arg) -> bool:
    """A line break follows the argument (after its comma if any) and holds no comment."""
    if isinstance(arg.comma, cst.Comma):
        if _comment_of(arg.whitespace_after_arg) is not None:
            return False
        ws = arg.comma.whitespace_after
    else:
        ws = arg.whitespace_after_arg
    return isinstance(ws, cst.ParenthesizedWhitespace) and ws.first_line.comment is None


class _NoqaIndex:
    """Comments by line, tokenized lazily (only for files with findings)."""

    def __init__(self, code: str) -> None:
        self._code = code
        self._comments: dict[int, str] | None = None

    def _load(self) -> dict[int, str]:
        comments: dict[int, str] = {}
        try:
            for tok in tokenize.generate_tokens(io.StringIO(self._code).readline):
                if tok.type == tokenize.COMMENT:
                    comments[tok.start[0]] = tok.string
        except (tokenize.TokenError, SyntaxError):
            pass
        return comments

    def suppresses(self, lines: Sequence[int], rule: str) -> bool:
        if self._comments is None:
            self._comments = self._load()
        for line in lines:
            comment = self._comments.get(line)
            if comment is None:
                continue
            match = _NOQA.search(comment)
            if match is None:
                continue
            codes = match.group("codes")
            if codes is None:
                return True
            if rule in {c.lower() for c in re.split(r"[\s,]+", codes) if c}:
                return True
        return False


class _Visitor(cst.CSTVisitor):
    def __init__(
        self,
        positions: Mapping[cst.CSTNode, CodeRange],
        resolved: Mapping[tuple[int, int, int, int], ResolvedCall],
        rules: Sequence[LintRule],
        noqa: _NoqaIndex,
    ) -> None:
        self.positions = positions
        self.resolved = resolved
        self.rules = rules
        self.noqa = noqa
        self.findings: list[RawFinding] = []
        self.fixes: dict[int, tuple[cst.Arg, Fix]] = {}

    def visit_Call(self, node: cst.Call) -> None:
        pos = self.positions[node]
        key = (pos.start.line, pos.start.column, pos.end.line, pos.end.column)
        resolved = self.resolved.get(key)
        if resolved is None or not node.args:
            return
        shape = []
        for arg in node.args:
            starred = {"": 0, "*": 1, "**": 2}[arg.star]
            shape.append((arg.keyword.value if arg.keyword else None, starred))
        binding = bind(resolved.params, shape)
        if binding is None:
            return
        infos = []
        for index, (arg, param) in enumerate(zip(node.args, binding, strict=True)):
            keyword, starred = shape[index]
            infos.append(
                ArgInfo(
                    index,
                    arg,
                    param,
                    keyword,
                    starred,
                    starred == 0 and is_literal_like(arg.value),
                    _EMPTY.code_for_node(arg.value),
                    argument_name(_arg_comment(arg)),
                    _can_comment(arg),
                )
            )
        call_end = pos.end.line

        def suppressed(rule: str, index: int) -> bool:
            arg_pos = self.positions[node.args[index]]
            lines = [*range(arg_pos.start.line, arg_pos.end.line + 1), call_end]
            return self.noqa.suppresses(lines, rule)

        info = CallInfo(node, resolved, infos, suppressed)
        for rule in self.rules:
            for report in rule.check(info):
                self._record(rule, info, report)

    def _record(self, rule: LintRule, call: CallInfo, report: Report) -> None:
        arg = call.args[report.arg_index].node
        pos = self.positions[arg.value]
        self.findings.append(
            RawFinding(
                pos.start.line,
                pos.start.column + 1,
                pos.end.line,
                pos.end.column + 1,
                rule.name,
                report.message,
                report.suggestion,
                report.fix is not None,
            )
        )
        if report.fix is not None:
            self.fixes[id(arg)] = (arg, report.fix)


def _with_comment(ws: cst.BaseParenthesizableWhitespace, text: str) -> cst.ParenthesizedWhitespace:
    assert isinstance(ws, cst.ParenthesizedWhitespace)
    first = ws.first_line
    if first.comment is None:
        first = first.with_changes(whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(text))
    else:
        value = first.comment.value
        match = ARG_COMMENT.match(value)
        if match is not None:
            value = value[: match.start(1)] + text[2:] + value[match.end(1) :]
        first = first.with_changes(comment=cst.Comment(value))
    return ws.with_changes(first_line=first)


class _Fixer(cst.CSTTransformer):
    def __init__(self, fixes: Mapping[int, tuple[cst.Arg, Fix]]) -> None:
        self.fixes = fixes

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        entry = self.fixes.get(id(original_node))
        if entry is None or entry[0] is not original_node:
            return updated_node
        fix = entry[1]
        if fix.kind == "keyword":
            return updated_node.with_changes(
                keyword=cst.Name(fix.name),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""),
                    whitespace_after=cst.SimpleWhitespace(""),
                ),
            )
        text = f"# {fix.name}"
        if fix.kind == "replace_comment":
            if _comment_of(updated_node.whitespace_after_arg) is not None:
                return updated_node.with_changes(
                    whitespace_after_arg=_with_comment(updated_node.whitespace_after_arg, text)
                )
            comma = updated_node.comma
            assert isinstance(comma, cst.Comma)
            return updated_node.with_changes(
                comma=comma.with_changes(
                    whitespace_after=_with_comment(comma.whitespace_after, text)
                )
            )
        # add_comment
        comma = updated_node.comma
        if isinstance(comma, cst.Comma):
            return updated_node.with_changes(
                comma=comma.with_changes(
                    whitespace_after=_with_comment(comma.whitespace_after, text)
                )
            )
        return updated_node.with_changes(
            whitespace_after_arg=_with_comment(updated_node.whitespace_after_arg, text)
        )


Key = tuple[int, int, int, int]
Site = tuple[Key, "tuple[int, int] | None", ResolvedCall]


def _decode(source: bytes) -> tuple[str, str]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError:
        encoding = "utf-8"
    return source.decode(encoding), encoding


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _check_fragment(
    lines: list[str],
    span: tuple[int, int],
    sites: Sequence[Site],
    rules: Sequence[LintRule],
    fix: bool,
) -> tuple[list[RawFinding], list[str] | None, int]:
    """Parse lines ``span`` (dedented) with libcst, check its sites, maybe fix them."""
    first, last = span
    chunk = lines[first - 1 : last]
    head = chunk[0]
    indent = head[: len(head) - len(head.lstrip(" \t"))]
    stripped = [bool(indent) and line.startswith(indent) for line in chunk]
    width = len(indent)
    code = "".join(line[width:] if cut else line for line, cut in zip(chunk, stripped, strict=True))
    if not code.endswith(("\n", "\r")):
        code += "\n"

    def shift(line: int) -> int:
        return width if stripped[line - first] else 0

    resolved = {}
    for (line, col, end_line, end_col), _span, call in sites:
        key = (line - first + 1, col - shift(line), end_line - first + 1, end_col - shift(end_line))
        resolved[key] = call
    module = cst.parse_module(code)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    visitor = _Visitor(positions, resolved, rules, _NoqaIndex(code))
    module.visit(visitor)
    findings = []
    for f in visitor.findings:
        line, end_line = f.line + first - 1, f.end_line + first - 1
        findings.append(
            RawFinding(
                line,
                f.column + shift(line),
                end_line,
                f.end_column + shift(end_line),
                f.rule,
                f.message,
                f.suggestion,
                f.fixable,
            )
        )
    if not fix or not visitor.fixes:
        return findings, None, 0
    new_code = module.visit(_Fixer(visitor.fixes)).code
    new_lines = io.StringIO(new_code, newline="").readlines()
    if len(new_lines) != len(chunk):
        raise _FragmentError("a fix changed the number of lines")
    out = [indent + line if cut else line for line, cut in zip(new_lines, stripped, strict=True)]
    if not chunk[-1].endswith(("\n", "\r")):
        out[-1] = out[-1].rstrip("\r\n")
    return findings, out, len(visitor.fixes)


class _FragmentError(Exception):
    pass


def check_source(
    source: bytes,
    sites: Sequence[Site],
    rules: Sequence[LintRule],
    fix: bool = False,
) -> FileResult:
    """Run every rule over the resolved calls of one file; apply fixes when asked.

    Only the statements holding the calls are parsed with libcst (each dedented to a
    module of its own), unless one fails to parse; then the whole file is.
    """
    text, encoding = _decode(source)
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    lines = io.StringIO(text, newline="").readlines() or [""]
    spans = [span for _key, span, _call in sites]
    try:
        if any(span is None for span in spans):
            raise _FragmentError("no span")
        return _check_spans(
            lines, _merge([s for s in spans if s is not None]), sites, rules, fix, encoding, bom
        )
    except (_FragmentError, cst.ParserSyntaxError):
        return _check_spans(lines, [(1, len(lines))], sites, rules, fix, encoding, bom)


def _check_spans(
    lines: list[str],
    spans: list[tuple[int, int]],
    sites: Sequence[Site],
    rules: Sequence[LintRule],
    fix: bool,
    encoding: str,
    bom: bool,
) -> FileResult:
    findings: list[RawFinding] = []
    replaced = list(lines)
    fixed = 0
    for span in spans:
        inside = [site for site in sites if span[0] <= site[0][0] and site[0][2] <= span[1]]
        if not inside:
            continue
        found, new_lines, count = _check_fragment(lines, span, inside, rules, fix)
        findings.extend(found)
        if new_lines is not None:
            replaced[span[0] - 1 : span[1]] = new_lines
            fixed += count
    findings.sort(key=lambda f: (f.line, f.column))
    if not fixed:
        return FileResult(tuple(findings), new_source=None, fixed=0)
    new_text = ("\ufeff" if bom else "") + "".join(replaced)
    remaining = tuple(f for f in findings if not f.fixable)
    return FileResult(remaining, new_text.encode(encoding), fixed)
