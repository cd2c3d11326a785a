"""A mail that opens a conversation places it in its endpoint's queue, as
POST /v1/conversations does with that endpoint: the same events and activity as a mail to
an endpoint with no queue (the default queue), and the default queue again once the
endpoint's queue is gone. Real SMTP into the listener, on both stores."""

from __future__ import annotations

from typing import Any

from fixtures.builders import create_queue
from fixtures.endpoints import enqueued_payloads, put_queue, remove_queue
from fixtures.mail import Mail, conversations_of, message
from fixtures.reads import event_names, log_types


def test_new_mail_lands_in_the_endpoints_queue(mail: Mail, api: Any) -> None:
    billing = create_queue(api, "Billing")
    to, plain = mail.endpoint(api, "billing"), mail.endpoint(api)
    assert put_queue(api, to, billing).status_code == 200
    assert mail.send(message(to, sender="Ann <ann@customer.test>"), to) == {}
    assert mail.send(message(plain, sender="Bob <bob@customer.test>"), plain) == {}

    [queued] = conversations_of(api, "ann@customer.test")
    [default] = conversations_of(api, "bob@customer.test")
    assert queued["queue"]["id"] == billing and queued["state"] == "Open"
    assert default["queue"]["id"] == api.org.default_queue_id
    [payload] = enqueued_payloads(mail.harness, api.org.id, queued["id"])
    assert billing in payload
    org = api.org.id
    assert event_names(mail.harness, queued["id"], org) == (
        event_names(mail.harness, default["id"], org)
    )
    assert "CONVERSATION_ENQUEUED" in event_names(mail.harness, queued["id"], org)
    assert log_types(api, queued["id"]) == log_types(api, default["id"])
    [(status, _err, _size, cid, _raw)] = [r for r in mail.inbound(org) if r[3] == queued["id"]]
    assert (status, cid) == ("created", queued["id"])


def test_mail_falls_back_to_the_default_queue_when_the_queue_is_gone(mail: Mail, api: Any) -> None:
    gone = create_queue(api, "Gone")
    to = mail.endpoint(api)
    assert put_queue(api, to, gone).status_code == 200
    remove_queue(mail.harness, api.org.id, gone)
    assert mail.send(message(to), to) == {}
    [conv] = conversations_of(api, "carla@customer.test")
    assert conv["queue"]["id"] == api.org.default_queue_id
    assert [r[0] for r in mail.inbound(api.org.id)] == ["created"]
