"""The shared engine and migration core: database URLs, SQLite/PostgreSQL engines, write
transactions, and the one implementation of an Alembic migration stream."""
