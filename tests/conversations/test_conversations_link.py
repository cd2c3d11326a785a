from __future__ import annotations

from fixtures.builders import chat_conversation, create_end_user, email_conversation
from fixtures.conversations import children_of_children, link, overtaken_link
from fixtures.harness import Api, Harness
from fixtures.races import at_once


def test_link_and_list_children(harness: Harness, api: Api) -> None:
    parent = email_conversation(api)
    a = chat_conversation(api)
    b = chat_conversation(api)
    r = link(api, a, parent)
    assert r.status_code == 204 and r.content == b""  # type: ignore[attr-defined]
    assert link(api, b, parent, "FollowUp").status_code == 204  # type: ignore[attr-defined]
    rel = chat_conversation(api)
    assert link(api, rel, parent, "Related").status_code == 204  # type: ignore[attr-defined]
    related = api.get(f"/v1/conversations/{rel}").json()["data"]["link"]
    assert related == {"parentId": parent, "_type": "Related"}  # Dixa's input value
    conv = api.get(f"/v1/conversations/{a}").json()["data"]
    assert conv["link"] == {"parentId": parent, "_type": "SideConversation"}
    children = api.get(f"/v1/conversations/{parent}/linked").json()["data"]
    assert [c["id"] for c in children] == [a, b, rel]
    assert children[1]["link"]["_type"] == "FollowUp"
    assert api.get(f"/v1/conversations/{a}/linked").json()["data"] == []
    # linking again to the same parent changes only the type
    assert link(api, a, parent, "EmailForward").status_code == 204  # type: ignore[attr-defined]
    assert api.get(f"/v1/conversations/{a}").json()["data"]["link"]["_type"] == "EmailForward"
    assert "link" not in api.get(f"/v1/conversations/{parent}").json()["data"]
    # every change is in the child's activity log (with its event) and in the parent's
    log = api.get(f"/v1/conversations/{a}/activitylog").json()["data"]
    linked = [e for e in log if e["_type"] == "ConversationLinkedToParent"]
    assert [e["attributes"]["linkType"] for e in linked] == ["SideConversation", "EmailForward"]
    assert all((e["attributes"]["child"], e["attributes"]["parent"]) == (a, parent) for e in linked)
    assert linked[0]["author"]["id"] == api.org.admin_user_id
    parent_log = api.get(f"/v1/conversations/{parent}/activitylog").json()["data"]
    from_child = [
        (e["attributes"]["child"], e["attributes"]["linkType"])
        for e in parent_log
        if e["_type"] == "ConversationLinkedFromChild"
    ]
    assert from_child == [
        (a, "SideConversation"),
        (b, "FollowUp"),
        (rel, "Related"),
        (a, "EmailForward"),
    ]
    assert link(api, a, parent, "EmailForward").status_code == 204  # type: ignore[attr-defined]
    events = harness.fetch(
        "SELECT COUNT(*) FROM events WHERE org_id = :o AND conversation_id = :c "
        "AND fqn = 'CONVERSATION_LINKED'",
        {"o": api.org.id, "c": a},
    )
    assert events[0][0] == 2  # linking again with the same type changes nothing


def test_link_rules(harness: Harness, api: Api, other_api: Api) -> None:
    parent = chat_conversation(api)
    child = chat_conversation(api)
    other_parent = chat_conversation(api)
    assert link(api, child, parent).status_code == 204  # type: ignore[attr-defined]

    def bad(c: int, p: int, reason: str, kind: str = "SideConversation") -> None:
        r = link(api, c, p, kind)
        assert r.status_code == 400, r.text  # type: ignore[attr-defined]
        assert r.json()["message"] == "Invalid value for: body, " + reason  # type: ignore[attr-defined]

    bad(parent, parent, "a conversation cannot be linked to itself")
    bad(child, other_parent, "the conversation is already linked to another parent")
    bad(other_parent, child, "the parent is itself a linked conversation")
    bad(parent, other_parent, "a conversation with linked conversations cannot become a child")
    bad(other_parent, parent + 100000, "parentId is not a conversation of the organisation")
    foreign = chat_conversation(other_api, requesterId=create_end_user(other_api))
    bad(other_parent, foreign, "parentId is not a conversation of the organisation")
    r = link(api, other_parent, parent, "Sibling")
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert api.get(f"/v1/conversations/{other_parent}").json()["data"].get("link") is None


