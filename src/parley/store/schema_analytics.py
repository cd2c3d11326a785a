"""The analytics tallies (``parley.analytics.tally``): each conversation's facts, and the
facts summed by UTC hour and dimension values, kept in step with the conversations by the
transaction that changes them.

Dimension columns hold ``''`` for "none" (a conversation with no queue), so that they can
be part of a primary key.
"""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import conversation_id_column as _conversation_id
from parley.store.schema_base import org_table, partial_index
from parley.store.schema_base import uuid_column as _uuid


def _dimensions() -> list[sa.Column[str]]:
    return [
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        _uuid("queue_id"),
        _uuid("agent_id"),
        _uuid("contact_point"),
    ]


# One row per record a conversation contributes to a metric (``kind``: created, closed,
# rating, first_response, resolution), keyed by the conversation id (a rating: its id),
# at the record's primary time, with its value (1, a score, seconds) and its tags
# (sorted, comma-separated: which per-tag tallies it counts in).
analytics_facts = org_table(
    "analytics_facts",
    sa.Column("kind", sa.String(16), nullable=False),
    _uuid("fact_key"),
    _conversation_id(),
    sa.Column("at", sa.BigInteger, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    *_dimensions(),
    sa.Column("tags", sa.String, nullable=False),
    sa.Index("ix_analytics_facts_at", "org_id", "kind", "at"),
    sa.Index("ix_analytics_facts_conversation", "org_id", "conversation_id"),
    key=("kind", "fact_key"),
)

# (name suffix, grain, dimension): a partial index per grain read by a filter, leading with
# the dimension value, then the hour (migration 0021).
DIMENSION_INDEXES = (
    ("channel", "channel", "channel"),
    ("direction", "direction", "direction"),
    ("queue", "queue_id", "queue_id"),
    ("agent", "agent_id", "agent_id"),
    ("contact_point", "contact_point", "contact_point"),
    ("full_queue", "full", "queue_id"),
    ("full_agent", "full", "agent_id"),
)

_SUMS = ("n", "total", "squares", "satisfied", "smallest", "largest")
_DIMENSIONS = ("channel", "direction", "queue_id", "agent_id", "contact_point")


def covered(grain: str, dimension: str) -> list[str]:
    """The columns a dimension index carries besides its key, on PostgreSQL (migration
    0023): for the ``full`` grain, the other dimensions and the sums, so that a metric
    filtered on several dimensions is read from the index alone (an index-only scan of the
    value's rows in the window) instead of one heap visit per hour row; none for the other
    grains (their rows are updated by every fact, which covering would make costlier)."""
    if grain != "full":
        return []
    return [d for d in _DIMENSIONS if d != dimension] + list(_SUMS)


# The facts of one kind, one UTC hour and one combination of dimension values, summed:
# for all conversations (``tag_id`` ``''``) and again per tag; at each grain (``grain``:
# ``all``, one dimension's name, or ``full``), the dimensions the grain leaves out
# holding ``*``. A metric filtered on a dimension reads the rows of one value of it
# (``DIMENSION_INDEXES``).
analytics_hours = org_table(
    "analytics_hours",
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("grain", sa.String(16), nullable=False),
    sa.Column("hour", sa.BigInteger, nullable=False),
    _uuid("tag_id"),
    *_dimensions(),
    sa.Column("n", sa.BigInteger, nullable=False),
    sa.Column("total", sa.Float, nullable=False),
    sa.Column("squares", sa.Float, nullable=False),
    sa.Column("satisfied", sa.BigInteger, nullable=False),
    sa.Column("smallest", sa.Float, nullable=True),
    sa.Column("largest", sa.Float, nullable=True),
    *(
        partial_index(
            f"ix_analytics_hours_{name}",
            "org_id",
            "kind",
            "tag_id",
            dimension,
            "hour",
            where=f"grain = '{grain}'",
            postgresql_include=covered(grain, dimension),
        )
        for name, grain, dimension in DIMENSION_INDEXES
    ),
    key=("kind", "grain", "tag_id", "hour", *_DIMENSIONS),
)
