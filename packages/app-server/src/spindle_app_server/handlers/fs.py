"""``fs/readFile``, ``fs/writeFile``, ``fs/createDirectory``, ``fs/getMetadata``,
``fs/readDirectory``, ``fs/remove``, ``fs/copy``, ``fs/watch``, ``fs/unwatch``.

Host file operations on absolute paths, as the reference does them (checked against the
binary):

- A relative path is refused while the params are read (-32600 ``Invalid request:
  AbsolutePathBuf deserialized without a base path``); ``.`` and ``..`` are normalised away.
- An OS failure is -32603 with the OS's text, ``No such file or directory (os error 2)``
  (the error table maps ``OSError`` for these methods).
- ``readFile`` of anything but a regular file (after symlinks): -32600 ``path `<p>` is not
  a file``. ``writeFile`` needs canonical padded base64 (-32600 ``fs/writeFile requires
  valid base64 dataBase64: <why>``) and replaces the file through symlinks.
- ``createDirectory`` and ``remove`` default ``recursive`` (and ``force``) to true;
  ``remove`` never follows a symlink.
- ``getMetadata`` follows symlinks (``isSymlink`` says whether the path itself is one);
  ``readDirectory`` lists in the file system's order and leaves out entries it cannot
  resolve (dangling symlinks).
- ``copy`` copies a file (with its mode), recreates a symlink, or copies a directory tree
  with ``recursive: true``, never into itself; other file types are refused.
"""

from __future__ import annotations

import asyncio
import base64
import os
import posixpath
import shutil
import stat
from collections.abc import Callable
from typing import Any, TypeVar

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
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
from spindle_protocol.models import (
    FsCopyParams,
    FsCopyResponse,
    FsCreateDirectoryParams,
    FsCreateDirectoryResponse,
    FsGetMetadataParams,
    FsGetMetadataResponse,
    FsReadDirectoryEntry,
    FsReadDirectoryParams,
    FsReadDirectoryResponse,
    FsReadFileParams,
    FsReadFileResponse,
    FsRemoveParams,
    FsRemoveResponse,
    FsUnwatchParams,
    FsUnwatchResponse,
    FsWatchParams,
    FsWatchResponse,
    FsWriteFileParams,
    FsWriteFileResponse,
)

from .._base64 import decode_standard
from .._context import RequestContext
from .._ide import ide_state
from .._params import given
from .._registry import handler
from .._sandbox_settings import RELATIVE_PATH_MESSAGE

__all__ = [
    "absolute_path",
    "fs_copy",
    "fs_create_directory",
    "fs_get_metadata",
    "fs_read_directory",
    "fs_read_file",
    "fs_remove",
    "fs_unwatch",
    "fs_watch",
    "fs_write_file",
]

T = TypeVar("T")


def absolute_path(raw: Any) -> str:
    """``raw`` as the reference's ``AbsolutePathBuf``: absolute, ``.``/``..`` resolved."""
    text = str(raw)
    if not text.startswith("/"):
        raise InvalidRequest(RELATIVE_PATH_MESSAGE)
    normal = posixpath.normpath(text)
    # POSIX lets normpath keep a leading "//"; the reference does not.
    return "/" + normal.lstrip("/")


async def _run(fn: Callable[..., T], *args: Any) -> T:
    """``fn`` off the event loop (file system calls block)."""
    return await asyncio.to_thread(fn, *args)


# -- files ---------------------------------------------------------------------------------


def _read_file(path: str) -> bytes:
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise InvalidRequest(f"path `{path}` is not a file")
    with open(path, "rb") as handle:
        return handle.read()


@handler(FS_READ_FILE)
async def fs_read_file(ctx: RequestContext, params: FsReadFileParams) -> FsReadFileResponse:
    data = await _run(_read_file, absolute_path(params.path))
    return FsReadFileResponse(data_base64=base64.b64encode(data).decode("ascii"))


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


@handler(FS_WRITE_FILE)
async def fs_write_file(ctx: RequestContext, params: FsWriteFileParams) -> FsWriteFileResponse:
    path = absolute_path(params.path)
    data = decode_standard(params.data_base64)  # Base64Error: worded in the error table
    await _run(_write_file, path, data)
    return FsWriteFileResponse()


# -- directories ---------------------------------------------------------------------------


def _create_directory(path: str, recursive: bool) -> None:
    if recursive:
        os.makedirs(path, exist_ok=True)
    else:
        os.mkdir(path)


@handler(FS_CREATE_DIRECTORY)
async def fs_create_directory(
    ctx: RequestContext, params: FsCreateDirectoryParams
) -> FsCreateDirectoryResponse:
    recursive = given(params.recursive) is not False
    await _run(_create_directory, absolute_path(params.path), recursive)
    return FsCreateDirectoryResponse()


def _created_ms(info: os.stat_result) -> int:
    birth = getattr(info, "st_birthtime", None)
    return int(birth * 1000) if birth else 0


