"""What a start remembers of config.toml checks: the config values found valid.

A check validates the values spindle reads against ``schema/config.schema.json`` with
jsonschema, whose import alone is a tenth of a second of a start's way to ready. A start
over an unchanged file (the same values, the same schema) needs no validator: the digests
of the last values found valid are kept in ``<home>/cache/config-check.json``. An invalid
file is never remembered, and a memo that cannot be read means checking again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["CONFIG_CHECK_MEMO", "check_digest", "remember_valid", "valid_digests"]

log = logging.getLogger(__name__)

CONFIG_CHECK_MEMO = Path("cache") / "config-check.json"
"""Under the home: digests of the config values last found valid."""

_VALID_DIGESTS_KEPT = 8


def _canonical(value: Any) -> Any:
    """``value`` with its tables as sorted pairs: its repr is then the same for the same
    values (reprs tell types apart: ``1`` and ``1.0``, ``"x"`` and a date)."""
    if isinstance(value, Mapping):
        return sorted((str(k), _canonical(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def check_digest(schema: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    """The digest of checking ``values`` against ``schema``."""
    text = json.dumps(schema, sort_keys=True) + "\0" + repr(_canonical(values))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def valid_digests(memo: Path) -> list[str]:
    """The digests remembered in ``memo`` (none when it cannot be read)."""
    try:
        loaded = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [d for d in loaded if isinstance(d, str)] if isinstance(loaded, list) else []


def remember_valid(memo: Path, digest: str) -> None:
    """Add ``digest`` (replacing the file: a reader sees the old list or the new one)."""
    kept = [d for d in valid_digests(memo) if d != digest][-(_VALID_DIGESTS_KEPT - 1) :]
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        partial = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps([*kept, digest]), encoding="utf-8")
        partial.replace(memo)
    except OSError:  # a memo only: the next start checks again
        log.debug("could not write %s", memo, exc_info=True)
