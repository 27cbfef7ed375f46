"""Every protocol model, generated from ``schema/`` (see ``spindle_protocol.generated``).

Models are named exactly like the reference's types (``Thread``, ``ThreadStartParams``,
``TurnCompletedNotification``, ...). Tagged unions (``ThreadItem``, ``ThreadStatus``,
``UserInput``, ``SandboxPolicy``, ...) are type aliases that carry their discriminator;
validate them with ``pydantic.TypeAdapter`` or as a field of a model. Variant classes are
named after the union and the tag (``ThreadItemAgentMessage``, ``ThreadStatusIdle``).

Attributes are snake_case; the wire names (camelCase) are the aliases, and both are
accepted on input. An optional member that was not given holds ``MISSING`` and is left
out when dumping, so an omitted member and an explicit ``null`` stay distinct.
"""

from __future__ import annotations

from enum import Enum

from pydantic import MISSING as MISSING
from pydantic import BaseModel

from spindle_protocol._names import export_order
from spindle_protocol.generated import models as _generated
from spindle_protocol.generated.models import *  # noqa: F403


def _is_protocol_name(name: str) -> bool:
    value = getattr(_generated, name)
    if name.startswith("_") or name == "SpindleProtocolSchema":
        return False
    if isinstance(value, type):
        defined_here = value.__module__ == _generated.__name__
        return defined_here and issubclass(value, BaseModel | Enum)
    return type(value).__name__ == "TypeAliasType"


__all__ = export_order(["MISSING", *(name for name in vars(_generated) if _is_protocol_name(name))])
