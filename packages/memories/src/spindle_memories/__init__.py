"""spindle_memories."""

__all__: list[str] = []
