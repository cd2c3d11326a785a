"""Routing racing an anonymization job (PostgreSQL, made deterministic with a held
transaction): the job closes and anonymizes the conversation while a routing request
waits; the request then answers ``400 The conversation is anonymized`` and writes
nothing, never reopening, reassigning or requeueing an anonymized conversation.

On SQLite every write transaction is exclusive, so a routing request never overlaps the
job."""

from __future__ import annotations

import pytest

from fixtures.builders import email_conversation
from fixtures.harness import Api, Harness
from fixtures.races import Background, HeldTransaction
from fixtures.routing import later_iso, route_body, routing_activity, routing_row

ANONYMIZED = {"message": "The conversation is anonymized"}


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
        r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": later_iso()})
        assert r.status_code == 204, r.text
    url, body = f"/v1/conversations/{cid}/{route}", route_body(api, route)
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
        before = routing_activity(harness, api, cid)  # the held transaction wrote none
        held.commit()
        r = request.result()
    finally:
        held.close()
    assert routing_row(harness, api, cid) == ("Closed", None, None, None)
    assert routing_activity(harness, api, cid) == before
    assert r.status_code == 400, r.text
    assert r.json() == ANONYMIZED
