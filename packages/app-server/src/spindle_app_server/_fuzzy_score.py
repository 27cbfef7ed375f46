"""The fuzzy score of a path against a query, ranked as the reference ranks it.

The reference scores with ``nucleo`` (the fzf "v2" optimal alignment) configured for
paths: every matched character scores 16; a match right after ``/`` (or at the start)
earns a boundary bonus of 9, after another non-word character 8, a camelCase or digit
transition 7; the first query character's bonus counts twice; a run of consecutive
matches keeps the bonus of its first character (at least 4); a gap costs 3 to open and 1
per further character. Matching ignores case. These rules reproduce the reference's
numbers exactly on the paths we checked (``main`` in ``src/app/main.py`` scores 109).

On top of that score the reference ranks whole-name matches first, in steps of 65536: a
file whose name equals the query gets three steps, a directory whose name equals the query
two (the reference does not always give it; we have not found its rule), and a file whose match lies entirely inside its name one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NAME_STEP", "Match", "char_classes", "score_path"]

SCORE_MATCH = 16
GAP_START = 3
GAP_EXTENSION = 1
BONUS_BOUNDARY = SCORE_MATCH // 2
BONUS_NON_WORD = SCORE_MATCH // 2
BONUS_CAMEL123 = BONUS_BOUNDARY - GAP_EXTENSION
BONUS_CONSECUTIVE = GAP_START + GAP_EXTENSION
BONUS_BOUNDARY_WHITE = BONUS_BOUNDARY + 2
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


def char_classes(text: str) -> list[int]:
    """The bonus each position of ``text`` earns when matched (paths start as after ``/``)."""
    bonuses = []
    prev = DELIMITER
    for ch in text:
        cls = _class_of(ch)
        bonuses.append(_bonus(prev, cls))
        prev = cls
    return bonuses


@dataclass(frozen=True)
class Match:
    score: int
    indices: list[int]


def score_path(query: str, path: str, start: int = 0) -> Match | None:
    """The best alignment of ``query`` (lower case) in ``path``, or None if it does not match.

    With ``start``, only positions from there on may match (bonuses still see the whole
    path): the reference scores a match inside the file name this way.

    ``best[i][j]`` is the best score of matching ``query[: i + 1]`` with its last character
    at ``path[j]``; it comes either from ``best[i - 1][j - 1]`` (a consecutive run, which
    keeps its first character's bonus) or across a gap from an earlier match (whose score
    never drops below zero, as the matcher saturates).
    """
    m = len(query)
    haystack = path.lower()
    n = len(haystack)
    if m == 0 or m > n - start:
        return None
    pos = start - 1
    for ch in query:
        pos = haystack.find(ch, pos + 1)
        if pos < 0:
            return None
    bonus = char_classes(path)
    none = -1
    prev_best: list[int] = []
    prev_run: list[int] = []
    backs: list[list[int]] = []
    for i, qc in enumerate(query):
        best = [none] * n
        run = [0] * n
        back = [-1] * n
        # Best gapped predecessor for position j: (score, where), kept as j advances.
        gap_score = none
        gap_from = -1
        for j in range(start + i, n):
            if i > 0 and j >= start + 2:
                candidate = prev_best[j - 2]
                if gap_score != none:
                    gap_score = max(gap_score - GAP_EXTENSION, 0)
                if candidate != none and candidate - GAP_START >= gap_score:
                    gap_score = max(candidate - GAP_START, 0)
                    gap_from = j - 2
            if haystack[j] != qc:
                continue
            b = bonus[j]
            if i == 0:
                best[j] = SCORE_MATCH + b * FIRST_CHAR_MULTIPLIER
                run[j] = 1
                continue
            score = none
            diag = prev_best[j - 1]
            if diag != none:
                length = prev_run[j - 1] + 1
                consecutive = b
                if length > 1:
                    first_bonus = bonus[j - length + 1]
                    if b >= BONUS_BOUNDARY and b > first_bonus:
                        length = 1
                    else:
                        consecutive = max(b, BONUS_CONSECUTIVE, first_bonus)
                score = diag + SCORE_MATCH + consecutive
                run[j] = length
                back[j] = j - 1
            if gap_score != none and gap_score + SCORE_MATCH + b > score:
                score = gap_score + SCORE_MATCH + b
                run[j] = 1
                back[j] = gap_from
            best[j] = score
        prev_best, prev_run = best, run
        backs.append(back)
    end = -1
    top = none
    for j in range(n):
        if prev_best[j] >= top and prev_best[j] != none:
            top, end = prev_best[j], j
    if end < 0:
        return None
    indices = [end]
    for i in range(m - 1, 0, -1):
        indices.append(backs[i][indices[-1]])
    indices.reverse()
    return Match(top, indices)
