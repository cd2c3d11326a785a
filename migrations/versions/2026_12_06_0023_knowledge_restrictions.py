"""knowledge base restrictions: collections, categories and articles can be restricted

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-06 06:30:00

A restricted collection, category or article is internal: the API (agents) reads it, the
public help centre does not show it, nor anything under it (a category's sub-categories
and articles, a collection's categories). Dixa reports the state as ``restrictions``
(``isRestricted``, ``inheritedRestrictions``); Parley sets it through its own extension
routes (``PUT /v1/knowledge/…/{id}/restrictions``). Everything existing stays
unrestricted.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("kb_collections", "kb_categories", "kb_articles")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "restricted", sa.Boolean(), nullable=False, server_default=sa.text("(false)")
                )
            )


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("restricted")
