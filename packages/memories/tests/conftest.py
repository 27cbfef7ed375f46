"""Fixtures for the memories suite: real state and memories stores on SQLite and, through
the state suite's throwaway cluster, PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spindle_state import MemoryStore, StateStore, open_memory_store, open_store

# The state suite owns the PostgreSQL cluster fixture and the engine disposal; reuse them.
from packages.state.tests.conftest import (  # noqa: F401
    BACKENDS,
    _dispose_engines,
    pg_database,
    pg_server,
)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str | None:
    if backend == "sqlite":
        return None
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def state(home: Path, db_url: str | None) -> Iterator[StateStore]:
    with open_store(home, db_url) as opened:
        yield opened


@pytest.fixture
def mem(home: Path, db_url: str | None) -> Iterator[MemoryStore]:
    with open_memory_store(home, db_url) as opened:
        yield opened
