"""knowledge base restrictions; analytics full-grain indexes covering on PostgreSQL

Revision ID: 0023
Revises: 0024
Create Date: 2026-12-06 06:30:00

A restricted collection, category or article is internal: the API (agents) reads it, the
public help centre does not show it, nor anything under it (a category's sub-categories
and articles, a collection's categories). Dixa reports the state as ``restrictions``
(``isRestricted``, ``inheritedRestrictions``); Parley sets it through its own extension
routes (``PUT /v1/knowledge/…/{id}/restrictions``). Everything existing stays
unrestricted.

Analytics: the two indexes of the ``full`` grain of ``analytics_hours`` (read by a
metric filtered on several dimensions, one of them the queue or the agent) carry, on
PostgreSQL, the other dimensions and the sums (``INCLUDE``), so that such a read is an
index-only scan of the value's rows in the window; it visited the heap once per hour row
(a row per conversation at this grain), which at 200,000 conversations a year cost more
than the 100 ms a metric may take. SQLite (no ``INCLUDE``) keeps the indexes as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("kb_collections", "kb_categories", "kb_articles")
# (index, dimension): the ``full`` grain's, as ``parley.store.schema_analytics`` has them.
_FULL = (
    ("ix_analytics_hours_full_queue", "queue_id"),
    ("ix_analytics_hours_full_agent", "agent_id"),
)
_SUMS = ["n", "total", "squares", "satisfied", "smallest", "largest"]
_DIMENSIONS = ["channel", "direction", "queue_id", "agent_id", "contact_point"]


def _full_indexes(covering: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    where = sa.text("grain = 'full'")
    for name, dimension in _FULL:
        include = [d for d in _DIMENSIONS if d != dimension] + _SUMS if covering else []
        op.drop_index(name, table_name="analytics_hours")
        op.create_index(
            name,
            "analytics_hours",
            ["org_id", "kind", "tag_id", dimension, "hour"],
            postgresql_where=where,
            postgresql_include=include,
        )


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "restricted", sa.Boolean(), nullable=False, server_default=sa.text("(false)")
                )
            )
    _full_indexes(covering=True)


def downgrade() -> None:
    _full_indexes(covering=False)
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("restricted")
