"""The subsequence prefilter of fuzzy file search (``_Lines.containing``), both scans.

A query whose first character is frequent is scanned line by line, a rarer one from each
occurrence of its first character. Both must find exactly the lines holding the query as a
subsequence: checked against a plain Python check on random lines, with regex-special
characters, empty lines and repeated characters.
"""

from __future__ import annotations

import random

import pytest
from spindle_app_server import _fuzzy_search
from spindle_app_server._fuzzy_search import _Lines

ALPHABET = "aabbrrree/._-[]^\\$()*+?{}|"


def _holds(line: str, query: str) -> bool:
    rest = iter(line)
    return all(ch in rest for ch in query)


def _lines(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choices(ALPHABET, k=rng.randint(0, 24))) for _ in range(count)]


def _queries(rng: random.Random) -> list[str]:
    picked = ["a", "r", "re", "rea", "ree", "rrr", "[]", "^$", "\\", "a/b", ".-_", "zz", "q"]
    picked += ["".join(rng.choices(ALPHABET, k=rng.randint(1, 5))) for _ in range(40)]
    return picked


@pytest.fixture(params=["per line", "per occurrence"])
def scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each scan in turn: 0 makes every first character frequent (the per-line scan),
    infinity none."""
    threshold = 0.0 if request.param == "per line" else float("inf")
    monkeypatch.setattr(_fuzzy_search, "_LINE_SCAN_OCCURRENCES", threshold)
    return str(request.param)


@pytest.mark.usefixtures("scan")
def test_both_scans_find_exactly_the_lines_holding_the_query() -> None:
    rng = random.Random(5)
    for size in (1, 2, 7, 300):
        lines = _lines(rng, size)
        text = _Lines.lowered(lines)
        for query in _queries(rng):
            expected = [i for i, line in enumerate(lines) if _holds(line, query)]
            assert text.containing(query) == expected, (lines, query)


@pytest.mark.usefixtures("scan")
def test_first_and_last_lines_and_empty_ones_are_counted_right() -> None:
    lines = ["readme.md", "", "src/read/me", "", "", "docs/README", "rdme", "readme"]
    assert _Lines.lowered(lines).containing("readme") == [0, 2, 5, 7]
    assert _Lines.lowered(["", ""]).containing("a") == []
    assert _Lines.lowered([]).containing("a") == []
