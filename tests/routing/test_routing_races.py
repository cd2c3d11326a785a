"""Routing racing an anonymization job (PostgreSQL, made deterministic with a held
transaction): the job closes and anonymizes the conversation while a routing request
waits; the request then answers ``400 The conversation is anonymized`` and writes
nothing, never reopening, reassigning or requeueing an anonymized conversation.

On SQLite every write transaction is exclusive, so a routing request never overlaps the
job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fixtures.builders import create_agent, create_queue, email_conversation
from fixtures.harness import Api, Harness
from fixtures.races import Background, HeldTransaction

ANONYMIZED = {"message": "The conversation is anonymized"}


def _later() -> str:
    at = datetime.now(UTC) + timedelta(hours=1)
    return at.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _body(api: Api, route: str) -> dict[str, Any] | None:
    if route == "claim":
        return {"agentId": create_agent(api)}
    if route == "transfer/queue":
        return {"queueId": create_queue(api)}
    if route == "followup":
        return {"timestamp": _later()}
    return None


def _row(harness: Harness, api: Api, cid: int) -> tuple[Any, ...]:
    rows = harness.fetch(
        "SELECT state, assigned_agent_id, queue_id, followup_until FROM conversations "
        "WHERE org_id = :o AND id = :c",
        {"o": api.org.id, "c": cid},
    )
    return tuple(rows[0])


def _activity(harness: Harness, api: Api, cid: int) -> list[str]:
    rows = harness.fetch(
        "SELECT type FROM activity WHERE org_id = :o AND conversation_id = :c ORDER BY seq",
        {"o": api.org.id, "c": cid},
    )
    return [r[0] for r in rows]


@pytest.mark.parametrize(
    ("route", "closed_before"),
    [
        ("reopen", True),
        ("reopen", False),
        ("close", False),
        ("claim", False),
        ("transfer/queue", False),
        ("followup", False),
    ],
)
def test_routing_waiting_on_the_anonymization_job_is_refused(
    harness: Harness, api: Api, route: str, closed_before: bool
) -> None:
    if harness.store != "postgres":
        pytest.skip("SQLite write transactions are exclusive: routing cannot overlap the job")
    cid = email_conversation(api)
    if closed_before:
        assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    else:  # a follow-up in progress: a reopen would make it Open
        r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": _later()})
        assert r.status_code == 204, r.text
    url, body = f"/v1/conversations/{cid}/{route}", _body(api, route)
    held = HeldTransaction(harness.settings.database_url)
    try:
        # What the job does in its transaction: lock the row, close it, anonymize it.
        held.execute(
            "SELECT 1 FROM conversations WHERE org_id = $1 AND id = $2 FOR UPDATE", api.org.id, cid
        )
        held.execute(
            "UPDATE conversations SET state = 'Closed', closed_at = 1, followup_until = NULL, "
            "last_queue_id = COALESCE(queue_id, last_queue_id), queue_id = NULL, "
            "queued_at = NULL, anonymized_at = 1 WHERE org_id = $1 AND id = $2",
            api.org.id,
            cid,
        )
        request = Background(lambda: api.put(url, json=body))
        held.wait_for_lock_waiter()
        before = _activity(harness, api, cid)  # the held transaction wrote none
        held.commit()
        r = request.result()
    finally:
        held.close()
    assert _row(harness, api, cid) == ("Closed", None, None, None)
    assert _activity(harness, api, cid) == before
    assert r.status_code == 400, r.text
    assert r.json() == ANONYMIZED
