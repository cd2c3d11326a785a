"""The schema's ``MetaData`` and the column helpers every table module uses (see
``parley.store.schema`` for the conventions)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String

metadata = MetaData()


def org_column() -> Column[str]:
    return Column("org_id", String(36), nullable=False)


def time_column(name: str, nullable: bool = True) -> Column[int]:
    return Column(name, BigInteger, nullable=nullable)
