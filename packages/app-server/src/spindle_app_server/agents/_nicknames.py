"""Nicknames shown for sub-agents (``agentNickname``): thinkers of antiquity.

A tree hands out each nickname once, at random, until the list is used up; then any may
repeat, as the reference does with its own list.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import Final

__all__ = ["NICKNAMES", "pick_nickname"]

NICKNAMES: Final = (
    "Anaxagoras", "Anaximander", "Archimedes", "Aristarchus", "Boethius", "Chrysippus",
    "Cleanthes", "Democritus", "Diogenes", "Empedocles", "Epictetus", "Epicurus",
    "Eratosthenes", "Euclid", "Heraclitus", "Hipparchus", "Hypatia", "Leucippus",
    "Lucretius", "Parmenides", "Plotinus", "Protagoras", "Pythagoras", "Seneca",
    "Socrates", "Thales", "Theophrastus", "Xenophanes", "Zeno",
)  # fmt: skip


def pick_nickname(used: Collection[str], rng: random.Random | None = None) -> str:
    """A nickname not in ``used`` when one is left, else any."""
    chooser = rng or random
    free = [name for name in NICKNAMES if name not in used]
    return chooser.choice(free or list(NICKNAMES))
