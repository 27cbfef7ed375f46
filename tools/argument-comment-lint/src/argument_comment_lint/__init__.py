"""argument-comment-lint."""

__all__: list[str] = []
