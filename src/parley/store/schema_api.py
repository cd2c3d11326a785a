"""The tables of the organisation profile, templates and business-hours schedules, and the
index that orders a queue's waiting conversations."""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import authored_columns as _authored
from parley.store.schema_base import flag_column as _flag
from parley.store.schema_base import json_column as _json
from parley.store.schema_base import org_table, record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# What Dixa's GET /v1/organization returns beyond the name; an organisation without a
# row has the defaults (subdomain from its name, Active, no avatar).
organization_profiles = org_table(
    "organization_profiles",
    sa.Column("subdomain", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # Active | Suspended
    sa.Column("avatar_url", sa.Text, nullable=True),
    _ts("updated_at", False),
    _uuid("updated_by"),
    key=(),
)

# Templates (Dixa: Templates). ``translations`` is a JSON list of
# {locale, content, isDeactivated, subject?}.
templates = record_table(
    "templates",
    sa.Column("type", sa.String(16), nullable=False),  # QuickResponse | EmailAutoReply
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("content", sa.Text, nullable=False),
    _json("translations"),
    *_authored(True),
    sa.Index("ix_templates_type", "org_id", "type", "created_at", "id"),
    listed=True,
)

# Business-hours schedules. ``weekly`` is a JSON list of {dayOfWeek, intervals}; ``exceptions``
# a JSON list of {name, type, status, intervals, date, recurring?}; ``starts_on`` the first
# local date the weekly hours apply (yyyy-mm-dd).
business_hours_schedules = record_table(
    "business_hours_schedules",
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("timezone", sa.Text, nullable=False),
    sa.Column("starts_on", sa.String(10), nullable=False),
    _json("weekly"),
    _json("exceptions"),
    _ts("created_at", False),
    _ts("updated_at", False),
    listed=True,
)

# Knowledge base: collections hold categories (nested by ``parent_id``); an article sits in
# one category or none (the default location). ``titles`` is a JSON list of
# {languageId, title}; ``tags`` a JSON list of tag ids. ``restricted``: internal, not shown
# in the public help centre (nor is anything under it).
kb_collections = record_table(
    "kb_collections",
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("internal_kb_enabled", sa.Boolean, nullable=False),
    _ts("created_at", False),
    _flag("restricted"),
    listed=True,
)

kb_categories = record_table(
    "kb_categories",
    _uuid("collection_id"),
    _uuid("parent_id", True),
    _json("titles"),
    _ts("created_at", False),
    _flag("restricted"),
    sa.Index("ix_kb_categories_collection", "org_id", "collection_id", "created_at", "id"),
)

kb_articles = record_table(
    "kb_articles",
    _uuid("category_id", True),
    _json("tags"),
    sa.Column("pre_release", sa.Boolean, nullable=False),
    _uuid("owned_by", True),
    *_authored(),
    _ts("indexed_at"),
    _uuid("indexed_by", True),
    _flag("restricted"),
    sa.Index("ix_kb_articles_category", "org_id", "category_id", "created_at", "id"),
)

# One row per article and language: the draft, and the published version (NULL columns
# when the language is not published).
kb_translations = org_table(
    "kb_translations",
    _uuid("article_id"),
    sa.Column("language", sa.String(35), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("plaintext", sa.Text, nullable=False),
    *_authored(),
    sa.Column("published_title", sa.Text, nullable=True),
    sa.Column("published_html", sa.Text, nullable=True),
    sa.Column("published_plaintext", sa.Text, nullable=True),
    _ts("published_at"),
    _uuid("published_by", True),
    key=("article_id", "language"),
)
