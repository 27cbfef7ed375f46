"""Compare our schema/ definitions with the official ones of the same name.

What "compatible" means, per definition:

* **object types** (and each variant of a tagged union): the same member names; for each
  member the same type (JSON type, ``$ref`` target name, enum values, integer format,
  item and value types); and
  * the same **nullability** and the same set of members that are **always present**, as
    the reference's TypeScript output states them (``x: T | null`` is always sent and may be
    null; ``x?: T`` may be absent). The official JSON Schema cannot say this: schemars
    leaves every ``Option`` out of ``required``. ours: "always present" = ``required`` or
    has a ``default``.
  * for types only the client sends (``*Params`` and what only they reach), the same
    ``required`` set as the official JSON Schema, and its nullability: serde accepts an
    absent ``Option`` member there, whatever the TypeScript says.
  * one sanctioned narrowing, reported separately: a member the reference marks optional
    AND nullable in a type the server sends is always sent in ours (required, or defaulting
    to null), as the reference does on the wire; R19 forbids optional-nullable outside
    params.
* one sanctioned widening, reported separately: a member marked ``x-omitted-when-null``,
  which the reference declares always present and nullable (``x: T | null``) but serialises
  with ``skip_serializing_if = "Option::is_none"``, so it is left out rather than null. Ours
  says what goes on the wire: optional and not nullable. The marker is accepted only on a
  member the reference declares always present and nullable.
* **tagged unions**: the same tags, each variant compared as an object.
* **other unions and enums**: the same alternatives, in order; the same enum values.

Members and types marked ``x-spindle-extension`` are spindle additions (DESIGN.md): they
must be optional and are reported, not compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tests.conformance import ts_decls

IGNORED_KEYS = frozenset(
    {
        "description",
        "title",
        "default",
        "minimum",
        "maximum",
        "minLength",
        "discriminator",
        "$comment",
        "$schema",
        "examples",
    }
)


@dataclass
class Report:
    """Findings of one comparison run."""

    problems: list[str] = field(default_factory=list)
    narrowed: list[str] = field(default_factory=list)
    omitted_when_null: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    compared_members: int = 0


def ref_name(node: dict[str, Any]) -> str:
    return str(node["$ref"]).rsplit("/", 1)[1]


def split_null(node: Any) -> tuple[Any, bool]:
    """(the schema without its null alternative, whether null was allowed)."""
    if not isinstance(node, dict):
        return node, True
    node = {k: v for k, v in node.items() if k not in IGNORED_KEYS and not k.startswith("x-")}
    if "allOf" in node and len(node["allOf"]) == 1:
        inner = node.pop("allOf")[0]
        node = {**{k: v for k, v in inner.items() if k not in IGNORED_KEYS}, **node}
    kind = node.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [k for k in kind if k != "null"]
        node = {**node, "type": rest[0] if len(rest) == 1 else rest}
        return node, True
    if kind == "null":
        return {}, True
    for key in ("anyOf", "oneOf"):
        alts = node.get(key)
        if isinstance(alts, list) and any(a == {"type": "null"} for a in alts):
            rest = [a for a in alts if a != {"type": "null"}]
            node = {k: v for k, v in node.items() if k != key}
            if len(rest) == 1:
                return {**node, **split_null(rest[0])[0]}, True
            return {**node, key: rest}, True
    return node, False


def shape(node: Any) -> Any:
    """A canonical form of a member's type, for equality."""
    if node is True or node == {}:
        return "any"
    if not isinstance(node, dict):
        return repr(node)
    base, nullable = split_null(node)
    out: dict[str, Any] = {}
    if nullable:
        out["nullable"] = True
    if "$ref" in base:
        out["ref"] = ref_name(base)
    if "type" in base:
        out["type"] = base["type"]
    if "format" in base and base.get("type") == "integer":
        out["format"] = base["format"]
    if "enum" in base:
        out["enum"] = sorted(map(str, base["enum"]))
    if "const" in base:
        out["enum"] = [str(base["const"])]
    if "items" in base:
        out["items"] = shape(base["items"])
    if "additionalProperties" in base and base["additionalProperties"] is not False:
        out["values"] = shape(base["additionalProperties"])
    if "properties" in base:
        out["properties"] = {k: shape(v) for k, v in sorted(base["properties"].items())}
        out["required"] = sorted(base.get("required", []))
    for key in ("anyOf", "oneOf"):
        if key in base:
            out["alternatives"] = [shape(a) for a in base[key]]
    return out or "any"


