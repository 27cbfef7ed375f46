"""The goals database: ``thread_goals`` and its store."""
