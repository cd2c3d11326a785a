"""desk: agents' passwords and signed-in sessions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 00:10:00

Two tables, on both stores: ``desk_credentials`` (an agent's argon2id password hash and
failed sign-in state) and ``desk_sessions`` (hashed session ids with their expiry); an
index for the inbox (conversations by latest activity).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desk_credentials",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("login", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("failed_at", sa.BigInteger(), nullable=True),
        sa.Column("locked_until", sa.BigInteger(), nullable=True),
        sa.Column("disabled_at", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "user_id"),
    )
    with op.batch_alter_table("desk_credentials", schema=None) as batch_op:
        batch_op.create_index("ix_desk_credentials_login", ["login"], unique=False)

    op.create_table(
        "desk_sessions",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id_hash"),
    )
    with op.batch_alter_table("desk_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_desk_sessions_user", ["org_id", "user_id"], unique=False)
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conversations_activity", ["org_id", "last_activity_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index("ix_conversations_activity")
    with op.batch_alter_table("desk_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_sessions_user")
    op.drop_table("desk_sessions")
    with op.batch_alter_table("desk_credentials", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_credentials_login")
    op.drop_table("desk_credentials")
