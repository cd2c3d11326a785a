"""rate limits: one GCRA row per API token, shared by every server process

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:30:00

With ``PARLEY_RATE_LIMIT`` on, every authenticated request updates its token's row in
one atomic statement, so several server processes on PostgreSQL share one limit.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("org_id", sa.String(36), nullable=False),
        sa.Column("token_id", sa.String(36), nullable=False),
        sa.Column("tat", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "token_id"),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
