"""export indexes: conversations by update time, messages by creation time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:00:00

The Exports API (``/v1/conversation_export``, ``/v1/message_export``) reads a time window:
conversations by ``updated_at`` (the window tap-dixa and Airbyte ask for) and messages by
``created_at``. With these indexes a window is a range of one index rather than a scan of
the organisation's rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_conversations_updated", "conversations", ["org_id", "updated_at", "id"])
    op.create_index("ix_messages_created", "messages", ["org_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_messages_created", table_name="messages")
    op.drop_index("ix_conversations_updated", table_name="conversations")
