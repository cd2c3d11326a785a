"""The tables of the admin API (``parley.admin``): each organisation's clock, its
request journal and its faults, and the webhook sinks with what they received. They
live in the store so that every process of a server (several ``parley serve``, a
``parley worker``) sees the same journal, faults and sinks."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from parley.store.schema_base import metadata, org_table, record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# An organisation's clock, ahead of real time by ``offset_ms`` (no row: real time). Read
# by the request scope (with the caller), the worker (per job) and the outbox (a job due
# at an organisation's time is stored at real time: ``store/clocks.py``).
org_clocks = org_table(
    "org_clocks",
    Column("offset_ms", BigInteger, nullable=False),
    _ts("updated_at", False),
    key=(),
)

# The request journal: an organisation's last ``/v1`` requests (bounded per
# organisation, pruned on write). ``seq`` orders them (epoch nanoseconds at the write).
admin_requests = record_table(
    "admin_requests",
    Column("seq", BigInteger, nullable=False),
    _ts("at", False),
    Column("method", String(16), nullable=False),
    Column("path", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Index("ix_admin_requests_seq", "org_id", "seq"),
)

# Faults in force: ``remaining`` requests left (counted down by a conditional UPDATE),
# or a share of requests in parts per million; ``routes`` is a JSON list of prefixes.
admin_faults = record_table(
    "admin_faults",
    Column("seq", BigInteger, nullable=False),
    Column("status", Integer, nullable=False),
    Column("remaining", Integer, nullable=True),
    Column("share_ppm", Integer, nullable=True),
    Column("routes", Text, nullable=False),
    Column("retry_after", Integer, nullable=False),
)

# Webhook sinks belong to no organisation (a webhook sender has no token): like
# ``jobs``, an exception to the ``org_id`` convention. ``answers_left`` deliveries get
# ``answer_status``, the others 200.
admin_sinks = Table(
    "admin_sinks",
    metadata,
    _uuid("id"),
    Column("url", Text, nullable=False),
    Column("answer_status", Integer, nullable=True),
    Column("answers_left", Integer, nullable=False),
    _ts("created_at", False),
    PrimaryKeyConstraint("id"),
)

# What a sink received (bounded per sink, pruned on write).
admin_sink_deliveries = Table(
    "admin_sink_deliveries",
    metadata,
    _uuid("sink_id"),
    _uuid("id"),
    Column("seq", BigInteger, nullable=False),
    _ts("at", False),
    Column("headers", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("verified", Boolean, nullable=False),
    PrimaryKeyConstraint("sink_id", "id"),
    Index("ix_admin_sink_deliveries_seq", "sink_id", "seq"),
)
