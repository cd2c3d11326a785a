"""Storage: the Database port, its two adapters and the schema."""

from parley.store.database import Database, Row, Tx, open_database

__all__ = ["Database", "Row", "Tx", "open_database"]
