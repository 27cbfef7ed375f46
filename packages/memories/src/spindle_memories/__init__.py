"""spindle_memories: memory startup (rollout selection for the memory pipeline)."""

from spindle_memories._startup import (
    DEFAULT_MAX_AGE_DAYS,
    DEFAULT_MAX_ROLLOUTS,
    MemoryStartupConfig,
    MemoryStartupResult,
    run_memory_startup,
    select_startup_rollouts,
)

__all__ = [
    "DEFAULT_MAX_AGE_DAYS",
    "DEFAULT_MAX_ROLLOUTS",
    "MemoryStartupConfig",
    "MemoryStartupResult",
    "run_memory_startup",
    "select_startup_rollouts",
]
