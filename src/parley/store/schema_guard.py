"""The rate-limit table (``parley.guard.ratelimit``): one row per API token that has made
a request while limits are on, shared by every server process of the store."""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import org_table
from parley.store.schema_base import uuid_column as _uuid

# GCRA state of a token: ``tat`` is the theoretical arrival time (epoch microseconds) of
# the next request; a request is admitted while it is at most the burst ahead of now.
rate_limits = org_table(
    "rate_limits",
    _uuid("token_id"),
    sa.Column("tat", sa.BigInteger, nullable=False),
    key=("token_id",),
)
