"""The tables of the admin API (``parley.admin``): each organisation's clock, its
request journal and its faults, and the webhook sinks with what they received. They
live in the store so that every process of a server (several ``parley serve``, a
``parley worker``) sees the same journal, faults and sinks."""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import metadata, org_table, record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# An organisation's clock, ahead of real time by ``offset_ms`` (no row: real time). Read
# by the request scope (with the caller), the worker (per job) and the outbox (a job due
# at an organisation's time is stored at real time: ``store/clocks.py``).
org_clocks = org_table(
    "org_clocks",
    sa.Column("offset_ms", sa.BigInteger, nullable=False),
    _ts("updated_at", False),
    key=(),
)

# The request journal: an organisation's last ``/v1`` requests (bounded per
# organisation, pruned on write). ``seq`` orders them (epoch nanoseconds at the write).
admin_requests = record_table(
    "admin_requests",
    sa.Column("seq", sa.BigInteger, nullable=False),
    _ts("at", False),
    sa.Column("method", sa.String(16), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Index("ix_admin_requests_seq", "org_id", "seq"),
)

# Faults in force: ``remaining`` requests left (counted down by a conditional UPDATE),
# or a share of requests in parts per million; ``routes`` is a JSON list of prefixes.
admin_faults = record_table(
    "admin_faults",
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("remaining", sa.Integer, nullable=True),
    sa.Column("share_ppm", sa.Integer, nullable=True),
    sa.Column("routes", sa.Text, nullable=False),
    sa.Column("retry_after", sa.Integer, nullable=False),
)

# Webhook sinks belong to no organisation (a webhook sender has no token): like
# ``jobs``, an exception to the ``org_id`` convention. ``answers_left`` deliveries get
# ``answer_status``, the others 200.
admin_sinks = sa.Table(
    "admin_sinks",
    metadata,
    _uuid("id"),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("answer_status", sa.Integer, nullable=True),
    sa.Column("answers_left", sa.Integer, nullable=False),
    _ts("created_at", False),
    sa.PrimaryKeyConstraint("id"),
)

# What a sink received (bounded per sink, pruned on write).
admin_sink_deliveries = sa.Table(
    "admin_sink_deliveries",
    metadata,
    _uuid("sink_id"),
    _uuid("id"),
    sa.Column("seq", sa.BigInteger, nullable=False),
    _ts("at", False),
    sa.Column("headers", sa.Text, nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("verified", sa.Boolean, nullable=False),
    sa.PrimaryKeyConstraint("sink_id", "id"),
    sa.Index("ix_admin_sink_deliveries_seq", "sink_id", "seq"),
)
