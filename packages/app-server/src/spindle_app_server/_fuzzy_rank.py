"""Which ``fuzzyFileSearch`` matches are kept when more than :data:`MATCH_LIMIT` match, as
the reference's matcher keeps them: by shown score, then by score over the whole path,
then the shorter path, then the one its walk met first (see ``Tree.walk_key``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._fuzzy_score import folds, score_path

__all__ = ["MATCH_LIMIT", "Ranked", "Tie", "keep_best"]

MATCH_LIMIT = 50

JSON = dict[str, Any]

Tie = tuple[int, int, int]
"""What orders matches that score alike: the path's length, its root's place among the
roots searched, its entry's index in that root's walk (-1: the root itself)."""

# A match as it competes for a place in the results: its score as shown, its score over
# the whole path (None until a tie needs it), its tie order, the match.
Ranked = tuple[int, int | None, Tie, JSON]

WalkKey = Callable[[int, int], str]
"""The walk order key (see ``Tree.walk_key``) of an entry: by root place and index."""


def keep_best(found: list[Ranked], needle: str, walk_key: WalkKey) -> list[Ranked]:
    """The :data:`MATCH_LIMIT` best of ``found`` (in no particular order), as the
    reference's matcher keeps them: by shown score, then by score over the whole path
    (computed only for the matches tied at the cut), then the shorter path, then by root
    and walk order (``walk_key``, asked only for the matches still tied at the cut)."""
    if len(found) <= MATCH_LIMIT:
        return found
    found.sort(key=lambda r: -r[0])
    cut = found[MATCH_LIMIT - 1][0]
    kept = [r for r in found if r[0] > cut]
    tied = [r for r in found if r[0] == cut]
    room = MATCH_LIMIT - len(kept)
    if len(tied) > room:
        tied = [(shown, _whole(needle, r["path"], whole), tie, r) for shown, whole, tie, r in tied]
        tied.sort(key=lambda r: (-(r[1] or 0), r[2][0]))
        edge = (tied[room - 1][1], tied[room - 1][2][0])
        group = [k for k, r in enumerate(tied) if (r[1], r[2][0]) == edge]
        low, high = group[0], group[-1] + 1
        if high > room:
            at_edge = sorted(tied[low:high], key=lambda r: (r[2][1], walk_key(r[2][1], r[2][2])))
            tied[low:high] = at_edge
    return kept + tied[:room]


def _whole(needle: str, path: str, known: int | None) -> int:
    if known is not None:
        return known
    match = score_path(needle, path, folded=folds(needle))
    return 0 if match is None else match.score
