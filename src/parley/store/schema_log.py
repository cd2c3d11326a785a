"""The activity log, its events, anonymization requests and the job outbox (``jobs``):
what the journal writes and the worker claims."""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import conversation_id_column as _conversation_id
from parley.store.schema_base import metadata, org_table, record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# The activity log. ``seq`` (from the ``activity_seq`` sequence) orders entries that
# share a timestamp in the order they were written.
activity = org_table(
    "activity",
    sa.Column("seq", sa.BigInteger, nullable=False),
    _uuid("id"),
    _conversation_id(),
    sa.Column("type", sa.String(48), nullable=False),
    _ts("activity_at", False),
    _uuid("author_id", True),
    sa.Column("attributes", sa.Text, nullable=True),
    sa.Index("ix_activity_time", "org_id", "activity_at", "seq"),
    sa.Index("ix_activity_conversation", "org_id", "conversation_id", "activity_at", "seq"),
    key=("seq",),
)

# Domain events for webhook subscribers, written in the transaction of the change.
events = org_table(
    "events",
    sa.Column("seq", sa.BigInteger, nullable=False),
    _uuid("id"),
    sa.Column("fqn", sa.String(64), nullable=False),
    _conversation_id(True),
    sa.Column("payload", sa.Text, nullable=False),
    _ts("created_at", False),
    _ts("redacted_at"),
    sa.Index("ix_events_conversation", "org_id", "conversation_id"),
    key=("seq",),
)

# Anonymization requests (conversation, message or end user), followed by a durable job.
# One request per target: a repeated request returns the existing row.
anonymization_requests = record_table(
    "anonymization_requests",
    sa.Column("type", sa.String(16), nullable=False),  # Conversation | Message | User
    sa.Column("target_entity_id", sa.Text, nullable=False),
    _conversation_id(True),
    _uuid("message_id", True),
    _uuid("user_id", True),
    _uuid("requested_by"),
    sa.Column("status", sa.String(16), nullable=False),  # pending | done (failed: see its job)
    _ts("initiated_at", False),
    _ts("processed_at"),
    _uuid("job_id", True),
    sa.Index("ux_anonymization_requests_target", "org_id", "type", "target_entity_id", unique=True),
)

# The outbox: work to run after commit (webhook delivery, anonymization, follow-up expiry).
jobs = sa.Table(
    "jobs",
    metadata,
    _uuid("org_id", True),
    sa.Column("id", sa.String(36), nullable=False, primary_key=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # pending | done | failed | cancelled
    _ts("run_at", False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("max_attempts", sa.Integer, nullable=False, server_default="8"),
    _ts("claimed_at"),
    sa.Column("claimed_by", sa.Text, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("dedupe_key", sa.Text, nullable=True),
    _ts("created_at", False),
    _ts("finished_at"),
    sa.Index("ix_jobs_due", "status", "run_at"),
    sa.Index("ix_jobs_org", "org_id", "kind", "dedupe_key"),
)
