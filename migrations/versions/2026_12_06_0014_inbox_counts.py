"""inbox counts: two covering indexes on conversations

Revision ID: 0014
Revises: 0008
Create Date: 2026-12-06 01:40:00

The desk's inbox counts each view (unassigned, mine, open, pending, closed) and the
unassigned conversations per queue: by state (then assignee, then queue) and by assignee
(then state, then latest activity), each count a range of an index instead of a pass over
every conversation; the second also serves the unassigned view's page in its order.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_conversations_state",
        "conversations",
        ["org_id", "state", "assigned_agent_id", "queue_id"],
    )
    op.create_index(
        "ix_conversations_assignee",
        "conversations",
        ["org_id", "assigned_agent_id", "state", "last_activity_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_assignee", table_name="conversations")
    op.drop_index("ix_conversations_state", table_name="conversations")
