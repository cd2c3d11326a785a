"""The tables of the organisation profile, templates and business-hours schedules, and the
index that orders a queue's waiting conversations."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, PrimaryKeyConstraint, String, Table, Text, text

from parley.store.schema_base import metadata
from parley.store.schema_base import org_column as _org
from parley.store.schema_base import time_column as _ts

# What Dixa's GET /v1/organization returns beyond the name; an organisation without a
# row has the defaults (subdomain from its name, Active, no avatar).
organization_profiles = Table(
    "organization_profiles",
    metadata,
    _org(),
    Column("subdomain", Text, nullable=False),
    Column("status", String(16), nullable=False),  # Active | Suspended
    Column("avatar_url", Text, nullable=True),
    _ts("updated_at", False),
    Column("updated_by", String(36), nullable=False),
    PrimaryKeyConstraint("org_id"),
)

# Templates (Dixa: Templates). ``translations`` is a JSON list of
# {locale, content, isDeactivated, subject?}.
templates = Table(
    "templates",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("type", String(16), nullable=False),  # QuickResponse | EmailAutoReply
    Column("name", Text, nullable=False),
    Column("subject", Text, nullable=True),
    Column("content", Text, nullable=False),
    Column("translations", Text, nullable=False, server_default="[]"),
    _ts("created_at", False),
    Column("created_by", String(36), nullable=False),
    _ts("updated_at"),
    Column("updated_by", String(36), nullable=True),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_templates_created", "org_id", "created_at", "id"),
    Index("ix_templates_type", "org_id", "type", "created_at", "id"),
)

# Business-hours schedules. ``weekly`` is a JSON list of {dayOfWeek, intervals}; ``exceptions``
# a JSON list of {name, type, status, intervals, date, recurring?}; ``starts_on`` the first
# local date the weekly hours apply (yyyy-mm-dd).
business_hours_schedules = Table(
    "business_hours_schedules",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("name", Text, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("starts_on", String(10), nullable=False),
    Column("weekly", Text, nullable=False, server_default="[]"),
    Column("exceptions", Text, nullable=False, server_default="[]"),
    _ts("created_at", False),
    _ts("updated_at", False),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_business_hours_schedules_created", "org_id", "created_at", "id"),
)

# Knowledge base: collections hold categories (nested by ``parent_id``); an article sits in
# one category or none (the default location). ``titles`` is a JSON list of
# {languageId, title}; ``tags`` a JSON list of tag ids. ``restricted``: internal, not shown
# in the public help centre (nor is anything under it).
kb_collections = Table(
    "kb_collections",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=True),
    Column("internal_kb_enabled", Boolean, nullable=False),
    _ts("created_at", False),
    Column("restricted", Boolean, nullable=False, server_default=text("false")),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_kb_collections_created", "org_id", "created_at", "id"),
)

kb_categories = Table(
    "kb_categories",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("collection_id", String(36), nullable=False),
    Column("parent_id", String(36), nullable=True),
    Column("titles", Text, nullable=False, server_default="[]"),
    _ts("created_at", False),
    Column("restricted", Boolean, nullable=False, server_default=text("false")),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_kb_categories_collection", "org_id", "collection_id", "created_at", "id"),
)

kb_articles = Table(
    "kb_articles",
    metadata,
    _org(),
    Column("id", String(36), nullable=False),
    Column("category_id", String(36), nullable=True),
    Column("tags", Text, nullable=False, server_default="[]"),
    Column("pre_release", Boolean, nullable=False),
    Column("owned_by", String(36), nullable=True),
    _ts("created_at", False),
    Column("created_by", String(36), nullable=False),
    _ts("updated_at", False),
    Column("updated_by", String(36), nullable=False),
    _ts("indexed_at"),
    Column("indexed_by", String(36), nullable=True),
    Column("restricted", Boolean, nullable=False, server_default=text("false")),
    PrimaryKeyConstraint("org_id", "id"),
    Index("ix_kb_articles_category", "org_id", "category_id", "created_at", "id"),
)

# One row per article and language: the draft, and the published version (NULL columns
# when the language is not published).
kb_translations = Table(
    "kb_translations",
    metadata,
    _org(),
    Column("article_id", String(36), nullable=False),
    Column("language", String(35), nullable=False),
    Column("title", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("plaintext", Text, nullable=False),
    _ts("created_at", False),
    Column("created_by", String(36), nullable=False),
    _ts("updated_at", False),
    Column("updated_by", String(36), nullable=False),
    Column("published_title", Text, nullable=True),
    Column("published_html", Text, nullable=True),
    Column("published_plaintext", Text, nullable=True),
    _ts("published_at"),
    Column("published_by", String(36), nullable=True),
    PrimaryKeyConstraint("org_id", "article_id", "language"),
)
