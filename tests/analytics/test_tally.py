"""The analytics tallies stay equal to a fresh recomputation whatever door a change comes
through (API, import, bulk tag removal, a worker's job, the desk), on both stores, and the
metrics read from them answer windows that do not fall on whole hours."""

from __future__ import annotations

import time
from collections import Counter

from fixtures.analytics import created_count, tallies_match
from fixtures.builders import (
    create_agent,
    create_end_user,
    create_queue,
    create_tag,
    email_conversation,
    inbound,
    iso_in,
    outbound,
    text,
)
from fixtures.harness import Api, Harness
from fixtures.reads import activity_types, event_names, tallies
from fixtures.search import body_of
from parley.analytics import tally
from parley.journal.events import subscription_name, upper_snake


def test_api_changes_keep_tallies_equal_to_a_recomputation(harness: Harness, api: Api) -> None:
    agent, other = create_agent(api, "Ada"), create_agent(api, "Bob")
    user = create_end_user(api)
    queue = create_queue(api, "Billing")
    vip, late = create_tag(api, "vip"), create_tag(api, "late")
    cid = email_conversation(api, requesterId=user)
    assert tallies_match(harness, api) > 0
    body_of(api.put(f"/v1/conversations/{cid}/tags/{vip}"))
    body_of(api.put(f"/v1/conversations/{cid}/tags/{late}"))
    tallies_match(harness, api)
    body_of(api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue}))
    body_of(api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}))
    body_of(api.post(f"/v1/conversations/{cid}/messages", json=outbound(agent)))
    tallies_match(harness, api)
    offered = body_of(
        api.post(
            f"/v1/conversations/{cid}/ratings/offer",
            json={"userId": user, "agentId": agent, "ratingType": "Csat"},
        )
    )
    rating = offered["data"]["id"]
    body = {"userId": user, "ratingResult": {"_type": "Csat", "value": 5}}
    body_of(api.post(f"/v1/conversations/{cid}/ratings/{rating}/submit", json=body))
    body_of(api.put(f"/v1/conversations/{cid}/close", json={}))
    tallies_match(harness, api)
    body_of(api.put(f"/v1/conversations/{cid}/reopen"))
    body_of(api.put(f"/v1/conversations/{cid}/claim", json={"agentId": other, "force": True}))
    body_of(api.delete(f"/v1/conversations/{cid}/tags/{late}"))
    body_of(api.put(f"/v1/conversations/{cid}/close", json={}))
    kinds = {r[1] for r in tallies(harness, api.org.id)[0] if r[0] == "fact"}
    assert kinds == {"created", "closed", "rating", "first_response", "resolution", "assignment"}
    tallies_match(harness, api)
    # a message from the customer reopens the closed conversation: its closing facts go
    body_of(api.post(f"/v1/conversations/{cid}/messages", json=inbound("One more thing")))
    kinds = {r[1] for r in tallies(harness, api.org.id)[0] if r[0] == "fact"}
    assert "closed" not in kinds and "resolution" not in kinds
    tallies_match(harness, api)
    # deleting a tag removes it from every conversation at once
    body_of(api.delete(f"/v1/tags/{vip}"))
    stored = tallies_match(harness, api)
    assert stored and not [r for r in tallies(harness, api.org.id)[0] if vip in r]


def test_imports_and_jobs_keep_tallies_equal(harness: Harness, api: Api) -> None:
    agent = create_agent(api, "Ada")
    user = create_end_user(api)
    body = {
        "_type": "GenericConversationImport",
        "genericChannelName": "email",
        "requesterId": user,
        "direction": "Inbound",
        "createdAt": "2026-03-02T09:00:00Z",
        "messages": [
            {"_type": "InboundImport", "content": text("hi"), "createdAt": "2026-03-02T09:00:00Z"},
            {
                "_type": "OutboundImport",
                "agentId": agent,
                "content": text("hello"),
                "createdAt": "2026-03-02T09:07:00Z",
            },
        ],
        "assignment": {"agentId": agent, "assignedAt": "2026-03-02T09:00:00Z"},
        "closing": {"closedAt": "2026-03-02T10:00:00Z", "closedBy": agent},
    }
    body_of(api.post("/v1/conversations/import", json=body))
    tallies_match(harness, api)
    # a follow-up that expires reopens its conversation in a worker's job
    cid = email_conversation(api, requesterId=user)
    body_of(api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": iso_in(1.0)}))
    # a change behind the journal's back leaves the tallies stale until the job's
    # transaction, which records on the conversation, refreshes them
    harness.execute(
        "UPDATE conversations SET direction = 'Outbound' WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": cid},
    )
    stored, fresh = tallies(harness, api.org.id)
    assert stored != fresh
    time.sleep(1.2)
    assert harness.run_jobs() >= 1
    tallies_match(harness, api)


