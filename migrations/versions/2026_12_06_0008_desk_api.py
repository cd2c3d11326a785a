"""desk API: organization profile, templates, business hours, queue order, analytics

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-06 00:00:00

Tables, on both stores: ``organization_profiles`` (GET /v1/organization beyond the
name), ``templates`` (Dixa's Templates), ``business_hours_schedules`` (weekly hours and
exceptions in a time zone) and the knowledge base (``kb_collections``, ``kb_categories``,
``kb_articles``, ``kb_translations``). One index on ``conversations``: a queue's waiting conversations
in the order they were queued, for a conversation's position in its queue; two for
analytics: conversations by closing time, ratings by submission time, a conversation's
first outbound message.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The published articles' full-text index, in each store's own engine (hand-written,
# dialect-specific DDL outside the metadata, as the conversations' index of 0002): one row
# per published article and language. SQLite: FTS5 keeping its own copy of the text (for
# snippets), ``org_id``, ``article_id`` and ``language`` UNINDEXED (a query joins nothing:
# it filters on ``org_id`` after the match). PostgreSQL: a ``tsvector`` (title weighted
# above the text) with the ``parley_search`` configuration of 0002 and a GIN index (which,
# as there, cannot lead with ``org_id``).
KB_SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE search_kb USING fts5(
        title, text, org_id UNINDEXED, article_id UNINDEXED, language UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    "INSERT INTO search_kb (search_kb, rank) VALUES ('rank', 'bm25(3.0, 1.0)')",
]
KB_PG_UP = [
    """
    CREATE TABLE search_kb (
        org_id VARCHAR(36) NOT NULL,
        article_id VARCHAR(36) NOT NULL,
        language VARCHAR(35) NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        tsv TSVECTOR NOT NULL,
        PRIMARY KEY (org_id, article_id, language)
    )
    """,
    "CREATE INDEX ix_search_kb_tsv ON search_kb USING gin (tsv)",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for sql in KB_SQLITE_UP if sqlite else KB_PG_UP:
        op.execute(sql)
    op.create_table(
        "organization_profiles",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("subdomain", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("avatar_url", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("org_id"),
    )
    op.create_table(
        "templates",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("translations", sa.Text(), server_default="[]", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_index("ix_templates_created", "templates", ["org_id", "created_at", "id"])
    op.create_index("ix_templates_type", "templates", ["org_id", "type", "created_at", "id"])
    op.create_table(
        "business_hours_schedules",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.String(length=10), nullable=False),
        sa.Column("weekly", sa.Text(), server_default="[]", nullable=False),
        sa.Column("exceptions", sa.Text(), server_default="[]", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_index(
        "ix_business_hours_schedules_created",
        "business_hours_schedules",
        ["org_id", "created_at", "id"],
    )
    op.create_index(
        "ix_conversations_queue_order", "conversations", ["org_id", "queue_id", "queued_at", "id"]
    )
    _knowledge()
    op.create_index("ix_conversations_closed", "conversations", ["org_id", "closed_at"])
    op.create_index("ix_ratings_submitted", "ratings", ["org_id", "submitted_at"])
    op.create_index(
        "ix_messages_first_outbound",
        "messages",
        ["org_id", "conversation_id", "direction", "created_at"],
    )


def _knowledge() -> None:
    op.create_table(
        "kb_collections",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("internal_kb_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_index("ix_kb_collections_created", "kb_collections", ["org_id", "created_at", "id"])
    op.create_table(
        "kb_categories",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collection_id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("titles", sa.Text(), server_default="[]", nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_index(
        "ix_kb_categories_collection",
        "kb_categories",
        ["org_id", "collection_id", "created_at", "id"],
    )
    op.create_table(
        "kb_articles",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("category_id", sa.String(length=36), nullable=True),
        sa.Column("tags", sa.Text(), server_default="[]", nullable=False),
        sa.Column("pre_release", sa.Boolean(), nullable=False),
        sa.Column("owned_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("indexed_at", sa.BigInteger(), nullable=True),
        sa.Column("indexed_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "id"),
    )
    op.create_index(
        "ix_kb_articles_category", "kb_articles", ["org_id", "category_id", "created_at", "id"]
    )
    op.create_table(
        "kb_translations",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("plaintext", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("published_title", sa.Text(), nullable=True),
        sa.Column("published_html", sa.Text(), nullable=True),
        sa.Column("published_plaintext", sa.Text(), nullable=True),
        sa.Column("published_at", sa.BigInteger(), nullable=True),
        sa.Column("published_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("org_id", "article_id", "language"),
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_kb")
    for table in ("kb_translations", "kb_articles", "kb_categories", "kb_collections"):
        op.drop_table(table)
    op.drop_index("ix_messages_first_outbound", table_name="messages")
    op.drop_index("ix_ratings_submitted", table_name="ratings")
    op.drop_index("ix_conversations_closed", table_name="conversations")
    op.drop_index("ix_conversations_queue_order", table_name="conversations")
    op.drop_index("ix_business_hours_schedules_created", table_name="business_hours_schedules")
    op.drop_table("business_hours_schedules")
    op.drop_index("ix_templates_type", table_name="templates")
    op.drop_index("ix_templates_created", table_name="templates")
    op.drop_table("templates")
    op.drop_table("organization_profiles")
