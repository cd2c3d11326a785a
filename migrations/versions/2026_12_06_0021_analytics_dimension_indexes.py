"""analytics hour rows: an index per filtered dimension, leading with its value

Revision ID: 0021
Revises: 0022
Create Date: 2026-12-06 04:00:00

A metric filtered on one dimension reads the hour rows of that dimension's grain, and
one filtered on several reads the ``full`` grain; the primary key leads with the hour, so
such a read walked every row of the window at its grain and kept those of the filtered
value. Each index here covers the rows of one grain only (a partial index: every hour row
is in at most two of them), leading with the dimension value and then the hour, so the
read is a range of the window's rows of that value. The ``full`` grain gets two, on the
queue and on the agent (the dimensions with the most values).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index name, grain, dimension): the same as ``parley.store.schema_analytics``.
_INDEXES = (
    ("ix_analytics_hours_channel", "channel", "channel"),
    ("ix_analytics_hours_direction", "direction", "direction"),
    ("ix_analytics_hours_queue", "queue_id", "queue_id"),
    ("ix_analytics_hours_agent", "agent_id", "agent_id"),
    ("ix_analytics_hours_contact_point", "contact_point", "contact_point"),
    ("ix_analytics_hours_full_queue", "full", "queue_id"),
    ("ix_analytics_hours_full_agent", "full", "agent_id"),
)


def upgrade() -> None:
    for name, grain, dimension in _INDEXES:
        where = sa.text(f"grain = '{grain}'")
        op.create_index(
            name,
            "analytics_hours",
            ["org_id", "kind", "tag_id", dimension, "hour"],
            sqlite_where=where,
            postgresql_where=where,
        )


def downgrade() -> None:
    for name, _grain, _dimension in _INDEXES:
        op.drop_index(name, table_name="analytics_hours")
