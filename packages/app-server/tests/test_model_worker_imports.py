"""The model worker's SDK import: the SDK's type indexes (``openai.types``, every type of
every API; ``openai.types.responses``, every Responses type) wait until a name is looked
up on them, and are then whole.

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
        client = openai.AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9")
        assert client.post is not None and openai.AsyncStream[object] is not None
        # Neither index's own body has run: the other APIs' types are not loaded, and of
        # the Responses types only the few the SDK's helpers name.
        assert "openai.types.graders" not in sys.modules
        assert "openai.types.fine_tuning" not in sys.modules
        assert "Batch" not in vars(openai.types)
        assert "__getattr__" in vars(openai.types.responses)
        loaded = [m for m in sys.modules if m.startswith("openai.types.responses.")]
        assert len(loaded) < 10, loaded
        assert "openai.resources.responses" not in sys.modules
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


def test_the_responses_index_is_whole_once_a_name_is_looked_up() -> None:
    _run(
        """
        import sys
        from spindle_app_server import _model_worker as worker

        worker.defer_type_index()
        import openai
        from openai.types.responses import ResponseOutputText

        assert ResponseOutputText.__name__ == "ResponseOutputText"
        assert "__getattr__" not in vars(openai.types.responses)
        loaded = [m for m in sys.modules if m.startswith("openai.types.responses.")]
        assert len(loaded) > 100
        names = {}
        exec("from openai.types.responses import *", names)
        assert "Response" in names and "ResponseCompletedEvent" in names
        # The SDK's own Responses resource imports and works over the whole index.
        client = openai.AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9")
        assert client.responses.with_streaming_response is not None
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
