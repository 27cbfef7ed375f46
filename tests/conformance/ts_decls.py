"""A small reader for the TypeScript declarations that ``codex app-server generate-ts`` writes.

The official JSON Schema does not say which fields are always sent: schemars leaves every
``Option<T>`` out of ``required``. The TypeScript output does (``x: T | null`` is always
sent, ``x?: T`` may be left out), and it keeps the Rust field order. This module parses just
the subset of TypeScript that ts-rs emits: object literals, unions, intersections,
``Array<T>``, mapped records, string literals and type names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>"(?:[^"\\]|\\.)*")
      | (?P<num>-?\d+(?:\.\d+)?)
      | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
      | (?P<punct>[{}()\[\]<>|&,:;?=])
    )""",
    re.VERBOSE,
)
_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)


@dataclass(frozen=True)
class TsField:
    """One member of an object literal."""

    name: str
    optional: bool
    type: TsType


@dataclass(frozen=True)
class TsType:
    """A parsed TypeScript type expression."""

    kind: str  # obj | union | inter | ref | lit | array | map | tuple | null | prim
    name: str = ""
    fields: tuple[TsField, ...] = ()
    items: tuple[TsType, ...] = ()

    @property
    def nullable(self) -> bool:
        """Whether ``null`` is one of the alternatives."""
        return self.kind == "null" or (
            self.kind == "union" and any(item.kind == "null" for item in self.items)
        )


@dataclass
class _Parser:
    tokens: list[str]
    pos: int = 0
    errors: list[str] = field(default_factory=list)

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.tokens[self.pos]
        if expected is not None and tok != expected:
            raise ValueError(f"expected {expected!r}, got {tok!r} at token {self.pos}")
        self.pos += 1
        return tok

    def parse_type(self) -> TsType:
        if self.peek() == "|":
            self.take()
        alts = [self.parse_inter()]
        while self.peek() == "|":
            self.take()
            alts.append(self.parse_inter())
        return alts[0] if len(alts) == 1 else TsType("union", items=tuple(alts))

    def parse_inter(self) -> TsType:
        parts = [self.parse_primary()]
        while self.peek() == "&":
            self.take()
            parts.append(self.parse_primary())
        return parts[0] if len(parts) == 1 else TsType("inter", items=tuple(parts))

    def parse_primary(self) -> TsType:
        tok = self.take()
        result: TsType
        if tok == "{":
            result = self.parse_object()
        elif tok == "(":
            result = self.parse_type()
            self.take(")")
        elif tok == "[":
            items: list[TsType] = []
            while self.peek() != "]":
                items.append(self.parse_type())
                if self.peek() == ",":
                    self.take()
            self.take("]")
            result = TsType("tuple", items=tuple(items))
        elif tok.startswith('"'):
            result = TsType("lit", name=tok[1:-1])
        elif tok == "null":
            result = TsType("null")
        elif tok in {"string", "number", "boolean", "bigint", "unknown", "any", "never"}:
            result = TsType("prim", name=tok)
        elif tok[0].isdigit() or tok[0] == "-":
            result = TsType("lit", name=tok)
        elif tok == "Array":
            self.take("<")
            inner = self.parse_type()
            self.take(">")
            result = TsType("array", items=(inner,))
        else:
            args: list[TsType] = []
            if self.peek() == "<":
                self.take()
                args.append(self.parse_type())
                while self.peek() == ",":
                    self.take()
                    args.append(self.parse_type())
                self.take(">")
            result = TsType("ref", name=tok, items=tuple(args))
        while self.peek() == "[" and self.tokens[self.pos + 1] == "]":
            self.pos += 2
            result = TsType("array", items=(result,))
        return result

    def parse_object(self) -> TsType:
        fields: list[TsField] = []
        while self.peek() != "}":
            tok = self.take()
            if tok == "[":
                self.take()  # the key variable
                if self.take() not in {"in", ":"}:
                    raise ValueError(f"unexpected index signature at token {self.pos}")
                key = self.parse_type()
                self.take("]")
                if self.peek() == "?":
                    self.take()
                self.take(":")
                value = self.parse_type()
                if self.peek() in {",", ";"}:
                    self.take()
                self.take("}")
                return TsType("map", items=(key, value))
            name = tok[1:-1] if tok.startswith('"') else tok
            optional = False
            if self.peek() == "?":
                self.take()
                optional = True
            self.take(":")
            fields.append(TsField(name, optional, self.parse_type()))
            if self.peek() in {",", ";"}:
                self.take()
        self.take("}")
        return TsType("obj", fields=tuple(fields))


def tokenize(source: str) -> list[str]:
    """Split TypeScript source (comments removed) into tokens."""
    text = _COMMENT.sub(" ", source)
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot tokenize near {text[pos : pos + 40]!r}")
        tokens.append(match.group(match.lastgroup or "punct"))
        pos = match.end()
    return tokens


_EXPORT = re.compile(r"export\s+type\s+(\w+)\s*=")


def parse_declarations(source: str) -> dict[str, TsType]:
    """Every ``export type Name = ...;`` in one file."""
    text = _COMMENT.sub(" ", source)
    found: dict[str, TsType] = {}
    for match in _EXPORT.finditer(text):
        parser = _Parser(tokenize(text[match.end() :]))
        found[match.group(1)] = parser.parse_type()
    return found


def load_directory(root: Path) -> dict[str, TsType]:
    """Parse every ``.ts`` file below ``root`` (the output of ``generate-ts``)."""
    found: dict[str, TsType] = {}
    for path in sorted(root.rglob("*.ts")):
        found.update(parse_declarations(path.read_text(encoding="utf-8")))
    return found


def object_fields(ty: TsType, decls: dict[str, TsType]) -> list[TsField] | None:
    """The members of an object type, following intersections and named references."""
    if ty.kind == "obj":
        return list(ty.fields)
    if ty.kind == "ref" and ty.name in decls:
        return object_fields(decls[ty.name], decls)
    if ty.kind == "inter":
        merged: list[TsField] = []
        for part in ty.items:
            sub = object_fields(part, decls)
            if sub is None:
                continue
            merged.extend(sub)
        return merged
    return None


def variants(ty: TsType) -> list[TsType]:
    """The alternatives of a union (the type itself when it is not a union)."""
    return list(ty.items) if ty.kind == "union" else [ty]


def literal_tag(fields: list[TsField], key: str = "type") -> str | None:
    """The value of a ``"<key>": "<literal>"`` member (``type`` by default), if there is one."""
    for member in fields:
        if member.name == key and member.type.kind == "lit":
            return member.type.name
    return None


def variant_fields(ty: TsType, decls: dict[str, TsType]) -> list[list[TsField]]:
    """The member lists of the alternatives of ``ty``, with intersections distributed.

    For ``{a} & ({type:"x", b} | {type:"y"})`` this gives ``[[type, b, a], [type, a]]``:
    the part carrying the tag comes first, as serde writes flattened members after it.
    """
    if ty.kind == "union":
        out: list[list[TsField]] = []
        for item in ty.items:
            out.extend(variant_fields(item, decls))
        return out
    if ty.kind == "inter":
        parts = [variant_fields(part, decls) for part in ty.items]
        parts.sort(key=lambda alternatives: 0 if any(literal_tag(a) for a in alternatives) else 1)
        combined: list[list[TsField]] = [[]]
        for alternatives in parts:
            combined = [a + b for a in combined for b in alternatives]
        return combined
    if ty.kind == "ref" and ty.name in decls:
        return variant_fields(decls[ty.name], decls)
    if ty.kind == "obj":
        return [list(ty.fields)]
    return [[]]
