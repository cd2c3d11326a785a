"""Webhook sinks, through a real server (the webhook sender posts over loopback to the
server itself), on both stores."""

from __future__ import annotations

import json

from fixtures.testkit import Served, conversation, httpx_post, sink_deliveries


def test_a_sink_receives_signed_deliveries_and_answers_as_told(served: Served) -> None:
    org = served.new_org("Sink")
    r = served.admin("POST", "/sinks")
    assert r.status_code == 201
    sink = r.json()["data"]
    assert sink["url"] == f"{served.base}/_parley/hooks/{sink['id']}"
    hook = {"name": "sink", "url": sink["url"], "events": ["ConversationCreated"]}
    assert served.as_org(org, "POST", "/v1/webhooks", json=hook).status_code == 201

    cid = conversation(served, org)
    assert sink_deliveries(served, org) == [("webhook.deliver", "done")]
    [got] = served.admin("GET", f"/sinks/{sink['id']}/received").json()["data"]
    assert got["signatureVerified"] is True
    assert got["headers"]["x-dixa-signature"].startswith("t=")
    assert json.loads(got["body"])["event_fqn"] == "CONVERSATION_CREATED"
    assert str(cid) in got["body"]

    # the next delivery is answered 503, so it is retried later
    r = served.admin("POST", f"/sinks/{sink['id']}/answers", json={"status": 503})
    assert r.status_code == 204
    conversation(served, org)
    assert sink_deliveries(served, org) == [("webhook.deliver", "pending")]
    received = served.admin("GET", f"/sinks/{sink['id']}/received").json()["data"]
    assert len(received) == 2

    # a forged signature is received but not verified
    r = httpx_post(sink["url"], b'{"x":1}', {"X-DIXA-SIGNATURE": "t=1,v1=00"})
    assert r.status_code == 200
    last = served.admin("GET", f"/sinks/{sink['id']}/received").json()["data"][-1]
    assert last["signatureVerified"] is False and last["body"] == '{"x":1}'

    assert served.admin("DELETE", f"/sinks/{sink['id']}").status_code == 204
    assert served.admin("GET", f"/sinks/{sink['id']}/received").status_code == 404
    assert httpx_post(sink["url"], b"{}", {}).status_code == 404


def test_other_loopback_urls_stay_refused(served: Served) -> None:
    org = served.new_org("Refused")
    hook = {"name": "local", "url": "http://127.0.0.1:9/hook", "events": ["ConversationCreated"]}
    r = served.as_org(org, "POST", "/v1/webhooks", json=hook)
    assert r.status_code == 201
    conversation(served, org)
    assert sink_deliveries(served, org) == [("webhook.deliver", "failed")]
    status = served.as_org(org, "GET", f"/v1/webhooks/{r.json()['data']['id']}/delivery-status")
    assert "non-public address" in status.text


def test_sink_errors(served: Served) -> None:
    assert served.admin("GET", "/sinks/nope/received").status_code == 404
    sink = served.admin("POST", "/sinks").json()["data"]
    for body in ({"status": 99}, {"status": 503, "count": 0}):
        r = served.admin("POST", f"/sinks/{sink['id']}/answers", json=body)
        assert r.status_code == 400, r.text
    org = served.new_org("No admin")
    assert served.as_org(org, "POST", "/_parley/sinks").status_code == 401
