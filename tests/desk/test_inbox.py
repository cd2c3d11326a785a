"""The inbox: views with counts, filters, keyset paging and search with highlights."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fixtures.desk import Browser, DeskOrg, conversation_ids, new_conversation
from parley.desk import inbox


def test_views_counts_and_newest_activity_first(org: DeskOrg, agent: Browser) -> None:
    first = new_conversation(org.api)
    second = new_conversation(org.api)
    page = agent.get("/")
    assert page.status_code == 200
    assert conversation_ids(page.text)[:2] == [second, first]
    assert 'data-count="unassigned">2<' in page.text
    assert 'data-count="mine">0<' in page.text
    r = agent.post(f"/conversations/{first}/note", {"text": "bump"})
    assert r.status_code == 303
    assert conversation_ids(agent.get("/?view=open").text)[:2] == [first, second]
    agent.post(f"/conversations/{first}/claim")
    page = agent.get("/?view=mine")
    assert conversation_ids(page.text) == [first]
    assert re.search(r'<span class="chip">Email</span>\s*<span class="chip state">Open</span>'
                     r'\s*<span class="assignee">Agent Smith</span>', page.text)  # fmt: skip
    assert 'data-count="mine">1<' in page.text and 'data-count="unassigned">1<' in page.text
    agent.post(f"/conversations/{first}/close")
    assert conversation_ids(agent.get("/?view=closed").text) == [first]
    assert conversation_ids(agent.get("/?view=pending").text) == []
    row = agent.get("/?view=unassigned").text
    assert "Carla Customer" in row and "Where is my parcel?" in row and "Email" in row
    assert re.search(r'<span class="chip state">Open</span>\s*<span class="assignee">'
                     r"Unassigned \S+", row)  # fmt: skip
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+Z" data-relative>', row)


def test_filters(org: DeskOrg, agent: Browser) -> None:
    a = new_conversation(org.api)
    b = new_conversation(org.api)
    queue = org.api.post("/v1/queues", json={"name": "Billing"}).json()["data"]["id"]
    agent.post(f"/conversations/{a}/transfer", {"queue": queue})
    assert conversation_ids(agent.get(f"/?view=open&queue={queue}").text) == [a]
    assert conversation_ids(agent.get("/?view=open&channel=Sms").text) == []
    assert set(conversation_ids(agent.get("/?view=open&channel=Email").text)) == {a, b}
    agent.post(f"/conversations/{b}/claim")
    assert conversation_ids(agent.get(f"/?view=open&assignee={org.agent_id}").text) == [b]


def test_keyset_paging(
    org: DeskOrg, agent: Browser, harness: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [new_conversation(org.api) for _ in range(3)]
    # The same activity time for all: the id breaks the tie.
    harness.execute(
        "UPDATE conversations SET last_activity_at = 1000 WHERE org_id = :o", {"o": org.org_id}
    )
    monkeypatch.setattr(inbox, "PAGE", 2)
    seen: list[int] = []
    pages = 0
    url = "/?view=open"
    while url:
        page = agent.get(url)
        pages += 1
        seen += conversation_ids(page.text)
        found = re.search(r'class="next" href="([^"]+)"', page.text)
        url = found.group(1).replace("&amp;", "&") if found else ""
    assert seen == sorted(made, reverse=True) and pages == 2


def test_bad_view_is_400(agent: Browser) -> None:
    r = agent.get("/?view=everything")
    assert r.status_code == 400


def test_search_shows_highlights(org: DeskOrg, agent: Browser) -> None:
    hit = new_conversation(org.api, text="The blender <arrived> broken, zebra pattern")
    new_conversation(org.api, text="Nothing to see")
    page = agent.get("/?q=zebra")
    assert page.status_code == 200
    assert conversation_ids(page.text) == [hit]
    assert "<mark>zebra</mark>" in page.text
    assert "&lt;arrived&gt;" in page.text and "<arrived>" not in page.text


def test_search_keeps_the_view_and_the_filters(org: DeskOrg, agent: Browser) -> None:
    a = new_conversation(org.api, text="zebra one")
    b = new_conversation(org.api, text="zebra two")
    c = new_conversation(org.api, text="zebra three")
    new_conversation(org.api, text="no stripes here")
    queue = org.api.post("/v1/queues", json={"name": "Billing"}).json()["data"]["id"]
    agent.post(f"/conversations/{a}/claim")
    agent.post(f"/conversations/{b}/transfer", {"queue": queue})
    agent.post(f"/conversations/{c}/close")
    assert set(conversation_ids(agent.get("/?view=open&q=zebra").text)) == {a, b}
    assert set(conversation_ids(agent.get("/?view=unassigned&q=zebra").text)) == {b}
    assert conversation_ids(agent.get("/?view=mine&q=zebra").text) == [a]
    assert conversation_ids(agent.get("/?view=closed&q=zebra").text) == [c]
    assert conversation_ids(agent.get(f"/?view=open&queue={queue}&q=zebra").text) == [b]
    assert conversation_ids(agent.get(f"/?view=open&assignee={org.agent_id}&q=zebra").text) == [a]
    assert conversation_ids(agent.get("/?view=open&channel=Sms&q=zebra").text) == []
    page = agent.get(f"/?view=open&queue={queue}&q=zebra").text
    assert f'name="queue" value="{queue}"' in page  # the search box keeps the filter
    assert 'type="hidden" name="q" value="zebra"' in page  # and the filters the search
