"""``view_image``: the model looks at an image file on disk.

The path is resolved against the turn's working directory. A readable image becomes an
``imageView`` item (started, then completed; recorded in the rollout as the reference's
``ImageView``) and reaches the model inside the ``function_call_output`` as one
``input_image`` content item: a base64 data URL with ``detail: "high"``.

The image is prepared as the reference prepares it: a PNG or JPEG that fits in 2048x768 is
sent byte for byte; a larger one is scaled down to fit (keeping its aspect ratio, bilinear)
and re-encoded in its own format (JPEG at quality 85); any other format Pillow can decode
is re-encoded as PNG. Errors are the reference's texts, with the path made absolute.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._threads import now_ms
from .._turn_events import ItemCompleted, ItemStarted
from . import _specs
from ._tool_registry import REGISTRY, ToolContext, ToolError, ToolsConfig

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["MAX_HEIGHT", "MAX_WIDTH", "PreparedImage", "ViewImageTool", "prepare_image"]

JSON = dict[str, Any]

MAX_WIDTH = 2048
MAX_HEIGHT = 768
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_JPEG_QUALITY = 85
PROCESS_ERROR = "unable to process image: invalid or unsupported image data"


@dataclass(frozen=True)
class PreparedImage:
    """An image ready for the model."""

    data: bytes
    mime: str
    width: int
    height: int

    def data_url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def _sniff(data: bytes) -> str | None:
    """``PNG`` or ``JPEG`` when the bytes say so (the formats sent unchanged), else None."""
    if data.startswith(_PNG_MAGIC):
        return "PNG"
    if data.startswith(_JPEG_MAGIC):
        return "JPEG"
    return None


def _fit(width: int, height: int) -> tuple[int, int]:
    """The largest size with the same aspect ratio inside MAX_WIDTH x MAX_HEIGHT."""
    ratio = min(MAX_WIDTH / width, MAX_HEIGHT / height)
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def _encode(image: Image.Image, fmt: str) -> PreparedImage:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, format="JPEG", quality=_JPEG_QUALITY)
        mime = "image/jpeg"
    else:
        image.convert("RGBA").save(buffer, format="PNG")
        mime = "image/png"
    return PreparedImage(buffer.getvalue(), mime, image.width, image.height)


def _png_intact(data: bytes) -> bool:
    """Whether every chunk of a PNG has its length and CRC right (Pillow skips the IDAT
    checksums; the reference's decoder rejects a damaged chunk)."""
    pos = len(_PNG_MAGIC)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        end = pos + 8 + length
        if end + 4 > len(data):
            return False
        (crc,) = struct.unpack(">I", data[end : end + 4])
        if zlib.crc32(data[pos + 4 : end]) != crc:
            return False
        if data[pos + 4 : pos + 8] == b"IEND":
            return True
        pos = end + 4
    return False


def prepare_image(data: bytes) -> PreparedImage:
    """The image the model gets for a file's bytes; ValueError when they are no image."""
    # Pillow is imported by the first image (~20 ms), not by every server start.
    from PIL import Image, UnidentifiedImageError

    fmt = _sniff(data)
    if fmt == "PNG" and not _png_intact(data):
        raise ValueError(PROCESS_ERROR)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValueError(PROCESS_ERROR) from exc
    width, height = image.size
    if width <= MAX_WIDTH and height <= MAX_HEIGHT:
        if fmt is not None:
            mime = "image/png" if fmt == "PNG" else "image/jpeg"
            return PreparedImage(data, mime, width, height)
        return _encode(image, "PNG")
    resized = image.resize(_fit(width, height), Image.Resampling.BILINEAR)
    return _encode(resized, fmt or "PNG")


def _os_error(exc: OSError) -> str:
    """An I/O error as Rust prints it: ``No such file or directory (os error 2)``."""
    if exc.errno is not None:
        return f"{os.strerror(exc.errno)} (os error {exc.errno})"
    return str(exc)


def _load(path: Path) -> PreparedImage:
    """Read and prepare the image at ``path``; ToolError with the reference's texts."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ToolError(f"unable to locate image at `{path}`: {_os_error(exc)}") from exc
    if not stat.S_ISREG(mode):
        raise ToolError(f"image path `{path}` is not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ToolError(f"unable to read image at `{path}`: {_os_error(exc)}") from exc
    try:
        return prepare_image(data)
    except ValueError as exc:
        raise ToolError(str(exc)) from exc


def _image_view(item_id: str, path: str, started: int, completed: int | None) -> JSON:
    return {
        "type": "imageView",
        "id": item_id,
        "path": path,
        "startedAtMs": started,
        "completedAtMs": completed,
    }


class ViewImageTool:
    name = "view_image"

    def spec(self, config: ToolsConfig) -> JSON | None:
        del config
        return _specs.view_image_spec()

    async def handle(self, ctx: ToolContext, args: JSON) -> list[JSON]:
        raw = args.get("path")
        if raw is None:
            raise ToolError("failed to parse function arguments: missing field `path`")
        if not isinstance(raw, str):
            raise ToolError(
                "failed to parse function arguments: invalid type: expected a string for `path`"
            )
        path = Path(os.path.normpath(os.path.join(ctx.thread.settings.cwd, raw)))
        started = now_ms()
        image = await asyncio.to_thread(_load, path)
        item_id = ctx.call.call_id
        await ctx.emit(ItemStarted(_image_view(item_id, str(path), started, completed=None)))
        completed = now_ms()
        item = _image_view(item_id, str(path), started, completed)
        rollout = {
            "type": "item_completed",
            "thread_id": ctx.thread.id,
            "turn_id": ctx.turn_id,
            "item": {"type": "ImageView", "id": item_id, "path": path.as_uri()},
            "started_at_ms": started,
            "completed_at_ms": completed,
        }
        await ctx.emit(ItemCompleted(item, rollout=rollout))
        return [{"type": "input_image", "image_url": image.data_url(), "detail": "high"}]


REGISTRY.register(ViewImageTool())
