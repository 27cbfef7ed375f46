"""The ``[memories]`` settings the pipeline reads, with the reference's defaults and ranges.

Values outside a key's range are clamped into it (the reference rejects them at config load;
the server's config layer reports that, this module only guarantees sane numbers). Phase 1
never scans more than :data:`HARD_MAX_ROLLOUTS` rollouts nor looks further back than
:data:`HARD_MAX_ROLLOUT_AGE_DAYS` days, whatever the configuration says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

HARD_MAX_ROLLOUTS: Final = 64
HARD_MAX_ROLLOUT_AGE_DAYS: Final = 30

PHASE1_CONCURRENCY: Final = 8
PHASE1_LEASE_SECONDS: Final = 3600
PHASE1_RETRY_DELAY_SECONDS: Final = 3600
PHASE1_SCAN_LIMIT: Final = 5000
PHASE1_REASONING_EFFORT: Final = "low"
PRUNE_BATCH_SIZE: Final = 200

PHASE2_LEASE_SECONDS: Final = 3600
PHASE2_RETRY_DELAY_SECONDS: Final = 3600
PHASE2_HEARTBEAT_SECONDS: Final = 90.0
PHASE2_REASONING_EFFORT: Final = "medium"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoriesConfig:
    """The ``[memories]`` table (reference key names and defaults)."""

    generate_memories: bool = True
    use_memories: bool = True
    max_raw_memories_for_consolidation: int = 256
    max_unused_days: int = 30
    max_rollout_age_days: int = 10
    max_rollouts_per_startup: int = 2
    min_rollout_idle_hours: int = 6
    extract_model: str | None = None
    consolidation_model: str | None = None

    def normalized(self) -> MemoriesConfig:
        """The same settings clamped into the reference's ranges and the hard caps."""
        return MemoriesConfig(
            generate_memories=self.generate_memories,
            use_memories=self.use_memories,
            max_raw_memories_for_consolidation=_clamp(
                self.max_raw_memories_for_consolidation, low=1, high=4096
            ),
            max_unused_days=_clamp(self.max_unused_days, low=0, high=365),
            max_rollout_age_days=_clamp(
                self.max_rollout_age_days, low=0, high=HARD_MAX_ROLLOUT_AGE_DAYS
            ),
            max_rollouts_per_startup=_clamp(
                self.max_rollouts_per_startup, low=1, high=HARD_MAX_ROLLOUTS
            ),
            min_rollout_idle_hours=_clamp(self.min_rollout_idle_hours, low=1, high=48),
            extract_model=self.extract_model,
            consolidation_model=self.consolidation_model,
        )


# Memory startup (see ._startup): what one run selects at most, by default.
DEFAULT_MAX_ROLLOUTS = 2
DEFAULT_MAX_AGE_DAYS = 10
DEFAULT_MIN_IDLE_HOURS = 6


@dataclass(frozen=True)
class MemoryStartupConfig:
    """The live configuration a startup run uses (a snapshot of the triggering thread's)."""

    thread_id: str
    cwd: str
    model: str
    model_provider: str
    reasoning_effort: str | None = None
    max_rollouts: int = DEFAULT_MAX_ROLLOUTS
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