def _flatten_official_variants(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Variants of an official union: shared members merged in, nested any-of branches
    (``{url} | {fileId}``) merged as optional members (ours cannot express those branches
    without splitting the variant, which would break the discriminator)."""
    common = schema.get("properties", {})
    common_required = schema.get("required", [])
    out = []
    for variant in schema["oneOf"]:
        if not isinstance(variant, dict) or "properties" not in variant:
            out.append(variant)
            continue
        merged = {**variant, "properties": {**variant["properties"], **common}}
        merged["required"] = [*variant.get("required", []), *common_required]
        branches = merged.pop("anyOf", None)
        if branches:
            for branch in branches:
                for key, prop in branch.get("properties", {}).items():
                    merged["properties"].setdefault(key, prop)
        out.append(merged)
    return out


def tag_of(variant: Any, key: str = "type") -> str | None:
    """The literal value of a variant's tag member (``key``, ``type`` unless the union's
    ``discriminator`` names another, as ``HookMetadata``'s ``handlerType``)."""
    if not isinstance(variant, dict):
        return None
    tag = variant.get("properties", {}).get(key, {})
    values = tag.get("enum") if isinstance(tag, dict) else None
    if values and len(values) == 1:
        return str(values[0])
    if isinstance(tag, dict) and "const" in tag:
        return str(tag["const"])
    return None


def _tag_key(ours: dict[str, Any]) -> str:
    discriminator = ours.get("discriminator")
    if isinstance(discriminator, dict):
        return str(discriminator.get("propertyName", "type"))
    return "type"


@dataclass
class Comparator:
    ours: dict[str, Any]
    theirs: dict[str, Any]
    ts: dict[str, ts_decls.TsType]
    incoming_only: set[str]
    report: Report = field(default_factory=Report)

    def compare_all(self) -> Report:
        for name, schema in sorted(self.ours.items()):
            if schema.get("x-spindle-extension"):
                self.report.extensions.append(name)
                continue
            if name not in self.theirs:
                self.report.problems.append(f"{name}: not an official type")
                continue
            self.compare_type(name, schema, self.theirs[name])
        return self.report

    def _ts_fields(self, name: str, tag: str | None) -> list[ts_decls.TsField] | None:
        decl = self.ts.get(name)
        if decl is None:
            return None
        if tag is None:
            return ts_decls.object_fields(decl, self.ts)
        merged: list[ts_decls.TsField] = []
        key = _tag_key(self.ours.get(name, {}))
        candidates = [
            f for f in ts_decls.variant_fields(decl, self.ts) if ts_decls.literal_tag(f, key) == tag
        ]
        for fields in candidates:
            for member in fields:
                if all(m.name != member.name for m in merged):
                    in_all = all(any(x.name == member.name for x in c) for c in candidates)
                    merged.append(
                        ts_decls.TsField(member.name, member.optional or not in_all, member.type)
                    )
        return merged or None

    def compare_type(self, name: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        if "oneOf" in theirs and (
            "properties" in theirs or any(tag_of(v) for v in theirs["oneOf"])
        ):
            self.compare_tagged(name, ours, theirs)
        elif "properties" in theirs or "properties" in ours:
            self.compare_object(name, name, tag=None, ours=ours, theirs=theirs)
        elif shape(ours) != shape(theirs):
            self.report.problems.append(
                f"{name}: type differs: ours {json.dumps(shape(ours))} "
                f"official {json.dumps(shape(theirs))}"
            )

    def compare_tagged(self, name: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        key = _tag_key(ours)
        official = {tag_of(v, key): v for v in _flatten_official_variants(theirs)}
        mine = {tag_of(v, key): v for v in ours.get("oneOf", [])}
        if None in official or None in mine:
            if shape(ours) != shape({"oneOf": _flatten_official_variants(theirs)}):
                self.report.problems.append(f"{name}: untagged union differs")
            return
        if set(mine) != set(official):
            self.report.problems.append(
                f"{name}: tags differ: only ours {sorted(map(str, set(mine) - set(official)))}, "
                f"only official {sorted(map(str, set(official) - set(mine)))}"
            )
        for tag in sorted(set(mine) & set(official), key=str):
            self.compare_object(f"{name}[{tag}]", name, tag, mine[tag], official[tag])

    def compare_object(
        self, where: str, name: str, tag: str | None, ours: dict[str, Any], theirs: dict[str, Any]
    ) -> None:
        mine = ours.get("properties", {})
        official = theirs.get("properties", {})
        extensions = {
            k for k, v in mine.items() if isinstance(v, dict) and v.get("x-spindle-extension")
        }
        for key in sorted(extensions):
            self.report.extensions.append(f"{where}.{key}")
            if key in ours.get("required", []):
                self.report.problems.append(f"{where}.{key}: an extension member must be optional")
        names_ours = set(mine) - extensions
        if names_ours != set(official):
            self.report.problems.append(
                f"{where}: members differ: only ours {sorted(names_ours - set(official))}, "
                f"only official {sorted(set(official) - names_ours)}"
            )
        incoming = name.endswith("Params") or name in self.incoming_only
        ts_fields = {f.name: f for f in (self._ts_fields(name, tag) or [])}
        required_ours = set(ours.get("required", []))
        required_theirs = set(theirs.get("required", []))
        for key in sorted(names_ours & set(official)):
            self.report.compared_members += 1
            prop_ours, prop_theirs = mine[key], official[key]
            base_ours, null_ours = split_null(prop_ours)
            base_theirs, null_json = split_null(prop_theirs)
            if shape(base_ours) != shape(base_theirs):
                self.report.problems.append(
                    f"{where}.{key}: type differs: ours {json.dumps(shape(base_ours))} "
                    f"official {json.dumps(shape(base_theirs))}"
                )
            ts_member = ts_fields.get(key)
            has_default = isinstance(prop_ours, dict) and "default" in prop_ours
            if incoming or ts_member is None:
                null_theirs = null_json
                if (key in required_ours) != (key in required_theirs):
                    self.report.problems.append(
                        f"{where}.{key}: required differs (ours {key in required_ours}, "
                        f"official {key in required_theirs})"
                    )
            elif isinstance(prop_ours, dict) and prop_ours.get("x-omitted-when-null"):
                always_ours = key in required_ours or has_default
                if always_ours or null_ours or ts_member.optional or not ts_member.type.nullable:
                    self.report.problems.append(
                        f"{where}.{key}: x-omitted-when-null needs an official `T | null` "
                        "member and an optional, non-nullable one in ours"
                    )
                else:
                    self.report.omitted_when_null.append(f"{where}.{key}")
                continue
            else:
                null_theirs = ts_member.type.nullable
                always_ours = key in required_ours or has_default
                always_theirs = not ts_member.optional
                if always_ours != always_theirs:
                    if always_ours and null_ours and null_theirs:
                        self.report.narrowed.append(f"{where}.{key}")
                    else:
                        self.report.problems.append(
                            f"{where}.{key}: always-present differs (ours {always_ours}, "
                            f"official {always_theirs})"
                        )
                if key in required_theirs and key not in required_ours:
                    self.report.problems.append(f"{where}.{key}: officially required")
            if shape(base_ours) == "any":
                pass  # an unconstrained JSON value (JsonValue) admits null on both sides
            elif null_ours != null_theirs:
                self.report.problems.append(
                    f"{where}.{key}: nullability differs (ours {null_ours}, official {null_theirs})"
                )


def closure(defs: dict[str, Any], roots: list[str]) -> set[str]:
    """Every definition reachable from ``roots`` through ``$ref``."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        stack.extend(_refs(defs[name]))
    return seen


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.append(str(value).rsplit("/", 1)[1])
            else:
                found.extend(_refs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value))
    return found


def incoming_only(defs: dict[str, Any]) -> set[str]:
    """Types reachable from ``*Params`` types but from nothing the server sends."""
    outgoing = closure(defs, [n for n in defs if n.endswith(("Response", "Notification"))])
    incoming = closure(defs, [n for n in defs if n.endswith("Params")])
    return incoming - outgoing
