"""The inbox's lists against the store: every view, alone and with each filter, walked page
by page, shows exactly the conversations its rules name, newest activity first (ties by
id), and the unassigned count per queue matches the conversations it counts."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.builders import chat_conversation, create_queue, create_tag, email_conversation
from fixtures.desk import Browser, DeskOrg, new_agent, unassigned_by_queue, walk_inbox
from fixtures.reads import inbox_truth
from parley.desk import inbox


def test_every_view_and_filter_pages_through_exactly_its_conversations(
    harness: Any, org: DeskOrg, agent: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, me = org.api, org.agent_id
    other, _ = new_agent(api, "Other Agent")
    alpha, beta = create_queue(api, "Alpha"), create_queue(api, "Beta")
    vip = create_tag(api, "vip")
    made = [email_conversation(api) if i % 3 else chat_conversation(api) for i in range(12)]
    pending = {"timestamp": "2999-01-01T00:00:00Z"}
    steps: list[tuple[str, dict[str, Any] | None]] = []
    for i, cid in enumerate(made):
        if i in (4, 5, 6, 10):
            steps.append((f"{cid}/transfer/queue", {"queueId": alpha if i != 6 else beta}))
        if i in (0, 1, 2, 3, 9, 11):
            steps.append((f"{cid}/claim", {"agentId": other if i == 3 else me}))
        if i in (1, 9):
            steps.append((f"{cid}/followup", pending))
        if i in (2, 7):
            steps.append((f"{cid}/close", {"userId": me}))
        if i in (0, 2, 5, 7, 8, 9):
            steps.append((f"{cid}/tags/{vip}", None))
    for path, body in steps:
        r = api.put(f"/v1/conversations/{path}", json=body)
        assert r.status_code in (200, 204), (path, r.text)
    # Three activity times for twelve conversations: the id breaks the ties on each page.
    harness.execute(
        "UPDATE conversations SET last_activity_at = 1000 + id % 3 WHERE org_id = :o",
        {"o": org.org_id},
    )
    monkeypatch.setattr(inbox, "PAGE", 2)
    truth = inbox_truth(harness, org.org_id, vip)
    views = {
        "unassigned": lambda c: c["state"] == "Open" and c["agent"] is None,
        "mine": lambda c: c["state"] != "Closed" and c["agent"] == me,
        "open": lambda c: c["state"] == "Open",
        "pending": lambda c: c["state"] == "Pending",
        "closed": lambda c: c["state"] == "Closed",
    }
    filters = {
        "": lambda c: True,
        f"&queue={alpha}": lambda c: c["queue"] == alpha,
        f"&tag={vip}": lambda c: c["tagged"],
        "&channel=WidgetChat": lambda c: c["channel"] == "WidgetChat",
        f"&assignee={me}": lambda c: c["agent"] == me,
        f"&queue={alpha}&tag={vip}": lambda c: c["queue"] == alpha and c["tagged"],
    }
    assert set(views) == set(inbox.VIEW_NAMES)
    walked = 0
    for view, rule in views.items():
        for query, keep in filters.items():
            expected = [c["id"] for c in truth if rule(c) and keep(c)]
            seen, pages = walk_inbox(agent, f"/?view={view}{query}")
            assert seen == expected, (view, query)
            assert pages == max(1, (len(expected) + 1) // 2), (view, query)
            walked += len(seen)
    assert walked > 40
    for view, rule in views.items():  # each view holds several pages of its own
        assert len([c for c in truth if rule(c)]) >= 2, view


def test_the_unassigned_count_per_queue(org: DeskOrg, agent: Browser) -> None:
    api = org.api
    alpha, beta = create_queue(api, "Alpha"), create_queue(api, "Beta")
    made = [email_conversation(api) for _ in range(5)]  # in the default queue
    for cid, queue in zip(made, (alpha, alpha, alpha, beta), strict=False):
        r = api.put(f"/v1/conversations/{cid}/transfer/queue", json={"queueId": queue})
        assert r.status_code in (200, 204), r.text
    shown = unassigned_by_queue(agent)
    assert [(q, name, n) for q, name, n in shown if q in (alpha, beta)] == [
        (alpha, "Alpha", 3), (beta, "Beta", 1)]  # fmt: skip
    assert [(name, n) for _q, name, n in shown] == [("Alpha", 3), ("Beta", 1),
                                                     ("Default queue", 1)]  # fmt: skip
    r = api.put(f"/v1/conversations/{made[0]}/claim", json={"agentId": org.agent_id})
    assert r.status_code == 204
    r = api.put(f"/v1/conversations/{made[3]}/close", json={"userId": org.agent_id})
    assert r.status_code == 204
    assert [(name, n) for _q, name, n in unassigned_by_queue(agent)] == [
        ("Alpha", 2), ("Default queue", 1)]  # fmt: skip
    page = agent.get("/").text
    assert 'data-count="unassigned">3<' in page and 'data-count="mine">1<' in page
    assert 'data-count="open">4<' in page and 'data-count="closed">1<' in page
    assert walk_inbox(agent, f"/?view=unassigned&queue={alpha}")[0] == [made[2], made[1]]
