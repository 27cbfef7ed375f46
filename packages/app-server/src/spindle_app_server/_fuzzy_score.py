"""The fuzzy score of a path against a query, ranked as the reference ranks it.

The reference scores with ``nucleo`` (the fzf "v2" optimal alignment) configured for
paths: every matched character scores 16; a match right after ``/`` (or at the start)
earns a boundary bonus of 9, after another non-word character 8, a camelCase or digit
transition 5; the first query character's bonus counts twice; a run of consecutive
matches keeps the bonus of its first character (at least 4); a gap costs 3 to open and 1
per further character. Matching ignores case. These rules reproduce the reference's
numbers exactly on the paths we checked (``main`` in ``src/app/main.py`` scores 109).

On top of that score the reference ranks whole-name matches first, in steps of 65536: a
file whose name equals the query gets three steps, and a file whose match lies entirely
inside its name one. Of the directories named like the query, one gets two steps: the
shallowest, then the first by path; the others get none. (At one depth the reference
picks the one its two walking threads meet first: by path on 8 of the 11 trees we
compared.)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = [
    "NAME_STEP",
    "Match",
    "char_classes",
    "fold",
    "folded_lower",
    "folds",
    "score_path",
    "score_run",
]

SCORE_MATCH = 16
GAP_START = 3
GAP_EXTENSION = 1
BONUS_BOUNDARY = SCORE_MATCH // 2
BONUS_NON_WORD = SCORE_MATCH // 2
BONUS_CAMEL123 = BONUS_BOUNDARY - GAP_START  # nucleo: 5 (fzf itself gives 7)
BONUS_CONSECUTIVE = GAP_START + GAP_EXTENSION
BONUS_BOUNDARY_WHITE = BONUS_BOUNDARY  # nucleo's path configuration (fzf itself gives 10)
BONUS_BOUNDARY_DELIMITER = BONUS_BOUNDARY + 1
FIRST_CHAR_MULTIPLIER = 2
NAME_STEP = 1 << 16

# Character classes, ordered as in the matcher: everything above DELIMITER is a word char.
WHITESPACE, NON_WORD, DELIMITER, LOWER, UPPER, LETTER, NUMBER = range(7)


def _class_of(ch: str) -> int:
    if ch == "/":
        return DELIMITER
    if ch.isascii():
        if "a" <= ch <= "z":
            return LOWER
        if "A" <= ch <= "Z":
            return UPPER
        if "0" <= ch <= "9":
            return NUMBER
        if ch.isspace():
            return WHITESPACE
        return NON_WORD
    if ch.islower():
        return LOWER
    if ch.isupper():
        return UPPER
    if ch.isnumeric():
        return NUMBER
    if ch.isalpha():
        return LETTER
    if ch.isspace():
        return WHITESPACE
    return NON_WORD


def _bonus(prev: int, cls: int) -> int:
    if cls > DELIMITER:
        if prev == WHITESPACE:
            return BONUS_BOUNDARY_WHITE
        if prev == DELIMITER:
            return BONUS_BOUNDARY_DELIMITER
        if prev == NON_WORD:
            return BONUS_BOUNDARY
    if (prev == LOWER and cls == UPPER) or (prev != NUMBER and cls == NUMBER):
        return BONUS_CAMEL123
    if cls == WHITESPACE:
        return BONUS_BOUNDARY_WHITE
    if cls == NON_WORD:
        return BONUS_NON_WORD
    return 0


_BONUS_TABLE = [[_bonus(prev, cls) for cls in range(7)] for prev in range(7)]
_ASCII_CLASS = {chr(code): _class_of(chr(code)) for code in range(128)}


def char_classes(text: str) -> list[int]:
    """The bonus each position of ``text`` earns when matched (paths start as after ``/``)."""
    get = _ASCII_CLASS.get
    classes = [get(ch) for ch in text]
    if None in classes:
        classes = [
            _class_of(ch) if cls is None else cls for ch, cls in zip(text, classes, strict=True)
        ]
    bonuses = []
    prev = DELIMITER
    for cls in classes:
        assert cls is not None
        bonuses.append(_BONUS_TABLE[prev][cls])
        prev = cls
    return bonuses


class _LazyBonus:
    """``char_classes(path)[j]``, computed only for the positions an alignment visits."""

    __slots__ = ("_cache", "_path")

    def __init__(self, path: str) -> None:
        self._path = path
        self._cache: dict[int, int] = {}

    def __getitem__(self, j: int) -> int:
        value = self._cache.get(j)
        if value is None:
            path = self._path
            get = _ASCII_CLASS.get
            ch = path[j]
            cls = get(ch)
            if cls is None:
                cls = _class_of(ch)
            if j == 0:
                prev = DELIMITER
            else:
                before = path[j - 1]
                prev_cls = get(before)
                prev = _class_of(before) if prev_cls is None else prev_cls
            value = _BONUS_TABLE[prev][cls]
            self._cache[j] = value
        return value


class _Folds(dict[int, int]):
    """Each character's base letter without its marks (``é`` is ``e``), found on first use."""

    def __missing__(self, code: int) -> int:
        base = unicodedata.normalize("NFD", chr(code))
        marks = base[1:]
        folded = code
        if len(base) > 1 and base[0].isascii() and all(map(unicodedata.combining, marks)):
            folded = ord(base[0])
        else:
            folded = _UNMARKED.get(code, code)
        self[code] = folded
        return folded


