"""Revision 0020 on a store holding imported conversations written before it, on both
stores: a channel outside Dixa's enum becomes the Dixa channel it names (without regard
to case), else WidgetChat, and the name as given stays in ``generic_channel_name``;
conversations of other types and channels already in the enum are left alone."""

from __future__ import annotations

import uuid

from fixtures.harness import run_sql
from parley.store.migrate import upgrade

BEFORE = "0009"  # the revision before this one


def test_imported_channels_become_dixas(empty_store: str) -> None:
    upgrade(empty_store, BEFORE)
    org, requester = str(uuid.uuid4()), str(uuid.uuid4())
    rows = [  # (id, type, channel, generic_channel_name)
        (1, "GenericConversation", "MyCustomChat", "MyCustomChat"),
        (2, "GenericConversation", "messenger", None),
        (3, "GenericConversation", "Email", "email"),
        (4, "GenericConversation", "genericapimessaging", "genericapimessaging"),
        (5, "EmailConversation", "Email", None),
    ]
    inserts = [
        (
            "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
            "requester_id, generic_channel_name, created_at, updated_at) VALUES (:org, :id, "
            ":type, :channel, 'Inbound', 'Open', :requester, :name, 1, 1)",
            {
                "org": org,
                "id": cid,
                "type": type_,
                "channel": channel,
                "requester": requester,
                "name": name,
            },
        )
        for cid, type_, channel, name in rows
    ]
    run_sql(empty_store, inserts, "")
    upgrade(empty_store)
    got = run_sql(
        empty_store, [], "SELECT id, channel, generic_channel_name FROM conversations ORDER BY id"
    )
    assert got == [
        (1, "WidgetChat", "MyCustomChat"),
        (2, "Messenger", "messenger"),
        (3, "Email", "email"),
        (4, "WidgetChat", "genericapimessaging"),
        (5, "Email", None),
    ]
