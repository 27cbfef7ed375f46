"""What the server benches share: their figures, and running them beside the reference.

Each bench measures one server kind at a time into :class:`Figures`; :func:`side_by_side`
runs spindle, then the reference when its binary is available (and not turned off with
``SPINDLE_BENCH_REFERENCE=0``), and :func:`print_table` prints both with their ratio.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "Figures",
    "Kind",
    "bench_home",
    "env_int",
    "percentile",
    "print_table",
    "side_by_side",
]

Kind = Literal["spindle", "reference"]


@dataclass
class Figures:
    kind: str
    values: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@contextlib.contextmanager
def bench_home(kind: Kind, prefix: str) -> Iterator[tuple[Path, Path]]:
    """(a new temporary root, its ``home`` configured for a mock Responses provider that
    runs on 127.0.0.1 until the block ends)."""
    from tests.support.client import write_config
    from tests.support.mock_provider import MockProvider

    root = Path(tempfile.mkdtemp(prefix=f"{prefix}-{kind}-"))
    with MockProvider() as provider:
        home = root / "home"
        write_config(home, provider.base_url)
        yield root, home


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def side_by_side(bench: Callable[[Kind], Figures]) -> list[Figures]:
    """spindle's figures, then the reference's when it can run here."""
    results = [bench("spindle")]
    if os.environ.get("SPINDLE_BENCH_REFERENCE", "1") != "0":
        from tests.support.reference import ReferenceUnavailable, codex_binary

        try:
            codex_binary()
        except ReferenceUnavailable as exc:
            print(f"reference not available, spindle figures only: {exc}")
        else:
            results.append(bench("reference"))
    return results


def print_table(
    results: list[Figures],
    *,
    metric_width: int,
    value_width: int,
    decimals: int,
    footer: str | None = None,
) -> None:
    """One row per spindle metric: spindle, reference and spindle/reference; then
    ``footer`` and the notes."""
    spindle = results[0]
    reference = results[1] if len(results) > 1 else None
    header = (
        f"{'metric':{metric_width}} {'spindle':>{value_width}} {'reference':>{value_width}}"
        f" {'spindle/ref':>12}"
    )
    print(header)
    print("-" * len(header))
    for metric, value in spindle.values.items():
        ref = reference.values.get(metric) if reference else None
        ratio = f"{value / ref:12.2f}" if ref else f"{'n/a':>12}"
        ref_text = (
            f"{ref:{value_width}.{decimals}f}" if ref is not None else "n/a".rjust(value_width)
        )
        print(f"{metric:{metric_width}} {value:{value_width}.{decimals}f} {ref_text} {ratio}")
    if footer is not None:
        print(footer)
    for figures in results:
        for note in figures.notes:
            print(f"note [{figures.kind}]: {note}")
