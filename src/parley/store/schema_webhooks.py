"""The webhook tables (``parley.webhooks``): subscriptions and every delivery attempt."""

from __future__ import annotations

import sqlalchemy as sa

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
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    _json("events"),
    sa.Column("auth_type", sa.String(16), nullable=False),  # NoAuth | BasicAuth | TokenAuth
    sa.Column("auth_header", sa.Text, nullable=True),
    sa.Column("secret_key", sa.String(64), nullable=False),
    *_authored(),
    _json("custom_headers", "{}"),
    sa.Column("filters", sa.Text, nullable=True),
    listed=True,
)

# Every delivery attempt of a webhook (its job is the delivery): for delivery-status.
webhook_attempts = record_table(
    "webhook_attempts",
    _uuid("subscription_id"),
    _uuid("delivery_id"),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("event_seq", sa.BigInteger, nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    _ts("attempted_at", False),
    sa.Column("duration_ms", sa.Integer, nullable=False),
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("success", sa.Boolean, nullable=False),
    sa.Column("response_text", sa.Text, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Index(
        "ix_webhook_attempts_event", "org_id", "subscription_id", "event", "attempted_at", "id"
    ),
)
