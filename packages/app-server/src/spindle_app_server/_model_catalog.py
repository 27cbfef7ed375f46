"""The models the reference 0.169.0 has metadata for, and its warning for any other model.

The reference sends a ``warning`` notification at the start of every turn whose model is not
in its catalog (it then uses fallback metadata). spindle has no per-model metadata, so this
catalog only decides when that warning is due.
"""

from __future__ import annotations

from typing import Final

__all__ = ["KNOWN_MODELS", "unknown_model_warning"]

# The reference's model/list with includeHidden (0.169.0).
KNOWN_MODELS: Final = frozenset(
    {
        "gpt-6.1-sol",
        "gpt-6-astra",
        "gpt-6-sol",
        "gpt-6-luna",
        "gpt-5.6-sol",
        "gpt-6.1-terra",
        "gpt-5.6-terra",
        "gpt-5.6-luna",
        "gpt-daybreak-blue-latest",
        "gpt-daybreak-red-latest",
        "gpt-5.5",
        "codex-auto-review",
    }
)


def unknown_model_warning(model: str) -> str | None:
    """The reference's warning text for a model it has no metadata for, else None."""
    if model in KNOWN_MODELS:
        return None
    return (
        f"Model metadata for `{model}` not found. Defaulting to fallback metadata; "
        "this can degrade performance and cause issues."
    )
