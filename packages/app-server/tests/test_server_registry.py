"""The handler registry, the implemented-method list and the domain-error table."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest
import spindle_app_server
import spindle_app_server.handlers  # registers every handler
import spindle_sandbox
import spindle_state
from spindle_app_server._errors import DOMAIN_ERRORS, to_rpc_error
from spindle_app_server._ids import InvalidUuid
from spindle_app_server._registry import REGISTRY, DuplicateHandler, HandlerTypeMismatch, Registry
from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import CLIENT_REQUEST_TYPES, CLIENT_REQUESTS
from spindle_protocol.models import (
    ConfigRequirementsReadResponse,
    ThreadReadParams,
    ThreadReadResponse,
    ThreadStartParams,
    ThreadStartResponse,
)

# What spindle implements; everything else of the protocol answers "not supported".
IMPLEMENTED = {
    "initialize",
    "thread/start",
    "thread/resume",
    "thread/fork",
    "thread/read",
    "thread/list",
    "thread/turns/list",
    "thread/items/list",
    "thread/loaded/list",
    "thread/unsubscribe",
    "thread/archive",
    "thread/unarchive",
    "thread/name/set",
    "thread/metadata/update",
    "thread/goal/set",
    "thread/goal/get",
    "thread/goal/clear",
    "turn/start",
    "turn/steer",
    "turn/interrupt",
    "thread/compact/start",
    "thread/shellCommand",
    "thread/inject_items",
    "thread/delete",
    "review/start",
    "account/read",
    "model/list",
    "skills/list",
    "hooks/list",
    "collaborationMode/list",
    "config/read",
    "config/value/write",
    "config/batchWrite",
    "configRequirements/read",
    "thread/readState/update",
    "feedback/upload",
    "feedback/save",
    "command/exec",
    "command/exec/write",
    "command/exec/terminate",
    "command/exec/resize",
    "fs/readFile",
    "fs/writeFile",
    "fs/createDirectory",
    "fs/getMetadata",
    "fs/readDirectory",
    "fs/remove",
    "fs/copy",
    "fs/watch",
    "fs/unwatch",
    "fuzzyFileSearch",
    "fuzzyFileSearch/sessionStart",
    "fuzzyFileSearch/sessionUpdate",
    "fuzzyFileSearch/sessionStop",
    "modelProvider/list",
    "modelProvider/config/write",
    "modelProvider/capabilities/read",
    "permissionProfile/list",
    "experimentalFeature/list",
    "experimentalFeature/enablement/set",
}


def test_registry_matches_the_implemented_method_list() -> None:
    registered = set(REGISTRY.methods())
    # feedback/upload belongs to the logs engineer and may land later.
    assert registered - IMPLEMENTED == set()
    assert IMPLEMENTED - registered <= {"feedback/upload"}


# Implemented although schema/ has no params/result types for them yet; their handlers
# validate the raw params themselves. Remove an entry once the protocol package has models.
PENDING_SCHEMA: set[str] = set()


def test_every_registered_method_is_a_protocol_method_with_models() -> None:
    for method in REGISTRY.methods():
        assert method in CLIENT_REQUEST_TYPES
        if method in PENDING_SCHEMA:
            assert method not in CLIENT_REQUESTS, f"{method} has models now: drop it from PENDING"
        else:
            assert method in CLIENT_REQUESTS, f"{method} has no params/result models"


def test_duplicate_registration_raises() -> None:
    registry = Registry()

    @registry.handler("thread/start")
    async def first(ctx: object, params: ThreadStartParams) -> ThreadStartResponse:
        raise NotImplementedError

    with pytest.raises(DuplicateHandler, match="thread/start is already handled"):

        @registry.handler("thread/start")
        async def second(ctx: object, params: ThreadStartParams) -> ThreadStartResponse:
            raise NotImplementedError


def test_a_handler_with_another_methods_params_is_refused() -> None:
    registry = Registry()
    with pytest.raises(
        HandlerTypeMismatch,
        match="handles thread/start, whose params are ThreadStartParams, not ThreadReadParams",
    ):

        @registry.handler("thread/start")
        async def wrong(ctx: object, params: ThreadReadParams) -> ThreadStartResponse:
            raise NotImplementedError

    assert "thread/start" not in registry.methods()


def test_a_handler_with_another_methods_result_is_refused() -> None:
    registry = Registry()
    with pytest.raises(
        HandlerTypeMismatch,
        match="handles thread/read, whose result is ThreadReadResponse, not ThreadStartResponse",
    ):

        @registry.handler("thread/read")
        async def wrong(ctx: object, params: ThreadReadParams) -> ThreadStartResponse:
            raise NotImplementedError


def test_a_method_without_params_takes_none() -> None:
    registry = Registry()

    @registry.handler("configRequirements/read")
    async def right(ctx: object, params: None) -> ConfigRequirementsReadResponse:
        raise NotImplementedError

    with pytest.raises(HandlerTypeMismatch, match="whose params are None, not ThreadReadParams"):

        @registry.handler("configRequirements/read")
        async def wrong(ctx: object, params: ThreadReadParams) -> ConfigRequirementsReadResponse:
            raise NotImplementedError


# Answered before the generated models load (its handler's docstring says why).
UNTYPED_RESULTS = {"initialize"}


def test_every_registered_handler_is_typed_with_its_methods_models() -> None:
    for method in REGISTRY.methods():
        fn = REGISTRY.get(method)
        assert fn is not None
        params_name, result_name, _ = CLIENT_REQUEST_TYPES[method]
        params = inspect.signature(fn).parameters["params"].annotation
        assert params == (params_name or "None"), method
        if method not in UNTYPED_RESULTS:
            assert fn.__annotations__["return"] == result_name, method


def test_a_handler_taking_any_params_is_refused() -> None:
    registry = Registry()
    with pytest.raises(HandlerTypeMismatch, match="whose params are ThreadReadParams, not Any"):

        @registry.handler("thread/read")
        async def untyped(ctx: object, params: Any) -> ThreadReadResponse:
            raise NotImplementedError


def _public_domain_exceptions() -> list[type[Exception]]:
    found = []
    for module in (spindle_state, spindle_sandbox):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and issubclass(value, Exception):
                found.append(value)
    return found


def test_every_public_state_and_sandbox_exception_is_mapped() -> None:
    exceptions = _public_domain_exceptions()
    assert spindle_sandbox.SandboxUnavailable in exceptions
    assert spindle_state.ThreadNotFound in exceptions
    missing = [cls.__name__ for cls in exceptions if cls not in DOMAIN_ERRORS]
    assert missing == []


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (spindle_state.ThreadNotFound("t-1"), -32600, "thread not found: t-1"),
        (spindle_state.InvalidCursor("garbage"), -32600, "invalid cursor: garbage"),
        (
            InvalidUuid("invalid length: expected length 32 for simple format, found 3"),
            -32600,
            "invalid thread id: invalid length: expected length 32 for simple format, found 3",
        ),
        (InvalidRequest("Not initialized"), -32600, "Not initialized"),
        (
            spindle_sandbox.InvalidPolicy("must be absolute", field="writableRoots.0"),
            -32600,
            "Invalid request: sandboxPolicy.writableRoots.0: must be absolute",
        ),
        (
            spindle_sandbox.UnsupportedOperation("restricted read access is not supported"),
            -32600,
            "restricted read access is not supported",
        ),
        (spindle_sandbox.SandboxUnavailable("no bwrap"), -32603, "no bwrap"),
    ],
)
def test_domain_errors_map_to_reference_errors(exc: Exception, code: int, message: str) -> None:
    error = to_rpc_error(exc)
    assert error is not None
    assert (error.code, error.message) == (code, message)


@pytest.mark.parametrize(
    ("method", "exc", "code", "message"),
    [
        (
            "thread/metadata/update",
            spindle_state.ThreadNotFound("t-1"),
            -32600,
            "no rollout found for thread id t-1",
        ),
        (
            "thread/readState/update",
            spindle_state.ThreadNotFound("t-1"),
            -32600,
            "thread not loaded: t-1",
        ),
        ("thread/readState/update", InvalidUuid("bad"), -32602, "invalid thread id: bad"),
        # Any other method gets the general wording.
        ("thread/read", spindle_state.ThreadNotFound("t-1"), -32600, "thread not found: t-1"),
    ],
)
def test_a_method_can_word_a_domain_error_its_own_way(
    method: str, exc: Exception, code: int, message: str
) -> None:
    error = to_rpc_error(exc, method)
    assert error is not None
    assert (error.code, error.message) == (code, message)


def test_foreign_exceptions_are_not_mapped() -> None:
    assert to_rpc_error(KeyError("x")) is None


def test_public_api_is_the_exported_set() -> None:
    import spindle_app_server

    # Order is ruff's isort-style sort (RUF022), enforced by the linter.
    assert set(spindle_app_server.__all__) == {
        "AppServer",
        "Config",
        "ConfigError",
        "REGISTRY",
        "load_config",
        "main",
    }
    for name in spindle_app_server.__all__:
        assert getattr(spindle_app_server, name) is not None


def test_a_notification_goes_out_only_under_its_own_method() -> None:
    from spindle_app_server._notifier import NotificationTypeMismatch, check_notification
    from spindle_protocol.models import ThreadArchivedNotification

    archived = ThreadArchivedNotification(thread_id="t-1")
    check_notification("thread/archived", archived)
    with pytest.raises(
        NotificationTypeMismatch,
        match="thread/unarchived carries ThreadUnarchivedNotification, not ThreadArchived",
    ):
        check_notification("thread/unarchived", archived)


def _notification_methods_sent() -> set[str]:
    """The notification methods whose constants the server's source imports."""
    from spindle_protocol import methods

    source = Path(spindle_app_server.__file__).parent
    sent = set()
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "spindle_protocol.methods":
                for alias in node.names:
                    value = getattr(methods, alias.name, None)
                    if isinstance(value, str) and value in methods.SERVER_NOTIFICATION_TYPES:
                        sent.add(value)
    return sent


def test_every_notification_the_server_sends_has_its_generated_model() -> None:
    from spindle_protocol import methods, models

    sent = _notification_methods_sent()
    assert {"configWarning", "serverRequest/resolved", "thread/settings/updated"} <= sent
    untyped = sorted(
        m for m in sent if not hasattr(models, methods.SERVER_NOTIFICATION_TYPES[m][0] or "")
    )
    assert untyped == []


def test_a_notification_is_never_a_plain_dict() -> None:
    from spindle_app_server._notifier import NotificationTypeMismatch, check_notification

    with pytest.raises(
        NotificationTypeMismatch, match="configWarning carries ConfigWarningNotification, not dict"
    ):
        check_notification("configWarning", {"summary": "s", "details": None})  # type: ignore[arg-type]
