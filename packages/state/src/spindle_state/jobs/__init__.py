"""The memories database: the ``jobs`` leases and the ``stage1_outputs`` table."""
