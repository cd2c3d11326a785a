"""Changes made in the desk keep the analytics tallies equal to a fresh recomputation."""

from __future__ import annotations

from typing import Any

from fixtures.desk import Browser, DeskOrg, new_conversation
from fixtures.reads import tallies


def test_desk_changes_keep_tallies_equal(harness: Any, org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    tag = org.api.post("/v1/tags", json={"name": "vip"}).json()["data"]["id"]
    conv = f"/conversations/{cid}"
    assert agent.post(f"{conv}/claim").status_code == 303
    assert agent.post(f"{conv}/reply", {"text": "On it"}, form_page=conv).status_code == 303
    assert agent.post(f"{conv}/tags", {"tag": tag}).status_code == 303
    assert agent.post(f"{conv}/close").status_code == 303
    stored, fresh = tallies(harness, org.org_id)
    assert stored == fresh
    facts = {(r[1], r[3]) for r in stored if r[0] == "fact"}
    assert {
        ("created", cid),
        ("first_response", cid),
        ("closed", cid),
        ("assignment", cid),
    } <= facts
    assert any(r[0] == "hour" and r[2] == tag for r in stored)  # the per-tag hour rows
