"""The query syntax of ``fuzzyFileSearch``: the reference's matcher reads a query as atoms.

Atoms are separated by spaces (``\\ `` is a space inside an atom); every atom must match,
and the scores add up (the match indices too). An atom is:

- ``foo``: fuzzy (the characters in order, as :func:`._fuzzy_score.score_path` aligns them);
- ``'foo``: a substring; ``^foo``: a prefix; ``foo$``: a suffix; ``^foo$``: the whole path;
- ``!foo``: must not match (a substring, unless marked otherwise); it adds nothing;
- ``\\^``, ``\\'``, ``\\!`` at the start and ``\\$`` at the end are literal characters.

Matching ignores case, and an atom without accents matches accented letters too (see
:func:`._fuzzy_score.fold`). A query that is one plain fuzzy atom ranks whole-name
matches in steps (:mod:`._fuzzy_search`); any other query ranks by its atoms' scores
alone, as the reference does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._fuzzy_score import Match, folded_lower, folds, score_path, score_run

__all__ = ["Atom", "match", "parse", "plain"]


@dataclass(frozen=True)
class Atom:
    text: str  # lower case
    kind: str  # "fuzzy", "substring", "prefix", "postfix" or "exact"
    negative: bool = False

    @property
    def folded(self) -> bool:
        """Whether the path's accented letters match their base letters for this atom."""
        return folds(self.text)


def _split(query: str) -> list[str]:
    """The query's atoms as written: split at spaces, ``\\ `` kept as a space."""
    atoms: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(query):
        ch = query[i]
        if ch == "\\" and i + 1 < len(query) and query[i + 1] == " ":
            current.append(" ")
            i += 2
            continue
        if ch.isspace():
            if current:
                atoms.append("".join(current))
                current = []
        else:
            current.append(ch)
        i += 1
    if current:
        atoms.append("".join(current))
    return atoms


def _atom(raw: str) -> Atom | None:
    text = raw
    negative = text.startswith("!")
    if negative:
        text = text[1:]
    kind = "fuzzy"
    if text.startswith("^"):
        kind, text = "prefix", text[1:]
    elif text.startswith("'"):
        kind, text = "substring", text[1:]
    elif text[:2] in ("\\^", "\\'", "\\!"):
        text = text[1:]
    if text.endswith("\\$"):
        text = text[:-2] + "$"
    elif text.endswith("$"):
        kind = "postfix" if kind == "fuzzy" else "exact"
        text = text[:-1]
    if negative and kind == "fuzzy":
        kind = "substring"
    if not text:
        return None
    return Atom(text.lower(), kind, negative)


def parse(query: str) -> list[Atom]:
    """The atoms of ``query`` (empty ones dropped)."""
    return [atom for atom in map(_atom, _split(query)) if atom is not None]


def plain(query: str, atoms: list[Atom]) -> str | None:
    """The needle when ``query`` is one plain fuzzy atom written as is (ranked with name
    steps), else None."""
    if len(atoms) != 1:
        return None
    atom = atoms[0]
    if atom.kind != "fuzzy" or atom.negative or atom.text != query.strip().lower():
        return None
    return atom.text


def _one(atom: Atom, path: str) -> Match | None:
    if atom.kind == "fuzzy":
        return score_path(atom.text, path, folded=atom.folded)
    haystack = folded_lower(path) if atom.folded else path.lower()
    size = len(atom.text)
    if atom.kind == "prefix":
        starts = [0] if haystack.startswith(atom.text) else []
    elif atom.kind == "postfix":
        starts = [len(haystack) - size] if haystack.endswith(atom.text) else []
    elif atom.kind == "exact":
        starts = [0] if haystack == atom.text else []
    else:
        starts = []
        at = haystack.find(atom.text)
        while at >= 0:
            starts.append(at)
            at = haystack.find(atom.text, at + 1)
    best: Match | None = None
    for start in starts:
        score = score_run(path, start, size)
        if best is None or score > best.score:
            best = Match(score, list(range(start, start + size)))
    return best


def match(atoms: list[Atom], path: str) -> Match | None:
    """``path`` against every atom: the summed score and the matched positions, or None
    when an atom does not match (or a negative one does)."""
    total = 0
    indices: set[int] = set()
    for atom in atoms:
        found = _one(atom, path)
        if atom.negative:
            if found is not None:
                return None
            continue
        if found is None:
            return None
        total += found.score
        indices.update(found.indices)
    return Match(total, sorted(indices))
