"""An anonymized conversation and the writes that name it from elsewhere: it takes no
children (``PUT …/link`` with it as parent), deleting a tag writes no TagRemoved on it,
and its own ConversationLinkedToParent entries keep their typed attributes (ids and a type are
not personal data)."""

from __future__ import annotations

from fixtures.anonymization import anonymize_now, link_as_child
from fixtures.builders import email_conversation
from fixtures.harness import Api, Harness
from fixtures.reads import activity_types, event_names

ANONYMIZED = {"message": "The conversation is anonymized"}


def test_an_anonymized_parent_takes_no_link(harness: Harness, api: Api) -> None:
    parent = email_conversation(api)
    linked = email_conversation(api)
    assert link_as_child(api, linked, parent).status_code == 204
    anonymize_now(harness, api, parent)
    child = email_conversation(api)
    log_child = activity_types(harness, child, api.org.id)
    log_linked = activity_types(harness, linked, api.org.id)

    r = link_as_child(api, child, parent)
    assert r.status_code == 400 and r.json() == ANONYMIZED
    # relinking a child it already has (another type) is a change naming it too
    r = link_as_child(api, linked, parent, "FollowUp")
    assert r.status_code == 400 and r.json() == ANONYMIZED

    assert activity_types(harness, child, api.org.id) == log_child
    assert activity_types(harness, linked, api.org.id) == log_linked
    assert api.get(f"/v1/conversations/{child}").json()["data"].get("link") is None
    link = api.get(f"/v1/conversations/{linked}").json()["data"]["link"]
    assert link == {"_type": "SideConversation", "parentId": parent}
    children = api.get(f"/v1/conversations/{parent}/linked").json()["data"]
    assert [c["id"] for c in children] == [linked]


def test_anonymization_keeps_the_link_entries(harness: Harness, api: Api) -> None:
    parent = email_conversation(api)
    child = email_conversation(api)
    assert link_as_child(api, child, parent).status_code == 204
    assert link_as_child(api, child, parent, "EmailForward").status_code == 204
    anonymize_now(harness, api, child)
    log = api.get(f"/v1/conversations/{child}/activitylog").json()["data"]
    assert "ConversationAnonymized" in [e["_type"] for e in log]
    linked = [e["attributes"] for e in log if e["_type"] == "ConversationLinkedToParent"]
    assert linked == [
        {"_type": "ConversationLinkAttribute", "child": child, "parent": parent, "linkType": kind}
        for kind in ("SideConversation", "EmailForward")
    ]


def test_deleting_a_tag_writes_nothing_on_an_anonymized_conversation(
    harness: Harness, api: Api
) -> None:
    anonymized, live = email_conversation(api), email_conversation(api)
    tag = api.post("/v1/tags", json={"name": "doomed"}).json()["data"]
    for cid in (anonymized, live):
        assert api.put(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code == 204
    anonymize_now(harness, api, anonymized)
    log = activity_types(harness, anonymized, api.org.id)
    events = event_names(harness, anonymized, api.org.id)
    updated = harness.fetch(
        "SELECT updated_at FROM conversations WHERE org_id = :o AND id = :c",
        {"o": api.org.id, "c": anonymized},
    )

    assert api.delete(f"/v1/tags/{tag['id']}").status_code == 204
    assert api.get(f"/v1/tags/{tag['id']}").status_code == 404
    # the tag is gone from both; only the live conversation logs it
    for cid in (anonymized, live):
        assert api.get(f"/v1/conversations/{cid}/tags").json()["data"] == []
    assert activity_types(harness, anonymized, api.org.id) == log
    assert event_names(harness, anonymized, api.org.id) == events
    assert (
        harness.fetch(
            "SELECT updated_at FROM conversations WHERE org_id = :o AND id = :c",
            {"o": api.org.id, "c": anonymized},
        )
        == updated
    )
    assert activity_types(harness, live, api.org.id)[-1] == "TagRemoved"
    assert event_names(harness, live, api.org.id)[-1] == "CONVERSATION_TAG_REMOVED"
