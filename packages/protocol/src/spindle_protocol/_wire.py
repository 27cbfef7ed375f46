"""The base class of every generated protocol model.

Generated models keep snake_case attribute names and camelCase wire names (aliases).
This base makes the alias the default on the way out and accepts either name on the
way in, so ``model.model_dump()`` already produces wire JSON keys.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class WireModel(BaseModel):
    """Base of the generated models: aliases on the wire, attribute names in Python."""

    model_config = ConfigDict(
        serialize_by_alias=True,
        validate_by_alias=True,
        validate_by_name=True,
        # Validators and serializers are built on a model's first use, not at import: a
        # server start imports every model but answers initialize with a handful of them.
        defer_build=True,
    )


def to_wire(model: BaseModel) -> dict[str, Any]:
    """The JSON object the reference would send for ``model``.

    Wire (camelCase) names, explicit ``None`` kept as ``null``, optional members that were
    never given (``MISSING``) left out. Never use ``exclude_none``: the reference sends many
    nullable members as ``null``.
    """
    dumped: dict[str, Any] = model.model_dump(mode="json", by_alias=True)
    return dumped
