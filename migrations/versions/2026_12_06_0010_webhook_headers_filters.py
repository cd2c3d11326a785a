"""webhook subscriptions: custom headers and filters; TokenAuth sends a bearer token;
activity entries under Dixa's names

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 00:10:00

``custom_headers`` (a JSON object of header names to values) and ``filters`` (Dixa's
filters as given, JSON, or NULL) are stored with the subscription. A TokenAuth
subscription sends ``Authorization: Bearer <value>`` as Dixa does, so the stored header of
the existing ones gains the ``Bearer`` prefix.

Activity entries written before take Dixa's names and shapes: ConversationCustomAttribute
Updated ``{id, value, …}`` becomes ConversationCustomAttributesUpdated
``{updatedAttributeIds, updatedAttributeValues}``; ConversationLinked ``{parentId,
linkType}`` becomes ConversationLinkedToParent ``{child, parent, linkType}`` (the parent's
ConversationLinkedFromChild entries are written from now on only); MessageAnonymized
becomes ConversationMessageRedacted with ``numberOfDeletedFiles`` counted from the
attachments deleted, and ``wasTextRedacted`` true (what the text was is gone). A downgrade
keeps the entries as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
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
    _rename_activity()


Reshape = Callable[[Any, str, int, dict[str, Any]], dict[str, Any]]


def _custom_attribute(_bind: Any, _org: str, _cid: int, old: dict[str, Any]) -> dict[str, Any]:
    key = str(old.get("id", ""))
    return {"updatedAttributeIds": [key], "updatedAttributeValues": {key: old.get("value")}}


def _linked(_bind: Any, _org: str, cid: int, old: dict[str, Any]) -> dict[str, Any]:
    return {"child": cid, "parent": old.get("parentId"), "linkType": old.get("linkType")}


def _redacted(bind: Any, org_id: str, _cid: int, old: dict[str, Any]) -> dict[str, Any]:
    deleted = bind.execute(
        sa.text(
            "SELECT COUNT(*) FROM attachments WHERE org_id = :org AND message_id = :mid "
            "AND deleted_at IS NOT NULL"
        ),
        {"org": org_id, "mid": old.get("messageId")},
    ).scalar()
    out = {"messageId": old.get("messageId"), "wasTextRedacted": True}
    out["numberOfDeletedFiles"] = int(deleted or 0)
    if "requestId" in old:
        out["requestId"] = old["requestId"]
    return out


RENAMED: dict[str, tuple[str, Reshape]] = {
    "ConversationCustomAttributeUpdated": (
        "ConversationCustomAttributesUpdated",
        _custom_attribute,
    ),
    "ConversationLinked": ("ConversationLinkedToParent", _linked),
    "MessageAnonymized": ("ConversationMessageRedacted", _redacted),
}


def _rename_activity() -> None:
    bind = op.get_bind()
    for old_type, (new_type, reshape) in RENAMED.items():
        rows = bind.execute(
            sa.text(
                "SELECT org_id, seq, conversation_id, attributes FROM activity WHERE type = :t"
            ),
            {"t": old_type},
        ).fetchall()
        for org_id, seq, cid, attributes in rows:
            try:
                old = json.loads(attributes or "{}")
            except ValueError:
                old = {}
            new = reshape(bind, str(org_id), int(cid), old if isinstance(old, dict) else {})
            bind.execute(
                sa.text(
                    "UPDATE activity SET type = :t, attributes = :a "
                    "WHERE org_id = :org AND seq = :seq"
                ),
                {"t": new_type, "a": json.dumps(new), "org": org_id, "seq": seq},
            )


def downgrade() -> None:
    op.execute(
        "UPDATE webhook_subscriptions SET auth_header = SUBSTR(auth_header, 8) "
        "WHERE auth_type = 'TokenAuth' AND auth_header LIKE 'Bearer %'"
    )
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.drop_column("filters")
        batch.drop_column("custom_headers")
