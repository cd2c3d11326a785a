"""inbox views: conversations by state, and an agent's open ones, by latest activity

Revision ID: 0024
Revises: 0021
Create Date: 2026-12-06 06:30:00

The desk's inbox lists a view's conversations newest activity first. The all open,
pending and closed views and their filters walked ``ix_conversations_activity`` (every
state) keeping the rows of one state, so a filter that keeps few rows of a state (a tag, a
channel) read thousands of rows for a page; and the mine view (an agent's conversations
that are not closed) had no index in its order at all. ``ix_conversations_state_activity``
makes each state's conversations a range in the views' order, and the partial
``ix_conversations_mine`` (conversations not closed, by assignee) does the same for an
agent's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_conversations_state_activity",
        "conversations",
        ["org_id", "state", "last_activity_at", "id"],
    )
    not_closed = sa.text("state <> 'Closed'")
    op.create_index(
        "ix_conversations_mine",
        "conversations",
        ["org_id", "assigned_agent_id", "last_activity_at", "id"],
        sqlite_where=not_closed,
        postgresql_where=not_closed,
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_mine", table_name="conversations")
    op.drop_index("ix_conversations_state_activity", table_name="conversations")
