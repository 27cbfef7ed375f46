"""``skills/list``: spindle has no skills, so each working directory lists none."""

from __future__ import annotations

import os

from spindle_protocol.methods import SKILLS_LIST
from spindle_protocol.models import SkillsListEntry, SkillsListParams, SkillsListResponse

from .._context import RequestContext
from .._params import given
from .._registry import handler

__all__ = ["skills_list"]


@handler(SKILLS_LIST)
async def skills_list(ctx: RequestContext, params: SkillsListParams) -> SkillsListResponse:
    """One ``SkillsListEntry`` per requested cwd (the server's cwd when none is given)."""
    cwds = given(params.cwds) or [os.getcwd()]
    return SkillsListResponse(data=[SkillsListEntry(cwd=cwd, skills=[], errors=[]) for cwd in cwds])
