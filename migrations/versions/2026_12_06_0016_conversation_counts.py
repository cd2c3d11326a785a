"""conversation counts kept by triggers; desk sessions' idle time; sign-in failures per address

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 02:45:00

The desk's inbox shows a count for every view (unassigned, mine, open, pending, closed)
and the unassigned conversations per queue. Counting them per request is a range scan
that grows with the store (22 ms at 200,000 conversations); instead one row per
organisation, state, assignee and queue holds how many conversations are in that cell,
and every view's count is a sum over a few of those rows.

The rows are kept by triggers on ``conversations`` created here, on both stores: an
insert adds one to its cell, a delete takes one away, and an update that changes the
state, the assignee or the queue moves one from the old cell to the new, in the same
transaction as the change. Triggers rather than a repository function because
conversations are written from several places (the record's repository, routing's
claim/close/reopen/follow-up statements, anonymization, deletion of an organisation's
data, the bench generator's bulk load): none of them can change those columns without
the counts following, and neither can a future one. On PostgreSQL the update moves the
two cells in a fixed (key) order, so two transactions moving conversations between the
same two cells in opposite directions wait for each other instead of deadlocking; the
increment is an ``INSERT … ON CONFLICT DO UPDATE``, atomic under concurrent writers.
A cell that empties keeps its row with ``n = 0``. The cells are backfilled from the
conversations already stored.

The desk's sessions get ``seen_at`` (when the session last made a request; NULL: never
since sign-in) for the idle timeout, and ``desk_address_failures`` counts failed sign-ins
per client address (SHA-256 of the address) in the store, so the limit holds across
server processes; it is looked up before any organisation is known, so it has no
``org_id``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = "org_id, state, assignee_id, queue_id"


def _cell(row: str) -> str:
    return (
        f"{row}.org_id, {row}.state, COALESCE({row}.assigned_agent_id, ''), "
        f"COALESCE({row}.queue_id, '')"
    )


def _take(row: str) -> str:
    return (
        "UPDATE conversation_counts SET n = n - 1 "
        f"WHERE org_id = {row}.org_id AND state = {row}.state "
        f"AND assignee_id = COALESCE({row}.assigned_agent_id, '') "
        f"AND queue_id = COALESCE({row}.queue_id, '');"
    )


def _add(row: str) -> str:
    return (
        f"INSERT INTO conversation_counts ({_KEY}, n) VALUES ({_cell(row)}, 1) "
        f"ON CONFLICT ({_KEY}) DO UPDATE SET n = conversation_counts.n + 1;"
    )


_CHANGED = (
    "OLD.state IS DISTINCT FROM NEW.state "
    "OR OLD.assigned_agent_id IS DISTINCT FROM NEW.assigned_agent_id "
    "OR OLD.queue_id IS DISTINCT FROM NEW.queue_id OR OLD.org_id IS DISTINCT FROM NEW.org_id"
)
_COLUMNS = "org_id, state, assigned_agent_id, queue_id"

_SQLITE = [
    "CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations "
    f"BEGIN {_add('NEW')} END",
    "CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations "
    f"BEGIN {_take('OLD')} END",
    f"CREATE TRIGGER conversation_counts_update AFTER UPDATE OF {_COLUMNS} ON conversations "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_take('OLD')} {_add('NEW')} END",
]

_PG_FUNCTION = f"""
CREATE FUNCTION conversation_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_add("NEW")}
  ELSIF TG_OP = 'DELETE' THEN
    {_take("OLD")}
  ELSIF ROW({_cell("OLD")}) < ROW({_cell("NEW")}) THEN
    {_take("OLD")}
    {_add("NEW")}
  ELSE
    {_add("NEW")}
    {_take("OLD")}
  END IF;
  RETURN NULL;
END
$$
"""

_PG = [
    _PG_FUNCTION,
    "CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations "
    "FOR EACH ROW EXECUTE FUNCTION conversation_counts_follow()",
    "CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations "
    "FOR EACH ROW EXECUTE FUNCTION conversation_counts_follow()",
    f"CREATE TRIGGER conversation_counts_update AFTER UPDATE OF {_COLUMNS} ON conversations "
    f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION conversation_counts_follow()",
]


def upgrade() -> None:
    op.create_table(
        "conversation_counts",
        sa.Column("org_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("assignee_id", sa.String(36), nullable=False),
        sa.Column("queue_id", sa.String(36), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "state", "assignee_id", "queue_id"),
    )
    op.add_column("desk_sessions", sa.Column("seen_at", sa.BigInteger(), nullable=True))
    op.create_table(
        "desk_address_failures",
        sa.Column("address_hash", sa.String(64), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.BigInteger(), nullable=False),
        sa.Column("locked_until", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("address_hash"),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for sql in _SQLITE if sqlite else _PG:
        op.execute(sql)
    op.execute(
        f"INSERT INTO conversation_counts ({_KEY}, n) "
        "SELECT org_id, state, COALESCE(assigned_agent_id, ''), COALESCE(queue_id, ''), "
        "COUNT(*) FROM conversations "
        "GROUP BY org_id, state, COALESCE(assigned_agent_id, ''), COALESCE(queue_id, '')"
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in ("insert", "delete", "update"):
        on = "" if sqlite else " ON conversations"
        op.execute(f"DROP TRIGGER IF EXISTS conversation_counts_{name}{on}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS conversation_counts_follow()")
    op.drop_table("conversation_counts")
    op.drop_table("desk_address_failures")
    with op.batch_alter_table("desk_sessions") as batch:
        batch.drop_column("seen_at")
