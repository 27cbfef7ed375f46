"""Render pydantic validation errors the way serde (the reference's decoder) words them.

serde reads the members of an object in input order and stops at the first value it
cannot use; a missing member is noticed only at the end of the object. So the first
type or value error in input order wins over any missing member. The texts follow
serde's ``Unexpected`` / ``Expected`` vocabulary: ``invalid type: string "x", expected
u32``, ``invalid value: integer `-1`, expected u32``, ``missing field `threadId```,
``unknown variant `bogus`, expected one of `a`, `b```.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from typing_extensions import TypeAliasType

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")

# Integer ranges the schema declares (minimum/maximum) -> the Rust type serde names.
_INT_NAMES: dict[tuple[int | None, int | None], str] = {
    (0, 255): "u8",
    (0, 65535): "u16",
    (0, 4294967295): "u32",
    (0, 18446744073709551615): "u64",
}


def unexpected(value: object) -> str:
    """serde's description of a JSON value it did not expect."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean `{'true' if value else 'false'}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value!r}`"
    if isinstance(value, str):
        return f"string {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, list | tuple):
        return "sequence"
    return "map"


class _Alias(str):
    """Marks, in an annotation's metadata, a named type alias it went through."""


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Annotated / type aliases / ``X | None | MISSING``; return (type, metadata)."""
    metadata: list[Any] = []
    while True:
        if isinstance(annotation, TypeAliasType):
            metadata.append(_Alias(annotation.__name__))
            annotation = annotation.__value__
            continue
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            metadata.extend(args[1:])
            annotation = args[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [
                a
                for a in typing.get_args(annotation)
                if a is not type(None) and repr(a) != "MISSING"
            ]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, metadata


def _field_annotation(model: type[BaseModel], key: object) -> tuple[Any, list[Any]] | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            annotation, metadata = _unwrap(field.annotation)
            return annotation, [*field.metadata, *metadata]
    return None


def _step(annotation: Any, key: object) -> tuple[Any, list[Any]] | None:
    """The annotation one level below ``annotation`` at ``key`` (a loc element)."""
    annotation, _ = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _field_annotation(annotation, key)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple, Sequence) and isinstance(key, int) and args:
        return _unwrap(args[0])
    if origin in (dict, Mapping) and len(args) == 2:
        return _unwrap(args[1])
    if origin in (typing.Union, types.UnionType) and isinstance(key, str):
        for member in args:
            inner, _ = _unwrap(member)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                tag = inner.model_fields.get("type")
                if tag is not None and tag.default == key:
                    return inner, []
    return None


def _resolve(model: type[Any] | None, loc: tuple[int | str, ...]) -> tuple[Any, list[Any]] | None:
    if model is None:
        return None
    current: tuple[Any, list[Any]] | None = (model, [])
    for key in loc:
        if current is None:
            return None
        current = _step(current[0], key)
    return current


def _alias_name(annotation: Any) -> str | None:
    raw = annotation
    while typing.get_origin(raw) is typing.Annotated:
        raw = typing.get_args(raw)[0]
    name = getattr(raw, "__name__", None)
    return name if isinstance(name, str) else None


def _expected_int(metadata: list[Any]) -> str:
    low: int | None = None
    high: int | None = None
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            low = int(typing.cast(int, item.ge))
        elif isinstance(item, annotated_types.Le):
            high = int(typing.cast(int, item.le))
    return _INT_NAMES.get((low, high), "i64")


def _expected_type(error: ErrorDetails, resolved: tuple[Any, list[Any]] | None) -> str:
    kind = error["type"]
    if kind in {
        "int_type",
        "int_parsing",
        "int_from_float",
        "greater_than_equal",
        "less_than_equal",
    }:
        return _expected_int(resolved[1] if resolved else [])
    if kind in {"string_type", "string_too_short"}:
        # serde deserialises an AbsolutePathBuf through a PathBuf, which expects this.
        if resolved is not None and _Alias("AbsolutePathBuf") in resolved[1]:
            return "path string"
        return "a string"
    if kind == "bool_type":
        return "a boolean"
    if kind in {"list_type", "tuple_type"}:
        return "a sequence"
    if kind in {"float_type", "float_parsing"}:
        return "f64"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        if resolved is not None:
            inner, _ = _unwrap(resolved[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return f"struct {inner.__name__}"
            origin = typing.get_origin(inner)
            if origin in (typing.Union, types.UnionType):
                alias = _alias_name(resolved[0])
                return f"internally tagged enum {alias}" if alias else "a map"
        ctx = error.get("ctx") or {}
        if "class_name" in ctx:
            return f"struct {ctx['class_name']}"
        return "a map"
    if kind == "enum":
        return "string or map"
    return "a valid value"


def _raw_union_alias(model: type[Any] | None, loc: tuple[int | str, ...]) -> str | None:
    if model is None or not loc:
        return None
    parent = _resolve(model, loc[:-1])
    if parent is None:
        return None
    owner, _ = _unwrap(parent[0])
    key = loc[-1]
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        for name, field in owner.model_fields.items():
            if key in (name, field.alias):
                return _first_alias(field.annotation)
    origin = typing.get_origin(owner)
    if origin in (list, tuple) and typing.get_args(owner):
        return _first_alias(typing.get_args(owner)[0])
    return None


def _first_alias(annotation: Any) -> str | None:
    """The name of the first type alias met while unwrapping (``UserInput``)."""
    while True:
        if isinstance(annotation, TypeAliasType):
            return str(annotation.__name__)
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [
                a
                for a in typing.get_args(annotation)
                if a is not type(None) and repr(a) != "MISSING"
            ]
            if len(members) == 1:
                annotation = members[0]
                continue
        return None


def expected_variants(tags: list[str]) -> str:
    """serde's wording for the accepted variants: one, two (``or``) or ``one of`` a list."""
    quoted = [f"`{tag}`" for tag in tags]
    if len(quoted) == 1:
        return f"expected {quoted[0]}"
    if len(quoted) == 2:
        return f"expected {quoted[0]} or {quoted[1]}"
    return f"expected one of {', '.join(quoted)}"


