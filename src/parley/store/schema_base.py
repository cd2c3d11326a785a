"""The schema's ``MetaData``, the column helpers every table module uses (one per
convention of ``parley.store.schema``) and the factories of the organisation's tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.sql.schema import SchemaItem

metadata = MetaData()


def org_column() -> Column[str]:
    return Column("org_id", String(36), nullable=False)


def time_column(name: str, nullable: bool = True) -> Column[int]:
    """A time: UTC epoch milliseconds."""
    return Column(name, BigInteger, nullable=nullable)


def uuid_column(name: str, nullable: bool = False) -> Column[str]:
    """A UUID, as text: a row's id or the id of the row it refers to."""
    return Column(name, String(36), nullable=nullable)


def json_column(name: str, default: str = "[]") -> Column[str]:
    """A JSON value stored as text, never NULL: ``default`` (JSON text) when not given."""
    return Column(name, Text, nullable=False, server_default=default)


def flag_column(name: str) -> Column[bool]:
    """A boolean that is false unless set."""
    return Column(name, Boolean, nullable=False, server_default=text("false"))


def authored_columns(updated_nullable: bool = False) -> tuple[Column[Any], ...]:
    """When a row was created and by whom, and when it was last updated and by whom
    (``updated_nullable``: NULL until its first update)."""
    return (
        time_column("created_at", False),
        uuid_column("created_by"),
        time_column("updated_at", updated_nullable),
        uuid_column("updated_by", updated_nullable),
    )


def conversation_id_column(nullable: bool = False) -> Column[int]:
    """A conversation's id (int64, from the ``conversation_id`` sequence)."""
    return Column("conversation_id", BigInteger, nullable=nullable)


def partial_index(name: str, *columns: str | Column[Any], where: str, **options: Any) -> Index:
    """An index of the rows that meet ``where`` (the same predicate on both stores)."""
    return Index(name, *columns, sqlite_where=text(where), postgresql_where=text(where), **options)


def org_table(name: str, *items: SchemaItem, key: tuple[str, ...] = ("id",)) -> Table:
    """A table of organisations' rows: ``org_id`` comes first and leads the primary key,
    ``(org_id, *key)``."""
    return Table(name, metadata, org_column(), *items, PrimaryKeyConstraint("org_id", *key))


def record_table(name: str, *items: SchemaItem, listed: bool = False) -> Table:
    """An organisation's records, each with a UUID ``id`` (the first column after
    ``org_id``; the primary key ``(org_id, id)``). ``listed``: pages list them by creation,
    on the index ``ix_<name>_created`` ``(org_id, created_at, id)``."""
    by_creation = (Index(f"ix_{name}_created", "org_id", "created_at", "id"),) if listed else ()
    return org_table(name, uuid_column("id"), *items, *by_creation)


def link_table(
    name: str, owner: Column[Any], member: Column[Any], *items: SchemaItem, by: str
) -> Table:
    """The members of an owner (a queue's agents, a conversation's tags...): keyed by both,
    with the index ``ix_<name>_<by>`` on the member, to find its owners."""
    by_member = Index(f"ix_{name}_{by}", "org_id", member.name)
    return org_table(name, owner, member, *items, by_member, key=(owner.name, member.name))
