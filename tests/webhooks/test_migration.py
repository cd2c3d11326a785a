"""Revision 0010 on a store holding data written before it, on both stores: TokenAuth
subscriptions gain the ``Bearer`` prefix and get empty custom headers, and activity
entries take Dixa's names and shapes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fixtures.harness import run_sql
from parley.store.migrate import upgrade

BEFORE = "0008"  # the revision before this one


def test_data_written_before_is_converted(empty_store: str) -> None:
    upgrade(empty_store, BEFORE)
    org, user, msg, att = (str(uuid.uuid4()) for _ in range(4))
    old = [
        ("ConversationCustomAttributeUpdated", {"id": "d1", "identifier": "x", "value": "v"}),
        ("ConversationLinked", {"parentId": 7, "linkType": "FollowUp"}),
        ("MessageAnonymized", {"messageId": msg, "requestId": "r1"}),
        ("TagAdded", {"tag": "vip"}),
    ]
    inserts: list[tuple[str, dict[str, Any]]] = [
        (
            "INSERT INTO activity (org_id, seq, id, conversation_id, type, activity_at, "
            "author_id, attributes) VALUES (:org, :seq, :id, 9, :type, 1, NULL, :attrs)",
            {"org": org, "seq": seq, "id": str(uuid.uuid4()), "type": t, "attrs": json.dumps(a)},
        )
        for seq, (t, a) in enumerate(old, start=1)
    ]
    inserts.append(
        (
            "INSERT INTO attachments (org_id, id, message_id, size, created_at, deleted_at) "
            "VALUES (:org, :id, :mid, 10, 1, 2)",
            {"org": org, "id": att, "mid": msg},
        )
    )
    for auth_type, header in (("TokenAuth", "tok"), ("BasicAuth", "Basic eA=="), ("NoAuth", None)):
        inserts.append(
            (
                "INSERT INTO webhook_subscriptions (org_id, id, name, url, enabled, events, "
                "auth_type, auth_header, secret_key, created_at, created_by, updated_at, "
                "updated_by) VALUES (:org, :id, :name, 'https://example.com', TRUE, '[]', "
                ":type, :header, 'ab', 1, :user, 1, :user)",
                {
                    "org": org,
                    "id": str(uuid.uuid4()),
                    "name": auth_type,
                    "type": auth_type,
                    "header": header,
                    "user": user,
                },
            )
        )
    run_sql(empty_store, inserts, "")
    upgrade(empty_store)
    subs = run_sql(
        empty_store,
        [],
        "SELECT auth_type, auth_header, custom_headers, filters "
        "FROM webhook_subscriptions ORDER BY auth_type",
    )
    assert subs == [
        ("BasicAuth", "Basic eA==", "{}", None),
        ("NoAuth", None, "{}", None),
        ("TokenAuth", "Bearer tok", "{}", None),
    ]
    rows = run_sql(empty_store, [], "SELECT type, attributes FROM activity ORDER BY seq")
    assert [(t, json.loads(a)) for t, a in rows] == [
        (
            "ConversationCustomAttributesUpdated",
            {"updatedAttributeIds": ["d1"], "updatedAttributeValues": {"d1": "v"}},
        ),
        ("ConversationLinkedToParent", {"child": 9, "parent": 7, "linkType": "FollowUp"}),
        (
            "ConversationMessageRedacted",
            {
                "messageId": msg,
                "wasTextRedacted": True,
                "numberOfDeletedFiles": 1,
                "requestId": "r1",
            },
        ),
        ("TagAdded", {"tag": "vip"}),
    ]
