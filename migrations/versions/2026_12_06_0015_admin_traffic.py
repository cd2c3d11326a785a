"""admin traffic in the store: request journal, faults, webhook sinks (the admin API)

Revision ID: 0015
Revises: 0009
Create Date: 2026-12-06 03:00:00

Four tables, on both stores, so that every process of a server shares them:
``admin_requests`` (an organisation's last ``/v1`` requests), ``admin_faults`` (faults in
force, counted down atomically), ``admin_sinks`` and ``admin_sink_deliveries`` (webhook
sinks and what they received).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_requests",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_index("ix_admin_requests_seq", "admin_requests", ["org_id", "seq"])
    op.create_table(
        "admin_faults",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=True),
        sa.Column("share_ppm", sa.Integer(), nullable=True),
        sa.Column("routes", sa.Text(), nullable=False),
        sa.Column("retry_after", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_table(
        "admin_sinks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("answer_status", sa.Integer(), nullable=True),
        sa.Column("answers_left", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "admin_sink_deliveries",
        sa.Column("sink_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("sink_id", "id"),
    )
    op.create_index("ix_admin_sink_deliveries_seq", "admin_sink_deliveries", ["sink_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_admin_sink_deliveries_seq", table_name="admin_sink_deliveries")
    op.drop_table("admin_sink_deliveries")
    op.drop_table("admin_sinks")
    op.drop_table("admin_faults")
    op.drop_index("ix_admin_requests_seq", table_name="admin_requests")
    op.drop_table("admin_requests")