def _expected_fields(model: type[Any] | None, loc: tuple[int | str, ...]) -> str:
    """serde's list of the members a struct accepts (an enum variant's tag not counted)."""
    parent = _resolve(model, loc[:-1])
    owner = _unwrap(parent[0])[0] if parent is not None else None
    names: list[str] = []
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        tag = owner.model_fields.get("type")
        by_tag = tag is not None and len(loc) >= 2 and tag.default == loc[-2]
        names = [
            field.alias or name
            for name, field in owner.model_fields.items()
            if not (by_tag and name == "type")
        ]
    if not names:
        return "there are no fields"
    return expected_variants(names)


def render(error: ErrorDetails, model: type[Any] | None = None) -> str:
    """One pydantic error as serde text (without the ``Invalid request: `` prefix)."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing field `{loc[-1]}`" if loc else "missing field `params`"
    if kind == "extra_forbidden":
        return f"unknown field `{loc[-1]}`, {_expected_fields(model, loc)}"
    if kind == "union_tag_not_found":
        return f"missing field `{str(ctx.get('discriminator', 'type')).strip(chr(39))}`"
    if kind == "union_tag_invalid":
        tags = _QUOTED.findall(str(ctx.get("expected_tags", "")))
        return f"unknown variant `{ctx.get('tag')}`, {expected_variants(tags)}"
    if kind in {"enum", "literal_error"} and isinstance(value, str):
        tags = _QUOTED.findall(str(ctx.get("expected", "")))
        return f"unknown variant `{value}`, {expected_variants(tags)}"
    if kind == "model_attributes_type":
        alias = _raw_union_alias(model, loc)
        if alias is not None:
            return f"invalid type: {unexpected(value)}, expected internally tagged enum {alias}"
    resolved = _resolve(model, loc)
    if kind in {
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
    } and isinstance(value, int):
        return f"invalid value: {unexpected(value)}, expected {_expected_type(error, resolved)}"
    if kind == "string_too_short":
        return f"invalid value: {unexpected(value)}, expected a non-empty string"
    return f"invalid type: {unexpected(value)}, expected {_expected_type(error, resolved)}"


def _input_position(loc: tuple[int | str, ...], data: object) -> tuple[int, ...]:
    """Where ``loc`` sits in the input document, member by member, in input order."""
    position: list[int] = []
    current = data
    for key in loc:
        if isinstance(current, Mapping):
            keys = list(current)
            if key not in current:
                position.append(len(keys))
                break
            position.append(keys.index(key))
            current = current[key]
        elif isinstance(current, list) and isinstance(key, int) and key < len(current):
            position.append(key)
            current = current[key]
        else:
            # a union tag inside the loc: it does not move in the input
            continue
    return tuple(position)


def first_error(error: ValidationError, data: object = None) -> ErrorDetails:
    """The error serde would have reported first.

    A bad value is reported where it sits in the input; a missing member is reported when
    its object ends, which is exactly the position one past that object's last member.
    Ties keep pydantic's order, which is the schema's member order, as serde's is.
    """
    errors = error.errors(include_url=False)
    return min(errors, key=lambda e: _input_position(tuple(e["loc"]), data))


def describe_validation_error(
    error: ValidationError, data: object = None, model: type[Any] | None = None
) -> str:
    """serde's message for the first problem in ``data``."""
    return render(first_error(error, data), model)
