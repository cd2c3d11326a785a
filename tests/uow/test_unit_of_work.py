"""The unit of work: what ``Ctx.record`` writes, and as whom."""

from __future__ import annotations

import json
from typing import Any

from conversation_engine_setup import add_agent, chat_conversation
from parley.kit.clock import now_ms
from parley.uow import Ctx


def test_record_writes_the_entry_and_its_event_at_now_by_the_acting_user(
    harness: Any, api: Any
) -> None:
    cid = chat_conversation(harness, api)
    other_id = add_agent(harness, api)
    at = now_ms() - 60_000

    async def run() -> None:
        async with harness.db.transaction() as tx:
            ctx = Ctx(tx, api.org.id, api.org.admin_user_id, None, harness.settings, at)
            await ctx.record(cid, "FollowupRemoved")
            await ctx.as_user(other_id).record(cid, "FollowupRemoved", {"note": "x"})
            await ctx.record(cid, "FollowupRemoved", author_id=None)

    harness.call(run)
    rows = harness.fetch(
        "SELECT author_id, activity_at, attributes FROM activity "
        "WHERE org_id = :o AND conversation_id = :c AND type = 'FollowupRemoved' ORDER BY seq",
        {"o": api.org.id, "c": cid},
    )
    assert [(r[0], int(r[1])) for r in rows] == [
        (api.org.admin_user_id, at),
        (other_id, at),
        (None, at),
    ]
    assert json.loads(rows[1][2]) == {"note": "x"}
    events = harness.fetch(
        "SELECT payload FROM events WHERE org_id = :o AND conversation_id = :c "
        "AND fqn = 'FOLLOWUP_REMOVED' ORDER BY seq",
        {"o": api.org.id, "c": cid},
    )
    authors = [json.loads(e[0])["data"]["author_id"] for e in events]
    assert authors == [api.org.admin_user_id, other_id, None]
