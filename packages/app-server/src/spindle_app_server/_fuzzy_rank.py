"""Which ``fuzzyFileSearch`` matches are kept when more than :data:`MATCH_LIMIT` match, as
the reference's matcher keeps them: by shown score, then by score over the whole path,
then the shorter path (then by path, where the reference goes by the order its walk met
them)."""

from __future__ import annotations

from typing import Any

from ._fuzzy_score import folds, score_path

__all__ = ["MATCH_LIMIT", "Ranked", "keep_best", "tie_order"]

MATCH_LIMIT = 50

JSON = dict[str, Any]

# A match as it competes for a place in the results: its score as shown, its score over
# the whole path (None until a tie needs it), the match.
Ranked = tuple[int, int | None, JSON]


def keep_best(found: list[Ranked], needle: str) -> list[Ranked]:
    """The :data:`MATCH_LIMIT` best of ``found`` (in no particular order), as the
    reference's matcher keeps them: by shown score, then by score over the whole path
    (computed only for the matches tied at the cut), then by :func:`tie_order`."""
    if len(found) <= MATCH_LIMIT:
        return found
    found.sort(key=lambda r: -r[0])
    cut = found[MATCH_LIMIT - 1][0]
    kept = [r for r in found if r[0] > cut]
    tied = [r for r in found if r[0] == cut]
    if len(kept) + len(tied) > MATCH_LIMIT:
        tied = [(shown, _whole(needle, r["path"], whole), r) for shown, whole, r in tied]
        tied.sort(key=lambda r: (-(r[1] or 0), *tie_order(r[2]["path"])))
    return kept + tied[: MATCH_LIMIT - len(kept)]


def _whole(needle: str, path: str, known: int | None) -> int:
    if known is not None:
        return known
    match = score_path(needle, path, folded=folds(needle))
    return 0 if match is None else match.score


def tie_order(path: str) -> tuple[int, str]:
    """Which of two paths scoring alike the reference keeps: the shorter (its matcher's
    order; at one length it keeps the first its walk met, here the first by path)."""
    return len(path), path
