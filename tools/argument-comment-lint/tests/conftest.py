"""argument-comment-lint tests. Each module keeps its own small helpers (test modules
cannot import each other)."""

# The fixture workspace is data for the linter (its tests/ folder is a lint target),
# not part of this suite.
collect_ignore = ["fixtures"]
