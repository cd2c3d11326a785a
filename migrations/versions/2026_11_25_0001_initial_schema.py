"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 03:58:53.695029
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parley.store.schema import SEQUENCES

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("activity_at", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("attributes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "seq"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_conversation",
            ["org_id", "conversation_id", "activity_at", "seq"],
            unique=False,
        )
        batch_op.create_index("ix_activity_time", ["org_id", "activity_at", "seq"], unique=False)

    op.create_table(
        "agent_presence",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("presence_status", sa.String(length=16), nullable=False),
        sa.Column("connection_status", sa.String(length=16), nullable=False),
        sa.Column("active_channels", sa.Text(), server_default="[]", nullable=False),
        sa.Column("last_seen", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "user_id"),
    )
    op.create_table(
        "anonymization_requests",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("target_entity_id", sa.Text(), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("initiated_at", sa.BigInteger(), nullable=False),
        sa.Column("processed_at", sa.BigInteger(), nullable=True),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("anonymization_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ux_anonymization_requests_target", ["org_id", "type", "target_entity_id"], unique=True
        )

    op.create_table(
        "api_tokens",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("revoked_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index("ux_api_tokens_hash", ["token_hash"], unique=True)

    op.create_table(
        "attachments",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=True),
        sa.Column("pretty_name", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("content_type", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("blob_path", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("deleted_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index("ix_attachments_message", ["org_id", "message_id"], unique=False)

    op.create_table(
        "contact_endpoints",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("data", sa.Text(), server_default="{}", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("contact_endpoints", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_endpoints_type", ["org_id", "type", "created_at", "id"], unique=False
        )

    op.create_table(
        "conversation_attributes",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("attribute_id", sa.String(length=36), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "conversation_id", "attribute_id"),
    )
    with op.batch_alter_table("conversation_attributes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conversation_attributes_attr", ["org_id", "attribute_id"], unique=False
        )

    op.create_table(
        "conversation_tags",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("tag_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "conversation_id", "tag_id"),
    )
    with op.batch_alter_table("conversation_tags", schema=None) as batch_op:
        batch_op.create_index("ix_conversation_tags_tag", ["org_id", "tag_id"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("state_updated_at", sa.BigInteger(), nullable=True),
        sa.Column("requester_id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("from_email", sa.Text(), nullable=True),
        sa.Column("to_email", sa.Text(), nullable=True),
        sa.Column("integration_email", sa.Text(), nullable=True),
        sa.Column("from_number", sa.Text(), nullable=True),
        sa.Column("to_number", sa.Text(), nullable=True),
        sa.Column("contact_endpoint_id", sa.Text(), nullable=True),
        sa.Column("widget_id", sa.Text(), nullable=True),
        sa.Column("browser_info", sa.Text(), nullable=True),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.Column("assigned_agent_id", sa.String(length=36), nullable=True),
        sa.Column("assigned_at", sa.BigInteger(), nullable=True),
        sa.Column("queue_id", sa.String(length=36), nullable=True),
        sa.Column("queued_at", sa.BigInteger(), nullable=True),
        sa.Column("last_queue_id", sa.String(length=36), nullable=True),
        sa.Column("link_parent_id", sa.BigInteger(), nullable=True),
        sa.Column("link_type", sa.String(length=32), nullable=True),
        sa.Column("followup_until", sa.BigInteger(), nullable=True),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("generic_channel_name", sa.Text(), nullable=True),
        sa.Column("imported", sa.Boolean(), server_default=sa.text("(false)"), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.Column("last_message_at", sa.BigInteger(), nullable=True),
        sa.Column("last_activity_at", sa.BigInteger(), nullable=True),
        sa.Column("anonymized_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conversations_created", ["org_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_conversations_followup", ["org_id", "followup_until"], unique=False
        )
        batch_op.create_index("ix_conversations_parent", ["org_id", "link_parent_id"], unique=False)
        batch_op.create_index(
            "ix_conversations_requester",
            ["org_id", "requester_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ux_conversations_external",
            ["org_id", "external_id"],
            unique=True,
            sqlite_where=sa.text("external_id IS NOT NULL"),
            postgresql_where=sa.text("external_id IS NOT NULL"),
        )

    op.create_table(
        "custom_attributes",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=16), nullable=False),
        sa.Column("identifier", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_required", sa.Boolean(), server_default=sa.text("(false)"), nullable=False),
        sa.Column("is_archived", sa.Boolean(), server_default=sa.text("(false)"), nullable=False),
        sa.Column(
            "is_deactivated", sa.Boolean(), server_default=sa.text("(false)"), nullable=False
        ),
        sa.Column("input_definition", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("custom_attributes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_custom_attributes_created", ["org_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ux_custom_attributes_identifier", ["org_id", "entity_type", "identifier"], unique=True
        )

    op.create_table(
        "events",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("fqn", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("redacted_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "seq"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_conversation", ["org_id", "conversation_id"], unique=False)

    op.create_table(
        "flows",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("contact_endpoint_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("flows", schema=None) as batch_op:
        batch_op.create_index(
            "ix_flows_channel", ["org_id", "channel", "created_at", "id"], unique=False
        )

    op.create_table(
        "id_sequences",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "jobs",
        sa.Column("org_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("run_at", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("max_attempts", sa.Integer(), server_default="8", nullable=False),
        sa.Column("claimed_at", sa.BigInteger(), nullable=True),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.Text(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("finished_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_due", ["status", "run_at"], unique=False)
        batch_op.create_index("ix_jobs_org", ["org_id", "kind", "dedupe_key"], unique=False)

    op.create_table(
        "messages",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("content_type", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("attributes", sa.Text(), server_default="{}", nullable=False),
        sa.Column("attachments", sa.Text(), server_default="[]", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("anonymized_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_conversation", ["org_id", "conversation_id", "seq"], unique=False
        )
        batch_op.create_index(
            "ux_messages_external",
            ["org_id", "conversation_id", "external_id"],
            unique=True,
            sqlite_where=sa.text("external_id IS NOT NULL"),
            postgresql_where=sa.text("external_id IS NOT NULL"),
        )

    op.create_table(
        "notes",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notes_conversation",
            ["org_id", "conversation_id", "created_at", "seq"],
            unique=False,
        )

    op.create_table(
        "orgs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("default_queue_id", sa.String(length=36), nullable=True),
        sa.Column("admin_user_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "queue_members",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("queue_id", sa.String(length=36), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "queue_id", "agent_id"),
    )
    with op.batch_alter_table("queue_members", schema=None) as batch_op:
        batch_op.create_index("ix_queue_members_agent", ["org_id", "agent_id"], unique=False)

    op.create_table(
        "queues",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("(false)"), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("settings", sa.Text(), server_default="{}", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("queues", schema=None) as batch_op:
        batch_op.create_index("ix_queues_created", ["org_id", "created_at", "id"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("conversation_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=True),
        sa.Column("rating_type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("offered_at", sa.BigInteger(), nullable=True),
        sa.Column("submitted_at", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ratings_conversation", ["org_id", "conversation_id", "created_at"], unique=False
        )

    op.create_table(
        "tags",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("color", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.create_index("ix_tags_created", ["org_id", "created_at", "id"], unique=False)
        batch_op.create_index("ux_tags_name", ["org_id", "name"], unique=True)

    op.create_table(
        "team_members",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("team_id", sa.String(length=36), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "team_id", "agent_id"),
    )
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.create_index("ix_team_members_agent", ["org_id", "agent_id"], unique=False)

    op.create_table(
        "teams",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index("ix_teams_created", ["org_id", "created_at", "id"], unique=False)

    op.create_table(
        "users",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("roles", sa.Text(), server_default="[]", nullable=False),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("middle_names", sa.Text(), server_default="[]", nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("phone_number", sa.Text(), nullable=True),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("avatar_url", sa.Text(), nullable=True),
        sa.Column("additional_emails", sa.Text(), server_default="[]", nullable=False),
        sa.Column("additional_phone_numbers", sa.Text(), server_default="[]", nullable=False),
        sa.Column("custom_attributes", sa.Text(), server_default="{}", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=True),
        sa.Column("anonymized_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            "ix_users_kind_created", ["org_id", "kind", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_users_kind_email", ["org_id", "kind", "email"], unique=False)
        batch_op.create_index(
            "ix_users_kind_external", ["org_id", "kind", "external_id"], unique=False
        )
        batch_op.create_index(
            "ix_users_kind_phone", ["org_id", "kind", "phone_number"], unique=False
        )
        batch_op.create_index(
            "ux_users_agent_email",
            ["org_id", "email"],
            unique=True,
            sqlite_where=sa.text("kind = 'Agent' AND email IS NOT NULL"),
            postgresql_where=sa.text("kind = 'Agent' AND email IS NOT NULL"),
        )

    _create_sequences()


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_users_agent_email",
            sqlite_where=sa.text("kind = 'Agent' AND email IS NOT NULL"),
            postgresql_where=sa.text("kind = 'Agent' AND email IS NOT NULL"),
        )
        batch_op.drop_index("ix_users_kind_phone")
        batch_op.drop_index("ix_users_kind_external")
        batch_op.drop_index("ix_users_kind_email")
        batch_op.drop_index("ix_users_kind_created")

    op.drop_table("users")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_created")

    op.drop_table("teams")
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_index("ix_team_members_agent")

    op.drop_table("team_members")
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index("ux_tags_name")
        batch_op.drop_index("ix_tags_created")

    op.drop_table("tags")
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_ratings_conversation")

    op.drop_table("ratings")
    with op.batch_alter_table("queues", schema=None) as batch_op:
        batch_op.drop_index("ix_queues_created")

    op.drop_table("queues")
    with op.batch_alter_table("queue_members", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_members_agent")

    op.drop_table("queue_members")
    op.drop_table("orgs")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_conversation")

    op.drop_table("notes")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_messages_external",
            sqlite_where=sa.text("external_id IS NOT NULL"),
            postgresql_where=sa.text("external_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_messages_conversation")

    op.drop_table("messages")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_org")
        batch_op.drop_index("ix_jobs_due")

    op.drop_table("jobs")
    op.drop_table("id_sequences")
    with op.batch_alter_table("flows", schema=None) as batch_op:
        batch_op.drop_index("ix_flows_channel")

    op.drop_table("flows")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_conversation")

    op.drop_table("events")
    with op.batch_alter_table("custom_attributes", schema=None) as batch_op:
        batch_op.drop_index("ux_custom_attributes_identifier")
        batch_op.drop_index("ix_custom_attributes_created")

    op.drop_table("custom_attributes")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_conversations_external",
            sqlite_where=sa.text("external_id IS NOT NULL"),
            postgresql_where=sa.text("external_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_conversations_requester")
        batch_op.drop_index("ix_conversations_parent")
        batch_op.drop_index("ix_conversations_followup")
        batch_op.drop_index("ix_conversations_created")

    op.drop_table("conversations")
    with op.batch_alter_table("conversation_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_tags_tag")

    op.drop_table("conversation_tags")
    with op.batch_alter_table("conversation_attributes", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_attributes_attr")

    op.drop_table("conversation_attributes")
    with op.batch_alter_table("contact_endpoints", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_endpoints_type")

    op.drop_table("contact_endpoints")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_attachments_message")

    op.drop_table("attachments")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index("ux_api_tokens_hash")

    op.drop_table("api_tokens")
    with op.batch_alter_table("anonymization_requests", schema=None) as batch_op:
        batch_op.drop_index("ux_anonymization_requests_target")

    op.drop_table("anonymization_requests")
    op.drop_table("agent_presence")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_time")
        batch_op.drop_index("ix_activity_conversation")

    op.drop_table("activity")
    _drop_sequences()


def _create_sequences() -> None:
    """PostgreSQL gets real sequences; SQLite counts in id_sequences (its adapter)."""
    if op.get_bind().dialect.name == "postgresql":
        for name in SEQUENCES:
            op.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")


def _drop_sequences() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in SEQUENCES:
            op.execute(f"DROP SEQUENCE IF EXISTS {name}")
