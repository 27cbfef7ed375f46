"""The state database: thread rows, the turns index, read receipts, ``thread_memory``, the
rollout format and the resumable backfill (``StateStore``)."""
