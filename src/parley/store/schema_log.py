"""The activity log, its events, anonymization requests and the job outbox (``jobs``):
what the journal writes and the worker claims."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from parley.store.schema_base import metadata
from parley.store.schema_base import org_column as _org
from parley.store.schema_base import time_column as _ts

# The activity log. ``seq`` (from the ``activity_seq`` sequence) orders entries that
# share a timestamp in the order they were written.
activity = Table(
    "activity",
    metadata,
    _org(),
    Column("seq", BigInteger, nullable=False),
    Column("id", String(36), nullable=False),
    Column("conversation_id", BigInteger, nullable=False),
    Column("type", String(48), nullable=False),
    _ts("activity_at", False),
    Column("author_id", String(36), nullable=True),
    Column("attributes", Text, nullable=True),
    PrimaryKeyConstraint("org_id", "seq"),
    Index("ix_activity_time", "org_id", "activity_at", "seq"),
    Index("ix_activity_conversation", "org_id", "conversation_id", "activity_at", "seq"),
)

# Domain events for webhook subscribers, written in the transaction of the change.
events = Table(
    "events",
    metadata,
    _org(),
    Column("seq", BigInteger, nullable=False),
    Column("id", String(36), nullable=False),
    Column("fqn", String(64), nullable=False),
    Column("conversation_id", BigInteger, nullable=True),
    Column("payload", Text, nullable=False),
    _ts("created_at", False),
    _ts("redacted_at"),
    PrimaryKeyConstraint("org_id", "seq"),
    Index("ix_events_conversation", "org_id", "conversation_id"),
)

# Anonymization requests (conversation, message or end user), followed by a durable job.
# One request per target: a repeated request returns the existing row.
anonymization_requests = Table(
    "anonymization_requests",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("type", String(16), nullable=False),  # Conversation | Message | User
    Column("target_entity_id", Text, nullable=False),
    Column("conversation_id", BigInteger, nullable=True),
    Column("message_id", String(36), nullable=True),
    Column("user_id", String(36), nullable=True),
    Column("requested_by", String(36), nullable=False),
    Column("status", String(16), nullable=False),  # pending | done (failed: see its job)
    _ts("initiated_at", False),
    _ts("processed_at"),
    Column("job_id", String(36), nullable=True),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ux_anonymization_requests_target", "org_id", "type", "target_entity_id", unique=True),
)

# The outbox: work to run after commit (webhook delivery, anonymization, follow-up expiry).
jobs = Table(
    "jobs",
    metadata,
    Column("org_id", String(36), nullable=True),
    Column("id", String(36), nullable=False, primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending | done | failed | cancelled
    _ts("run_at", False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("max_attempts", Integer, nullable=False, server_default="8"),
    _ts("claimed_at"),
    Column("claimed_by", Text, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("dedupe_key", Text, nullable=True),
    _ts("created_at", False),
    _ts("finished_at"),
    Index("ix_jobs_due", "status", "run_at"),
    Index("ix_jobs_org", "org_id", "kind", "dedupe_key"),
)
