"""analytics tallies: each conversation's facts and their sums per UTC hour, backfilled

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 03:00:00

The metrics of ``/v1/analytics/metrics`` read ``analytics_hours`` (and the facts at the
edges of a window) instead of the conversations (assignments: the ConversationAssigned
entries of the activity log); ``parley.analytics.tally`` keeps both in
step from then on. The backfill computes them for every organisation from the
conversations, messages, ratings and tags already stored (the same SQL as
``tally.rebuild``, for all organisations at once).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOUR = 3_600_000
DIMENSIONS = ("channel", "direction", "queue_id", "agent_id", "contact_point")
GRAINS: dict[str, tuple[str, ...]] = {
    "all": (),
    **{d: (d,) for d in DIMENSIONS},
    "full": DIMENSIONS,
}
_FIRST_OUT = (
    "(SELECT MIN(m.created_at) FROM messages m WHERE m.org_id = c.org_id "
    "AND m.conversation_id = c.id AND m.direction = 'Outbound')"
)
_DIMS = (
    "c.channel, c.direction, COALESCE(c.queue_id, c.last_queue_id, ''), COALESCE({agent}, ''), "
    "COALESCE(c.contact_endpoint_id, '')"
)
_KEY = "CAST(c.id AS VARCHAR(36))"
_A = _DIMS.format(agent="c.assigned_agent_id")
_CONV = " FROM conversations c WHERE 1 = 1"
_CLOSED = " AND c.closed_at IS NOT NULL"
FACTS = " UNION ALL ".join(
    (
        f"SELECT c.org_id, 'created', {_KEY}, c.id, c.created_at, "
        f"CAST(1 AS DOUBLE PRECISION), {_A}{_CONV}",
        f"SELECT c.org_id, 'closed', {_KEY}, c.id, c.closed_at, "
        f"CAST(1 AS DOUBLE PRECISION), {_A}{_CONV}{_CLOSED}",
        "SELECT c.org_id, 'rating', r.id, c.id, r.submitted_at, "
        f"CAST(r.score AS DOUBLE PRECISION), {_DIMS.format(agent='r.agent_id')} "
        "FROM ratings r JOIN conversations c ON c.org_id = r.org_id AND c.id = r.conversation_id "
        "WHERE r.status = 'Rated' AND r.rating_type = 'Csat' AND r.submitted_at IS NOT NULL "
        "AND r.score IS NOT NULL",
        f"SELECT c.org_id, 'first_response', {_KEY}, c.id, c.created_at, "
        f"CAST(({_FIRST_OUT} - c.created_at) / 1000.0 AS DOUBLE PRECISION), {_A}{_CONV} "
        f"AND {_FIRST_OUT} IS NOT NULL",
        f"SELECT c.org_id, 'resolution', {_KEY}, c.id, c.closed_at, "
        f"CAST((c.closed_at - c.created_at) / 1000.0 AS DOUBLE PRECISION), {_A}{_CONV}{_CLOSED}",
    )
)
_SUMS = (
    "COUNT(*), SUM(f.value), SUM(f.value * f.value), "
    "SUM(CASE WHEN f.value >= 4 THEN 1 ELSE 0 END), MIN(f.value), MAX(f.value)"
)


def _dimensions() -> list[sa.Column[str]]:
    return [
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("queue_id", sa.String(36), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("contact_point", sa.String(36), nullable=False),
    ]


def _create() -> None:
    op.create_table(
        "analytics_facts",
        sa.Column("org_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("fact_key", sa.String(36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        *_dimensions(),
        sa.Column("tags", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "kind", "fact_key"),
    )
    op.create_index("ix_analytics_facts_at", "analytics_facts", ["org_id", "kind", "at"])
    op.create_index(
        "ix_analytics_facts_conversation", "analytics_facts", ["org_id", "conversation_id"]
    )
    op.create_table(
        "analytics_hours",
        sa.Column("org_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("grain", sa.String(16), nullable=False),
        sa.Column("hour", sa.BigInteger(), nullable=False),
        sa.Column("tag_id", sa.String(36), nullable=False),
        *_dimensions(),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("squares", sa.Float(), nullable=False),
        sa.Column("satisfied", sa.BigInteger(), nullable=False),
        sa.Column("smallest", sa.Float(), nullable=True),
        sa.Column("largest", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "kind", "grain", "tag_id", "hour", *DIMENSIONS),
    )


def _backfill() -> None:
    bind = op.get_bind()
    dims = ", ".join(DIMENSIONS)
    bind.execute(
        sa.text(
            "INSERT INTO analytics_facts (org_id, kind, fact_key, conversation_id, at, value, "
            f"{dims}, tags) SELECT x.*, '' FROM ({FACTS}) x"
        )
    )
    _assignments(bind)
    tagged: dict[tuple[str, int], list[str]] = {}
    for org_id, cid, tag_id in bind.execute(
        sa.text(
            "SELECT org_id, conversation_id, tag_id FROM conversation_tags "
            "ORDER BY org_id, conversation_id, tag_id"
        )
    ):
        tagged.setdefault((org_id, int(cid)), []).append(tag_id)
    if tagged:
        bind.execute(
            sa.text(
                "UPDATE analytics_facts SET tags = :tags "
                "WHERE org_id = :org AND conversation_id = :cid"
            ),
            [{"org": o, "cid": c, "tags": ",".join(t)} for (o, c), t in tagged.items()],
        )
    for grain, kept in GRAINS.items():
        for tagged in (False, True):
            bind.execute(sa.text(_grain_sql(grain, kept, tagged)))


def _grain_sql(grain: str, kept: tuple[str, ...], tagged: bool) -> str:
    columns = ", ".join(f"f.{d}" if d in kept else "'*'" for d in DIMENSIONS)
    group = ", ".join(
        ["f.org_id", "f.kind", f"f.at - f.at % {HOUR}", *(f"f.{d}" for d in kept)]
        + (["t.tag_id"] if tagged else [])
    )
    join = (
        " JOIN conversation_tags t ON t.org_id = f.org_id AND t.conversation_id = f.conversation_id"
        if tagged
        else ""
    )
    tag = "t.tag_id" if tagged else "''"
    return (
        f"INSERT INTO analytics_hours (grain, tag_id, org_id, kind, hour, {', '.join(DIMENSIONS)}, "
        "n, total, squares, satisfied, smallest, largest) "
        f"SELECT '{grain}', {tag}, f.org_id, f.kind, f.at - f.at % {HOUR}, {columns}, {_SUMS} "
        f"FROM analytics_facts f{join} GROUP BY {group}"
    )


def _agent(attributes: str | None) -> str:
    try:
        value = json.loads(attributes or "{}").get("agentId")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def _assignments(bind: sa.Connection) -> None:
    """One fact per ConversationAssigned entry, for the agent its attributes name."""
    rows = [
        {"org": r[0], "key": r[1], "cid": r[2], "at": r[3], "agent": _agent(r[4]),
         "channel": r[5], "direction": r[6], "queue": r[7], "cp": r[8]}
        for r in bind.execute(sa.text(
            "SELECT a.org_id, a.id, c.id, a.activity_at, a.attributes, c.channel, c.direction, "
            "COALESCE(c.queue_id, c.last_queue_id, ''), COALESCE(c.contact_endpoint_id, '') "
            "FROM activity a JOIN conversations c ON c.org_id = a.org_id "
            "AND c.id = a.conversation_id WHERE a.type = 'ConversationAssigned'"))
    ]  # fmt: skip
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO analytics_facts (org_id, kind, fact_key, conversation_id, at, value, "
                "channel, direction, queue_id, agent_id, contact_point, tags) VALUES (:org, "
                "'assignment', :key, :cid, :at, 1.0, :channel, :direction, :queue, :agent, :cp, '')"
            ),
            rows,
        )


def upgrade() -> None:
    _create()
    _backfill()


def downgrade() -> None:
    op.drop_table("analytics_hours")
    op.drop_index("ix_analytics_facts_conversation", table_name="analytics_facts")
    op.drop_index("ix_analytics_facts_at", table_name="analytics_facts")
    op.drop_table("analytics_facts")
