"""``skills/list``: spindle has no skills, so each working directory lists none."""

from __future__ import annotations

import os
from typing import Any

from spindle_protocol.methods import SKILLS_LIST

from .._context import RequestContext
from .._params import opt
from .._registry import handler

__all__ = ["skills_list"]


@handler(SKILLS_LIST)
async def skills_list(ctx: RequestContext, params: Any) -> dict[str, Any]:
    """One ``SkillsListEntry`` per requested cwd (the server's cwd when none is given)."""
    cwds: list[str] = list(opt(params, "cwds") or []) or [os.getcwd()]
    return {"data": [{"cwd": cwd, "skills": [], "errors": []} for cwd in cwds]}
