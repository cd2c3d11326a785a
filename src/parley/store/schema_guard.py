"""The rate-limit table (``parley.guard.ratelimit``): one row per API token that has made
a request while limits are on, shared by every server process of the store."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, PrimaryKeyConstraint, String, Table

from parley.store.schema_base import metadata
from parley.store.schema_base import org_column as _org

# GCRA state of a token: ``tat`` is the theoretical arrival time (epoch microseconds) of
# the next request; a request is admitted while it is at most the burst ahead of now.
rate_limits = Table(
    "rate_limits",
    metadata,
    _org(),
    Column("token_id", String(36), nullable=False),
    Column("tat", BigInteger, nullable=False),
    PrimaryKeyConstraint("org_id", "token_id"),
)
