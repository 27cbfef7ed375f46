"""Validation of git metadata patches (the backend of ``thread/metadata/update``)."""

from __future__ import annotations

from collections.abc import Mapping

from spindle_state._exceptions import InvalidGitInfo

# patch key -> (column, wire name used in messages)
GIT_FIELDS = {
    "sha": ("git_sha", "sha"),
    "branch": ("git_branch", "branch"),
    "origin_url": ("git_origin_url", "originUrl"),
}


def validate_git_patch(patch: Mapping[str, object]) -> dict[str, str | None]:
    """Column values for a patch: omitted = absent, None = clear, strings trimmed.

    Raises InvalidGitInfo with the reference's messages for an empty patch, an unknown
    field, an empty or whitespace-only string, or a value that is neither string nor None.
    """
    if not patch:
        raise InvalidGitInfo("gitInfo must include at least one field")
    values: dict[str, str | None] = {}
    for key, value in patch.items():
        if key not in GIT_FIELDS:
            raise InvalidGitInfo(f"gitInfo has an unknown field: {key}", field=key)
        column, wire = GIT_FIELDS[key]
        if value is None:
            values[column] = None
            continue
        if not isinstance(value, str):
            raise InvalidGitInfo(f"gitInfo.{wire} must be a string or null", field=wire)
        trimmed = value.strip()
        if not trimmed:
            raise InvalidGitInfo(f"gitInfo.{wire} must not be empty", field=wire)
        values[column] = trimmed
    return values
