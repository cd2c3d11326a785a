"""The schema's ``MetaData``, the column helpers every table module uses (one per
convention of ``parley.store.schema``) and the factories of the organisation's tables."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.schema import SchemaItem

metadata = sa.MetaData()


def org_column() -> sa.Column[str]:
    return sa.Column("org_id", sa.String(36), nullable=False)


def time_column(name: str, nullable: bool = True) -> sa.Column[int]:
    """A time: UTC epoch milliseconds."""
    return sa.Column(name, sa.BigInteger, nullable=nullable)


def uuid_column(name: str, nullable: bool = False) -> sa.Column[str]:
    """A UUID, as text: a row's id or the id of the row it refers to."""
    return sa.Column(name, sa.String(36), nullable=nullable)


def json_column(name: str, default: str = "[]") -> sa.Column[str]:
    """A JSON value stored as text, never NULL: ``default`` (JSON text) when not given."""
    return sa.Column(name, sa.Text, nullable=False, server_default=default)


def flag_column(name: str) -> sa.Column[bool]:
    """A boolean that is false unless set."""
    return sa.Column(name, sa.Boolean, nullable=False, server_default=sa.text("false"))


def authored_columns(updated_nullable: bool = False) -> tuple[sa.Column[Any], ...]:
    """When a row was created and by whom, and when it was last updated and by whom
    (``updated_nullable``: NULL until its first update)."""
    return (
        time_column("created_at", False),
        uuid_column("created_by"),
        time_column("updated_at", updated_nullable),
        uuid_column("updated_by", updated_nullable),
    )


def conversation_id_column(nullable: bool = False) -> sa.Column[int]:
    """A conversation's id (int64, from the ``conversation_id`` sequence)."""
    return sa.Column("conversation_id", sa.BigInteger, nullable=nullable)


def partial_index(
    name: str, *columns: str | sa.Column[Any], where: str, **options: Any
) -> sa.Index:
    """An index of the rows that meet ``where`` (the same predicate on both stores)."""
    return sa.Index(
        name, *columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where), **options
    )


def org_table(name: str, *items: SchemaItem, key: tuple[str, ...] = ("id",)) -> sa.Table:
    """A table of organisations' rows: ``org_id`` comes first and leads the primary key,
    ``(org_id, *key)``."""
    return sa.Table(name, metadata, org_column(), *items, sa.PrimaryKeyConstraint("org_id", *key))


def record_table(name: str, *items: SchemaItem, listed: bool = False) -> sa.Table:
    """An organisation's records, each with a UUID ``id`` (the first column after
    ``org_id``; the primary key ``(org_id, id)``). ``listed``: pages list them by creation,
    on the index ``ix_<name>_created`` ``(org_id, created_at, id)``."""
    by_creation = (sa.Index(f"ix_{name}_created", "org_id", "created_at", "id"),) if listed else ()
    return org_table(name, uuid_column("id"), *items, *by_creation)


def link_table(
    name: str, owner: sa.Column[Any], member: sa.Column[Any], *items: SchemaItem, by: str
) -> sa.Table:
    """The members of an owner (a queue's agents, a conversation's tags...): keyed by both,
    with the index ``ix_<name>_<by>`` on the member, to find its owners."""
    by_member = sa.Index(f"ix_{name}_{by}", "org_id", member.name)
    return org_table(name, owner, member, *items, by_member, key=(owner.name, member.name))
