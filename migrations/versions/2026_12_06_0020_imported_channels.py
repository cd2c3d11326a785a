"""imported conversations' channel: one of Dixa's channel enum

Revision ID: 0020
Revises: 0017
Create Date: 2026-12-06 03:00:00

An imported conversation kept a ``genericChannelName`` that is none of Dixa's channels
(``MyCustomChat``, ``genericapimessaging``, ``messenger``) as its ``channel``. Its channel is
now the Dixa channel the name names (without regard to case), else WidgetChat; the name as
given stays in ``generic_channel_name``. Data only: no table changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANNELS = (
    "WhatsApp",
    "Voicemail",
    "WidgetChat",
    "FacebookMessenger",
    "Twitter",
    "Email",
    "ContactForm",
    "Callback",
    "PstnPhone",
    "Sms",
    "Messenger",
)


def upgrade() -> None:
    cases = " ".join(f"WHEN '{c.lower()}' THEN '{c}'" for c in _CHANNELS)
    listed = ", ".join(f"'{c}'" for c in _CHANNELS)
    op.execute(
        "UPDATE conversations SET generic_channel_name = COALESCE(generic_channel_name, "
        f"channel), channel = CASE lower(channel) {cases} "
        f"ELSE 'WidgetChat' END WHERE type = 'GenericConversation' AND channel NOT IN ({listed})"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE conversations SET channel = generic_channel_name "
        "WHERE type = 'GenericConversation' AND generic_channel_name IS NOT NULL "
        "AND lower(generic_channel_name) NOT IN ('email', 'widgetchat')"
    )
