"""The schema, defined once (SQLAlchemy Core metadata) and evolved with Alembic.

Conventions: every table carries ``org_id`` and every index leads with it, so data
can be distributed by organisation. Times are UTC epoch milliseconds (BIGINT); ids
are UUID strings except conversation ids (int64 from the ``conversation_id``
sequence); JSON is stored as text. Deliberate exceptions: ``api_tokens`` is
looked up by token hash before the organisation is known, ``jobs`` is claimed
across organisations by due time, and the admin API's webhook sinks
(``admin_sinks``, ``admin_sink_deliveries``) belong to no organisation.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.schema import SchemaItem

from parley.store.schema_analytics import analytics_facts, analytics_hours
from parley.store.schema_api import (
    business_hours_schedules,
    kb_articles,
    kb_categories,
    kb_collections,
    kb_translations,
    organization_profiles,
    templates,
)
from parley.store.schema_base import conversation_id_column as _conversation_id
from parley.store.schema_base import flag_column as _flag
from parley.store.schema_base import json_column as _json
from parley.store.schema_base import link_table, metadata, org_table, partial_index, record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid
from parley.store.schema_desk import (
    conversation_counts,
    desk_address_failures,
    desk_credentials,
    desk_sessions,
)
from parley.store.schema_guard import rate_limits
from parley.store.schema_indexes import add_read_indexes
from parley.store.schema_kit import (
    admin_faults,
    admin_requests,
    admin_sink_deliveries,
    admin_sinks,
    org_clocks,
)
from parley.store.schema_log import activity, anonymization_requests, events, jobs
from parley.store.schema_mail import (
    mail_deliveries,
    mail_imap_sources,
    mail_inbound,
    mail_keys,
    mail_message_ids,
)
from parley.store.schema_webhooks import webhook_attempts, webhook_subscriptions

__all__ = [
    "SEQUENCES",
    "activity",
    "admin_faults",
    "admin_requests",
    "admin_sink_deliveries",
    "admin_sinks",
    "analytics_facts",
    "analytics_hours",
    "anonymization_requests",
    "business_hours_schedules",
    "conversation_counts",
    "desk_address_failures",
    "desk_credentials",
    "desk_sessions",
    "events",
    "jobs",
    "kb_articles",
    "kb_categories",
    "kb_collections",
    "kb_translations",
    "mail_deliveries",
    "mail_imap_sources",
    "mail_inbound",
    "mail_keys",
    "mail_message_ids",
    "metadata",
    "org_clocks",
    "organization_profiles",
    "rate_limits",
    "templates",
    "webhook_attempts",
    "webhook_subscriptions",
]

orgs = sa.Table(
    "orgs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    _uuid("default_queue_id", True),
    _uuid("admin_user_id", True),
    _ts("created_at", False),
)

api_tokens = record_table(
    "api_tokens",
    sa.Column("token_hash", sa.String(64), nullable=False),
    _uuid("user_id"),
    sa.Column("name", sa.Text, nullable=True),
    _ts("created_at", False),
    _ts("revoked_at"),
    sa.Index("ux_api_tokens_hash", "token_hash", unique=True),
)

# Agents, administrators and end users share one table: an agent deleted through the
# API becomes an end user again, and any of them can author a conversation change.
users = record_table(
    "users",
    sa.Column("kind", sa.String(16), nullable=False),  # Agent | EndUser
    _json("roles"),
    sa.Column("display_name", sa.Text, nullable=True),
    sa.Column("first_name", sa.Text, nullable=True),
    sa.Column("last_name", sa.Text, nullable=True),
    _json("middle_names"),
    sa.Column("email", sa.Text, nullable=True),
    sa.Column("phone_number", sa.Text, nullable=True),
    sa.Column("external_id", sa.Text, nullable=True),
    sa.Column("avatar_url", sa.Text, nullable=True),
    _json("additional_emails"),
    _json("additional_phone_numbers"),
    _json("custom_attributes", "{}"),
    _ts("created_at", False),
    _ts("updated_at"),
    _ts("anonymized_at"),
    sa.Index("ix_users_kind_created", "org_id", "kind", "created_at", "id"),
    sa.Index("ix_users_kind_email", "org_id", "kind", "email"),
    sa.Index("ix_users_kind_phone", "org_id", "kind", "phone_number"),
    sa.Index("ix_users_kind_external", "org_id", "kind", "external_id"),
    partial_index(
        "ux_users_agent_email",
        "org_id",
        "email",
        unique=True,
        where="kind = 'Agent' AND email IS NOT NULL",
    ),
)

agent_presence = org_table(
    "agent_presence",
    _uuid("user_id"),
    sa.Column("presence_status", sa.String(16), nullable=False),  # Working | Away
    sa.Column("connection_status", sa.String(16), nullable=False),  # Online | Offline
    _json("active_channels"),
    _ts("last_seen"),
    _ts("updated_at", False),
    key=("user_id",),
)

queues = record_table(
    "queues",
    sa.Column("name", sa.Text, nullable=False),
    _flag("is_default"),
    sa.Column("priority", sa.Integer, nullable=True),
    _json("settings", "{}"),
    _ts("created_at", False),
    listed=True,
)


def _agent_members(name: str, group: str, *items: SchemaItem) -> sa.Table:
    """A group's agents (a queue's, a team's): keyed by group and agent, with ``items``
    and when the agent joined."""
    return link_table(
        name, _uuid(group), _uuid("agent_id"), *items, _ts("created_at", False), by="agent"
    )


queue_members = _agent_members(
    "queue_members", "queue_id", sa.Column("priority", sa.Integer, nullable=True)
)

teams = record_table(
    "teams",
    sa.Column("name", sa.Text, nullable=False),
    _ts("created_at", False),
    listed=True,
)

team_members = _agent_members("team_members", "team_id")

tags = record_table(
    "tags",
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("color", sa.Text, nullable=True),
    sa.Column("state", sa.String(16), nullable=False),  # Active | Inactive
    _ts("created_at", False),
    sa.Index("ux_tags_name", "org_id", "name", unique=True),
    listed=True,
)

custom_attributes = record_table(
    "custom_attributes",
    sa.Column("entity_type", sa.String(16), nullable=False),  # Conversation | Contact
    sa.Column("identifier", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    _flag("is_required"),
    _flag("is_archived"),
    _flag("is_deactivated"),
    sa.Column("input_definition", sa.Text, nullable=False),
    _ts("created_at", False),
    _ts("updated_at"),
    sa.Index("ux_custom_attributes_identifier", "org_id", "entity_type", "identifier", unique=True),
    listed=True,
)

# Email endpoints (id = address), telephony endpoints (id = number) and chat widgets
# (id = UUID) share one table keyed by (org_id, id).
contact_endpoints = org_table(
    "contact_endpoints",
    sa.Column("id", sa.Text, nullable=False),
    sa.Column(
        "type", sa.String(32), nullable=False
    ),  # EmailEndpoint | TelephonyEndpoint | ChatWidget
    sa.Column("name", sa.Text, nullable=True),
    _json("data", "{}"),
    _ts("created_at", False),
    # an email endpoint's queue for the conversations its mail opens (None: the default)
    sa.Column("queue_id", sa.Text, nullable=True),
    sa.Index("ix_contact_endpoints_type", "org_id", "type", "created_at", "id"),
)

flows = record_table(
    "flows",
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("contact_endpoint_id", sa.Text, nullable=True),
    _ts("created_at", False),
    sa.Index("ix_flows_channel", "org_id", "channel", "created_at", "id"),
)

conversations = org_table(
    "conversations",
    sa.Column("id", sa.BigInteger, nullable=False),
    sa.Column("type", sa.String(48), nullable=False),  # the _type of the wire shape
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("direction", sa.String(16), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    _ts("state_updated_at"),
    _uuid("requester_id"),
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("language", sa.String(16), nullable=True),
    sa.Column("from_email", sa.Text, nullable=True),
    sa.Column("to_email", sa.Text, nullable=True),
    sa.Column("integration_email", sa.Text, nullable=True),
    sa.Column("from_number", sa.Text, nullable=True),
    sa.Column("to_number", sa.Text, nullable=True),
    sa.Column("contact_endpoint_id", sa.Text, nullable=True),
    sa.Column("widget_id", sa.Text, nullable=True),
    sa.Column("browser_info", sa.Text, nullable=True),
    _json("extra", "{}"),
    _uuid("assigned_agent_id", True),
    _ts("assigned_at"),
    _uuid("queue_id", True),
    _ts("queued_at"),
    _uuid("last_queue_id", True),
    sa.Column("link_parent_id", sa.BigInteger, nullable=True),
    sa.Column("link_type", sa.String(32), nullable=True),
    _ts("followup_until"),
    sa.Column("external_id", sa.Text, nullable=True),
    sa.Column("generic_channel_name", sa.Text, nullable=True),
    _flag("imported"),
    _ts("created_at", False),
    _ts("updated_at", False),
    _ts("closed_at"),
    _ts("last_message_at"),
    _ts("last_activity_at"),
    _ts("anonymized_at"),
    sa.Index("ix_conversations_created", "org_id", "created_at", "id"),
    sa.Index("ix_conversations_updated", "org_id", "updated_at", "id"),  # exports by update
    sa.Index("ix_conversations_requester", "org_id", "requester_id", "created_at", "id"),
    sa.Index("ix_conversations_parent", "org_id", "link_parent_id"),
    sa.Index("ix_conversations_followup", "org_id", "followup_until"),
    partial_index(
        "ux_conversations_external",
        "org_id",
        "external_id",
        unique=True,
        where="external_id IS NOT NULL",
    ),
)

messages = record_table(
    "messages",
    _conversation_id(),
    sa.Column("seq", sa.Integer, nullable=False),  # position in the conversation, from 1
    _uuid("author_id", True),
    sa.Column("direction", sa.String(16), nullable=False),
    sa.Column("content_type", sa.String(16), nullable=False),  # Text | Html | Markdown
    sa.Column("content", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=True),  # plain text, for search
    sa.Column("external_id", sa.Text, nullable=True),
    _json("attributes", "{}"),
    _json("attachments"),
    _ts("created_at", False),
    _ts("anonymized_at"),
    sa.Index("ix_messages_conversation", "org_id", "conversation_id", "seq"),
    sa.Index("ix_messages_created", "org_id", "created_at", "id"),  # message exports
    partial_index(
        "ux_messages_external",
        "org_id",
        "conversation_id",
        "external_id",
        unique=True,
        where="external_id IS NOT NULL",
    ),
)

attachments = record_table(
    "attachments",
    _uuid("message_id", True),
    sa.Column("pretty_name", sa.Text, nullable=True),
    sa.Column("source_url", sa.Text, nullable=True),
    sa.Column("content_type", sa.Text, nullable=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("blob_path", sa.Text, nullable=True),
    _ts("created_at", False),
    _ts("deleted_at"),
    sa.Index("ix_attachments_message", "org_id", "message_id"),
)

notes = record_table(
    "notes",
    _conversation_id(),
    _uuid("author_id"),
    sa.Column("message", sa.Text, nullable=False),
    _ts("created_at", False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Index("ix_notes_conversation", "org_id", "conversation_id", "created_at", "seq"),
)

conversation_tags = link_table(
    "conversation_tags",
    _conversation_id(),
    _uuid("tag_id"),
    _ts("created_at", False),
    by="tag",
)

conversation_attributes = link_table(
    "conversation_attributes",
    _conversation_id(),
    _uuid("attribute_id"),
    sa.Column("value", sa.Text, nullable=False),  # JSON: a string or a list of strings
    _ts("updated_at", False),
    by="attr",
)

ratings = record_table(
    "ratings",
    _conversation_id(),
    _uuid("user_id"),
    _uuid("agent_id", True),
    sa.Column("rating_type", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("score", sa.Integer, nullable=True),
    sa.Column("comment", sa.Text, nullable=True),
    sa.Column("language", sa.Text, nullable=True),
    _ts("offered_at"),
    _ts("submitted_at"),
    _ts("created_at", False),
    sa.Index("ix_ratings_conversation", "org_id", "conversation_id", "created_at"),
)


# SQLite has no sequences; its adapter keeps counters here. Unused on PostgreSQL,
# which has real sequences (created by the migrations).
id_sequences = sa.Table(
    "id_sequences",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

SEQUENCES = ("conversation_id", "activity_seq", "event_seq", "note_seq")

add_read_indexes(conversations, messages, ratings)
