"""Importable helpers shared by the test suites (``from tests.support.X import ...``).

- ``mock_provider``: scriptable mock OpenAI Responses API (SSE) on 127.0.0.1.
- ``client``: start a real spindle or reference app-server; JSON-RPC over stdio or ws.
- ``schema``: validate wire messages against the official v2 schema.
- ``reference``: locate/install the reference codex 0.169.0 and generate its schema.
- ``servers``: start/stop servers for fixtures (schema violations fail the test).
- ``flows``: start a thread, run a turn.
- ``golden``, ``scenarios``, ``record_golden``: golden transcripts recorded from the
  reference (``uv run python -m tests.support.record_golden``) and compared in
  ``tests/e2e/test_e2e_golden.py``.

Point the whole e2e suite at the reference with ``SPINDLE_E2E_SERVER=reference`` to check
the tests themselves.
"""
