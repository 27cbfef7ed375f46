"""Method names and the method -> (params, result) registry.

``THREAD_START``, ``TURN_COMPLETED``, ... are constants for every client request, server
notification and client notification of the protocol (generated from
``schema/v2/methods.json``). Use them instead of string literals.

``CLIENT_REQUESTS`` maps each request method whose types are in ``schema/`` to a
:class:`MethodSpec`; ``SERVER_NOTIFICATIONS`` does the same for notifications.
``ALL_CLIENT_METHODS`` is the reference's 109 stable client methods, in its order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from spindle_protocol import models as _models
from spindle_protocol._names import export_order
from spindle_protocol.errors import InvalidRequest, missing_params_message, params_error_message
from spindle_protocol.generated import methods as _generated
from spindle_protocol.generated.methods import *  # noqa: F403
from spindle_protocol.generated.methods import (
    CLIENT_REQUEST_TYPES,
    SERVER_NOTIFICATION_TYPES,
    STABLE_CLIENT_METHODS,
)


@dataclass(frozen=True)
class MethodSpec:
    """A client request method: its params model (None: takes no params), result model and
    whether it needs the ``experimentalApi`` capability."""

    method: str
    params: type[BaseModel] | None
    result: type[BaseModel]
    experimental: bool


@dataclass(frozen=True)
class NotificationSpec:
    """A server notification method and its params model."""

    method: str
    params: type[BaseModel]
    experimental: bool


def _model(name: str | None) -> type[BaseModel] | None:
    value = getattr(_models, name, None) if name else None
    return value if isinstance(value, type) and issubclass(value, BaseModel) else None


def _client_requests() -> dict[str, MethodSpec]:
    table: dict[str, MethodSpec] = {}
    for method, (params_name, result_name, experimental) in CLIENT_REQUEST_TYPES.items():
        params, result = _model(params_name), _model(result_name)
        if result is None or (params_name is not None and params is None):
            continue  # not in schema/ yet
        table[method] = MethodSpec(method, params, result, experimental)
    return table


def _server_notifications() -> dict[str, NotificationSpec]:
    table: dict[str, NotificationSpec] = {}
    for method, (params_name, experimental) in SERVER_NOTIFICATION_TYPES.items():
        params = _model(params_name)
        if params is not None:
            table[method] = NotificationSpec(method, params, experimental)
    return table


ALL_CLIENT_METHODS: Final[tuple[str, ...]] = STABLE_CLIENT_METHODS
"""The reference's 109 stable client request methods, in its order."""

CLIENT_REQUESTS: Final[dict[str, MethodSpec]] = _client_requests()
"""Request methods whose params and result types are defined in ``schema/``."""

SERVER_NOTIFICATIONS: Final[dict[str, NotificationSpec]] = _server_notifications()
"""Server notifications whose params type is defined in ``schema/``."""


def parse_params(method: str, params: Any) -> BaseModel | None:
    """Validate the raw ``params`` of a request for ``method``.

    Raises :class:`~spindle_protocol.errors.InvalidRequest` with the reference's text when
    ``params`` is absent/null but required, or fails validation. A JSON array is matched
    to the members positionally, as serde does. ``KeyError`` if ``method`` is not in
    :data:`CLIENT_REQUESTS`.
    """
    spec = CLIENT_REQUESTS[method]
    if spec.params is None:
        return None
    if params is None:
        raise InvalidRequest(missing_params_message())
    data = params
    if isinstance(params, list):
        names = [field.alias or name for name, field in spec.params.model_fields.items()]
        data = dict(zip(names, params, strict=False))
    try:
        return spec.params.model_validate(data)
    except ValidationError as exc:
        raise InvalidRequest(params_error_message(exc, data, spec.params)) from None


__all__ = export_order(
    {
        "ALL_CLIENT_METHODS",
        "CLIENT_REQUESTS",
        "SERVER_NOTIFICATIONS",
        "MethodSpec",
        "NotificationSpec",
        "parse_params",
        # method constants and tables from the generated module
        *(name for name in vars(_generated) if name.isupper() and not name.startswith("_")),
    }
)
