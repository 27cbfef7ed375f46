"""The rules, one per module."""

from __future__ import annotations

from .argument_comment_mismatch import ArgumentCommentMismatch
from .uncommented_anonymous_literal_argument import UncommentedAnonymousLiteralArgument

ALL_RULES = (UncommentedAnonymousLiteralArgument, ArgumentCommentMismatch)

__all__ = ["ALL_RULES", "ArgumentCommentMismatch", "UncommentedAnonymousLiteralArgument"]
