"""The desk's endpoint administration sets an email address's queue through the endpoints
service: chosen when the address is created or later, cleared back to the default queue,
and an unknown queue refused with nothing changed; the inbox counts a new conversation of
that address in its queue. On both stores."""

from __future__ import annotations

import uuid

from fixtures.builders import create_queue, email_conversation
from fixtures.desk import Browser, DeskOrg, unassigned_by_queue

PAGE = "/admin/endpoints"


def test_an_email_endpoints_queue_is_set_in_the_desk(
    org: DeskOrg, admin: Browser, agent: Browser
) -> None:
    billing = create_queue(org.api, "Billing")
    sales = create_queue(org.api, "Sales")
    address = f"help-{uuid.uuid4().hex[:6]}@acme.example"
    form = {"kind": "EmailEndpoint", "address": address, "queue": billing}
    assert admin.post(PAGE, form, form_page=PAGE).status_code == 303
    read = f"/v1/contact-endpoints/{address}"
    assert org.api.get(read).json()["data"]["queueId"] == billing
    page = admin.get(PAGE).text
    assert f'<option value="{billing}" selected>Billing</option>' in page
    assert f'<option value="{sales}">Sales</option>' in page

    queue_url = f"{PAGE}/{address}/queue"
    assert admin.post(queue_url, {"queue": sales}, form_page=PAGE).status_code == 303
    assert org.api.get(read).json()["data"]["queueId"] == sales
    email_conversation(org.api, emailIntegrationId=address)
    assert unassigned_by_queue(admin) == [(sales, "Sales", 1)]  # the inbox counts it there
    r = admin.post(queue_url, {"queue": str(uuid.uuid4())}, form_page=PAGE)
    assert r.status_code == 400 and "not a queue of the organisation" in r.text
    assert org.api.get(read).json()["data"]["queueId"] == sales
    assert admin.post(queue_url, {"queue": ""}, form_page=PAGE).status_code == 303
    assert "queueId" not in org.api.get(read).json()["data"]
    assert agent.post(queue_url, {"queue": billing}, form_page="/").status_code == 403
    assert "queueId" not in org.api.get(read).json()["data"]
