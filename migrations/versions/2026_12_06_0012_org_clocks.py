"""org clocks: each organisation's clock offset (the admin API)

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-06 01:00:00

One table, on both stores: ``org_clocks`` (org_id, offset_ms, updated_at), an
organisation's clock ahead of real time, set through ``/_parley/orgs/{id}/clock``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_clocks",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("offset_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id"),
    )


def downgrade() -> None:
    op.drop_table("org_clocks")
