"""an email endpoint's queue

Revision ID: 0032
Revises: 0023
Create Date: 2026-12-06 07:40:00

An email endpoint may name the queue in which the conversations its mail opens are
placed (``queueId``, a Parley extension of the contact endpoint). None, as every
existing endpoint has, keeps the organisation's default queue.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact_endpoints") as batch:
        batch.add_column(sa.Column("queue_id", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_endpoints") as batch:
        batch.drop_column("queue_id")
