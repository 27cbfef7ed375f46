"""Mapping of domain exceptions to JSON-RPC errors: one table, one place.

``spindle_state`` raises plain domain exceptions, and handlers let them propagate; the
dispatcher converts them here, and nowhere else. A test asserts that every public exception
of ``spindle_state`` has an entry. Where the reference words the same failure differently
per method (``no rollout found for thread id <id>`` on thread/metadata/update but ``thread
not loaded: <id>`` on thread/readState/update), :data:`METHOD_ERRORS` holds the method's
own mapping, which wins over :data:`DOMAIN_ERRORS`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import spindle_sandbox
import spindle_state
from spindle_protocol import to_wire
from spindle_protocol.errors import InternalError, InvalidParams, InvalidRequest, RpcError
from spindle_protocol.methods import (
    COMMAND_EXEC,
    COMMAND_EXEC_WRITE,
    FS_COPY,
    FS_CREATE_DIRECTORY,
    FS_GET_METADATA,
    FS_READ_DIRECTORY,
    FS_READ_FILE,
    FS_REMOVE,
    FS_UNWATCH,
    FS_WATCH,
    FS_WRITE_FILE,
    THREAD_LIST,
    THREAD_METADATA_UPDATE,
    THREAD_READ_STATE_UPDATE,
)

from ._base64 import Base64Error
from ._config import ConfigError
from ._config_edit import ConfigWriteError
from ._ids import InvalidUuid
from ._process_os import io_error_message
from ._review import TargetError
from ._thread_manager import read_state_model

__all__ = ["DOMAIN_ERRORS", "METHOD_ERRORS", "to_rpc_error"]

log = logging.getLogger(__name__)

Mapper = Callable[[Exception], RpcError]


def _invalid_request(exc: Exception) -> RpcError:
    return InvalidRequest(str(exc))


def _thread_not_found(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_state.ThreadNotFound)
    return InvalidRequest(f"thread not found: {exc.thread_id}")


def _invalid_cursor(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_state.InvalidCursor)
    return InvalidRequest(f"invalid cursor: {exc.cursor}")


def _invalid_thread_id(exc: Exception) -> RpcError:
    return InvalidRequest(f"invalid thread id: {exc}")


def _goal_not_found(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_state.GoalNotFound)
    return InvalidRequest(f"cannot update goal for thread {exc.thread_id}: no goal exists")


def _invalid_policy(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_sandbox.InvalidPolicy)
    where = f"sandboxPolicy.{exc.field}: " if exc.field else "sandboxPolicy: "
    return InvalidRequest(f"Invalid request: {where}{exc}")


def _read_state_conflict(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_state.ReadStateConflict)
    state = to_wire(read_state_model(exc.current.thread_id, exc.current))
    return InvalidRequest(
        "read state changed", data={"reason": "readStateConflict", "readState": state}
    )


def _no_rollout(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_state.ThreadNotFound)
    return InvalidRequest(f"no rollout found for thread id {exc.thread_id}")


def _thread_not_loaded(exc: Exception) -> RpcError:
    assert isinstance(exc, spindle_state.ThreadNotFound)
    return InvalidRequest(f"thread not loaded: {exc.thread_id}")


def _invalid_thread_id_params(exc: Exception) -> RpcError:
    return InvalidParams(f"invalid thread id: {exc}")


def _invalid_excluded_thread_id(exc: Exception) -> RpcError:
    return InvalidParams(f"invalid excluded thread id: {exc}")


def _io_error(exc: Exception) -> RpcError:
    assert isinstance(exc, OSError)
    return InternalError(io_error_message(exc))


def _write_file_base64(exc: Exception) -> RpcError:
    return InvalidRequest(f"fs/writeFile requires valid base64 dataBase64: {exc}")


def _delta_base64(exc: Exception) -> RpcError:
    return InvalidParams(f"invalid deltaBase64: {exc}")


def _exec_failed(exc: Exception) -> RpcError:
    return InternalError(f"exec failed: {exc}")


_FS_METHODS = (
    FS_COPY,
    FS_CREATE_DIRECTORY,
    FS_GET_METADATA,
    FS_READ_DIRECTORY,
    FS_READ_FILE,
    FS_REMOVE,
    FS_UNWATCH,
    FS_WATCH,
    FS_WRITE_FILE,
)


def _config_write(exc: Exception) -> RpcError:
    assert isinstance(exc, ConfigWriteError)
    if exc.code is None:  # not the caller's fault: the file cannot be read or written
        return InternalError(exc.message)
    return InvalidRequest(exc.message, data={"config_write_error_code": exc.code})


def _internal(exc: Exception) -> RpcError:
    return InternalError(str(exc))


# Most specific classes first: lookup walks the exception's MRO.
DOMAIN_ERRORS: dict[type[Exception], Mapper] = {
    spindle_state.ThreadNotFound: _thread_not_found,
    spindle_state.ThreadAlreadyExists: _invalid_request,
    spindle_state.TurnNotFound: _invalid_request,
    spindle_state.InvalidCursor: _invalid_cursor,
    spindle_state.InvalidGitInfo: _invalid_request,
    spindle_state.ReadStateConflict: _read_state_conflict,
    spindle_state.GoalNotFound: _goal_not_found,
    spindle_state.InvalidGoal: _invalid_request,
    spindle_state.GoalError: _internal,
    # Agent graph errors surface as tool errors to the model; a request that meets one
    # (a respawn racing another) is refused as invalid.
    spindle_state.AgentPathTaken: _invalid_request,
    spindle_state.AgentGraphError: _internal,
    spindle_state.InvalidLogLevel: _invalid_request,
    spindle_state.LogsDatabaseError: _internal,
    spindle_state.CorruptRollout: _internal,
    spindle_state.RolloutError: _internal,
    spindle_state.SchemaTooNew: _internal,
    spindle_state.DatabaseUnavailable: _internal,
    spindle_state.StateError: _internal,
    # Sandbox errors reach JSON-RPC only from requests that run or check a command; inside
    # a turn they fail the command item instead (the model is told, nothing runs).
    spindle_sandbox.InvalidPolicy: _invalid_policy,
    spindle_sandbox.UnsupportedOperation: _invalid_request,
    spindle_sandbox.SandboxUnavailable: _internal,
    spindle_sandbox.SandboxError: _internal,
    InvalidUuid: _invalid_thread_id,
    ConfigError: _invalid_request,
    ConfigWriteError: _config_write,
    TargetError: _invalid_request,
}


# The reference's per-method wording of a domain error: (method, class) -> mapper.
METHOD_ERRORS: dict[tuple[str, type[Exception]], Mapper] = {
    (THREAD_METADATA_UPDATE, spindle_state.ThreadNotFound): _no_rollout,
    (THREAD_READ_STATE_UPDATE, spindle_state.ThreadNotFound): _thread_not_loaded,
    (THREAD_READ_STATE_UPDATE, InvalidUuid): _invalid_thread_id_params,
    (THREAD_LIST, InvalidUuid): _invalid_excluded_thread_id,
    # The fs/* methods answer an OS failure with the OS's text, as Rust prints an io::Error.
    **{(method, OSError): _io_error for method in _FS_METHODS},
    (FS_WRITE_FILE, Base64Error): _write_file_base64,
    (COMMAND_EXEC_WRITE, Base64Error): _delta_base64,
    # A policy this machine cannot enforce: nothing runs (the policy itself was validated).
    (COMMAND_EXEC, spindle_sandbox.SandboxError): _exec_failed,
    (COMMAND_EXEC, spindle_sandbox.SandboxUnavailable): _exec_failed,
    (COMMAND_EXEC, spindle_sandbox.UnsupportedOperation): _exec_failed,
}


def to_rpc_error(exc: Exception, method: str | None = None) -> RpcError | None:
    """The wire error for a domain exception raised while answering ``method``, or None
    when it is not a domain exception."""
    if isinstance(exc, RpcError):
        return exc
    for cls in type(exc).__mro__:
        mapper = METHOD_ERRORS.get((method, cls)) if method is not None else None
        if mapper is None:
            mapper = DOMAIN_ERRORS.get(cls)
        if mapper is not None:
            return mapper(exc)
    return None
