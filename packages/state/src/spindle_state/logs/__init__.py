"""The logs database: the log table, its writer handler, queries, export and retention."""
