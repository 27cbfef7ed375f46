"""spindle_state."""

__all__: list[str] = []