def _metadata(path: str) -> FsGetMetadataResponse:
    info = os.stat(path)
    is_symlink = stat.S_ISLNK(os.lstat(path).st_mode)
    return FsGetMetadataResponse(
        is_directory=stat.S_ISDIR(info.st_mode),
        is_file=stat.S_ISREG(info.st_mode),
        is_symlink=is_symlink,
        created_at_ms=_created_ms(info),
        modified_at_ms=info.st_mtime_ns // 1_000_000,
    )


@handler(FS_GET_METADATA)
async def fs_get_metadata(
    ctx: RequestContext, params: FsGetMetadataParams
) -> FsGetMetadataResponse:
    return await _run(_metadata, absolute_path(params.path))


def _read_directory(path: str) -> list[FsReadDirectoryEntry]:
    entries: list[FsReadDirectoryEntry] = []
    with os.scandir(path) as listing:
        for entry in listing:
            try:
                info = os.stat(entry.path)
            except OSError:
                continue
            entries.append(
                FsReadDirectoryEntry(
                    file_name=entry.name,
                    is_directory=stat.S_ISDIR(info.st_mode),
                    is_file=stat.S_ISREG(info.st_mode),
                )
            )
    return entries


@handler(FS_READ_DIRECTORY)
async def fs_read_directory(
    ctx: RequestContext, params: FsReadDirectoryParams
) -> FsReadDirectoryResponse:
    entries = await _run(_read_directory, absolute_path(params.path))
    return FsReadDirectoryResponse(entries=entries)


def _remove(path: str, recursive: bool, force: bool) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if force:
            return
        raise
    if stat.S_ISDIR(info.st_mode):
        if recursive:
            shutil.rmtree(path)
        else:
            os.rmdir(path)
    else:
        os.remove(path)


@handler(FS_REMOVE)
async def fs_remove(ctx: RequestContext, params: FsRemoveParams) -> FsRemoveResponse:
    path = absolute_path(params.path)
    recursive = given(params.recursive) is not False
    force = given(params.force) is not False
    await _run(_remove, path, recursive, force)
    return FsRemoveResponse()


# -- copy ----------------------------------------------------------------------------------


def _copy_symlink(source: str, target: str) -> None:
    os.symlink(os.readlink(source), target)


def _copy_file(source: str, target: str) -> None:
    shutil.copyfile(source, target)
    shutil.copymode(source, target)


def _copy_tree(source: str, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    with os.scandir(source) as listing:
        entries = list(listing)
    for entry in entries:
        destination = os.path.join(target, entry.name)
        if entry.is_dir(follow_symlinks=False):
            _copy_tree(entry.path, destination)
        elif entry.is_file(follow_symlinks=False):
            _copy_file(entry.path, destination)
        elif entry.is_symlink():
            _copy_symlink(entry.path, destination)
        # FIFOs, sockets and devices inside a tree are skipped, as the reference does.


def _resolve_destination(path: str) -> str:
    """``path`` with its longest existing prefix resolved through symlinks."""
    suffix: list[str] = []
    existing = path
    while not os.path.exists(existing):
        parent, name = os.path.split(existing)
        if not name or parent == existing:
            break
        suffix.append(name)
        existing = parent
    return os.path.join(os.path.realpath(existing), *reversed(suffix))


def _is_same_or_inside(source: str, destination: str) -> bool:
    real_source = os.path.realpath(source, strict=True)
    resolved = _resolve_destination(destination)
    return resolved == real_source or resolved.startswith(real_source.rstrip("/") + "/")


def _copy(source: str, destination: str, recursive: bool) -> None:
    mode = os.lstat(source).st_mode
    if stat.S_ISDIR(mode):
        if not recursive:
            raise InvalidRequest("fs/copy requires recursive: true when sourcePath is a directory")
        if _is_same_or_inside(source, destination):
            raise InvalidRequest(
                "fs/copy cannot copy a directory to itself or one of its descendants"
            )
        _copy_tree(source, destination)
    elif stat.S_ISLNK(mode):
        _copy_symlink(source, destination)
    elif stat.S_ISREG(mode):
        _copy_file(source, destination)
    else:
        raise InvalidRequest("fs/copy only supports regular files, directories, and symlinks")


@handler(FS_COPY)
async def fs_copy(ctx: RequestContext, params: FsCopyParams) -> FsCopyResponse:
    source = absolute_path(params.source_path)
    destination = absolute_path(params.destination_path)
    await _run(_copy, source, destination, bool(given(params.recursive)))
    return FsCopyResponse()


# -- watching ------------------------------------------------------------------------------


@handler(FS_WATCH)
async def fs_watch(ctx: RequestContext, params: FsWatchParams) -> FsWatchResponse:
    path = absolute_path(params.path)
    ide_state(ctx.server).watches.watch(ctx.session, params.watch_id, path)
    return FsWatchResponse(path=path)


@handler(FS_UNWATCH)
async def fs_unwatch(ctx: RequestContext, params: FsUnwatchParams) -> FsUnwatchResponse:
    await ide_state(ctx.server).watches.unwatch(ctx.session, params.watch_id)
    return FsUnwatchResponse()
