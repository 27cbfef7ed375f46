"""The model worker's SDK import: the SDK's type index (``openai.types``, every type of
every API) waits until a name is looked up on it, and is then whole.

Each case runs in a fresh interpreter, as the worker does (``python -P``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-P", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_a_request_s_modules_load_without_the_type_index() -> None:
    _run(
        """
        import importlib, sys
        from spindle_app_server import _model_worker as worker

        worker.defer_type_index()
        import openai

        for name in worker._FIRST_REQUEST_MODULES:
            importlib.import_module(name)
        responses = openai.AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9")
        assert responses.responses.with_streaming_response is not None
        # The Responses types load (submodules of the index) ...
        assert "openai.types.responses" in sys.modules
        # ... the other APIs' do not, and the index's own body has not run.
        assert "openai.types.graders" not in sys.modules
        assert "openai.types.fine_tuning" not in sys.modules
        assert "Batch" not in vars(openai.types)
        """
    )


def test_the_index_is_whole_once_a_name_is_looked_up() -> None:
    _run(
        """
        import sys
        from spindle_app_server import _model_worker as worker

        worker.defer_type_index()
        import openai
        from openai.types import Batch

        assert Batch.__name__ == "Batch"
        assert "openai.types.graders" in sys.modules
        assert openai.types.__spec__.loader is not None
        assert "__getattr__" not in vars(openai.types)
        names = {}
        exec("from openai.types import *", names)
        assert "Batch" in names and "Completion" in names
        """
    )


def test_without_the_deferral_the_index_loads_at_import() -> None:
    """The control: what the deferral changes (a plain import loads the whole index)."""
    _run(
        """
        import sys
        import openai

        assert "openai.types.graders" in sys.modules and "Batch" in vars(openai.types)
        """
    )
