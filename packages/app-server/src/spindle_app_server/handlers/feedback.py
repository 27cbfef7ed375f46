"""``feedback/save`` and ``feedback/upload``.

``feedback/save`` writes a ZIP to an absolute, previously unused ``savePath``, in the
reference's layout:

- ``report.json``: the report event (message ``[<Classification>]: spindle session <id>``,
  timestamp, the reason as an exception value, and tags: classification, reason, thread id,
  the protocol's ``cli_version`` and spindle's version, plus the caller's tags);
- ``attachments/NNNN/<file>``: the exported feedback logs (``codex-logs.log``, when
  ``includeLogs``), the thread's rollout, and every ``extraLogFiles`` entry;
- ``manifest.json``: one ``{entry, filename, contentType}`` per attachment.

The ZIP is built in a temporary file next to ``savePath`` and then hard-linked into place,
so an existing file is never overwritten, even one created meanwhile. Errors are the
reference's: a relative path is ``-32600 feedback savePath must be an absolute host path``;
an existing path, a missing folder or an unreadable attachment are ``-32603 failed to save
feedback: ...``.

``feedback/upload`` sends nothing anywhere: it answers the reference's error for feedback
disabled by configuration.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import logging
import mimetypes
import os
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spindle_protocol.errors import InternalError, InvalidRequest
from spindle_protocol.methods import FEEDBACK_SAVE, FEEDBACK_UPLOAD
from spindle_protocol.models import (
    FeedbackSaveParams,
    FeedbackSaveResponse,
    FeedbackUploadParams,
    FeedbackUploadResponse,
)
from spindle_state import (
    LogDbHandler,
    LogStore,
    find_rollout_path,
    open_log_store,
    process_log_uuid,
)

from .._context import RequestContext
from .._ids import uuid7
from .._params import given, thread_id_of
from .._registry import handler
from .._version import CLI_VERSION, SPINDLE_VERSION

__all__ = ["feedback_save", "feedback_upload"]

log = logging.getLogger(__name__)

UPLOAD_DISABLED = "sending feedback is disabled by configuration"
RELATIVE_PATH = "feedback savePath must be an absolute host path"
PATH_EXISTS = "feedback save path already exists"
FEEDBACK_LOG_MAX_BYTES = 10 * 1024 * 1024
LOGS_FILENAME = "codex-logs.log"


class _SaveFailed(Exception):
    """A failure the reference reports as ``failed to save feedback: <message>``."""


@dataclass(frozen=True)
class _Attachment:
    filename: str
    content_type: str
    data: bytes


@handler(FEEDBACK_UPLOAD)
async def feedback_upload(
    ctx: RequestContext, params: FeedbackUploadParams
) -> FeedbackUploadResponse:
    """spindle never uploads feedback; this is the reference's answer when it is disabled."""
    raise InvalidRequest(UPLOAD_DISABLED)


@handler(FEEDBACK_SAVE)
async def feedback_save(ctx: RequestContext, params: FeedbackSaveParams) -> FeedbackSaveResponse:
    save_path = params.save_path
    if not os.path.isabs(save_path):
        raise InvalidRequest(RELATIVE_PATH)
    raw_thread_id = given(params.thread_id)
    thread_id = thread_id_of(raw_thread_id) if raw_thread_id is not None else None
    home = ctx.config.home
    rollout: Path | None = None
    if thread_id is not None:
        loaded = ctx.threads.get(thread_id)
        if loaded is not None and loaded.materialized:
            rollout = loaded.rollout_path
        else:
            record = await asyncio.to_thread(ctx.store.find_thread, thread_id)
            if record is not None and record.rollout_path:
                rollout = Path(record.rollout_path)
            else:
                rollout = await asyncio.to_thread(find_rollout_path, home, thread_id)
    reported_id = thread_id if thread_id is not None else f"no-active-thread-{uuid7()}"
    extra_log_files = given(params.extra_log_files)
    request = _Request(
        save_path=Path(save_path),
        classification=params.classification,
        reason=given(params.reason),
        tags={str(key): str(value) for key, value in (given(params.tags) or {}).items()},
        include_logs=bool(given(params.include_logs)),
        extra_log_files=extra_log_files or [],
        thread_id=thread_id,
        reported_id=reported_id,
        rollout=rollout,
        home=home,
    )
    try:
        prompt_hash = await asyncio.to_thread(_save, request)
    except _SaveFailed as exc:
        # _SaveFailed carries the reason in the reference's words (its own, not a domain error).
        raise InternalError(f"failed to save feedback: {exc}") from None
    return FeedbackSaveResponse(
        saved_path=save_path, thread_id=reported_id, prompt_hash=prompt_hash
    )


