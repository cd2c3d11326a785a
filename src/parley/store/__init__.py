"""Storage: the Database port, its two adapters and the schema."""

from parley.store.connect import open_database
from parley.store.database import Database, Row, Tx

__all__ = ["Database", "Row", "Tx", "open_database"]
