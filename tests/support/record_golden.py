"""Record golden transcripts from the reference: ``uv run python -m tests.support.record_golden``.

Runs each scenario of :mod:`tests.support.scenarios` (all, or the names given) against the
reference ``codex app-server`` over stdio and writes ``tests/e2e/golden/<name>.json``.
The files hold normalised wire data observed from the reference, not its code.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.support.golden import GOLDEN_DIR
from tests.support.reference import REFERENCE_PACKAGE, generate_schema
from tests.support.scenarios import SCENARIOS, dump, run_scenario
from tests.support.schema import OfficialSchema


def main(argv: list[str]) -> int:
    names = argv or list(SCENARIOS)
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    failed = 0
    schema = OfficialSchema(generate_schema(Path(tempfile.mkdtemp(prefix="official-schema-"))))
    for name in names:
        transcript, problems = run_scenario(name, kind="reference", schema=schema)
        transcript = {"recordedFrom": REFERENCE_PACKAGE, "scenario": name, **transcript}
        if "__incomplete__" in transcript["responses"]:
            print(f"{name}: INCOMPLETE {transcript['responses']['__incomplete__']}")
            failed += 1
        (GOLDEN_DIR / f"{name}.json").write_text(dump(transcript))
        print(f"{name}: {len(transcript['responses'])} responses, schema problems: {problems}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
