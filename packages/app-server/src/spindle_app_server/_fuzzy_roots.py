"""Roots of one ``fuzzyFileSearch`` inside one another, as the reference treats them.

The reference walks every root and gives each path it finds to the deepest root holding
it, relative to that root. So a root inside another is found once by its own walk and
once more by each root above it: its matches are reported that many times, and the roots
above it report nothing from inside it.
"""

from __future__ import annotations

import os

__all__ = ["Nesting", "nesting", "outside"]

# Per root: the relative paths of the roots inside it, and how many times its own
# matches are reported.
Nesting = list[tuple[tuple[str, ...], int]]


def nesting(roots: list[str]) -> Nesting:
    cleaned = [os.path.normpath(root) for root in roots]
    found: Nesting = []
    for i, root in enumerate(cleaned):
        inner: list[str] = []
        copies = 1
        for j, other in enumerate(cleaned):
            if j == i or other == root:
                continue
            if other.startswith(root.rstrip("/") + "/"):
                inner.append(os.path.relpath(other, root))
            elif root.startswith(other.rstrip("/") + "/"):
                copies += 1
        found.append((tuple(inner), copies))
    return found


def outside(path: str, inner: tuple[str, ...]) -> bool:
    """Whether ``path`` (relative to its root) is neither one of the roots ``inner`` nor
    below one."""
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in inner)
