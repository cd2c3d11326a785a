"""The webhook tables (``parley.webhooks``): subscriptions and every delivery attempt."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Text,
)

from parley.store.schema_base import authored_columns as _authored
from parley.store.schema_base import json_column as _json
from parley.store.schema_base import record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# Webhook subscriptions (Dixa: Webhooks). ``events`` is a JSON list of event names;
# ``auth_header`` the Authorization header value sent with each delivery (or NULL);
# ``custom_headers`` a JSON object of further headers sent; ``filters`` Dixa's filters
# (JSON) or NULL.
webhook_subscriptions = record_table(
    "webhook_subscriptions",
    Column("name", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("enabled", Boolean, nullable=False),
    _json("events"),
    Column("auth_type", String(16), nullable=False),  # NoAuth | BasicAuth | TokenAuth
    Column("auth_header", Text, nullable=True),
    Column("secret_key", String(64), nullable=False),
    *_authored(),
    _json("custom_headers", "{}"),
    Column("filters", Text, nullable=True),
    listed=True,
)

# Every delivery attempt of a webhook (its job is the delivery): for delivery-status.
webhook_attempts = record_table(
    "webhook_attempts",
    _uuid("subscription_id"),
    _uuid("delivery_id"),
    Column("event", String(64), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
    Column("attempt", Integer, nullable=False),
    _ts("attempted_at", False),
    Column("duration_ms", Integer, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("success", Boolean, nullable=False),
    Column("response_text", Text, nullable=True),
    Column("error", Text, nullable=True),
    Index("ix_webhook_attempts_event", "org_id", "subscription_id", "event", "attempted_at", "id"),
)
