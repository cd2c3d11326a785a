"""Conversation search: the filter compiler, the index and the two engines (SQLite FTS5,
PostgreSQL full-text), behind one ``SearchEngine`` protocol."""