# Latin letters with a stroke or the like, which have no decomposition.
_UNMARKED = {ord(k): ord(v) for k, v in zip("øØłŁđĐħĦıßſ", "oOlLdDhHiss", strict=True)}
_FOLDS = _Folds((code, code) for code in range(128))


def fold(text: str) -> str:
    """``text`` with accented Latin letters as their base letters, one character for one
    (so positions do not move), as the reference's matcher normalises paths."""
    return text if text.isascii() else text.translate(_FOLDS)


def folds(needle: str) -> bool:
    """Whether accented letters in paths match their base letters for ``needle``: unless
    it has accented letters itself (the reference's "smart" normalisation)."""
    return fold(needle) == needle


def folded_lower(text: str) -> str:
    return fold(text.lower())


@dataclass(frozen=True)
class Match:
    score: int
    indices: list[int]


def score_path(query: str, path: str, start: int = 0, *, folded: bool = False) -> Match | None:
    """The best alignment of ``query`` (lower case) in ``path``, or None if it does not match.

    With ``start``, only positions from there on may match (bonuses still see the whole
    path). With ``folded``, the path's accented letters match their base letters (see
    :func:`fold`).

    The score of matching ``query[: i + 1]`` with its last character at ``path[j]`` comes
    either from the match of ``query[i - 1]`` at ``j - 1`` (a consecutive run, which keeps
    its first character's bonus) or across a gap from an earlier one; a gap of ``L``
    characters costs ``L + 2`` and a score never drops below zero along it, as the
    matcher saturates. Only the positions holding each query character are visited. Among
    alignments scoring alike, the last character takes the later position (a lone one the
    earlier), each other character the earlier one across a gap, and a gap wins over a
    consecutive run, as the reference's indices show.
    """
    m = len(query)
    haystack = folded_lower(path) if folded else path.lower()
    n = len(haystack)
    if m == 0 or m > n - start:
        return None
    pos = start - 1
    for ch in query:
        pos = haystack.find(ch, pos + 1)
        if pos < 0:
            return None
    bonus = _LazyBonus(path)
    rows: list[list[int]] = []
    prev_positions: list[int] = []
    prev_best: dict[int, int] = {}
    prev_run: dict[int, int] = {}
    backs: list[dict[int, int]] = []
    for i, qc in enumerate(query):
        positions = []
        j = haystack.find(qc, start + i)
        while j >= 0:
            positions.append(j)
            j = haystack.find(qc, j + 1)
        best: dict[int, int] = {}
        run: dict[int, int] = {}
        back: dict[int, int] = {}
        if i == 0:
            for j in positions:
                best[j] = SCORE_MATCH + bonus[j] * FIRST_CHAR_MULTIPLIER
                run[j] = 1
        else:
            # Running best of (score + position) over predecessors at least two back.
            top = -(1 << 30)
            top_at = -1
            k_index = 0
            count = len(prev_positions)
            for j in positions:
                while k_index < count and prev_positions[k_index] <= j - 2:
                    k = prev_positions[k_index]
                    value = prev_best[k] + k
                    if value > top:
                        top, top_at = value, k
                    k_index += 1
                score = -1
                b = bonus[j]
                diag = prev_best.get(j - 1)
                if diag is not None:
                    length = prev_run[j - 1] + 1
                    consecutive = b
                    first_bonus = bonus[j - length + 1]
                    if b >= BONUS_BOUNDARY and b > first_bonus:
                        length = 1
                    else:
                        consecutive = max(b, BONUS_CONSECUTIVE, first_bonus)
                    score = diag + SCORE_MATCH + consecutive
                    run[j] = length
                    back[j] = j - 1
                if top_at >= 0:
                    gapped = max(top - j - 1, 0) + SCORE_MATCH + b
                    # A tie goes to the gap, as the reference's matcher decides it.
                    if gapped >= score:
                        score = gapped
                        run[j] = 1
                        back[j] = top_at
                if score >= 0:
                    best[j] = score
        if not best:
            return None
        prev_positions = sorted(best)
        prev_best, prev_run = best, run
        backs.append(back)
        rows.append(prev_positions)
    end = -1
    top_score = -1
    for j in prev_positions:
        # Ties: the later end, except for a one-character query (the earlier, as the
        # reference's matcher takes a lone character's best occurrence).
        if prev_best[j] > top_score or (prev_best[j] == top_score and m > 1):
            top_score, end = prev_best[j], j
    indices = [end]
    for i in range(m - 1, 0, -1):
        indices.append(backs[i][indices[-1]])
    indices.reverse()
    return Match(top_score, indices)


def score_run(path: str, start: int, length: int) -> int:
    """The score of matching ``path[start : start + length]`` as one consecutive run (a
    substring, prefix, suffix or exact atom of a query), as :func:`score_path` scores a
    run: the first character's bonus twice, then each keeps the run's first bonus (at
    least :data:`BONUS_CONSECUTIVE`) unless its own boundary bonus is higher."""
    bonus = _LazyBonus(path)
    first = bonus[start]
    score = SCORE_MATCH + first * FIRST_CHAR_MULTIPLIER
    for j in range(start + 1, start + length):
        b = bonus[j]
        if b >= BONUS_BOUNDARY and b > first:
            first = b
            score += SCORE_MATCH + b
        else:
            score += SCORE_MATCH + max(b, BONUS_CONSECUTIVE, first)
    return score
