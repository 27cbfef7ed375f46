"""Run the benchmarks in this folder: ``nox -s bench [-- NAME ...]``.

Each ``bench_<name>.py`` module exposes ``main()``, which prints its figures and the ratios
against a baseline measured in the same run. Nothing here asserts on timings.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> dict[str, Path]:
    return {path.stem.removeprefix("bench_"): path for path in sorted(HERE.glob("bench_*.py"))}


def run(name: str, path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first, as a regular import would be: dataclasses look their module up.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    print(f"\n=== {name} ===", flush=True)
    module.main()


def main(argv: list[str]) -> int:
    benches = discover()
    wanted = argv or list(benches)
    unknown = [name for name in wanted if name not in benches]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(benches)}",
            file=sys.stderr,
        )
        return 2
    for name in wanted:
        run(name, benches[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
