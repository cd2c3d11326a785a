"""mail: raw inbound mail, Message-IDs, outgoing deliveries, reply-token keys

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-06 00:00:00

Five tables, on both stores (``parley.mail``): ``mail_inbound`` (every mail accepted by
the SMTP listener, raw, with its handling status and error), ``mail_message_ids`` (the
Message-ID of every mail sent or received, for threading and bounces), ``mail_deliveries``
(the delivery of each outgoing mail), ``mail_keys`` (each organisation's key for the
tokens in reply addresses) and ``mail_imap_sources`` (IMAP mailboxes polled per endpoint).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_inbound",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.Column("mail_from", sa.Text(), nullable=True),
        sa.Column("rcpt_to", sa.Text(), server_default="[]", nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("header_id", sa.Text(), nullable=True),
        sa.Column("conversation_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("mail_inbound", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mail_inbound_received", ["org_id", "received_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_mail_inbound_conversation", ["org_id", "conversation_id"], unique=False
        )
        batch_op.create_index("ix_mail_inbound_message", ["org_id", "message_id"], unique=False)
    op.create_table(
        "mail_message_ids",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("header_id", sa.String(length=512), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "header_id"),
    )
    with op.batch_alter_table("mail_message_ids", schema=None) as batch_op:
        batch_op.create_index("ix_mail_message_ids_message", ["org_id", "message_id"], unique=False)
    op.create_table(
        "mail_deliveries",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("header_id", sa.String(length=512), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "message_id"),
    )
    op.create_table(
        "mail_keys",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id"),
    )
    op.create_table(
        "mail_imap_sources",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("endpoint_id", sa.String(length=320), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("tls", sa.Boolean(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.Column("mailbox", sa.Text(), nullable=False),
        sa.Column("poll_seconds", sa.Integer(), nullable=False),
        sa.Column("uid_validity", sa.BigInteger(), nullable=True),
        sa.Column("last_uid", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("last_polled_at", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "endpoint_id"),
    )


def downgrade() -> None:
    op.drop_table("mail_imap_sources")
    op.drop_table("mail_keys")
    op.drop_table("mail_deliveries")
    with op.batch_alter_table("mail_message_ids", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_message_ids_message")
    op.drop_table("mail_message_ids")
    with op.batch_alter_table("mail_inbound", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_inbound_message")
        batch_op.drop_index("ix_mail_inbound_conversation")
        batch_op.drop_index("ix_mail_inbound_received")
    op.drop_table("mail_inbound")
