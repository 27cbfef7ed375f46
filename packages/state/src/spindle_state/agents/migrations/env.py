"""Alembic environment of the agents stream (runs on the connection it is given)."""

from __future__ import annotations

from spindle_state.agents._agents_schema import AGENTS_METADATA, AGENTS_VERSION_TABLE
from spindle_state.core._migration_stream import run_stream_env

run_stream_env("agents", AGENTS_METADATA, AGENTS_VERSION_TABLE)
