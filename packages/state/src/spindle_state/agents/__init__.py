"""The agent graph database: ``thread_spawn_edges`` and its store."""
