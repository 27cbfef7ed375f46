"""Method names and the method -> (params, result) registry.

``THREAD_START``, ``TURN_COMPLETED``, ... are constants for every client request, server
notification and client notification of the protocol (generated from
``schema/v2/methods.json``). Use them instead of string literals.

``CLIENT_REQUESTS`` maps each request method whose types are in ``schema/`` to a
:class:`MethodSpec`; ``SERVER_NOTIFICATIONS`` does the same for notifications.
``ALL_CLIENT_METHODS`` is the reference's 109 stable client methods, in its order.

Both tables are read-only mappings filled on first use: building the generated models
costs more than the rest of a server start, and a server answers ``initialize`` before
it needs them.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeVar

from spindle_protocol._names import export_order
from spindle_protocol.errors import (
    InvalidRequest,
    invalid_length_message,
    missing_params_message,
    params_error_message,
)
from spindle_protocol.generated import methods as _generated
from spindle_protocol.generated.methods import *  # noqa: F403
from spindle_protocol.generated.methods import (
    CLIENT_REQUEST_TYPES,
    SERVER_NOTIFICATION_TYPES,
    STABLE_CLIENT_METHODS,
)

if TYPE_CHECKING:
    # Imported on first use: a start frames and answers initialize without pydantic.
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo


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
    from pydantic import BaseModel

    from spindle_protocol import models as _models

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


_V = TypeVar("_V")


class _BuiltOnFirstUse(Mapping[str, _V]):
    """A read-only mapping whose contents are built (once, thread-safely) when first read."""

    def __init__(self, build: Callable[[], dict[str, _V]]) -> None:
        self._build = build
        self._table: dict[str, _V] | None = None
        self._lock = threading.Lock()

    def _get(self) -> dict[str, _V]:
        table = self._table
        if table is None:
            with self._lock:
                if self._table is None:
                    self._table = self._build()
                table = self._table
        return table

    def __getitem__(self, key: str) -> _V:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __contains__(self, key: object) -> bool:
        return key in self._get()

    def __repr__(self) -> str:
        return repr(self._get())


ALL_CLIENT_METHODS: Final[tuple[str, ...]] = STABLE_CLIENT_METHODS
"""The reference's 109 stable client request methods, in its order."""

CLIENT_REQUESTS: Final[Mapping[str, MethodSpec]] = _BuiltOnFirstUse(_client_requests)
"""Request methods whose params and result types are defined in ``schema/``."""

SERVER_NOTIFICATIONS: Final[Mapping[str, NotificationSpec]] = _BuiltOnFirstUse(
    _server_notifications
)
"""Server notifications whose params type is defined in ``schema/``."""


def parse_params(method: str, params: Any) -> BaseModel | None:
    """Validate the raw ``params`` of a request for ``method``.

    Raises :class:`~spindle_protocol.errors.InvalidRequest` with the reference's text when
    ``params`` is absent/null but required, or fails validation. A JSON array is matched
    to the members positionally, as serde does. ``KeyError`` if ``method`` is not in
    :data:`CLIENT_REQUESTS`.
    """
    from pydantic import ValidationError  # loaded with the models, which CLIENT_REQUESTS needs

    spec = CLIENT_REQUESTS[method]
    if spec.params is None:
        return None
    if params is None:
        raise InvalidRequest(missing_params_message())
    if isinstance(params, list):
        return _parse_sequence(spec.params, params)
    try:
        return spec.params.model_validate(params)
    except ValidationError as exc:
        raise InvalidRequest(params_error_message(exc, params, spec.params)) from None


def _parse_sequence(model: type[BaseModel], params: list[Any]) -> BaseModel:
    """Params given as a JSON array, read as serde reads a struct from a sequence: member
    by member in declaration order. A missing element is an error unless the member has a
    default that is not null (an ``Option`` member has none there), and elements past the
    last member are an error once every member has been read."""
    from pydantic import ValidationError

    fields = list(model.model_fields.items())
    data = {
        field.alias or name: value for (name, field), value in zip(fields, params, strict=False)
    }
    count = len(fields)
    elements = f"{count} element" + ("" if count == 1 else "s")
    short = next(
        (
            index
            for index, (_, field) in enumerate(fields)
            if index >= len(params) and (field.is_required() or _accepts_null(field))
        ),
        None,
    )
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        if short is None or any(e["type"] != "missing" for e in exc.errors()):
            raise InvalidRequest(params_error_message(exc, data, model)) from None
        parsed = None
    if short is not None:
        raise InvalidRequest(
            invalid_length_message(short, f"struct {model.__name__} with {elements}")
        )
    if len(params) > count:
        raise InvalidRequest(invalid_length_message(len(params), f"{elements} in sequence"))
    assert parsed is not None
    return parsed


def _accepts_null(field: FieldInfo) -> bool:
    return any(arg is type(None) for arg in typing.get_args(field.annotation))


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
