"""webhook subscriptions: custom headers and filters; TokenAuth sends a bearer token

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-06 00:10:00

``custom_headers`` (a JSON object of header names to values) and ``filters`` (Dixa's
filters as given, JSON, or NULL) are stored with the subscription. A TokenAuth
subscription sends ``Authorization: Bearer <value>`` as Dixa does, so the stored header of
the existing ones gains the ``Bearer`` prefix.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.add_column(sa.Column("custom_headers", sa.Text, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("filters", sa.Text, nullable=True))
    op.execute(
        "UPDATE webhook_subscriptions SET auth_header = 'Bearer ' || auth_header "
        "WHERE auth_type = 'TokenAuth' AND auth_header IS NOT NULL"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE webhook_subscriptions SET auth_header = SUBSTR(auth_header, 8) "
        "WHERE auth_type = 'TokenAuth' AND auth_header LIKE 'Bearer %'"
    )
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.drop_column("filters")
        batch.drop_column("custom_headers")
