"""An email endpoint's queue (Parley extension): set when created or through
``PUT /v1/contact-endpoints/{id}/queue``, checked (400), and followed by the
conversations POST /v1/conversations creates with that endpoint, the default queue when
none is set or the queue is gone. On both stores."""

from __future__ import annotations

import uuid

from fixtures.builders import create_queue, email_conversation, email_endpoint, phone_endpoint
from fixtures.endpoints import email_endpoint as endpoint_body
from fixtures.endpoints import enqueued_payloads, put_queue, remove_queue
from fixtures.harness import Api, Harness
from fixtures.reads import event_names


def test_queue_is_set_read_and_cleared(api: Api) -> None:
    billing = create_queue(api, "Billing")
    address = f"billing-{uuid.uuid4().hex[:8]}@acme.example"
    r = api.post("/v1/contact-endpoints", json=endpoint_body(address=address, queueId=billing))
    assert r.status_code == 201, r.text
    assert r.json()["data"]["queueId"] == billing
    assert api.get(f"/v1/contact-endpoints/{address}").json()["data"]["queueId"] == billing

    other = email_endpoint(api)
    assert "queueId" not in api.get(f"/v1/contact-endpoints/{other}").json()["data"]
    r = put_queue(api, other, billing)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"_type": "EmailEndpoint", "address": other, "queueId": billing}
    listed = {e["address"]: e for e in api.get("/v1/contact-endpoints").json()["data"]}
    assert listed[other]["queueId"] == billing == listed[address]["queueId"]

    r = put_queue(api, other, None)
    assert r.status_code == 200, r.text
    assert "queueId" not in api.get(f"/v1/contact-endpoints/{other}").json()["data"]


def test_unknown_queue_or_endpoint_is_refused_and_nothing_changes(
    harness: Harness, api: Api
) -> None:
    billing = create_queue(api, "Billing")
    address = email_endpoint(api)
    assert put_queue(api, address, billing).status_code == 200
    foreign = create_queue(harness.api("Other org"), "Theirs")
    for bad in (str(uuid.uuid4()), "not-a-uuid", foreign):
        r = put_queue(api, address, bad)
        assert r.status_code == 400, r.text
        assert r.json()["message"].startswith("Invalid value for: body")
        assert "not a queue of the organisation" in r.json()["message"]
        body = endpoint_body(address=f"x-{uuid.uuid4().hex[:6]}@acme.example", queueId=bad)
        assert api.post("/v1/contact-endpoints", json=body).status_code == 400
    assert api.get(f"/v1/contact-endpoints/{address}").json()["data"]["queueId"] == billing
    assert len(api.get("/v1/contact-endpoints").json()["data"]) == 1
    assert put_queue(api, "nobody@acme.example", billing).status_code == 404
    r = put_queue(api, phone_endpoint(api), billing)
    assert r.status_code == 400 and "only an email endpoint" in r.json()["message"]
    assert api.put(f"/v1/contact-endpoints/{address}/queue", json={}).status_code == 400


def test_created_conversation_is_queued_in_the_endpoints_queue(harness: Harness, api: Api) -> None:
    billing = create_queue(api, "Billing")
    address = email_endpoint(api)
    assert put_queue(api, address, billing).status_code == 200
    for kind in ("Email", "ContactForm"):
        cid = email_conversation(api, emailIntegrationId=address, _type=kind)
        conv = api.get(f"/v1/conversations/{cid}").json()["data"]
        assert conv["queue"]["id"] == billing
        [payload] = enqueued_payloads(harness, api.org.id, cid)
        assert billing in payload
        assert event_names(harness, cid, api.org.id) == [
            "CONVERSATION_CREATED",
            "CONVERSATION_ENQUEUED",
            "CONVERSATION_MESSAGE_ADDED",
        ]
    plain = email_conversation(api)
    assert api.get(f"/v1/conversations/{plain}").json()["data"]["queue"]["id"] == (
        api.org.default_queue_id
    )


def test_a_removed_queue_falls_back_to_the_default_queue(harness: Harness, api: Api) -> None:
    gone = create_queue(api, "Gone")
    address = email_endpoint(api)
    assert put_queue(api, address, gone).status_code == 200
    remove_queue(harness, api.org.id, gone)
    cid = email_conversation(api, emailIntegrationId=address)
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["queue"]["id"] == api.org.default_queue_id
    assert put_queue(api, address, gone).status_code == 400
