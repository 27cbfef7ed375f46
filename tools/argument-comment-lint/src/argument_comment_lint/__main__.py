"""``python -m argument_comment_lint``."""

from .cli import main

raise SystemExit(main())
