"""The order of names in ``__all__`` (the order ruff's RUF022 enforces)."""

from __future__ import annotations

from collections.abc import Iterable


def export_key(name: str) -> tuple[int, str]:
    """CONSTANTS first, then CamelCase classes, then everything else; each group sorted."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def export_order(names: Iterable[str]) -> list[str]:
    """``names`` in ``__all__`` order, without duplicates."""
    return sorted(set(names), key=export_key)
