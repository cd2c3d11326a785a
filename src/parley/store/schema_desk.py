"""The desk's tables (``parley.desk``): agents' passwords and signed-in sessions.

``desk_credentials.login`` (the agent's email, lower case) is looked up at sign-in
before the organisation is known; like ``api_tokens.token_hash`` its index does not lead
with ``org_id``. A session cookie names its organisation, so sessions are found by
``(org_id, id_hash)``.
"""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import metadata, org_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# An agent's desk password (argon2id) and the state of failed sign-ins.
desk_credentials = org_table(
    "desk_credentials",
    _uuid("user_id"),
    sa.Column("login", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("failed_count", sa.Integer, nullable=False, server_default="0"),
    _ts("failed_at"),
    _ts("locked_until"),
    _ts("disabled_at"),
    _ts("updated_at", False),
    sa.Index("ix_desk_credentials_login", "login"),
    key=("user_id",),
)

# Signed-in sessions: only the SHA-256 of the session secret is stored.
desk_sessions = org_table(
    "desk_sessions",
    sa.Column("id_hash", sa.String(64), nullable=False),
    _uuid("user_id"),
    _ts("created_at", False),
    _ts("expires_at", False),
    _ts("seen_at"),  # the session's latest request (idle timeout); NULL: none since sign-in
    sa.Index("ix_desk_sessions_user", "org_id", "user_id"),
    key=("id_hash",),
)

# Failed sign-ins per client address (SHA-256 of the address), counted like an account's
# in ``desk_credentials``: looked up before the organisation is known, so no ``org_id``.
desk_address_failures = sa.Table(
    "desk_address_failures",
    metadata,
    sa.Column("address_hash", sa.String(64), nullable=False),
    sa.Column("failed_count", sa.Integer, nullable=False),
    _ts("failed_at", False),
    _ts("locked_until"),
    sa.PrimaryKeyConstraint("address_hash"),
)

# How many conversations are in each cell of organisation, state, assignee and queue
# ('' for none): the inbox's view counts, kept by triggers on ``conversations`` (migrations
# 0016, 0022) in the same transaction as every insert, delete and change of those columns.
# A cell is spread over shard rows (its count is their sum; a shard's ``n`` may be
# negative): on PostgreSQL a transaction writes shard ``txid_current() % 16``, so
# concurrent creates in one queue do not wait on one row lock; SQLite uses shard 0.
conversation_counts = org_table(
    "conversation_counts",
    sa.Column("state", sa.String(16), nullable=False),
    _uuid("assignee_id"),
    _uuid("queue_id"),
    sa.Column("shard", sa.SmallInteger, nullable=False),
    sa.Column("n", sa.BigInteger, nullable=False),
    key=("state", "assignee_id", "queue_id", "shard"),
)