@dataclass(frozen=True)
class _Request:
    save_path: Path
    classification: str
    reason: str | None
    tags: dict[str, str]
    include_logs: bool
    extra_log_files: list[str]
    thread_id: str | None
    reported_id: str
    rollout: Path | None
    home: Path


def _os_error(exc: OSError) -> str:
    text = f"{exc.strerror or exc} (os error {exc.errno})" if exc.errno else str(exc)
    return f'{text} at path "{exc.filename}"' if exc.filename else text


def _save(request: _Request) -> str | None:
    """Build the archive and link it into place; returns the prompt hash."""
    if os.path.lexists(request.save_path):
        raise _SaveFailed(PATH_EXISTS)
    attachments: list[_Attachment] = []
    if request.include_logs:
        attachments.append(
            _Attachment(LOGS_FILENAME, "text/plain", _export_logs(request).encode("utf-8"))
        )
    prompt_hash = None
    if request.rollout is not None and request.rollout.is_file():
        data = request.rollout.read_bytes()
        prompt_hash = _prompt_hash(data)
        attachments.append(_Attachment(request.rollout.name, "application/x-ndjson", data))
    for path in request.extra_log_files:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            detail = f"{exc.strerror or exc} (os error {exc.errno})" if exc.errno else str(exc)
            raise _SaveFailed(f"failed to read selected attachment {path}: {detail}") from None
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        attachments.append(_Attachment(Path(path).name, content_type, data))
    _write_new_file(request.save_path, _archive(request, attachments))
    return prompt_hash


def _archive(request: _Request, attachments: list[_Attachment]) -> bytes:
    label = request.classification.replace("_", " ").replace("-", " ").title()
    message = f"[{label}]: spindle session {request.reported_id}"
    tags = dict(request.tags)
    tags.update(
        {
            "classification": request.classification,
            "cli_version": CLI_VERSION,
            "spindle_version": SPINDLE_VERSION,
            "thread_id": request.reported_id,
        }
    )
    if request.reason is not None:
        tags["reason"] = request.reason
    report: dict[str, Any] = {
        "event_id": uuid.uuid4().hex,
        "message": message,
        "timestamp": time.time(),
    }
    if request.reason is not None:
        report["exception"] = {"values": [{"type": message, "value": request.reason}]}
    report["tags"] = dict(sorted(tags.items()))
    manifest = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.json", json.dumps(report, separators=(",", ":")))
        for index, attachment in enumerate(attachments):
            entry = f"attachments/{index:04d}/{attachment.filename}"
            archive.writestr(entry, attachment.data)
            manifest.append(
                {
                    "entry": entry,
                    "filename": attachment.filename,
                    "contentType": attachment.content_type,
                }
            )
        archive.writestr("manifest.json", json.dumps(manifest, separators=(",", ":")))
    return buffer.getvalue()


def _write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data`` (mode 0600); never replaces an existing file."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp")
    except OSError as exc:
        raise _SaveFailed(_os_error(exc)) from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise _SaveFailed(PATH_EXISTS) from None
        except OSError:
            # No hard links here (some filesystems): exclusive create is still race-free.
            _copy_exclusive(path, data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _copy_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise _SaveFailed(PATH_EXISTS) from None
    except OSError as exc:
        raise _SaveFailed(_os_error(exc)) from None
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _log_handlers() -> list[LogDbHandler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, LogDbHandler)]


def _export_logs(request: _Request) -> str:
    """The feedback text: the thread's logs, or this process's thread-less logs."""
    handlers = _log_handlers()
    for db_handler in handlers:
        db_handler.flush()
    if handlers:
        return _export_from(handlers[0].store, request)
    try:
        with open_log_store(request.home, read_only=True) as store:
            return _export_from(store, request)
    except Exception as exc:  # logs are best effort; the archive is still written
        log.warning("feedback: cannot read the logs database: %s", exc)
        return ""


def _export_from(store: LogStore, request: _Request) -> str:
    if request.thread_id is not None:
        return store.export_feedback(request.thread_id, FEEDBACK_LOG_MAX_BYTES)
    return store.export_process_feedback(process_log_uuid(), FEEDBACK_LOG_MAX_BYTES).text


def _prompt_hash(rollout: bytes) -> str | None:
    """SHA-256 of the whitespace-normalized base instructions in the session meta line."""
    first = rollout.split(b"\n", 1)[0]
    try:
        line = json.loads(first)
    except ValueError:
        return None
    payload = line.get("payload") if isinstance(line, dict) else None
    base = payload.get("base_instructions") if isinstance(payload, dict) else None
    text = base.get("text") if isinstance(base, dict) else base
    if not isinstance(text, str) or not text.strip():
        return None
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
