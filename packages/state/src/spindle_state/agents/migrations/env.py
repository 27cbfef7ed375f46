"""Alembic environment of a spindle_state stream (see ``MigrationStream.alembic_config``)."""

from __future__ import annotations

from spindle_state.core._migration_stream import run_env

run_env()
