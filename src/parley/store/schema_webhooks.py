"""The webhook tables (``parley.webhooks``): subscriptions and every delivery attempt."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
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

# Webhook subscriptions (Dixa: Webhooks). ``events`` is a JSON list of event names;
# ``auth_header`` the Authorization header value sent with each delivery (or NULL);
# ``custom_headers`` a JSON object of further headers sent; ``filters`` Dixa's filters
# (JSON) or NULL.
webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("name", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("events", Text, nullable=False, server_default="[]"),
    Column("auth_type", String(16), nullable=False),  # NoAuth | BasicAuth | TokenAuth
    Column("auth_header", Text, nullable=True),
    Column("secret_key", String(64), nullable=False),
    _ts("created_at", False),
    Column("created_by", String(36), nullable=False),
    _ts("updated_at", False),
    Column("updated_by", String(36), nullable=False),
    Column("custom_headers", Text, nullable=False, server_default="{}"),
    Column("filters", Text, nullable=True),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_webhook_subscriptions_created", "org_id", "created_at", "id"),
)

# Every delivery attempt of a webhook (its job is the delivery): for delivery-status.
webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("subscription_id", String(36), nullable=False),
    Column("delivery_id", String(36), nullable=False),
    Column("event", String(64), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
    Column("attempt", Integer, nullable=False),
    _ts("attempted_at", False),
    Column("duration_ms", Integer, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("success", Boolean, nullable=False),
    Column("response_text", Text, nullable=True),
    Column("error", Text, nullable=True),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_webhook_attempts_event", "org_id", "subscription_id", "event", "attempted_at", "id"),
)