def test_windows_off_the_hour_and_several_tags(harness: Harness, api: Api) -> None:
    user = create_end_user(api)
    tags = [create_tag(api, "a"), create_tag(api, "b")]
    times = ["2026-03-02T09:05:00Z", "2026-03-02T09:40:00Z", "2026-03-02T11:00:00Z",
             "2026-03-02T12:59:59Z", "2026-03-02T13:00:00Z"]  # fmt: skip
    cids = []
    for at in times:
        body = {
            "_type": "GenericConversationImport",
            "genericChannelName": "email",
            "requesterId": user,
            "direction": "Inbound",
            "createdAt": at,
            "messages": [{"_type": "InboundImport", "content": text("hi"), "createdAt": at}],
        }
        cids.append(body_of(api.post("/v1/conversations/import", json=body))["data"]["id"])
    for cid in cids[:3]:
        body_of(api.put(f"/v1/conversations/{cid}/tags/{tags[0]}"))
    for cid in cids[1:4]:
        body_of(api.put(f"/v1/conversations/{cid}/tags/{tags[1]}"))
    window = {"_type": "Interval", "start": "2026-03-02T09:30:00Z", "end": "2026-03-02T13:00:00Z"}
    assert created_count(api, window) == 3  # 09:40 and 11:00 and 12:59:59
    inside = {"_type": "Interval", "start": "2026-03-02T09:10:00Z", "end": "2026-03-02T09:50:00Z"}
    assert created_count(api, inside) == 1
    either = {"attribute": "tag_id", "values": tags}
    assert created_count(api, window, either) == 3  # counted once though two tags match
    assert created_count(api, window, {"attribute": "tag_id", "values": [tags[0]]}) == 2
    whole = {"_type": "Interval", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T14:00:00Z"}
    assert created_count(api, whole, either) == 4
    assert created_count(api, whole, {"attribute": "tag_id", "values": [tags[1]]}) == 3
    tallies_match(harness, api)


def test_changes_declared_unchanged_change_no_fact(harness: Harness, api: Api) -> None:
    """Every change ``tally.UNCHANGED`` names (the journal marks no conversation for it)
    is made here to a conversation with every kind of fact (a customer's message, which
    would reopen a closed one, to an open one that is assigned and answered), and the
    tallies still equal a recomputation: one that did change a fact would leave them stale."""
    agent = create_agent(api, "Ada")
    user = create_end_user(api)
    tag = create_tag(api, "vip")
    cid = email_conversation(api, requesterId=user)
    other = email_conversation(api, requesterId=user)
    body_of(api.put(f"/v1/conversations/{cid}/tags/{tag}"))
    body_of(api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agent}))
    body_of(api.post(f"/v1/conversations/{cid}/messages", json=outbound(agent)))
    offer = {"userId": user, "agentId": agent, "ratingType": "Csat"}
    rating = body_of(api.post(f"/v1/conversations/{cid}/ratings/offer", json=offer))
    body = {"userId": user, "ratingResult": {"_type": "Csat", "value": 4}}
    body_of(api.post(f"/v1/conversations/{cid}/ratings/{rating['data']['id']}/submit", json=body))
    body_of(api.put(f"/v1/conversations/{cid}/close", json={}))
    body_of(api.put(f"/v1/conversations/{other}/claim", json={"agentId": agent}))
    body_of(api.post(f"/v1/conversations/{other}/messages", json=outbound(agent)))
    before = tallies_match(harness, api)
    written = Counter(
        name
        for c in (cid, other)
        for name in activity_types(harness, c, api.org.id) + event_names(harness, c, api.org.id)
    )
    body_of(api.post(f"/v1/conversations/{cid}/notes", json={"message": "n", "agentId": agent}))
    body_of(api.post(f"/v1/conversations/{other}/messages", json=inbound("Any news?")))
    body_of(api.post(f"/v1/conversations/{cid}/ratings/offer", json=offer))
    attribute = {"entityType": "Conversation", "identifier": "order", "label": "Order",
                 "inputDefinition": {"_type": "Text"}}  # fmt: skip
    attribute_id = body_of(api.post("/v1/custom-attributes", json=attribute))["data"]["id"]
    body_of(api.patch(f"/v1/conversations/{cid}/custom-attributes", json={attribute_id: "ORD-1"}))
    body_of(
        api.put(f"/v1/conversations/{other}/link", json={"parentId": cid, "linkType": "FollowUp"})
    )
    assert tallies_match(harness, api) == before
    made = set(
        Counter(
            name
            for c in (cid, other)
            for name in activity_types(harness, c, api.org.id) + event_names(harness, c, api.org.id)
        )
        - written
    )
    # every change named unchanged was made above (as an activity type or an event)
    assert {n for n in tally.UNCHANGED if {n, upper_snake(subscription_name(n))} & made} == (
        tally.UNCHANGED
    )
