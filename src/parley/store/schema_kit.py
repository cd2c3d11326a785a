"""The tables of the admin API (``parley.admin``): each organisation's clock."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, PrimaryKeyConstraint, Table

from parley.store.schema_base import metadata
from parley.store.schema_base import org_column as _org
from parley.store.schema_base import time_column as _ts

# An organisation's clock, ahead of real time by ``offset_ms`` (no row: real time). Read
# by the request scope (with the caller), the worker (per job) and the outbox (a job due
# at an organisation's time is stored at real time: ``store/clocks.py``).
org_clocks = Table(
    "org_clocks",
    metadata,
    _org(),
    Column("offset_ms", BigInteger, nullable=False),
    _ts("updated_at", False),
    PrimaryKeyConstraint("org_id"),
)
