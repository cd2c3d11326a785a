"""conversation counts spread over shard rows

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-06 04:00:00

Every new unassigned conversation of a queue added one to the same ``conversation_counts``
row, and on PostgreSQL the row stayed locked until its transaction committed: concurrent
creates in one queue (API creates, inbound mails handled side by side) waited for each
other for the rest of their transactions. Each cell of organisation, state, assignee and
queue is now spread over shard rows (``shard``, part of the key; at most 16 per cell). On
PostgreSQL the triggers add to (or, taking a conversation out, subtract from) the cell's
first shard row that no other transaction holds (``FOR UPDATE SKIP LOCKED``; a
transaction's own rows are never skipped), and when every row is held they insert the
next shard number, so a create never waits for another transaction's uncommitted count.
Only the first two changes of a new cell, or more than 16 writers at once on one cell,
can still wait (the 17th upserts shard ``txid_current() % 16``). A shard's ``n`` may be
negative; a cell's count is the sum of its shards. A move still takes and adds in key
order. SQLite has a single writer and keeps every cell in shard 0. The existing rows move
to shard 0; the downgrade sums the shards back into one row per cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARDS = 16
_CELL = "org_id, state, assignee_id, queue_id"
_COLUMNS = "org_id, state, assigned_agent_id, queue_id"
_CHANGED = (
    "OLD.state IS DISTINCT FROM NEW.state "
    "OR OLD.assigned_agent_id IS DISTINCT FROM NEW.assigned_agent_id "
    "OR OLD.queue_id IS DISTINCT FROM NEW.queue_id OR OLD.org_id IS DISTINCT FROM NEW.org_id"
)


def _cell(row: str) -> str:
    return (
        f"{row}.org_id, {row}.state, COALESCE({row}.assigned_agent_id, ''), "
        f"COALESCE({row}.queue_id, '')"
    )


def _change(row: str, delta: int, shard: str | None) -> str:
    """Add ``delta`` to ``row``'s cell (in ``shard``; ``None``: the unsharded table)."""
    key = _CELL if shard is None else f"{_CELL}, shard"
    values = _cell(row) if shard is None else f"{_cell(row)}, {shard}"
    return (
        f"INSERT INTO conversation_counts ({key}, n) VALUES ({values}, {delta}) "
        f"ON CONFLICT ({key}) DO UPDATE SET n = conversation_counts.n + {delta};"
    )


def _sqlite(shard: str | None) -> list[str]:
    same = _CHANGED.replace("IS DISTINCT FROM", "IS NOT")
    take, add = _change("OLD", -1, shard), _change("NEW", 1, shard)
    return [
        f"CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations BEGIN {add} END",
        f"CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations BEGIN {take} END",
        f"CREATE TRIGGER conversation_counts_update AFTER UPDATE OF {_COLUMNS} ON conversations "
        f"WHEN {same} BEGIN {take} {add} END",
    ]


_PG_ADD = f"""
CREATE FUNCTION conversation_counts_add(o text, st text, a text, q text, d bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE s smallint;
BEGIN
  SELECT shard INTO s FROM conversation_counts
   WHERE org_id = o AND state = st AND assignee_id = a AND queue_id = q
   ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF FOUND THEN
    UPDATE conversation_counts SET n = n + d
     WHERE org_id = o AND state = st AND assignee_id = a AND queue_id = q AND shard = s;
    RETURN;
  END IF;
  SELECT COALESCE(MAX(shard) + 1, 0) INTO s FROM conversation_counts
   WHERE org_id = o AND state = st AND assignee_id = a AND queue_id = q;
  IF s >= {SHARDS} THEN
    s := txid_current() % {SHARDS};
  END IF;
  INSERT INTO conversation_counts ({_CELL}, shard, n) VALUES (o, st, a, q, s, d)
  ON CONFLICT ({_CELL}, shard) DO UPDATE SET n = conversation_counts.n + d;
END
$$
"""


def _pg_change(row: str, delta: int, sharded: bool) -> str:
    if sharded:
        return f"PERFORM conversation_counts_add({_cell(row)}, {delta});"
    return _change(row, delta, None)


def _postgres(sharded: bool) -> list[str]:
    take, add = _pg_change("OLD", -1, sharded), _pg_change("NEW", 1, sharded)
    function = f"""
CREATE FUNCTION conversation_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {add}
  ELSIF TG_OP = 'DELETE' THEN
    {take}
  ELSIF ROW({_cell("OLD")}) < ROW({_cell("NEW")}) THEN
    {take}
    {add}
  ELSE
    {add}
    {take}
  END IF;
  RETURN NULL;
END
$$
"""
    run = "FOR EACH ROW EXECUTE FUNCTION conversation_counts_follow()"
    return [
        *([_PG_ADD] if sharded else []),
        function,
        f"CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations {run}",
        f"CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations {run}",
        f"CREATE TRIGGER conversation_counts_update AFTER UPDATE OF {_COLUMNS} ON conversations "
        f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION conversation_counts_follow()",
    ]


def _drop_triggers(sqlite: bool) -> None:
    for name in ("insert", "delete", "update"):
        on = "" if sqlite else " ON conversations"
        op.execute(f"DROP TRIGGER IF EXISTS conversation_counts_{name}{on}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS conversation_counts_follow()")
        op.execute(
            "DROP FUNCTION IF EXISTS conversation_counts_add(text, text, text, text, bigint)"
        )


def _rebuild(sharded: bool) -> None:
    """Replace ``conversation_counts`` by a table of the other shape, rows moved over."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_triggers(sqlite)
    op.rename_table("conversation_counts", "conversation_counts_before")
    if not sqlite:
        op.execute(
            "ALTER TABLE conversation_counts_before "
            "RENAME CONSTRAINT conversation_counts_pkey TO conversation_counts_before_pkey"
        )
    key = ["org_id", "state", "assignee_id", "queue_id"] + (["shard"] if sharded else [])
    op.create_table(
        "conversation_counts",
        sa.Column("org_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("assignee_id", sa.String(36), nullable=False),
        sa.Column("queue_id", sa.String(36), nullable=False),
        *([sa.Column("shard", sa.SmallInteger(), nullable=False)] if sharded else []),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*key),
    )
    if sharded:
        op.execute(
            f"INSERT INTO conversation_counts ({_CELL}, shard, n) "
            f"SELECT {_CELL}, 0, n FROM conversation_counts_before"
        )
    else:
        op.execute(
            f"INSERT INTO conversation_counts ({_CELL}, n) "
            f"SELECT {_CELL}, SUM(n) FROM conversation_counts_before GROUP BY {_CELL}"
        )
    op.drop_table("conversation_counts_before")
    for sql in _sqlite("0" if sharded else None) if sqlite else _postgres(sharded):
        op.execute(sql)


def upgrade() -> None:
    _rebuild(sharded=True)


def downgrade() -> None:
    _rebuild(sharded=False)