def test_at_most_100_children(harness: Harness, api: Api) -> None:
    parent = chat_conversation(api)
    requester = create_end_user(api)
    child = chat_conversation(api, requesterId=requester)

    async def fill() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "UPDATE conversations SET link_parent_id = :p, link_type = 'SideConversation' "
                "WHERE org_id = :o AND id = :c",
                {"p": parent, "o": api.org.id, "c": child},
            )
            for _ in range(99):
                cid = await tx.next_id("conversation_id")
                await tx.execute(
                    "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
                    "requester_id, link_parent_id, link_type, created_at, updated_at) "
                    "VALUES (:o, :id, 'ChatConversation', 'WidgetChat', 'Inbound', 'Open', :r, "
                    ":p, 'SideConversation', 1, 1)",
                    {"o": api.org.id, "id": cid, "r": requester, "p": parent},
                )

    harness.call(fill)
    extra = chat_conversation(api, requesterId=requester)
    r = link(api, extra, parent)
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert r.json()["message"] == (  # type: ignore[attr-defined]
        "Invalid value for: body, the parent already has 100 linked conversations"
    )
    assert len(api.get(f"/v1/conversations/{parent}/linked").json()["data"]) == 100


def test_link_errors_and_other_org(harness: Harness, api: Api, other_api: Api) -> None:
    parent = chat_conversation(api)
    child = chat_conversation(api)
    assert link(other_api, child, parent).status_code == 404  # type: ignore[attr-defined]
    assert other_api.get(f"/v1/conversations/{parent}/linked").status_code == 404
    assert api.get("/v1/conversations/x/linked").json() == {
        "message": "Invalid value for: path parameter conversationId"
    }
    r = api.put(
        "/v1/conversations/x/link", json={"parentId": parent, "linkType": "SideConversation"}
    )
    assert r.json() == {"message": "Invalid value for: path parameter conversationId"}
    r = api.put(f"/v1/conversations/{child}/link", json={"linkType": "SideConversation"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert api.get(f"/v1/conversations/{child + 100000}/linked").status_code == 404


# ---- races: a child never gets children (PostgreSQL; SQLite writes are exclusive) -------


def test_link_under_a_parent_that_becomes_a_child_meanwhile(harness: Harness, api: Api) -> None:
    a, b, c = (chat_conversation(api) for _ in range(3))
    # B <- A commits while C <- B waits: B is now a child and cannot take C
    r = overtaken_link(harness, api, (b, a), (c, b))
    assert r.status_code == 400, r.text
    assert (
        r.json()["message"] == "Invalid value for: body, the parent is itself a linked conversation"
    )
    assert api.get(f"/v1/conversations/{c}").json()["data"].get("link") is None
    assert children_of_children(harness, api) == 0


def test_link_of_a_parent_that_gets_a_child_meanwhile(harness: Harness, api: Api) -> None:
    a, b, c = (chat_conversation(api) for _ in range(3))
    # C <- B commits while B <- A waits: B now has a child and cannot become one
    r = overtaken_link(harness, api, (c, b), (b, a))
    assert r.status_code == 400, r.text
    assert r.json()["message"] == (
        "Invalid value for: body, a conversation with linked conversations cannot become a child"
    )
    assert api.get(f"/v1/conversations/{b}").json()["data"].get("link") is None
    assert children_of_children(harness, api) == 0


def test_simultaneous_chain_links_leave_no_grandchild(harness: Harness, api: Api) -> None:
    for _ in range(3):
        a, b, c = (chat_conversation(api) for _ in range(3))
        results = at_once([lambda a=a, b=b: link(api, b, a), lambda b=b, c=c: link(api, c, b)])
        assert sorted(r.status_code for r in results) == [204, 400], [r.text for r in results]
        assert children_of_children(harness, api) == 0
