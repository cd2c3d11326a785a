"""The tables of the organisation profile, templates and business-hours schedules, and the
index that orders a queue's waiting conversations."""

from __future__ import annotations

from sqlalchemy import Column, Index, PrimaryKeyConstraint, String, Table, Text

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
